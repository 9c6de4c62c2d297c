"""The analysis and export commands through CliRunner, on the seed.

Expected figures were counted by hand in the seed's chronology (for a name: the entries
that mention it, `grep -c`), not taken from the program's output.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import jsonschema
import pytest
from typer.testing import CliRunner

from ustojapan_cli.cli import app
from ustojapan_cli.export import event_schema

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def tsv(stdout: str) -> list[list[str]]:
    return [line.split("\t") for line in stdout.splitlines()]


# ---- count ---------------------------------------------------------------------------------
def test_count_by_month_is_the_default() -> None:
    r = run("count")
    assert r.exit_code == 0
    assert tsv(r.stdout) == [["month", "events"], ["2023-09", "17"], ["2023-10", "15"],
                             ["2023-11", "19"], ["2023-12", "10"]]


def test_count_by_actor_top_3() -> None:
    rows = tsv(run("count", "--by", "actor", "--top", "3").stdout)
    assert rows == [["actor", "events"], ["Kamikawa Yoko", "24"], ["Kishida Fumio", "17"],
                    ["Antony Blinken", "15"]]


def test_count_takes_the_event_filters() -> None:
    rows = tsv(run("count", "--by", "month", "--actor", "Blinken", "--actor", "Park").stdout)
    # Blinken and Park together: Sept. 22, Oct. 25, Nov. 14, Nov. 25, Dec. 20.
    assert rows[1:] == [["2023-09", "1"], ["2023-10", "1"], ["2023-11", "2"], ["2023-12", "1"]]


def test_count_cross_table() -> None:
    rows = tsv(run("count", "--by", "actor", "--by", "month", "--top", "1").stdout)
    assert rows[0] == ["actor", "2023-09", "2023-10", "2023-11", "2023-12", "total"]
    assert rows[1][0] == "Kamikawa Yoko" and rows[1][-1] == "24"
    assert sum(int(n) for n in rows[1][1:-1]) == 24


def test_count_as_json() -> None:
    data = json.loads(run("count", "--json").stdout)
    assert data[0] == {"month": "2023-09", "events": 17}


def test_count_three_dimensions_is_an_error() -> None:
    r = run("count", "--by", "actor", "--by", "month", "--by", "kind")
    assert r.exit_code == 2 and "two for a cross-table" in r.stderr and r.stdout == ""


def test_count_nothing_matched_is_exit_1() -> None:
    assert run("count", "--text", "no such words anywhere").exit_code == 1


# ---- export --------------------------------------------------------------------------------
def test_export_ics_parses_back_as_61_all_day_events() -> None:
    r = run("export", "--ics")
    assert r.exit_code == 0
    cal = icalendar.Calendar.from_ical(r.stdout)
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 61
    assert len({str(v["UID"]) for v in vevents}) == 61
    assert all(type(v.decoded("DTSTART")).__name__ == "date" for v in vevents)


def test_export_csv_reads_back_to_the_same_events() -> None:
    events = json.loads(run("events", "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("export", "--csv").stdout)))
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    assert [r["start"] for r in rows] == [e["start"] for e in events]
    assert [r["actors"] for r in rows] == ["; ".join(a["name"] for a in e["actors"]) for e in events]
    assert [r["text"] for r in rows] == [e["text"] for e in events]


def test_export_json_validates_against_the_schema() -> None:
    data = json.loads(run("export", "--json").stdout)
    jsonschema.validate(data, event_schema())
    assert len(data) == 61


def test_export_explode_actors_is_one_row_per_event_and_actor() -> None:
    events = json.loads(run("events", "--json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("export", "--csv", "--explode", "actors").stdout)))
    assert len(rows) == sum(max(1, len(e["actors"])) for e in events)


def test_export_bom_only_when_asked() -> None:
    assert run("export", "--csv", "--bom").stdout.startswith("\ufeffid,")
    assert run("export", "--csv").stdout.startswith("id,")


def test_export_to_a_file_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    target.write_text("keep me")
    r = run("export", "--csv", "-o", str(target))
    assert r.exit_code == 2 and "--force" in r.stderr
    assert target.read_text() == "keep me"
    assert run("export", "--csv", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,")


def test_export_two_formats_is_an_error() -> None:
    r = run("export", "--csv", "--ics")
    assert r.exit_code == 2 and "one output flag" in r.stderr


def test_export_timelinejs_and_markdown() -> None:
    timeline = json.loads(run("export", "--timelinejs").stdout)
    assert len(timeline["events"]) == 61
    md = run("export", "--md", "--kind", "incident").stdout.splitlines()
    assert md[0].startswith("|") and len(md) == 3 and "Osprey" in md[2]


# ---- actors --------------------------------------------------------------------------------
def test_actors_sorted_by_events() -> None:
    rows = tsv(run("actors").stdout)
    header = rows[0]
    counts = [int(r[header.index("events")]) for r in rows[1:]]
    assert counts == sorted(counts, reverse=True)
    assert rows[1][header.index("name")] == "Kamikawa Yoko"


@pytest.mark.parametrize(("day", "minister", "not_minister"),
                         [("2023-09-12", "Hayashi Yoshimasa", "Kamikawa Yoko"),
                          ("2023-09-14", "Kamikawa Yoko", "Hayashi Yoshimasa")])
def test_actors_at_a_date_shows_who_held_the_role(day: str, minister: str, not_minister: str) -> None:
    # The reshuffle of Sept. 13, 2023: Hayashi held the post until that day, Kamikawa from it.
    rows = tsv(run("actors", "--at", day, "--country", "JP", "--role", "Minister for Foreign Affairs").stdout)
    held = {r[rows[0].index("name")]: r[rows[0].index("role")] for r in rows[1:]}
    assert held[minister] == "Minister for Foreign Affairs"
    assert not_minister not in held


# ---- show ----------------------------------------------------------------------------------
def event_id(*filters: str) -> str:
    (row,) = tsv(run("events", *filters).stdout)[1:]
    return row[0]


def test_show_the_osprey_crash_with_the_article_passages() -> None:
    r = run("show", event_id("--text", "Osprey"))
    assert r.exit_code == 0
    (entry,) = [line for line in r.stdout.splitlines() if line.startswith("entry: ")]
    assert " ".join(entry.split()) == ("entry: Nov. 29, 2023: A US Air Force CV-22 Osprey crashes off the shore "
                                       "of Yakushima Island during a training mission.")
    assert "line 185" in r.stdout
    passages = [line for line in r.stdout.splitlines() if line.startswith("passage")]
    assert passages and "Nov. 29 crash of a US Air Force CV-22 Osprey" in passages[0]


def test_show_the_extended_deterrence_dialogue_with_its_paragraph() -> None:
    r = run("show", event_id("--text", "Extended Deterrence"), "--json")
    record = json.loads(r.stdout)
    assert record["start"] == "2023-12-05" and record["end"] == "2023-12-07"
    assert any("Extended Deterrence Dialogue in Tokyo" in p["text"] for p in record["passages"])


def test_show_unknown_id_suggests_the_nearest() -> None:
    real = event_id("--text", "Osprey")
    r = run("show", real[:-1] + ("0" if real[-1] != "0" else "1"))
    assert r.exit_code == 2 and real in r.stderr and len(r.stderr.splitlines()) == 1


# ---- timeline ------------------------------------------------------------------------------
def test_timeline_by_month_into_a_pipe_is_plain_bars() -> None:
    lines = run("timeline").stdout.splitlines()
    assert [(line.split()[0], line.split()[-1]) for line in lines] == [
        ("2023-09", "17"), ("2023-10", "15"), ("2023-11", "19"), ("2023-12", "10")]
    assert all(set(line.split()[1]) == {"#"} for line in lines)


def test_timeline_by_actor_marks_each_week_they_appear() -> None:
    lines = run("timeline", "--by", "actor", "--top", "2", "--actor", "Hayashi").stdout.splitlines()
    (row,) = [line for line in lines if line.startswith("Hayashi")]
    # Hayashi: Sept. 1 (week 35), Sept. 12 and 14 (week 37) in this chronology.
    assert row.split()[-1] == "*.*"


def test_timeline_svg_file(tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    r = run("timeline", "--svg", str(target))
    assert r.exit_code == 0 and r.stdout == ""
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.get("class") == "bar"]
    assert len(bars) == 4


# ---- network, schema, cite -------------------------------------------------------------------
def test_network_pairs_of_actors() -> None:
    rows = tsv(run("network").stdout)
    assert rows[0] == ["actor_a", "actor_b", "events"]
    assert rows[1] == ["Antony Blinken", "Kamikawa Yoko", "12"]  # 12 entries name both


def test_network_dot() -> None:
    dot = run("network", "--by", "country", "--dot").stdout
    assert dot.startswith("graph ") and '"JP" -- "US"' in dot and dot.rstrip().endswith("}")


def test_schema_is_the_models_schema() -> None:
    assert json.loads(run("schema").stdout) == event_schema()


def test_cite_plain_and_bibtex() -> None:
    plain = run("cite").stdout
    assert "Brad Glosserman" in plain and "Vol. 25, No. 3" in plain and "19-27" in plain
    bib = run("cite", "--bibtex").stdout
    assert bib.startswith("@article{") and "volume = {25}" in bib and "pages = {19--27}" in bib
    assert "year = {2024}" in bib


def test_export_json_reads_back_to_the_same_events() -> None:
    from pydantic import TypeAdapter

    from ustojapan_cli import Event, load

    events = TypeAdapter(list[Event]).validate_json(run("export", "--json").stdout)
    assert events == list(load().events)
    lines = run("export", "--jsonl").stdout.splitlines()
    assert [Event.model_validate_json(line) for line in lines] == events


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands
                                     if c.callback])
def test_every_command_help_has_an_example(command: str) -> None:
    r = run(command, "--help")
    assert r.exit_code == 0 and "Example: usjp " + command in r.stdout
