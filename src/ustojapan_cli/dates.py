"""Dates: the prefixes of chronology entries, the periods of headings, and dates users type.

Nothing here fills a missing part of a date from today: a date without a year is an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import QueryError

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"

# "Sept. 1, 2023:", "Oct. 16-18, 2023:", "Nov. 30-Dec. 2, 2023:", "Dec. 30, 2023-Jan. 2, 2024:"
# (matched on text whose dashes are already plain hyphens and spaces single). The leading
# \b is what an entry needs anyway, and lets the regex engine skip a long line in one pass.
ENTRY_DATE = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s*(?P<d1>\d{{1,2}})(?:\s*,\s*(?P<y1>\d{{4}}))?"
    rf"(?:\s*-\s*(?:(?P<m2>{_MONTH})\.?\s*)?(?P<d2>\d{{1,2}}))?"
    rf"\s*,?\s*(?P<y>\d{{4}})\s*:",
    re.IGNORECASE,
)

# What starts like an entry's date, with or without a year and a colon ("March 12:"), to find
# entries that could not be read; and a month and year, as in a PDF's page header.
LOOSE_DATE = re.compile(
    rf"\b{_MONTH}\b\.?\s*\d{{1,2}}\b(?:\s*-\s*(?:{_MONTH}\b\.?\s*)?\d{{1,2}})?"
    rf"(?:\s*,?\s*(?P<year>\d{{4}}))?\s*(?P<colon>:)?",
    re.IGNORECASE,
)
MONTH_YEAR = rf"(?i:{_MONTH})\.?\s+\d{{4}}"

# "September - December 2023", "January - April 2014", "September 2023 - January 2024"
PERIOD = re.compile(
    rf"^\s*+(?P<m1>{_MONTH})\.?\s*(?P<y1>\d{{4}})?\s*-\s*(?P<m2>{_MONTH})\.?\s*(?P<y2>\d{{4}})\s*$",
    re.IGNORECASE,
)


# What an entry's date looks like with any word for a month: "Sepember 3, 2023:".
_ENTRY_SHAPE = re.compile(
    r"^[ ]*(?P<w1>[A-Za-z]{3,})\.?[ ]*\d{1,2}(?:[ ]*,[ ]*\d{4})?"
    r"(?:[ ]*-[ ]*(?:(?P<w2>[A-Za-z]{3,})\.?[ ]*)?\d{1,2})?[ ]*,?[ ]*\d{4}[ ]*:",
    re.MULTILINE,
)


def misspelt_month(text: str, begin: int = 0, spans: Iterable[tuple[int, int]] | None = None,
                   ) -> tuple[int, str] | None:
    """The offset and a message for the first line from `begin` that starts like an entry
    but whose month is no month, though close to one ("Sepember 3, 2023:"); else None.
    `spans`: (start, end) offsets of the parts of the text to look in, in order (all from
    `begin` when None).

    Such a line would otherwise be read as part of the entry before it.
    """
    import difflib

    spans = [(begin, len(text))] if spans is None else list(spans)
    for m in (m for start, end in _shaped(text, spans) for m in _ENTRY_SHAPE.finditer(text, start, end)):
        for word in (m["w1"], m["w2"]):
            if word and word.lower() not in MONTHS:
                near = difflib.get_close_matches(word.lower(), MONTHS, n=1, cutoff=0.7)
                if near:
                    return m.start("w1"), (f"{word!r} in {m.group().strip()!r} is not a month "
                                           f"(did you mean {near[0].capitalize()}?); correct the entry's date")
    return None


# What a line of an entry's shape starts with (`_ENTRY_SHAPE`): a word and a number. It starts
# with a line break, which the regex engine scans for fast, where `^` is tried at every character.
_SHAPE_START = re.compile(r"\n[ ]*[A-Za-z]{3,}\.?[ ]*\d")


def _shaped(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The spans (in order) in which a line starts as an entry's shape must, found by one scan of
    the text, not one regex search of each span: a chronology's spans are its entries' texts, and
    few hold such a line (a scan of 3,000 entries' chronologies: 319.0M -> 302.7M instructions)."""
    if not spans:
        return iter(())
    lines = [m.start() + 1 for m in _SHAPE_START.finditer(text, max(spans[0][0] - 1, 0), spans[-1][1])]
    if spans[0][0] == 0:  # the text's first line has no line break before it: tried, whatever it starts with
        lines.insert(0, 0)
    return _spans_holding(spans, lines)


def _spans_holding(spans: list[tuple[int, int]], places: list[int]) -> Iterator[tuple[int, int]]:
    """The spans (start, end: in order, apart) that hold one of `places` (offsets, in order)."""
    k, last = 0, len(places)
    for start, end in spans:
        while k < last and places[k] < start:
            k += 1
        if k == last:
            return
        if places[k] < end:
            yield start, end



class BadDate(ValueError):
    """A date that does not exist ("Feb. 30") or runs backwards ("Oct. 18-16")."""


