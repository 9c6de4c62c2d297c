"""Who took part: each actor with their number of events, first and last appearance and roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Actor, Event, Role
from .text import fold


@dataclass(frozen=True)
class Appearance:
    """An actor's record in a set of events."""

    actor: Actor
    events: int
    first: dt.date
    last: dt.date
    role: str | None  # the role held on the `at` day, or the latest role seen in the events


def roles_text(roles: Sequence[Role]) -> str:
    """"Minister for Foreign Affairs (2023-09-13 – 2024-10-01); ..." for a table cell."""
    def one(r: Role) -> str:
        if r.from_ is None and r.to is None:
            return r.title
        return f"{r.title} ({r.from_ or '…'} – {r.to or 'now'})"
    return "; ".join(one(r) for r in roles)


def appearances(events: Sequence[Event], actors: Sequence[Actor], *, at: dt.date | None = None,
                country: Sequence[str] = (), role: str | None = None) -> list[Appearance]:
    """Every actor of `events`, most events first (ties by name).

    `country` keeps actors of those countries; `role` keeps actors one of whose roles
    (or, with `at`, the role held that day) contains the words; `at` keeps only actors
    holding a post that day and reports that post.
    """
    by_id = {a.id: a for a in actors}
    seen: dict[str, list[Event]] = {}
    for e in events:
        for a in e.actors:
            seen.setdefault(a.id, []).append(e)
    out = []
    for actor_id, evs in seen.items():
        actor = by_id.get(actor_id)
        if actor is None or (country and actor.country not in country):
            continue
        held = _role_at(actor, at) if at else _latest_role(actor_id, evs)
        if at and held is None:
            continue
        titles = [held] if at else [r.title for r in actor.roles] + [held or ""]
        if role and not any(fold(role) in fold(t or "") for t in titles):
            continue
        out.append(Appearance(actor, len(evs), min(e.start for e in evs), max(e.end for e in evs), held))
    return sorted(out, key=lambda a: (-a.events, fold(a.actor.name)))


def _role_at(actor: Actor, day: dt.date) -> str | None:
    role = actor.role_on(day)
    return role.title if role else None


def _latest_role(actor_id: str, events: Sequence[Event]) -> str | None:
    roles = [a.role for e in events for a in e.actors if a.id == actor_id and a.role]
    return roles[-1] if roles else None
