"""Finding and splitting the chronology; the seed against its hand-checked reading."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import re
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import Chronology, chronology, parse
from ustojapan_cli.dates import MONTHS
from ustojapan_cli.errors import ParseError
from ustojapan_cli.resources import SEED_NAME, data_path
from ustojapan_cli.text import squash

FIXTURES = Path(__file__).parent / "fixtures"


def expected_seed() -> list[list[str]]:
    rows = []
    for line in (FIXTURES / "seed-expected.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("|")])
    return rows


def test_seed_has_61_entries_and_its_header(seed: Chronology) -> None:
    assert len(seed.events) == 61
    assert seed.title == "Chronology of US - Japan Relations"
    assert seed.relationship == "US - Japan"
    assert seed.period and (seed.period.start, seed.period.end) == (
        dt.date(2023, 9, 1), dt.date(2023, 12, 31))
    assert seed.citation and seed.citation.startswith("Brad Glosserman")
    assert seed.citation.endswith("pp 19-27.")


def test_seed_entries_match_the_text_line_for_line(seed: Chronology) -> None:
    lines = data_path(SEED_NAME).read_text(encoding="utf-8").splitlines()
    dated = [i for i, text in enumerate(lines, 1) if re.match(r"(Sept|Oct|Nov|Dec)\.\s", text)]
    assert [e.source.line for e in seed.events] == dated
    for e in seed.events:
        written = lines[e.source.line - 1]
        assert written.endswith(e.text)
        assert ":" not in written[: written.index(e.text)].replace(", 2023:", "")


def test_seed_months(seed: Chronology) -> None:
    assert Counter(e.start.month for e in seed.events) == {9: 17, 10: 15, 11: 19, 12: 10}


def test_last_entry_without_trailing_newline(seed: Chronology) -> None:
    assert not data_path(SEED_NAME).read_bytes().endswith(b"\n")
    assert seed.events[-1].text.endswith("Working Group meeting in Honolulu.")


def test_ranges_in_the_seed(seed: Chronology) -> None:
    spans = {(e.start, e.end) for e in seed.events if e.start != e.end}
    assert (dt.date(2023, 10, 16), dt.date(2023, 10, 18)) in spans
    assert (dt.date(2023, 11, 11), dt.date(2023, 11, 17)) in spans
    assert len(spans) == 5  # Oct. 16-18, Oct. 29-30, Nov. 11-17, Dec. 5-6, Dec. 5-7


@pytest.mark.parametrize("row", expected_seed(), ids=lambda r: f"line{r[0]}")
def test_seed_event_as_checked_by_hand(seed: Chronology, row: list[str]) -> None:
    line, dates, fmt, kind, countries, venue, actors = row
    event = next(e for e in seed.events if e.source.line == int(line))
    start, _, end = dates.partition("..")
    assert (str(event.start), str(event.end)) == (start, end or start)
    assert event.format.value == fmt
    assert event.kind.value == kind
    assert sorted(event.countries) == countries.split()
    got_venue = f"{event.venue.city or ''},{event.venue.country or ''}" if event.venue else "-"
    assert got_venue == venue
    assert [a.id for a in event.actors] == actors.split()


def test_ids_are_unique_short_and_stable(seed: Chronology) -> None:
    ids = [e.id for e in seed.events]
    assert len(set(ids)) == 61
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d-[0-9a-f]{4}", i) for i in ids)
    again = parse(data_path(SEED_NAME).read_text(encoding="utf-8"), SEED_NAME)
    assert [e.id for e in again.events] == ids


def test_id_does_not_depend_on_position() -> None:
    one = parse("Chronology of A\n\nJan. 2, 2020: Kishida meets Biden in Tokyo.\n")
    two = parse("Jan. 1, 2020: Something else happens.\nJan. 2, 2020: Kishida meets Biden in Tokyo.")
    assert one.events[0].id == two.events[1].id


def test_repeated_entries_get_distinct_ids() -> None:
    text = "Jan. 2, 2020: Kishida meets Biden.\nJan. 2, 2020: Kishida meets Biden.\n"
    ids = [e.id for e in parse(text).events]
    assert len(set(ids)) == 2 and ids[1] == ids[0] + "-2"


def test_article_body_dates_are_not_entries(us_china: Chronology) -> None:
    # the body before the heading mentions "Jan. 24, 2014" but is not the chronology
    assert len(us_china.events) == 8
    assert us_china.events[0].source.line == 14


def test_fixture_variations(us_china: Chronology) -> None:
    d = dt.date
    assert [(e.start, e.end) for e in us_china.events] == [
        (d(2014, 1, 24), d(2014, 1, 24)), (d(2014, 2, 3), d(2014, 2, 3)),
        (d(2014, 2, 14), d(2014, 2, 15)), (d(2014, 3, 30), d(2014, 4, 2)),
        (d(2014, 9, 9), d(2014, 9, 9)), (d(2014, 4, 7), d(2014, 4, 7)),
        (d(2014, 4, 24), d(2014, 4, 25)), (d(2014, 12, 30), d(2015, 1, 2)),
    ]
    wrapped = us_china.events[3]
    assert wrapped.text == ("US and China hold the fourth round of the Strategic Security "
                            "Dialogue in Washington.")
    assert us_china.events[1].text == "Wang and Kerry speak by telephone."
    assert us_china.period and us_china.period.end == d(2014, 4, 30)


def test_entries_run_together_after_a_sentence() -> None:
    text = "Jan. 2, 2020: Kishida meets Biden. Jan. 3, 2020: Biden meets Moon in Seoul."
    events = parse(text).events
    assert [e.text for e in events] == ["Kishida meets Biden.", "Biden meets Moon in Seoul."]


def test_no_entries_is_an_empty_chronology() -> None:
    assert parse("Just an article with no dated entries.").events == ()


def test_impossible_date_names_its_line() -> None:
    with pytest.raises(ParseError, match=r"doc\.txt:3: Feb\. 30, 2023 is not a date"):
        parse("Chronology of X\n\nFeb. 30, 2023: Nothing.\n", "doc.txt")


# The footnote regex as one pattern, before it was split in two so each part can be scanned for.
ONE_FOOTNOTE_REGEX = re.compile(r"(?<=[^\d\s][.,;:!?\"')\]])\d{1,2}(?=\s|$)|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]"
                                r"|[\u2022\u2023\u2043\u25aa\u25cf\u25e6]")


@given(st.one_of(st.text(), st.lists(st.sampled_from(
    ["Wirajuda.1", ".12", "a.123", "9.1", " ", "\n", "¹", "•", "x", ",", "4", "٤", ").",
     "US-Japan Relations 32 April 2009"])).map("".join)))
@example("Wirajuda.1 meets.¹•2\n")
def test_footnote_marks_are_those_of_the_single_regex(text: str) -> None:
    spans, _ = chronology._noise(text)
    pages = [m.span() for m in chronology._PAGE_MARK.finditer(text)]
    assert sorted(spans) == sorted(pages + [m.span() for m in ONE_FOOTNOTE_REGEX.finditer(text)])


@given(st.one_of(st.text(), st.lists(st.sampled_from(
    ["US-Japan", "U.S.-China", " Relations", " RELATIONS", "relations", "Comparative Connections", " | ",
     "JANUARY 2024", " 32 ", "April 2009", "\n", " ", "-", "Japan", "7", "x"])).map("".join)))
@example("US-Japan Relations US-China Relations 32 April 2009\nA-B Relations\n7 May 2010")
@example("x US-Japan Relations | JANUARY 2024 Comparative Connections 3 May 2001")
def test_page_marks_are_the_matches_of_the_page_mark_regex(text: str) -> None:
    assert [m.span() for m in chronology._page_marks(text)] == [m.span() for m in chronology._PAGE_MARK.finditer(text)]


def test_a_date_range_wrapped_after_its_dash_is_one_entry_and_no_problem() -> None:
    # the second date's line starts like an entry, but it is the end of the first one's range
    found = chronology.scan("Chronology of X\n\nSeptember - December 2023\n\nDec. 30, 2023-\nJan. 2, 2024: "
                            "A and B meet.\n", "x.txt")
    assert [(e.span.start.isoformat(), e.span.end.isoformat(), e.text) for e in found.entries] == [
        ("2023-12-30", "2024-01-02", "A and B meet.")]
    assert found.unread == []


def test_a_date_as_written_is_read_once_for_every_text_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive's files write the same dates: each is read once in a process (`_SPANS`); an
    impossible one is not kept, and is reported in every text that has it."""
    chronology.scan("Chronology of X\n\nNov. 3-4, 2031: a.\n", "a.txt")
    monkeypatch.setattr(chronology, "entry_span", lambda m: pytest.fail(f"{m.group()!r} read again"))
    found = chronology.scan("Chronology of Y\n\nNov. 3-4, 2031: b.\nNov. 3-4, 2031: c.\n", "b.txt")
    assert [e.span for e in found.entries] == [(dt.date(2031, 11, 3), dt.date(2031, 11, 4))] * 2
    monkeypatch.undo()
    for name in ("c.txt", "d.txt"):
        assert chronology.scan("Feb. 30, 2031: d.\n", name, strict=False).unread == [
            (1, "Feb. 30, 2031 is not a date")]


