"""Cheap tests that a regex cannot match: the words any match must contain, read from the regex.

A rule tried on every entry ("is this a signing?") mostly does not match, and a regex search
costs microseconds where `"sign" in text` costs nanoseconds. `needles(pattern)` reads the
pattern's own syntax tree for strings one of which every match contains, so the test can never
fall out of step with the rule. `lowered(text)` is the text the needles are looked for in:

    Sieve(PATTERN).search(text)  # PATTERN.search(text), unless no needle is in lowered(text)

gives what `PATTERN.search(text)` gives, only faster when the answer is no. Rules tried on the
same text share one `Scan` of it for all their needles, cheaper than an `in` test of each.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Set
from typing import Any

from .lexicon import keep

with warnings.catch_warnings():  # the parser of `re`, under its old public name
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as _op
    import sre_parse

Needles = frozenset[str] | None  # None: nothing found that every match must contain

# The characters beyond ASCII that an ASCII letter matches when case is ignored, and that
# letter: "ſ" matches "s" under re.IGNORECASE, though "ſ".lower() is "ſ". Checked against
# every character by the tests.
CASE_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_TWINS = str.maketrans(CASE_TWINS)


def lowered(text: str) -> str:
    """`text` with every character that matches an ASCII letter (in any case) as that letter in
    lowercase: whatever a needle's regex matches in `text`, the needle is in `lowered(text)`."""
    if text.isascii() or not any(twin in text for twin in CASE_TWINS):  # translate is slow: 90 ms a MB
        return text.lower()
    return text.translate(_TWINS).lower()


class Sieve:
    """A regex that is searched only in text holding one of its needles, and tried only where
    one of its heads (the strings every match starts with) is.

    A regex that heeds case has needles in its own case too ("EAS", not the "eas" of "overseas"),
    looked for in the text itself once the lowered ones are found.
    """

    __slots__ = ("_at", "_cased", "_every_cased", "_first", "_heads_of", "needles", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        cased = None if _ignores_case(pattern) else needles(pattern, fold=False)
        # lowered needle -> the needles in the regex's case that lower to it
        self._cased: dict[str, tuple[str, ...]] | None = None
        if cased is None:
            self.needles = needles(pattern)
        else:
            self._cased = {}
            for needle in sorted(cased):
                self._cased[needle.lower()] = (*self._cased.get(needle.lower(), ()), needle)
            self.needles = frozenset(self._cased)
        self._every_cased = () if self._cased is None else tuple(n for cased in self._cased.values() for n in cased)
        starts = heads(pattern)
        # the first place a head is: no match starts before it ("|" finds the leftmost of them)
        self._first = None if starts is None else re.compile(_either(starts))
        self._at = None if starts is None else _finder(pattern, starts)
        self._heads_of = _heads_by_needle(self.needles, starts)

    def search(self, text: str, low: str | None = None, found: Set[str] | None = None) -> re.Match[str] | None:
        """`pattern.search(text)`; `low` is `lowered(text)`, when the caller has it already, and
        `found` the needles in it by a `Scan` made with this sieve.

        The search starts at the first head, not at the start of the text: a rule that starts
        with a word boundary ("meets?|met|..." as whole words) is tried at every offset before
        it, while its heads, a plain alternation of strings, are found by a scan much sooner.
        With `found`, the first head is found by `str.find` of the heads holding a needle found
        (the alternation is tried at every offset: 2 to 10 us a text).
        """
        if self.needles is not None and found is not None:
            held = self.needles & found
            if not held:
                return None
            if self._cased is not None and not self._cased_in(text, held):
                return None
            if self._heads_of is not None:
                first = self._first_head(lowered(text) if low is None else low, held)
                return None if first < 0 else self.pattern.search(text, first)
        elif self._cased is not None:
            for needle in self._every_cased:  # a loop, not any(): a generator is a call
                if needle in text:
                    break
            else:
                return None
        elif self.needles is not None:
            low = lowered(text) if low is None else low
            for needle in self.needles:  # a loop, not any(): this runs a million times a parse
                if needle in low:
                    break
            else:
                return None
        if self._first is None:
            return self.pattern.search(text)
        head = self._first.search(lowered(text) if low is None else low)
        return None if head is None else self.pattern.search(text, head.start())

    def _cased_in(self, text: str, held: Set[str]) -> bool:
        """Whether `text` holds a needle in the regex's case of those that lower to `held`."""
        assert self._cased is not None
        for needle in held:
            for cased in self._cased[needle]:
                if cased in text:
                    return True
        return False

    def _first_head(self, low: str, held: Set[str]) -> int:
        """Where in `low` the first head is (-1: none), from the needles `held` in it: every head
        holds a needle, so a head in `low` is one of those holding a needle found."""
        assert self._heads_of is not None
        first = -1
        for needle in held:
            for head in self._heads_of[needle]:
                at = low.find(head)
                if at >= 0 and (first < 0 or at < first):
                    first = at
        return first

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None,
                 low: str | None = None) -> Iterator[re.Match[str]]:
        """The matches of `pattern.finditer(text, pos, endpos)`, the regex tried only where a head
        is, from the first (`pattern.match` sees the text before `pos`, as a search does); `low` is
        `lowered(text)`."""
        endpos = len(text) if endpos is None else endpos
        if self._at is None or self._first is None:
            yield from self.pattern.finditer(text, pos, endpos)
            return
        low = lowered(text) if low is None else low
        first = self._first.search(low, pos, endpos)  # sooner found than by `_at`, which may look ahead at each offset
        if first is None:
            return
        end = pos
        for head in self._at.finditer(low, first.start(), endpos):
            if head.start() >= end:
                m = self.pattern.match(text, head.start(), endpos)
                if m:  # not empty: it starts with a head
                    end = m.end()
                    yield m


