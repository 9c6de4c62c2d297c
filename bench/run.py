"""Time `usjp` against the floor and other tools on the same data, side by side in one run.

    python bench/run.py --sizes 61,10000 --runs 5
    python bench/run.py --sizes 100000,1000000 --runs 3 --out bench/results-large.md

For each size: the data (61 = the bundled seed; otherwise `gen.py`'s chronology and its CSV
and JSON Lines), then every command once per round, round after round (so the machine's load
falls on all alike), and the median wall time and peak memory (the child's maximum resident set,
from wait4) of each. `usjp` runs through the installed command with `--source FILE`.
Its first query runs with an empty cache (cold: reads and parses everything); the rounds after
that reuse the store. Tools that are not installed are skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
MINIMAL_APP = """import typer
app = typer.Typer()
@app.command()
def main(name: str = typer.Option("x", "--name")) -> None:
    print(name)
app()
"""
DUCKDB_GREP = ("import duckdb, sys; duckdb.sql(f\"COPY (SELECT * FROM read_csv('{sys.argv[1]}', all_varchar=true) "
               "WHERE actors LIKE '%Kamikawa%') TO '/dev/stdout' (HEADER)\")")
DUCKDB_MONTH = ("import duckdb, sys; duckdb.sql(f\"COPY (SELECT substr(start, 1, 7) AS month, count(*) AS events "
                "FROM read_csv('{sys.argv[1]}', all_varchar=true) GROUP BY month ORDER BY month) TO '/dev/stdout' "
                "(HEADER)\")")


@dataclass
class Command:
    """One command line to time, and what it measured."""

    label: str
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    sample: bool = False  # also sample the memory of the whole process tree (worker processes too)
    tree_kb: list[int] = field(default_factory=list)

    def run(self, env: dict[str, str]) -> int:
        """Run once, output to /dev/null; record wall time and peak memory; the exit status."""
        start = time.perf_counter()
        child = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        tree = 0
        while self.sample:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree = max(tree, tree_pss_kb(child.pid))
            time.sleep(0.05)
        else:
            _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        self.seconds.append(time.perf_counter() - start)
        self.peak_kb.append(usage.ru_maxrss)
        self.tree_kb.append(tree)
        return child.returncode

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def tree_pss_kb(pid: int) -> int:
    """The proportional set size of a process and its descendants, summed (Linux): memory shared
    by forked workers counts once in all."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            total = next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            kids = [int(k) for k in fh.read().split()]
    except (OSError, ValueError):
        return total
    return total + sum(tree_pss_kb(k) for k in kids)


def prepare(size: int, work: Path, as_dir: bool = False, pairs: int = 1) -> tuple[Path, Path, Path]:
    """The chronology (a file, or with `as_dir` a directory of `pairs` files a period), CSV and
    JSON Lines of `size` entries (61: the seed, exported by usjp)."""
    folder = work / (f"{size}-dir{pairs}" if as_dir else str(size))
    txt = folder / ("chronology" if as_dir else "chronology.txt")
    csv_, jsonl = folder / "events.csv", folder / "events.jsonl"
    if txt.exists() and csv_.exists() and jsonl.exists():
        return txt, csv_, jsonl
    folder.mkdir(parents=True, exist_ok=True)
    if size == 61:
        sys.path.insert(0, str(ROOT / "src"))
        from ustojapan_cli.resources import SEED_NAME, data_path

        shutil.copy(data_path(SEED_NAME), txt)
        for flag, path in (("--csv", csv_), ("--jsonl", jsonl)):
            path.write_text(subprocess.run(["usjp", "export", flag], capture_output=True, text=True,
                                           check=True).stdout, encoding="utf-8")
    else:
        subprocess.run([PY, str(BENCH / "gen.py"), str(size), "-o", str(txt), "--csv", str(csv_),
                        "--jsonl", str(jsonl), *(["--dir", "--pairs", str(pairs)] if as_dir else [])], check=True,
                       stdout=subprocess.DEVNULL)
    return txt, csv_, jsonl


def commands(size: int, txt: Path, csv_: Path, jsonl: Path, work: Path, notes: list[str]) -> list[Command]:
    """What to time at one size: the floor, usjp, and each other tool that is installed."""
    app = work / "minimal_typer_app.py"
    app.write_text(MINIMAL_APP, encoding="utf-8")
    out = [Command("python -c pass", [PY, "-c", "pass"]),
           Command("minimal Typer app, one option", [PY, str(app), "--name", "a"])]
    out += [Command("usjp events --actor Kamikawa --csv --source F",
                    ["usjp", "events", "--actor", "Kamikawa", "--csv", "--source", str(txt)]),
            Command("usjp count --by month --csv --source F",
                    ["usjp", "count", "--by", "month", "--csv", "--source", str(txt)])]
    if shutil.which("csvgrep"):
        out.append(Command("csvgrep -c actors -r Kamikawa", ["csvgrep", "-c", "actors", "-r", "Kamikawa", str(csv_)]))
    else:
        notes.append("csvkit not installed: csvgrep skipped (pip install csvkit)")
    if shutil.which("jq"):
        out += [Command("jq select(.actors|test(Kamikawa)) on JSONL",
                        ["jq", "-c", 'select(.actors | test("Kamikawa"))', str(jsonl)]),
                Command("jq count by month on JSONL",
                        ["jq", "-n", "reduce inputs as $e ({}; .[$e.start[:7]] += 1)", str(jsonl)])]
    else:
        notes.append("jq not installed: skipped (apt-get install jq)")
    if shutil.which("duckdb"):
        out += [Command("duckdb CLI: grep", ["duckdb", "-c", DUCKDB_GREP.split('f"', 1)[1].rsplit('"', 1)[0]
                                             .replace("{sys.argv[1]}", str(csv_))])]
    elif subprocess.run([PY, "-c", "import duckdb"], capture_output=True).returncode == 0:
        notes.append("no DuckDB CLI: the duckdb Python package instead (Python start-up and import included)")
        out += [Command("duckdb (Python) grep on CSV", [PY, "-c", DUCKDB_GREP, str(csv_)]),
                Command("duckdb (Python) count by month on CSV", [PY, "-c", DUCKDB_MONTH, str(csv_)])]
    else:
        notes.append("DuckDB not installed: skipped (pip install duckdb)")
    return out