@given(st.lists(st.sampled_from(["a", " ", "\n", "\r", "\r\n", "\x1c", "\x85", "\u2028", "\n\n", "x" * 700]),
                max_size=40).map("".join), st.integers(0, 30), st.integers(0, 14))
@example("x\n" * 600, 3, 12)
def test_the_first_lines_are_those_of_the_whole_text(text: str, begin: int, n: int) -> None:
    assert chronology._first_lines(text, begin, n) == text[begin:].splitlines()[:n]


# Lines and fragments that a cut between pieces could get wrong: ranges wrapped after their dash,
# dates that are not entries, misspelt months, impossible dates, page headers, footnote marks.
CHRONOLOGY_PARTS = ["Chronology of US-Japan Relations\n", "September - December 2023\n", "\n", "\n\n", " ",
                    "Nov. 30-", "Nov. 30 -\n", "Dec. 2, 2023: Kamikawa and Blinken meet in Tokyo.",
                    "Dec. 30, 2023-", "Jan. 2, 2024: Talks.", "Sepember 3, 2023: x.", "Feb. 30, 2023: y.",
                    "March 12: no year.", "  Oct. 16-18, 2023: v. ", "Oct. 5, 2023 no colon.",
                    "US-Japan Relations 32 April 2009\n", "Wirajuda.1 ", "Nov. 1, 2023: a.\n", "-\n", "x"]


