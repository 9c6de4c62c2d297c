"""What a person at a terminal sees: Rich tables. Imported only when a terminal wants one."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TypeVar

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .export import Grid
from .models import Event
from .text import visible_lines

_T = TypeVar("_T")


MAX_ROWS = 500
"""A table on a terminal shows at most this many rows (Rich takes ~0.5 ms a row); the rest: --tsv."""


def capped(rows: Sequence[_T], max_rows: int = MAX_ROWS) -> Sequence[_T]:
    """The first `max_rows` rows; when there are more, a note on stderr says how to get them all."""
    if len(rows) <= max_rows:
        return rows
    sys.stderr.write(f"usjp: showing the first {max_rows} of {len(rows)} rows; "
                     "--tsv, --csv or --json print them all, --limit N chooses how many\n")
    return rows[:max_rows]


def cell(text: str) -> Text:
    """A table cell holding `text` literally: no markup, no control characters (line breaks kept)."""
    return Text(visible_lines(text))


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
    for e in capped(events):
        venue = ", ".join(p for p in (e.venue.city, e.venue.country) if p) if e.venue else ""
        table.add_row(cell(e.id), cell(dates(e)), cell(e.kind.value), cell(e.format.value),
                      cell(venue), cell("; ".join(a.name for a in e.actors)), cell(e.text))
    return table


def print_renderable(renderable: object) -> None:
    """Print a table or chart to stdout; Rich honours NO_COLOR and the terminal's width."""
    Console(highlight=False).print(renderable)


def grid_table(grid: Grid, title: str | None = None) -> Table:
    """Any result grid (counts, actors, pairs) as a Rich table; numbers right-aligned."""
    table = Table(title=cell(title) if title is not None else None, header_style="bold")
    numeric = [bool(grid.rows) and all(isinstance(r[i], int) for r in grid.rows)
               for i in range(len(grid.columns))]
    for name, is_number in zip(grid.columns, numeric, strict=True):
        table.add_column(cell(name), justify="right" if is_number else "left", overflow="fold")
    for cells in capped(grid.rows):
        table.add_row(*(cell(str(c)) for c in cells))
    return table


def detail_panel(fields: list[tuple[str, str]], title: str) -> Table:
    """One record as a two-column table: field names, then values (for `usjp show`)."""
    table = Table(title=cell(title), show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in fields:
        table.add_row(cell(name), cell(value))
    return table
