"""The lexicon: phrases found by first words read as their regex alternations read."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ustojapan_cli import lexicon as lexicon_module
from ustojapan_cli.lexicon import Phrases, _word_before, lexicon, word_runs

LEX = lexicon()
INDEXES = {
    "countries": (LEX.countries, LEX.country_re),
    "subdivisions": (LEX.subdivisions, LEX.subdivision_re),
    "place names": (LEX.place_names, LEX.place_name_re),
    "national titles": (LEX.national_title_phrases, LEX.national_title_re),
}
PIECES = sorted({*LEX.country_of, *LEX.subdivision_of, *LEX.national_titles})
NOISE = [" ", ",", ".", "'", "_", "-", "(", "\n", "s", "1", "é", "North", "New", "U", "&", "\u2019"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(NOISE), st.text(max_size=3)),
                 max_size=10).map("".join)


def regex_reading(phrases: Phrases, text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in phrases.regex.finditer(text)]


@given(texts)
@example("North Korea and South Korea's Koreans, New Jersey_ U.S.A. U.K.'s Xi'an")
@example("Timor-Leste, Guinea-Bissau (Korea)North-Korea Japan1 _Japan Japan_")
def test_phrases_find_what_the_regex_finds(text: str) -> None:
    for phrases, regex in INDEXES.values():
        assert phrases.regex is regex
        assert phrases.find(text) == regex_reading(phrases, text)


@given(texts)
@example("Japan_ Japanese Japan Japan1 _Japan Japan")  # a first word inside longer words, then alone
def test_phrases_find_the_same_given_the_words_or_not(text: str) -> None:
    for phrases, _ in INDEXES.values():
        assert phrases.find(text) == phrases.find(text, word_runs(text))


def test_phrases_without_words_given_look_only_for_first_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def every_word(text: str) -> list[tuple[int, str]]:
        raise AssertionError("a match object made for every word")
    monkeypatch.setattr(lexicon_module, "word_runs", every_word)
    assert LEX.place_names.find("The US and Japanese ministers, not Japan's; Japan") == [
        (4, "US"), (11, "Japanese"), (35, "Japan"), (44, "Japan")]


@given(texts)
@example("Japan_ Japanese Japan Japan1 _Japan Japan")
@example("South Korea's South Koreans, South_Korea South Georgia and the South Sandwich Islands")
@example("New Jersey\u00e9 New Jersey1 US Virgin Islands US Virgin")
def test_the_regex_of_the_phrases_a_word_starts_finds_what_find_finds_there(text: str) -> None:
    """`Phrases.starting(word).match` at each word a phrase starts with finds the phrase `find`
    finds there (or none), in the group of its place among the phrases, from 1; words within a
    phrase found start none."""
    for phrases, _ in INDEXES.values():
        found, after = [], 0
        for start, word in word_runs(text):
            starting = phrases.starting(word)
            if starting is None:
                assert word not in (phrases.first_words or ())
                continue
            pattern, names = starting
            m = pattern.match(text, start)
            if m and start >= after:
                assert names[m.lastindex - 1] == m.group()
                found.append((start, m.group()))
                after = m.end()
        assert found == phrases.find(text)


LAST_WORD = re.compile(r"([\w']+)\W*$")


@given(st.lists(st.sampled_from(["a", "for", "'", "_", " ", ", ", "é", "1", "’", "(", "x'y"]), max_size=8).map("".join),
       st.integers(min_value=0, max_value=20))
@example("o'for US", 6)
@example("' ' ", 4)  # no word character: the forward search
def test_the_word_before_is_the_last_word_of_what_precedes(text: str, offset: int) -> None:
    m = LAST_WORD.search(text[:offset])
    assert _word_before(text, offset) == (m.group(1).lower() if m else "")


def test_the_word_before_is_read_backwards(monkeypatch: pytest.MonkeyPatch) -> None:
    class Forward:
        def search(self, text: str) -> None:
            raise AssertionError("the whole text before searched")
    monkeypatch.setattr(lexicon_module, "_LAST_WORD", Forward())
    assert _word_before("Ambassador to Japan", 14) == "to"


def test_longest_phrase_first_and_whole_words_only() -> None:
    phrases = Phrases(["Korea", "North Korea", "South Korea", "U.S."])
    assert phrases.find("North Korea, Koreans, Korea's U.S. U.S.A South Korea") == [
        (0, "North Korea"), (22, "Korea"), (30, "U.S."), (41, "South Korea")]


def test_phrases_that_start_with_no_word_fall_back_to_the_regex() -> None:
    for odd in (["(Quad)", "Japan"], []):
        phrases = Phrases(odd)
        for text in ("the (Quad) and Japan", "", "a b"):
            assert phrases.find(text) == regex_reading(phrases, text)


def test_phrases_read_each_piece_of_text_once_and_stay_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    from ustojapan_cli import lexicon as module

    read: list[str] = []

    class Counting:
        """`_WORD_RUN`, noting each text it reads the words of."""
        def findall(self, text: str) -> list[str]:
            read.append(text)
            return re.findall(r"\w+", text)

    phrases = Phrases(["Korea", "North Korea", "U.S."])
    monkeypatch.setattr(module, "_WORD_RUN", Counting())
    for text in ("North Korea,\u2003(Korea's) U.S.", "Seoul,\x1fNorth Korea, Korea"):
        assert phrases.find(text) == regex_reading(phrases, text)
    assert read == ["North", "Korea,", "(Korea's)", "U.S.", "Seoul,", "Korea"]  # "\x1f" splits too
    monkeypatch.setattr(module, "MEMO_MOST", 0)
    phrases.find("Korean")
    assert read[-1] == "Korean" and len(phrases._pieces) == 1  # the memo emptied when full


def test_a_memo_works_an_answer_out_once_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from ustojapan_cli import lexicon as module

    monkeypatch.setattr(module, "MEMO_MOST", 2)
    memo: dict[str, Any] = {}
    worked: list[int] = []
    for key in (1, 1, None, 2, 3):
        assert module.remembered(memo, "t", key, lambda k=key: worked.append(k) or k) == key  # type: ignore[func-returns-value]
    assert worked == [1, None, 2, 3]  # 1 was kept; None is an answer too
    assert set(memo["t"]) == {3}  # emptied when it had grown past MEMO_MOST
