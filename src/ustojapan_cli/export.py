"""Writers: one pure function per output format, from events to text.

Nothing here prints or opens files: each writer returns the whole text, or writes
to a stream it is given.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from json.encoder import encode_basestring  # the quoting json.dumps(ensure_ascii=False) does
from typing import TYPE_CHECKING, Any, NamedTuple

from .text import iso_day

if TYPE_CHECKING:
    from .models import Event, Source

# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"), and the full-width
# forms a Japanese input method types for them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Characters JSON leaves raw in a string but that str.splitlines() and older JavaScript take
# for line ends, and the C1 controls (U+009B starts an escape sequence in some terminals):
# escaped, so one JSON Lines record is one line for any reader and JSON on a terminal is inert.
_JSON_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in [*map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029"]})


def dumps(data: object, *, indent: int | None = None) -> str:
    """JSON text: other characters kept as UTF-8, none a reader takes for a line end or a control."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_ESCAPES)

COLUMNS = ("id", "start", "end", "kind", "format", "countries", "actors", "venue_city",
           "venue_country", "text", "document", "line")


class Output(StrEnum):
    """How `usjp events` writes its result."""

    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def row(event: Event) -> dict[str, str]:
    """One flat row of an event: lists joined with "; ", empty strings for nulls."""
    return dict(zip(COLUMNS, cells(event.__dict__), strict=True))


def cells(e: Mapping[str, Any]) -> tuple[str, ...]:
    """The cells of `row`, in the order of `COLUMNS`, of an event's fields: the model's `__dict__`
    (its attributes are read through a `__getattr__` hook, a Python-level call each), or the
    fields it is made of (`chronology.as_event`). The store makes them for every event, so: one
    tuple, no dict; an enum's value as `_value_` (`.value` is a property), a day's ISO form
    remembered (`text.iso_day`)."""
    venue, sources, actors = e["venue"], e["sources"], e["actors"]
    # an event as read has one source, and many name nobody: no list made to join (a comprehension
    # is a function made and called, ~1.5k instructions; 6.7k -> 2.8k an event for the sources)
    one = sources[0] if len(sources) == 1 else None
    return (e["id"], iso_day(e["start"]), iso_day(e["end"]), e["kind"]._value_, e["format"]._value_,
            "; ".join(e["countries"]), "; ".join([a.name for a in actors]) if actors else "",
            (venue.city or "") if venue else "", (venue.country or "") if venue else "", e["text"],
            one.document if one else "; ".join([s.document for s in sources]),  # a merged event: every source
            str(one.line) if one else "; ".join([str(s.line) for s in sources]))


def row_json(cells: Iterable[str]) -> str:
    """The cells as a JSON array, as `json.dumps(list(cells), ensure_ascii=False)` writes it, in
    half the time (the store writes every event's row so): each cell quoted by the C function
    `json.dumps` quotes strings with, no encoder built. tests/test_properties.py holds the two alike."""
    return "[" + ", ".join(map(encode_basestring, cells)) + "]"


def event_json(e: Mapping[str, Any]) -> str:
    """`Event.model_dump_json()` of the event whose fields `e` holds (the model's `__dict__`, or the
    fields it is made of), written here without the model: the store writes every event's JSON, and
    an entry's model validated and serialized took ~52k instructions, these ~41k. Strings are quoted by the C
    function `json.dumps` quotes them with, which escapes what Pydantic's serializer escapes;
    tests/test_export.py holds the two alike, for every fixture's events and for any text."""
    venue = e["venue"]
    sources = ",".join([_source_json(s) for s in e["sources"]])
    return "".join((
        '{"id":', encode_basestring(e["id"]), ',"start":"', iso_day(e["start"]), '","end":"', iso_day(e["end"]),
        '","text":', encode_basestring(e["text"]),
        ',"actors":[', ",".join([a.__pydantic_serializer__.to_json(a).decode() for a in e["actors"]]),
        '],"countries":[', ",".join(map(encode_basestring, e["countries"])),
        '],"venue":', "null" if venue is None else
        f'{{"city":{_json_or_null(venue.city)},"country":{_json_or_null(venue.country)}}}',
        ',"format":"', e["format"]._value_, '","kind":"', e["kind"]._value_,
        '","source":', _source_json(e["source"]), ',"sources":[', sources,
        '],"flags":[', ",".join(map(encode_basestring, e["flags"])), "]}"))


def _source_json(source: Source) -> str:
    return f'{{"document":{encode_basestring(source.document)},"line":{source.line}}}'


