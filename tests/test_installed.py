"""The installed `usjp` command, run as a user would: from another directory, into pipes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ustojapan_cli
from hostile_args import Arg, arg_lists
from ustojapan_cli.resources import data_dir

BIN = Path(sys.executable).parent
USJP = BIN / "usjp"


def usjp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(USJP), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    return tmp_path


def test_main_job_from_another_directory(elsewhere: Path) -> None:
    r = usjp("events", "--actor", "Kamikawa", cwd=elsewhere)
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 25  # header + 24 events
    assert "\x1b[" not in r.stdout  # no colour into a pipe


def test_python_dash_m_does_the_same(elsewhere: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "ustojapan_cli", "events", "--actor", "Kamikawa"],
                       cwd=elsewhere, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 25


def test_bundled_data_travels_with_the_package() -> None:
    package = Path(ustojapan_cli.__file__).parent
    repo_src = Path(__file__).resolve().parents[1] / "src"
    if package.resolve().is_relative_to(repo_src):
        pytest.skip("an editable install reads the repository's data/")
    assert data_dir() == package / "data"
    assert (package / "data" / "actors.toml").is_file()


def test_bad_input_from_the_shell_is_one_line_and_exit_2(elsewhere: Path) -> None:
    r = usjp("events", "--actor", "Nobody At All", cwd=elsewhere)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("usjp: unknown actor")


def test_a_closed_pipe_ends_quietly(elsewhere: Path) -> None:
    r = subprocess.run(f"'{USJP}' events --json | head -1", shell=True, cwd=elsewhere,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.stdout == "[\n"
    assert r.stderr == ""


def test_timeline_and_network_render_from_the_installed_command(elsewhere: Path) -> None:
    bars = usjp("timeline", "--by", "month", cwd=elsewhere)
    assert bars.returncode == 0 and [line.split()[0] for line in bars.stdout.splitlines()] == [
        "2023-09", "2023-10", "2023-11", "2023-12"]
    svg = usjp("timeline", "--by", "actor", "--svg", "actors.svg", cwd=elsewhere)
    assert svg.returncode == 0 and (elsewhere / "actors.svg").read_text().startswith("<?xml")
    net = usjp("network", "--by", "country", "--dot", cwd=elsewhere)
    assert net.returncode == 0 and '"JP" -- "US"' in net.stdout

# --- nothing a user types makes it crash: generated argument lists ---------------------------

def run_args(args: list[Arg], cwd: Path) -> tuple[list[Arg], subprocess.CompletedProcess[bytes]]:
    return args, subprocess.run([str(USJP), *args], cwd=cwd, capture_output=True, timeout=60, check=False)


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(arg_lists, min_size=6, max_size=6))
def test_generated_command_lines_never_crash(tmp_path: Path, batch: list[list[Arg]]) -> None:
    """Exit 0, 1 or 2; on 2 one line on stderr; never a traceback, never a raw escape sequence.

    One batch of six command lines, run in parallel (each start of `usjp` costs most of a
    second); test_cli_bad_input.py runs the same generator in-process for many more.
    """
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # the batch runs in parallel
        results = list(pool.map(lambda a: run_args(a, tmp_path), batch))
    for args, r in results:
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode in (0, 1, 2), (args, r.returncode, err[-2000:])
        assert "Traceback" not in err and "Exception ignored" not in err, (args, err)
        assert b"\x1b" not in r.stderr, (args, err)
        if r.returncode == 2:
            assert err.count("\n") == 1 and err.startswith("usjp: "), (args, err)


# --- pipes closed early, bugs ----------------------------------------------------------------

def big_chronology(folder: Path, entries: int = 1500) -> Path:
    """A chronology of `entries` one-line entries: far more output than a pipe holds."""
    lines = ["Chronology of US-Japan Relations", "January 2020 - December 2020", ""]
    for i in range(entries):
        month, day = i // 125 + 1, i % 25 + 1
        lines.append(f"{dt.date(2020, month, day):%b}. {day}, 2020: Kishida and Biden meet in Tokyo ({i}).")
    path = folder / "big.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(("program", "command"), [
    ("usjp", "export --csv"),
    ("usjp", "events"),
    # Output larger than a pipe's buffer, so `usjp` is still writing when head exits.
    ("big", "export --csv"),
    ("big", "events --json"),
])
def test_head_closes_the_pipe_quietly(elsewhere: Path, program: str, command: str) -> None:
    source = f" --source '{big_chronology(elsewhere)}'" if program == "big" else ""
    r = subprocess.run(f"'{USJP}' {command}{source} | head -1", shell=True, cwd=elsewhere,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.stdout.count("\n") == 1
    assert r.stderr == ""


def test_a_bug_shows_a_traceback_without_local_variables(elsewhere: Path) -> None:
    code = """
