"""Reading an entry's venue, governments, format and kind, by rules over its words.

Each rule is written down in the README's design section; none is keyed on a
particular entry. The functions are pure: text (and the people found) in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from operator import itemgetter

from .lexicon import UNKNOWN, Lexicon, is_word_char, keep, memo_table
from .models import EventActor, Format, Kind, Level, Venue
from .needles import Scan, Sieve, lowered
from .resolve import default_country

QUAD = ("US", "JP", "AU", "IN")
G7 = ("US", "JP", "DE", "FR", "GB", "IT", "CA")
_QUAD_SORTED = sorted(QUAD)
_LEVEL_OF = itemgetter("level")  # an actor's level, from its __dict__

# A clause that only sets the scene: "meet *while attending the ASEAN summit*".
_CONTEXT = Sieve(re.compile(
    r"\b(?:while (?:attending|visiting|in)|on the (?:sidelines|margins) of|on the occasion of"
    r"|during|ahead of|prior to|following)\b.*$",
    re.IGNORECASE,
))
_MULTILATERAL = Sieve(re.compile(
    r"\b(?:APEC|IPEF|Indo-Pacific Economic Framework|ASEAN|East Asia Summit|EAS|G20|G-20"
    r"|(?:UN|United Nations) General Assembly|UNGA|(?:UN|United Nations) Security Council"
    r"|Shangri-La Dialogue|NATO|Pacific Islands Forum|ASEAN Regional Forum|ARF|BRICS|SCO"
    r"|Six-Party Talks|World Economic Forum|COP\d*|WTO|IMF|World Bank|ADMM(?:-Plus)?)\b"
))
_G7 = Sieve(re.compile(r"\b(?:G7|G-7|Group of Seven)\b"))
_QUAD = Sieve(re.compile(r"\bQuad(?:rilateral Security Dialogue)?\b"))

# Kind rules, tried in order; the first that matches the entry's main clause wins. A rule is
# searched for only in a clause holding one of the words it needs (see needles.py).
_MEETING_WORDS = (r"\b(?:meets?|met|meeting|talks?|confers?|receives?|courtesy call|hosts?"
                  r"|welcomes?|holds? a summit)\b")
_KIND_RULES: tuple[tuple[Kind, Sieve], ...] = tuple(
    (kind, Sieve(re.compile(pattern, re.IGNORECASE)))
    for kind, pattern in (
        (Kind.INCIDENT, r"\b(?:crash(?:es|ed)?|accidents?|collid(?:e|es|ed)|collision|explosions?"
                        r"|intru(?:de|des|ded|sions?)|incursions?|territorial (?:waters|airspace)"
                        r"|(?:unsafe|dangerous) (?:intercepts?|maneuvers?)"
                        r"|capsiz\w*|sinks?|sank|shot down|kill(?:s|ed)|die[sd])\b"),
        (Kind.AWARD, r"\bawards?\b|\bawarded\b|\bprize\b|\bhonorary\b"),
        (Kind.SIGNING, r"\b(?:signs?|signed|signing|inks?|inked)\b"),
        (Kind.INTERVIEW, r"\binterview"),
        (Kind.CALL, r"\b(?:tele)?phone\b|\bteleconference\b|(?<!port )(?<!courtesy )\bcalls? "
                    r"(?=(?-i:[A-Z]))"),  # "calls Kishida", not "a port call in Busan"
        (Kind.VIRTUAL_MEETING, r"\b(?:online|virtual(?:ly)?|video\w*)\b"),
        (Kind.STATEMENT, r"\b(?:statements?|announce[sd]?|announcements?|declarations?"
                         r"|communiqu[eé]|press release|readout|issues? (?:a|an|the)"
                         r"|releases? (?:a|an|the))\b"),
        # said as the entry's main verb, right after its subject ("Foreign Ministry spokesperson
        # Wang Wenbin says ..."); not "Blinken and Wang meet in Beijing and say ..."
        (Kind.STATEMENT, r"^(?:(?:(?-i:[A-Z\d\"“(])\S*|and|of|the|for|on|to|in|at|&"
                         r"|(?-i:spokes(?:person|man|woman)|member|envoy|ambassador|minister|official)"
                         r")\s+)*"
                         r"(?:says|said|tells? (?:reporters|the press)|condemns?|condemned"
                         r"|criticiz(?:es|ed)|denounce[sd]?)\b"),
        (Kind.SPEECH, r"\b(?:address(?:es)?|remarks|speech(?:es)?|speaks? (?:at|to|before)"
                      r"|lecture|keynote)\b"),
        # before summit: "the East Asia Summit Foreign Ministers' Meeting" is a ministers' meeting
        (Kind.MEETING, r"\bminister(?:ial|s'?)\s(?:\S+\s)?meeting\b"),
        (Kind.SUMMIT, r"\bsummit\b|\bleaders'? (?:week|meeting)\b"),
        (Kind.DIALOGUE, r"\b(?:dialogue|working group|group|consultations?|consultative"
                        r"|mechanism|commission|committee)\b"
                        r"(?=.*\b(?:is|are) held\b|.*\bconvene)|\b(?:hold|holds|held|convenes?"
                        r"|co-chairs?)\b.*\b(?:dialogue|working group|group|consultations?"
                        r"|mechanism|commission|committee)\b"),
        (Kind.MEETING, _MEETING_WORDS),
        (Kind.VISIT, r"\b(?:visits?|visited|travels?|traveled|trip|tours?|toured|arrives?"
                     r"|arrived|stops? in)\b"),
    )
)
# The needles of the rules read from a main clause, all looked for at once, and of the
# scene-setting clause it is read without (last: not a kind rule nor a grouping).
_MAIN_NEEDLES = Scan([rule for _, rule in _KIND_RULES] + [_QUAD, _G7, _MULTILATERAL, _CONTEXT])
_NO_VENUE = frozenset({Kind.CALL, Kind.VIRTUAL_MEETING, Kind.STATEMENT})
_PLACE_WORDS = r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|of|de|del|la|el))*"
_LOCATIVE = re.compile(
    rf"\b(?:in|at|off(?: the (?:shore|shores|coast) of)?|near|around|aboard|visits?|visited"
    rf"|(?:visits?|trip|delegation) to|(?:travels?|traveled|travelled|arrives?|arrived) (?:to|in|at))\s+(?:the\s+)?"
    rf"(?P<place>{_PLACE_WORDS})(?:,\s+(?P<region>{_PLACE_WORDS}))?"
)
# Each match of _LOCATIVE starts with one of these words, as a whole word, and white space.
_LOCATIVE_WORDS = ("in", "at", "off", "near", "around", "aboard", "visit", "visits", "visited", "trip", "delegation",
                   "travel", "travels", "traveled", "travelled", "arrive", "arrives", "arrived")


def _stems(words: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`words` by the shortest of them each starts with ("visit": "visits", "visited"), each with a
    space after it, and what to look for first: the word and a space if it is alone, else the stem."""
    stems = [w for w in words if not any(v != w and w.startswith(v) for v in words)]
    spaced = {stem: tuple(f"{w} " for w in words if w.startswith(stem)) for stem in stems}
    return tuple((stem if len(spaced[stem]) > 1 else f"{stem} ", spaced[stem]) for stem in stems)


