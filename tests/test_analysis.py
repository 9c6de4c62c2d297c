"""Tests for ustojapan_cli.analysis: counts, time buckets, cross-tables and pairs.

Seed figures were counted by hand in data/us-japan-2023-sep-dec.txt (the chronology
from "Sept. 1, 2023:" on, one entry a line, 61 entries); the comments say how.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from ustojapan_cli import load
from ustojapan_cli.analysis import CrossTable, GroupBy, Table, count, keys, pairs
from ustojapan_cli.models import Event, EventActor, Format, Kind, Level, Source, Venue

# --- helpers ---------------------------------------------------------------------------


def person(name: str, country: str | None = None) -> EventActor:
    return EventActor(
        id=name.lower().replace(" ", "-"), name=name, country=country, role=None,
        level=Level.NATIONAL,
    )


def event(
    start: str,
    actors: Sequence[str] = (),
    countries: Sequence[str] = (),
    venue: Venue | None = None,
    fmt: Format = Format.BILATERAL,
    kind: Kind = Kind.MEETING,
    line: int = 1,
) -> Event:
    day = dt.date.fromisoformat(start)
    return Event(
        id=f"{start}-{line}", start=day, end=day, text="test", actors=tuple(map(person, actors)),
        countries=tuple(countries), venue=venue, format=fmt, kind=kind,
        source=Source(document="test", line=line),
    )


def table(events: Sequence[Event], *by: GroupBy, top: int | None = None) -> list[tuple[str, int]]:
    """A one-dimension count as [(key, n), ...]."""
    result = count(events, by, top=top)
    assert isinstance(result, Table)
    assert result.by == by
    return [(key[0], n) for key, n in result.rows]


def cross(events: Sequence[Event], *by: GroupBy, top: int | None = None) -> CrossTable:
    result = count(events, by, top=top)
    assert isinstance(result, CrossTable)
    return result


@pytest.fixture(scope="module")
def seed() -> tuple[Event, ...]:
    events = load().events
    assert len(events) == 61
    return events


# --- the seed, checked by hand ---------------------------------------------------------


def test_seed_by_month(seed: tuple[Event, ...]) -> None:
    # Lines starting "Sept." 17, "Oct." 15, "Nov." 19, "Dec." 10 (61 in all).
    assert table(seed, GroupBy.MONTH) == [
        ("2023-09", 17), ("2023-10", 15), ("2023-11", 19), ("2023-12", 10),
    ]


def test_seed_by_quarter(seed: tuple[Event, ...]) -> None:
    # September alone is in Q3; October to December: 15 + 19 + 10.
    assert table(seed, GroupBy.QUARTER) == [("2023-Q3", 17), ("2023-Q4", 44)]
    assert table(seed, GroupBy.YEAR) == [("2023", 61)]


def test_seed_by_week_has_the_empty_week(seed: tuple[Event, ...]) -> None:
    # Start dates per ISO week, Monday to Sunday. W35 Aug 28-Sep 3: Sep 1. W36: Sep 6.
    # W37: Sep 11, 11, 14, 14. W38: Sep 18, 18, 19, 20, 20, 21, 22, 22, 22. W39: Sep 27, 27.
    # W40: Oct 3, 3, 3, 4, 5. W41: Oct 12. W42: Oct 16-18, 17, 17, 17, 19.
    # W43: Oct 25, 26, 29, 29-30. W44 (Oct 30-Nov 5): nothing starts there.
    # W45: Nov 7, 7, 8, 8, 10, 10, 11-17. W46: Nov 13, 13, 14, 14, 15, 16, 16, 16, 17.
    # W47: Nov 25. W48: Nov 29, 30. W49: Dec 5-6, 5-7, 6, 6, 7. W50: Dec 12.
    # W51: Dec 19, 20, 22, 22.
    assert table(seed, GroupBy.WEEK) == [
        ("2023-W35", 1), ("2023-W36", 1), ("2023-W37", 4), ("2023-W38", 9),
        ("2023-W39", 2), ("2023-W40", 5), ("2023-W41", 1), ("2023-W42", 5),
        ("2023-W43", 4), ("2023-W44", 0), ("2023-W45", 7), ("2023-W46", 9),
        ("2023-W47", 1), ("2023-W48", 2), ("2023-W49", 5), ("2023-W50", 1),
        ("2023-W51", 4),
    ]
    # The three largest weeks (9, 9, 7), shown in time order.
    assert table(seed, GroupBy.WEEK, top=3) == [("2023-W38", 9), ("2023-W45", 7), ("2023-W46", 9)]


def test_seed_top_actors(seed: tuple[Event, ...]) -> None:
    # grep -c over the 61 entry lines: Kamikawa 24, Kishida 17, Blinken 15.
    assert table(seed, GroupBy.ACTOR, top=3) == [
        ("Kamikawa Yoko", 24), ("Kishida Fumio", 17), ("Antony Blinken", 15),
    ]


def test_seed_venues(seed: tuple[Event, ...]) -> None:
    # "in Tokyo" ends 24 entries. 12 entries name no place (Sep 14 x2, Oct 4, 5, 12, 19
    # (online), 25, Nov 8, 25, Dec 6 (Kobayashi), 19, 20). New York: Sep 18 x2, 19, 20 x2,
    # 21 (Economic Club of New York), 22 x3 = 9. San Francisco: Nov 11-17, 13 x2, 14 x2,
    # 15, 16 x3 = 9; the tie goes to New York by name.
    assert table(seed, GroupBy.VENUE)[:4] == [
        ("Tokyo", 24), ("(none)", 12), ("New York", 9), ("San Francisco", 9),
    ]


def test_seed_actor_pairs(seed: tuple[Event, ...]) -> None:
    # Entries naming both Blinken and Kamikawa: Sep 14 (second), 18 x2, 22 x3, Oct 25,
    # Nov 7 (second), 14 x2, 25, Dec 20 = 12. Park appears in 5 entries (Sep 22, Oct 25,
    # Nov 14, 25, Dec 20), each with both Blinken and Kamikawa. No entry names both
    # Kishida and Kamikawa; one (Nov 7) names Kishida and Blinken.
    found = pairs(seed, "actor")
    assert found[:3] == [
        ("Antony Blinken", "Kamikawa Yoko", 12),
        ("Antony Blinken", "Park Jin", 5),
        ("Kamikawa Yoko", "Park Jin", 5),
    ]
    assert all({a, b} != {"Kamikawa Yoko", "Kishida Fumio"} for a, b, _ in found)
    assert ("Antony Blinken", "Kishida Fumio", 1) in found


def test_seed_cross_table_actor_by_month(seed: tuple[Event, ...]) -> None:
    # Kamikawa by month: Sep 14, 18, 18, 22, 22, 22, 27 = 7; Oct 3, 3, 5, 17, 17, 25, 26,
    # 29 = 8; Nov 7, 10, 13, 13, 14, 14, 25, 30 = 8; Dec 20 = 1 (24 in all).
    t = cross(seed, GroupBy.ACTOR, GroupBy.MONTH, top=2)
    assert t.row_keys == ("Kamikawa Yoko", "Kishida Fumio")
    assert t.col_keys == ("2023-09", "2023-10", "2023-11", "2023-12")
    assert [t.cell("Kamikawa Yoko", m) for m in t.col_keys] == [7, 8, 8, 1]
    assert t.row_totals["Kamikawa Yoko"] == 24
    assert t.row_totals["Kishida Fumio"] == 17


# --- keys ------------------------------------------------------------------------------


def test_keys_of_each_dimension() -> None:
    e = event("2023-11-14", ["Kamikawa Yoko", "Antony Blinken"], ["JP", "US"],
              Venue(city="San Francisco", country="US"), Format.TRILATERAL, Kind.CALL)
    assert keys(e, GroupBy.ACTOR) == ["Kamikawa Yoko", "Antony Blinken"]
    assert keys(e, GroupBy.COUNTRY) == ["JP", "US"]
    assert keys(e, GroupBy.VENUE) == ["San Francisco"]
    assert keys(e, GroupBy.FORMAT) == ["trilateral"]
    assert keys(e, GroupBy.KIND) == ["call"]
    assert keys(e, GroupBy.DAY) == ["2023-11-14"]
    assert keys(e, GroupBy.WEEK) == ["2023-W46"]
    assert keys(e, GroupBy.MONTH) == ["2023-11"]
    assert keys(e, GroupBy.QUARTER) == ["2023-Q4"]
    assert keys(e, GroupBy.YEAR) == ["2023"]


def test_keys_of_venue_without_city_and_without_venue() -> None:
    assert keys(event("2023-09-06", venue=Venue(city=None, country="ID")), GroupBy.VENUE) == ["ID"]
    assert keys(event("2023-09-06"), GroupBy.VENUE) == ["(none)"]


def test_keys_use_the_start_date() -> None:
    e = event("2023-12-31").model_copy(update={"end": dt.date(2024, 1, 2)})
    assert keys(e, GroupBy.YEAR) == ["2023"]
    assert keys(e, GroupBy.MONTH) == ["2023-12"]


def test_iso_weeks_across_year_ends() -> None:
    def week(day: str) -> list[str]:
        return keys(event(day), GroupBy.WEEK)

    assert week("2020-12-31") == ["2020-W53"]  # a Thursday; 2020 has 53 ISO weeks
    assert week("2021-01-03") == ["2020-W53"]  # Sunday, still the last week of 2020
    assert week("2021-01-04") == ["2021-W01"]  # the first Monday of 2021
    assert week("2019-12-30") == ["2020-W01"]  # Monday of the week holding 1 Jan 2020


# --- one dimension ---------------------------------------------------------------------


def test_empty_month_between_is_shown_with_zero() -> None:
    events = [event("2023-01-15"), event("2023-03-02"), event("2023-03-30")]
    assert table(events, GroupBy.MONTH) == [("2023-01", 1), ("2023-02", 0), ("2023-03", 2)]


def test_months_across_a_year_end() -> None:
    events = [event("2023-11-30"), event("2024-02-01")]
    assert table(events, GroupBy.MONTH) == [
        ("2023-11", 1), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1),
    ]


def test_weeks_across_a_year_end() -> None:
    events = [event("2020-12-31"), event("2021-01-11")]
    assert table(events, GroupBy.WEEK) == [("2020-W53", 1), ("2021-W01", 0), ("2021-W02", 1)]


def test_quarters_in_time_order_whatever_the_input_order() -> None:
    events = [event("2023-11-02"), event("2023-02-10"), event("2024-01-05"), event("2023-12-01")]
    assert table(events, GroupBy.QUARTER) == [
        ("2023-Q1", 1), ("2023-Q2", 0), ("2023-Q3", 0), ("2023-Q4", 2), ("2024-Q1", 1),
    ]


def test_days_across_a_leap_day_and_years() -> None:
    events = [event("2024-03-01"), event("2024-02-28")]
    assert table(events, GroupBy.DAY) == [("2024-02-28", 1), ("2024-02-29", 0), ("2024-03-01", 1)]
    events = [event("2022-06-01"), event("2019-06-01")]
    assert table(events, GroupBy.YEAR) == [("2019", 1), ("2020", 0), ("2021", 0), ("2022", 1)]


def test_top_time_buckets_keeps_the_largest_in_time_order() -> None:
    events = [event(d) for d in ("2023-04-01", "2023-04-02", "2023-01-05", "2023-01-06",
                                 "2023-01-07", "2023-03-01")]
    # Jan 3, Feb 0, Mar 1, Apr 2: the two largest are Jan and Apr.
    assert table(events, GroupBy.MONTH, top=2) == [("2023-01", 3), ("2023-04", 2)]


def test_no_events_no_rows() -> None:
    assert table([], GroupBy.MONTH) == []
    assert table([], GroupBy.ACTOR) == []


def test_ties_broken_by_name_ignoring_case() -> None:
    events = [event("2023-01-01", ["bob"]), event("2023-01-02", ["Carol"]),
              event("2023-01-03", ["Alice"]), event("2023-01-04", ["Dave", "Carol"])]
    # Carol 2 first; then Alice, bob, Dave at 1 each (a plain sort would put bob last).
    assert table(events, GroupBy.ACTOR) == [("Carol", 2), ("Alice", 1), ("bob", 1), ("Dave", 1)]
    assert table(events, GroupBy.ACTOR, top=2) == [("Carol", 2), ("Alice", 1)]


def test_multi_valued_fields_count_once_per_value() -> None:
    events = [
        event("2023-01-01", ["Amy", "Ben"], ["JP", "US"]),
        event("2023-01-02", ["Amy"], ["JP"]),
        event("2023-01-03"),  # no actors, no countries: counts under neither
        event("2023-01-04", ["Ben", "Ben"], ["US", "US"]),  # a repeat counts once
    ]
    assert table(events, GroupBy.ACTOR) == [("Amy", 2), ("Ben", 2)]
    assert table(events, GroupBy.COUNTRY) == [("JP", 2), ("US", 2)]
    assert table(events, GroupBy.DAY)[2] == ("2023-01-03", 1)


def test_format_and_kind_by_count() -> None:
    events = [event("2023-01-01", fmt=Format.QUAD, kind=Kind.CALL),
              event("2023-01-02", fmt=Format.G7, kind=Kind.CALL),
              event("2023-01-03", fmt=Format.G7, kind=Kind.SUMMIT)]
    assert table(events, GroupBy.FORMAT) == [("g7", 2), ("quad", 1)]
    assert table(events, GroupBy.KIND) == [("call", 2), ("summit", 1)]


def test_a_bare_dimension_and_plain_strings_work() -> None:
    events = [event("2023-01-01", ["Amy"])]
    assert count(events, GroupBy.ACTOR) == Table(by=(GroupBy.ACTOR,), rows=((("Amy",), 1),))
    by: list[str] = ["actor"]  # as a command line gives them
    assert count(events, by) == Table(by=(GroupBy.ACTOR,), rows=((("Amy",), 1),))  # type: ignore[arg-type]


def test_wrong_dimensions_or_top() -> None:
    events = [event("2023-01-01", ["Amy"])]
    with pytest.raises(ValueError, match="not 3"):
        count(events, [GroupBy.ACTOR, GroupBy.MONTH, GroupBy.KIND])
    with pytest.raises(ValueError):
        count(events, [])
    with pytest.raises(ValueError):
        count(events, ["colour"])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        count(events, [GroupBy.ACTOR], top=-1)


# --- two dimensions --------------------------------------------------------------------


def test_cross_table_actor_by_month() -> None:
    events = [
        event("2023-01-10", ["Amy", "Ben"]),
        event("2023-01-20", ["Amy"]),
        event("2023-03-05", ["Ben"]),
        event("2023-03-06", ["Ben", "Cal"]),
        event("2023-03-07", ["Amy", "Ben"]),
    ]
    t = cross(events, GroupBy.ACTOR, GroupBy.MONTH)
    assert t.by == (GroupBy.ACTOR, GroupBy.MONTH)
    assert t.row_keys == ("Ben", "Amy", "Cal")  # 4, 3, 1
    assert t.col_keys == ("2023-01", "2023-02", "2023-03")  # February empty but shown
    assert [[t.cells[(r, c)] for c in t.col_keys] for r in t.row_keys] == [
        [1, 0, 3],
        [2, 0, 1],
        [0, 0, 1],
    ]
    assert t.row_totals == {"Ben": 4, "Amy": 3, "Cal": 1}
    assert t.col_totals == {"2023-01": 2, "2023-02": 0, "2023-03": 3}
    assert t.cell("Nobody", "2023-01") == 0


def test_cross_table_top_limits_rows_only() -> None:
    events = [event("2023-01-10", ["Amy", "Ben"]), event("2023-03-07", ["Amy"])]
    t = cross(events, GroupBy.ACTOR, GroupBy.MONTH, top=1)
    assert t.row_keys == ("Amy",)
    assert t.col_keys == ("2023-01", "2023-02", "2023-03")
    assert t.cells == {("Amy", "2023-01"): 1, ("Amy", "2023-02"): 0, ("Amy", "2023-03"): 1}


def test_cross_table_totals_count_events_not_cells() -> None:
    # One event with two countries: two cells of Amy's row, but one event in her total.
    events = [event("2023-01-10", ["Amy"], ["JP", "US"]), event("2023-01-11", ["Amy"], ["US"])]
    t = cross(events, GroupBy.ACTOR, GroupBy.COUNTRY)
    assert t.col_keys == ("US", "JP")
    assert t.cells == {("Amy", "US"): 2, ("Amy", "JP"): 1}
    assert t.row_totals == {"Amy": 2}


def test_cross_table_time_rows() -> None:
    events = [event("2023-01-10", kind=Kind.CALL), event("2023-07-01", kind=Kind.MEETING),
              event("2023-07-02", kind=Kind.CALL)]
    t = cross(events, GroupBy.QUARTER, GroupBy.KIND)
    assert t.row_keys == ("2023-Q1", "2023-Q2", "2023-Q3")
    assert t.col_keys == ("call", "meeting")
    assert t.cells[("2023-Q2", "call")] == 0
    assert t.cells[("2023-Q3", "call")] == 1
    assert t.row_totals == {"2023-Q1": 1, "2023-Q2": 0, "2023-Q3": 2}


# --- pairs -----------------------------------------------------------------------------


def test_pairs_of_actors() -> None:
    events = [
        event("2023-01-01", ["Zed", "Amy", "Ben"]),
        event("2023-01-02", ["Ben", "Zed"]),
        event("2023-01-03", ["Amy"]),  # alone: no pair
        event("2023-01-04", ["Zed", "Amy"]),
        event("2023-01-05", ["Cal", "Dee"]),
    ]
    # Amy-Ben 1, Amy-Zed 2, Ben-Zed 2, Cal-Dee 1; ties by the names.
    assert pairs(events, "actor") == [
        ("Amy", "Zed", 2), ("Ben", "Zed", 2), ("Amy", "Ben", 1), ("Cal", "Dee", 1),
    ]


def test_pairs_of_countries() -> None:
    events = [
        event("2023-01-01", countries=["US", "JP", "KR"]),
        event("2023-01-02", countries=["JP", "US"]),
        event("2023-01-03", countries=["JP"]),
        event("2023-01-04", countries=["US", "US"]),  # one country twice is no pair
    ]
    assert pairs(events, "country") == [("JP", "US", 2), ("JP", "KR", 1), ("KR", "US", 1)]


def test_pairs_of_something_else_is_an_error() -> None:
    with pytest.raises(ValueError):
        pairs([], "venue")  # type: ignore[arg-type]
