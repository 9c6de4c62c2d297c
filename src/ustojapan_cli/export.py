"""Writers: one pure function per output format, from events to text.

Nothing here prints or opens files: each writer returns the whole text, or writes
to a stream it is given.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from enum import StrEnum

from .models import Event

# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

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
    venue = event.venue
    return {
        "id": event.id,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "kind": event.kind.value,
        "format": event.format.value,
        "countries": "; ".join(event.countries),
        "actors": "; ".join(a.name for a in event.actors),
        "venue_city": (venue.city or "") if venue else "",
        "venue_country": (venue.country or "") if venue else "",
        "text": event.text,
        "document": event.source.document,
        "line": str(event.source.line),
    }


def neutralise(cell: str) -> str:
    """A cell made inert for spreadsheets: a leading formula character gets a quote before it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(events: Sequence[Event], *, safe: bool = True) -> str:
    """RFC 4180 CSV with a header row; formula-like cells neutralised unless `safe` is off."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for event in events:
        cells = row(event)
        writer.writerow({k: neutralise(v) if safe else v for k, v in cells.items()})
    return buf.getvalue()


def to_tsv(events: Sequence[Event]) -> str:
    """Tab-separated values with a header line; tabs and newlines in cells become spaces."""
    lines = ["\t".join(COLUMNS)]
    for event in events:
        cells = row(event)
        lines.append("\t".join(" ".join(cells[c].split()) for c in COLUMNS))
    return "\n".join(lines) + "\n"


def to_json(events: Sequence[Event]) -> str:
    """A JSON array of events, with the models' field names."""
    data = [e.model_dump(mode="json") for e in events]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(events: Sequence[Event]) -> str:
    """JSON Lines: one event per line."""
    return "".join(json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n"
                   for e in events)


WRITERS: dict[Output, Callable[[Sequence[Event]], str]] = {
    Output.TSV: to_tsv,
    Output.CSV: to_csv,
    Output.JSON: to_json,
    Output.JSONL: to_jsonl,
}


def event_schema() -> dict[str, object]:
    """The JSON Schema of exported events (an array of Event), generated from the models."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(list[Event]).json_schema(mode="serialization")
    schema["title"] = "usjp events"
    return schema
