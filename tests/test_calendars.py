"""The calendar writers: iCalendar read back with `icalendar`, TimelineJS JSON, Markdown."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import Event, EventActor, Format, Kind, Venue, load
from ustojapan_cli.calendars import (
    describe,
    escape_text,
    fold,
    shorten,
    to_ics,
    to_markdown,
    to_timelinejs,
)
from ustojapan_cli.models import Level, Source

SEED_DOC = "us-japan-2023-sep-dec.txt"


@pytest.fixture(scope="module")
def events() -> tuple[Event, ...]:
    return load().events


def at_line(events: tuple[Event, ...], line: int) -> Event:
    (event,) = [e for e in events if e.source.line == line]
    return event


def make_event(
    text: str,
    start: dt.date = dt.date(2023, 11, 7),
    end: dt.date | None = None,
    *,
    id: str = "2023-11-07-beef",
    venue: Venue | None = None,
    actors: tuple[EventActor, ...] = (),
    line: int = 7,
) -> Event:
    return Event(
        id=id, start=start, end=end or start, text=text, actors=actors, countries=("JP", "US"),
        venue=venue, format=Format.BILATERAL, kind=Kind.MEETING,
        source=Source(document="hostile.txt", line=line),
    )


def physical_lines(ics: str) -> list[bytes]:
    raw = ics.encode("utf-8")
    assert raw.endswith(b"\r\n")
    return raw.split(b"\r\n")[:-1]


def vevents(ics: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


# --- shorten, escape_text, fold ------------------------------------------------------------


def test_shorten_keeps_short_text_and_flattens_whitespace() -> None:
    assert shorten("a\n\n b\tc") == "a b c"
    assert shorten("x" * 75) == "x" * 75


def test_shorten_cuts_at_a_word_boundary() -> None:
    # 20 words of 4 letters: 99 characters. The first 74 end inside word 15, so the
    # cut falls back to the space after word 14: 14 words (69 characters) and "…".
    assert shorten("word " * 20) == " ".join(["word"] * 14) + "…"


def test_shorten_cuts_a_single_long_word() -> None:
    assert shorten("x" * 100) == "x" * 74 + "…"


def test_escape_text_rfc5545() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    # Other control characters are dropped, tab kept, Unicode line separators are breaks.
    assert escape_text("a\x00b\tc\u2028d\x7f") == "ab\tc\\nd"


def test_fold_at_75_octets() -> None:
    assert fold("A" * 75) == "A" * 75 + "\r\n"
    assert fold("A" * 76) == "A" * 75 + "\r\n " + "A" + "\r\n"


def test_fold_never_splits_a_multibyte_character() -> None:
    # "SUMMARY:" is 8 octets and 陽 is 3: 8 + 22*3 = 74 fits, a 23rd would make 77.
    # A continuation line holds its space plus 24 (1 + 72 = 73; a 25th would make 76).
    assert fold("SUMMARY:" + "陽" * 30) == "SUMMARY:" + "陽" * 22 + "\r\n " + "陽" * 8 + "\r\n"


def test_fold_keeps_an_escape_pair_together() -> None:
    assert fold("X" * 74 + "\\n") == "X" * 74 + "\r\n \\n\r\n"


# --- to_ics on the seed --------------------------------------------------------------------


def test_ics_calendar_header(events: tuple[Event, ...]) -> None:
    lines = physical_lines(to_ics(events))
    assert lines[:4] == [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//usjp//Comparative Connections chronology//EN",
        b"CALSCALE:GREGORIAN",
    ]
    assert lines[-1] == b"END:VCALENDAR"
    cal = icalendar.Calendar.from_ical(to_ics(events))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"


def test_ics_seed_round_trips(events: tuple[Event, ...]) -> None:
    assert len(events) == 61
    parsed = vevents(to_ics(events))
    assert len(parsed) == 61
    uids = [str(v["UID"]) for v in parsed]
    assert len(set(uids)) == 61
    assert uids == [f"{e.id}@usjp" for e in events]
    for event, vevent in zip(events, parsed, strict=True):
        start = vevent["DTSTART"].dt
        end = vevent["DTEND"].dt
        # All-day: plain dates, not datetimes (datetime is a subclass of date).
        assert type(start) is dt.date and type(end) is dt.date
        assert start == event.start
        assert end == event.end + dt.timedelta(days=1)
        assert vevent["DTSTAMP"].dt == dt.datetime.combine(event.start, dt.time(), dt.UTC)
        description = str(vevent["DESCRIPTION"])
        assert description.startswith(event.text + "\n\n")
        assert description.endswith(f"\nSource: {SEED_DOC}, line {event.source.line}")
        assert [str(c) for c in vevent["CATEGORIES"].cats] == [event.format, event.kind]
        assert len(str(vevent["SUMMARY"])) <= 75


def test_ics_multi_day_entry_ends_the_day_after(events: tuple[Event, ...]) -> None:
    # data/us-japan-2023-sep-dec.txt line 133: "Oct. 16-18, 2023: US and Japan hold the
    # second annual Japan-US Security Dialogue in Palo Alto, California."
    event = at_line(events, 133)
    (vevent,) = [v for v in vevents(to_ics(events)) if str(v["UID"]) == f"{event.id}@usjp"]
    assert vevent["DTSTART"].dt == dt.date(2023, 10, 16)
    assert vevent["DTEND"].dt == dt.date(2023, 10, 19)
    assert str(vevent["LOCATION"]) == "Palo Alto, US"
    assert str(vevent["DESCRIPTION"]) == (
        "US and Japan hold the second annual Japan-US Security Dialogue in Palo Alto, "
        "California.\n\nFormat: bilateral\nKind: dialogue\n"
        "Source: us-japan-2023-sep-dec.txt, line 133"
    )
    # Line 163: "Nov. 11-17, 2023: 2023 APEC Leaders' Week is held in San Francisco."
    apec = at_line(events, 163)
    raw = to_ics([apec])
    assert "\r\nDTSTART;VALUE=DATE:20231111\r\n" in raw
    assert "\r\nDTEND;VALUE=DATE:20231118\r\n" in raw


def test_ics_actors_with_roles_and_country_only_venue(events: tuple[Event, ...]) -> None:
    # Line 89: Kishida, Harris and Marcos meet at the ASEAN meetings "in Indonesia".
    (vevent,) = vevents(to_ics([at_line(events, 89)]))
    assert str(vevent["LOCATION"]) == "ID"
    description = str(vevent["DESCRIPTION"])
    assert "\nActors: Kishida Fumio (Prime Minister, JP); Kamala Harris (Vice President, US)" \
        in description


def test_ics_physical_lines(events: tuple[Event, ...]) -> None:
    ics = to_ics(events)
    lines = physical_lines(ics)
    assert all(len(line) <= 75 for line in lines)
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    for line in lines:
        line.decode("utf-8")  # a split multi-byte character would not decode
    assert any(line.startswith(b" ") for line in lines), "the seed needs folding somewhere"


# --- to_ics against hostile text -----------------------------------------------------------

HOSTILE = (
    "Kamikawa Yōko 上川陽子 and Blinken meet; they agree, again, on a \\ path"
    "\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:pwned;x,y\n"
    + "上川陽子外務大臣はブリンケン国務長官と会談した。" * 4
)


def hostile_event() -> Event:
    actors = (
        EventActor(id="kamikawa-yoko", name="Kamikawa Yōko", country="JP",
                   role="Minister for Foreign Affairs", level=Level.NATIONAL),
        EventActor(id="x", name="A; B, C", country=None, role=None, level=Level.NATIONAL),
    )
    return make_event(HOSTILE, venue=Venue(city="Tōkyō; 東京", country="JP"), actors=actors)


def test_ics_hostile_text_cannot_inject() -> None:
    plain = make_event("Plain entry.", dt.date(2023, 11, 8), id="2023-11-08-0001", line=9)
    ics = to_ics([hostile_event(), plain])
    lines = physical_lines(ics)
    assert lines.count(b"BEGIN:VEVENT") == 2
    assert lines.count(b"END:VEVENT") == 2
    assert not any(line.startswith(b"SUMMARY:pwned") for line in lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")
    folded = [line for line in lines if line.startswith(b" ")]
    assert any("陽".encode() in line for line in folded), "the Japanese text should be folded"

    parsed = vevents(ics)
    assert len(parsed) == 2
    first, second = parsed
    assert str(first["UID"]) == "2023-11-07-beef@usjp"
    assert str(second["UID"]) == "2023-11-08-0001@usjp"
    assert str(first["DESCRIPTION"]) == (
        HOSTILE
        + "\n\nActors: Kamikawa Yōko (Minister for Foreign Affairs, JP); A; B, C"
        + "\nFormat: bilateral\nKind: meeting\nSource: hostile.txt, line 7"
    )
    assert str(first["LOCATION"]) == "Tōkyō; 東京, JP"
    summary = str(first["SUMMARY"])
    assert summary == shorten(HOSTILE)
    assert summary.startswith("Kamikawa Yōko 上川陽子 and Blinken meet; they agree, again, on a \\")
    assert summary.endswith("…") and len(summary) <= 75 and "\n" not in summary
    assert str(second["DESCRIPTION"]).startswith("Plain entry.\n\n")
    assert "LOCATION" not in second  # no venue, no LOCATION


# --- to_timelinejs -------------------------------------------------------------------------


def test_timelinejs_seed(events: tuple[Event, ...]) -> None:
    data = json.loads(to_timelinejs(events, "US-Japan Relations"))
    assert data["title"] == {"text": {"headline": "US-Japan Relations"}}
    assert len(data["events"]) == 61
    assert [s["unique_id"] for s in data["events"]] == [e.id for e in events]
    dialogue = at_line(events, 133)  # Oct. 16-18, 2023
    (slide,) = [s for s in data["events"] if s["unique_id"] == dialogue.id]
    assert slide["start_date"] == {"year": 2023, "month": 10, "day": 16}
    assert slide["end_date"] == {"year": 2023, "month": 10, "day": 18}
    assert slide["group"] == "bilateral"
    assert slide["text"]["text"] == (
        "US and Japan hold the second annual Japan-US Security Dialogue in Palo Alto, California."
    )


def test_timelinejs_range_across_months() -> None:
    event = make_event("Talks.", dt.date(2023, 11, 30), dt.date(2023, 12, 2))
    (slide,) = json.loads(to_timelinejs([event], None))["events"]
    assert slide["start_date"] == {"year": 2023, "month": 11, "day": 30}
    assert slide["end_date"] == {"year": 2023, "month": 12, "day": 2}


def test_timelinejs_escapes_html() -> None:
    event = make_event("Talks on <script>alert(\"x\")</script> & 'R' in 東京")
    text = to_timelinejs([event], "US & Japan <2023>")
    assert "東京" in text  # ensure_ascii=False
    data = json.loads(text)
    assert data["title"]["text"]["headline"] == "US &amp; Japan &lt;2023&gt;"
    (slide,) = data["events"]
    escaped = "Talks on &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;R&#x27; in 東京"
    assert slide["text"]["text"] == escaped
    assert slide["text"]["headline"] == escaped  # short enough not to be cut
    assert "<script>" not in text


def test_timelinejs_without_title() -> None:
    data = json.loads(to_timelinejs([make_event("Talks.")], None))
    assert "title" not in data
    assert len(data["events"]) == 1


# --- to_markdown ---------------------------------------------------------------------------

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_seed(events: tuple[Event, ...]) -> None:
    lines = to_markdown(events).splitlines()
    assert len(lines) == len(events) + 2
    assert lines[0] == "| id | date | kind | format | venue | actors | entry |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    for line in lines[2:]:
        assert len(UNESCAPED_PIPE.split(line)) == 9  # 7 cells between 8 pipes
    dialogue = at_line(events, 133)
    (row,) = [line for line in lines if line.startswith(f"| {dialogue.id} |")]
    assert row == (
        f"| {dialogue.id} | 2023-10-16 – 2023-10-18 | dialogue | bilateral | Palo Alto, US |  | "
        "US and Japan hold the second annual Japan-US Security Dialogue in Palo Alto, California. |"
    )


def test_markdown_escapes_pipes_and_newlines() -> None:
    event = make_event("A | B\nC||D", venue=Venue(city="X|Y", country="JP"))
    text = to_markdown([event, make_event("Other.", id="2023-11-07-0002")])
    lines = text.splitlines()
    assert len(lines) == 2 + 2
    assert lines[2] == (
        "| 2023-11-07-beef | 2023-11-07 | meeting | bilateral | X\\|Y, JP |  | A \\| B C\\|\\|D |"
    )
    assert len(UNESCAPED_PIPE.split(lines[2])) == 9


def test_markdown_data_cannot_become_links_html_or_formatting() -> None:
    event = make_event("[click](javascript:alert(1)) <script>x</script> **bold** a_b \\ `code`")
    row = to_markdown([event]).splitlines()[2]
    assert row.endswith(
        "| \\[click\\](javascript:alert(1)) \\<script\\>x\\</script\\> \\*\\*bold\\*\\* a\\_b \\\\ \\`code\\` |")


ICS_NAMES = {b"BEGIN", b"END", b"VERSION", b"PRODID", b"CALSCALE", b"UID", b"DTSTAMP", b"DTSTART", b"DTEND",
             b"SUMMARY", b"LOCATION", b"DESCRIPTION", b"CATEGORIES"}
any_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",)), max_size=150)


@given(any_text, any_text)
@example("x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned", "Tokyo\nLOCATION:evil")
def test_no_text_can_add_calendar_lines_or_events(text: str, city: str) -> None:
    events = [make_event(text, venue=Venue(city=city, country="JP")), make_event("Second.", id="2023-11-07-0002")]
    ics = to_ics(events)
    lines = physical_lines(ics)
    assert all(b"\r" not in line and b"\n" not in line and len(line) <= 75 for line in lines)
    starts = [line for line in lines if not line.startswith(b" ")]  # content lines, unfolded
    assert starts.count(b"BEGIN:VEVENT") == 2 == starts.count(b"END:VEVENT")
    assert {re.split(b"[:;]", line)[0] for line in starts} <= ICS_NAMES
    first = vevents(ics)[0]
    assert str(first["DESCRIPTION"]) == read_back(describe(events[0]))
    assert str(first["LOCATION"]) == read_back(", ".join(p for p in (city, "JP") if p))


_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def read_back(value: str) -> str:
    """What a calendar program should read: each line break (CRLF counts as one) one "\n",
    other control characters but tab dropped."""
    return "".join(c for c in _BREAK.sub("\n", value) if c in "\t\n" or not (ord(c) < 32 or ord(c) == 127))
