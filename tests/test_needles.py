"""needles.py: the strings a regex needs are read from the regex, and skipping a search for
want of them never changes an answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import classify
from ustojapan_cli import needles as needles_module
from ustojapan_cli.dates import ENTRY_DATE, LOOSE_DATE
from ustojapan_cli.needles import CASE_TWINS, Scan, Sieve, heads, lowered, needles


def test_case_twins_are_every_character_beyond_ascii_that_matches_an_ascii_letter() -> None:
    beyond = "".join(map(chr, range(0x80, 0x110000)))
    twins = {c: c for c in re.findall("[a-z]", beyond, re.IGNORECASE)}
    assert set(twins) == set(CASE_TWINS)
    assert all(re.fullmatch(CASE_TWINS[c], c, re.IGNORECASE) for c in twins)


@pytest.mark.parametrize(("pattern", "found"), [
    (r"\b(?:signs?|signed|inks?)\b", {"sign", "ink"}),  # "signed" holds "sign"
    (r"\b(?:G7|G-7|Group of Seven)\b", {"g7", "g-7", "group of seven"}),  # after the shared "G"
    (r"\bholds? a summit\b", {"hold a summit", "holds a summit"}),
    (r"\bcalls? (?=(?-i:[A-Z]))", {"call ", "calls "}),
    (r"\bdialogue\b(?=.*\bis held\b)", {"dialogue"}),
    (r"\b(?:meet|x\w+)", {"meet", "x"}),
    (r"^\s*\d+", None),
    (r"(?:ab)?c*", None),
])
def test_needles_read_from_the_pattern(pattern: str, found: set[str] | None) -> None:
    assert needles(re.compile(pattern, re.IGNORECASE)) == found


RULES = [rule for _, rule in classify._KIND_RULES] + [
    classify._CONTEXT, classify._MULTILATERAL, classify._G7, classify._QUAD]
WORDS = st.sampled_from(["Signs", "SIGNED", "in", "talks", "is held", "dialogue", "calls", "Kishida", "G-7",
                         "Quad", "ASEAN", "while attending", "say", "ſigns", "\u212aills", "İnterview", "CAPSIZED",
                         "Minister's meeting", "the press", "courtesy call", "é", " ", ", ", "Six-Party Talks",
                         "speaks", " to", "issues the", "G-20", "EAS", "Eas", "overseas", "COP28", "cop",
                         "Quadrilateral", "quad", "g7", "East Asia Summit", "APEC"])
texts = st.one_of(st.lists(WORDS).map(" ".join), st.text())


@given(texts)
@example("ſigns the accord")  # the long s matches "s" when case is ignored
@example("Kishida \u212aills time")  # the Kelvin sign matches "k"
def test_a_sieve_finds_what_its_regex_finds(text: str) -> None:
    low = lowered(text)
    for rule in RULES + SCANNED:  # the same match: searched from the first head, not from 0
        want = span(rule.pattern.search(text))
        assert span(rule.search(text, low)) == want
        assert span(rule.search(text)) == want


def span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


def test_a_sieve_without_needles_searches() -> None:
    sieve = Sieve(re.compile(r"\d+"))
    assert sieve.needles is None
    assert sieve.search("Oct. 16")


def test_lowered_keeps_every_offset() -> None:  # "İ".lower() is two characters; lowered gives one
    every = "".join(map(chr, range(0x110000)))
    assert len(lowered(every)) == len(every)


@pytest.mark.parametrize(("pattern", "found"), [
    (r"\b(?:Jan|June?|Sept?)\.?\s*\d", {"jan", "jun", "sep"}),  # "june" starts with "jun"
    (r"(?<![\w-])Preferred citation:", {"preferred citation:"}),
    (r"\b(?:a|b)c", {"ac", "bc"}),
    (r"(?:a?)b", {"ab", "b"}),
    (r"(?:a?)\w", None),
    (r"\w+ meets", None),
])
def test_heads_read_from_the_pattern(pattern: str, found: set[str] | None) -> None:
    assert heads(re.compile(pattern, re.IGNORECASE)) == found


SCANNED = [Sieve(ENTRY_DATE), Sieve(LOOSE_DATE), Sieve(re.compile(r"(?:an|nov)\w*", re.IGNORECASE)),
           Sieve(re.compile(r"(?i:ab)(?:ab)?")), Sieve(re.compile(r"\bat (?:the )?(?:Kantei|Blue House)\b"))]
DATE_WORDS = st.sampled_from(["Jan.", "JANUARY", "Nov", "janov", "Sept.", "ſept.", "\u212a", "İ", "Dec. 30", "-", "ab",
                              "2023:", ", 2024", "5", "16-18", " ", "\n", ":", "a", "at ", "the ", "Kantei",
                              "Blue House"])
date_texts = st.one_of(st.lists(DATE_WORDS).map("".join), st.text())


@given(date_texts, st.integers(0, 5), st.one_of(st.none(), st.integers(0, 40)))
@example("Nov. 30-Dec. 2, 2023: x", 0, None)  # one match holds a second month's name
@example("janov 5, 2023:", 0, None)
@example("ababab", 0, None)
@example("Jan. 5, 2023: x", 0, 9)  # a match cut short by the end
def test_a_sieve_finds_every_match_its_regex_finds(text: str, pos: int, endpos: int | None) -> None:
    for sieve in SCANNED:
        want = [m.span() for m in sieve.pattern.finditer(text, pos, len(text) if endpos is None else endpos)]
        assert [m.span() for m in sieve.finditer(text, pos, endpos)] == want
        assert [m.span() for m in sieve.finditer(text, pos, endpos, low=lowered(text))] == want
        assert span(sieve.search(text)) == span(sieve.pattern.search(text))


MAIN_RULES = [rule for _, rule in classify._KIND_RULES] + [classify._QUAD, classify._G7, classify._MULTILATERAL,
                                                           classify._CONTEXT]


@given(st.one_of(texts, date_texts))
@example("Six-Party Talks")  # "talk" inside a longer needle
@example("speaks to")  # "speak to" is not in it, "speaks to" is
@example("the Group of Seven is held")  # "group" starts a longer needle
@example("calls\u00a0Kishida")  # a needle's piece in a word, not its space
def test_a_scan_finds_the_needles_an_in_test_of_each_finds(text: str) -> None:
    low = lowered(text)
    for scan, sieves in ((Scan(RULES + SCANNED), RULES + SCANNED), (classify._MAIN_NEEDLES, MAIN_RULES)):
        found = scan.found(low)
        assert found == {n for sieve in sieves for n in sieve.needles or () if n in low}
        for sieve in sieves:
            assert span(sieve.search(text, low, found)) == span(sieve.pattern.search(text))


@given(st.one_of(texts, date_texts))
@example("Blinken meets Wang and signs a statement")
def test_a_scan_hopes_for_every_sieve_that_can_match(text: str) -> None:
    low = lowered(text)
    found = classify._MAIN_NEEDLES.found(low)
    hopefuls = classify._MAIN_NEEDLES.hopefuls(found)
    assert list(hopefuls) == sorted(hopefuls)
    for i, sieve in enumerate(MAIN_RULES):
        if i not in hopefuls:
            assert sieve.pattern.search(text) is None


def test_a_scan_hopes_only_for_sieves_with_a_needle_found_or_none() -> None:
    scan = Scan([Sieve(re.compile("ab")), Sieve(re.compile(r"\d+")), Sieve(re.compile("cd|ef"))])
    assert scan.hopefuls(scan.found("xx ef")) == (1, 2)
    assert scan.hopefuls(scan.found("ab")) == (0, 1)


def test_a_scan_finds_a_needle_with_spaces_only_where_the_whole_of_it_is() -> None:
    scan = Scan([Sieve(re.compile("ab")), Sieve(re.compile("b c")), Sieve(re.compile(r"\w \w"))])
    assert scan.found("ab c") == {"ab", "b c", " "}
    assert scan.found("ab x c") == {"ab", " "}  # "b" is in a word, "b c" is not in the text
    assert scan.found("ab\u2003c") == {"ab"}  # a space of another kind splits words too


def test_a_scan_of_no_needles_finds_none() -> None:
    assert Scan([Sieve(re.compile(r"\d+"))]).found("12") == frozenset()


class _NotSearched:
    """Stands for a regex that must not be searched."""

    def search(self, *args: object) -> None:
        pytest.fail(f"searched {args!r}")


def test_a_sieve_that_heeds_case_looks_for_its_needles_in_their_case() -> None:
    """"eas" is in "Overseas", "cop" in "scope": a regex of "EAS" and "COP" is not searched there."""
    sieve = Sieve(re.compile(r"\b(?:EAS|East Asia Summit|COP\d*)\b"))
    assert sieve.needles == {"eas", "east asia summit", "cop"}
    scan = Scan([sieve])
    text = "Overseas partners widen the scope"
    low = lowered(text)
    assert scan.found(low) == {"eas", "cop"}
    sieve.pattern = _NotSearched()  # type: ignore[assignment]
    assert sieve.search(text, low, scan.found(low)) is None
    assert sieve.search(text) is None
    assert Sieve(re.compile(r"(?i:EAS)")).search("overseas")  # a part that ignores case: lowered needles


def test_a_sieve_finds_its_first_head_from_the_needles_found() -> None:
    """With the needles found, the first head is found by `str.find`, not by the heads' regex."""
    sieve = Sieve(re.compile(r"\b(?:meets?|talks|hold a summit)\b", re.IGNORECASE))
    scan = Scan([sieve])
    sieve._first = _NotSearched()  # type: ignore[assignment]
    for text in ("Blinken MEETS Wang", "They talk, then hold a summit and talks", "Kishida meet"):
        low = lowered(text)
        assert span(sieve.search(text, low, scan.found(low))) == span(sieve.pattern.search(text))


def test_a_scan_remembers_what_a_set_of_pieces_and_of_needles_stand_for(monkeypatch: pytest.MonkeyPatch) -> None:
    scan = Scan([Sieve(re.compile("ab")), Sieve(re.compile("b c")), Sieve(re.compile(r"\d+"))])
    found = scan.found("ab c")
    assert scan.hopefuls(found) is scan.hopefuls(frozenset(found)) == (0, 1, 2)
    monkeypatch.setattr(Scan, "_read", lambda self, pieces: pytest.fail(f"{pieces!r} read again"))
    assert scan.found("xab c") == found  # the same pieces: "ab", "b"


def test_a_sieve_that_heeds_case_needs_no_lowered_text_without_its_needles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a scan's needles, a regex that heeds case looks for its needles in the text as it is:
    a text without them is not lowered (most titles name no minister)."""
    sieve = Sieve(re.compile(r"\b(?:Minister|Premier)\b"))
    assert span(sieve.search("Prime Minister Kishida")) == (6, 14)
    monkeypatch.setattr(needles_module, "lowered", lambda text: pytest.fail(f"{text!r} lowered"))
    assert sieve.search("the prime minister") is None
    assert sieve.search("MINISTER of State") is None
