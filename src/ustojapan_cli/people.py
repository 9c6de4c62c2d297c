"""Finding the people an entry names, and the titles they are named with.

The rules (see README, "How the parser reads people"):

1. The entry is cut into words. A capitalized word is a *title word* (a word of
   `title_keywords`), an *institution word* (`institution_words`, an acronym, an
   ordinal, a country or state, a hyphenated compound of these), or else a
   *name word*. A few lowercase words ("spokesperson", "member") are title words after a
   title, an institution or a country; words in double quotes are not read.
2. A run of name words is a *name*. The words just before it, back to the
   previous name or lowercase word, are its *title* ("Korean Minister of Foreign
   Affairs" before "Park Jin").
3. A name is a person when the registry knows it, or when its title holds a title
   word or ends in a possessive ("NHK's Yusaku Ishii"). A name followed by "of",
   "for" or "on" and capitalized words is part of an institution's name, not a person
   ("Manalo on the sidelines" is a person). A title may also follow the name between
   commas ("Yang Jiechi, director of the Office of ...,").
4. A lone word that is not in the registry may still be the family name of a
   person named in full elsewhere in the same chronology; `resolve` does that
   across all entries.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Final, NamedTuple

from .lexicon import Lexicon, keep, word_runs

CONNECTORS = frozenset({"of", "for", "the", "and", "on", "&", "de", "da", "van", "von", "der",
                        "bin", "al", "y"})
_NOT_AFTER_NAME = frozenset({"of", "for", "the", "on", "&", "de", "da", "van", "von", "der"})
_SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV"})
_CALENDAR = frozenset({"January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December", "Monday", "Tuesday",
                       "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
_ABBREVIATIONS = frozenset({"Jr.", "Sr.", "St.", "Inc.", "Co.", "Ltd.", "Corp.", "Mt.", "Ft.",
                            "No.", "Dr.", "Mr.", "Mrs.", "Ms."})
_TOKEN = re.compile(r"[^\W\d_][\w'.\-/&]*|\d[\w\-+]*|[,;:()\"&]")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+")
# Words in double quotes are a title or a remark quoted ("Communist China and the Free
# World's Future"), never a person's title and name.
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
MAX_NAME_WORDS = 4
_FORMER = frozenset({"former", "retired", "late"})  # lowercase words kept at a title's start
_TITLE_KINDS = ("title", "inst", "place")
_LOW_TITLE_AFTER = frozenset({*_TITLE_KINDS, "name"})  # kinds a lowercase title word may follow
_POSSESSIVE = re.compile(r"'s?$")
_TITLE_EDGES = re.compile(r"^(?:and|the|&)\s+|'s?$")
# What _POSSESSIVE and _TITLE_EDGES can match in a token or a title (which ends with a token, so
# never with a line break, before which "$" also matches): tested by `str.startswith` and
# `str.endswith`, as a regex search or substitution is tried at every offset (the people stage
# 166.5k -> 161.7k instructions an entry).
_POSSESSIVE_ENDS = ("'", "'s")
_TITLE_OPENINGS = ("and", "the", "&")
_COMPOUND = re.compile(r"[-/]")
_NONSPACE = re.compile(r"\S+")
_WORD_RUN = re.compile(r"\w+")
_new = tuple.__new__  # a NamedTuple built without its Python-level __new__
_MAX_KNOWN_RUNS = 1 << 18  # runs of non-space characters whose reading tokenize keeps (a few MB)


class Token(NamedTuple):
    """A word or a punctuation mark of an entry, with its offsets and what it is."""

    text: str
    start: int
    end: int
    kind: str  # "title", "inst", "place", "name", "conn", "low", "punct"
    stop: bool = False  # a sentence ends after it


# A token as the parser reads it: the fields of a `Token` in a plain tuple, read by index. An entry
# has some twenty tokens, each made once and read several times: a NamedTuple is made by a call of
# tuple.__new__ and read through a descriptor, a plain tuple by one bytecode each (the people stage
# 192.9k -> 166.6k instructions an entry). `tokenize` gives them as Tokens.
_Tok = tuple[str, int, int, str, bool]
_TEXT: Final = 0  # Final: mypy knows the type of the field each index reads
_START: Final = 1
_END: Final = 2
_KIND: Final = 3
_STOP: Final = 4
_KIND_OF = itemgetter(_KIND)


class Mention(NamedTuple):
    """A person named in an entry: the name as written, the title before it, where it is."""

    name: str
    title: str | None
    titled: bool  # the title makes it a person even if no registry knows the name
    start: int
    end: int


# How a token reads wherever it stands, worked out once per distinct token: its offsets in the run
# of non-space characters it was found in (without a period that ends a sentence), its word, whether
# a sentence ends after it, its kind outside a country's or state's name, whether its kind within
# one is "place", whether it is a lowercase title word, and (offset in the run, word) of its words
# a country's or state's name may start with. A plain tuple: tokenize unpacks one per token.
_Word = tuple[int, int, str, bool, str, bool, bool, tuple[tuple[int, str], ...]]


def tokenize(text: str, lex: Lexicon) -> list[Token]:
    """The entry's words and punctuation, each labelled as in the module's rule 1."""
    return [_new(Token, token) for token in _tokens(text, lex)[0]]


def _tokens(text: str, lex: Lexicon) -> tuple[list[_Tok], list[int]]:
    """`tokenize` (as `_Tok`s), and the indexes of the tokens that may be name words, in order.

    The text is cut at white space (`str.split`, no regex), and each run of other characters is
    read once, as the tokens `_TOKEN` finds in it (no token holds white space), and remembered."""
    if '"' in text or "\u201c" in text:
        text = _QUOTED.sub(_blank_quote, text)
    known = _known_runs(lex)
    tokens: list[_Tok] = []
    placeable: list[int] = []  # the tokens a place name makes "place"
    place_words: list[tuple[int, str]] = []  # the words a place name may start with
    runs = text.split()
    spaced = len(text) != sum(map(len, runs)) + len(runs) - 1  # not one character between runs, none around
    at = 0
    for run in runs:
        if spaced:
            at = text.find(run, at)
        for start, end, word, stop, kind, in_place, low_title, firsts in known.get(run) or _learn_run(run, lex):
            if in_place:
                placeable.append(len(tokens))
            if firsts:
                place_words += [(at + offset, first) for offset, first in firsts]
            if low_title and tokens and not tokens[-1][_STOP] and tokens[-1][_KIND] in _LOW_TITLE_AFTER:
                kind = "title"  # "Foreign Ministry spokesperson", "Politburo member"
            tokens.append((word, at + start, at + end, kind, stop))
        at += len(run) + 1
    if placeable:
        _mark_places(text, tokens, placeable, place_words, lex)
    if "(" in text:
        _bracketed_acronyms(tokens)
    return tokens, placeable


def _known_runs(lex: Lexicon) -> dict[str, tuple[_Word, ...]]:
    """The lexicon's memo of how each run of non-space characters met so far reads (bounded by
    `_MAX_KNOWN_RUNS`, see `_learn_run`)."""
    known: dict[str, tuple[_Word, ...]] = lex.memo.setdefault("people", {})
    return known


def _blank_quote(quote: re.Match[str]) -> str:
    """A quotation's words blanked out, its quotation marks kept as straight ones."""
    return '"' + " " * (len(quote.group()) - 2) + '"'


