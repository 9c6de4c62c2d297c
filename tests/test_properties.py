"""Hypothesis properties: the parser is total, and exports read back to the same events.

"Total" means: for any text, `parse` returns a chronology or raises `ParseError` with a
line number inside the text, and nothing else. The examples are bounded by the
profile in conftest.py (HYPOTHESIS_PROFILE=thorough searches longer).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import Chronology, Event, EventActor, Format, Kind, Venue, parse
from ustojapan_cli.actors import load_registry
from ustojapan_cli.errors import ParseError
from ustojapan_cli.export import (
    COLUMNS,
    Grid,
    event_json,
    from_json,
    from_jsonl,
    grid_csv,
    row,
    to_csv,
    to_json,
    to_jsonl,
)
from ustojapan_cli.models import Level, Source

REGISTRY = load_registry()

# ---- strategies ------------------------------------------------------------------------------

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)  # controls and surrogates too
TEXT_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))

MONTH_WORDS = ["Jan.", "Feb.", "Sept.", "Sep", "Oct.", "Nov.", "Dec.", "January", "september", "MAY",
               "Sepember", "Octber", "Foo."]
entry_dates = st.builds(
    lambda m, d, r, y: f"{m} {d}{r}, {y:04d}:",
    st.sampled_from(MONTH_WORDS), st.integers(0, 40),
    st.one_of(st.just(""), st.integers(0, 40).map(lambda d: f"-{d}"),
              st.tuples(st.sampled_from(MONTH_WORDS), st.integers(0, 40)).map(lambda p: f"-{p[0]} {p[1]}")),
    st.integers(0, 9999),
)
fragments = st.one_of(
    entry_dates,
    st.text(ANY_CHAR, max_size=30),
    st.sampled_from([
        "\n", "\r\n", "\r", "\u2028", "\u00a0", "\t", " – ", "—", ". ",
        "Chronology of US - Japan Relations\n", "September — December 2023\n", "December - January 0000\n",
        "Preferred citation: Someone, (x)).\n", "Kishida meets Biden in Tokyo.", "Foreign Minister Kamikawa Yoko",
        " and Korean President Yoon ", "[red]", "\x1b[2J", "=HYPERLINK(\"x\")", "Sr", "Jr. III",
    ]),
)
chronology_text = st.one_of(
    st.text(ANY_CHAR, max_size=400),
    st.binary(max_size=400).map(lambda b: b.decode("utf-8", "replace")),
    st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
    st.binary(max_size=400).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.lists(fragments, max_size=25).map("".join),
)


def line_count(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_total(text: str) -> Chronology | None:
    """Parse `text`; the only error allowed is a ParseError naming a line of the text."""
    try:
        chronology = parse(text, "t.txt", REGISTRY)
    except ParseError as exc:
        assert exc.document == "t.txt"
        assert exc.line is not None and 1 <= exc.line <= line_count(text), (exc.line, str(exc))
        assert str(exc).startswith(f"t.txt:{exc.line}: ")
        return None
    for event in chronology.events:
        assert event.start <= event.end
        assert 1 <= event.source.line <= line_count(text)
        assert "\n" not in event.text and "\r" not in event.text
    assert len({e.id for e in chronology.events}) == len(chronology.events)
    return chronology


# ---- the parser is total ----------------------------------------------------------------------

@given(chronology_text)
@example("SEPTEMBER-DECEMBER0000")  # found by Hypothesis: a period line in year 0 crashed
@example("JAN10001:Sr")  # found by Hypothesis: a name made only of "Sr" crashed
@example("JAN10001:\ud800")  # found by Hypothesis: a lone surrogate crashed the id hash
@example("")
def test_parse_returns_events_or_a_parse_error_with_a_line(text: str) -> None:
    check_total(text)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("SEPTEMBER-DECEMBER0000", None, None),  # not a period: no error, no period
    ("Chronology of X\n\nJan. 1, 2020: ok.\nJAN10001:\ud800", 4, "U+D800 is not a character"),
    ("a\nb\nJan. 1, 0000: Year zero.", 3, "Jan. 1, 0000 is not a date (there is no year 0)"),
    ("Sept. 31, 2023: Thirty-first.", 1, "Sep. 31, 2023 is not a date"),
    ("x\nOct. 18-16, 2023: Backwards.", 2, "the range 'Oct. 18-16, 2023' ends before it starts"),
    ("Sept. 1, 2023: One.\nSepember 3, 2023: Two.", 2, "'Sepember' in 'Sepember 3, 2023:' is not a month "
                                                      "(did you mean September?)"),
    ("Nov. 30-Dcember 2, 2023: Two.", 1, "'Dcember' in 'Nov. 30-Dcember 2, 2023:' is not a month"),
])
def test_bad_dates_are_errors_with_their_line(text: str, line: int | None, message: str | None) -> None:
    if line is None:
        chronology = parse(text, "t.txt", REGISTRY)
        assert chronology.period is None and chronology.events == ()
        return
    with pytest.raises(ParseError) as caught:
        parse(text, "t.txt", REGISTRY)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"t.txt:{line}: {message}")


def test_a_line_that_only_looks_like_a_date_is_text() -> None:
    # "Item" is not close to any month: the line is part of the entry before it.
    (event,) = parse("Jan. 2, 2020: Talks.\nItem 3, 2020: more.", "t.txt", REGISTRY).events
    assert event.text == "Talks. Item 3, 2020: more."


def test_a_file_of_only_dates() -> None:
    text = "".join(f"Jan. {d}, 2020:\n" for d in range(1, 32))
    chronology = check_total(text)
    assert chronology is not None
    assert [e.start.day for e in chronology.events] == list(range(1, 32))
    assert all(e.text == "" and e.actors == () for e in chronology.events)


def test_a_file_with_no_entries() -> None:
    chronology = check_total("Chronology of US - Japan Relations\nSeptember - December 2023\n\nNothing dated.\n")
    assert chronology is not None and chronology.events == ()
    assert chronology.period is not None and chronology.period.start == dt.date(2023, 9, 1)


@pytest.mark.parametrize("text", [
    "a" * 1_000_000,  # one huge line
    " " * 1_000_000,
    "Kishida meets Biden in Tokyo. " * 30_000,
    "Jan. 1, 2020: x. " * 2_000,  # many entries on one line (was quadratic: a minute for 20,000)
])
def test_huge_lines(text: str) -> None:
    chronology = check_total(text)
    assert chronology is not None


# ---- exports read back to the same events ----------------------------------------------------

texts = st.text(TEXT_CHAR, max_size=40)
codes = st.text(st.characters(min_codepoint=ord("A"), max_codepoint=ord("Z")), min_size=2, max_size=2)
event_actors = st.builds(EventActor, id=texts, name=texts, country=st.none() | codes, role=st.none() | texts,
                         level=st.sampled_from(Level))
events_strategy = st.builds(
    lambda start, days, **kw: Event(start=start, end=start + dt.timedelta(days=days), **kw),
    start=st.dates(dt.date(1, 1, 1), dt.date(9000, 1, 1)), days=st.integers(0, 40),
    id=texts, text=st.text(TEXT_CHAR, max_size=200),
    actors=st.lists(event_actors, max_size=3).map(tuple), countries=st.lists(codes, max_size=4).map(tuple),
    venue=st.none() | st.builds(Venue, city=st.none() | texts, country=st.none() | codes),
    format=st.sampled_from(Format), kind=st.sampled_from(Kind),
    source=st.builds(Source, document=texts, line=st.integers(1, 10**6)),
)
event_lists = st.lists(events_strategy, max_size=5)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def an_event(text: str) -> Event:
    return Event(id="2020-01-02-abcd", start=dt.date(2020, 1, 2), end=dt.date(2020, 1, 2), text=text, actors=(),
                 countries=(), venue=None, format=Format.OTHER, kind=Kind.OTHER,
                 source=Source(document="t.txt", line=1))


@given(event_lists)
@example([an_event("one\u2028two\x85three\u2029four\r\nfive")])  # a line end JSON leaves raw
def test_json_and_jsonl_read_back_to_the_same_events(events: list[Event]) -> None:
    assert from_json(to_json(events)) == events
    assert from_jsonl(to_jsonl(events)) == events
    assert len(to_jsonl(events).splitlines()) == len(events)  # one line an event, for any reader


@given(events_strategy, st.lists(st.builds(Source, document=texts, line=st.integers(1, 10**6)), max_size=2),
       st.lists(texts, max_size=2))
@example(an_event("quote \" backslash \\ tab \t nul \x00 del \x7f next \x85 sep \u2028 kana \u304b \U0001f600"),
         [], ["outside-period"])
def test_event_json_is_the_models_own(event: Event, more: list[Source], flags: list[str]) -> None:
    # the store writes every event's JSON without the model (export.event_json): the same text
    event = event.model_copy(update={"sources": (*event.sources, *more), "flags": tuple(flags)})
    assert event_json(event.__dict__) == event.model_dump_json()


@given(event_lists)
def test_csv_reads_back_to_the_same_rows(events: list[Event]) -> None:
    rows = read_csv(to_csv(events, safe=False))
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [[row(e)[c] for c in COLUMNS] for e in events]


@given(event_lists)
def test_safe_csv_only_puts_a_quote_before_formulas(events: list[Event]) -> None:
    for got, event in zip(read_csv(to_csv(events))[1:], events, strict=True):
        for cell, original in zip(got, (row(event)[c] for c in COLUMNS), strict=True):
            if original[:1] in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"):
                assert cell == "'" + original
            else:
                assert cell == original


@given(chronology_text)
def test_parsed_events_round_trip(text: str) -> None:
    chronology = check_total(text)
    if chronology is None:
        return
    events = list(chronology.events)
    assert from_json(to_json(events)) == events
    assert from_jsonl(to_jsonl(events)) == events
    grid = Grid.of_events(events)
    assert read_csv(grid_csv(grid, safe=False)) == [list(grid.columns), *map(list, grid.rows)]


@given(st.text())
@example("Kamikawa Yōko’s “talks” – in Tōkyō")
@example("Ｔｏｋｙｏ ﬁle")
def test_fold_takes_its_shortcuts_only_where_they_give_the_same_key(text: str) -> None:
    import unicodedata

    from ustojapan_cli.text import fold, plain

    decomposed = unicodedata.normalize("NFKD", plain(text))
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@given(st.text())
@example("a \u00a0\u2003b\n\u3000c\x1c\x1fd\u200be ")
def test_squash_collapses_white_space_as_the_regex_does(text: str) -> None:
    import re

    from ustojapan_cli.text import squash

    assert squash(text) == re.sub(r"\s+", " ", text).strip()


@given(st.lists(st.text(ANY_CHAR, max_size=30), max_size=14))
@example(['"quoted" \\ back', "line\nend\u2028\x85\x7f", "\ud800 lone", "Tōkyō ＝"])
def test_row_json_writes_what_json_dumps_writes(cells: list[str]) -> None:
    import json

    from ustojapan_cli.export import row_json

    assert row_json(cells) == json.dumps(cells, ensure_ascii=False)


@given(events_strategy)
def test_the_store_record_holds_what_the_general_functions_give(event: Event) -> None:
    import json

    from ustojapan_cli.analysis import GroupBy, keys
    from ustojapan_cli.query import SortKey, sort_primary
    from ustojapan_cli.store import record

    rec = record(event)
    assert rec.json == event.model_dump_json()
    assert rec.row == json.dumps(list(row(event).values()), ensure_ascii=False)
    assert rec.columns[9:11] == (keys(event, GroupBy.VENUE)[0], sort_primary(event, SortKey.VENUE))
    assert rec.event() == event