_LOCATIVE_STEMS = _stems(_LOCATIVE_WORDS)


def _locatives(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_LOCATIVE.finditer(text)`, the regex tried only where one of its words is.

    In a printable text the only white space is " ", so a word is found as itself and a space by
    `in` and `str.find`, whose searches are C loops of a few instructions a character (`str.find`
    parses its arguments, ~400 instructions a call: it is called only where a word is). A regex
    that opens with \\b, as _LOCATIVE does, is tried at every offset, an alternation of the words
    at every letter that starts one (venue_of 38.2k -> 34.5k instructions an entry).
    """
    if not text.isprintable():  # other white space ("\n", no-break spaces), or none at all
        yield from _LOCATIVE.finditer(text)
        return
    starts = []
    for stem, spaced in _LOCATIVE_STEMS:
        if stem in text:
            for word in spaced:
                at = text.find(word)
                while at >= 0:
                    if at == 0 or not is_word_char(text[at - 1]):  # \b before the word
                        starts.append(at)
                    at = text.find(word, at + 1)
    end = 0
    for start in sorted(starts):
        if start >= end:
            m = _LOCATIVE.match(text, start)  # sees the text before `start`, as a search does
            if m:
                end = m.end()
                yield m


_Clause = tuple[str, str, frozenset[str]]  # an entry's main clause, lowered, and its needles (`_clause`)
_Groupings = tuple[bool, bool, bool]  # whether the main clause names the Quad, the G7, a forum (`_groupings`)


def read(text: str, actors: Sequence[EventActor], lex: Lexicon,
         parties: Sequence[str] = ()) -> tuple[Kind, tuple[str, ...], Venue | None, Format]:
    """`kind_of`, `governments`, `venue_of` and `format_of` of an entry, in that order, at once: what
    they share (the entry lowered, its main clause, that clause's needles, the groupings it names)
    is worked out once and handed on, where each of them alone works it out again. The parser reads
    every entry so (a cache of each shared value, looked up by the entry's text in each function,
    cost more than some of the values)."""
    low = lowered(text)
    clause = _clause(text, low)
    groupings = _groupings(clause)
    kind = _kind(clause)
    countries = _governments(clause[0], groupings, actors, lex, parties)
    return kind, countries, venue_of(text, kind, lex, low), _format(groupings, countries, actors)


def main_clause(text: str) -> str:
    """The entry without a scene-setting clause ("while attending...", "on the sidelines of...")."""
    return _clause(text, lowered(text))[0]


def _clause(text: str, low: str) -> _Clause:
    """The entry's main clause (`main_clause`), lowered, and the needles of the rules read from it
    that it holds (`_MAIN_NEEDLES`); `low` is `lowered(text)`. The entry is scanned once, for the
    scene-setting clause's needles with the rules': most entries have none, and their scan is their
    main clause's (a needle only the stripped white space held would only have a rule tried in vain)."""
    found = _MAIN_NEEDLES.found(low)
    if _CONTEXT.search(text, low, found) is None:
        return text.strip(), low.strip(), found  # lowering makes no white space, nor takes any
    main = _CONTEXT.pattern.sub("", text).strip()
    low = lowered(main)
    return main, low, _MAIN_NEEDLES.found(low)


_VERB = re.compile(r"\s(?!(?:and|of|the|for|on|&|a|an|one|two|three|four|five|six|several|some)\b)"
                   r"(?![a-z][\w-]* and\b)[a-z]")


# "The two sides hold talks": the two countries of an "A-B" chronology.
_BOTH_SIDES = re.compile(r"(?:the two|both) (?:sides|countries|governments)\b", re.IGNORECASE)


def subject(text: str) -> str:
    """The words before the entry's verb: everything up to its first lowercase word that is not a
    connector, a number, or a noun joined by "and" to more subject ("Two Chinese bombers and two
    Russian bombers conduct ...")."""
    m = _VERB.search(text)
    return text[: m.start()] if m else text


def kind_of(text: str) -> Kind:
    """The kind of event, by the first kind rule that matches the entry's main clause."""
    return _kind(_clause(text, lowered(text)))


def _kind(clause: _Clause) -> Kind:
    """`kind_of`, given the entry's `_clause`."""
    main, low, found = clause
    for i in _MAIN_NEEDLES.hopefuls(found):  # the kind rules first, then the groupings
        if i < len(_KIND_RULES) and _KIND_RULES[i][1].search(main, low, found):
            return _KIND_RULES[i][0]
    return Kind.OTHER


def governments(text: str, actors: Sequence[EventActor], lex: Lexicon,
                parties: Sequence[str] = ()) -> tuple[str, ...]:
    """ISO codes of the governments taking part, in order of first mention.

    The countries of the people who act for a government (national or local) when
    anyone is named; else the countries named as the entry's subject ("US and Japan
    hold...", "US-Japan-Korea Trilateral Dialogue is held", "PLA Navy ships sail"; "the two
    sides" are the two countries of the chronology). A subject that is a body
    of the US government by US style ("The State Department orders ...") counts in a "US-X"
    chronology, with or without people named. The Quad and the G7 stand for their members.
    """
    clause = _clause(text, lowered(text))
    return _governments(clause[0], _groupings(clause), actors, lex, parties)


def _governments(main: str, groupings: _Groupings, actors: Sequence[EventActor], lex: Lexicon,
                 parties: Sequence[str]) -> tuple[str, ...]:
    """`governments`, given the entry's main clause and the groupings it names."""
    said = subject(main)
    # each actor's fields read from its __dict__ at once: a pydantic model's attribute is read
    # through its __getattr__ hook (~450 instructions)
    fields = [a.__dict__ for a in actors]
    codes = [f["country"] for f in fields if f["country"] and f["level"] is not Level.NONGOVERNMENT]
    if not codes and not any(f["level"] is Level.NONGOVERNMENT for f in fields):
        codes = list(_parties_named(said, lex))
        codes += list(parties) if len(parties) == 2 and _BOTH_SIDES.match(main) else []
    # The side a subject is by US title style is one of the parties, or none: read only when a
    # party is not among the codes (a quarter of entries name both sides' people; reading a new
    # subject's style costs a regex search and a lookup of its countries). A loop: all() of a
    # generator or of a map costs more than the loop itself.
    for party in parties:
        if party not in codes:
            body = _body_by_style(said, lex, parties)  # "The Treasury Department announces ..."
            codes += [body] if body and body not in codes else []
            break
    quad, g7, _ = groupings
    if quad:
        codes += QUAD
    elif g7:
        codes += G7
    return tuple(dict.fromkeys(codes))


def _groupings(clause: _Clause) -> _Groupings:
    """Whether an entry's main clause (its `_clause`) names the Quad, the G7, a multilateral forum."""
    main, low, found = clause
    return (bool(_QUAD.search(main, low, found)), bool(_G7.search(main, low, found)),
            bool(_MULTILATERAL.search(main, low, found)))


# What a subject names is kept in the lexicon's memo: a chronology's subjects repeat ("The two
# sides", "Secretary of State Blinken", "The State Department"), and reading one takes a few
# regex scans and a lookup of each of its words.
def _parties_named(words: str, lex: Lexicon) -> tuple[str, ...]:
    """ISO codes of the countries `words` name as parties, then of the bodies only one
    government has that they name."""
    known = memo_table(lex.memo, "classify.parties_named")
    named: tuple[str, ...] | None = known.get(words)  # never None once read
    if named is None:
        named = keep(known, words, (*(code for _, code in lex.countries_in(words)), *lex.national_bodies_in(words)))
    return named


def _body_by_style(words: str, lex: Lexicon, parties: Sequence[str]) -> str | None:
    """The side of the chronology a subject is by US title style (`default_country`), when it
    names no country itself."""
    known, key = memo_table(lex.memo, "classify.body_by_style"), (words, tuple(parties))
    body: str | None = known.get(key, UNKNOWN)
    if body is UNKNOWN:
        body = default_country(words, parties)
        body = keep(known, key, body if body and not lex.countries_in(words, parties_only=False) else None)
    return body


def format_of(text: str, countries: Sequence[str], actors: Sequence[EventActor]) -> Format:
    """The diplomatic format: named groupings first, then by the number of governments."""
    return _format(_groupings(_clause(text, lowered(text))), countries, actors)


def _format(groupings: _Groupings, countries: Sequence[str], actors: Sequence[EventActor]) -> Format:
    """`format_of`, given the groupings the entry's main clause names."""
    quad, g7, multilateral = groupings
    if quad or (len(countries) == len(QUAD) and sorted(countries) == _QUAD_SORTED):  # len first: no sorting
        return Format.QUAD
    if g7:
        return Format.G7
    if multilateral or len(countries) > 3:
        return Format.MULTILATERAL
    if len(countries) == 3:
        return Format.TRILATERAL
    if len(countries) == 2:
        return Format.SUBNATIONAL if _is_subnational(countries, actors) else Format.BILATERAL
    return Format.OTHER


def _is_subnational(countries: Sequence[str], actors: Sequence[EventActor]) -> bool:
    """True when one side is represented only by state, prefecture or city officials."""
    fields = [a.__dict__ for a in actors]  # at once, not by pydantic's __getattr__ hook for each field
    if Level.SUBNATIONAL not in map(_LEVEL_OF, fields):  # most events: a C loop, no comprehension's call
        return False
    levels = {c: {f["level"] for f in fields if f["country"] == c} for c in countries}
    return any(lv == {Level.SUBNATIONAL} for lv in levels.values()) and any(
        Level.NATIONAL in lv for lv in levels.values()
    )


def venue_of(text: str, kind: Kind, lex: Lexicon, low: str | None = None) -> Venue | None:
    """Where it took place: the last place the entry gives after "in", "at", "off"...

    None for calls, online meetings and statements, and when no place is given. `low` is
    `lowered(text)`, when the caller has it already.
    """
    if kind in _NO_VENUE:
        return None
    found: Venue | None = None
    for m in _locatives(text):
        found = _place_from(m["place"], m["region"], lex) or found
    for m in _landmarks(lex).finditer(text, low=low):
        city, country = lex.landmarks[m["name"]]
        found = Venue(city=city, country=country)
    return found


def _landmarks(lex: Lexicon) -> Sieve:
    """The lexicon's "at (the) LANDMARK" as a sieve: most entries have no "at " to try it at."""
    known = memo_table(lex.memo, "classify.landmarks")
    sieve: Sieve | None = known.get(None)
    return keep(known, None, Sieve(lex.at_landmark_re)) if sieve is None else sieve


def _place_from(place: str, region: str | None, lex: Lexicon) -> Venue | None:
    """A venue from "in PLACE[, REGION]", or None when PLACE is not a place (kept in the
    lexicon's memo: the same places come up entry after entry)."""
    known, key = memo_table(lex.memo, "classify.places"), (place, region)
    venue: Venue | None = known.get(key, UNKNOWN)
    return keep(known, key, _read_place(place, region, lex)) if venue is UNKNOWN else venue


def _read_place(place: str, region: str | None, lex: Lexicon) -> Venue | None:
    """`_place_from`, worked out."""
    place = place.strip().rstrip(".")
    for candidate in _shrinking(place):
        if candidate in lex.city_of or candidate in lex.landmarks:
            city, country = lex.place(candidate) or (None, None)
            return Venue(city=city, country=country)
        if region and candidate == place:
            known = lex.place(region.strip().rstrip("."))
            if known and known[1]:
                return Venue(city=candidate, country=known[1])
        if candidate in lex.country_of or candidate in lex.subdivision_of:
            _, country = lex.place(candidate) or (None, None)
            return Venue(city=None, country=country)
    tail = lex.of_city_end_re.search(place)
    return Venue(city=tail["name"], country=lex.city_of[tail["name"]]) if tail else None


def _shrinking(place: str) -> list[str]:
    """"Yakushima Island Base" -> ["Yakushima Island Base", "Yakushima Island", "Yakushima"]."""
    words = place.split()
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]
