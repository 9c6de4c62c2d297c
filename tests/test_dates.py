"""Entry dates, heading periods and the dates users type."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import parse
from ustojapan_cli.chronology import flatten
from ustojapan_cli.dates import ENTRY_DATE, BadDate, entry_span, parse_user_date, period_span
from ustojapan_cli.errors import QueryError

D = dt.date


def span(prefix: str) -> tuple[dt.date, dt.date]:
    m = ENTRY_DATE.match(flatten(prefix))
    assert m, prefix
    return entry_span(m)


@pytest.mark.parametrize(("prefix", "first", "last"), [
    ("Sept. 1, 2023:", D(2023, 9, 1), D(2023, 9, 1)),
    ("Sep. 1, 2023:", D(2023, 9, 1), D(2023, 9, 1)),
    ("Oct. 16-18, 2023:", D(2023, 10, 16), D(2023, 10, 18)),
    ("Nov. 30-Dec. 2, 2023:", D(2023, 11, 30), D(2023, 12, 2)),
    ("January 24, 2014:", D(2014, 1, 24), D(2014, 1, 24)),
    ("June 3, 2010:", D(2010, 6, 3), D(2010, 6, 3)),
    ("Nov.  7, 2023:", D(2023, 11, 7), D(2023, 11, 7)),
    ("Feb.\u00a014\u201315, 2014:", D(2014, 2, 14), D(2014, 2, 15)),
    ("Mar. 30\u2014Apr. 2, 2014:", D(2014, 3, 30), D(2014, 4, 2)),
    ("Apr. 24 - 25, 2014:", D(2014, 4, 24), D(2014, 4, 25)),
    ("Dec. 30, 2014-Jan. 2, 2015:", D(2014, 12, 30), D(2015, 1, 2)),
    ("Dec. 30-Jan. 2, 2015:", D(2014, 12, 30), D(2015, 1, 2)),
])
def test_entry_prefixes(prefix: str, first: dt.date, last: dt.date) -> None:
    assert span(prefix) == (first, last)


@pytest.mark.parametrize("prefix", ["Feb. 30, 2023:", "Sept. 31, 2023:", "Oct. 18-16, 2023:"])
def test_impossible_entry_dates_are_refused(prefix: str) -> None:
    with pytest.raises(BadDate):
        span(prefix)


def test_a_date_without_a_colon_is_not_an_entry() -> None:
    assert ENTRY_DATE.match("Oct. 4 meeting of the two ministers") is None


@pytest.mark.parametrize(("line", "first", "last"), [
    ("September \u2014 December 2023", D(2023, 9, 1), D(2023, 12, 31)),
    ("January \u2013 April 2014", D(2014, 1, 1), D(2014, 4, 30)),
    ("September 2023 - January 2024", D(2023, 9, 1), D(2024, 1, 31)),
])
def test_periods(line: str, first: dt.date, last: dt.date) -> None:
    assert period_span(flatten(line)) == (first, last)


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2023-11-14", D(2023, 11, 14), D(2023, 11, 14)),
    ("2023-11", D(2023, 11, 1), D(2023, 11, 30)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
    ("2023", D(2023, 1, 1), D(2023, 12, 31)),
    ("Nov 2023", D(2023, 11, 1), D(2023, 11, 30)),
    ("November 14, 2023", D(2023, 11, 14), D(2023, 11, 14)),
    ("14 Nov 2023", D(2023, 11, 14), D(2023, 11, 14)),
])
def test_user_dates_mean_their_whole_period(text: str, first: dt.date, last: dt.date) -> None:
    r = parse_user_date(text)
    assert (r.first, r.last) == (first, last)


@pytest.mark.parametrize("text", ["Nov 14", "yesterday-ish", "2023-13", "2023-02-30", "next week"])
def test_user_dates_never_filled_from_today(text: str) -> None:
    with pytest.raises(QueryError):
        parse_user_date(text)


@pytest.mark.parametrize(("text", "message"), [
    ("Feb. 30, 2023", "'Feb. 30, 2023' is not a real date"),
    ("Sept. 31 2023", "'Sept. 31 2023' is not a real date"),
    ("0000", "'0000' is not a real date"),
    # regression: dateutil read "18-16" as a day and a year, so this was Oct. 18, 2016
    ("Oct. 18-16, 2023", "cannot read 'Oct. 18-16, 2023' as one date with a 4-digit year"),
    ("Oct. 16-18, 2023", "cannot read 'Oct. 16-18, 2023' as one date with a 4-digit year"),
    ("Smarch 2023", "cannot read 'Smarch 2023' as a date"),
])
def test_user_dates_that_do_not_exist_or_are_not_one_date(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_user_date(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("line", ["September - December 0000", "December 2024 - January 2023"])
def test_a_heading_that_names_no_real_period_is_not_one(line: str) -> None:
    assert period_span(line) is None  # regression: year 0 raised ValueError out of the parser


@pytest.mark.parametrize(("text", "start"), [
    ("ſept. 1, 2023: Blinken meets Kamikawa.", dt.date(2023, 9, 1)),  # a long s: read, no KeyError
    ("Aprıl 3, 2023: Blinken meets Kamikawa.", dt.date(2023, 4, 3)),  # a dotless i
])
def test_a_month_the_date_regex_matches_ignoring_case_is_read(text: str, start: dt.date) -> None:
    assert parse(text).events[0].start == start
    assert period_span("ſeptember - December 2023") == (dt.date(2023, 9, 1), dt.date(2023, 12, 31))


@given(st.text(alphabet=" \nSepmbrJan0123,:.-", max_size=60), st.lists(st.integers(0, 60), max_size=8))
@example("Sepember 3, 2023: x\n  Sepember 4, 2023:", [0, 19, 20, 38])
@example("x\nSep 3, 2023:", [2, 14])  # a span that starts a line: its line break is before it
def test_misspelt_month_searches_every_span_that_may_hold_an_entry_s_shape(text: str, cuts: list[int]) -> None:
    """`misspelt_month` searches only the spans in which a line starts with a word and a number (found
    by one scan of the text): it leaves out no span in which the shape of an entry is found."""
    from ustojapan_cli import dates

    bounds = sorted({min(c, len(text)) for c in cuts})
    spans = list(zip(bounds[::2], bounds[1::2], strict=False))  # in order, apart
    searched = list(dates._shaped(text, spans))
    for start, end in spans:
        if dates._ENTRY_SHAPE.search(text, start, end):
            assert (start, end) in searched


def _span_by_names(m: re.Match[str]) -> tuple[dt.date, dt.date]:
    """What `entry_span` gave before it read the groups by position and made its dates itself."""
    from ustojapan_cli.dates import _day, _month

    y, name1, d1, y1, name2, d2 = m.group("y", "m1", "d1", "y1", "m2", "d2")
    year = int(y)
    m1 = _month(name1)
    m2 = _month(name2) if name2 else m1
    start_year = int(y1) if y1 else (year - 1 if m2 < m1 else year)
    start = _day(start_year, m1, int(d1))
    end = _day(year, m2, int(d2)) if d2 else _day(year, m1, int(d1))
    if y1 and not d2:
        raise BadDate(f"{m.group()!r} gives two years but one day")
    if end < start:
        raise BadDate(f"the range {m.group().rstrip(':')!r} ends before it starts")
    return start, end


def _read(reader: Callable[[re.Match[str]], tuple[dt.date, dt.date]], m: re.Match[str]) -> object:
    try:
        return reader(m)
    except BadDate as exc:
        return str(exc)


@given(st.lists(st.sampled_from(["Feb", "FEB.", "sept", "ſept", "Aprıl", "December", "nov", " ", "-", ", ",
                                 "0", "29", "30", "31", "1", "2023", "2024", "0000", "9999", ":"]),
                max_size=12).map("".join))
@example("Feb. 29, 2023-Mar. 1, 2024:")
@example("Dec. 30, 2024-Jan. 2, 2023:")
@example("Feb. 29, 2024, 2023:")
def test_an_entry_s_span_is_read_as_by_its_groups_names(text: str) -> None:
    """`entry_span` (groups read by position, months remembered, dates made without `_day` unless
    one is no date) gives the days, or the error, it gave reading each group by its name."""
    assert list(ENTRY_DATE.groupindex) == ["m1", "d1", "y1", "m2", "d2", "y"]  # the order `groups` gives
    for m in ENTRY_DATE.finditer(text):
        assert _read(entry_span, m) == _read(_span_by_names, m)
