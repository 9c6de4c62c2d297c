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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .actors import Registry, load_registry
from .chronology import parse
from .errors import UsjpError
from .files import read_text
from .models import Actor, Chronology, Event, Problem
from .text import name_key


@dataclass(frozen=True)
class Document:
    """One chronology file as read: where it is, its text, and what the parser made of it."""

    path: Path
    text: str
    chronology: Chronology


def source_files(paths: Sequence[Path | str]) -> list[Path]:
    """The chronology files `paths` name: files as given, directories as their `.txt` files
    (sorted by name); each file once, in the order given."""
    files: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
            if not found:
                raise UsjpError(f"{given} holds no .txt files; give a chronology file or a directory of them")
            files += found
        else:
            files.append(given)
    seen: set[Path] = set()
    unique = []
    for path in files:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def document_names(files: Sequence[Path]) -> list[str]:
    """A name for each file: its file name, or its path as given when two files share a name."""
    names = [f.name for f in files]
    return [f.name if names.count(f.name) == 1 else str(f) for f in files]


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


def _same_event(event: Event) -> tuple[dt.date, frozenset[str], frozenset[str]] | None:
    """What makes two chronologies' entries one event: the first day, the people and the
    governments; None when nobody is named (then nothing says two entries are one)."""
    if not event.actors:
        return None
    return event.start, frozenset(name_key(a.name) for a in event.actors), frozenset(event.countries)


def merge(chronologies: Sequence[Chronology]) -> Chronology:
    """One chronology of the events of several, in the order given; an event reported by
    two of them is kept once, with both sources (the first as its `source`). A person
    found in several, written in either name order, is one actor (the first reading)."""
    if len(chronologies) == 1:
        return chronologies[0]
    people = _all_actors(chronologies)
    events: list[Event] = []
    first_at: dict[tuple[dt.date, frozenset[str], frozenset[str]], int] = {}
    for chronology in chronologies:
        taken: set[int] = set()
        for event in (_same_people(e, people) for e in chronology.events):
            key = _same_event(event)
            at = first_at.get(key) if key else None
            if at is not None and at not in taken and events[at].source.document != event.source.document:
                events[at] = events[at].model_copy(update={"sources": events[at].sources + event.sources})
                taken.add(at)
                continue
            if key and key not in first_at:
                first_at[key] = len(events)
            events.append(event)
    return Chronology(
        document="; ".join(c.document for c in chronologies), title=None, relationship=None,
        period=None, citation=None, events=tuple(_distinct_ids(events)), actors=tuple(people.values()),
        problems=tuple(p for c in chronologies for p in c.problems),
    )


def _same_people(event: Event, people: dict[str, Actor]) -> Event:
    """The event with each actor's id and name those of the first reading of that person."""
    first = [people[name_key(a.name)] for a in event.actors]
    cast = tuple(a.model_copy(update={"id": p.id, "name": p.name}) for a, p in zip(event.actors, first, strict=True))
    return event if cast == event.actors else event.model_copy(update={"actors": cast})


def _distinct_ids(events: list[Event]) -> list[Event]:
    """Events whose ids are unique across sources: the rare clash of two different entries'
    ids gets a suffix from the later one's document name."""
    seen: set[str] = set()
    out = []
    for event in events:
        if event.id in seen:
            tag = hashlib.sha1(event.source.document.encode()).hexdigest()[:4]
            event = event.model_copy(update={"id": f"{event.id}-{tag}"})
        seen.add(event.id)
        out.append(event)
    return out


def _all_actors(chronologies: Sequence[Chronology]) -> dict[str, Actor]:
    """Every actor of the chronologies by `person_key`, once each (the first reading wins)."""
    found: dict[str, Actor] = {}
    for chronology in chronologies:
        for actor in chronology.actors:
            found.setdefault(name_key(actor.name), actor)
    return found


def problems(documents: Sequence[Document]) -> list[Problem]:
    """Every problem of the documents, in order of document and line."""
    return [p for d in documents for p in d.chronology.problems]
