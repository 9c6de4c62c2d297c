"""Counting events: tallies by one dimension, cross-tables by two, and who meets whom.

Pure functions over a sequence of `Event`; nothing here prints or reads files.

An event counts once under each of its keys for a dimension (see `keys`): once per
actor, once per country, once under its venue, format, kind, or the time bucket of
its start date. Time dimensions are listed in time order with the empty buckets
between the first and the last one filled in with 0; the others by count, largest
first, ties by name.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .models import Event, Venue

NO_VENUE = "(none)"
"""The key of an event whose venue is not known."""


class GroupBy(StrEnum):
    """A dimension to count events by."""

    ACTOR = "actor"
    COUNTRY = "country"
    VENUE = "venue"
    FORMAT = "format"
    KIND = "kind"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def is_time(self) -> bool:
        """True for the calendar dimensions (day to year)."""
        return self in _TIME


_TIME = frozenset({GroupBy.DAY, GroupBy.WEEK, GroupBy.MONTH, GroupBy.QUARTER, GroupBy.YEAR})

Key = tuple[str, ...]
"""One row's key: one value per dimension counted by."""


class Table(NamedTuple):
    """Counts by one dimension: `rows` holds ((key,), number of events), in display order.

    This and CrossTable are NamedTuples, not frozen dataclasses (which take about 1 ms each
    to create): `usjp` imports this module at every run.
    """

    by: tuple[GroupBy, ...]
    rows: tuple[tuple[Key, int], ...]


class CrossTable(NamedTuple):
    """Counts by two dimensions, rows from the first and columns from the second.

    `cells` holds every (row, column) pair of `row_keys` x `col_keys`, zeros included.
    `row_totals` and `col_totals` count distinct events under a row or column key, so
    an event counts once in a row's total even when it falls under several columns
    (e.g. actor x country); for a single-valued column dimension (format, kind, a time
    bucket) the row total is the sum of the row's cells.
    """

    by: tuple[GroupBy, GroupBy]
    row_keys: tuple[str, ...]
    col_keys: tuple[str, ...]
    cells: Mapping[tuple[str, str], int]
    row_totals: Mapping[str, int]
    col_totals: Mapping[str, int]

    def cell(self, row: str, col: str) -> int:
        """The number of events under `row` and `col` (0 for keys not in the table)."""
        return self.cells.get((row, col), 0)


# --- time buckets ----------------------------------------------------------------------


def bucket_start(day: dt.date, by: GroupBy) -> dt.date:
    """The first day of the `by` bucket holding `day` (a Monday for ISO weeks)."""
    if by is GroupBy.DAY:
        return day
    if by is GroupBy.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if by is GroupBy.MONTH:
        return day.replace(day=1)
    if by is GroupBy.QUARTER:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if by is GroupBy.YEAR:
        return dt.date(day.year, 1, 1)
    raise ValueError(f"{by.value!r} is not a time dimension")


