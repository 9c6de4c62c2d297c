"""Format, kind and venue rules, on sentences written for the test."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import classify, needles, parse
from ustojapan_cli.actors import load_registry
from ustojapan_cli.lexicon import lexicon, memo_table
from ustojapan_cli.models import EventActor, Format, Kind, Level

with warnings.catch_warnings():  # the parser of `re`, under its old public name (as needles.py reads it)
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

REGISTRY = load_registry()


def event(entry: str, relationship: str = "US-Japan"):  # type: ignore[no-untyped-def]
    return parse(f"Chronology of {relationship} Relations\n\nMay 5, 2023: {entry}", "t.txt",
                 REGISTRY).events[0]


@pytest.mark.parametrize(("entry", "fmt"), [
    ("Blinken and Kamikawa meet in Tokyo.", "bilateral"),
    ("Blinken, Kamikawa, and Park meet in Jakarta.", "trilateral"),
    ("Blinken, Kamikawa, Wong and Jaishankar meet in Delhi.", "quad"),
    ("Blinken and Kamikawa attend a Quad Foreign Ministers' Meeting in Delhi.", "quad"),
    ("Blinken and Kamikawa attend a G7 Foreign Ministers' Meeting in Karuizawa.", "g7"),
    ("Biden and Kishida attend the APEC Leaders' Meeting in Lima.", "multilateral"),
    ("Kishida, Harris, and Marcos meet while attending the ASEAN Summit in Jakarta.", "trilateral"),
    ("Kamikawa meets with New Jersey Governor Phil Murphy in Tokyo.", "subnational"),
    ("Kamikawa meets with Former Secretary of State Hillary Clinton in Tokyo.", "other"),
    ("Kishida meets with Google CEO Sundar Pichai in San Francisco.", "other"),
    ("US and Japan hold a Security Dialogue in Tokyo.", "bilateral"),
    ("US-Japan-Korea Trilateral Dialogue on North Korea is held in Seoul.", "trilateral"),
])
def test_format(entry: str, fmt: str) -> None:
    assert event(entry).format.value == fmt


@pytest.mark.parametrize(("entry", "kind"), [
    ("Blinken and Kamikawa speak by telephone.", "call"),
    ("Blinken and Kamikawa hold a video conference.", "virtual_meeting"),
    ("Blinken and Kamikawa release a joint statement on North Korea.", "statement"),
    ("Blinken and Kamikawa sign a memorandum of cooperation.", "signing"),
    ("Kishida delivers an address at the UN General Assembly in New York.", "speech"),
    ("Kishida receives the Global Citizen Award in New York.", "award"),
    ("Blinken participates in an interview with NHK.", "interview"),
    ("US and Japan hold an Extended Deterrence Dialogue in Tokyo.", "dialogue"),
    ("Biden and Kishida hold a summit in Washington.", "summit"),
    ("A US Navy helicopter crashes off the coast of Okinawa.", "incident"),
    ("Blinken visits Tokyo.", "visit"),
    ("Blinken and Kamikawa meet in Tokyo.", "meeting"),
    ("Blinken, Raimondo, Kamikawa and Nishimura hold the second ministerial meeting of the "
     "Economic Policy Consultative Committee in San Francisco.", "meeting"),
])
def test_kind(entry: str, kind: str) -> None:
    assert event(entry).kind.value == kind


@pytest.mark.parametrize(("entry", "venue"), [
    ("Blinken and Kamikawa meet in Tokyo.", ("Tokyo", "JP")),
    ("US and Japan hold a dialogue in Palo Alto, California.", ("Palo Alto", "US")),
    ("US and Japan hold a dialogue in Boise, Idaho.", ("Boise", "US")),
    ("Kishida and Yoon attend an event at Stanford University.", ("Stanford", "US")),
    ("A US Air Force Osprey crashes off the shore of Yakushima Island.", ("Yakushima Island", "JP")),
    ("Kishida delivers remarks at the Economic Club of New York.", ("New York", "US")),
    ("Kishida, Harris and Marcos meet while attending the summit in Indonesia.", (None, "ID")),
])
def test_venue(entry: str, venue: tuple[str | None, str]) -> None:
    v = event(entry).venue
    assert v is not None and (v.city, v.country) == venue


@pytest.mark.parametrize("entry", [
    "Blinken and Kamikawa speak by telephone from Tokyo.",
    "Kamikawa and Blinken hold an online meeting in Tokyo.",
    "Blinken and Kamikawa release a statement in Tokyo.",
    "Kishida meets with the delegation of the US Chamber of Commerce.",
])
def test_no_venue(entry: str) -> None:
    assert event(entry).venue is None


def test_former_officials_and_companies_are_not_governments() -> None:
    e = event("Kamikawa meets with Former Secretary of State Hillary Clinton and Google CEO "
              "Sundar Pichai in Tokyo.")
    assert e.countries == ("JP",)


@pytest.mark.parametrize(("entry", "kind"), [
    ("Kishida and Chinese Premier Li Qiang talk briefly in Jakarta.", "meeting"),
    ("Chinese Foreign Ministry Spokesperson Wang Wenbin says the ban will remain.", "statement"),
    ("Chief Cabinet Secretary Matsuno Hirokazu tells reporters that Japan protested.", "statement"),
    ("US Ambassador MaryKay Carlson condemns the use of water cannons.", "statement"),
    ("Chinese coast guard vessels enter the territorial waters around the Senkaku Islands.", "incident"),
    ("Chinese coast guard vessels intrude into waters near the Senkaku Islands.", "incident"),
    ("Chinese and Philippine vessels collide near Second Thomas Shoal.", "incident"),
])
def test_kind_words_of_other_chronologies(entry: str, kind: str) -> None:
    assert event(entry).kind.value == kind


def test_said_after_a_meeting_leaves_it_a_meeting() -> None:
    assert event("Blinken and Kamikawa meet in Tokyo and say the alliance is strong.").kind.value == "meeting"


def test_venue_after_around() -> None:
    venue = event("Chinese coast guard vessels sail around the Senkaku Islands.").venue
    assert venue is not None and (venue.city, venue.country) == ("Senkaku Islands", "JP")


@pytest.mark.parametrize(("entry", "where"), [
    ("Xi pays a state visit to Vietnam.", (None, "VN")),
    ("Xi pays a state visit to Russia and holds talks with Putin in the Kremlin.", ("Moscow", "RU")),
    ("Lavrov meets Qin Gang in Samarkand.", ("Samarkand", "UZ")),
    ("Liu He leads a delegation to Washington for trade talks.", ("Washington", "US")),
])
def test_venue_of_a_visit_to_and_of_other_capitals(entry: str, where: tuple[str | None, str]) -> None:
    venue = event(entry).venue
    assert venue is not None and (venue.city, venue.country) == where


def test_admm_plus_is_multilateral() -> None:
    assert event("Austin attends the ADMM-Plus in Jakarta.").format.value == "multilateral"


@pytest.mark.parametrize("entry", [
    "The Commerce Department adds 24 Chinese companies to the Entity List.",
    "The State Department orders China to close its consulate general in Houston.",
    "The Treasury Department announces sanctions on Chinese officials.",
])
def test_a_us_department_as_subject_is_the_us(entry: str) -> None:
    assert event(entry, "US-China").countries == ("US",)


def test_a_us_department_as_subject_counts_beside_the_people_named() -> None:
    e = event("The Treasury Department announces sanctions on Hong Kong Chief Executive Carrie Lam.",
              "US-China")
    assert sorted(e.countries) == ["HK", "US"]


def test_a_subject_joined_by_and_keeps_both_countries() -> None:
    e = event("Two Chinese bombers and two Russian bombers conduct a joint flight.", "US-China")
    assert e.countries == ("CN", "RU")


def test_a_body_only_one_government_has_as_subject_is_that_government() -> None:
    assert event("PLA Navy ships sail through the Taiwan Strait.").countries == ("CN",)


def test_the_two_sides_are_the_chronologys_two_countries() -> None:
    e = event("The two sides hold talks via video link.", "US-China")
    assert (e.countries, e.format.value) == (("US", "CN"), "bilateral")


def test_an_unsafe_intercept_is_an_incident() -> None:
    assert event("A Chinese J-11 fighter conducts an unsafe intercept of a US Navy aircraft.").kind.value == "incident"


def test_a_premier_is_the_other_side_of_a_us_chronology() -> None:
    e = event("Treasury Secretary Janet Yellen meets Vice Premier He Lifeng in Beijing.", "US-China")
    assert [(a.id, a.country) for a in e.actors] == [("janet-yellen", "US"), ("he-lifeng", "CN")]


@pytest.mark.parametrize(("entry", "kind"), [
    ("USS Kentucky makes a port call in Busan.", "other"),
    ("Biden calls Kishida to discuss North Korea.", "call"),
])
def test_call_is_a_call_to_someone_not_a_port_call(entry: str, kind: str) -> None:
    assert event(entry).kind.value == kind


def test_a_ministers_meeting_named_after_a_summit_is_a_meeting() -> None:
    e = event("Blinken attends the East Asia Summit Foreign Ministers' Meeting in Jakarta.")
    assert e.kind.value == "meeting"


LOCATIVE_WORDS = ["in", "at", "off", "near", "around", "aboard", "visits", "visited", "trip", "delegation", "to",
                  "travels", "travelled", "arrived", "the", "shore", "of", "Putin", "that", "Tokyo", "Sea", "Japan",
                  "visit", "travel", "traveled", "arrive", "arrives", "coast", "Ōita", "_in", "9at"]


@given(st.lists(st.one_of(st.sampled_from(LOCATIVE_WORDS), st.sampled_from([" ", ", ", "-", "\u00a0", "x"])),
                max_size=12).map("".join))
@example("Putin meets Kishida in Tokyo")  # "in " inside "Putin " first
@example("In Tokyo, Kishida visits Seoul")
@example("Putin-in Tokyo, (at\u00a0 Osaka), visited  the Sea of Japan; trip to Japan")
def test_the_places_read_are_the_matches_of_the_locative_regex(text: str) -> None:
    """_locatives tries the regex only after a locative word: it finds what finditer finds."""
    assert [m.span() for m in classify._locatives(text)] == [m.span() for m in classify._LOCATIVE.finditer(text)]


def test_every_word_that_starts_a_locative_is_looked_for() -> None:
    """The words _locatives looks for are the first words of every string _LOCATIVE's opening
    alternation can match."""
    tree = sre_parse.parse(classify._LOCATIVE.pattern, classify._LOCATIVE.flags).data
    assert tree[0] == (sre_constants.AT, sre_constants.AT_BOUNDARY)
    spelt = needles._spellings(*tree[1])
    assert spelt is not None and {"off the coast of", "visits to", "travelled at"} <= spelt
    assert {s.split()[0] for s in spelt} == set(classify._LOCATIVE_WORDS)


class _Watched(EventActor):
    """An actor whose fields must be read from its __dict__, not one by one as attributes."""

    def __getattribute__(self, name: str) -> object:
        if name in ("country", "level"):
            pytest.fail(f"{name} read as an attribute")
        return super().__getattribute__(name)


def test_governments_read_an_actors_fields_at_once() -> None:
    """A pydantic model's attribute goes through its __getattr__ hook: governments reads an
    actor's country and level from its __dict__."""
    lex = lexicon()
    actor = _Watched(id="kamikawa-yoko", name="Kamikawa Yoko", country="JP", role=None, level=Level.NATIONAL)
    assert classify.governments("Kamikawa meets Park in Seoul.", [actor], lex, ("US", "JP")) == ("JP",)