def bench_size(size: int, runs: int, work: Path, as_dir: bool = False, pairs: int = 1, cold_runs: int = 1) -> str:
    """Time everything at one size; the results as a Markdown section."""
    txt, csv_, jsonl = prepare(size, work, as_dir and size != 61, pairs)
    notes: list[str] = []
    cmds = commands(size, txt, csv_, jsonl, work, notes)
    cache = work / "cache"
    env = os.environ | {"XDG_CACHE_HOME": str(cache)}
    shutil.rmtree(cache, ignore_errors=True)
    query = next(c for c in cmds if "--source" in c.label)  # the first to use the store
    # the first query (nothing cached), with the workers usjp chooses and, side by side, in one process
    cold_rows = [Command(query.label + " (first query, cold)", query.argv, sample=True)]
    if size != 61:
        cold_rows.append(Command(query.label + " (first query, cold, USJP_WORKERS=0)", query.argv, sample=True))
    for _ in range(cold_runs):
        for first in cold_rows:
            shutil.rmtree(cache, ignore_errors=True)
            first.run(env | ({"USJP_WORKERS": "0"} if "WORKERS=0" in first.label else {}))
    for _ in range(runs):
        for c in cmds:
            c.run(env)
    shape = "one file per 4-month period" if pairs == 1 else f"{pairs} files per 4-month period"
    what = f"{size:,} entries" + (f", a directory of {shape}" if as_dir and size != 61 else "")
    return table(what, [*cold_rows, *cmds], notes)


def table(what: str, cmds: list[Command], notes: list[str]) -> str:
    """A Markdown table: median, peak memory, and ratios to csvgrep and the minimal app."""
    by = {c.label: c for c in cmds}
    grep = next((c for c in cmds if c.label.startswith("csvgrep")), None)
    app = by.get("minimal Typer app, one option")
    lines = [f"### {what}", "",
             "| command | median | peak RSS | vs csvgrep | vs minimal app |", "|---|---:|---:|---:|---:|"]
    for c in cmds:
        ratio_grep = f"{c.median / grep.median:.2f}x" if grep else "-"
        ratio_app = f"{c.median / app.median:.2f}x" if app else "-"
        runs = f" (n={len(c.seconds)})" if len(c.seconds) > 1 else ""
        tree = f" ({max(c.tree_kb) / 1024:.0f} MB all processes)" if c.sample and max(c.tree_kb) else ""
        lines.append(f"| {c.label}{runs} | {fmt(c.median)} | {max(c.peak_kb) / 1024:.0f} MB{tree} | {ratio_grep} | "
                     f"{ratio_app} |")
    lines += [""] + [f"- {n}" for n in notes]
    if any(c.sample for c in cmds):
        lines.append("- peak RSS: the largest process's maximum resident set; all processes: the peak of the sum "
                     "of their proportional set sizes (shared pages counted once), sampled every 50 ms")
    return "\n".join(lines) + "\n"


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def machine() -> str:
    """A line on the machine and the versions measured."""
    cpu = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = subprocess.run([PY, "-c", "import typer, pydantic, sqlite3; print(f'Typer {typer.__version__}, "
                               "Pydantic {pydantic.VERSION}, SQLite {sqlite3.sqlite_version}')"],
                              capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM; "
            f"Python {platform.python_version()}; {versions}; load average {load:.1f} at the start")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="61,10000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=5, help="rounds (the median is reported)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/usjp-bench"))
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    parser.add_argument("--dir", action="store_true", help="usjp reads a directory of one file a period")
    parser.add_argument("--pairs", type=int, default=1, help="with --dir: files a period (gen.py --pairs)")
    parser.add_argument("--cold-runs", type=int, default=1, help="first queries, each from an empty cache")
    parser.add_argument("--snapshot", action="store_true",
                        help="run usjp from a copy of src/ and data/ (edits during a long run change nothing)")
    args = parser.parse_args()
    # the tools installed beside this Python (usjp, csvgrep) come first, as in its virtual environment
    os.environ["PATH"] = f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    if args.snapshot:
        snap = args.work / "snapshot"
        shutil.rmtree(snap, ignore_errors=True)
        for part in ("src", "data"):
            shutil.copytree(ROOT / part, snap / part, ignore=shutil.ignore_patterns("__pycache__"))
        os.environ["PYTHONPATH"] = str(snap / "src")  # before the editable install on sys.path
    # Byte-compiled, as an installed wheel is (pip compiles it): with PYTHONDONTWRITEBYTECODE set,
    # an editable install would otherwise compile every module of usjp on every run.
    code = (args.work / "snapshot" / "src") if args.snapshot else ROOT / "src"
    subprocess.run([PY, "-m", "compileall", "-q", str(code)], check=True)
    parts = [f"Machine: {machine()}", ""]
    for size in (int(s) for s in args.sizes.split(",")):
        section = bench_size(size, args.runs, args.work, args.dir, args.pairs, args.cold_runs)
        print(section, flush=True)
        parts.append(section)
    if args.out:
        args.out.write_text("\n".join(parts), encoding="utf-8")
    print(parts[0])


if __name__ == "__main__":
    main()