def next_bucket(start: dt.date, by: GroupBy) -> dt.date:
    """The first day of the bucket after the one starting on `start`."""
    if by is GroupBy.DAY:
        return start + dt.timedelta(days=1)
    if by is GroupBy.WEEK:
        return start + dt.timedelta(days=7)
    if by in (GroupBy.MONTH, GroupBy.QUARTER):
        months = start.month - 1 + (1 if by is GroupBy.MONTH else 3)
        return dt.date(start.year + months // 12, months % 12 + 1, 1)
    if by is GroupBy.YEAR:
        return dt.date(start.year + 1, 1, 1)
    raise ValueError(f"{by.value!r} is not a time dimension")


def bucket_label(day: dt.date, by: GroupBy) -> str:
    """The key of the bucket holding `day`: 2023-11-14, 2023-W46, 2023-11, 2023-Q4 or 2023."""
    if by is GroupBy.DAY:
        return day.isoformat()
    if by is GroupBy.WEEK:
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if by is GroupBy.MONTH:
        return f"{day.year}-{day.month:02d}"
    if by is GroupBy.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if by is GroupBy.YEAR:
        return str(day.year)
    raise ValueError(f"{by.value!r} is not a time dimension")


def bucket_range(first: dt.date, last: dt.date, by: GroupBy) -> list[str]:
    """The keys of every `by` bucket from the one holding `first` to the one holding `last`."""
    start, end = bucket_start(first, by), bucket_start(last, by)
    labels: list[str] = []
    while start <= end:
        labels.append(bucket_label(start, by))
        if start == end:
            break
        start = next_bucket(start, by)
    return labels


# --- keys and tallies ------------------------------------------------------------------


def keys(event: Event, by: GroupBy) -> list[str]:
    """The keys `event` counts under for `by`, each once, in the order the event gives them.

    Actors by name, countries by ISO code, the venue by city (or its country code when
    the city is unknown, or "(none)" without a venue), format and kind by value, and
    time buckets by the event's start date. No actors or countries means no keys.
    """
    values: list[str]
    if by is GroupBy.ACTOR:
        values = [a.name for a in event.actors]
    elif by is GroupBy.COUNTRY:
        values = list(event.countries)
    elif by is GroupBy.VENUE:
        values = [venue_key(event.venue)]
    elif by is GroupBy.FORMAT:
        values = [event.format.value]
    elif by is GroupBy.KIND:
        values = [event.kind.value]
    else:
        values = [bucket_label(event.start, by)]
    return list(dict.fromkeys(values))


def venue_key(venue: Venue | None) -> str:
    """`keys(event, GroupBy.VENUE)`'s one key, of the event's venue: the city, else the country's
    code, else "(none)".

    A function of its own for the store, which writes it for every event: through `keys`, the
    list and the dispatch on the dimension cost more than the key.
    """
    return (venue.city or venue.country or NO_VENUE) if venue else NO_VENUE


def tally(events: Iterable[Event], by: GroupBy) -> Counter[str]:
    """How many events count under each key of `by` (keys with no events are absent)."""
    return Counter(k for e in events for k in keys(e, by))


def _name_order(key: str) -> tuple[str, str]:
    return key.casefold(), key


def order_keys(
    events: Sequence[Event], by: GroupBy, counts: Mapping[str, int], top: int | None = None
) -> list[str]:
    """The keys of `by` in display order, the `top` largest only when given.

    Time buckets run in time order from the first event's to the last event's, empty
    ones included; with `top`, only the `top` largest buckets are kept (the earlier one
    on a tie), still in time order. Other keys run by count, largest first, ties by
    name ignoring case.
    """
    span = (min(e.start for e in events), max(e.start for e in events)) if events else None
    return ordered_keys(by, counts, span, top)


def ordered_keys(
    by: GroupBy, counts: Mapping[str, int], span: tuple[dt.date, dt.date] | None, top: int | None = None
) -> list[str]:
    """`order_keys` given the first and last start date of the events (None when there are none)."""
    if top is not None and top < 0:
        raise ValueError(f"top must be 0 or more, not {top}")
    if not by.is_time:
        ordered = sorted(counts, key=lambda k: (-counts[k], *_name_order(k)))
        return ordered[:top] if top is not None else ordered
    if span is None:
        return []
    labels = bucket_range(span[0], span[1], by)
    if top is None:
        return labels
    position = {label: i for i, label in enumerate(labels)}
    kept = set(sorted(labels, key=lambda k: (-counts.get(k, 0), position[k]))[:top])
    return [label for label in labels if label in kept]


# --- tables ----------------------------------------------------------------------------


def count(
    events: Sequence[Event], by: Sequence[GroupBy] | GroupBy, top: int | None = None
) -> Table | CrossTable:
    """Count `events` by one dimension (a `Table`) or two (a `CrossTable`).

    `top` keeps the first `top` rows (for time rows, the `top` largest buckets, shown in
    time order). No dimension or more than two is a ValueError.
    """
    dims = (by,) if isinstance(by, str) else tuple(by)
    dims = tuple(GroupBy(d) for d in dims)
    if not dims:
        raise ValueError("count by at least one dimension")
    if len(dims) > 2:
        names = ", ".join(d.value for d in dims)
        raise ValueError(f"count by one or two dimensions, not {len(dims)} ({names})")
    if len(dims) == 1:
        return _table(events, dims[0], top)
    return _cross_table(events, dims[0], dims[1], top)


def _table(events: Sequence[Event], by: GroupBy, top: int | None) -> Table:
    counts = tally(events, by)
    return table_of(by, counts, order_keys(events, by, counts, top))


def table_of(by: GroupBy, counts: Mapping[str, int], ordered: Sequence[str]) -> Table:
    """A `Table` of the `ordered` keys with their counts (0 for keys not counted)."""
    return Table(by=(by,), rows=tuple(((k,), counts.get(k, 0)) for k in ordered))


def _cross_table(
    events: Sequence[Event], rows_by: GroupBy, cols_by: GroupBy, top: int | None
) -> CrossTable:
    row_totals = tally(events, rows_by)
    col_totals = tally(events, cols_by)
    row_keys = order_keys(events, rows_by, row_totals, top)
    col_keys = order_keys(events, cols_by, col_totals)
    cells = Counter(
        (r, c) for e in events for r in keys(e, rows_by) for c in keys(e, cols_by)
    )
    return CrossTable(
        by=(rows_by, cols_by),
        row_keys=tuple(row_keys),
        col_keys=tuple(col_keys),
        cells={(r, c): cells.get((r, c), 0) for r in row_keys for c in col_keys},
        row_totals={r: row_totals.get(r, 0) for r in row_keys},
        col_totals={c: col_totals.get(c, 0) for c in col_keys},
    )


# --- network ---------------------------------------------------------------------------


def pairs(
    events: Iterable[Event], by: Literal["actor", "country"]
) -> list[tuple[str, str, int]]:
    """Every unordered pair of actors (by name) or countries that share an event.

    Each pair is listed once as (first, second, number of shared events), the two names
    in alphabetical order; pairs run by count, largest first, then by the names.
    """
    dim = GroupBy(by)
    if dim not in (GroupBy.ACTOR, GroupBy.COUNTRY):
        raise ValueError(f"pairs are of actors or countries, not {by!r}")
    shared: Counter[tuple[str, str]] = Counter()
    for event in events:
        names = sorted(keys(event, dim), key=_name_order)
        shared.update(itertools.combinations(names, 2))
    return [
        (a, b, n)
        for (a, b), n in sorted(
            shared.items(), key=lambda p: (-p[1], *_name_order(p[0][0]), *_name_order(p[0][1]))
        )
    ]
