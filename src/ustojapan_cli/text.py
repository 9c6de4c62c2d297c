"""Small text helpers shared by the parser, the query layer and the renderers."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2015": "-", "\u2212": "-"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def squash(text: str) -> str:
    """Collapse every run of white space (no-break, thin, ideographic, line breaks...) to one
    space; trim. `str.split` knows white space as the regex `\\s+` does, four times sooner (a
    scan squashes every entry); tests/test_properties.py holds it to the regex."""
    return " ".join(text.split())


def plain(text: str) -> str:
    """Text for matching: spaces squashed, dashes as hyphens, curly quotes straight."""
    return squash(text).translate(_DASHES).translate(_QUOTES)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Kamikawa Yōko" and "kamikawa yoko" fold alike.

    Memoised: the parser folds the same few hundred names hundreds of thousands of times in a
    large archive (2.4x faster parsing at 2,000 entries, bench/parse_speed.py).
    """
    if text.isascii():  # the same, much sooner: nothing to decompose, no dash or quote to replace
        return squash(text).casefold()
    decomposed = unicodedata.normalize("NFKD", plain(text))
    if decomposed.isascii():  # curly quotes and dashes only, now straight: no accent to drop
        return decomposed.casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _IsoDays(dict[dt.date, str]):
    """Days' ISO forms, each made once (at most `MOST` kept; then emptied and made again)."""

    MOST = 1 << 12

    def __missing__(self, day: dt.date) -> str:
        if len(self) >= self.MOST:
            self.clear()
        iso = self[day] = day.isoformat()
        return iso


# A day's ISO form ("2023-11-14"), remembered: `date.isoformat` formats with `PyUnicode_FromFormat`
# (several times a dictionary lookup), and the parser and the store write each entry's days, three
# or four times an entry. A dict's own lookup, not an lru_cache, which wraps a date (not a str or
# an int) in a tuple to key it: ~1.5k -> ~0.2k instructions a day looked up again.
iso_day = _IsoDays().__getitem__


@functools.lru_cache(maxsize=1 << 14)
def slug(text: str) -> str:
    """A lowercase, hyphenated key for ids: "Park Jin" -> "park-jin". Memoised: each file of an
    archive learns the same people again, and each learnt person gets an id."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@functools.lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """A person's name as a key that ignores case, accents and the order of the names
    ("Ishiba Shigeru" and "Shigeru Ishiba" are one person). Memoised, as `fold`."""
    return " ".join(sorted(fold(name).split()))

# Control characters (C0, C1: escape sequences start with one), invisible formatting and
# bidirectional overrides, line and paragraph separators, BOMs, non-characters, surrogates.
# Compiled on first use (about 1 ms): a run that prints no message from the data needs none.
_INVISIBLE = (r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
              r"\ufffe\uffff\ud800-\udfff]")


@functools.cache
def _invisible() -> re.Pattern[str]:
    return re.compile(_INVISIBLE)


def visible(text: str) -> str:
    """`text` safe for a terminal, on one line: invisible and control characters as \\xNN or \\uNNNN."""
    return _invisible().sub(_escape_char, text)


def visible_lines(text: str) -> str:
    """Like `visible`, but line breaks ("\\n") are kept as line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