def test_a_place_read_once_is_answered_from_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """A place is read once per (place, region) and kept in the lexicon's memo, found there by
    `memo_table` (no function made to read it on every call)."""
    lex = lexicon()
    first = classify._place_from("Tokyo", None, lex)
    assert memo_table(lex.memo, "classify.places")[("Tokyo", None)] == first
    monkeypatch.setattr(classify, "_read_place", lambda *args: pytest.fail(f"{args!r} read again"))
    assert classify._place_from("Tokyo", None, lex) == first
    assert classify.venue_of("Kishida meets Biden in Tokyo.", Kind.MEETING, lex) == first


def test_format_of_sorts_only_four_countries_and_reads_actors_fields_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only four countries can be the Quad's: two are not sorted to be compared with them. An
    actor's country and level are read from its __dict__ (see `_Watched`)."""
    monkeypatch.setattr(classify, "sorted", lambda *args: pytest.fail("sorted"), raising=False)
    national = _Watched(id="a", name="A", country="US", role=None, level=Level.NATIONAL)
    local = _Watched(id="b", name="B", country="JP", role=None, level=Level.SUBNATIONAL)
    other = _Watched(id="c", name="C", country="JP", role=None, level=Level.NATIONAL)
    assert classify.format_of("A meets B.", ("US", "JP"), [national, local]) is Format.SUBNATIONAL
    assert classify.format_of("A meets C.", ("US", "JP"), [national, other]) is Format.BILATERAL
    assert classify.format_of("A, B and C meet.", ("US", "JP"), [national, local, other]) is Format.BILATERAL
    monkeypatch.undo()
    assert classify.format_of("They meet.", ("IN", "US", "AU", "JP"), []) is Format.QUAD


