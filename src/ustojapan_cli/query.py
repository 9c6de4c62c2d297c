"""Selecting events: a filter model built from what a user typed, and the functions that apply it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar, assert_never

from .errors import QueryError
from .text import fold

if TYPE_CHECKING:
    from .categories import Format, Kind
    from .models import Event, Venue


class SortKey(StrEnum):
    """Orders for `--sort`."""

    DATE = "date"
    KIND = "kind"
    FORMAT = "format"
    VENUE = "venue"
    ID = "id"


class Query(NamedTuple):
    """What to select. Every part must hold (an event matches all of them).

    A NamedTuple, not a frozen dataclass, as the other records on the way from the command line
    to the store: a dataclass takes about 1 ms to create, at every run of `usjp`.
    """

    actors: tuple[str, ...] = ()  # actor ids; each must take part
    countries: tuple[str, ...] = ()  # ISO codes; each must take part
    venue: str | None = None
    formats: tuple[Format, ...] = ()  # any of them
    kinds: tuple[Kind, ...] = ()  # any of them
    since: str | None = None
    until: str | None = None
    on: str | None = None
    words: tuple[str, ...] = ()

    def window(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day asked for (None where open); a partial date is its whole span."""
        if not (self.since or self.until or self.on):
            return None, None
        from .dates import parse_user_date  # only when a date is given: its patterns take a while to compile

        first = parse_user_date(self.since).first if self.since else None
        last = parse_user_date(self.until).last if self.until else None
        if self.on:
            day = parse_user_date(self.on)
            first = max(first, day.first) if first else day.first
            last = min(last, day.last) if last else day.last
        if first and last and first > last:
            raise QueryError(f"--since ({self.since or self.on}) is after --until "
                             f"({self.until or self.on}); swap them")
        return first, last


def select(events: Iterable[Event], query: Query) -> list[Event]:
    """The events that match every part of `query`, in their given order."""
    first, last = query.window()
    venue = wanted_venue(query)
    words = word_patterns(query)
    out = []
    for e in events:
        ids = {a.id for a in e.actors}
        if not all(a in ids for a in query.actors):
            continue
        if not all(c in e.countries for c in query.countries):
            continue
        if (query.formats and e.format not in query.formats) or (
            query.kinds and e.kind not in query.kinds
        ):
            continue
        if (first and e.end < first) or (last and e.start > last):
            continue
        if venue and not _venue_matches(e, venue):
            continue
        if words and not all(w.search(fold(e.text)) for w in words):
            continue
        out.append(e)
    return out


def wanted_venue(query: Query) -> str | None:
    """The place asked for, folded; None when there is no venue filter (or it folds to nothing)."""
    return (fold(query.venue) or None) if query.venue else None


def word_patterns(query: Query) -> list[re.Pattern[str]]:
    """One pattern per word asked for: the folded word at the start of a word of the folded text."""
    return [re.compile(rf"\b{re.escape(fold(w))}", re.IGNORECASE) for w in query.words]


def _venue_matches(event: Event, wanted: str) -> bool:
    if event.venue is None:
        return False
    from .lexicon import lexicon

    names = {fold(event.venue.city or ""), fold(event.venue.country or "")}
    lex = lexicon()
    names |= {fold(n) for n, code in lex.country_of.items() if code == event.venue.country}
    return wanted in names


def sort_events(events: Sequence[Event], key: SortKey, reverse: bool = False) -> list[Event]:
    """Events ordered by `key`, then by date and source line (so the order is stable)."""
    def order(e: Event) -> tuple[str, str, int]:
        return sort_primary(e, key), e.start.isoformat(), e.source.line

    return sorted(events, key=order, reverse=reverse)


def sort_primary(e: Event, key: SortKey) -> str:
    """The first part of an event's place in the `key` order (then its start date and line).

    Only the one asked for is computed: the store asks this of every event it writes.
    """
    if key is SortKey.DATE:
        return e.start.isoformat() + e.end.isoformat()
    if key is SortKey.KIND:
        return e.kind.value
    if key is SortKey.FORMAT:
        return e.format.value
    if key is SortKey.VENUE:
        return venue_order(e.venue)
    if key is SortKey.ID:
        return e.id
    assert_never(key)


def venue_order(venue: Venue | None) -> str:
    """`sort_primary(e, SortKey.VENUE)`, of the event's venue: the city, else the country's code;
    events without a venue last."""
    return (venue.city or venue.country or "") if venue else "\uffff"


class Named(Protocol):
    """What `find_actor` reads of an actor (an `Actor`, or a `store.Person`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


_A = TypeVar("_A", bound=Named)


def find_actor(name: str, actors: Sequence[_A]) -> _A:
    """The one actor `name` means: an id, a name or alias, or a family name alone.

    Case- and accent-insensitive. No match is an error with the closest names;
    a family name shared by several actors is an error that lists them.
    """
    key = fold(name)
    exact = [a for a in actors if key in {fold(a.id), fold(a.name), *map(fold, a.aliases)}]
    if exact:
        return exact[0]
    by_word = [a for a in actors
               if any(key in map(fold, n.split()) for n in (a.name, *a.aliases))]
    if len(by_word) == 1:
        return by_word[0]
    if by_word:
        names = ", ".join(sorted(a.name for a in by_word))
        raise QueryError(f"actor {name!r} is ambiguous: it could be {names}; give the full name")
    import difflib  # only for this message

    spellings = {fold(n): a.name for a in actors for n in (a.name, *a.aliases)}
    close = difflib.get_close_matches(key, spellings, n=3, cutoff=0.6)
    close += [k for k in spellings if any(difflib.SequenceMatcher(None, key, w).ratio() > 0.75
                                          for w in k.split()) and k not in close]
    hint = ", ".join(dict.fromkeys(spellings[c] for c in close[:3]))
    suggestion = f"; did you mean {hint}?" if hint else "; `usjp events` lists who takes part"
    raise QueryError(f"unknown actor {name!r}{suggestion}")


def find_country(value: str, present: Iterable[str]) -> str:
    """The ISO code `value` means: a code ("jp") or a name or adjective ("Japan", "Japanese")."""
    from .lexicon import lexicon

    lex = lexicon()
    if value.upper() in lex.iso_codes:
        return value.upper()
    by_name = {fold(n): code for n, code in lex.country_of.items()}
    if fold(value) in by_name:
        return by_name[fold(value)]
    codes = ", ".join(sorted(set(present)))
    raise QueryError(f"unknown country {value!r}; give an ISO 3166 code or a country name "
                     f"(countries in these events: {codes})")