def _json_or_null(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


ACTOR_COLUMNS = ("actor_id", "actor_name", "actor_country", "actor_role")


def exploded_rows(event: Event) -> list[dict[str, str]]:
    """One row per (event, actor), for pivot tables; an event with nobody named keeps one row."""
    base = row(event)
    people = [(a.id, a.name, a.country or "", a.role or "") for a in event.actors] or [("",) * 4]
    return [base | dict(zip(ACTOR_COLUMNS, person, strict=True)) for person in people]


def neutralise(cell: str) -> str:
    """A cell made inert for spreadsheets: a leading formula character gets a quote before it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


class Grid(NamedTuple):
    """A plain table of results: column names and rows of strings or numbers.

    A NamedTuple, not a frozen dataclass (which takes about 1 ms to create, at every run of `usjp`).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]

    @classmethod
    def of_events(cls, events: Sequence[Event], *, explode: bool = False) -> Grid:
        """Events as flat rows (one per event, or one per event and actor with `explode`)."""
        columns = COLUMNS + ACTOR_COLUMNS if explode else COLUMNS
        dicts = [r for e in events for r in exploded_rows(e)] if explode else [row(e) for e in events]
        return cls(columns, tuple(tuple(d[c] for c in columns) for d in dicts))


def grid_csv(grid: Grid, *, safe: bool = True) -> str:
    """RFC 4180 CSV with a header row; formula-like cells neutralised unless `safe` is off."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(grid.columns)
    for cells in grid.rows:
        writer.writerow([neutralise(c) if safe and isinstance(c, str) else c for c in cells])
    return buf.getvalue()


def grid_tsv(grid: Grid, *, safe: bool = False) -> str:
    """Tab-separated values with a header line; tabs and newlines in cells become spaces.

    With `safe`, formula-like cells are neutralised as in CSV (for a file a spreadsheet
    opens); without it (the default, for pipes and scripts) cells are kept as they are.
    """
    def tsv_cell(value: str | int) -> str:
        text = " ".join(str(value).split())
        return neutralise(text) if safe and isinstance(value, str) else text

    lines = ["\t".join(grid.columns)]
    lines += ["\t".join(map(tsv_cell, cells)) for cells in grid.rows]
    return "\n".join(lines) + "\n"


def grid_json(grid: Grid) -> str:
    """A JSON array with one object per row, keyed by column name."""
    data = [dict(zip(grid.columns, cells, strict=True)) for cells in grid.rows]
    return dumps(data, indent=2) + "\n"


def grid_jsonl(grid: Grid) -> str:
    """JSON Lines: one object per row."""
    return "".join(dumps(dict(zip(grid.columns, cells, strict=True))) + "\n" for cells in grid.rows)


GRID_WRITERS: dict[Output, Callable[[Grid], str]] = {
    Output.TSV: grid_tsv,
    Output.CSV: grid_csv,
    Output.JSON: grid_json,
    Output.JSONL: grid_jsonl,
}


def to_csv(events: Sequence[Event], *, safe: bool = True) -> str:
    """Events as CSV, one row per event."""
    return grid_csv(Grid.of_events(events), safe=safe)


def to_tsv(events: Sequence[Event]) -> str:
    """Events as tab-separated values, one row per event."""
    return grid_tsv(Grid.of_events(events))


def to_json(events: Sequence[Event]) -> str:
    """A JSON array of events, with the models' field names."""
    return records_json([e.model_dump(mode="json") for e in events])


def to_jsonl(events: Sequence[Event]) -> str:
    """JSON Lines: one event per line."""
    return records_jsonl([e.model_dump(mode="json") for e in events])


def records_json(records: Sequence[dict[str, object]]) -> str:
    """A JSON array of events given as their JSON records (`model_dump(mode="json")`)."""
    return dumps(list(records), indent=2) + "\n"


def records_jsonl(records: Sequence[dict[str, object]]) -> str:
    """JSON Lines of events given as their JSON records."""
    return "".join(dumps(r) + "\n" for r in records)


def from_json(text: str) -> list[Event]:
    """Events read back from `to_json` output (validated against the models)."""
    from .models import Event

    return [Event.model_validate(item) for item in json.loads(text)]


def from_jsonl(text: str) -> list[Event]:
    """Events read back from `to_jsonl` output: one per line, blank lines skipped."""
    from .models import Event

    return [Event.model_validate_json(line) for line in text.split("\n") if line.strip()]


WRITERS: dict[Output, Callable[[Sequence[Event]], str]] = {
    Output.TSV: to_tsv,
    Output.CSV: to_csv,
    Output.JSON: to_json,
    Output.JSONL: to_jsonl,
}


def event_schema() -> dict[str, object]:
    """The JSON Schema of exported events (an array of Event), generated from the models."""
    from pydantic import TypeAdapter

    from .models import Event

    schema = TypeAdapter(list[Event]).json_schema(mode="serialization")
    schema["title"] = "usjp events"
    return schema


def to_dot(pairs: Sequence[tuple[str, str, int]], name: str = "usjp") -> str:
    """Graphviz DOT of who meets whom: an undirected edge per pair, weighted by shared events."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = [f"graph {quote(name)} {{", "  node [shape=box];"]
    lines += [f"  {quote(a)} -- {quote(b)} [weight={n}, label={n}, penwidth={min(1 + n / 2, 8):g}];"
              for a, b, n in pairs]
    return "\n".join([*lines, "}"]) + "\n"
