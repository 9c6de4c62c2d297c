"""Start-up guard: a plain run imports only what it uses (`usjp` runs in shell loops and on every TAB).

Each case runs `usjp` in a fresh interpreter and lists the modules it imported. What may not be
imported, and why:
- rich, markdown_it, pygments: only for a table or chart on a terminal (render.py), and --help;
- dateutil, and dates.py (whose patterns take a while to compile): only for dates typed by users
  ("--since 'November 14, 2023'");
- hashlib: it loads OpenSSL, and the store's key needs only a few short digests (store.py);
- dataclasses: a frozen dataclass takes ~1 ms to create; the records of a query are NamedTuples;
- tempfile: only to write a file (files.write_atomic) or build a store;
- the parser and the models: a query whose store is built (every query but the first on a
  source) is answered from SQLite, and CSV/TSV are written from the stored rows;
- the writers and modules of other commands (calendars, charts, passages, citation, roster).
Not listed because a dependency imports them whatever we do: pydantic.json_schema and
importlib.metadata (pydantic, to build any model and to look for plugins), difflib (typer.core).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from typer.models import CommandInfo, TyperInfo

HARNESS = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("MODULES " + " ".join(sorted(sys.modules)) + "\\n"))
sys.argv = ["usjp", *sys.argv[1:]]
from ustojapan_cli.cli import main
main()
"""

NEVER = ("rich", "markdown_it", "pygments", "ustojapan_cli.render", "ustojapan_cli.calendars",
         "ustojapan_cli.charts", "ustojapan_cli.passages", "ustojapan_cli.citation", "ustojapan_cli.roster")


def imported(*args: str) -> set[str]:
    """The modules a run of `usjp ARGS` imported, top-level names and submodules."""
    done = subprocess.run([sys.executable, "-c", HARNESS, *args], capture_output=True, text=True, timeout=60)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def roots(modules: set[str]) -> set[str]:
    return modules | {m.split(".")[0] for m in modules}


PARSER = ("ustojapan_cli.chronology", "ustojapan_cli.people", "ustojapan_cli.resolve", "ustojapan_cli.classify",
          "ustojapan_cli.lexicon", "ustojapan_cli.models", "ustojapan_cli.progress")


# hashlib, unless this Python has no SHA-256 of its own
OPENSSL = {"hashlib"} if any(importlib.util.find_spec(m) for m in ("_sha256", "_sha2")) else set()


@pytest.mark.parametrize("args", [("events", "--actor", "Kamikawa", "--csv"), ("events", "--tsv"),
                                  ("count", "--by", "month", "--csv")])
def test_a_plain_query_imports_no_terminal_parser_or_models(args: tuple[str, ...]) -> None:
    imported(*args)  # the first query on a source builds its store
    loaded = roots(imported(*args))
    assert loaded & {*NEVER, *PARSER, "dateutil", "ustojapan_cli.dates", *OPENSSL, "dataclasses", "tempfile"} == set()


def test_a_run_builds_only_the_command_it_runs() -> None:
    from typer.main import get_command
    from typer.testing import CliRunner

    from ustojapan_cli.cli import Commands, app, lazy

    usjp = lazy(app)
    commands = get_command(usjp).commands  # shared by every run of `usjp`
    assert isinstance(commands, Commands)
    assert CliRunner().invoke(usjp, ["events", "--actor", "Kamikawa", "--csv"]).exit_code == 0
    assert {name for name, c in commands.entries.items() if not isinstance(c, (CommandInfo, TyperInfo))} == {"events"}
    assert list(commands) == [*(c.name or c.callback.__name__ for c in app.registered_commands if c.callback), "cache"]


def test_cache_info_does_not_load_the_parser() -> None:
    loaded = roots(imported("cache", "info"))
    parser = {"ustojapan_cli.chronology", "ustojapan_cli.people", "ustojapan_cli.resolve",
              "ustojapan_cli.classify", "ustojapan_cli.actors", "dateutil"}
    assert loaded & (parser | set(NEVER)) == set()


def test_a_query_answered_by_the_store_builds_no_models(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from ustojapan_cli import cli, store
from ustojapan_cli.query import Query, find_actor
from ustojapan_cli.resources import SEED_NAME, data_path
from ustojapan_cli.analysis import GroupBy
from ustojapan_cli.export import GRID_WRITERS, Output
sources, cache = [data_path(SEED_NAME)], Path({str(tmp_path)!r})
if sys.argv[1] == "build":
    from ustojapan_cli.chronology import open_reader
    store.cached(sources, open_reader, cache).close()
else:
    db = store.Store.open(sources, cache)
    query = Query(actors=(find_actor("Kamikawa", db.people()).id,))
    GRID_WRITERS[Output.CSV](db.rows(query))
    db.count_by(query, GroupBy.MONTH)
    print(" ".join(sorted(set(sys.modules))))
"""
    subprocess.run([sys.executable, "-c", code, "build"], check=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", code, "query"], capture_output=True, text=True, check=True,
                          timeout=60)
    loaded = roots(set(done.stdout.split()))
    assert loaded & {"pydantic", "ustojapan_cli.models", "ustojapan_cli.chronology", "dateutil", "rich"} == set()


def test_the_usjp_command_freezes_what_its_imports_made() -> None:
    # Regression guard for the start-up: the collections that Typer's import sets off, and the full
    # one at exit, took about a fifth of a plain query's run before `ustojapan_cli.run` froze those objects.
    code = """
import atexit, gc, sys
atexit.register(lambda: sys.stderr.write(f"GC {gc.isenabled()} {gc.get_freeze_count()}\\n"))
sys.argv = ["usjp", "--version"]
from ustojapan_cli import run
run()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("usjp ")
    enabled, frozen = next(x for x in done.stderr.splitlines() if x.startswith("GC ")).split()[1:]
    assert enabled == "True" and int(frozen) > 10_000
