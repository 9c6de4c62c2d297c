"""Turning the names found in entries into actors: the registry's, or new ones placed by title."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .actors import Registry, in_office, name_tokens
from .lexicon import UNKNOWN, Lexicon, keep, memo_table, remembered
from .models import Actor, EventActor, Level, Role
from .needles import Sieve
from .people import Mention
from .text import fold, name_key, slug

_GOVERNMENT_WORDS = frozenset({
    "Ministry", "Department", "Agency", "Government", "Cabinet", "Command", "Forces", "Embassy",
    "Navy", "Army", "Diet", "Congress", "Parliament", "Senate", "Administration", "Office",
})


# Titles only the US government uses; the US has no ministers.
_US_DEPARTMENTS = (r"(?:State|Treasury|Defense|Commerce|Energy|Justice|Homeland Security|Human Services"
                   r"|Transportation|Agriculture|Labor|Interior|Education|Veterans Affairs)")
_US_STYLE = re.compile(r"\b(?:Secretary of|Under Secretary|Assistant Secretary|Deputy Secretary"
                       r"|Trade Representative|National Security Advis[eo]r|Senator|Sen\."
                       r"|Congress(?:man|woman)|Special (?:Presidential )?(?:Envoy|Representative) for"
                       rf"|{_US_DEPARTMENTS} (?:Secretary|Department)|Department of {_US_DEPARTMENTS}"
                       r"|White House|Pentagon|^(?:Vice )?President$)\b")
_MINISTER = Sieve(re.compile(r"\b(?:Minister|Premier)\b"))  # the US has neither; sieved: most titles name neither
_HEAD_OF_STATE = frozenset({"President", "Vice President"})  # a bare one is the US by US style


def default_country(title: str, parties: Sequence[str]) -> str | None:
    """The side of a "US-X" chronology a title with no country belongs to, by US title style:
    "Secretary of ...", "Treasury Secretary", "the Commerce Department", a "President" with
    nothing else in the title are the US; a
    "Minister" or a "Premier" is the other side when it is one country ("US-China", not "US-Southeast Asia")."""
    if "US" not in parties or len(parties) > 2:
        return None
    if _US_STYLE.search(title):
        return "US"
    if _MINISTER.search(title) and len(parties) == 2:
        return next(p for p in parties if p != "US")
    return None


def place_title(title: str | None, lex: Lexicon,
                parties: Sequence[str] = ()) -> tuple[str | None, Level]:
    """`read_title`, remembered in the lexicon's memo: an archive's files give the same titles
    over and over (an article's chronology repeats what the one before it said)."""
    return remembered(lex.memo, "resolve.titles", (title, tuple(parties)), lambda: read_title(title, lex, parties))


def read_title(title: str | None, lex: Lexicon,
               parties: Sequence[str] = ()) -> tuple[str | None, Level]:
    """The country and level a title says a person acts for.

    Country: the first country the title names as a party ("Korean Minister..."),
    else the country of a state or prefecture it names ("Indiana Governor"), else, for
    a mayor or governor, of the city it names ("Seoul Mayor").
    Level: non-government for companies, business groups, universities, the media
    and former officials; subnational for states, prefectures and cities; else national.
    """
    if not title:
        return None, Level.NATIONAL
    countries = [code for _, code in lex.countries_in(title)]
    states = lex.subdivisions_in(title)
    subnational = _any_word(lex.subnational_markers).search(title) is not None
    # "Seoul Mayor": a city names the country of a city's official, not of anyone else.
    cities = [lex.city_of[m.group()] for m in lex.place_re.finditer(title)
              if m.group() in lex.city_of] if subnational else []
    bodies = lex.national_bodies_in(title)  # "Chief Cabinet Secretary", "FBI Director"
    country = next(iter(countries + states + cities + bodies), None) or default_country(title, parties)
    words = set(re.findall(r"[\w.'-]+", title))
    # "NHK's Yusaku Ishii": named by an organisation, with no post and no government.
    org_only = not (words & lex.title_keywords or words & _GOVERNMENT_WORDS) and not countries
    if (words & lex.nongovernment_markers or title.lower().startswith("former") or org_only
            or _company_officer(title, lex)):
        return country, Level.NONGOVERNMENT
    if (states and not countries) or (subnational and "Bank" not in words):
        return country, Level.SUBNATIONAL
    return country, Level.NATIONAL


@functools.lru_cache(maxsize=8)
def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """A regex of any of `words` as a whole word (compiled once, not once per title)."""
    return re.compile("|".join(rf"\b{re.escape(w)}(?!\w)" for w in words) or r"(?!)")


def _company_officer(title: str, lex: Lexicon) -> bool:
    """True for a title that starts with an organisation's own name and names no government
    ("Samsung Electronics Chairman", "Keidanren Chairman"); not "Indiana Governor", not
    "FBI Director" (a body only one government has)."""
    first = title.split()[0].removesuffix("'s")
    known = (lex.title_keywords, lex.institution_words, _GOVERNMENT_WORDS, lex.country_of, lex.subdivision_of,
             lex.city_of)  # looked up in each, not joined into one set each time (thousands of names)
    return first[:1].isupper() and not any(first in words for words in known) and not lex.countries_in(title) \
        and not lex.national_bodies_in(title) \
        and not lex.subdivisions_in(title) and not set(re.findall(r"[\w.'-]+", title)) & _GOVERNMENT_WORDS


class _Listed(NamedTuple):
    """The registry's actors for one name written in an entry."""

    exact: list[Actor]  # by the whole name
    by_word: list[Actor]  # by the whole name as one of their first or last words
    first: list[Actor]  # by the name's first word (`name_tokens`)
    first_ids: frozenset[str]
    last: list[Actor] | None  # by its last word, for a name of more than one word
    dated: bool  # whether the day can change whom the name finds (see `Resolver.candidates`)
    # what each chronology's resolver reads of the name, worked out once here, not once per file:
    whole: tuple[Actor, ...] | None  # the one actor of the whole name (`exact`), if one
    key: str  # its `name_key`, under which a person learnt is found
    folded: str | None  # for a name of one word, its `fold`, by which people found in full are named alone


@dataclass
class Resolver:
    """Resolves the mentions of one chronology, so that a family name alone finds
    the person named in full elsewhere in it."""

    registry: Registry
    lex: Lexicon
    parties: Sequence[str] = ()  # the countries of the chronology's relationship
    found: dict[str, Actor] = field(default_factory=dict)
    _by_word: dict[str, tuple[Actor, ...]] | None = field(default=None, repr=False)
    _guessed: set[str] = field(default_factory=set, repr=False)  # placed by US title style only
    _titles: dict[str | None, tuple[str | None, Level, bool]] = field(default_factory=dict, repr=False)
    # each name's candidates (`candidates`), emptied by `learn`, as what it learns changes them
    _memo: dict[tuple[str, bool], tuple[Actor, ...] | None] = field(default_factory=dict, repr=False)

    def listed(self, name: str) -> _Listed:
        """What the registry lists under a name, looked up once per name and registry (kept in
        the registry's memo, which `Registry.add` empties: an archive's files share it)."""
        known: _Listed | None = self.registry.memo.get("resolve.listed", {}).get(name)  # not by `remembered`:
        # looked up for each mention of each entry, where the lambda made for each call cost more than the look-up
        return known if known is not None else remembered(self.registry.memo, "resolve.listed", name,
                                                          lambda: self._look_up(name))

    def _look_up(self, name: str) -> _Listed:
        """`listed`, worked out."""
        tokens = name_tokens(name)
        exact, by_word = self.registry.by_name(name), self.registry.by_token(name)
        first, last = self.registry.by_token(tokens[0]), self.registry.by_token(tokens[-1]) if len(tokens) > 1 else None
        # the rules read the day only in the posts of these actors, and only when the whole name
        # is not one actor's: an actor whose posts have no dates holds them (or none) every day
        dated = len(exact) != 1 and any(role.from_ is not None or role.to is not None
                                        for a in (*by_word, *first, *(last or ())) for role in a.roles)
        return _Listed(exact=exact, by_word=by_word, first=first, first_ids=frozenset(a.id for a in first),
                       last=last, dated=dated, whole=tuple(exact) if len(exact) == 1 else None, key=name_key(name),
                       folded=fold(name) if len(name.split()) == 1 else None)

    def registry_match(self, mention: Mention, day: dt.date) -> Actor | None:
        """The registry actor a mention names, if exactly one fits."""
        listed = self.listed(mention.name)
        if len(listed.exact) == 1:
            return listed.exact[0]
        if listed.last is None:
            hits = in_office(listed.first, day)
            return hits[0] if len(hits) == 1 else None
        both = [a for a in in_office(listed.last, day) if a.id in listed.first_ids]
        return both[0] if len(both) == 1 else None

    def learn(self, mention: Mention, day: dt.date | None = None) -> None:
        """Remember a titled person the registry does not know; a later title that names a
        country places a person the first one did not ("President Suharto", then
        "Indonesian President Suharto"), or placed only by US title style ("President Vo Van
        Thuong" in a US-X chronology, then "Vietnamese President Vo Van Thuong")."""
        key = name_key(mention.name)
        known = self.found.get(key)
        if known is not None and known.country is not None and key not in self._guessed:
            return
        country, level, named = self.placed(mention.title)
        if mention.title in _HEAD_OF_STATE and country == "US" and day and self.held_by_other(mention, day):
            country = None  # "President Xi Jinping" while the registry's US President is Biden
        if known is not None and (country is None or (known.country is not None
                                                      and (key not in self._guessed or not named))):
            return
        if named:
            self._guessed.discard(key)
        else:
            self._guessed.add(key)
        self._by_word = None
        self._memo.clear()
        self.found[key] = _learnt(known.id if known else slug(mention.name),
                                  known.name if known else mention.name, country, level, mention.title)

    def placed(self, title: str | None) -> tuple[str | None, Level, bool]:
        """`place_title` of a title, and whether the title itself names the country (not only
        US title style); worked out once per title, as titles repeat."""
        known = self._titles.get(title)
        if known is None:  # each file's resolver starts empty: the lexicon's memo serves them all
            known = self._titles[title] = remembered(self.lex.memo, "resolve.placed", (title, tuple(self.parties)),
                                                     lambda: self._place(title))
        return known

    def _place(self, title: str | None) -> tuple[str | None, Level, bool]:
        """`placed`, worked out."""
        country, level = place_title(title, self.lex, self.parties)
        return country, level, country is not None and (not self.parties or place_title(title, self.lex)[0] is not None)

    def held_by_other(self, mention: Mention, day: dt.date) -> bool:
        """True when a US registry actor held exactly this title on `day` and is not this
        person: an office has one holder at a time."""
        holders = [a for a in self.registry.actors if a.country == "US"
                   and (role := a.role_on(day)) is not None and role.title == mention.title]
        return bool(holders) and all(name_key(a.name) != name_key(mention.name) for a in holders)

    def by_family_name(self, word: str) -> list[Actor]:
        """The people found in full whose name starts or ends with `word`."""
        return list(self._named_alone(fold(word)))

    def _named_alone(self, folded: str) -> tuple[Actor, ...]:
        """`by_family_name` of a word already folded."""
        if self._by_word is None:  # built once after learning, not once per mention
            by_word: dict[str, dict[str, Actor]] = {}
            for a in self.found.values():
                for token in _family_words(a.name):
                    by_word.setdefault(token, {})[a.id] = a
            self._by_word = {token: tuple(people.values()) for token, people in by_word.items()}
        return self._by_word.get(folded, ())

    def candidates(self, mention: Mention, day: dt.date) -> list[Actor]:
        """Every actor a mention may name; one means it is resolved, several that it is ambiguous.

        A name of one word is the family (or given) name of registry actors and of people
        named in full in this chronology: those in office that day and those found here
        are the candidates; registry actors out of office count only when nobody else fits.
        Worked out once per name, when no post the registry dates can change them (most names:
        people found in this chronology, or one registry actor's whole name).
        """
        key = (mention.name, mention.titled)
        kept = self._memo.get(key, UNKNOWN)  # looked up here, not by `remembered`: once per mention of each entry
        if kept is UNKNOWN:
            kept = keep(self._memo, key, self._undated(mention, day))
        return self.candidates_on(mention, day) if kept is None else list(kept)

    def _undated(self, mention: Mention, day: dt.date) -> tuple[Actor, ...] | None:
        """`candidates_on` of a name when no post the registry dates can change it, else None."""
        listed = self.listed(mention.name)
        if listed.whole is not None:  # one registry actor's whole name: that actor, whoever was learnt
            return listed.whole
        return None if listed.dated else self._shared(mention, day, listed)

    def _shared(self, mention: Mention, day: dt.date, listed: _Listed) -> tuple[Actor, ...]:
        """`candidates_on` of a name no dated post changes (`listed`: the name's), kept in the
        registry's memo for every chronology read with it: an archive's files name the same people
        over and over, and each file's resolver starts with an empty memo (three names in four of
        a file's are new to it). The answer depends on the registry, the name,
        whether it is titled, and only those of the people learnt (`found`) that `candidates_on`
        reads (`_learnt_for`): they are in the key, by identity (`_learnt` makes one object per
        person, so files that learnt the same person share the answer), and kept alive in the
        answer so that no other object can take their identity while it is kept."""
        learnt = self._learnt_for(listed)
        key = (mention.name, mention.titled, *map(id, learnt))
        table = memo_table(self.registry.memo, "resolve.candidates")
        known = table.get(key)  # looked up here, not by `remembered`: the function it needs made for each
        if known is None:
            known = keep(table, key, (learnt, tuple(self.candidates_on(mention, day))))
        answer: tuple[Actor, ...] = known[1]
        return answer

    def _learnt_for(self, listed: _Listed) -> tuple[Actor | None, ...]:
        """The people learnt in this chronology whom `candidates_on` reads for a name (`listed`: the
        name's): the one learnt under the whole name, and for a name of one word those found in full
        whose name starts or ends with it (`by_family_name`), in their order."""
        whole = self.found.get(listed.key)
        return (whole,) if listed.folded is None else (whole, *self._named_alone(listed.folded))

    def candidates_on(self, mention: Mention, day: dt.date) -> list[Actor]:
        """`candidates`, worked out for `day`."""
        if len(mention.name.split()) > 1:
            known = self.registry_match(mention, day)
            # a full name written without its title ("Kamikawa, Wang Yi and ...") is the
            # person titled elsewhere in the chronology
            return [a for a in (known or self.found.get(name_key(mention.name)),) if a]
        names = self.listed(mention.name)
        if len(names.exact) == 1:
            return list(names.exact)
        pool = [a for a in names.by_word if a.role_on(day)] + self.by_family_name(mention.name)
        pool = list({a.id: a for a in pool}.values()) or list(names.by_word)
        if not pool and mention.titled and name_key(mention.name) in self.found:
            return [self.found[name_key(mention.name)]]
        return pool


    def learn_all(self, days: Sequence[dt.date], mentions: Sequence[Sequence[Mention]]) -> None:
        """Learn every titled person of the chronology whom the registry does not know (the
        first pass: a family name alone may then find them anywhere in the chronology)."""
        self.learn_titled((day, m) for day, entry in zip(days, mentions, strict=True) for m in entry if m.titled)

    def learn_titled(self, titled: Iterable[tuple[dt.date, Mention]]) -> None:
        """`learn_all` given only the titled mentions, in order, with their entries' days."""
        for day, m in titled:
            if not self.registry_match(m, day):
                self.learn(m, day)

    def cast(self, day: dt.date, entry: Sequence[Mention],
             ) -> tuple[list[EventActor], list[tuple[str, tuple[str, ...]]], list[Actor]]:
        """The actors of one entry (after `learn_all`), the names it leaves out because they
        could be several people (with those people's names), and the actors themselves."""
        cast: dict[str, EventActor] = {}
        unsure, actors = [], []
        for m in entry:
            options = self.candidates(m, day)
            if len(options) > 1:
                unsure.append((m.name, tuple(a.name for a in options)))
            actor = options[0] if len(options) == 1 else None
            if actor and actor.id not in cast:
                learnt = name_key(actor.name) in self.found
                cast[actor.id] = event_actor(actor, m, day, learnt=learnt)
                actors.append(actor)
        return list(cast.values()), unsure, actors

def event_actor(actor: Actor, mention: Mention, day: dt.date, *, learnt: bool) -> EventActor:
    """The actor as they took part on `day`: the registry's post held that day, or, for a
    person the registry does not know, the title this entry gives them."""
    role = _role_on(actor, day)
    title = (mention.title or (role.title if role else None)) if learnt else (
        role.title if role else mention.title)
    level = role.level if role and role.level else actor.level
    return _event_actor(actor.id, actor.name, actor.country, title, level)


_DATED: Any = object()  # an actor whose posts have dates: the day says which is held
# each actor met, by id: the actor (kept alive, so that no other takes its id while it is kept)
# and the post it holds every day, or `_DATED`
_POSTS: dict[int, tuple[Actor, Any]] = {}


def _role_on(actor: Actor, day: dt.date) -> Role | None:
    """`actor.role_on(day)`, read once per actor whose posts have no dates (three in four actors
    of events: the people learnt, and most of the registry's): such an actor holds the same post,
    or none, every day. `role_on` makes a list of each post's `held_on` (~1.4 us a call)."""
    known = _POSTS.get(id(actor))
    if known is None or known[0] is not actor:
        dated = any(role.from_ is not None or role.to is not None for role in actor.roles)
        known = keep(_POSTS, id(actor), (actor, _DATED if dated else actor.role_on(day)))
    post: Role | None = actor.role_on(day) if known[1] is _DATED else known[1]
    return post


@functools.lru_cache(maxsize=1 << 14)
def _family_words(name: str) -> tuple[str, ...]:
    """The words, folded, by which a person found in full may be named alone (`name_tokens`); none
    for a name of one word. Worked out once per name: each file of an archive learns the same people."""
    return tuple(fold(token) for token in name_tokens(name)) if len(name.split()) > 1 else ()


@functools.lru_cache(maxsize=1 << 14)
def _learnt(id_: str, name: str, country: str | None, level: Level, title: str | None) -> Actor:
    """A person learnt from a title, built once per distinct value (frozen: an archive's files
    learn the same people over and over, and validating the models was most of learning them)."""
    roles = (Role(title=title, level=level),) if title else ()
    return Actor(id=id_, name=name, country=country, level=level, roles=roles)


@functools.lru_cache(maxsize=1 << 14)
def _event_actor(id_: str, name: str, country: str | None, role: str | None, level: Level) -> EventActor:
    """An EventActor, built once per distinct value (it is frozen; the same people take part in
    event after event, and validating the model is most of the cost of resolving them)."""
    return EventActor(id=id_, name=name, country=country, role=role, level=level)


def resolve(days: list[dt.date], mentions: list[list[Mention]], registry: Registry,
            lex: Lexicon, parties: Sequence[str] = (),
            ambiguous: list[tuple[int, str, tuple[str, ...]]] | None = None,
            ) -> tuple[list[list[EventActor]], list[Actor]]:
    """Actors of each entry, and every actor of the chronology, in order of appearance.

    A name that could be several actors is left out, and noted in `ambiguous` as
    (entry index, name, the actors' names) when a list is given.
    """
    resolver = Resolver(registry, lex, parties)
    resolver.learn_all(days, mentions)
    per_entry: list[list[EventActor]] = []
    seen: dict[str, Actor] = {}
    for index, (day, entry) in enumerate(zip(days, mentions, strict=True)):
        cast, unsure, actors = resolver.cast(day, entry)
        per_entry.append(cast)
        for actor in actors:
            seen.setdefault(actor.id, actor)
        if ambiguous is not None:
            ambiguous += [(index, name, names) for name, names in unsure]
    return per_entry, list(seen.values())
