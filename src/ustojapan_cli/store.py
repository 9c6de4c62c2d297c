"""The cache of parsed chronologies: one SQLite database per set of sources, in the user's cache directory.

The first query over a large archive parses every file; `Store.build` writes what it read
to a database keyed by the sources' content, and every later query opens it (`Store.open`)
and filters in SQL, turning only the events it returns back into models.

- Where: `$XDG_CACHE_HOME/usjp` (else `~/.cache/usjp`): `<key>.sqlite` stores and `files.sqlite`,
  which remembers each file's (size, mtime_ns) and hash, so unchanged files are not hashed again.
- Key: a hash of the package version, `PARSER_VERSION`, `SCHEMA_VERSION`, the bundled data files
  (names and bytes), and each source's resolved path and bytes. Any change gives another key,
  so a stale store is never read.
- Safety: a store is written to a temporary file and renamed into place whole, so a crash
  leaves no half store and two `usjp` at once at worst both build the same one; a store is
  never written again after the rename. `files.sqlite` is written in WAL mode with a timeout.
- Semantics: `select` returns exactly what `query.select` and `query.sort_events` give on the
  same events (tests/test_store.py compares them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .analysis import GroupBy, Table, bucket_label, ordered_keys, table_of, venue_key
from .errors import ParseError
from .export import COLUMNS, Grid, cells, event_json, row_json
from .query import Query, SortKey, venue_order, wanted_venue, word_patterns
from .text import fold

if TYPE_CHECKING:
    from hashlib import sha256

    from .chronology import Finished, Mapper, Reader
    from .models import Actor, Chronology, Event
    from .parallel import Result, Spread
    from .sources import Merger
else:
    try:  # CPython's own SHA-256, for the key: `import hashlib` loads OpenSSL, ~3 ms of every run
        from _sha256 import sha256
    except ImportError:
        try:
            from _sha2 import sha256  # its name from Python 3.12
        except ImportError:  # another Python
            from hashlib import sha256

PARSER_VERSION = "2"
"""Raise when the parser reads the same text differently: every store is then rebuilt."""

SCHEMA_VERSION = "6"
"""Raise when the tables below change: every store is then rebuilt."""

KEEP = 8
"""How many stores to keep; the least recently used ones beyond that are removed."""

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE chronology (seq INTEGER PRIMARY KEY, json TEXT NOT NULL, entries INTEGER NOT NULL);
CREATE TABLE actor (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE event (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL,
    format TEXT NOT NULL, kind TEXT NOT NULL, has_venue INTEGER NOT NULL, city_f TEXT, country TEXT,
    country_f TEXT, venue_key TEXT NOT NULL, sort_venue TEXT NOT NULL, line INTEGER NOT NULL,
    folded TEXT NOT NULL, json TEXT NOT NULL, row TEXT NOT NULL);
CREATE TABLE person (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL);
-- kept in the order of its events, whose rows it is read by: no index on event to build
CREATE TABLE event_actor (event INTEGER NOT NULL, actor_id TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (event, actor_id)) WITHOUT ROWID;
-- kept in the order of the codes, by which it is searched: no index to build once the events are
-- written (the one on (code, event) sorted 2.5 rows an event, 1.07G instructions at 100,000 events,
-- while the workers had nothing to do); its rows go in at one place for each country, a few
-- hundred at most, whose pages stay in SQLite's cache
CREATE TABLE event_country (code TEXT NOT NULL, event INTEGER NOT NULL, PRIMARY KEY (code, event)) WITHOUT ROWID;
-- kept as the rows go in, while the workers still read: a chronology's days come in order, so it
-- grows at its end, and costs 0.09G instructions less in all at 100,000 events than built at the
-- end, where only the main process works (0.28G less there). One on actors so kept took 0.44G
-- more out of the end at 100,000 events, but at 1,000,000 its rows went in all over an index
-- bigger than SQLite's cache (in one pair of runs: 8% more time, a third more system time)
CREATE INDEX event_start ON event (start);
"""
_INDEXES = """
CREATE INDEX event_format ON event (format);
CREATE INDEX event_kind ON event (kind);
-- none on city_f: the venue test is an OR over three columns, which SQLite answers by a scan
CREATE INDEX event_actor_id ON event_actor (actor_id, event);
"""
_SORT_COLUMNS = {SortKey.DATE: 'start || "end"', SortKey.KIND: "kind", SortKey.FORMAT: "format",
                 SortKey.VENUE: "sort_venue", SortKey.ID: "id"}
