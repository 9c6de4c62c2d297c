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
from bisect import bisect_right
from collections.abc import Callable
from operator import itemgetter
from typing import Final, NamedTuple

from .lexicon import Lexicon, Phrases, keep, memo_table, word_runs

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
_TITLE_OR_CONNECTOR = frozenset({*_TITLE_KINDS, "conn"})  # kinds a title goes back over
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
_MAX_KNOWN_RUNS = 1 << 18  # pieces of text between spaces whose reading tokenize keeps (a few MB)


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


# How a piece of text between spaces reads wherever it stands, worked out once per distinct piece
# (`_learn_run`): its tokens, with offsets from the piece's start; their number; the piece's length
# and the space after it; and, when it needs a second look in its entry, a `_Special`. A plain
# tuple, unpacked at once (one bytecode, where reading its fields one by one took three each).
_Reading = tuple[tuple[_Tok, ...], int, int, "_Special | None"]
# The indexes of a piece's lowercase title words, and (offset, word) of its words a country's or
# state's name may start with (one of them is not empty).
_Special = tuple[tuple[int, ...], tuple[tuple[int, str], ...]]


def tokenize(text: str, lex: Lexicon) -> list[Token]:
    """The entry's words and punctuation, each labelled as in the module's rule 1."""
    tokens, at = _tokens(text, lex)
    return [_new(Token, (word, run + start, run + end, kind, stop))
            for (word, start, end, kind, stop), run in zip(tokens, at, strict=True)]


def _tokens(text: str, lex: Lexicon) -> tuple[list[_Tok], list[int]]:
    """`tokenize` (as `_Tok`s) with each token's offsets from the start of its piece of text between
    spaces, and the offset of that piece, for each token: a token's offsets in the text are
    `at[i] + tokens[i][_START]` and `at[i] + tokens[i][_END]`.

    The text is cut at each space (`str.split`, no regex), and each piece is read once, as the
    tokens `_TOKEN` finds in it (no token holds white space), and remembered. The tokens of a
    piece met before are the memo's own tuples, put in the entry's list as they are, where a loop
    over them made a tuple for each with its offsets in the text (the people stage 162.4k -> 154.2k
    instructions an entry); the pieces with a lowercase title word or a word a place name may
    start with are looked at again, by `_read_special_runs`."""
    if '"' in text or "\u201c" in text:
        text = _QUOTED.sub(_blank_quote, text)
    known = _known_runs(lex)
    tokens: list[_Tok] = []
    at: list[int] = []
    specials: list[tuple[int, int, _Special]] = []  # (index of its first token, offset, special)
    pos = 0
    for piece in text.split(" "):  # one space, not any white space: each piece's offset follows
        piece_tokens, size, width, special = known.get(piece) or _learn_run(piece, lex)
        if special:
            specials.append((len(tokens), pos, special))
        tokens += piece_tokens
        if size == 1:  # most pieces: a list of one made and added costs 7x an append
            at.append(pos)
        else:
            at += [pos] * size
        pos += width
    place_words = _read_special_runs(tokens, specials) if specials else []
    if place_words or "_" in text or _place_first_words(lex) is None:  # (words the tokens do not show)
        _mark_places(text, tokens, at, place_words, lex)
    if "(" in text:
        _bracketed_acronyms(tokens)
    return tokens, at


def _read_special_runs(tokens: list[_Tok], specials: list[tuple[int, int, _Special]]) -> list[tuple[int, str]]:
    """Make "title" the kind of the lowercase title words after a title, an institution, a place
    or a name ("Foreign Ministry spokesperson", "Politburo member"); and give (offset, word) of
    the words a place name may start with, in order (`specials`: the pieces that have either, as
    (index of the first token, offset, `_Special`))."""
    place_words: list[tuple[int, str]] = []
    for first, pos, (low_titles, firsts) in specials:
        for offset, word in firsts:  # a loop, not a list comprehension: a call, for one word mostly
            place_words.append((pos + offset, word))
        for i in low_titles:
            i += first
            if i and not tokens[i - 1][_STOP] and tokens[i - 1][_KIND] in _LOW_TITLE_AFTER:
                word, start, end, _, stop = tokens[i]
                tokens[i] = (word, start, end, "title", stop)
    return place_words


def _known_runs(lex: Lexicon) -> dict[str, _Reading]:
    """The lexicon's memo of how each piece of text between spaces met so far reads (bounded by
    `_MAX_KNOWN_RUNS`, see `_learn_run`)."""
    known: dict[str, _Reading] = lex.memo.setdefault("people", {})
    return known


def _blank_quote(quote: re.Match[str]) -> str:
    """A quotation's words blanked out, its quotation marks kept as straight ones."""
    return '"' + " " * (len(quote.group()) - 2) + '"'