def _learn_run(run: str, lex: Lexicon) -> tuple[_Word, ...]:
    """How the tokens of `run`, a run of non-space characters, read (see `_Word`), remembered in
    the lexicon's memo."""
    reading = tuple(_learn_word(m.group(), m.start(), lex) for m in _TOKEN.finditer(run))
    return keep(_known_runs(lex), run, reading, _MAX_KNOWN_RUNS)


def _learn_word(raw: str, at: int, lex: Lexicon) -> _Word:
    """How the token `raw`, at offset `at` of its run, reads (see `_Word`)."""
    word, stop = raw, False
    if word.endswith(".") and not _keeps_period(word, lex):
        word, stop = word[:-1], True
    kind = _kind(word, False, lex)
    firsts = _place_first_words(lex)
    starts = tuple((at + m.start(), m.group()) for m in _WORD_RUN.finditer(raw)
                   if firsts is None or m.group() in firsts)
    return (at, at + len(word), word, stop, kind, _kind(word, True, lex) != kind,
            kind == "low" and word in lex.lowercase_titles, starts)


def _place_first_words(lex: Lexicon) -> frozenset[str] | None:
    """The words a country's or a state's name starts with (None: any word may start one)."""
    if "people.places" not in lex.memo:
        countries, states = lex.countries.first_words, lex.subdivisions.first_words
        lex.memo["people.places"] = None if countries is None or states is None else countries | states
    firsts: frozenset[str] | None = lex.memo["people.places"]
    return firsts