def scans(text: str, piece: int) -> object:
    """What `scan` finds (or the error it raises), with texts cut in pieces of about `piece` characters."""
    kept = chronology.PIECE
    chronology.PIECE = piece
    try:
        return chronology.scan(text, "x.txt", strict=False), chronology.scan(text, "x.txt")
    except ParseError as exc:
        return str(exc)
    finally:
        chronology.PIECE = kept


@given(st.lists(st.sampled_from(CHRONOLOGY_PARTS), max_size=60).map("".join), st.integers(1, 200))
@example("Chronology of X\n\nNov. 1, 2023: a.\nNov. 30-\nDec. 2, 2023: b.\nDec. 3, 2023: c.\n", 10)
def test_a_chronology_cut_in_pieces_reads_as_a_whole(text: str, piece: int) -> None:
    assert scans(text, piece) == scans(text, 1 << 40)


def test_a_big_chronology_is_cut_only_at_the_start_of_an_entry() -> None:
    text = "Chronology of X\n\n" + "".join(f"Nov. {d}, 2023: Talks number {d}.\n" for d in range(1, 29)) * 3
    flat = chronology.flatten(text)
    cuts = chronology._cuts(flat, 0, 8)
    assert len(cuts) == 7
    assert all(flat[c - 1] == "\n" and flat[c: c + 4] == "Nov." for c in cuts)


@given(st.text(alphabet=st.sampled_from("a .1\n—é" + chronology._MARKS + "ⁱ▫")) | st.text())
def test_a_text_holds_marks_when_the_regex_finds_one(text: str) -> None:
    assert chronology._has_marks(text) == (chronology._MARK.search(text) is not None)


class _Unsearched:
    def finditer(self, text: str) -> None:
        raise AssertionError("searched for marks in a text that holds none")