def test_a_subject_is_not_read_by_us_style_when_every_party_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The side a subject is by US title style is one of the chronology's parties: when the
    people named are of both, it would add nothing, and is not read."""
    lex = lexicon()
    us = EventActor(id="a", name="A", country="US", role=None, level=Level.NATIONAL)
    jp = EventActor(id="b", name="B", country="JP", role=None, level=Level.NATIONAL)
    monkeypatch.setattr(classify, "_body_by_style", lambda *args: pytest.fail(f"{args!r} read"))
    text = "The State Department spokesperson and B meet."
    assert classify.governments(text, [us, jp], lex, ("US", "JP")) == ("US", "JP")
    monkeypatch.undo()
    assert classify.governments(text, [jp], lex, ("US", "JP")) == ("JP", "US")


def test_an_entry_is_lowered_and_scanned_once_for_its_scene_setting_clause_and_its_rules(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The scene-setting clause is looked for with the needles of the rules' scan of the entry:
    no sieve lowers the entry again, and an entry without one is scanned once (its main clause's
    scan); one with it is scanned again without it."""
    lower = needles.lowered
    monkeypatch.setattr(needles, "lowered", lambda text: pytest.fail(f"{text!r} lowered by a sieve"))
    scanned: list[str] = []  # what classify lowers, each to be scanned
    monkeypatch.setattr(classify, "lowered", lambda text: scanned.append(text) or lower(text))
    assert classify.kind_of("Xa and Xb sign a pact on lowering tariffs in Xc.") is Kind.SIGNING
    assert scanned == ["Xa and Xb sign a pact on lowering tariffs in Xc."]
    assert classify.kind_of("Xa calls Xb while attending the Xc summit.") is Kind.CALL
    assert scanned[1:] == ["Xa calls Xb while attending the Xc summit.", "Xa calls Xb"]


