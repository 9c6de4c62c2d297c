"""The command line through Typer's CliRunner: exit statuses, stdout and stderr apart."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from ustojapan_cli.cli import app, lazy
from ustojapan_cli.export import COLUMNS, event_schema

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    """`usjp ARGS` as `main` runs it: each sub-command built when it is looked up."""
    return runner.invoke(lazy(app), list(args))


NAMES = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], *([name, "--help"] for name in NAMES), ["cache"],
                                  ["cache", "info", "--help"], ["evnts"], ["cache", "infoo"], ["events", "--bogus"],
                                  ["--version"]], ids=" ".join)
def test_commands_built_one_at_a_time_say_what_typer_building_them_all_says(args: list[str]) -> None:
    lazily, eagerly = run(*args), runner.invoke(app, args)
    assert (lazily.exit_code, lazily.stdout, lazily.stderr) == (eagerly.exit_code, eagerly.stdout, eagerly.stderr)


def test_actor_kamikawa_lists_24_events_as_tsv_into_a_pipe() -> None:
    r = run("events", "--actor", "Kamikawa")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert len(lines) == 25
    assert all("Kamikawa Yoko" in line.split("\t")[6] for line in lines[1:])


@pytest.mark.parametrize("name", ["kamikawa", "KAMIKAWA YOKO", "Yoko Kamikawa", "kamikawa-yoko"])
def test_actor_by_any_alias_any_case(name: str) -> None:
    assert len(run("events", "--actor", name, "--jsonl").stdout.splitlines()) == 24


def test_several_actors_must_all_take_part() -> None:
    r = run("events", "--actor", "Blinken", "--actor", "Park", "--jsonl")
    lines = [json.loads(x)["source"]["line"] for x in r.stdout.splitlines()]
    assert lines == [111, 143, 169, 183, 203]


def test_json_has_the_documented_fields_and_validates_against_the_schema() -> None:
    r = run("events", "--json")
    data = json.loads(r.stdout)
    assert len(data) == 61
    jsonschema.validate(data, event_schema())
    first = data[0]
    assert {"id", "start", "end", "text", "actors", "countries", "venue", "format", "kind",
            "source"} <= set(first)
    assert {"id", "name", "country", "role"} <= set(first["actors"][0])
    assert first["venue"] == {"city": "Tokyo", "country": "JP"}
    assert first["source"] == {"document": "us-japan-2023-sep-dec.txt", "line": 87}


def test_csv_reads_back() -> None:
    rows = list(csv.DictReader(io.StringIO(run("events", "--csv").stdout)))
    assert len(rows) == 61 and rows[0]["start"] == "2023-09-01"


@pytest.mark.parametrize(("args", "count"), [
    (["--format", "trilateral"], 11),
    (["--kind", "call"], 5),
    (["--country", "KR"], 10),
    (["--country", "Korea"], 10),
    (["--venue", "tokyo"], 24),
    (["--on", "2023-11-14"], 3),  # with the Nov. 11-17 APEC week,
    (["--until", "2023-09"], 17),
    (["--since", "Dec 2023"], 10),
    (["--since", "2023-10-17", "--until", "October 17, 2023"], 4),
    (["--on", "2023-11-15"], 2),  # the APEC week, and Neuffer
    (["--text", "Osprey"], 1),
    (["--actor", "Kishida", "--kind", "meeting", "--venue", "San Francisco"], 3),
    (["--limit", "3"], 3),
])
def test_filters(args: list[str], count: int) -> None:
    r = run("events", *args, "--jsonl")
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) == count


def test_sort_and_reverse() -> None:
    r = run("events", "--sort", "date", "--reverse", "--limit", "1", "--jsonl")
    assert json.loads(r.stdout)["source"]["line"] == 207


def test_no_match_is_exit_1_like_grep() -> None:
    r = run("events", "--since", "2024-01", "--jsonl")
    assert r.exit_code == 1 and r.stdout == "" and r.stderr == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--actor", "Kamikowa"], "did you mean Kamikawa Yoko?"),
    (["--actor", "Charles"], "ambiguous"),
    (["--format", "trilat"], "'trilat' is not one of"),
    (["--kind", "party"], "is not one of"),
    (["--country", "XX"], "unknown country 'XX'"),
    (["--since", "Nov 14"], "has no year"),
    (["--on", "2023-02-30"], "not a real date"),
    (["--since", "2023-12", "--until", "2023-11"], "is after --until"),
    (["--json", "--csv"], "give one output flag"),
    (["--bogus"], "No such option"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: list[str], message: str) -> None:
    r = run("events", *args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_rich_markup_in_data_prints_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    from ustojapan_cli import render
    from ustojapan_cli.chronology import parse

    chron = parse("Jan. 1, 2020: [red]Kishida[/red] meets \x1b[2J Biden.")
    out = io.StringIO()
    from rich.console import Console

    Console(file=out, width=200, color_system=None).print(render.events_table(chron.events))
    assert "[red]Kishida[/red]" in out.getvalue()
    assert "\\x1b[2J" in out.getvalue() and "\x1b" not in out.getvalue()


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("usjp ")
    r = run("events", "--help")
    assert r.exit_code == 0 and "Example: usjp events" in r.stdout


def test_own_options_keep_their_help_under_the_shared_decorator() -> None:
    # Regression: with postponed annotations the decorator passed Typer strings, and a
    # command's own options lost their help (and `lint PATH` its argument).
    r = run("events", "--help")
    assert "Order of the events." in r.stdout and "At most N events." in r.stdout