def _mark_places(text: str, tokens: list[_Tok], placeable: list[int],
                 place_words: list[tuple[int, str]], lex: Lexicon) -> None:
    """Make "place" the kind of the tokens (at `placeable`) that start a word of a country's or
    state's name. A place word before a lowercase title ("Japan spokesperson") makes it a title
    as a name or an institution word would, so that rule needs no second look."""
    if "_" in text or _place_first_words(lex) is None:  # words the tokens do not show
        place_words = word_runs(text)
    elif not place_words:
        return
    places = _place_spans(text, lex, place_words)
    for i in placeable:
        if tokens[i][_START] in places:
            word, start, end, _, stop = tokens[i]
            tokens[i] = (word, start, end, "place", stop)


def _bracketed_acronyms(tokens: list[_Tok]) -> None:
    """An acronym in brackets ("... Interchange (CULCON) Kenichiro Sasae") stays in the title."""
    for i in range(1, len(tokens) - 1):
        if tokens[i - 1][_TEXT] == "(" and tokens[i + 1][_TEXT] == ")" and tokens[i][_KIND] == "inst":
            tokens[i - 1] = ("(", tokens[i - 1][_START], tokens[i - 1][_END], "inst", False)
            tokens[i + 1] = (")", tokens[i + 1][_START], tokens[i + 1][_END], "inst", False)


def _place_spans(text: str, lex: Lexicon, runs: list[tuple[int, str]] | None = None) -> set[int]:
    """Start offsets of words that belong to a country or state name (`runs` as for
    `Phrases.find`)."""
    starts: set[int] = set()
    runs = word_runs(text) if runs is None else runs
    words: dict[str, tuple[int, ...]] = lex.memo.setdefault("people.place_words", {})
    for phrases in (lex.countries, lex.subdivisions):
        for start, name in phrases.find(text, runs):
            if name not in words:
                words[name] = tuple(w.start() for w in _NONSPACE.finditer(name))
            starts.update([start + offset for offset in words[name]])
    return starts


def _keeps_period(word: str, lex: Lexicon) -> bool:
    return word in _ABBREVIATIONS or word in lex.title_keywords or bool(_INITIALS.fullmatch(word))


def _kind(word: str, is_place: bool, lex: Lexicon) -> str:
    if not word[0].isalpha():
        return "punct" if not word[0].isdigit() else "inst"
    if word[0].islower():
        return "conn" if word in CONNECTORS else "low"
    base = _POSSESSIVE.sub("", word)
    if base in lex.title_keywords or word in lex.title_keywords:
        return "title"
    if is_place:
        return "place"
    if _is_institutional(base, lex):
        return "inst"
    return "name"


def _is_institutional(word: str, lex: Lexicon) -> bool:
    if word in lex.institution_words or word in _CALENDAR or _ACRONYM.fullmatch(word):
        return True
    if "-" in word or "/" in word:
        parts = _COMPOUND.split(word)
        return any(p in lex.country_of or p in lex.institution_words or _ACRONYM.fullmatch(p)
                   or p in lex.title_keywords for p in parts if p)
    return False


def find_mentions(text: str, lex: Lexicon) -> list[Mention]:
    """Every name of the entry that may be a person (rules 2 and 3), in order."""
    tokens, maybe_names = _tokens(text, lex)
    mentions = []
    end = 0  # past the last name read: a name's words are not names of their own
    for i in maybe_names:
        if i < end or tokens[i][_KIND] != "name":
            continue
        end = _name_end(tokens, i)
        mention = _mention(text, tokens, i, end, lex)
        if mention:
            mentions.append(mention)
    return mentions


def _name_end(tokens: list[_Tok], i: int) -> int:
    """Index just past the run of name words (and initials, suffixes) starting at i."""
    j = i + 1
    while j < len(tokens) and not tokens[j - 1][_STOP] and (
        tokens[j][_KIND] == "name" or tokens[j][_TEXT] in _SUFFIXES
    ):
        j += 1
    return j


def _mention(text: str, tokens: list[_Tok], i: int, j: int, lex: Lexicon) -> Mention | None:
    if j - i > MAX_NAME_WORDS or _continues_institution(tokens, j):
        return None
    title_start = _title_start(tokens, i)
    title_words = tokens[title_start:i]
    title = text[tokens[title_start][_START]:tokens[i - 1][_END]].strip(" ,") if title_words else None
    titled = bool(title_words) and ("title" in map(_KIND_OF, title_words)  # C loops, no generator's frame
                                    or title_words[-1][_TEXT].endswith(_POSSESSIVE_ENDS))
    if title and (title.startswith(_TITLE_OPENINGS) or title.endswith(_POSSESSIVE_ENDS)):  # _TITLE_EDGES can match
        title = _TITLE_EDGES.sub("", title).strip(" ,") or None
    if not titled and (after := _appositive(text, tokens, j, lex)):
        title, titled = after, True
    start, end = tokens[i][_START], tokens[j - 1][_END]
    return _new(Mention, (text[start:end], title, titled, start, end))


