"""What a person at a terminal sees: Rich tables. Imported only when a terminal wants one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import Event

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Control characters (escape sequences included) shown as \\xNN, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def cell(text: str) -> Text:
    """A table cell holding `text` literally: no markup, no control characters."""
    return Text(visible(text))


def dates(event: Event) -> str:
    """"2023-11-14", or "2023-10-16 – 10-18" for a span."""
    if event.end == event.start:
        return event.start.isoformat()
    return f"{event.start.isoformat()} – {event.end.isoformat()}"


def events_table(events: Sequence[Event]) -> Table:
    """The events as a Rich table: id, date, kind, format, venue, actors and the entry."""
    table = Table(show_lines=False, header_style="bold", expand=False)
    for name, style in (("ID", "cyan"), ("Date", ""), ("Kind", "green"), ("Format", "magenta"),
                        ("Venue", ""), ("Actors", ""), ("Entry", "")):
        table.add_column(name, style=style or None, overflow="fold",
                         no_wrap=name in ("ID", "Date"))
    for e in events:
        venue = ", ".join(p for p in (e.venue.city, e.venue.country) if p) if e.venue else ""
        table.add_row(cell(e.id), cell(dates(e)), cell(e.kind.value), cell(e.format.value),
                      cell(venue), cell("; ".join(a.name for a in e.actors)), cell(e.text))
    return table


def print_table(table: Table) -> None:
    """Print a table to stdout; Rich honours NO_COLOR and the terminal's width."""
    Console(highlight=False).print(table)
