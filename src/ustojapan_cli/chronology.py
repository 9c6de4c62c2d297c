"""Reading a chronology: from an article's text to a `Chronology` of events.

    text -> split_entries (dates, lines) -> find_mentions / resolve (people)
         -> classify (venue, governments, format, kind) -> Event

Pure functions over text; a file is read only by `load`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import operator
import pickle
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .actors import KeyedName, Registry, keyed_names, load_registry
from .classify import read
from .dates import ENTRY_DATE, LOOSE_DATE, MONTH_YEAR, BadDate, entry_span, misspelt_month, period_span
from .errors import ParseError
from .files import read_text
from .lexicon import keep, lexicon
from .models import Actor, Chronology, Event, Period, Problem, Source
from .needles import Sieve, heads, lowered, needles
from .parallel import Parcel
from .people import Mention, find_mentions
from .resolve import Resolver
from .resources import SEED_NAME, data_path
from .text import fold, iso_day, squash

# One character for one character, so offsets (and so line numbers) survive.
_FLATTEN = str.maketrans(
    {c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                     "\u200a\u202f\u205f\u3000\t\f\v"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
    | {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)
_FLATTENS = tuple((chr(code), to) for code, to in _FLATTEN.items())  # (a character, what it turns to)
_TO_FLATTEN = re.compile("[" + re.escape("".join(map(chr, _FLATTEN))) + "]")
_SHORT = 256  # characters: a text beyond ASCII this short is flattened by `_TO_FLATTEN` (see `flatten`)
# those of ASCII characters (tab, vertical tab, form feed): without them, ASCII text is flat
_ASCII_FLATTENS = tuple((c, to) for c, to in _FLATTENS if c.isascii())
_HEADING = re.compile(r"^[ ]*Chronology of (?P<rel>.+?)(?: Relations)?[ ]*$",
                      re.IGNORECASE | re.MULTILINE)
_CITATION = Sieve(re.compile(r"Preferred citation:\s*(?P<cite>[^\n]+)", re.IGNORECASE))
# What every match of either date regex starts with, lowered: the start of a month's name ("nov").
# A piece's are found once, for both regexes (see `_month_heads`).
def _heads_of(*patterns: re.Pattern[str]) -> tuple[str, ...]:
    """The heads of all `patterns` (`needles.heads`), in order; an error when one's are unknown."""
    found = [heads(pattern) for pattern in patterns]
    if any(h is None for h in found):
        raise ValueError("a date regex no longer starts with one of a few strings")
    return tuple(sorted(set().union(*filter(None, found))))


_DATE_HEADS = _heads_of(ENTRY_DATE, LOOSE_DATE)
_ESCAPED_QUOTE = re.compile("\\\\(['\"\u2018\u2019\u201c\u201d])")
# A PDF's running page header or footer: "U.S.-China Relations 32 April 2009",
# "US-JAPAN RELATIONS | JANUARY 2024", "COMPARATIVE CONNECTIONS | JANUARY 2024".
_PAGE_NAME = (r"(?<![\w.'-])(?:(?P<rel>(?:[A-Z][\w.']*[ ]?-[ ]?)+[A-Z][\w.']*(?:[ ][A-Z][\w']*)?)[ ]+(?i:Relations)"
              r"|(?i:Comparative Connections))")
_PAGE_MARK = re.compile(
    _PAGE_NAME
    + rf"(?:\s+(?:\d{{1,3}}\s+{MONTH_YEAR}|{MONTH_YEAR}\s+\d{{1,3}})|[ ]*\|[ ]*{MONTH_YEAR}(?:\s+\d{{1,3}})?)(?!\d)"
)
# What a page header's name holds ("relations", "comparative connections"), on the line the
# header starts on: its name has no line break.
_PAGE_WORDS = needles(re.compile(_PAGE_NAME))
# A footnote mark: a number (the group) stuck to the end of a sentence or a word's punctuation
# ("Wirajuda.1 "); or a superscript digit, or a bullet of a list copied from a web page. Two
# regexes, so each starts with a set of characters the engine can scan for (a look-behind
# cannot be scanned for: the one that the punctuation follows a word comes after it, five times
# faster); their marks cannot overlap: none holds another's characters.
_FOOTNOTE = re.compile(r"[.,;:!?\"')\]](?<=[^\d\s].)(\d{1,2})(?=\s|$)")
_MARKS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079\u2022\u2023\u2043\u25aa\u25cf\u25e6"
_MARK = re.compile(f"[{_MARKS}]")
_SENTENCE_ENDS = frozenset(""".!?"')]\n""")
Note = tuple[int, str, str]  # line, kind of problem, message
_new = tuple.__new__  # a NamedTuple built without its Python-level __new__


class Span(NamedTuple):
    """The first and last day of an entry."""

    start: dt.date
    end: dt.date


class RawEntry(NamedTuple):
    """One dated entry as found in the text, before anything is read from its words (a tuple:
    an archive has a million, and each crosses to a worker process)."""

    span: Span
    text: str
    line: int


@dataclass(frozen=True)
class Scan:
    """What `scan` finds in a text: heading details, entries, and text it could not read."""

    header: dict[str, str | Period | None]
    entries: list[RawEntry]
    unread: list[tuple[int, str]]  # (line, what is wrong)


