"""The actor registry: who is who, under which names, holding which posts when.

The bundled `data/actors.toml` is the base; more TOML files in the same format extend it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import RegistryError
from .models import Actor
from .resources import data_path
from .text import fold, name_key

KeyedName = tuple[str, str, str]  # an actor's `name_key`, id and name


def keyed_names(actors: Iterable[Actor]) -> list[KeyedName]:
    """Each actor's `name_key`, id and name: what merging chronologies matches people by
    (`sources.Merger.meet_named`)."""
    return [(name_key(a.name), a.id, a.name) for a in actors]


def name_tokens(name: str) -> list[str]:
    """The words of a name that can stand alone for it: the first and the last.

    Journals write East Asian names family-first and Western names given-first,
    so either end may be the family name. A name made only of suffixes ("Sr") stands
    for itself.
    """
    written = name.replace(",", " ").split()
    words = [w for w in written if w.rstrip(".") not in ("Jr", "Sr", "III")] or written
    return [words[0], words[-1]] if len(words) > 1 else words


@dataclass
class Registry:
    """Actors indexed by every name they go by."""

    actors: list[Actor] = field(default_factory=list)
    _by_name: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    _by_token: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    # what users of the registry work out from it and keep (`resolve.Resolver.listed`): emptied by `add`
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to a worker process) without the memo, which the worker works out again."""
        return {**self.__dict__, "memo": {}}

    def add(self, actor: Actor) -> None:
        """Add an actor, or replace the one with the same id (a user file overrides)."""
        self.memo.clear()
        if any(a.id == actor.id for a in self.actors):
            self.actors = [a for a in self.actors if a.id != actor.id]
            self._reindex()
        else:
            self._index(actor)
        self.actors.append(actor)

    def _index(self, actor: Actor) -> None:
        for name in (actor.name, *actor.aliases):
            self._by_name[fold(name)].append(actor)
            for token in name_tokens(name):
                if actor not in self._by_token[fold(token)]:
                    self._by_token[fold(token)].append(actor)

    def _reindex(self) -> None:
        self._by_name.clear()
        self._by_token.clear()
        for actor in self.actors:
            self._index(actor)

    def by_name(self, name: str) -> list[Actor]:
        """Actors whose name or an alias is `name` (case- and accent-insensitive)."""
        return list(self._by_name.get(fold(name), []))

    def by_token(self, token: str, on: dt.date | None = None) -> list[Actor]:
        """Actors one of whose names starts or ends with the word `token`.

        With `on`, when several match, those holding a post that day are preferred.
        """
        found = list(self._by_token.get(fold(token), []))
        return found if on is None else in_office(found, on)


def in_office(actors: list[Actor], on: dt.date) -> list[Actor]:
    """`actors`; when several, only those holding a post on `on`, if any does."""
    if len(actors) > 1:
        holding = [a for a in actors if a.role_on(on)]
        return holding or actors
    return actors


def load_registry(extra: Iterable[Path] = ()) -> Registry:
    """The bundled registry, extended by each file of `extra` in turn."""
    registry = Registry()
    for path in (data_path("actors.toml"), *extra):
        for actor in read_actor_file(path):
            registry.add(actor)
    return registry


def read_actor_file(path: Path) -> list[Actor]:
    """The actors of one TOML registry file; a malformed file is a RegistryError naming it and the line."""
    from .files import read_text

    text = read_text(path, what="an actor registry")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        line = f":{where['line']}" if where else ""
        column = f" (column {where['column']})" if where else ""
        reason = _TOML_WHERE.sub("", str(exc)).strip()
        raise RegistryError(f"{path}{line}: not valid TOML: {reason}{column}") from None
    headers = [n for n, row in enumerate(text.splitlines(), start=1) if row.strip().startswith("[[actor]]")]
    actors = []
    for i, entry in enumerate(doc.get("actor", []), start=1):
        try:
            actors.append(Actor.model_validate(entry))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            line = f":{headers[i - 1]}" if i <= len(headers) else ""
            raise RegistryError(
                f"{path}{line}: actor #{i} ({entry.get('name', '?')}): {field}: {first['msg']}"
            ) from None
    return actors


_TOML_WHERE = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)")