def test_a_text_is_searched_for_superscripts_and_bullets_only_when_it_holds_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Nov. 1, 2023: Talks in Tōkyō — Wirajuda.1 spoke\n"
    assert all(chronology._has_marks(text + mark) for mark in "¹²³⁰⁴⁹•◦")
    footnote = text.index("Wirajuda.1") + len("Wirajuda.")  # the "1" after the sentence's period
    assert chronology._noise(text + "²")[0] == [(footnote, footnote + 1), (len(text), len(text) + 1)]
    monkeypatch.setattr(chronology, "_MARK", _Unsearched())
    assert chronology._noise(text)[0] == [(footnote, footnote + 1)]


@given(st.text(alphabet=st.sampled_from("ab \t\f\v\n-\u00a0\u2014\u2019\u201c\u3000é")) | st.text())
def test_flatten_is_the_translation_of_its_table(text: str) -> None:
    """Of a short text and a long one (beyond ASCII, each flattened its own way; see `flatten`)."""
    for written in (text, text * (chronology._SHORT // max(len(text), 1) + 1)):
        assert chronology.flatten(written) == written.translate(chronology._FLATTEN)


@given(st.integers(0, 200_000))
def test_batches_cover_every_entry_once_in_order_the_last_quarter_smaller(n: int) -> None:
    bounds = chronology._batches(n)
    assert [k for k, _ in bounds] == [0, *(end for _, end in bounds)][:len(bounds)]  # each starts where the last ended
    assert (bounds[-1][1] if bounds else 0) == n
    sizes = [end - k for k, end in bounds]
    assert all(s > 0 for s in sizes) and len(bounds) <= chronology.BATCHES * (1 + chronology.TAPER)
    if n >= 2 * chronology.BATCH:
        assert min(sizes) >= chronology.BATCH
    if sizes and sizes[0] * 4 < n and sizes[0] >= chronology.TAPER * chronology.BATCH:  # a big chronology:
        # its last batches are the smaller
        assert sizes[-1] * 2 <= sizes[0]


def test_a_worker_keeps_one_resolver_per_chronology() -> None:
    registry = chronology.load_registry()
    first, second = (chronology.Parcel(chronology._Context(name, ("US", "JP"), registry, {})) for name in "ab")
    kept = chronology._resolver(first)
    assert chronology._resolver(first) is kept  # a second batch of the same chronology: its memos kept
    assert chronology._resolver(second) is not kept


def test_entry_digests_are_sha1_of_the_key_and_the_hasher_they_copy_stays_empty() -> None:
    """`entry_digest` copies one empty SHA-1 hasher (cheaper than a new one): the copy is fed, never
    the hasher, so every digest is that of its own key only."""
    entries = chronology.scan("Jan. 2, 2020: Kishida meets Biden.\nJan. 3, 2020: Biden calls Kishida.\n", "t").entries
    digests = [chronology.entry_digest(e) for e in entries]
    assert digests == [hashlib.sha1(chronology.entry_key(e).encode()).digest() for e in entries]
    assert chronology._SHA1.digest() == hashlib.sha1().digest()
    assert chronology.event_id(entries[0]) == f"2020-01-02-{digests[0].hex()[:4]}"


class _Row(NamedTuple):
    a: int
    b: str

    def __reduce__(self) -> Any:
        raise AssertionError("a record of a batch is pickled one by one")


def test_a_batch_of_records_crosses_as_plain_tuples_and_comes_back_as_records() -> None:
    rows = [_Row(1, "x"), _Row(2, "y")]
    back = pickle.loads(pickle.dumps(chronology._Made(rows, [], [])))
    assert back == (rows, [], []) and all(type(r) is _Row for r in back.made)
    mixed = [_Row(1, "x"), (2, "y")]  # not all of one class: as they are
    assert chronology._bare(mixed) == (None, mixed) and chronology._bare([]) == (None, [])


def test_a_file_read_whole_crosses_with_its_heading_as_json_made_a_model_only_when_needed() -> None:
    from ustojapan_cli import parallel
    from ustojapan_cli.models import Actor
    from ustojapan_cli.sources import Merger
    from ustojapan_cli.text import name_key

    seed = data_path(SEED_NAME)
    with parallel.spread(0, lambda path, mapper: chronology.open_reader(path, mapper)):
        finished = chronology.read_whole(lambda fields: fields["id"], seed)
    blob = pickle.dumps(finished)
    assert b"ustojapan_cli.models" not in blob  # no model pickled: they cost six times as much
    back = pickle.loads(blob)
    whole = chronology.load(seed)
    assert list(back.events(lambda e: e)) == [e.id for e in whole.events]
    named, actor = back.people()
    assert named == [(name_key(a.name), a.id, a.name) for a in whole.actors]
    made: list[int] = []  # the actors made into models: only those of people not met yet

    def counted(i: int) -> Actor:
        made.append(i)
        return actor(i)

    merger = Merger()
    merger.meet(whole.actors[:3])
    merger.meet_named(named, counted)
    assert made == list(range(3, len(whole.actors)))
    assert list(merger.people.values()) == list(whole.actors)
    assert back.chronology() == whole.model_copy(update={"events": ()})
    again = pickle.loads(blob)
    merger.meet_named(*again.people())
    assert "heading" not in vars(again)  # everyone met: the heading's JSON was not validated


def _flags_by_definition(days: list[dt.date], period: Any) -> list[tuple[str, ...]]:
    """`entry_flags` as its docstring defines it, with no shortcut: the longest run in order of the
    days inside the period."""
    inside = [i for i, d in enumerate(days) if period is None or period.start <= d <= period.end]
    ordered = {inside[k] for k in chronology.longest_in_order([days[i] for i in inside])}
    return [(() if i in inside or period is None else ("outside-period",))
            + (("out-of-order",) if i in inside and i not in ordered else ()) for i in range(len(days))]


@given(st.lists(st.integers(0, 6), max_size=12), st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(0, 6))))
@example([1, 1, 2, 2], None)  # ties are in order: the shortcut takes them
@example([1, 3, 2], None)
@example([1, 2, 3], (2, 3))  # in order, one outside the period: not the shortcut
def test_entry_flags_shortcut_is_the_definition(offsets: list[int], bounds: tuple[int, int] | None) -> None:
    """Entries all inside the period and in order are flagged by a shortcut; it gives what the
    longest run in order gives, here and on every other input."""
    from ustojapan_cli.models import Period

    base = dt.date(2023, 1, 1)
    days = [base + dt.timedelta(days=k) for k in offsets]
    period = None if bounds is None else Period(start=base + dt.timedelta(days=min(bounds)),
                                                end=base + dt.timedelta(days=max(bounds)))
    entries = [chronology.RawEntry(chronology.Span(d, d), "x", n) for n, d in enumerate(days)]
    assert chronology.entry_flags(entries, period) == _flags_by_definition(days, period)