def flatten(text: str) -> str:
    """Unicode spaces to spaces, dashes to hyphens, curly quotes straight; same length."""
    # str.translate looks up every character; a `str.find` of each character of the table (a C
    # loop, mostly memchr's) finds the few there are to change, each then replaced by one C call:
    # ~2.6k instructions an ASCII entry's text (8.7k by a regex's search of the table's set, ~60 a
    # character), 38k a file's 800 characters beyond ASCII (62k). Each turns to a character not in
    # the table: replaced in any order. A short text beyond ASCII: the regex, sooner than 29 finds.
    ascii = text.isascii()  # reads a flag: an entry's text, mostly
    if not ascii and len(text) < _SHORT:
        return _TO_FLATTEN.sub(lambda m: _FLATTEN[ord(m.group())], text)
    for c, to in _ASCII_FLATTENS if ascii else _FLATTENS:
        if c in text:
            text = text.replace(c, to)
    return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the characters of `spans` turned to spaces (line breaks kept): same length."""
    if not spans:
        return text
    parts, at = [], 0
    for start, end in sorted(spans):
        start = max(start, at)
        parts += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = max(at, end)
    return "".join(parts) + text[at:]


def _noise(flat: str, low: str | None = None) -> tuple[list[tuple[int, int]], str | None]:
    """Spans of PDF page headers and footnote marks, and the relationship a page header names
    (`low`: `lowered(flat)`, when the caller has it)."""
    pages = list(_page_marks(flat, low))
    spans = ([m.span() for m in pages] + [m.span(1) for m in _FOOTNOTE.finditer(flat)]
             + ([m.span() for m in _MARK.finditer(flat)] if _has_marks(flat) else []))
    named = [m["rel"] for m in pages if m["rel"]]
    return spans, squash(named[0]) if named else None


def _has_marks(flat: str) -> bool:
    """Whether `flat` holds a superscript digit or a bullet (`_MARK`): a flag for ASCII text, else
    a `str.find` of each (a C loop of a few instructions a character: 3 ms over 10 MB, where the
    regex's search of its set at every character took 60-77 ms, in the main process while the
    workers wait for the first piece)."""
    return not flat.isascii() and any(mark in flat for mark in _MARKS)


def _page_marks(flat: str, low: str | None = None) -> Iterator[re.Match[str]]:
    """The matches of `_PAGE_MARK.finditer(flat)`, the regex tried only from the start of a line
    that holds a page word up to that word (each place once), not at every character (`low`:
    `lowered(flat)`, when the caller has it)."""
    if _PAGE_WORDS is None:
        yield from _PAGE_MARK.finditer(flat)
        return
    low = lowered(flat) if low is None else low
    words = sorted(at for word in _PAGE_WORDS for at in _places(low, word))
    end = tried = 0  # the end of the last match; the places before `tried` do not start one
    for at in words:
        for start in range(max(flat.rfind("\n", 0, at) + 1, end, tried), at + 1):
            m = _PAGE_MARK.match(flat, start)
            if m:
                end = m.end()  # past `at`: a header starting after the words before holds this one
                yield m
                break
        tried = at + 1


def _places(text: str, word: str) -> Iterator[int]:
    """Every offset of `word` in `text`, overlapping ones too."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def split_entries(text: str, document: str) -> tuple[dict[str, str | Period | None], list[RawEntry]]:
    """The chronology's heading details and its dated entries, in the source's order."""
    found = scan(text, document)
    return found.header, found.entries


