"""The article's bibliographic record, read from its header and its "Preferred citation" line."""

from __future__ import annotations

import re

from .models import Frozen
from .text import slug, squash

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_PREFERRED = re.compile(
    r"Preferred citation:\s*(?P<author>[^,“\"]+),\s*[“\"](?P<title>.+?),?[”\"]\s*,?\s*"
    r"(?P<journal>[^,]+),\s*Vol\.\s*(?P<volume>\d+),\s*No\.\s*(?P<issue>\d+)"
    r"(?:,\s*pp\.?\s*(?P<pages>\d+\s*[-–]\s*\d+))?",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"Published\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\s+in\s+(?P<journal>[^·(\n]+?)\s*·\s*"
    r"Volume\s+(?P<volume>\d+),\s*Issue\s+(?P<issue>\d+)"
)
_BYLINE = re.compile(r"^By\s+(?P<author>.+)$", re.MULTILINE)
_RELATIONS = re.compile(r"^(?P<pair>.+?) Relations:\s*", re.IGNORECASE)


class Citation(Frozen):
    """Who wrote the article, where and when it appeared."""

    author: str | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    year: int | None = None
    month: int | None = None
    note: str | None = None  # where the article's own citation disagrees with its chronology

    def found(self) -> bool:
        """True when the text gave any of author, title or journal."""
        return any((self.author, self.title, self.journal))

    def plain(self) -> str:
        """The journal's own style: Author, “Title,” Journal, Vol. N, No. M, pp. a-b (Month Year)."""
        rest = [self.journal, f"Vol. {self.volume}" if self.volume else None,
                f"No. {self.issue}" if self.issue else None, f"pp. {self.pages}" if self.pages else None]
        head = f"{self.author or 'Anonymous'}, “{self.title},” " if self.title else f"{self.author}, "
        when = f" ({_MONTHS[self.month - 1].title()} {self.year})" if self.month and self.year else ""
        return head + ", ".join(p for p in rest if p) + when + "."

    def bibtex(self) -> str:
        """A BibTeX @article entry."""
        family = (self.author or "anonymous").split()[-1]
        key = slug(f"{family} {self.year or ''} {(self.title or '').split(':')[-1]}").replace("-", "")[:40]
        fields = {
            "author": _bibtex_name(self.author) if self.author else None,
            "title": f"{{{self.title}}}" if self.title else None,
            "journal": self.journal, "volume": self.volume, "number": self.issue,
            "pages": self.pages.replace("-", "--") if self.pages else None,
            "year": str(self.year) if self.year else None,
            "month": _MONTHS[self.month - 1][:3] if self.month else None,
        }
        lines = [f"  {name} = {value if name == 'month' else '{' + value + '}'}"
                 for name, value in fields.items() if value]
        return "@article{" + key + ",\n" + ",\n".join(lines) + "\n}\n"


def _bibtex_name(name: str) -> str:
    """"Brad Glosserman" -> "Glosserman, Brad"."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def read_citation(text: str, relationship: str | None = None) -> Citation:
    """The article's record: the "Preferred citation" line, completed from the header.

    When the citation's "X-Y Relations:" disagrees with the chronology's relationship,
    the chronology wins and `note` says so (the journal's pages sometimes carry another
    chapter's citation).
    """
    flat = squash(text.replace("\u00a0", " "))
    fields: dict[str, str | int | None] = {}
    pub = _PUBLISHED.search(flat)
    if pub:
        fields |= {"journal": pub["journal"].strip(), "volume": pub["volume"], "issue": pub["issue"],
                   "year": int(pub["year"]), "month": _month(pub["month"])}
    pref = _PREFERRED.search(flat)
    if pref:
        fields |= {"author": pref["author"].strip(), "title": pref["title"].strip().rstrip(","),
                   "journal": pref["journal"].strip(), "volume": pref["volume"], "issue": pref["issue"],
                   "pages": re.sub(r"\s*[-–]\s*", "-", pref["pages"]) if pref["pages"] else None}
    byline = _BYLINE.search(text)
    if byline and not fields.get("author"):
        fields["author"] = byline["author"].strip()
    return _agree(Citation(**fields), relationship)


def _agree(citation: Citation, relationship: str | None) -> Citation:
    """The citation with its "X-Y Relations:" prefix matching the chronology's pair."""
    m = _RELATIONS.match(citation.title or "")
    if not (m and relationship) or _pair(m["pair"]) == _pair(relationship):
        return citation
    pair = re.sub(r"\s*-\s*", "-", relationship)
    title = f"{pair} Relations: {(citation.title or '')[m.end():]}"
    note = f"the article's citation says {m['pair']!r} Relations; its chronology is of {relationship!r}"
    return citation.model_copy(update={"title": title, "note": note})


def _pair(text: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in re.split(r"\s*-\s*", text))


def _month(name: str) -> int | None:
    name = name.lower()
    return _MONTHS.index(name) + 1 if name in _MONTHS else None