@given(st.text(alphabet="ab\n", max_size=40), st.lists(st.integers(0, 40), max_size=8), st.integers(0, 3))
def test_line_counter_numbers_offsets_in_any_order(text: str, offsets: list[int], before: int) -> None:
    """`_scan_piece`'s line numbers, counted on from the offset asked before (or from the top when
    an offset comes back), are those of the lines counted from the top."""
    line_of = chronology._LineCounter(text, before)
    for offset in (min(o, len(text)) for o in offsets):
        assert line_of(offset) == text.count("\n", 0, offset) + 1 + before


# Where a date regex can be fooled: misspelt and abbreviated months, ranges across months and
# lines, dates inside an entry's text and after a sentence's end, accents, case twins ("ſ" is an
# "s" to the regex), no-break spaces, CRLF, page headers, heads inside words ("summary", "junov").
DATE_PARTS = ["Nov. 14, 2023:", "Nov. 30-Dec. 2, 2023:", "Nov. 30-\n", "Dec. 2, 2023: ", "Sept. 1, 2023:",
              "Sep 3 2023 :", "Sepember 3, 2023:", "March 12:", "MAY 5, 2024:", "Oct. 5, 2023 no colon.",
              "Dec. 30, 2023-Jan. 2, 2024:", "ſept. 4, 2023:", "Décembre 3, 2023:", "\u0130", "junov 3",
              "summary", "decides", "3Nov. 4, 2023:", "_jan 1:", "Talks. ", "\u00a0", "\r\n", "\n", " ", "-",
              ",", "7", "2023", "US-Japan Relations 32 April 2009\n", "a", "x"]