@pytest.mark.parametrize("entry", [
    "Blinken and Kamikawa attend a Quad Foreign Ministers' Meeting at the White House.",
    "Kishida calls Biden while attending the G7 summit in Hiroshima.",
    "The two sides hold talks in Tokyo.",
    "The State Department announces new sanctions.",
    "Kamikawa meets with New Jersey Governor Phil Murphy in Tokyo.",
])
def test_an_entry_read_at_once_is_read_as_by_each_rule_and_lowered_once(
        monkeypatch: pytest.MonkeyPatch, entry: str) -> None:
    """`read` gives what kind_of, governments, venue_of and format_of give, lowering the entry
    once for all four (the venue's landmarks too: no sieve lowers it again)."""
    lex = lexicon()
    cast = event(entry).actors
    parties = ("US", "JP")
    kind = classify.kind_of(entry)
    countries = classify.governments(entry, cast, lex, parties)
    expected = (kind, countries, classify.venue_of(entry, kind, lex), classify.format_of(entry, countries, cast))
    lower = needles.lowered
    monkeypatch.setattr(needles, "lowered", lambda text: pytest.fail(f"{text!r} lowered by a sieve"))
    lowered: list[str] = []
    monkeypatch.setattr(classify, "lowered", lambda text: lowered.append(text) or lower(text))
    assert classify.read(entry, cast, lex, parties) == expected
    assert lowered[0] == entry and len(lowered) == (2 if " while " in entry else 1)