def _learn_run(run: str, lex: Lexicon) -> _Reading:
    """How the tokens of `run`, a piece of text between spaces, read (see `_Reading`), remembered
    in the lexicon's memo."""
    tokens: list[_Tok] = []
    low_titles: list[int] = []
    place_words: list[tuple[int, str]] = []
    firsts = _place_first_words(lex)
    for m in _TOKEN.finditer(run):
        word, stop = m.group(), False
        if word.endswith(".") and not _keeps_period(word, lex):
            word, stop = word[:-1], True
        kind = _kind(word, False, lex)
        if kind == "low" and word in lex.lowercase_titles:
            low_titles.append(len(tokens))
        place_words += [(m.start() + w.start(), w.group()) for w in _WORD_RUN.finditer(m.group())
                        if firsts is None or w.group() in firsts]
        tokens.append((word, m.start(), m.start() + len(word), kind, stop))
    special = (tuple(low_titles), tuple(place_words)) if low_titles or place_words else None
    reading = (tuple(tokens), len(tokens), len(run) + 1, special)
    return keep(_known_runs(lex), run, reading, _MAX_KNOWN_RUNS)


def _place_first_words(lex: Lexicon) -> frozenset[str] | None:
    """The words a country's or a state's name starts with (None: any word may start one)."""
    if "people.places" not in lex.memo:
        countries, states = lex.countries.first_words, lex.subdivisions.first_words
        lex.memo["people.places"] = None if countries is None or states is None else countries | states
    firsts: frozenset[str] | None = lex.memo["people.places"]
    return firsts


def _mark_places(text: str, tokens: list[_Tok], at: list[int], place_words: list[tuple[int, str]],
                 lex: Lexicon) -> None:
    """Make "place" the kind of the tokens that start a word of a country's or state's name
    (`place_words`: (offset, word) of the words such a name may start with, found by the tokens;
    `at` as `_tokens` gives it). A token is found from its offset by bisection of `at`, not each
    token looked at. A place word before a lowercase title ("Japan spokesperson") makes it a
    title as a name or an institution word would, so that rule needs no second look."""
    if "_" in text or _place_first_words(lex) is None:  # words the tokens do not show
        place_words = word_runs(text)
    for place in _place_starts(text, lex, place_words):
        i = bisect_right(at, place) - 1  # the last token of the piece the place word is in
        while i >= 0 and at[i] + tokens[i][_START] > place:
            i -= 1
        if i >= 0 and at[i] + tokens[i][_START] == place and _placeable(tokens[i]):
            word, start, end, _, stop = tokens[i]
            tokens[i] = (word, start, end, "place", stop)


def _placeable(token: _Tok) -> bool:
    """Whether a country's or state's name makes the token a "place" (`_kind` with `is_place`
    differs): a name or institution word that starts with a letter (not a number)."""
    return token[_KIND] == "name" or (token[_KIND] == "inst" and token[_TEXT][0].isalpha())


def _bracketed_acronyms(tokens: list[_Tok]) -> None:
    """An acronym in brackets ("... Interchange (CULCON) Kenichiro Sasae") stays in the title."""
    for i in range(1, len(tokens) - 1):
        if tokens[i - 1][_TEXT] == "(" and tokens[i + 1][_TEXT] == ")" and tokens[i][_KIND] == "inst":
            tokens[i - 1] = ("(", tokens[i - 1][_START], tokens[i - 1][_END], "inst", False)
            tokens[i + 1] = (")", tokens[i + 1][_START], tokens[i + 1][_END], "inst", False)


def _place_spans(text: str, lex: Lexicon, runs: list[tuple[int, str]] | None = None) -> set[int]:
    """Start offsets of words that belong to a country or state name (`runs` as for
    `Phrases.find`): the rule `_place_starts` follows, and what it falls back on when a name
    starts with no word."""
    starts: set[int] = set()
    runs = word_runs(text) if runs is None else runs
    words: dict[str, tuple[int, ...]] = lex.memo.setdefault("people.place_words", {})
    for phrases in (lex.countries, lex.subdivisions):
        for start, name in phrases.find(text, runs):
            if name not in words:
                words[name] = tuple(w.start() for w in _NONSPACE.finditer(name))
            starts.update([start + offset for offset in words[name]])
    return starts


def _place_starts(text: str, lex: Lexicon, place_words: list[tuple[int, str]]) -> list[int] | set[int]:
    """`_place_spans` (an offset may come twice here: a country's and a state's), found by the
    regexes of the names each place word starts (`Phrases.starting`), one `match` where it is:
    `Phrases.find` of countries and of states tried each name at each word, with a call to see
    where it ends (the people stage 154.2k -> 146.5k instructions an entry)."""
    if _place_first_words(lex) is None:  # a name that starts with no word: only `Phrases.find` finds it
        return _place_spans(text, lex, place_words)
    known = memo_table(lex.memo, "people.place_names")
    starts: list[int] = []
    country_end = state_end = 0  # names do not overlap: a word in the last one found starts none
    for start, word in place_words:
        names = known.get(word)
        if names is None:
            names = keep(known, word, (_names_starting(lex.countries, word), _names_starting(lex.subdivisions, word)))
        country, state = names
        if country is not None and start >= country_end and (found := country[0](text, start)):
            country_end = found.end()
            for offset in country[1][found.lastindex]:  # one word mostly: a loop, no comprehension's call
                starts.append(start + offset)
        if state is not None and start >= state_end and (found := state[0](text, start)):
            state_end = found.end()
            for offset in state[1][found.lastindex]:
                starts.append(start + offset)
    return starts