def _appositive(text: str, tokens: list[_Tok], j: int, lex: Lexicon) -> str | None:
    """A title written after the name, between a comma and a comma or the sentence's end
    ("Yang Jiechi, director of the Office of the Central Foreign Affairs Commission, meets"):
    it has a title word (in any case) and no name words (so a list of people is not one)."""
    if j + 1 >= len(tokens) or tokens[j][_TEXT] != "," or tokens[j - 1][_STOP]:
        return None
    k = j + 1 + (tokens[j + 1][_TEXT] in ("the", "a", "an"))
    end = k
    while end < len(tokens) and tokens[end][_TEXT] not in (",", ";", "(") and end - k < 12:
        end += 1
        if tokens[end - 1][_STOP]:
            break
    words = tokens[k:end]
    closed = (end < len(tokens) and tokens[end][_TEXT] == ",") or (bool(words) and words[-1][_STOP])
    is_title = [t[_KIND] == "title" or t[_TEXT].capitalize() in lex.title_keywords for t in words]
    if not closed or not words or not (is_title[0] or words[0][_KIND] == "place") or not any(is_title) \
            or any(t[_KIND] == "name" for t in words):
        return None
    return text[words[0][_START]:words[-1][_END]]


def _continues_institution(tokens: list[_Tok], j: int) -> bool:
    """True when the words after a name show it is part of an institution's name
    ("Google President", "Bill & Melinda Gates Foundation"), not a person's."""
    if j >= len(tokens) or tokens[j - 1][_STOP]:
        return False
    after = tokens[j]
    if after[_KIND] in ("title", "inst") and not after[_TEXT].endswith("'s"):
        return True
    if after[_TEXT] in _NOT_AFTER_NAME:
        return not _lowercase_follows(tokens, j + 1)
    if after[_TEXT] == "and" and j + 1 < len(tokens):
        return tokens[j + 1][_KIND] == "inst" and tokens[j + 1][_TEXT][:1].isalpha() \
            and not _title_follows(tokens, j + 1)
    return False


def _title_follows(tokens: list[_Tok], k: int) -> bool:
    """True when the institution words from k lead to a title word: "Lighthizer and Treasury
    Secretary Steven Mnuchin", "Mnuchin and Health and Human Services Secretary Alex Azar"
    name a second person, not an institution."""
    while k < len(tokens) and tokens[k][_KIND] in ("inst", "place", "conn") and not tokens[k][_STOP]:
        k += 1
    return k < len(tokens) and tokens[k][_KIND] == "title"


def _lowercase_follows(tokens: list[_Tok], k: int) -> bool:
    """True when the words from k, past "the", go on in lowercase: "Manalo on the sidelines"
    (an institution's name goes on capitalized: "Council on Foreign Relations")."""
    while k < len(tokens) and tokens[k][_TEXT] == "the":
        k += 1
    return k < len(tokens) and tokens[k][_KIND] == "low"


def _title_start(tokens: list[_Tok], i: int) -> int:
    """Index of the first word of the title before the name at i (i itself if none)."""
    if i == 0 or tokens[i - 1][_KIND] not in _TITLE_KINDS or tokens[i - 1][_STOP]:
        return i
    k = i - 1
    while k > 0:
        prev = tokens[k - 1]
        org_name = prev[_KIND] == "name" and tokens[k][_KIND] in ("title", "inst")
        # "Ambassador to Japan", "Special Envoy to the Six-Party Talks": a destination in the title
        bridge = prev[_TEXT] == "to" and k >= 2 and tokens[k - 2][_KIND] == "title"
        if prev[_STOP] or (prev[_KIND] not in (*_TITLE_KINDS, "conn") and prev[_TEXT] != ","
                         and not org_name and not bridge):
            break
        k -= 1
    while k < i and (tokens[k][_KIND] == "conn" or tokens[k][_TEXT] == ","):
        k += 1
    if 0 < k < i and tokens[k - 1][_TEXT] in _FORMER:  # "former Secretary of State Henry Kissinger"
        k -= 1
    return k
