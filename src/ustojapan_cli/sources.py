"""Several chronologies at once: finding their files, reading each, and merging their events.

    paths --source_files--> files --files.read_text / parse--> Documents --merge--> Chronology

An event keeps the id its own chronology gives it (the date and a hash of its entry), so
adding a source never changes the ids of the others. The same event reported by two
chronologies (the same first day, the same people, the same governments) is kept once,
with both sources; the first source given is its primary `source`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .actors import Registry, load_registry
from .chronology import parse
from .files import document_names, read_text, source_files
from .models import Actor, Chronology, Event, Problem
from .text import name_key


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


Key = tuple[dt.date, frozenset[str], frozenset[str]]


def _same_event(event: Event) -> Key | None:
    """What makes two chronologies' entries one event: the first day, the people and the
    governments; None when nobody is named (then nothing says two entries are one)."""
    if not event.actors:
        return None
    return event.start, frozenset(name_key(a.name) for a in event.actors), frozenset(event.countries)


@dataclass
class Merger:
    """Chronologies merged one at a time, in the order given, holding only what merging needs
    (the people, and the key, place and document of each event kept), so that an archive
    can be merged as it is read. `merge` and the store both use it."""

    people: dict[str, Actor] = field(default_factory=dict)  # by name_key: the first reading
    kept: int = 0  # how many events were kept so far
    _first_at: dict[Key, tuple[int, str]] = field(default_factory=dict)  # key -> (index, document)
    _ids: set[str] = field(default_factory=set)

    def add(self, chronology: Chronology) -> Iterator[tuple[int | None, Event]]:
        """Each event of `chronology`: (None, event) for one to keep (it is the `kept`-th), or
        (i, event) when the i-th event kept reports the same thing: its sources go to that one."""
        for actor in chronology.actors:
            self.people.setdefault(name_key(actor.name), actor)
        taken: set[int] = set()
        for event in (_same_people(e, self.people) for e in chronology.events):
            key = _same_event(event)
            at, document = self._first_at.get(key, (None, None)) if key else (None, None)
            if at is not None and at not in taken and document != event.source.document:
                taken.add(at)
                yield at, event
                continue
            if key and key not in self._first_at:
                self._first_at[key] = (self.kept, event.source.document)
            yield None, self._distinct_id(event)
            self.kept += 1

    def _distinct_id(self, event: Event) -> Event:
        """The event with an id unique across sources: the rare clash of two different entries'
        ids gets a suffix from the later one's document name."""
        if event.id in self._ids:
            tag = hashlib.sha1(event.source.document.encode()).hexdigest()[:4]
            event = event.model_copy(update={"id": f"{event.id}-{tag}"})
        self._ids.add(event.id)
        return event


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
        for at, event in merger.add(chronology):
            if at is None:
                events.append(event)
            else:
                events[at] = also_reported(events[at], event)
    return Chronology(
        document="; ".join(c.document for c in chronologies), title=None, relationship=None,
        period=None, citation=None, events=tuple(events), actors=tuple(merger.people.values()),
        problems=tuple(p for c in chronologies for p in c.problems),
    )


def _same_people(event: Event, people: dict[str, Actor]) -> Event:
    """The event with each actor's id and name those of the first reading of that person."""
    first = [people[name_key(a.name)] for a in event.actors]
    cast = tuple(a.model_copy(update={"id": p.id, "name": p.name}) for a, p in zip(event.actors, first, strict=True))
    return event if cast == event.actors else event.model_copy(update={"actors": cast})


def problems(documents: Sequence[Document]) -> list[Problem]:
    """Every problem of the documents, in order of document and line."""
    return [p for d in documents for p in d.chronology.problems]
