"""What the parser knows of the world: countries, places and the words of titles.

Built once per process from the bundled, human-editable TOML files in `data/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .resources import load_toml

# A country mention after one of these words is a topic or a destination
# ("Special Representative for North Korea", "Ambassador to Japan"), not a party.
NOT_A_PARTY_BEFORE = frozenset(
    ["for", "to", "on", "about", "against", "toward", "towards", "with", "in", "from", "between",
     "regarding", "over", "at", "into"]
)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """A regex matching any phrase as a whole word, longest first (so "North Korea" beats "Korea")."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _phrase_after(before: str, phrases: list[str], after: str) -> re.Pattern[str]:
    """A regex of `before`, any of `phrases` (captured as "name", longest first), then `after`."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) or r"(?!)"
    return re.compile(rf"{before}(?P<name>{body}){after}")


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

    def countries_in(self, text: str, *, parties_only: bool = True) -> list[tuple[int, str]]:
        """(offset, ISO code) of each country named in `text`, in order.

        With `parties_only`, a mention right after "for", "to", "on"... is left out: it
        names a topic or a destination, not a government taking part.
        """
        found = []
        for m in self.place_name_re.finditer(text):
            if m.group() not in self.country_of or m.group() in self.subdivision_of:
                continue  # a state's name ("New Jersey"), not a country's ("Jersey")
            if parties_only and _word_before(text, m.start()) in NOT_A_PARTY_BEFORE:
                continue
            found.append((m.start(), self.country_of[m.group()]))
        return found

    def national_bodies_in(self, text: str) -> list[str]:
        """ISO codes of the titles and bodies only one government has that `text` names
        ("Chief Cabinet Secretary", "PLA Navy", "FBI Director")."""
        return [self.national_titles[m.group()] for m in self.national_title_re.finditer(text)]

    def subdivisions_in(self, text: str) -> list[str]:
        """ISO codes of the countries whose states or prefectures `text` names as a party."""
        return [
            self.subdivision_of[m.group()]
            for m in self.subdivision_re.finditer(text)
            if _word_before(text, m.start()) not in NOT_A_PARTY_BEFORE - {"of"}
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


def _word_before(text: str, offset: int) -> str:
    """The word just before `offset`, lowercased ("" at the start)."""
    m = re.search(r"([\w']+)\W*$", text[:offset])
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
        national_title_re=_alternation(list(vocab["national_titles"])),
        country_re=_alternation(list(country_of)),
        subdivision_re=_alternation(list(subdivision_of)),
        place_re=_alternation([*city_of, *landmarks, *country_of, *subdivision_of]),
        place_name_re=_alternation([*country_of, *subdivision_of]),
        at_landmark_re=_phrase_after(r"\bat (?:the )?", list(landmarks), r"\b"),
        of_city_end_re=_phrase_after(r"\b(?:of|in) ", list(city_of), "$"),
    )