def scan(text: str, document: str, *, strict: bool = True, mapper: Mapper = map) -> Scan:
    """The chronology's heading details, its dated entries in the source's order, and the
    text it could not read as an entry (with line numbers).

    The chronology starts after a "Chronology of ..." heading when there is one (so
    dates in the article body are not entries), else at the top. An entry starts
    with a date and a colon at the start of a line or after the end of a sentence,
    and runs to the next entry: lines it wraps over are joined. PDF page headers
    ("U.S.-China Relations 32 April 2009") and footnote marks are removed first, and
    backslash-escaped quotes unescaped. A date that does not exist is a ParseError
    when `strict`, else reported as unread.

    A big text is cut in pieces at entries, each scanned on `mapper` (see `_cuts`).
    """
    text = _ESCAPED_QUOTE.sub(r"\1", text.replace("\r\n", " \n").replace("\r", "\n"))
    _refuse_surrogates(text, document)
    flat = flatten(text)  # same length as text: offsets in one are offsets in the other
    low = lowered(flat)  # a pass over the whole text, made once (10 MB: 35 ms)
    spans, page_relationship = _noise(flat, low)
    text, flat, low = _blank(text, spans), _blank(flat, spans), _blank(low, spans)
    heading = _HEADING.search(flat)
    begin = heading.end() if heading else 0
    cuts = [begin, *_cuts(flat, begin, min(BATCHES, max(1, (len(flat) - begin) // PIECE))), len(flat)]
    pieces = _pieces(text, flat, cuts, headed=heading is not None, packed=_crosses(mapper))
    entries, unread, misspelt, bad = [], [], [], []
    for found in mapper(_scan_piece, pieces):
        entries += _unpack(found.entries)
        unread += found.unread
        misspelt += found.misspelt
        bad += found.bad
    for line, message in misspelt[:1] + bad:  # a misspelt month first, as it may explain a bad date
        if strict:
            raise ParseError(message, document, line)
        unread.append((line, message))
    header = _header(flat, low, heading, begin)
    if header["relationship"] is None:
        header["relationship"] = page_relationship
    return Scan(header, entries, sorted(unread))


PIECE = 1 << 19  # characters: a text at least twice as long is cut in pieces scanned apart


def _cuts(flat: str, begin: int, pieces: int) -> list[int]:
    """Offsets where the chronology from `begin` may be cut into `pieces` scanned apart (fewer
    if no line allows it near a share's end): each the start of an entry's date at the start of a
    line after an even share of the text. The entries of the pieces are those of the whole."""
    cuts: list[int] = []
    for k in range(1, pieces):
        at = flat.find("\n", begin + (len(flat) - begin) * k // pieces)
        for _ in range(_CUT_TRIES):
            if at < 0:
                break
            date = at + 1
            while flat[date: date + 1] == " ":
                date += 1
            if date > (cuts[-1] if cuts else begin) and _starts_entry_here(flat, at, date):
                cuts.append(date)
                break
            at = flat.find("\n", at + 1)
    return cuts


def _starts_entry_here(flat: str, newline: int, date: int) -> bool:
    """True when an entry's date starts at `date`, the first word of the line after `newline`,
    and the line before does not end with a "-" (in "Nov. 30-\nDec. 2, 2023:" no entry starts
    at "Dec.": the line is the end of the date before it)."""
    end = newline
    while end > 0 and flat[end - 1].isspace():
        end -= 1
    return flat[end - 1: end] != "-" and ENTRY_DATE.match(flat, date) is not None


_CUT_TRIES = 200  # lines tried after each share of the text for a place to cut


@dataclass(frozen=True)
class _Piece:
    """A part of a chronology's text to scan, from one entry's date to the next piece's (or the end)."""

    text: str  # the text as written, from the line before the piece (a date reads the character before it)
    flat: str  # the same, flattened
    start: int  # where the piece starts in `text`
    line: int  # the lines before `text` in the whole
    first: bool  # the first piece: the text before its first entry is read too
    headed: bool  # the chronology has a heading
    packed: bool  # the entries found cross to another process: packed


class _Scanned(NamedTuple):
    """What `_scan_piece` finds: entries, text not read, a misspelt month, impossible dates."""

    entries: list[RawEntry] | _Packed
    unread: list[tuple[int, str]]
    misspelt: list[tuple[int, str]]  # the first one, if any
    bad: list[tuple[int, str]]


def _pieces(text: str, flat: str, cuts: list[int], *, headed: bool, packed: bool) -> Iterator[_Piece]:
    """The pieces between `cuts` (offsets, in order) of a chronology, each with the line before it;
    made as they are taken (a copy each). The lines before each are counted on from the last
    piece's, not from the top (sixteen counts over half a big text each: ~50 ms at 100,000 entries,
    while the workers wait for the first piece)."""
    lines = counted = 0  # the lines before `counted`
    for k, (start, stop) in enumerate(itertools.pairwise(cuts)):
        context = max(flat.rfind("\n", 0, start), 0)
        lines += flat.count("\n", counted, context)
        counted = context
        yield _Piece(text[context:stop], flat[context:stop], start - context, lines, k == 0, headed, packed)


def _scan_piece(piece: _Piece) -> _Scanned:
    """The entries of one piece of a chronology (`scan`), and the problems found in it."""
    text, flat = piece.text, piece.flat
    low = lowered(flat)  # same length as flat
    line_of = _LineCounter(flat, piece.line)
    at = _month_heads(low, piece.start)
    starts = [m for m in _dates_at(ENTRY_DATE, flat, at, piece.start, len(flat)) if _starts_entry(flat, m.start())]
    first = starts[0].start() if starts else len(flat)
    # what lies between the entries' dates, where a date can be misread (one within a date's text
    # could not start an entry, nor a line: what follows a date's "-" does not)
    ends = [m.start() for m in starts[1:]] + [len(flat)] if starts else []
    between = list(zip([m.end() for m in starts], ends, strict=True))
    before = (piece.start, first) if piece.first else None
    # with no heading, what comes before the first entry may be the article: not read
    offsets = list(map(_START, starts))
    unread = _unread(flat, at, offsets, before if piece.headed else None, between, line_of)
    misspelt = misspelt_month(flat, spans=[*([before] if before else []), *between])
    lines = _lines_at(flat, offsets, piece.line)
    spans = list(map(_SPANS.get, map(_GROUP, starts)))
    bad = _read_spans(starts, spans, lines) if None in spans else []
    made = zip(spans, _bodies(text, list(map(_END, starts)), ends), lines, strict=True)
    # each built by a C call (`tuple.__new__`), not RawEntry's Python-level __new__
    entries = list(map(_new, itertools.repeat(RawEntry), made if not bad else (e for e in made if e[0] is not None)))
    return _Scanned(_pack(entries) if piece.packed else entries, unread,
                    [(line_of(misspelt[0]), misspelt[1])] if misspelt else [], bad)


_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group  # called by `map`: no Python call a match


def _lines_at(flat: str, offsets: list[int], lines: int) -> list[int]:
    """The line number of each of `offsets` (in order) in `flat`, after `lines` lines: each counted
    on from the one before, by C calls (`map`, `accumulate`: ~2 us an entry by `_LineCounter`)."""
    found = list(itertools.accumulate(map(flat.count, itertools.repeat("\n"), [0, *offsets], offsets),
                                      initial=lines + 1))
    del found[0]  # the line of offset 0
    return found


def _read_spans(starts: list[re.Match[str]], spans: list[Span | None], lines: list[int]) -> list[tuple[int, str]]:
    """Fill in `spans`, the span of each of `starts` (entries' dates; None: not read before), each
    date as written read once (`_SPANS`); a date that does not exist stays None, and is given back
    with its line (`lines`: each date's)."""
    bad = []
    for k, m in enumerate(starts):
        if spans[k] is None:
            written = m.group()
            try:
                spans[k] = _SPANS.get(written) or keep(_SPANS, written, _new(Span, entry_span(m)))
            except BadDate as exc:  # not kept: each is reported where it is written
                bad.append((lines[k], str(exc)))
    return bad


def _bodies(text: str, starts: list[int], ends: list[int]) -> list[str]:
    """`squash(text[start:end])` for each start and end: an entry's text as written (curly quotes
    and dashes kept), its white space squashed. Mostly the text stripped is that already: its only
    white space single spaces, as one look at all the entries at once tells (`_squashed`; a split
    and a join of each entry's words took ~7k of its ~8k instructions)."""
    bodies = list(map(str.strip, map(text.__getitem__, map(slice, starts, ends))))
    # no two spaces where two meet: each starts and ends with a word, or is empty (then looked at alone)
    if _squashed(" ".join(bodies)):
        return bodies
    return [body if _squashed(body) else squash(body) for body in bodies]


# The white space of ASCII text but the space ("\t", "\n", "\x1c"...: `str.split` splits at each)
_ASCII_SPACES = tuple(c for c in map(chr, range(128)) if c.isspace() and c != " ")


def _squashed(text: str) -> bool:
    """Whether `text` (stripped) is `squash(text)`: its only white space single spaces. ASCII text is
    looked at for each white space character by `str.find`, a C loop (`str.isprintable`, false at any
    but the space, looks a character up in a table: ~20 instructions a character)."""
    if "  " in text:
        return False
    if text.isascii():  # reads a flag
        return not any(map(text.__contains__, _ASCII_SPACES))  # map: no generator's call a character
    return text.isprintable()  # no white space is printable but the space


def _month_heads(low: str, begin: int) -> list[int]:
    """The offsets from `begin`, in order, of every head of the date regexes (`_DATE_HEADS`) in
    `low` (a lowered text): the only places a date can start. Found once a piece, for the entries'
    dates and the dates misread between them (each regex's `Sieve` read the text once: the gaps
    between entries again), by a `str.find` of each head: a C loop, where the regex alternation of
    the heads took ~17 ns a character."""
    found = []
    for head in _DATE_HEADS:
        at = low.find(head, begin)
        while at >= 0:
            found.append(at)
            at = low.find(head, at + 1)
    found.sort()
    return found


def _dates_at(pattern: re.Pattern[str], flat: str, heads_at: list[int], begin: int, end: int,
              ) -> Iterator[re.Match[str]]:
    """The matches of `pattern` (a date regex) in `flat[begin:end]` as `pattern.finditer` finds
    them, the regex tried only at `heads_at` (`_month_heads`), each not inside the match before
    (`pattern.match` sees the text before `begin`, as a search does)."""
    k = bisect.bisect_left(heads_at, begin)
    last = len(heads_at)
    after = begin  # the end of the last match
    while k < last and (at := heads_at[k]) < end:
        k += 1
        if at >= after:
            m = pattern.match(flat, at, end)
            if m:  # not empty: it starts with a head
                after = m.end()
                yield m


class _LineCounter:
    """The line number of an offset in a piece's text (`lines`: the lines before it), counted on
    from the offset asked before when it is not past it, else from the top: for the few problems a
    piece reports, mostly in order (its entries' lines are counted at once, by `_lines_at`). A list
    of every line break's offset, bisected, made a match object per line (~20 us a file of 64
    entries, of the ~25 us it took)."""

    def __init__(self, flat: str, lines: int) -> None:
        self.flat, self.lines = flat, lines
        self.at, self.line = 0, lines + 1  # an offset, and the line it is on

    def __call__(self, offset: int) -> int:
        if offset < self.at:  # back: counted from the top
            self.at, self.line = 0, self.lines + 1
        self.line += self.flat.count("\n", self.at, offset)
        self.at = offset
        return self.line


# Each date as written, read once in this process (`entry_span`): a day has several entries, and an
# archive's files write the same dates again; its groups are those of the written text alone.
_SPANS: dict[str, Span] = {}


def _unread(flat: str, heads_at: list[int], entries_at: list[int], before: tuple[int, int] | None,
            between: list[tuple[int, int]], line_of: Callable[[int], int]) -> list[tuple[int, str]]:
    """Text of the chronology that is not an entry: what starts like one but has no year or
    no colon, and lines before the first entry other than the period.
    `heads_at`: where a date may start (`_month_heads`); `entries_at`: where the entries' dates
    start; `before`: the span of the text read before the first entry (after the heading);
    `between`: the spans between entries' dates."""
    found = []
    for m in _misread(flat, heads_at, entries_at, [*([before] if before else []), *between]):
        if not _starts_entry(flat, m.start()) or not (m["year"] or m["colon"]):
            continue
        what = "no year" if not m["year"] else "no colon after the date"
        found.append((line_of(m.start()), f"{squash(m.group())!r} starts like an entry but has {what}"))
    for offset, line in _lines(flat, *before) if before else []:
        if line.strip() and not period_span(line) and line_of(offset) not in {n for n, _ in found}:
            found.append((line_of(offset), f"{squash(line)[:60]!r} is not an entry"))
    return found


def _misread(flat: str, heads_at: list[int], entries_at: list[int], spans: list[tuple[int, int]],
             ) -> Iterator[re.Match[str]]:
    """The matches of `LOOSE_DATE` in each of `spans` (in order, apart: outside the entries' dates,
    which start at `entries_at`), looked for only in the spans holding a head of `heads_at` that
    starts no entry's date: a few, where a loop over the spans was one for each entry."""
    starts = [start for start, _ in spans]
    done = -1  # the last span read
    for at in sorted(set(heads_at).difference(entries_at)):
        k = bisect.bisect_right(starts, at) - 1
        if k > done and at < spans[k][1]:  # in a span, not in an entry's date (nor before the spans)
            done = k
            yield from _dates_at(LOOSE_DATE, flat, heads_at, *spans[k])


def _lines(flat: str, begin: int, stop: int) -> list[tuple[int, str]]:
    """(offset, text) of each line between two offsets."""
    out, offset = [], begin
    for line in flat[begin:stop].split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _refuse_surrogates(text: str, document: str) -> None:
    """A lone surrogate (text decoded with errors="surrogateescape") is not text: an error naming its line."""
    if text.isascii():  # reads a flag: no scan
        return
    try:
        text.encode()  # UTF-8 encodes every character but a lone surrogate: faster than a regex search
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise ParseError(f"U+{ord(text[exc.start]):04X} is not a character (undecodable bytes?); "
                         "decode the text strictly, giving its encoding", document, line) from None


def _starts_entry(flat: str, offset: int) -> bool:
    """A date starts an entry at the start of a line or right after a sentence ends."""
    i = offset  # back over the spaces before the date (not a whole long line: that is quadratic)
    while i > 0 and flat[i - 1] != "\n" and flat[i - 1].isspace():
        i -= 1
    return i == 0 or flat[i - 1] in _SENTENCE_ENDS


def _header(flat: str, low: str, heading: re.Match[str] | None, begin: int) -> dict[str, str | Period | None]:
    """Title, relationship, period and citation, where the text gives them (`low` is `lowered(flat)`)."""
    # the line after the heading; else one near the article's top ("Sep - Dec 2023")
    lines = _first_lines(flat, begin, 5) + (_first_lines(flat, 0, 12) if begin else [])
    span = next(filter(None, map(period_span, lines)), None)  # the first: the lines after it are not read
    period = Period(start=span[0], end=span[1]) if span else None
    cite = _CITATION.search(flat, low)
    citation = cite["cite"].strip() if cite else None
    if citation and citation.count(")") > citation.count("("):
        citation = citation[: citation.rfind(")")].strip()
    return {
        "title": squash(heading.group().strip()) if heading else None,
        "relationship": squash(heading["rel"]) if heading else None,
        "period": period,
        "citation": citation,
    }


def _first_lines(text: str, begin: int, n: int) -> list[str]:
    """`text[begin:].splitlines()[:n]`, split from a part of the text long enough to hold more than
    `n` lines (those `n` are then whole), not the whole text: a scan of each file of an archive
    reads a few lines of its top."""
    size = 1 << 10
    while True:
        lines = text[begin: begin + size].splitlines()
        if len(lines) > n or begin + size >= len(text):
            return lines[:n]
        size <<= 2


def entry_key(entry: RawEntry) -> str:
    """What makes two entries the same entry: their dates and their words (case, accents and
    spacing aside). Hashed into the event's id; two entries with one key are a duplicate."""
    return f"{iso_day(entry.span.start)}|{iso_day(entry.span.end)}|{fold(entry.text)}"


def entry_digest(entry: RawEntry) -> bytes:
    """The SHA-1 of `entry_key`: an event's id holds its start, and two entries are the same one
    when their digests are."""
    sha = _SHA1.copy()
    sha.update(entry_key(entry).encode())
    return sha.digest()


_SHA1 = hashlib.sha1()  # copied for each digest: half the work of a new one (OpenSSL looks the algorithm up)


def event_id(entry: RawEntry, length: int = 4, digest: bytes | None = None) -> str:
    """A short id that stays the same across runs: the date and a hash of the entry
    (`digest`: its `entry_digest`, when known)."""
    return f"{iso_day(entry.span.start)}-{(digest or entry_digest(entry)).hex()[:length]}"


def _unique_ids(entries: list[RawEntry], digests: list[bytes], short: list[str] | None = None) -> list[str]:
    """Ids for the entries; a clash of short hashes gets longer ones, a repeated entry a suffix
    (`short`: each entry's `event_id`, when known)."""
    ids = short if short is not None else [event_id(e, 4, d) for e, d in zip(entries, digests, strict=True)]
    counts = Counter(ids)
    clashes = {i for i, n in counts.items() if n > 1}
    if clashes:
        ids = [event_id(e, 8, d) if i in clashes else i for e, i, d in zip(entries, ids, digests, strict=True)]
        counts = Counter(ids)
    repeated = {i for i, n in counts.items() if n > 1}  # the same entry again: a suffix from its second
    out, seen = list(ids), Counter[str]()
    for k in [k for k, i in enumerate(ids) if i in repeated]:  # the few repeated, not a loop over all
        seen[ids[k]] += 1
        out[k] = ids[k] if seen[ids[k]] == 1 else f"{ids[k]}-{seen[ids[k]]}"
    return out


def parse(text: str, document: str = "<text>", registry: Registry | None = None, *,
          strict: bool = True) -> Chronology:
    """Read a chronology (a whole article, or only its entries) into a `Chronology`.

    Entries dated outside the stated period or out of date order are kept, in the
    source's order, and flagged; `problems` lists them with the other doubts `usjp lint`
    reports. With `strict` off, an entry whose date does not exist is a problem, not an error.
    """
    reader = Reader(text, document, registry, strict=strict)
    events = tuple(reader.events())
    return reader.chronology(events)


def _untold(entries: int) -> None:
    """Nobody is told how many entries a batch read."""


def as_event(fields: dict[str, Any]) -> Event:
    """The `Event` of an entry's fields, as `Reader.events` gives them to `make`: validated by the
    model's validator called as it is (`Event(...)` runs the model's Python __init__, which
    validates into the instance made). The store makes its records of the fields instead
    (`store.record_of`), so no model is made for an entry it writes."""
    event: Event = Event.__pydantic_validator__.validate_python(fields)
    return event


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
BATCH = 500  # entries per batch handed to a mapper, at least
def _crosses(mapper: Mapper) -> bool:
    """Whether a mapper's tasks run in another process (`map` runs them in this one): what they
    are given and give back is then packed, to be pickled fast."""
    return mapper is not map


BATCHES = 16  # batches a chronology's first three quarters are cut into, at most: enough to share among a
# few workers (each batch carries the chronology's context to its worker, so not many more)
TAPER = 4  # the last quarter's batches are this many times smaller


def _batches(n: int) -> list[tuple[int, int]]:
    """(start, end) of each batch of `n` entries: the last quarter's smaller, so that at the end of
    a pass no worker is left long with a big batch while the others wait for the next pass (and
    the main process writes the last batch's events while the workers have nothing to do)."""
    size = max(BATCH, -(-n // BATCHES))
    taper_from = n - n // 4 if n > 4 * size else n  # a small chronology: batches of one size
    return _even(0, taper_from, size) + _even(taper_from, n, max(BATCH, size // TAPER))


def _even(start: int, end: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of the most batches of at least `size` (or one) from `start` to `end`, of even sizes."""
    k = max((end - start) // size, 1 if end > start else 0)
    return [(start + (end - start) * i // k, start + (end - start) * (i + 1) // k) for i in range(k)]


class Reader:
    """One chronology read in stages, so that the work on each entry can be spread over processes.

        scan (dates, lines)                                    [per piece of a big text: `mapper`]
        -> people named in each entry                          [per batch of entries: `mapper`]
        -> people learned from titles across the chronology
        -> each entry's event: actors, governments, venue, format, kind   [per batch: `mapper`]

    `events()` gives each entry's event in the source's order, as `make` makes it (the `Event`
    itself by default); then `chronology()` has the heading, the actors and the problems.
    `mapper` is `map` or an ordered parallel map, such as `multiprocessing.Pool.imap`.
    """

    def __init__(self, text: str, document: str, registry: Registry | None = None, *, strict: bool = True,
                 mapper: Mapper = map) -> None:
        self.document, self.mapper = document, mapper
        self.registry = registry if registry is not None else load_registry()
        found = scan(text, document, strict=strict, mapper=mapper)
        self.header, self.entries, self.unread = found.header, found.entries, found.unread
        relationship = self.header["relationship"]
        self.parties = tuple(c for _, c in lexicon().countries_in(relationship, parties_only=False)) if isinstance(
            relationship, str) else ()
        self.period = self.header["period"] if isinstance(self.header["period"], Period) else None
        self.on_batch: Callable[[int], None] = _untold  # told of each batch done, in each of the two passes
        self.actors: dict[str, Actor] = {}  # every actor, in order of appearance
        self.first_line: dict[str, int] = {}  # the line of each actor's first entry
        self.ambiguous: list[Note] = []
        self._flags: list[tuple[str, ...]] | None = None
        self._digests: list[bytes] | None = None

    def __len__(self) -> int:
        """How many dated entries the chronology has."""
        return len(self.entries)

    def events(self, make: Callable[[dict[str, Any]], Any] = as_event) -> Iterator[Any]:
        """Each entry's event as `make` makes it of the event's fields (`as_event`), in order
        (`make` runs where the batch does)."""
        bounds = _batches(len(self.entries))
        starts = [k for k, _ in bounds]
        pack = _pack if _crosses(self.mapper) else list
        packed = [pack(self.entries[k:end]) for k, end in bounds]
        found = self.mapper(_mentions, packed)  # on a pool: started
        flags = self.flags()  # meanwhile
        resolver = Resolver(self.registry, lexicon(), self.parties)
        digests: list[bytes] = []
        short: list[str] = []
        mentions: list[list[list[Mention]] | _Packed] = []  # each batch's, as its worker packed them
        for k, (titled, keys, ids, packed_mentions) in zip(starts, found, strict=True):  # learning as they come
            resolver.learn_titled((self.entries[k + i].span.start, _new(Mention, m)) for i, m in titled)
            digests += keys
            short += ids
            mentions.append(packed_mentions)
            self.on_batch(len(keys))
        self._digests = digests
        ids = _unique_ids(self.entries, digests, short)
        context = Parcel(_Context(self.document, self.parties, self.registry, resolver.found))
        work = [(entries, people, ids[k:end], flags[k:end])
                for (k, end), entries, people in zip(bounds, packed, mentions, strict=True)]
        for made, firsts, ambiguous in self.mapper(functools.partial(_events, context, make), work):
            self.on_batch(len(made))
            for actor, line in firsts:
                self.actors.setdefault(actor.id, actor)
                self.first_line.setdefault(actor.id, line)
            self.ambiguous += ambiguous
            yield from made

    def digests(self) -> list[bytes]:
        """Each entry's `entry_digest` (worked out with the people when `events()` ran)."""
        if self._digests is None:
            self._digests = [entry_digest(e) for e in self.entries]
        return self._digests

    def flags(self) -> list[tuple[str, ...]]:
        """Each entry's flags (`entry_flags`), worked out once."""
        if self._flags is None:
            self._flags = entry_flags(self.entries, self.period)
        return self._flags

    def chronology(self, events: tuple[Event, ...] = ()) -> Chronology:
        """The chronology: its heading, the `events` given, its actors and its problems
        (after `events()` has been read through)."""
        entries = self.entries
        nothing = [] if entries else [(1, "unread", "no dated entries found (an entry starts like 'Sept. 1, 2023:')")]
        notes = [*nothing, *((line, "unread", msg) for line, msg in self.unread),
                 *_flag_notes(entries, self.flags(), self.period),
                 *_duplicates(entries, self.digests()), *self._unplaced(), *self.ambiguous]
        problems = [Problem(document=self.document, line=line, kind=kind, message=msg) for line, kind, msg in notes]
        return Chronology(document=self.document, events=events, actors=tuple(self.actors.values()),
                          problems=tuple(sorted(problems, key=lambda p: p.line)), **self.header)

    def heading_json(self) -> str:
        """The JSON of `chronology()` (after `events()`): what the store keeps of it."""
        return self.chronology().model_dump_json()

    def people(self) -> tuple[list[KeyedName], Callable[[int], Actor]]:
        """Each actor's `name_key`, id and name, in order, and a function giving the i-th actor
        (after `events()`; see `Merger.meet_named`)."""
        actors = list(self.actors.values())
        return keyed_names(actors), actors.__getitem__

    def _unplaced(self) -> list[Note]:
        """People found by title whom no title and no registry places in a country."""
        known = {a.id for a in self.registry.actors}
        notes = []
        for actor in self.actors.values():
            if actor.country is None and actor.id not in known:
                title = f" ({actor.roles[0].title})" if actor.roles else ""
                notes.append((self.first_line[actor.id], "unplaced",
                              f"{actor.name}{title}: no country; teach usjp with an actors file (--actors)"))
        return notes


@dataclass
class Finished:
    """A chronology read whole (in a worker process): what a `Reader` gives, already made. Its
    heading crosses as JSON, made into models only when asked for: the store asks only when the
    file names a person it has not met (an archive's files name the same people again and again,
    and validating every heading was most of the main process's work on each file's heading)."""

    made: list[Any]  # each entry's event, as `make` made it
    json: str  # the heading's JSON (`Reader.heading_json`)
    named: list[KeyedName]  # each actor's `name_key`, id and name (`Reader.people`)
    on_batch: Callable[[int], None] = _untold  # as a Reader's; never called: nothing is left to tell

    def __len__(self) -> int:
        return len(self.made)

    def events(self, make: Callable[[dict[str, Any]], Any]) -> Iterator[Any]:
        """The events as made when read (by the same `make`)."""
        return iter(self.made)

    @functools.cached_property
    def heading(self) -> Chronology:
        return Chronology.model_validate_json(self.json)

    def chronology(self) -> Chronology:
        return self.heading

    def heading_json(self) -> str:
        return self.json

    def people(self) -> tuple[list[KeyedName], Callable[[int], Actor]]:
        """As a Reader's: each actor's key, id and name, and the i-th actor (the heading made then)."""
        return self.named, lambda i: self.heading.actors[i]

    def __reduce__(self) -> tuple[Callable[..., Finished], tuple[Any, ...]]:
        # the heading crosses as JSON: pickling its Pydantic models (tens of actors and problems
        # for an article's 60 entries) cost six times as much
        return _finished, (*_bare(self.made), self.json, self.named)


def _finished(kind: type[tuple[Any, ...]] | None, made: list[Any], heading: str, named: list[KeyedName]) -> Finished:
    return Finished(_clothed(kind, made), heading, named)


def _bare(made: list[Any]) -> tuple[type[tuple[Any, ...]] | None, list[Any]]:
    """What a worker made, as it crosses to the main process: a list of NamedTuples (the store's
    records) as plain tuples and their class, pickled without a Python call each (a third less
    time, there and back); anything else as it is, with None."""
    kind = type(made[0]) if made else None
    if kind is None or not issubclass(kind, tuple) or kind is tuple or any(type(m) is not kind for m in made):
        return None, made
    return kind, [tuple(m) for m in made]


def _clothed(kind: type[tuple[Any, ...]] | None, made: list[Any]) -> list[Any]:
    """What `_bare` gave, as it was."""
    return made if kind is None else list(map(functools.partial(tuple.__new__, kind), made))


def read_whole(make: Callable[[dict[str, Any]], Any], path: Path) -> Finished:
    """A chronology file read whole in this process by the reader shared with the workers
    (`parallel.shared()`, a `Callable[[Path, Mapper], Reader]`), its events made by `make`."""
    from .parallel import shared

    reader = shared()(path, map)
    made = list(reader.events(make))
    return Finished(made, reader.heading_json(), reader.people()[0])


_Packed = bytes  # a batch of entries, or of their mentions, as `_pack` packs them


def _pack(entries: list[RawEntry]) -> _Packed:
    """A batch of entries as it crosses to a worker process, in each pass: columns of plain values,
    pickled once (tuples of dates cost ten times as much to pickle)."""
    return pickle.dumps(([e.text for e in entries], [e.line for e in entries],
                         [e.span.start.toordinal() for e in entries], [e.span.end.toordinal() for e in entries]),
                        protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(packed: list[RawEntry] | _Packed) -> list[RawEntry]:
    """The entries `_pack` packed (or left as they were, not having crossed to another process)."""
    if isinstance(packed, list):
        return packed
    texts, lines, starts, ends = pickle.loads(packed)
    days: dict[int, dt.date] = {}
    for day in (*starts, *ends):
        if day not in days:
            days[day] = dt.date.fromordinal(day)
    return [_new(RawEntry, (_new(Span, (days[a], days[b])), text, line))
            for text, line, a, b in zip(texts, lines, starts, ends, strict=True)]


def _mentions(packed: list[RawEntry] | _Packed,
              ) -> tuple[list[tuple[int, tuple[Any, ...]]], list[bytes], list[str], list[list[Mention]] | _Packed]:
    """A batch's first pass (no state beyond the lexicon): the titled people it names, as (the
    entry's index in the batch, the mention as a tuple), for `Resolver.learn_titled`; each
    entry's `entry_digest` and `event_id`; and the people each entry names, for the second pass
    (packed when the batch came packed: it goes back the way it came)."""
    lex = lexicon()
    entries = _unpack(packed)
    mentions = [find_mentions(flatten(e.text), lex) for e in entries]
    titled = [(i, tuple(m)) for i, found in enumerate(mentions) for m in found if m.titled]
    people: list[list[Mention]] | _Packed = mentions
    if not isinstance(packed, list):  # they cross back: packed as plain tuples (a NamedTuple pickles by a
        # Python call), for the second pass, where `_unpack_mentions` makes them Mentions again
        people = pickle.dumps([[tuple(m) for m in found] for found in mentions], protocol=pickle.HIGHEST_PROTOCOL)
    digests = [entry_digest(e) for e in entries]
    return titled, digests, [event_id(e, 4, d) for e, d in zip(entries, digests, strict=True)], people


def _unpack_mentions(people: list[list[Mention]] | _Packed) -> list[list[Mention]]:
    """The mentions `_mentions` gave (packed, if they crossed from another process)."""
    if isinstance(people, list):
        return people
    return [[_new(Mention, m) for m in found] for found in pickle.loads(people)]


@dataclass(frozen=True)
class _Context:
    """What each entry's event needs of the whole chronology."""

    document: str
    parties: tuple[str, ...]
    registry: Registry
    found: dict[str, Actor]  # people learned from titles across the chronology


class _Made(NamedTuple):
    """A batch's second pass: what goes back to the main process, a few lists for thousands of
    entries (a tuple and two lists an entry cost a third of the time pickling its events)."""

    made: list[Any]  # each entry's event, as `make` made it
    firsts: list[tuple[Actor, int]]  # each actor and the line of its first entry in the batch, in order
    ambiguous: list[Note]  # the names left out as several people could be meant

    def __reduce__(self) -> tuple[Callable[..., _Made], tuple[Any, ...]]:
        return _made, (*_bare(self.made), self.firsts, self.ambiguous)


def _made(kind: type[tuple[Any, ...]] | None, made: list[Any], firsts: list[tuple[Actor, int]],
          ambiguous: list[Note]) -> _Made:
    return _Made(_clothed(kind, made), firsts, ambiguous)


def _events(parcel: Parcel, make: Callable[[dict[str, Any]], Any],
            batch: tuple[list[RawEntry] | _Packed, list[list[Mention]] | _Packed, list[str], list[tuple[str, ...]]],
            ) -> _Made:
    """Each entry's event as `make` makes it of its fields, the actors they name and the names they leave out
    (`parcel`: the chronology's `_Context`; `batch`: the entries and their mentions as packed
    for the first pass, their ids and their flags)."""
    context: _Context = parcel.obj
    lex = lexicon()
    resolver = _resolver(parcel)
    packed, people, ids, flags = batch
    out = _Made([], [], [])
    seen: set[str] = set()
    # The model's validator called as it is: `Source(...)` runs the model's Python __init__,
    # which validates into the instance made
    source_of = Source.__pydantic_validator__.validate_python
    for entry, eid, flag, mentions in zip(_unpack(packed), ids, flags, _unpack_mentions(people), strict=True):
        cast, unsure, actors = resolver.cast(entry.span.start, mentions)
        for actor in actors:
            if actor.id not in seen:
                seen.add(actor.id)
                out.firsts.append((actor, entry.line))
        if unsure:  # few entries: no generator made for the others
            out.ambiguous.extend((entry.line, "ambiguous",
                                  f"{word!r} could be {' or '.join(names)}; write the full name")
                                 for word, names in unsure)
        words = flatten(entry.text)  # what the rules read
        kind, countries, venue, form = read(words, cast, lex, context.parties)
        source = source_of({"document": context.document, "line": entry.line})
        out.made.append(make({
            "id": eid, "start": entry.span.start, "end": entry.span.end, "text": entry.text,
            "actors": tuple(cast), "countries": countries, "venue": venue, "format": form, "kind": kind,
            "source": source, "sources": (source,), "flags": flag,  # sources given: the default, no copy made
        }))
    return out


_RESOLVERS: dict[str, Resolver] = {}  # the last chronology's, by its parcel's key


def _resolver(parcel: Parcel) -> Resolver:
    """The resolver of a chronology's second pass (`parcel`: its `_Context`), made once in each
    process, not once per batch: what it works out once per name then serves every batch."""
    if parcel.key not in _RESOLVERS:
        context: _Context = parcel.obj
        _RESOLVERS.clear()
        _RESOLVERS[parcel.key] = Resolver(context.registry, lexicon(), context.parties, found=context.found)
    return _RESOLVERS[parcel.key]


def entry_flags(entries: list[RawEntry], period: Period | None) -> list[tuple[str, ...]]:
    """Each entry's flags: 'outside-period' when it starts outside the stated period (a typo
    in the year, usually), 'out-of-order' when it breaks the date order of the others.

    The order is judged among the entries inside the period: the longest run whose
    dates never go back is in order, and the entries left out of it are not.
    """
    starts = [e.span.start for e in entries]
    first, last = (period.start, period.end) if period is not None else (dt.date.min, dt.date.max)
    inside = [i for i, day in enumerate(starts) if first <= day <= last]
    if len(inside) == len(starts) and all(map(operator.le, starts, starts[1:])):
        # most chronologies: every entry inside the period and in order, so none is flagged (a C
        # loop over the days, where the run below took ~110 us a file of 64 entries)
        return [()] * len(starts)
    ordered = {inside[k] for k in longest_in_order([starts[i] for i in inside])}
    within = set(inside)
    return [(() if i in within or period is None else ("outside-period",))
            + (("out-of-order",) if i in within and i not in ordered else ())
            for i in range(len(entries))]


def longest_in_order(keys: list[dt.date]) -> set[int]:
    """Indices of a longest subsequence of `keys` that never decreases."""
    tails: list[dt.date] = []
    tail_at: list[int] = []
    parent = [-1] * len(keys)
    for i, key in enumerate(keys):
        pos = bisect.bisect_right(tails, key)
        if pos == len(tails):
            tails.append(key)
            tail_at.append(i)
        else:
            tails[pos], tail_at[pos] = key, i
        parent[i] = tail_at[pos - 1] if pos else -1
    keep, i = set(), tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return keep


def _flag_notes(entries: list[RawEntry], flags: list[tuple[str, ...]], period: Period | None) -> list[Note]:
    notes = []
    for e, flag in zip(entries, flags, strict=True):
        if "outside-period" in flag and period:
            notes.append((e.line, "outside-period",
                          f"{e.span.start} is outside the period {period.start} to {period.end}; is the date a typo?"))
        if "out-of-order" in flag:
            notes.append((e.line, "out-of-order", f"{e.span.start} is out of date order"))
    return notes


def _duplicates(entries: list[RawEntry], digests: list[bytes]) -> list[Note]:
    """Entries with the same dates and words as an earlier one (`digests`: their `entry_digest`)."""
    first: dict[bytes, int] = {}
    notes = []
    for e, key in zip(entries, digests, strict=True):
        if key in first:
            notes.append((e.line, "duplicate", f"repeats the entry that starts on line {first[key]}"))
        first.setdefault(key, e.line)
    return notes


def load(path: Path | str | None = None, registry: Registry | None = None, *,
         encoding: str | None = None) -> Chronology:
    """Read a chronology file; without a path, the bundled seed article."""
    return load_with_text(path, registry, encoding=encoding)[0]


def load_with_text(path: Path | str | None = None, registry: Registry | None = None, *,
                   encoding: str | None = None) -> tuple[Chronology, str]:
    """A chronology file read, and its text (for the entries as written and the article body)."""
    source = Path(path) if path is not None else data_path(SEED_NAME)
    text = read_text(source, encoding)  # the one reader of users' files: says what is wrong with one
    return parse(text, source.name, registry), text


def open_reader(path: Path | str | None = None, mapper: Mapper = map, registry: Registry | None = None, *,
                encoding: str | None = None, name: str | None = None) -> Reader:
    """A `Reader` of a chronology file (scanned, its entries not yet read); without a path, the seed.
    `name`: the document's name (the file's name when None)."""
    source = Path(path) if path is not None else data_path(SEED_NAME)
    return Reader(read_text(source, encoding), name or source.name, registry, mapper=mapper)


def entry_as_written(text: str, event: Event, chronology: Chronology) -> str:
    """The lines of the source that hold `event`'s entry, exactly as written (blank lines trimmed)."""
    lines = text.splitlines()
    later = [e.source.line for e in chronology.events if e.source.line > event.source.line]
    stop = min(later) - 1 if later else len(lines)
    return "\n".join(lines[event.source.line - 1: stop]).strip("\n")
