"""Passages: the paragraphs of an article's body that discuss one event of its chronology.

    text -> body_paragraphs (numbered paragraphs before the "Chronology of ..." heading)
         -> passages_for(event, paragraphs) (ranked by shared rare words, dates as a bonus)

A paragraph is scored by the share of the event's distinctive words (its text and its
actors' names) that it also uses, each word weighted by its rarity across the body's
paragraphs (IDF). A mention of the event's date adds a bonus, but only to a paragraph
that already shares enough words: a date alone never makes a passage. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from .chronology import _CITATION, _HEADING, flatten
from .dates import MONTHS
from .models import Event
from .text import fold, squash

MIN_WORDS = 12
"""A paragraph shorter than this is a heading, a byline or boilerplate, and is left out..."""
MIN_CAPTION_WORDS = 6
"""...unless it is a figure caption ("Figure 3 ...") of at least this many words."""
COMMON_SHARE = 0.5
"""A word used by more than this share of the body's paragraphs says nothing about one event."""
MIN_SHARED = 2
"""A passage shares at least this many distinctive words with the event..."""
MIN_SCORE = 0.25
"""...and scores at least this on content alone, before any date bonus."""
BM25_K1 = 1.2
"""How fast repeats of a word stop adding weight (the usual Okapi BM25 value)."""
BM25_B = 0.75
"""How much a paragraph's length dilutes its words (the usual Okapi BM25 value)."""
DAY_BONUS = 0.2
"""Added when the paragraph names the event's day ("Nov. 29", "November 29")."""
MONTH_BONUS = 0.05
"""Added when the paragraph names only the event's month ("In November")."""

# Function words of English: they never tell one event from another.
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either else even ever few for from further had has have
having he her here hers herself him himself his how however i if in into is it its itself just least less many may
me might more most much must my myself neither no nor not now of off on once one only or other others our ours
ourselves out over own per same shall she should since so some such than that the their theirs them themselves
then there these they this those though through thus to too under until up upon us very via was we were what when
where whether which while who whom whose why will with within without would yet you your yours yourself
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9]+")
_FIGURE = re.compile(r"^\s*(?:figure|fig\.)\s*\d+\b", re.IGNORECASE)
_CREDIT = re.compile(r"\b(?:photo|image|source|credit)\s*:.*$", re.IGNORECASE)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Nov. 29", "November 29", "Oct. 16-18"; case-insensitive, as a number follows.
_DAY = re.compile(rf"\b(?P<month>{_MONTH_ALT})\.?\s*(?P<d1>\d{{1,2}})(?:\s*-\s*(?P<d2>\d{{1,2}}))?\b(?!\d)",
                  re.IGNORECASE)
# A month alone, capitalised only: "may" and "march" are also words.
_MONTH = re.compile(rf"\b({'|'.join(m.title() for m in sorted(MONTHS, key=len, reverse=True))})\b")


@dataclass(frozen=True)
class Passage:
    """A paragraph of the body that discusses an event: where it starts, what it says, how closely."""

    line: int
    text: str
    score: float


def body_paragraphs(text: str) -> list[tuple[int, str]]:
    """The body's paragraphs worth reading, each with the 1-based line it starts on.

    The body is the text before the "Chronology of ..." heading; with no heading there is
    no body. Paragraphs are separated by blank lines and may span lines (joined with one
    space). Headings, bylines and the citation are left out: a paragraph is kept when it
    has at least MIN_WORDS words, or is a figure caption of at least MIN_CAPTION_WORDS.
    """
    return [(line, para) for line, para in _blocks(_body_lines(text)) if _is_prose(para)]


def _body_lines(text: str) -> list[str]:
    """The lines before the chronology heading (none without one), as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    heading = _HEADING.search(flatten(text))  # flatten keeps offsets, so the heading's offset holds in text
    return text[: heading.start()].split("\n") if heading else []


def _blocks(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Runs of non-blank lines, squashed to one line, with the 1-based number of their first line."""
    start, run = 0, []
    for number, line in enumerate([*lines, ""], 1):
        if flatten(line).strip():
            start = start or number
            run.append(line)
        elif run:
            yield start, squash(" ".join(run))
            start, run = 0, []


def _is_prose(paragraph: str) -> bool:
    """Long enough to be prose (or a caption), and not the citation boilerplate."""
    if _CITATION.search(flatten(paragraph)):
        return False
    words = len(_content(paragraph).split())
    return words >= (MIN_CAPTION_WORDS if _FIGURE.match(paragraph) else MIN_WORDS)


def _content(paragraph: str) -> str:
    """A caption without its photo credit, which names an agency, not the subject; other text as is."""
    return _CREDIT.sub("", paragraph) if _FIGURE.match(paragraph) else paragraph


def stem(word: str) -> str:
    """Fold plurals, then "-ing"/"-ed", of a folded word: crashes, crashed, crashing -> crash."""
    return _verb_stem(_plural_stem(word))


