"""Calendar and timeline writers: iCalendar, TimelineJS and a Markdown table.

Like the writers in `export`, each function here is pure: it takes events and returns
the whole text, and never prints, opens files or reads the clock, so the same events
always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from .export import dumps
from .models import Event

PRODID = "-//usjp//Comparative Connections chronology//EN"

#: Longest a content line may be, in octets, not counting its CRLF (RFC 5545 3.1).
FOLD_OCTETS = 75

#: About how many characters a one-line summary (SUMMARY, headline) keeps.
SUMMARY_WIDTH = 75

# Anything a parser might take for the end of a line: CRLF, CR, LF, and the other
# characters `str.splitlines` splits on. In a TEXT value each becomes the escape "\n".
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Control characters RFC 5545 does not allow in a TEXT value (all but HTAB); dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# The units a folded line may not be split inside: an escape pair, or one character.
_FOLD_UNIT = re.compile(r"\\.|.", re.DOTALL)


def shorten(text: str, width: int = SUMMARY_WIDTH) -> str:
    """`text` on one line, cut at a word boundary with "…" when longer than `width` characters.

    Runs of whitespace (newlines included) become one space. The result is at most
    `width` characters long, the ellipsis included.
    """
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def venue_label(event: Event) -> str | None:
    """Where the event took place as "City, CC" (or only "CC"), or None when unknown."""
    venue = event.venue
    if venue is None:
        return None
    parts = [p for p in (venue.city, venue.country) if p]
    return ", ".join(parts) or None


def _actor_label(event: Event) -> list[str]:
    """Each actor as "Name (role, CC)", leaving out what is unknown."""
    labels = []
    for actor in event.actors:
        extra = ", ".join(p for p in (actor.role, actor.country) if p)
        labels.append(f"{actor.name} ({extra})" if extra else actor.name)
    return labels


def describe(event: Event) -> str:
    """The long description of an event: its full text, actors, format, kind and source."""
    lines = [event.text, ""]
    actors = _actor_label(event)
    if actors:
        lines.append("Actors: " + "; ".join(actors))
    lines.append(f"Format: {event.format.value}")
    lines.append(f"Kind: {event.kind.value}")
    lines.append(f"Source: {event.source.document}, line {event.source.line}")
    return "\n".join(lines)


def escape_text(value: str) -> str:
    r"""A TEXT value escaped per RFC 5545 3.3.11: `\\`, `\;`, `\,` and `\n` for a line break.

    Every line break (CR, LF, CRLF, and the Unicode line and paragraph separators)
    becomes `\n`; other control characters except tab are dropped. The result holds no
    CR or LF, so it cannot end its content line early.
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _LINE_BREAK.sub(r"\\n", value)
    return _CONTROL.sub("", value)


def fold(line: str, limit: int = FOLD_OCTETS) -> str:
    """One content line folded per RFC 5545 3.1, each physical line ending in CRLF.

    Physical lines are at most `limit` octets of UTF-8 (a continuation line's leading
    space counts), and a fold never splits a multi-byte character or an escape pair.
    """
    out: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _FOLD_UNIT.findall(line):
        octets = len(unit.encode("utf-8"))
        if current and size + octets > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(unit)
        size += octets
    out.append("".join(current))
    return "".join(part + "\r\n" for part in out)


def _date(day: dt.date) -> str:
    """A DATE value: YYYYMMDD."""
    return day.strftime("%Y%m%d")


def _vevent(event: Event) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.id)}@usjp",
        # Derived from the data, not the clock, so that output is reproducible.
        f"DTSTAMP:{_date(event.start)}T000000Z",
        f"DTSTART;VALUE=DATE:{_date(event.start)}",
        # All-day events: DTEND is exclusive, the day after the last day.
        f"DTEND;VALUE=DATE:{_date(event.end + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(shorten(event.text))}",
    ]
    location = venue_label(event)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append(f"DESCRIPTION:{escape_text(describe(event))}")
    categories = (event.format.value, event.kind.value)
    lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in categories))
    lines.append("END:VEVENT")
    return lines


def to_ics(events: Sequence[Event]) -> str:
    """An RFC 5545 iCalendar of all-day events, one VEVENT per event, CRLF line endings.

    UIDs are `<event id>@usjp`; DTSTAMP is the event's start date at midnight UTC, so
    the same events always give the same text. Text values are escaped and long lines
    folded at 75 octets.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    for event in events:
        lines.extend(_vevent(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _timeline_date(day: dt.date) -> dict[str, int]:
    """A TimelineJS date object."""
    return {"year": day.year, "month": day.month, "day": day.day}


def to_timelinejs(events: Sequence[Event], title: str | None = None) -> str:
    """TimelineJS3 JSON: a title slide (when `title` is given) and one slide per event.

    TimelineJS shows text as HTML, so every text is HTML-escaped. Events are grouped
    by format; `end_date` is the event's last day (inclusive).
    """
    data: dict[str, object] = {}
    if title is not None:
        data["title"] = {"text": {"headline": html.escape(title)}}
    data["events"] = [
        {
            "start_date": _timeline_date(event.start),
            "end_date": _timeline_date(event.end),
            "text": {
                "headline": html.escape(shorten(event.text)),
                "text": html.escape(event.text),
            },
            "group": event.format.value,
            "unique_id": event.id,
        }
        for event in events
    ]
    return dumps(data, indent=2) + "\n"


MARKDOWN_COLUMNS = ("id", "date", "kind", "format", "venue", "actors", "entry")


# What Markdown would read as a link, an image, HTML, code or emphasis, or a cell's end.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def markdown_cell(value: str) -> str:
    r"""A GitHub Markdown table cell showing `value` as text: whitespace runs (newlines too)
    become one space, and `\ ` * _ [ ] < > |` are backslash-escaped, so data cannot become
    a link, HTML or formatting, nor end the cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def to_markdown(events: Sequence[Event]) -> str:
    """A GitHub-flavoured Markdown table: a header row, a delimiter row, one row per event."""
    lines = [
        "| " + " | ".join(MARKDOWN_COLUMNS) + " |",
        "|" + "|".join("---" for _ in MARKDOWN_COLUMNS) + "|",
    ]
    for event in events:
        date = event.start.isoformat()
        if event.end != event.start:
            date += f" – {event.end.isoformat()}"
        cells = (
            event.id,
            date,
            event.kind.value,
            event.format.value,
            venue_label(event) or "",
            "; ".join(a.name for a in event.actors),
            event.text,
        )
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