_TIME_COLUMN = "start"
_MAX_INTEGER = 2**63 - 1  # SQLite's largest INTEGER


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/usjp`, or `~/.cache/usjp` when that is unset or not absolute (XDG rules)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "usjp"


def source_files(sources: Iterable[Path]) -> list[Path]:
    """The chronology files of the sources (`files.source_files`: a directory stands for its
    `.txt` files, sorted), resolved."""
    from .files import expand

    for src in sources:
        if not Path(src).exists():
            raise ParseError("no such file or directory; check the path", str(src))
    return [resolved for _, resolved in expand(list(sources))]


# ---- the key: what the sources hold, checked cheaply by (size, mtime_ns) first ------------------
def _connect_files(directory: Path) -> sqlite3.Connection:
    directory.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(directory / "files.sqlite", timeout=30, isolation_level=None)
    _write_ahead(db)
    db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may only forget a hash
    db.execute("CREATE TABLE IF NOT EXISTS file (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
               "sha256 TEXT)")
    return db


def _write_ahead(db: sqlite3.Connection, tries: int = 300) -> None:
    """Put a new file index in WAL mode. Switching needs the file to itself, and SQLite does not
    wait for that (no busy timeout): two first runs at once see "database is locked", so the
    switch is tried again for up to ~3 s; once made, it stays with the file."""
    for attempt in range(tries):
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.01)


def _file_hash(path: Path) -> str:
    import hashlib  # OpenSSL's SHA-256, faster on large files; only for a file not hashed before

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(files: Sequence[Path], directory: Path) -> list[str]:
    """The sha256 of each file: remembered when its size and mtime are unchanged, else read."""
    db = _connect_files(directory)
    try:
        known = {(p, size, mtime): sha for p, size, mtime, sha in db.execute("SELECT * FROM file")}
        out, new = [], []
        for path in files:
            st = path.stat()
            sha = known.get((str(path), st.st_size, st.st_mtime_ns))
            if sha is None:
                sha = _file_hash(path)
                new.append((str(path), st.st_size, st.st_mtime_ns, sha))
            out.append(sha)
        if new:  # one transaction, one sync
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO file VALUES (?, ?, ?, ?)", new)
            db.execute("COMMIT")
        return out
    finally:
        db.close()


def sources_key(sources: Iterable[Path], directory: Path | None = None, *, also: Sequence[Path] = (),
                variant: str = "") -> str:
    """The key of a set of sources: version, parser version, bundled data, each path and its bytes.

    `also`: other files the reading depends on (an actor registry given by the user), keyed alike;
    `variant`: anything else that changes the reading (the encoding the files are read in).
    """
    from . import __version__
    from .resources import data_dir

    directory = directory or cache_dir()
    data = sorted(p.resolve() for p in data_dir().iterdir() if p.is_file())
    digest = sha256(f"usjp {__version__} parser {PARSER_VERSION} schema {SCHEMA_VERSION}\n"
                    f"variant {variant}\n".encode())
    groups = (("data", data), ("sources", source_files(sources)), ("also", source_files(also)))
    hashes = iter(file_hashes([p for _, paths in groups for p in paths], directory))
    for group, paths in groups:
        digest.update(f"[{group}]\n".encode())
        for path in paths:  # bundled data by name: the same data installed elsewhere is the same
            digest.update(f"{path.name if group == 'data' else path}\0{next(hashes)}\n".encode())
    return digest.hexdigest()[:32]


# ---- one store ---------------------------------------------------------------------------------
class StoreInfo(NamedTuple):
    """What `usjp cache info` shows of one store."""

    path: Path
    size: int
    events: int
    sources: list[str]
    created: str


class Store:
    """A read-only view of one built store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
        self.db.create_function("matches", 2, _matches, deterministic=True)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'max_span_days'").fetchone()
        self.max_span = dt.timedelta(days=int(row[0]) if row else 0)

    # -- opening and building --
    @classmethod
    def open(cls, sources: Sequence[Path], directory: Path | None = None, *,
             also: Sequence[Path] = (), variant: str = "", key: str | None = None) -> Store | None:
        """The store of these sources when one was built from their current content, else None
        (`key`: their `sources_key`, when the caller has it)."""
        directory = directory or cache_dir()
        path = directory / f"{key or sources_key(sources, directory, also=also, variant=variant)}.sqlite"
        if not path.is_file():
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used
        try:
            return cls(path)
        except sqlite3.Error:
            return None

    @classmethod
    def build(cls, sources: Sequence[Path], readers: Iterable[Reader | Finished],
              directory: Path | None = None, registry: Sequence[Actor] = (), *,
              also: Sequence[Path] = (), variant: str = "", key: str | None = None) -> Store:
        """Write the chronologies read from `sources` as their store (whole, or not at all).

        `readers`: one `chronology.Reader` (or `Finished`) per chronology, in order; each one's
        events are written as they come. `registry`: the actors a name may also mean (`Store.people`); the
        file it was read from, unless it is bundled data, belongs in `also`, so that a change to
        it gives another store. `key`: as `open`'s.
        """
        directory = directory or cache_dir()
        key = key or sources_key(sources, directory, also=also, variant=variant)
        import tempfile  # here: a query that finds its store does not pay for it

        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=directory)
        os.close(fd)
        try:
            _write(Path(tmp), readers, [str(p) for p in source_files(sources)], registry)
            final = directory / f"{key}.sqlite"
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _evict(directory, keep=KEEP)
        return cls(final)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the CLI needs besides events --
    def chronologies(self) -> list[Chronology]:
        """The chronologies' headings (title, period, citation...), without their events."""
        from .models import Chronology

        rows = self.db.execute("SELECT json FROM chronology ORDER BY seq")
        return [Chronology.model_validate_json(r[0]) for r in rows]

    def empty(self) -> list[str]:
        """The documents in which no dated entry was found (without building models)."""
        rows = self.db.execute("SELECT json_extract(json, '$.document') FROM chronology WHERE entries = 0 ORDER BY seq")
        return [r[0] for r in rows]

    def entries(self) -> list[int]:
        """How many entries each chronology has (before merging), in the order of `chronologies`."""
        return [r[0] for r in self.db.execute("SELECT entries FROM chronology ORDER BY seq")]

    def actors(self) -> list[Actor]:
        """Every actor of the chronologies, in order of appearance."""
        from .models import Actor

        return [Actor.model_validate_json(r[0]) for r in self.db.execute("SELECT json FROM actor ORDER BY rowid")]

    def people(self) -> list[Person]:
        """Whom an --actor name may mean, for `query.find_actor`: the chronologies' actors, then the
        registry's others (as `cli.build_query` lists them), without building models."""
        rows = self.db.execute("SELECT id, name, aliases FROM person ORDER BY seq")
        return [Person(i, n, tuple(json.loads(al))) for i, n, al in rows]

    def countries(self) -> set[str]:
        """Every government that takes part in some event."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT code FROM event_country")}

    def ids(self) -> list[str]:
        """Every event's id, in the sources' order."""
        return [r[0] for r in self.db.execute("SELECT id FROM event ORDER BY seq")]

    def by_id(self, event_id: str) -> Event:
        """The event with this id (a KeyError when there is none)."""
        row = self.db.execute("SELECT json FROM event WHERE id = ? ORDER BY seq LIMIT 1", (event_id,)).fetchone()
        if row is None:
            raise KeyError(event_id)
        return _events_of([row[0]])[0]

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM event").fetchone()[0])

    # -- queries --
    def select(self, query: Query, sort: SortKey | None = None, reverse: bool = False,
               limit: int | None = None) -> list[Event]:
        """`sort_events(select(events, query), sort, reverse)[:limit]`, done in SQL.

        Without `sort`, the events come in the sources' order (as `query.select` gives them).
        """
        return _events_of(self._column(query, "json", sort, reverse, limit))

    def rows(self, query: Query, sort: SortKey | None = None, reverse: bool = False,
             limit: int | None = None) -> Grid:
        """`Grid.of_events(self.select(...))` (CSV, TSV, grid JSON) without building models."""
        cells = self._column(query, "row", sort, reverse, limit)
        return Grid(COLUMNS, tuple(tuple(json.loads(c)) for c in cells))

    def records(self, query: Query, sort: SortKey | None = None, reverse: bool = False,
                limit: int | None = None) -> list[dict[str, Any]]:
        """`[e.model_dump(mode="json") for e in self.select(...)]` (JSON, JSON Lines) without models."""
        return [json.loads(c) for c in self._column(query, "json", sort, reverse, limit)]

    def _column(self, query: Query, column: str, sort: SortKey | None, reverse: bool,
                limit: int | None) -> list[str]:
        """One stored column of the matching events, in the order asked for."""
        where, params = _where(query, self.max_span)
        direction = "DESC" if reverse else "ASC"
        order = (f"{_SORT_COLUMNS[sort]} {direction}, start {direction}, line {direction}, seq"
                 if sort is not None else "seq")
        sql = f"SELECT {column} FROM event WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(min(limit, _MAX_INTEGER))  # more than SQLite counts to is every event, as [:limit]
        return [r[0] for r in self.db.execute(sql, params)]

    def count_matching(self, query: Query) -> int:
        """How many events match `query`."""
        where, params = _where(query, self.max_span)
        return int(self.db.execute(f"SELECT count(*) FROM event WHERE {where}", params).fetchone()[0])

    def count_by(self, query: Query, by: GroupBy, top: int | None = None) -> Table:
        """`analysis.count(select(events, query), by, top)` for one dimension, counted in SQL."""
        where, params = _where(query, self.max_span)
        matching = "1" if where == "1" else f"event IN (SELECT seq FROM event WHERE {where})"
        if by is GroupBy.ACTOR:
            sql = f"SELECT name, count(DISTINCT event) FROM event_actor WHERE {matching} GROUP BY name"
        elif by is GroupBy.COUNTRY:
            sql = f"SELECT code, count(DISTINCT event) FROM event_country WHERE {matching} GROUP BY code"
        else:
            column = {GroupBy.VENUE: "venue_key", GroupBy.FORMAT: "format", GroupBy.KIND: "kind"}.get(
                by, _TIME_COLUMN)
            sql = f"SELECT {column}, count(*) FROM event WHERE {where} GROUP BY {column} ORDER BY {column}"
        rows = self.db.execute(sql, params).fetchall()
        if not by.is_time:
            counts = dict(rows)
            return table_of(by, counts, ordered_keys(by, counts, None, top))
        counts = {}
        for day, n in rows:
            label = bucket_label(dt.date.fromisoformat(day), by)
            counts[label] = counts.get(label, 0) + n
        span = (dt.date.fromisoformat(rows[0][0]), dt.date.fromisoformat(rows[-1][0])) if rows else None
        return table_of(by, counts, ordered_keys(by, counts, span, top))


def _events_of(rows: list[str]) -> list[Event]:
    """Events from their JSON, validated in one call, the collector paused (many objects, no garbage)."""
    if not rows:
        return []
    from pydantic import TypeAdapter

    from .models import Event
    from .progress import bulk

    with bulk():
        return TypeAdapter(list[Event]).validate_json("[" + ",".join(rows) + "]")


class Person(NamedTuple):
    """What `query.find_actor` reads of an actor."""

    id: str
    name: str
    aliases: tuple[str, ...]


def _matches(pattern: str, text: str) -> bool:
    """SQL `matches(pattern, text)`: the test `query.select` makes, with the same flags."""
    return _compiled(pattern).search(text) is not None


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _where(query: Query, max_span: dt.timedelta) -> tuple[str, list[Any]]:
    """The SQL condition (on table `event`) equal to `query.select`'s tests, and its parameters.

    `max_span`: the longest event's end minus start, so that "ends on or after `first`" can
    also be said as "starts on or after `first - max_span`", which the index on start serves.
    """
    first, last = query.window()
    parts, params = ["1"], []  # type: tuple[list[str], list[Any]]
    for actor in query.actors:
        parts.append("seq IN (SELECT event FROM event_actor WHERE actor_id = ?)")
        params.append(actor)
    for code in query.countries:
        parts.append("seq IN (SELECT event FROM event_country WHERE code = ?)")
        params.append(code)
    for column, values in (("format", query.formats), ("kind", query.kinds)):
        if values:
            parts.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += [v.value for v in values]
    if first:
        parts.append('"end" >= ? AND start >= ?')
        params += [first.isoformat(), (first - max_span).isoformat()]
    if last:
        parts.append("start <= ?")
        params.append(last.isoformat())
    venue = wanted_venue(query)
    if venue:
        codes = _countries_named(venue)
        parts.append(f"has_venue AND (city_f = ? OR country_f = ? OR country IN ({', '.join('?' * len(codes))}))")
        params += [venue, venue, *codes]
    for word, pattern in zip(query.words, word_patterns(query), strict=True):
        folded = fold(word)
        if folded.isascii():  # a cheap necessary condition: the folded text holds the folded word
            # (ignoring case, "i" also matches the dotless "ı", which folding keeps)
            parts.append("instr(replace(folded, 'ı', 'i'), ?) > 0" if "i" in folded else "instr(folded, ?) > 0")
            params.append(folded)
        parts.append("matches(?, folded)")
        params.append(pattern.pattern)
    return " AND ".join(parts), params


def _countries_named(folded: str) -> list[str]:
    """The codes of the countries one of whose names or adjectives folds to `folded`."""
    from .lexicon import lexicon

    return sorted({code for name, code in lexicon().country_of.items() if fold(name) == folded})


# ---- writing -----------------------------------------------------------------------------------
def _write(path: Path, readers: Iterable[Reader | Finished], sources: list[str], registry: Sequence[Actor]) -> None:
    """Fill a new database file with the chronologies, their events (merged as `sources.merge`
    merges them, a batch at a time) and their actors."""
    from .sources import Merger

    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(_SCHEMA)
        db.execute("BEGIN")
        merger, span = Merger(), 0
        for n, reader in enumerate(readers):
            span = max(span, _write_events(db, reader, merger))
            merger.meet_named(*reader.people())
            db.execute("INSERT INTO chronology VALUES (?, ?, ?)", (n, reader.heading_json(), len(reader)))
        db.executemany("INSERT OR IGNORE INTO actor VALUES (?, ?)",
                       ((a.id, a.model_dump_json(by_alias=True)) for a in merger.people.values()))
        ids = {a.id for a in merger.people.values()}
        people = [*merger.people.values(), *(a for a in registry if a.id not in ids)]
        db.executemany("INSERT INTO person (id, name, aliases) VALUES (?, ?, ?)",
                       ((a.id, a.name, json.dumps(a.aliases, ensure_ascii=False)) for a in people))
        db.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("sources", json.dumps(sources, ensure_ascii=False)),
            ("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
            ("parser_version", PARSER_VERSION)])
        db.execute("INSERT INTO meta VALUES ('max_span_days', ?)", (str(span),))
        db.execute("COMMIT")
        db.executescript(_INDEXES + "ANALYZE;")
    finally:
        db.close()


class Record(NamedTuple):
    """An event as the store writes it (made where the parser's batch runs), and what merging reads."""

    columns: tuple[Any, ...]  # the event table's, after seq (the first day's ISO form is `columns[1]`)
    actors: tuple[tuple[str, str], ...]  # id and name
    countries: tuple[str, ...]
    document: str

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[type[Record], tuple[Any, ...]]]:
        # unpickled by tuple.__new__ (in C), not by a NamedTuple's own __new__ (in Python): a
        # worker's records, thousands a batch, are unpickled by the main process
        return tuple.__new__, (Record, tuple(self))

    @property
    def json(self) -> str:
        """The event's JSON (the `json` column)."""
        return str(self.columns[13])

    @property
    def row(self) -> str:
        """The event's flat row, as JSON (the `row` column)."""
        return str(self.columns[14])

    def event(self) -> Event:
        from .models import Event

        return Event.model_validate_json(self.json)


def record(e: Event) -> Record:
    """The store's record of an event (one merged or changed as the store is written): its JSON
    by the model's serializer, which writes a model in less time than `event_json` its fields."""
    return _record(e.__dict__, e.__pydantic_serializer__.to_json(e).decode())  # e.model_dump_json(), less its wrapper


def record_of(fields: dict[str, Any]) -> Record:
    """The store's record of the event `fields` make (`chronology.as_event`): what `Reader.events`
    makes of every entry for the store, so no model is made (a query validates what it reads)."""
    return _record(fields, event_json(fields))


def _record(fields: dict[str, Any], as_json: str) -> Record:
    """The record of an event's fields (the model's `__dict__`, or what it is made of) and its JSON.
    Made for every event read, so each value is made once: the flat row's cells are also the id,
    date, format, kind and text columns."""
    row, venue, source = cells(fields), fields["venue"], fields["source"]
    place = (fold(venue.city or ""), venue.country, fold(venue.country or "")) if venue else (None, None, None)
    columns = (*row[:3], row[4], row[3], venue is not None, *place,
               venue_key(venue), venue_order(venue), source.line, fold(row[9]), as_json, row_json(row))
    actors = tuple([(a.id, a.name) for a in fields["actors"]])
    # built as `__reduce__` builds it: a NamedTuple's own __new__ is a Python call
    return tuple.__new__(Record, (columns, actors, fields["countries"], source.document))


FLUSH = 2000  # events held before they are written
WHOLE = 256 << 10  # bytes: a smaller file is read whole by one worker, a bigger one in batches by all


def _write_events(db: sqlite3.Connection, reader: Reader | Finished, merger: Merger) -> int:
    """Write one chronology's events as the reader makes them, merged with those before; the most
    days one of them spans (`_insert`)."""
    from .sources import also_reported, with_people

    written = merger.kept  # seq of the first event not written yet
    held: list[Record] = []
    taken: set[int] = set()
    span = 0
    for rec in reader.events(record_of):
        people = merger.same_people(rec.actors)
        if tuple(people) != rec.actors:  # a person first read in an earlier chronology (rare)
            rec = record(with_people(rec.event(), people))
        at, eid = merger.place(rec.columns[1], [name for _, name in rec.actors], rec.countries, rec.document,
                               rec.columns[0], taken)
        if at is None:
            held.append(rec if eid == rec.columns[0] else record(rec.event().model_copy(update={"id": eid})))
        elif at >= written:  # kept from this chronology, not written yet
            held[at - written] = record(also_reported(held[at - written].event(), rec.event()))
        else:
            _add_sources(db, at, rec.event())
        if len(held) >= FLUSH:
            span = max(span, _insert(db, written, held))
            written, held = written + len(held), []
    return max(span, _insert(db, written, held))


def _insert(db: sqlite3.Connection, first: int, records: list[Record]) -> int:
    """Write events numbered from `first`, with their actors and governments; return the most days
    one of them spans from its start to its end (the store's `max_span_days`: worked out here, as
    the events pass, not by a scan of the whole event table once all are written, 90-130 ms at
    100,000 events while the workers have nothing left to do)."""
    _insert_rows(db, "INSERT INTO event", 16, [(first + i, *r.columns) for i, r in enumerate(records)])
    _insert_rows(db, "INSERT OR IGNORE INTO event_actor", 3,  # two readings merged: one row
                 [(first + i, aid, name) for i, r in enumerate(records) for aid, name in r.actors])
    _insert_rows(db, "INSERT OR IGNORE INTO event_country", 2,
                 [(c, first + i) for i, r in enumerate(records) for c in r.countries])
    return max((_days(r.columns[1], r.columns[2]) for r in records if r.columns[1] != r.columns[2]), default=0)


_ROWS_A_STATEMENT = 64  # more gain nothing; SQLite before 3.32 takes at most 999 values a statement


def _insert_rows(db: sqlite3.Connection, insert: str, width: int, rows: list[tuple[Any, ...]]) -> None:
    """`insert` ("INSERT INTO table") of `rows` of `width` values, many rows a statement: SQLite
    runs a statement per row of `executemany`, binding, stepping and resetting it each time
    (~6.6k instructions a row of two values, before the row is written). 7.23G -> 5.83G
    instructions for the events of 100,000 entries, with their actors and governments. The rows
    left over go in statements of 32, 16, 8... rows, so that a table has a few statements, which
    `sqlite3` keeps prepared, not one more for each number of rows a small file leaves."""
    most, done = min(_ROWS_A_STATEMENT, 999 // width), 0
    one = "(" + ", ".join("?" * width) + ")"
    while done < len(rows):
        left = len(rows) - done
        size = most if left >= most else 1 << (left.bit_length() - 1)
        db.execute(f"{insert} VALUES {', '.join([one] * size)}", [*chain.from_iterable(rows[done:done + size])])
        done += size


def _days(start: str, end: str) -> int:
    """The days from one ISO date to another."""
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days


def _add_sources(db: sqlite3.Connection, seq: int, again: Event) -> None:
    """Add another chronology's report of it to an event already written."""
    from .models import Event
    from .sources import also_reported

    (stored,) = db.execute("SELECT json FROM event WHERE seq = ?", (seq,)).fetchone()
    rec = record(also_reported(Event.model_validate_json(stored), again))
    db.execute("UPDATE event SET json = ?, row = ? WHERE seq = ?", (rec.json, rec.row, seq))


# ---- the loading path: open, or read everything once and build ------------------------------
Read = Callable[[Path, "Mapper"], "Reader"]
"""A chronology file -> its reader, whose batches run on the mapper (a worker may call it)."""


def cached(sources: Sequence[Path], read: Read,
           directory: Path | None = None, registry: Callable[[], Sequence[Actor]] | None = None, *,
           also: Sequence[Path] = (), variant: str = "") -> Store:
    """The store of `sources`: opened when one was built from their current content, else built now.

    Building calls `read` on each file (a directory stands for its `.txt` files), writes each
    chronology's events as they come, merged with those before (so only a batch of events is
    held at a time), spreads the parser's batches over worker processes when the sources are
    large (`parallel.workers_for`), shows a progress bar on stderr when that takes a while on a
    terminal, and pauses the garbage collector meanwhile. `registry` gives the actors a name may also mean
    (the bundled registry when None), called only to build; `also`, `variant`: see `sources_key`.
    """
    try:
        return _cached(sources, read, directory, registry, also, variant)
    except (OSError, sqlite3.Error) as exc:  # the cache cannot be used: read into a private one
        import atexit
        import shutil
        import tempfile

        fallback = Path(tempfile.mkdtemp(prefix="usjp-cache-"))
        atexit.register(shutil.rmtree, fallback, True)
        sys.stderr.write(f"usjp: cannot use the cache in {directory or cache_dir()} ({exc}); "
                         "reading the sources without it\n")
        return _cached(sources, read, fallback, registry, also, variant)


def _cached(sources: Sequence[Path], read: Read, directory: Path | None,
            registry: Callable[[], Sequence[Actor]] | None, also: Sequence[Path], variant: str) -> Store:
    directory = directory or cache_dir()
    # worked out once: an archive's key lists and checks thousands of files
    key = sources_key(sources, directory, also=also, variant=variant)
    hit = Store.open(sources, directory, key=key)
    if hit is not None:
        return hit
    from .chronology import read_whole
    from .parallel import spread, workers_for
    from .progress import Progress, bulk

    files = source_files(sources)
    sizes = [p.stat().st_size for p in files]

    def readers(bar: Progress, on: Spread) -> Iterator[Reader | Finished]:
        """Each file's reader in order: a big file's batches spread over the workers, small files
        read whole by the workers, a few files ahead of the one being written."""
        ahead: dict[int, Result] = {}
        for i, (path, size) in enumerate(zip(files, sizes, strict=True)):
            window = range(i, min(i + 2 * on.workers + 1, len(files))) if on.workers else range(0)
            for j in window:
                if j not in ahead and sizes[j] < WHOLE:
                    ahead[j] = on.submit(read_whole, record_of, files[j])
            reader = ahead.pop(i).get() if i in ahead else read(path, on.imap)
            share = size // max(2 * len(reader), 1)  # bytes an entry stands for in each pass, roughly

            def advance(n: int, each: int = share) -> None:
                bar.advance(n * each)

            reader.on_batch = advance
            yield reader
            bar.advance(size - share * 2 * len(reader))  # the rest, once its events are written

    actors: Sequence[Actor]
    if registry is None:
        from .actors import load_registry

        actors = load_registry().actors
    else:
        actors = registry()
    from .lexicon import lexicon

    lexicon()  # built before the workers fork, so they start with it (and with the parser imported)
    # the pool before the bar: its workers are forked before the bar's thread starts
    with spread(workers_for(sum(sizes)), read) as on, Progress(sum(sizes), "usjp: reading", unit="B") as bar, bulk():
        return Store.build(sources, readers(bar, on), directory, actors, key=key)


# ---- the whole cache ---------------------------------------------------------------------------
def _stores(directory: Path) -> list[Path]:
    """The stores in the cache, most recently used first."""
    if not directory.is_dir():
        return []
    found = [p for p in directory.glob("*.sqlite") if p.name != "files.sqlite"]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _evict(directory: Path, keep: int) -> None:
    for old in _stores(directory)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def info(directory: Path | None = None) -> list[StoreInfo]:
    """Every store in the cache, most recently used first."""
    out = []
    for path in _stores(directory or cache_dir()):
        with contextlib.suppress(sqlite3.Error), contextlib.closing(Store(path)) as store:
            meta = dict(store.db.execute("SELECT key, value FROM meta").fetchall())
            out.append(StoreInfo(path, path.stat().st_size, len(store), json.loads(meta.get("sources", "[]")),
                                 meta.get("created", "")))
    return out


def sources_summary(sources: Sequence[str]) -> str:
    """The sources of a store in a few words: the file, a few files, or how many below which folder."""
    if len(sources) <= 3:
        return "; ".join(sources)
    return f"{len(sources)} files in {os.path.commonpath(sources)}"


def clear(directory: Path | None = None) -> tuple[int, int]:
    """Remove every store and the file index; (stores removed, bytes freed)."""
    directory = directory or cache_dir()
    removed, freed = 0, 0
    if not directory.is_dir():
        return removed, freed
    for path in _iter_cache_files(directory):
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            freed += size
            removed += path.suffix == ".sqlite" and path.name != "files.sqlite"
    return removed, freed


def _iter_cache_files(directory: Path) -> Iterator[Path]:
    for pattern in ("*.sqlite", "*.sqlite-wal", "*.sqlite-shm", ".*.tmp"):
        yield from directory.glob(pattern)