def _plural_stem(word: str) -> str:
    """ospreys -> osprey, crashes -> crash, issues -> issue, policies -> policy; "mission", "status" stay."""
    if len(word) <= 3 or not word.isalpha() or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _verb_stem(word: str) -> str:
    """crashed, crashing -> crash; planned -> plan; the stem keeps at least three letters."""
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and word.isalpha():
            doubled = len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz"
            return base[:-1] if doubled else base
    return word


def terms(text: str) -> Counter[str]:
    """The stemmed words of a text that can carry content, counted: no stop words, bare numbers or lone letters."""
    words = _TOKEN.findall(fold(text))
    return Counter(stem(w) for w in words if len(w) > 1 and not w.isdigit() and w not in STOP_WORDS)


@dataclass(frozen=True)
class _Body:
    """What scoring needs to know of the body: each paragraph's terms, and how many paragraphs use each."""

    found: list[Counter[str]]
    df: Counter[str]
    average: float

    @classmethod
    def of(cls, paragraphs: list[tuple[int, str]]) -> _Body:
        """Count the terms of every paragraph (captions without their credits)."""
        found = [terms(_content(text)) for _, text in paragraphs]
        df: Counter[str] = Counter()
        for have in found:
            df.update(have.keys())
        average = sum(c.total() for c in found) / len(found) if found else 0.0
        return cls(found, df, average)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency: rarer terms weigh more; a term the body never uses, most."""
        return math.log((len(self.found) + 1) / (self.df[term] + 0.5))

    def common(self, term: str) -> bool:
        """Used by more than COMMON_SHARE of the paragraphs: says nothing about one event."""
        return self.df[term] > COMMON_SHARE * len(self.found)

    def weight(self, term: str, index: int) -> float:
        """BM25 weight of a term in one paragraph: its IDF, more for repeats, less in a long paragraph."""
        tf, length = self.found[index][term], self.found[index].total()
        norm = 1 - BM25_B + BM25_B * length / self.average if self.average else 1.0
        return self.idf(term) * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)


def _event_units(event: Event, body: _Body) -> list[frozenset[str]]:
    """The event's distinctive evidence: each actor's name as one unit, each other content word as one.

    A person named in full ("Kamikawa Yoko") is one piece of evidence, not two; words most
    paragraphs use are dropped.
    """
    names = [frozenset(t for t in terms(a.name) if not body.common(t)) for a in event.actors]
    names = [n for n in dict.fromkeys(names) if n]
    named = set().union(*names)
    words = [frozenset([t]) for t in terms(event.text) if t not in named and not body.common(t)]
    return names + words


def _date_bonus(event: Event, paragraph: str) -> float:
    """DAY_BONUS when the paragraph names a day of the event, MONTH_BONUS for its month alone, else 0."""
    days = {event.start + dt.timedelta(days=i) for i in range(min((event.end - event.start).days, 62) + 1)}
    named_days, named_months = _dates_named(paragraph)
    if named_days & {(d.month, d.day) for d in days}:
        return DAY_BONUS
    return MONTH_BONUS if named_months & {d.month for d in days} else 0.0


def _dates_named(paragraph: str) -> tuple[set[tuple[int, int]], set[int]]:
    """The (month, day) pairs a text names ("Nov. 29", "Oct. 16-18"), and the months it names at all."""
    text = flatten(paragraph)
    days = set()
    for m in _DAY.finditer(text):
        month = MONTHS[m["month"].lower()]
        first = int(m["d1"])
        last = int(m["d2"]) if m["d2"] and int(m["d2"]) >= first else first
        days |= {(month, d) for d in range(first, last + 1)}
    return days, {MONTHS[m.lower()] for m in _MONTH.findall(text)}


def _coverage(units: list[frozenset[str]], body: _Body, index: int) -> tuple[int, float]:
    """How many units a paragraph shares, and their BM25 weight there over the event's whole IDF weight."""
    total = sum(max(body.idf(t) for t in unit) for unit in units)
    have = [max(body.weight(t, index) for t in unit) for unit in units if unit & body.found[index].keys()]
    return len(have), (sum(have) / total if total else 0.0)


def passages_for(event: Event, paragraphs: list[tuple[int, str]], limit: int = 3) -> list[Passage]:
    """The paragraphs that discuss `event`, best first, at most `limit`.

    A paragraph qualifies when it shares at least MIN_SHARED of the event's distinctive
    units (actors, content words) and scores at least MIN_SCORE on them; a mention of the
    event's day (or, less, its month) then adds a bonus. A date alone never qualifies.
    """
    body = _Body.of(paragraphs)
    units = _event_units(event, body)
    ranked = []
    for index, (line, text) in enumerate(paragraphs):
        shared, score = _coverage(units, body, index)
        if shared >= MIN_SHARED and score >= MIN_SCORE:
            ranked.append(Passage(line=line, text=text, score=round(score + _date_bonus(event, text), 4)))
    ranked.sort(key=lambda p: (-p.score, p.line))
    return ranked[: max(limit, 0)]
