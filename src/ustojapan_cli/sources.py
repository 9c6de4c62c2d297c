"""Several chronologies at once: finding their files, reading each, and merging their events.

    paths --source_files--> files --files.read_text / parse--> Documents --merge--> Chronology

An event keeps the id its own chronology gives it (the date and a hash of its entry), so
adding a source never changes the ids of the others. The same event reported by two
chronologies (the same first day, the same people, the same governments) is kept once,
with both sources; the first source given is its primary `source`.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .actors import KeyedName, Registry, keyed_names, load_registry
from .chronology import parse
from .files import document_names, read_text, source_files
from .models import Actor, Chronology, Event, Problem
from .text import iso_day, name_key


@dataclass(frozen=True)
class Document:
    """One chronology file as read: where it is, its text, and what the parser made of it."""

    path: Path
    text: str
    chronology: Chronology


def load_documents(paths: Sequence[Path | str], *, encoding: str | None = None,
                   registry: Registry | None = None, strict: bool = True) -> list[Document]:
    """Each chronology of `paths` (files or directories) read and parsed."""
    registry = registry if registry is not None else load_registry()
    files = source_files(paths)
    documents = []
    for path, name in zip(files, document_names(files), strict=True):
        text = read_text(path, encoding)
        documents.append(Document(path, text, parse(text, name, registry, strict=strict)))
    return documents


def load_many(paths: Sequence[Path | str], *, encoding: str | None = None,
              registry: Registry | None = None) -> Chronology:
    """Several chronologies (files or directories of `.txt` files) as one, duplicates merged."""
    return merge([d.chronology for d in load_documents(paths, encoding=encoding, registry=registry)])


Named = tuple[str, str]  # an actor's id and name


@dataclass
class Merger:
    """Chronologies merged one at a time, in the order given, holding only what merging needs
    (the people, and the key, place and document of each event kept), so that an archive
    can be merged as it is read. `merge` (over models) and the store (over its rows) both use it:
    for each event, `same_people` then `place`.

    The same event reported by two chronologies is the same first day, the same people and the
    same governments; when nobody is named, nothing says two entries are one."""

    people: dict[str, Actor] = field(default_factory=dict)  # by name_key: the first reading
    kept: int = 0  # how many events were kept so far
    _first: dict[str, Named] = field(default_factory=dict)  # by name_key: the first reading's id and name
    # Per event kept, only what a million events can afford: its key's digest, to the index of the
    # first event kept with that key; the documents by runs of indices; and its id.
    _first_at: dict[bytes, int] = field(default_factory=dict)
    _run_starts: list[int] = field(default_factory=list)  # the first index of each run of one document's events
    _run_documents: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def meet(self, actors: Sequence[Actor]) -> None:
        """Remember a chronology's actors; a person already met keeps the first reading."""
        self.meet_named(keyed_names(actors), actors.__getitem__)

    def meet_named(self, named: Sequence[KeyedName], actor: Callable[[int], Actor]) -> None:
        """`meet`, given each actor's `name_key`, id and name, and `actor(i)` giving the i-th actor:
        asked for only for a person not met yet (a worker's actors come as JSON, made into models
        only then)."""
        for i, (key, aid, name) in enumerate(named):
            if key not in self.people:
                self.people[key] = actor(i)
            self._first.setdefault(key, (aid, name))

    def same_people(self, actors: Sequence[Named]) -> list[Named]:
        """Each actor of an event as the first reading of that person (id and name)."""
        return [self._first.setdefault(name_key(name), (aid, name)) for aid, name in actors]

    def place(self, start: str, names: Sequence[str], countries: Sequence[str], document: str,
              event_id: str, taken: set[int]) -> tuple[int | None, str]:
        """(i, id) when the i-th event kept reports the same thing (its sources go to that one;
        `taken`: those already given one from this chronology); else (None, the event's id made
        unique across sources) for an event to keep: the rare clash of two different entries'
        ids gets a suffix from the later one's document name. `start`: the first day's ISO form
        (as the store's record holds it: a date, pickled by a call, crossed from the workers too)."""
        key = _digest(start, names, countries) if names else None
        at = self._first_at.get(key) if key else None
        if at is not None and at not in taken and self._document_of(at) != document:
            taken.add(at)
            return at, event_id
        if key and key not in self._first_at:
            self._first_at[key] = self.kept
        if not self._run_documents or self._run_documents[-1] != document:
            self._run_starts.append(self.kept)
            self._run_documents.append(document)
        self.kept += 1
        if event_id in self._ids:
            event_id = f"{event_id}-{hashlib.sha1(document.encode()).hexdigest()[:4]}"
        self._ids.add(event_id)
        return None, event_id

    def _document_of(self, index: int) -> str:
        return self._run_documents[bisect.bisect_right(self._run_starts, index) - 1]


def _digest(start: str, names: Sequence[str], countries: Sequence[str]) -> bytes:
    """What makes two entries one event (the first day, in ISO form, the people whatever the order
    of their names, the governments), as 16 bytes: equal digests, equal sets."""
    parts = [start, *sorted({name_key(n) for n in names}), "\x1e", *sorted(set(countries))]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()


def also_reported(kept: Event, again: Event) -> Event:
    """An event kept, with the sources of another chronology's report of it added."""
    return kept.model_copy(update={"sources": kept.sources + again.sources})


def merge(chronologies: Sequence[Chronology]) -> Chronology:
    """One chronology of the events of several, in the order given; an event reported by
    two of them is kept once, with both sources (the first as its `source`). A person
    found in several, written in either name order, is one actor (the first reading)."""
    if len(chronologies) == 1:
        return chronologies[0]
    merger = Merger()
    events: list[Event] = []
    for chronology in chronologies:
        merger.meet(chronology.actors)
        taken: set[int] = set()
        for event in chronology.events:
            event = with_people(event, merger.same_people([(a.id, a.name) for a in event.actors]))
            at, eid = merger.place(iso_day(event.start), [a.name for a in event.actors], event.countries,
                                   event.source.document, event.id, taken)
            if at is None:
                events.append(event if eid == event.id else event.model_copy(update={"id": eid}))
            else:
                events[at] = also_reported(events[at], event)
    return Chronology(
        document="; ".join(c.document for c in chronologies), title=None, relationship=None,
        period=None, citation=None, events=tuple(events), actors=tuple(merger.people.values()),
        problems=tuple(p for c in chronologies for p in c.problems),
    )


def with_people(event: Event, people: Sequence[Named]) -> Event:
    """The event with each actor's id and name as given (`Merger.same_people`)."""
    cast = tuple(a.model_copy(update={"id": i, "name": n}) for a, (i, n) in zip(event.actors, people, strict=True))
    return event if cast == event.actors else event.model_copy(update={"actors": cast})


def problems(documents: Sequence[Document]) -> list[Problem]:
    """Every problem of the documents, in order of document and line."""
    return [p for d in documents for p in d.chronology.problems]
