"""The data model: events, actors, venues and the chronology that holds them.

Pure Pydantic v2 models, frozen and strict about unknown fields. No I/O here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic_core import CoreSchema, core_schema

from .categories import Format, Kind, Level

__all__ = ["Actor", "Chronology", "Event", "EventActor", "Format", "Frozen", "Kind", "Level", "Period", "Role",
           "Source", "Venue"]


class _AsString:
    """A field's enum of strings (a `StrEnum`) serialized as the string it is. Pydantic's serializer
    reads an enum member's `.value`, a property run in Python (~1,000 instructions; an event has
    two, and one more per actor); a string's serializer reads the member's characters in C. The
    JSON schema stays the enum's, and validation is untouched."""

    def __get_pydantic_core_schema__(self, source: type[Any], handler: GetCoreSchemaHandler) -> CoreSchema:
        return {**handler(source), "serialization": core_schema.simple_ser_schema("str")}


AS_STRING = _AsString()


class Frozen(BaseModel):
    """Base for every model: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Role(Frozen):
    """A post held between two dates (inclusive; open-ended when missing)."""

    title: str
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    level: Annotated[Level, AS_STRING] | None = None

    def held_on(self, day: dt.date) -> bool:
        """True when the post was held on `day`."""
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)


class Actor(Frozen):
    """A person, as known to the registry or found in a chronology."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    level: Annotated[Level, AS_STRING] = Level.NATIONAL
    roles: tuple[Role, ...] = ()

    def role_on(self, day: dt.date) -> Role | None:
        """The post held on `day`, the latest-starting one if several overlap."""
        held = [r for r in self.roles if r.held_on(day)]
        if len(held) < 2:  # most actors hold one post, or none
            return held[0] if held else None
        return max(held, key=lambda r: r.from_ or dt.date.min)


class EventActor(Frozen):
    """An actor as they took part in one event: with the role they held that day."""

    id: str
    name: str
    country: str | None
    role: str | None
    level: Annotated[Level, AS_STRING]


class Venue(Frozen):
    """Where an event took place; `city` is null when only a country is known."""

    city: str | None
    country: str | None


class Source(Frozen):
    """Where an entry was read: the document's name and the line the entry starts on."""

    document: str
    line: int


class Event(Frozen):
    """One dated entry of a chronology, with what the parser read from it."""

    id: str
    start: dt.date
    end: dt.date
    text: str
    actors: tuple[EventActor, ...]
    countries: tuple[str, ...]
    venue: Venue | None
    format: Annotated[Format, AS_STRING]
    kind: Annotated[Kind, AS_STRING]
    source: Source
    sources: tuple[Source, ...] = Field(
        default=(), description="Every chronology that reports the event, `source` first.")
    flags: tuple[str, ...] = Field(
        default=(), description="What looks wrong with the entry: 'outside-period', 'out-of-order'.")

    @model_validator(mode="before")
    @classmethod
    def _primary_source_first(cls, data: Any) -> Any:
        """`sources` defaults to the one `source`."""
        if isinstance(data, dict) and not data.get("sources") and data.get("source") is not None:
            data = {**data, "sources": (data["source"],)}
        return data


class Period(Frozen):
    """The span a chronology says it covers."""

    start: dt.date
    end: dt.date


class Problem(Frozen):
    """Something in a chronology that the parser could not read, or read but doubts."""

    document: str
    line: int
    kind: str  # unread, outside-period, out-of-order, duplicate, unplaced, ambiguous
    message: str


class Chronology(Frozen):
    """A chronology read from one document: its heading, period, citation and events."""

    document: str
    title: str | None
    relationship: str | None
    period: Period | None
    citation: str | None
    events: tuple[Event, ...]
    actors: tuple[Actor, ...] = ()
    problems: tuple[Problem, ...] = ()