# A `Phrases.starting` as `_place_starts` reads it: the regex's `match`, and the offsets of each
# name's words (in order of its groups, from 1).
_Names = tuple[Callable[[str, int], "re.Match[str] | None"], tuple[tuple[int, ...], ...]]


def _names_starting(phrases: Phrases, word: str) -> _Names | None:
    """The names of `phrases` that start with `word` (None if none does), as `_place_starts`
    reads them."""
    starting = phrases.starting(word)
    if starting is None:
        return None
    pattern, names = starting
    return pattern.match, ((), *(tuple(w.start() for w in _NONSPACE.finditer(name)) for name in names))


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
    tokens, at = _tokens(text, lex)
    # the next name word found by `list.index` (a C loop), not each token looked at; "name" after
    # the last token: one is always found
    kinds = [*map(_KIND_OF, tokens), "name"]
    mentions = []
    i = kinds.index("name")
    while i < len(tokens):
        end = _name_end(tokens, i)  # past the name: a name's words are not names of their own
        mention = _mention(text, tokens, at, i, end, lex)
        if mention:
            mentions.append(mention)
        i = kinds.index("name", end)
    return mentions


def _name_end(tokens: list[_Tok], i: int) -> int:
    """Index just past the run of name words (and initials, suffixes) starting at i."""
    j = i + 1
    while j < len(tokens) and not tokens[j - 1][_STOP] and (
        tokens[j][_KIND] == "name" or tokens[j][_TEXT] in _SUFFIXES
    ):
        j += 1
    return j


def _mention(text: str, tokens: list[_Tok], at: list[int], i: int, j: int, lex: Lexicon) -> Mention | None:
    """The name of tokens i to j, with its title (`at`: each token's run's offset, see `_tokens`)."""
    if j - i > MAX_NAME_WORDS or _continues_institution(tokens, j):
        return None
    title_start = _title_start(tokens, i)
    title: str | None = None
    titled = False
    if title_start < i:  # a title before the name
        last = tokens[i - 1]
        title = text[at[title_start] + tokens[title_start][_START]:at[i - 1] + last[_END]].strip(" ,")
        titled = "title" in map(_KIND_OF, tokens[title_start:i]) or last[_TEXT].endswith(_POSSESSIVE_ENDS)
        if title and (title.startswith(_TITLE_OPENINGS) or title.endswith(_POSSESSIVE_ENDS)):  # _TITLE_EDGES can match
            title = _TITLE_EDGES.sub("", title).strip(" ,") or None
    if not titled and (after := _appositive(text, tokens, at, j, lex)):
        title, titled = after, True
    start, end = at[i] + tokens[i][_START], at[j - 1] + tokens[j - 1][_END]
    return _new(Mention, (text[start:end], title, titled, start, end))


def _appositive(text: str, tokens: list[_Tok], at: list[int], j: int, lex: Lexicon) -> str | None:
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
    if not closed or not words or "name" in map(_KIND_OF, words):
        return None
    titles = lex.title_keywords
    first = words[0]
    if first[_KIND] not in ("title", "place") and first[_TEXT].capitalize() not in titles:
        return None  # it starts with a title word or a place
    for word in words:  # a loop: a comprehension or a generator is a call of its own
        if word[_KIND] == "title" or word[_TEXT].capitalize() in titles:
            return text[at[k] + first[_START]:at[end - 1] + words[-1][_END]]
    return None


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
        if prev[_STOP]:
            break
        if prev[_KIND] not in _TITLE_OR_CONNECTOR and prev[_TEXT] != ",":  # the rest only when needed
            org_name = prev[_KIND] == "name" and tokens[k][_KIND] in ("title", "inst")
            # "Ambassador to Japan", "Special Envoy to the Six-Party Talks": a destination in the title
            bridge = prev[_TEXT] == "to" and k >= 2 and tokens[k - 2][_KIND] == "title"
            if not org_name and not bridge:
                break
        k -= 1
    while k < i and (tokens[k][_KIND] == "conn" or tokens[k][_TEXT] == ","):
        k += 1
    if 0 < k < i and tokens[k - 1][_TEXT] in _FORMER:  # "former Secretary of State Henry Kissinger"
        k -= 1
    return k