import ustojapan_cli.cli as cli
def selected(filters, sources):
    password = "hunter2-local-secret"
    raise RuntimeError("a bug")
cli.selected = selected
cli.main()
"""
    r = subprocess.run([sys.executable, "-c", code, "events", "--text", "typed-value-secret"], cwd=elsewhere,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 70
    assert "RuntimeError: a bug" in r.stderr
    assert r.stderr.splitlines()[-1] == ("usjp: internal error: this is a bug in usjp; "
                                         "please report it with the lines above")
    assert "hunter2-local-secret" not in r.stderr and "typed-value-secret" not in r.stderr


def test_an_output_encoding_without_the_characters_is_one_line(elsewhere: Path) -> None:
    r = subprocess.run([str(USJP), "events", "--actor", "Kamikawa", "--json"], cwd=elsewhere, capture_output=True,
                       text=True, timeout=60, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("usjp: the output holds '") and r.stderr.count("\n") == 1
    assert r.stderr.endswith("which ascii cannot encode; set PYTHONIOENCODING=utf-8, or write a file with -o\n")


SLOW_DISK = """
import os, sys, time
from pathlib import Path
marker = Path(sys.argv.pop(1))
def slow_fsync(fd):  # the data is in the temporary file; the disk takes its time
    marker.touch()
    time.sleep(30)
os.fsync = slow_fsync
from ustojapan_cli.cli import main
main()
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_ctrl_c_while_writing_keeps_the_old_file(tmp_path: Path) -> None:
    out, marker = tmp_path / "out", tmp_path / "writing"
    out.mkdir()
    target = out / "events.csv"
    target.write_text("old contents\n")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_DISK, str(marker), "export", "-o", str(target), "--force"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), proc.communicate(timeout=5)
        assert len(os.listdir(out)) == 2  # the old file, and the temporary one being written
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == "usjp: interrupted\n"
    assert target.read_text() == "old contents\n"
    assert os.listdir(out) == ["events.csv"]  # the temporary file is gone


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc)."""
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(k) for k in found.read_text().split()] if found.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="Linux's /proc lists a process's children")
def test_ctrl_c_during_a_parallel_build_stops_every_process_and_leaves_no_store(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import gen

    source, cache = tmp_path / "archive.txt", tmp_path / "cache"
    gen.write(6000, source, as_dir=False, seed=5, first_year=2000, csv_path=None, jsonl_path=None)
    env = os.environ | {"XDG_CACHE_HOME": str(cache), "USJP_WORKERS": "2"}
    # a new session: Ctrl-C at a terminal goes to the whole foreground group, workers included
    proc = subprocess.Popen([str(USJP), "count", "--source", str(source)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        for _ in range(600):  # until the workers are forked
            kids = children(proc.pid)
            if len(kids) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert len(kids) >= 2, proc.communicate(timeout=5)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert (proc.returncode, err) == (130, "usjp: interrupted\n")
    assert [p.name for p in (cache / "usjp").iterdir()] == ["files.sqlite"]  # no store, no temporary file
    time.sleep(0.5)
    assert not [k for k in kids if Path(f"/proc/{k}").exists()]  # the workers are gone too
