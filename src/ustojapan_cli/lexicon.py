"""What the parser knows of the world: countries, places and the words of titles.

Built once per process from the bundled, human-editable TOML files in `data/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from .resources import load_toml

# A country mention after one of these words is a topic or a destination
# ("Special Representative for North Korea", "Ambassador to Japan"), not a party.
NOT_A_PARTY_BEFORE = frozenset(
    ["for", "to", "on", "about", "against", "toward", "towards", "with", "in", "from", "between",
     "regarding", "over", "at", "into"]
)
_NOT_A_STATE_PARTY_BEFORE = NOT_A_PARTY_BEFORE - {"of"}
MEMO_MOST = 1 << 16  # answers a table of a memo keeps before it is emptied (a few MB at most)
_V = TypeVar("_V")
UNKNOWN: Any = object()  # no answer kept in a memo's table (None is an answer)


def remembered(memo: dict[str, Any], table: str, key: Hashable, work: Callable[[], _V]) -> _V:
    """`work()`, worked out once per `key` and kept in the table `table` of `memo` (a lexicon's or
    a registry's): bounded, as the table is emptied when it has grown past `MEMO_MOST` answers."""
    known = memo_table(memo, table)
    answer: _V = known.get(key, UNKNOWN)  # not a KeyError caught: a third of the keys are new
    # typed by annotation, not by typing.cast: a Python call (~250 instructions) on every answer
    return keep(known, key, work()) if answer is UNKNOWN else answer


def memo_table(memo: dict[str, Any], table: str) -> dict[Hashable, Any]:
    """The table `table` of `memo`, made empty if there is none. A caller that looks up its answer
    itself makes no function to work it out on every call, as `remembered` needs (one per call:
    ~1k instructions with the call of `remembered`, where a lookup takes ~100)."""
    known: dict[Hashable, Any] | None = memo.get(table)
    if known is None:
        known = memo[table] = {}
    return known


_K = TypeVar("_K", bound=Hashable)


def keep(table: dict[_K, _V], key: _K, answer: _V, most: int | None = None) -> _V:
    """Put `answer` in a memo's `table` (emptied first when it has grown past `most` answers,
    `MEMO_MOST` by default), and give it back: the one bound of every memo the parser keeps."""
    if len(table) > (MEMO_MOST if most is None else most):
        table.clear()
    table[key] = answer
    return answer


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """A regex matching any phrase as a whole word, longest first (so "North Korea" beats "Korea")."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _phrase_after(before: str, phrases: list[str], after: str) -> re.Pattern[str]:
    """A regex of `before`, any of `phrases` (captured as "name", longest first), then `after`."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"{before}(?P<name>{body}){after}")


_WORD_RUN = re.compile(r"\w+")


def word_runs(text: str) -> list[tuple[int, str]]:
    """(offset, word) of each run of word characters of `text`: where a phrase may start."""
    return [(m.start(), m.group()) for m in _WORD_RUN.finditer(text)]


class Phrases:
    """A set of phrases found as whole words, longest first, left to right: what `finditer` of
    their `_alternation` finds, by looking up each word of the text among the phrases' first
    words instead of trying every phrase at every offset (about 10x faster)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        ordered = sorted(set(phrases), key=len, reverse=True)
        self.regex = _alternation(ordered)
        self._by_first: dict[str, list[str]] | None = {}
        for phrase in ordered:
            first = _WORD_RUN.match(phrase)
            if first is None:  # a phrase that starts with no word: only the regex finds it
                self._by_first = None
                break
            self._by_first.setdefault(first.group(), []).append(phrase)
        if not ordered:
            self._by_first = None  # the regex of no phrase matches the empty string
        self._pieces: dict[str, frozenset[str]] = {}  # each piece of text met: the first words in it
        self._starting: dict[str, tuple[re.Pattern[str], tuple[str, ...]] | None] = {}  # see `starting`

    @property
    def first_words(self) -> frozenset[str] | None:
        """The words a phrase starts with (None when a phrase starts with no word)."""
        return None if self._by_first is None else frozenset(self._by_first)

    def starting(self, word: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
        r"""The phrases that start with the word `word` (one of `first_words`), longest first, and
        a regex whose `match` where `word` starts in a text finds what `find` finds there: the
        first of them there as a whole word (`(?!\w)` is `is_word_char`'s rule), in its group
        (`lastindex` 1 for the first phrase). None when no phrase starts with `word`. Made at
        first need (a few hundred words may be asked for), and kept."""
        assert self._by_first is not None
        if word not in self._starting:
            names = self._by_first.get(word)
            self._starting[word] = None if names is None else (re.compile(
                "(?:" + "|".join(f"({re.escape(name)})" for name in names) + r")(?!\w)"), tuple(names))
        return self._starting[word]

    def find(self, text: str, runs: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
        """(offset, phrase) of each phrase in `text`, in order. `runs` are `word_runs(text)`
        when the caller has them already, or only those of them that are `first_words`."""
        if self._by_first is None:
            return [(m.start(), m.group()) for m in self.regex.finditer(text)]
        by_first, found, after, size = self._by_first, [], 0, len(text)
        for start, word in self._first_runs(text) if runs is None else runs:
            if start < after or word not in by_first:
                continue
            for phrase in by_first[word]:
                end = start + len(phrase)
                if text.startswith(phrase, start) and (end == size or not is_word_char(text[end])):
                    found.append((start, phrase))
                    after = end
                    break
        return found

    def _first_runs(self, text: str) -> list[tuple[int, str]]:
        """The `word_runs` of `text` whose words are `first_words`, in order: each such word found
        by `str.find` (most texts hold one or two, or none), not a match object made for every word."""
        assert self._by_first is not None
        runs, size = [], len(text)
        for word in self._firsts_in(text):
            at = text.find(word)
            while at >= 0:
                end = at + len(word)
                if (at == 0 or not is_word_char(text[at - 1])) and (end == size or not is_word_char(text[end])):
                    runs.append((at, word))
                at = text.find(word, end)
        return sorted(runs)

    def _firsts_in(self, text: str) -> set[str]:
        """The `first_words` among the words of `text`, read piece by piece (`str.split`): no run of
        word characters spans a space, and the pieces of a chronology's texts repeat, so what each
        holds is worked out once and remembered, not found again by a regex over every text."""
        assert self._by_first is not None
        pieces, found = self._pieces, set[str]()
        for piece in text.split():
            held = pieces.get(piece)
            if held is None:
                held = keep(pieces, piece, frozenset(self._by_first.keys() & _WORD_RUN.findall(piece)))
            if held:
                found |= held
        return found


def is_word_char(char: str) -> bool:
    r"""True for what the regex `\w` matches (the rule of `re`'s Unicode word characters)."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Lexicon:
    """Lookup tables for countries, places and title words."""

    country_of: dict[str, str]
    subdivision_of: dict[str, str]
    city_of: dict[str, str]
    landmarks: dict[str, tuple[str, str]]
    iso_codes: frozenset[str]
    title_keywords: frozenset[str]
    institution_words: frozenset[str]
    nongovernment_markers: frozenset[str]
    subnational_markers: tuple[str, ...]
    lowercase_titles: frozenset[str]  # "spokesperson", "member": title words written lowercase
    national_titles: dict[str, str]  # a title only one government uses -> its country
    national_title_re: re.Pattern[str]
    country_re: re.Pattern[str]
    subdivision_re: re.Pattern[str]
    place_re: re.Pattern[str]
    place_name_re: re.Pattern[str]
    at_landmark_re: re.Pattern[str]  # "at (the) LANDMARK"
    of_city_end_re: re.Pattern[str]  # "... of/in CITY" at the end of a place
    countries: Phrases
    subdivisions: Phrases
    place_names: Phrases  # countries and subdivisions
    national_title_phrases: Phrases
    # what other modules work out from these tables once and keep, by module name
    # ("people": how each word the tokenizer has met reads)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def countries_in(self, text: str, *, parties_only: bool = True,
                     runs: list[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
        """(offset, ISO code) of each country named in `text`, in order (`runs`: its `word_runs`,
        when the caller has them already).

        With `parties_only`, a mention right after "for", "to", "on"... is left out: it
        names a topic or a destination, not a government taking part.
        """
        found = []
        for start, name in self.place_names.find(text, runs):
            if name not in self.country_of or name in self.subdivision_of:
                continue  # a state's name ("New Jersey"), not a country's ("Jersey")
            if parties_only and _word_before(text, start) in NOT_A_PARTY_BEFORE:
                continue
            found.append((start, self.country_of[name]))
        return found

    def national_bodies_in(self, text: str, runs: list[tuple[int, str]] | None = None) -> list[str]:
        """ISO codes of the titles and bodies only one government has that `text` names
        ("Chief Cabinet Secretary", "PLA Navy", "FBI Director"); `runs` as for `countries_in`."""
        return [self.national_titles[name] for _, name in self.national_title_phrases.find(text, runs)]

    def subdivisions_in(self, text: str) -> list[str]:
        """ISO codes of the countries whose states or prefectures `text` names as a party."""
        return [
            self.subdivision_of[name]
            for start, name in self.subdivisions.find(text)
            if _word_before(text, start) not in _NOT_A_STATE_PARTY_BEFORE
        ]

    def place(self, name: str) -> tuple[str | None, str | None] | None:
        """(city, country) for a place name, or None when it is not known."""
        if name in self.landmarks:
            return self.landmarks[name]
        if name in self.city_of:
            return name, self.city_of[name]
        if name in self.country_of:
            return None, self.country_of[name]
        if name in self.subdivision_of:
            return None, self.subdivision_of[name]
        return None


_LAST_WORD = re.compile(r"([\w']+)\W*$")
# `_LAST_WORD` read backwards from the end: its group is the run of [\w'] holding the last word
# character. Searched for forwards it is tried at every offset, and backtracks through each word.
_LAST_WORD_BACKWARDS = re.compile(r"\W*?('*\w[\w']*)")


def _word_before(text: str, offset: int) -> str:
    """The word just before `offset`, lowercased ("" at the start): what `_LAST_WORD` finds in
    `text[:offset]`, read from the reversed text (a few steps, not a search of the whole prefix)."""
    backwards = _LAST_WORD_BACKWARDS.match(text[offset - 1::-1] if offset > 0 else "")
    if backwards:
        return backwards.group(1)[::-1].lower()
    m = _LAST_WORD.search(text[:offset])  # no word character: only apostrophes, if anything
    return m.group(1).lower() if m else ""


@cache
def lexicon() -> Lexicon:
    """The process-wide lexicon, read from the bundled TOML files."""
    countries = load_toml("countries.toml")
    places = load_toml("places.toml")
    vocab = load_toml("vocabulary.toml")
    country_of = {
        phrase: code
        for code, entry in countries.items()
        for phrase in [*entry.get("names", []), *entry.get("adjectives", [])]
    }
    subdivision_of = {n: code for code, names in places["subdivisions"].items() for n in names}
    city_of = {n: code for code, names in places["cities"].items() for n in names}
    landmarks = {name: (city, code) for name, (city, code) in places["landmarks"].items()}
    countries_, subdivisions = Phrases(country_of), Phrases(subdivision_of)
    place_names, national = Phrases([*country_of, *subdivision_of]), Phrases(vocab["national_titles"])
    return Lexicon(
        country_of=country_of,
        subdivision_of=subdivision_of,
        city_of=city_of,
        landmarks=landmarks,
        iso_codes=frozenset(countries),
        title_keywords=frozenset(vocab["title_keywords"]),
        institution_words=frozenset(vocab["institution_words"]),
        nongovernment_markers=frozenset(vocab["nongovernment_markers"]),
        subnational_markers=tuple(vocab["subnational_markers"]),
        lowercase_titles=frozenset(vocab["lowercase_titles"]),
        national_titles=dict(vocab["national_titles"]),
        national_title_re=national.regex,
        country_re=countries_.regex,
        subdivision_re=subdivisions.regex,
        place_re=_alternation([*city_of, *landmarks, *country_of, *subdivision_of]),
        place_name_re=place_names.regex,
        at_landmark_re=_phrase_after(r"\bat (?:the )?", list(landmarks), r"\b"),
        of_city_end_re=_phrase_after(r"\b(?:of|in) ", list(city_of), "$"),
        countries=countries_,
        subdivisions=subdivisions,
        place_names=place_names,
        national_title_phrases=national,
    )