class Scan:
    """The needles of several sieves, looked for in a lowered text all at once, word by word.

    A needle without a space lies inside one word of the text (a piece `str.split` gives), and one
    with spaces has its longest piece inside one. The pieces a word holds are worked out once per
    word and remembered (a text's words repeat, entry after entry), and a needle with spaces is
    looked for in the whole text only when its piece is in a word: ~2 us an entry for the kind
    rules' hundred needles, against 13 us for an `in` test of each. The words are looked up, and
    their pieces joined, by C loops (`map`, `frozenset.union`); what a set of pieces stands for,
    and the sieves a set of needles hopes for, are remembered too (a few sets come up again and
    again).
    """

    __slots__ = ("_always", "_blank", "_by_piece", "_hopefuls", "_needles_of", "_sieves_of", "_words")

    def __init__(self, sieves: Iterable[Sieve]) -> None:
        sieves = list(sieves)
        every = sorted({n for sieve in sieves if sieve.needles is not None for n in sieve.needles})
        self._sieves_of: dict[str, list[int]] = {n: [] for n in every}  # needle -> the sieves it is one of
        for i, sieve in enumerate(sieves):
            for needle in sieve.needles or ():
                self._sieves_of[needle].append(i)
        self._always = [i for i, sieve in enumerate(sieves) if sieve.needles is None]
        self._by_piece: dict[str, list[str]] = {}
        for needle in every:
            if needle.split():
                self._by_piece.setdefault(max(needle.split(), key=len), []).append(needle)
        self._blank = tuple(needle for needle in every if not needle.split())  # spaces only: in no word
        self._words: dict[str, frozenset[str]] = {}  # each word met: the pieces in it
        # a set of pieces: the needles that are one of them, and those to look for in the text
        self._needles_of: dict[frozenset[str], tuple[frozenset[str], tuple[str, ...]]] = {}
        self._hopefuls: dict[frozenset[str], tuple[int, ...]] = {}  # needles found -> `hopefuls`

    def found(self, low: str) -> frozenset[str]:
        """The needles in `low` (a `lowered` text): for `Sieve.search(text, low, found)`."""
        words = self._words
        pieces: set[str] = set()
        for word in low.split():
            held = words.get(word)
            if held is None:
                held = self._learn(word)
            if held:  # most words hold none
                pieces |= held
        needles_of = self._needles_of.get(frozenset(pieces))
        if needles_of is None:
            needles_of = self._read(frozenset(pieces))
        whole, spaced = needles_of
        return whole.union([n for n in spaced if n in low]) if spaced else whole

    def hopefuls(self, found: frozenset[str]) -> tuple[int, ...]:
        """The positions (in the list the scan was made from) of the sieves that may match a text
        whose needles are `found`, in order: those with one of them, and those with no needles.
        Rules tried in turn until one matches are then tried only where they can."""
        hopefuls = self._hopefuls.get(found)
        if hopefuls is None:
            hopefuls = keep(self._hopefuls, found, tuple(sorted({
                *self._always, *(i for needle in found for i in self._sieves_of[needle])})), _MOST_WORDS)
        return hopefuls

    def _learn(self, word: str) -> frozenset[str]:
        """The pieces in `word`, remembered."""
        held = self._words.get(word)
        if held is None:
            held = keep(self._words, word, frozenset(piece for piece in self._by_piece if piece in word), _MOST_WORDS)
        return held

    def _read(self, pieces: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
        """The needles that are one of `pieces`, and those with spaces to look for in the text
        (their piece is one of `pieces`, or they are spaces only), remembered."""
        needles = [n for piece in sorted(pieces) for n in self._by_piece[piece]]
        read = (frozenset(n for n in needles if n in pieces),
                (*(n for n in needles if n not in pieces), *self._blank))
        return keep(self._needles_of, pieces, read, _MOST_WORDS)


_MOST_WORDS = 1 << 16  # words a `Scan` remembers before it forgets them all (a few MB at most)


def _finder(pattern: re.Pattern[str], starts: frozenset[str]) -> re.Pattern[str]:
    """A regex for the places in lowered text where a match of `pattern` can start.

    Every place, even one inside another head ("n" ends "jan" and starts "nov"): unless the
    pattern starts at a word boundary and the heads are all letters and digits, as then one
    inside another cannot start a match.
    """
    tree: list[tuple[Any, Any]] = sre_parse.parse(pattern.pattern, pattern.flags).data
    bounded = bool(tree) and tree[0][0] is _op.AT and tree[0][1] is _op.AT_BOUNDARY
    if bounded and all(h.isascii() and h.isalnum() for h in starts):
        return re.compile(_either(starts))
    return re.compile(f"(?={_either(starts)})")


def _either(strings: frozenset[str]) -> str:
    """A regex of any of `strings` (literally)."""
    return f"(?:{'|'.join(map(re.escape, sorted(strings)))})"


def needles(pattern: re.Pattern[str], *, fold: bool = True) -> Needles:
    """Lowercase strings one of which every match of `pattern` contains (None when there are none).

    Read from literal ASCII characters only (in a regex that ignores case or not: lowered,
    either way), so a match's characters turn into a needle's by `lowered`. Without `fold`, the
    strings are as the regex spells them: a match of a regex that heeds case holds one as is.
    """
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # the parser is the standard library's own; should it change, no needles
        return None
    return _in_sequence(list(tree.data), fold)


# "(?i" opening a group, alone or among other flags: a part of the regex that ignores case
_INLINE_IGNORECASE = re.compile(r"\(\?[a-zA-Z-]*i")


def _ignores_case(pattern: re.Pattern[str]) -> bool:
    """Whether any of `pattern` may ignore case (a "(?-i:" is taken to, to be safe)."""
    return bool(pattern.flags & re.IGNORECASE) or _INLINE_IGNORECASE.search(pattern.pattern) is not None


def _heads_by_needle(found: Needles, starts: Needles) -> dict[str, tuple[str, ...]] | None:
    """Each needle and the heads holding it; None unless every head holds a needle (then a head
    in a text is among those of the needles in it)."""
    if found is None or starts is None or not all(any(n in h for n in found) for h in starts):
        return None
    return {n: tuple(sorted(h for h in starts if n in h)) for n in sorted(found)}


def heads(pattern: re.Pattern[str]) -> Needles:
    """Lowercase strings one of which every match of `pattern` starts with (None when unknown)."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    return _heads(list(tree.data))


_ZERO_WIDTH = (_op.AT, _op.ASSERT, _op.ASSERT_NOT)


def _heads(items: list[tuple[Any, Any]]) -> Needles:
    """The heads of a sequence: the spellings of its run of literal items after any zero-width
    ones ("Preferred citation"), else the heads of its first item."""
    run: set[str] = {""}
    rest = [(op, av) for op, av in items if op not in _ZERO_WIDTH or run != {""}]
    for op, av in rest:
        spelt = _spellings(op, av)
        if spelt is None or len(run) * len(spelt) > _MOST:
            break
        run = {a + b for a in run for b in spelt}
    if "" not in run:
        return frozenset(h for h in run if not any(g != h and h.startswith(g) for g in run))
    if run != {""} or not rest:
        return None
    op, av = rest[0]
    if op is _op.SUBPATTERN:
        return _heads(list(av[3]))
    return _union([_heads(list(b)) for b in av[1]]) if op is _op.BRANCH else None


_MOST = 64  # spellings of a run of literal text ("holds? a summit": 2) worth spelling out


def _in_sequence(items: list[tuple[Any, Any]], fold: bool = True) -> Needles:
    """The most telling needles of a sequence: each item, and each run of items that match
    one of a few strings, must match for the sequence to."""
    candidates: list[frozenset[str]] = []
    run: set[str] = {""}  # every spelling of the current run of literal items
    for op, av in [*items, (None, None)]:
        spelt = _spellings(op, av, fold)
        if spelt is not None and len(run) * len(spelt) <= _MOST:
            run = {a + b for a in run for b in spelt}
            continue
        if "" not in run:
            candidates.append(_shortest(run))
        run = set(spelt) if spelt is not None and len(spelt) <= _MOST else {""}
        found = _in_item(op, av, fold)
        if found is not None:
            candidates.append(found)
    if "" not in run:
        candidates.append(_shortest(run))
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _spellings(op: Any, av: Any, fold: bool = True) -> frozenset[str] | None:
    """Every string an item can match, lowered (with `fold`), when it is a few of ASCII only;
    else None."""
    if op is _op.LITERAL:
        return frozenset({_letter(av, fold)}) if av < 128 else None
    if op is _op.IN and all(o is _op.LITERAL and c < 128 for o, c in av):  # "[,;]", and "(?:a|b)" parsed
        return frozenset(_letter(c, fold) for _, c in av)
    if op is _op.SUBPATTERN:
        return _spelt(list(av[3]), fold)
    if op is _op.BRANCH:
        return _union([_spelt(list(b), fold) for b in av[1]])
    if op is _op.MAX_REPEAT and av[0] == 0 and av[1] == 1:
        once = _spelt(list(av[2]), fold)
        return None if once is None else once | {""}
    return None


def _letter(code: int, fold: bool) -> str:
    """The character of a literal, lowered with `fold`."""
    return chr(code).lower() if fold else chr(code)


def _spelt(items: list[tuple[Any, Any]], fold: bool = True) -> frozenset[str] | None:
    """Every string a sequence can match (see `_spellings`)."""
    out = {""}
    for op, av in items:
        spelt = _spellings(op, av, fold)
        if spelt is None or len(out) * len(spelt) > _MOST:
            return None
        out = {a + b for a in out for b in spelt}
    return frozenset(out)


def _in_item(op: Any, av: Any, fold: bool = True) -> Needles:
    """The needles of one item of a sequence."""
    if op is _op.BRANCH:
        found = _union([_in_sequence(list(b), fold) for b in av[1]])
        return None if found is None else _shortest(found)
    if op is _op.SUBPATTERN:
        return _in_sequence(list(av[3]), fold)
    if op in (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT):
        return _in_sequence(list(av[2]), fold) if av[0] >= 1 else None
    if op is _op.ATOMIC_GROUP:
        return _in_sequence(list(av), fold)
    if op is _op.ASSERT:  # what a look-ahead or look-behind needs is in the text too
        return _in_sequence(list(av[1]), fold)
    return None


def _union(branches: list[frozenset[str] | None]) -> frozenset[str] | None:
    """The strings of all branches of an alternation; None when one branch has none."""
    if any(b is None for b in branches):
        return None
    return frozenset(s for b in branches if b is not None for s in b)


def _shortest(found: set[str] | frozenset[str]) -> frozenset[str]:
    """The needles without those that contain another ("sign" is in every "signed")."""
    return frozenset(n for n in found if not any(m != n and m in n for m in found))