def _month(name: str) -> int:
    """The number of a month's name as a date regex matched it ("Nov", "SEPT", "ſept")."""
    number = _NUMBERS.get(name)
    if number is None:
        key = name.lower().rstrip(".")
        if key not in MONTHS:  # "ſept" (a long s), "aprıl": the month regexes ignore case, so match them
            from .needles import lowered  # not at start-up: cli imports this module

            key = lowered(name).rstrip(".")
        number = MONTHS[key]
        if name.isalpha():  # as a regex's group has it: a few spellings a month, kept (~2k instructions less)
            _NUMBERS[name] = number
    return number


_NUMBERS: dict[str, int] = {}  # each month's name as a date regex's group has it, and its number (`_month`)


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        why = " (there is no year 0)" if year == 0 else ""
        raise BadDate(f"{calendar.month_abbr[month]}. {day}, {year:04d} is not a date{why}") from None


def entry_span(m: re.Match[str]) -> tuple[dt.date, dt.date]:
    """The first and last day of an entry from an ENTRY_DATE match."""
    name1, d1, y1, name2, d2, y = m.groups()  # by position, in ENTRY_DATE's order: one call, not one a name
    year = int(y)
    m1 = _NUMBERS.get(name1) or _month(name1)  # a lookup, mostly: a call less (~1k instructions)
    m2 = (_NUMBERS.get(name2) or _month(name2)) if name2 else m1
    start_year = int(y1) if y1 else (year - 1 if m2 < m1 else year)
    try:  # the dates made here, not by `_day`: a call less each (of an entry's ~14k instructions)
        start = dt.date(start_year, m1, int(d1))
        end = dt.date(year, m2, int(d2)) if d2 else start if not y1 else dt.date(year, m1, int(d1))
    except ValueError:  # `_day` tells which is no date
        start = _day(start_year, m1, int(d1))
        end = _day(year, m2, int(d2)) if d2 else _day(year, m1, int(d1))
    if y1 and not d2:
        raise BadDate(f"{m.group()!r} gives two years but one day")
    if end < start:
        raise BadDate(f"the range {m.group().rstrip(':')!r} ends before it starts")
    return start, end


def period_span(line: str) -> tuple[dt.date, dt.date] | None:
    """The span of a heading like "September - December 2023", or None if it is not one.

    A line of that shape that names no real span (year 0, or ending before it starts)
    is not a period either.
    """
    m = PERIOD.match(line)
    if not m:
        return None
    y2 = int(m["y2"])
    m1, m2 = _month(m["m1"]), _month(m["m2"])
    y1 = int(m["y1"]) if m["y1"] else (y2 - 1 if m1 > m2 else y2)
    try:
        first, last = dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    except ValueError:
        return None
    return (first, last) if first <= last else None


@dataclass(frozen=True)
class DateRange:
    """What a user's date means: its first and last day ("2023-11" is all of November)."""

    first: dt.date
    last: dt.date


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_user_date(text: str) -> DateRange:
    """Read "2023-11-14", "2023-11", "2023", "Nov 2023", "November 14, 2023" as a range of days."""
    value = text.strip()
    m = _ISO.match(value)
    if m:
        parts = [int(p) for p in m.groups() if p]
    else:
        parts = _free_form(value)
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
            return DateRange(day, day)
        if len(parts) == 2:
            year, month = parts
            return DateRange(dt.date(year, month, 1),
                             dt.date(year, month, calendar.monthrange(year, month)[1]))
        return DateRange(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))
    except ValueError:
        raise QueryError(f"{text!r} is not a real date; use YYYY-MM-DD, YYYY-MM or YYYY") from None


def _free_form(value: str) -> list[int]:
    """[year, month, day] or a prefix of it, read by dateutil; no part is taken from today."""
    from dateutil import parser

    # Parse twice with different defaults: a part that differs was not in the text.
    try:
        a = parser.parse(value, default=dt.datetime(2000, 1, 1))
        b = parser.parse(value, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        if "out of range" in str(exc):  # "Feb. 30, 2023", "Sept. 31 2023": read, but no such day
            raise QueryError(f"{value!r} is not a real date; use YYYY-MM-DD, YYYY-MM or YYYY") from None
        raise QueryError(
            f"cannot read {value!r} as a date; use YYYY-MM-DD, YYYY-MM, 'Nov 2023' or 'November 14, 2023'"
        ) from None
    if a.year != b.year:
        raise QueryError(f"{value!r} has no year; add one, as in '{value} 2023'")
    if not re.search(rf"(?<!\d){a.year:04d}(?!\d)", value):  # "Oct. 18-16, 2023" reads as 2016
        raise QueryError(f"cannot read {value!r} as one date with a 4-digit year; "
                         "for a range give --since and --until")
    if a.month != b.month:
        if a.day != b.day:
            return [a.year]
        raise QueryError(f"{value!r} has a day but no month")
    return [a.year, a.month] if a.day != b.day else [a.year, a.month, a.day]