@given(st.lists(st.sampled_from(DATE_PARTS), max_size=30).map("".join), st.integers(0, 300), st.integers(0, 300))
@example("Nov. 30-\nDec. 2, 2023: x. junov 3, 2023: summary.\u00a0Sept. 1 2023 :", 0, 300)
def test_dates_tried_at_month_heads_are_those_the_regex_finds(text: str, begin: int, end: int) -> None:
    """`_dates_at`, the regex tried only where `_month_heads` (found once a piece) says a month
    starts, finds what each regex's `finditer` finds, and what their sieves found (each reading
    the text for its heads again)."""
    flat = chronology.flatten(text)
    low = chronology.lowered(flat)
    begin, end = min(begin, len(flat)), min(max(begin, end), len(flat))
    at = chronology._month_heads(low, 0)
    for pattern in (chronology.ENTRY_DATE, chronology.LOOSE_DATE):
        found = [m.span() for m in chronology._dates_at(pattern, flat, at, begin, end)]
        assert found == [m.span() for m in pattern.finditer(flat, begin, end)]
        assert found == [m.span() for m in chronology.Sieve(pattern).finditer(flat, begin, end, low)]


def test_the_heads_of_the_date_regexes_are_the_months_first_three_letters() -> None:
    assert set(chronology._DATE_HEADS) == {name[:3] for name in MONTHS} and len(chronology._DATE_HEADS) == 12
    with pytest.raises(ValueError, match="no longer starts"):
        chronology._heads_of(chronology.ENTRY_DATE, re.compile(r"\d+:"))


@given(st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\x1c", "\u00a0", "\u2003", "\u200b", "\u2028",
                                 "a", "b.", "é", "\u201c", "x" * 30, "Nov. 3, 2023:"]), max_size=40).map("".join),
       st.lists(st.integers(0, 200), max_size=10))
@example("Nov. 3, 2023: a b.\n\nNov. 4, 2023: a  b.\n", [0, 13, 20, 33])
def test_entry_bodies_are_their_texts_squashed(text: str, cuts: list[int]) -> None:
    """`_bodies`, which strips each entry's text and squashes only where one look at all of them
    finds white space other than single spaces, gives what `squash` of each gives."""
    bounds = sorted(min(c, len(text)) for c in cuts)
    starts, ends = bounds[::2], bounds[1::2]
    starts = starts[: len(ends)]
    assert chronology._bodies(text, starts, ends) == [squash(text[a:b]) for a, b in zip(starts, ends, strict=True)]


@given(st.text(alphabet="ab\n", max_size=40), st.lists(st.integers(0, 40), max_size=8), st.integers(0, 3))
def test_the_lines_of_offsets_in_order_are_counted_from_the_top(text: str, offsets: list[int], before: int) -> None:
    at = sorted(min(o, len(text)) for o in offsets)
    assert chronology._lines_at(text, at, before) == [text.count("\n", 0, o) + 1 + before for o in at]


@given(st.lists(st.sampled_from(DATE_PARTS), max_size=30).map("".join))
@example("Chronology\nMarch 12: x.\nNov. 3, 2023: a. Nov. 30-\nDec. 2 b.\nNov. 4, 2023: c. March 4:")
def test_misread_dates_are_looked_for_only_in_the_gaps_holding_a_head(text: str) -> None:
    """`_misread`, which reads only the gaps between entries' dates holding a month's head that
    starts no entry's date, finds what a look in every gap finds."""
    flat = chronology.flatten(text)
    at = chronology._month_heads(chronology.lowered(flat), 0)
    dates = list(chronology._dates_at(chronology.ENTRY_DATE, flat, at, 0, len(flat)))[::2]  # some, as entries
    ends = [m.start() for m in dates[1:]] + [len(flat)] if dates else []
    gaps = list(zip([m.end() for m in dates], ends, strict=True))
    for spans in (gaps, [(0, dates[0].start() if dates else len(flat)), *gaps]):
        found = [m.span() for m in chronology._misread(flat, at, [m.start() for m in dates], spans)]
        assert found == [m.span() for start, end in spans for m in chronology.LOOSE_DATE.finditer(flat, start, end)]
