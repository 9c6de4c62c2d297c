"""Reading a chronology: from an article's text to a `Chronology` of events.

    text -> split_entries (dates, lines) -> find_mentions / resolve (people)
         -> classify (venue, governments, format, kind) -> Event

Pure functions over text; a file is read only by `load`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .actors import Registry, load_registry
from .classify import format_of, governments, kind_of, venue_of
from .dates import ENTRY_DATE, BadDate, entry_span, misspelt_month, period_span
from .errors import ParseError
from .files import read_text
from .lexicon import lexicon
from .models import Chronology, Event, Period, Source
from .people import find_mentions
from .resolve import resolve
from .resources import SEED_NAME, data_path
from .text import fold, squash

# One character for one character, so offsets (and so line numbers) survive.
_FLATTEN = str.maketrans(
    {c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                     "\u200a\u202f\u205f\u3000\t\f\v"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
    | {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)
_HEADING = re.compile(r"^[ ]*Chronology of (?P<rel>.+?)(?: Relations)?[ ]*$",
                      re.IGNORECASE | re.MULTILINE)
_CITATION = re.compile(r"Preferred citation:\s*(?P<cite>[^\n]+)", re.IGNORECASE)
_SENTENCE_ENDS = frozenset(""".!?"')]\n""")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class RawEntry:
    """One dated entry as found in the text, before anything is read from its words."""

    span: Period
    text: str
    line: int


def flatten(text: str) -> str:
    """Unicode spaces to spaces, dashes to hyphens, curly quotes straight; same length."""
    return text.translate(_FLATTEN)


def split_entries(text: str, document: str) -> tuple[dict[str, str | Period | None], list[RawEntry]]:
    """The chronology's heading details and its dated entries, in the source's order.

    The chronology starts after a "Chronology of ..." heading when there is one (so
    dates in the article body are not entries), else at the top. An entry starts
    with a date and a colon at the start of a line or after the end of a sentence,
    and runs to the next entry: lines it wraps over are joined.
    """
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    _refuse_surrogates(text, document)
    flat = flatten(text)  # same length as text: offsets in one are offsets in the other
    heading = _HEADING.search(flat)
    begin = heading.end() if heading else 0
    newlines = [m.start() for m in re.finditer("\n", flat)]
    starts = [m for m in ENTRY_DATE.finditer(flat, begin) if _starts_entry(flat, m.start())]
    misspelt = misspelt_month(flat, begin)
    if misspelt:
        raise ParseError(misspelt[1], document, bisect.bisect_left(newlines, misspelt[0]) + 1)
    entries = []
    ends = [m.start() for m in starts[1:]] + [len(flat)] if starts else []
    for m, stop in zip(starts, ends, strict=True):
        line = bisect.bisect_left(newlines, m.start()) + 1
        try:
            first, last = entry_span(m)
        except BadDate as exc:
            raise ParseError(str(exc), document, line) from None
        body = squash(text[m.end(): stop])  # as written: curly quotes and dashes kept
        entries.append(RawEntry(Period(start=first, end=last), body, line))
    return _header(flat, heading, begin), entries


def _refuse_surrogates(text: str, document: str) -> None:
    """A lone surrogate (text decoded with errors="surrogateescape") is not text: an error naming its line."""
    bad = _SURROGATE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ParseError(f"U+{ord(bad.group()):04X} is not a character (undecodable bytes?); "
                         "decode the text strictly, giving its encoding", document, line)


def _starts_entry(flat: str, offset: int) -> bool:
    """A date starts an entry at the start of a line or right after a sentence ends."""
    i = offset  # back over the spaces before the date (not a whole long line: that is quadratic)
    while i > 0 and flat[i - 1] != "\n" and flat[i - 1].isspace():
        i -= 1
    return i == 0 or flat[i - 1] in _SENTENCE_ENDS


def _header(flat: str, heading: re.Match[str] | None, begin: int) -> dict[str, str | Period | None]:
    """Title, relationship, period and citation, where the text gives them."""
    period = None
    for line in flat[begin:].splitlines()[:5]:
        span = period_span(line)
        if span:
            period = Period(start=span[0], end=span[1])
            break
    cite = _CITATION.search(flat)
    citation = cite["cite"].strip() if cite else None
    if citation and citation.count(")") > citation.count("("):
        citation = citation[: citation.rfind(")")].strip()
    return {
        "title": squash(heading.group().strip()) if heading else None,
        "relationship": squash(heading["rel"]) if heading else None,
        "period": period,
        "citation": citation,
    }


def event_id(entry: RawEntry, length: int = 4) -> str:
    """A short id that stays the same across runs: the date and a hash of the entry."""
    key = f"{entry.span.start}|{entry.span.end}|{fold(entry.text)}"
    return f"{entry.span.start.isoformat()}-{hashlib.sha1(key.encode()).hexdigest()[:length]}"


def _unique_ids(entries: list[RawEntry]) -> list[str]:
    """Ids for the entries; a clash of short hashes gets longer ones, a repeated entry a suffix."""
    ids = [event_id(e) for e in entries]
    clashes = {i for i, n in Counter(ids).items() if n > 1}
    ids = [event_id(e, 8) if i in clashes else i for e, i in zip(entries, ids, strict=True)]
    seen: Counter[str] = Counter()
    out = []
    for i in ids:
        seen[i] += 1
        out.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
    return out


def parse(text: str, document: str = "<text>", registry: Registry | None = None) -> Chronology:
    """Read a chronology (a whole article, or only its entries) into a `Chronology`."""
    lex = lexicon()
    registry = registry if registry is not None else load_registry()
    header, entries = split_entries(text, document)
    plain = [flatten(e.text) for e in entries]  # what the rules read
    mentions = [find_mentions(p, lex) for p in plain]
    relationship = header["relationship"]
    parties = [c for _, c in lex.countries_in(relationship, parties_only=False)] if isinstance(
        relationship, str) else []
    casts, actors = resolve([e.span.start for e in entries], mentions, registry, lex, parties)
    events = []
    for entry, words, cast, eid in zip(entries, plain, casts, _unique_ids(entries), strict=True):
        kind = kind_of(words)
        countries = governments(words, cast, lex)
        events.append(Event(
            id=eid, start=entry.span.start, end=entry.span.end, text=entry.text,
            actors=tuple(cast), countries=countries, venue=venue_of(words, kind, lex),
            format=format_of(words, countries, cast), kind=kind,
            source=Source(document=document, line=entry.line),
        ))
    return Chronology(document=document, events=tuple(events), actors=tuple(actors), **header)


def load(path: Path | str | None = None, registry: Registry | None = None) -> Chronology:
    """Read a chronology file; without a path, the bundled seed article."""
    return load_with_text(path, registry)[0]


def load_with_text(path: Path | str | None = None,
                   registry: Registry | None = None) -> tuple[Chronology, str]:
    """A chronology file read, and its text (for the entries as written and the article body)."""
    source = Path(path) if path is not None else data_path(SEED_NAME)
    text = read_text(source)  # the one reader of users' files: says what is wrong with one
    return parse(text, source.name, registry), text


def entry_as_written(text: str, event: Event, chronology: Chronology) -> str:
    """The lines of the source that hold `event`'s entry, exactly as written (blank lines trimmed)."""
    lines = text.splitlines()
    later = [e.source.line for e in chronology.events if e.source.line > event.source.line]
    stop = min(later) - 1 if later else len(lines)
    return "\n".join(lines[event.source.line - 1: stop]).strip("\n")
