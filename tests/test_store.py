"""The SQLite store: the same answers as `query.select`/`sort_events`/`analysis.count`, keyed by content."""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES
from ustojapan_cli import Chronology, Event, Format, Kind, load, store
from ustojapan_cli.analysis import GroupBy, count
from ustojapan_cli.chronology import Mapper, Reader, open_reader
from ustojapan_cli.query import Query, SortKey, select, sort_events
from ustojapan_cli.resources import SEED_NAME, data_path
from ustojapan_cli.store import Store

SOURCES = [data_path(SEED_NAME), FIXTURES / "us-china-2014.txt"]


@pytest.fixture(scope="module")
def chronologies() -> list[Chronology]:
    return [load(p) for p in SOURCES]


@pytest.fixture(scope="module")
def events(chronologies: list[Chronology]) -> list[Event]:
    return [e for c in chronologies for e in c.events]


def readers(paths: list[Path]) -> list[Reader]:
    """A new reader of each file (a reader's events are read once)."""
    return [open_reader(p) for p in paths]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, chronologies: list[Chronology]) -> Store:
    return Store.build(SOURCES, readers(SOURCES), directory=tmp_path_factory.mktemp("cache"))


def queries(events: list[Event]) -> list[Query]:
    """Many queries: every actor, country, venue spelling, format, kind, window and some words."""
    actor_ids = sorted({a.id for e in events for a in e.actors})
    codes = sorted({c for e in events for c in e.countries})
    venues = sorted({v for e in events if e.venue for v in (e.venue.city, e.venue.country) if v})
    out = [Query()]
    out += [Query(actors=(a,)) for a in actor_ids]
    out += [Query(actors=pair) for pair in itertools.combinations(actor_ids[:8], 2)]
    out += [Query(countries=(c,)) for c in codes] + [Query(countries=("US", "KR")), Query(countries=("XX",))]
    out += [Query(venue=v) for v in venues]
    out += [Query(venue=v) for v in ("new york", "Japan", "japanese", "KOREA", "Washington", "Tōkyō", "", " ",
                                     "nowhere", "US", "United States")]
    out += [Query(formats=(f,)) for f in Format] + [Query(formats=(Format.BILATERAL, Format.QUAD))]
    out += [Query(kinds=(k,)) for k in Kind] + [Query(kinds=(Kind.CALL,), formats=(Format.TRILATERAL,))]
    out += [Query(since="2023-11"), Query(until="2023-09"), Query(on="Nov 2023"), Query(on="2014"),
            Query(since="2023-10-17", until="2023-10-17"), Query(since="2014-12-31", until="2015-01-01")]
    out += [Query(words=(w,)) for w in ("Osprey", "osprey", "meet", "eet", "Korea's", "Yōko", "ı", "US-Japan",
                                        "(", "", "kamikawa yoko", "Tokyo.")]
    out += [Query(words=("meet", "Tokyo")), Query(actors=(actor_ids[0],), since="2023-10", venue="Tokyo")]
    return out


def test_select_equals_query_select_for_many_queries(built: Store, events: list[Event]) -> None:
    for q in queries(events):
        assert built.select(q) == select(events, q), q
        assert built.count_matching(q) == len(select(events, q)), q


def test_sorted_and_limited_like_sort_events(built: Store, events: list[Event]) -> None:
    for q, key, reverse, limit in itertools.product(
            (Query(), Query(countries=("JP",)), Query(words=("meet",))), SortKey, (False, True), (None, 1, 7)):
        expected = sort_events(select(events, q), key, reverse)[:limit]
        assert built.select(q, key, reverse, limit) == expected, (q, key, reverse, limit)


@pytest.mark.parametrize("by", list(GroupBy))
def test_count_by_equals_analysis_count(built: Store, events: list[Event], by: GroupBy) -> None:
    for q, top in itertools.product((Query(), Query(countries=("KR",)), Query(actors=("nobody",))), (None, 0, 3)):
        assert built.count_by(q, by, top) == count(select(events, q), by, top), (q, by, top)


def test_headings_actors_and_countries_come_back(built: Store, chronologies: list[Chronology]) -> None:
    assert built.chronologies() == [c.model_copy(update={"events": ()}) for c in chronologies]
    every = {a.id: a for c in chronologies for a in c.actors}
    assert {a.id: a for a in built.actors()} == every
    assert built.countries() == {code for c in chronologies for e in c.events for code in e.countries}


def test_open_finds_the_store_until_a_source_changes(tmp_path: Path, chronologies: list[Chronology]) -> None:
    cache = tmp_path / "cache"
    source = tmp_path / "chronology.txt"
    source.write_bytes(SOURCES[0].read_bytes())
    assert Store.open([source], cache) is None
    Store.build([source], readers(SOURCES[:1]), cache).close()
    hit = Store.open([source], cache)
    assert hit is not None and len(hit) == len(chronologies[0].events)
    hit.close()
    os.utime(source, ns=(1, 1))  # touched, same bytes: rehashed, still a hit
    assert Store.open([source], cache) is not None
    source.write_bytes(SOURCES[0].read_bytes() + b"\nDec. 31, 2023: Kishida meets Biden in Tokyo.\n")
    assert Store.open([source], cache) is None


def test_a_directory_stands_for_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "b.txt").write_text("b")
    (folder / "a.txt").write_text("a")
    assert store.source_files([folder]) == [(folder / "a.txt").resolve(), (folder / "b.txt").resolve()]
    before = store.sources_key([folder], tmp_path / "cache")
    (folder / "c.txt").write_text("c")
    assert store.sources_key([folder], tmp_path / "cache") != before


def test_a_failed_build_leaves_nothing(tmp_path: Path, chronologies: list[Chronology]) -> None:
    def broken() -> list[Reader]:
        raise RuntimeError("parser crashed")

    with pytest.raises(RuntimeError):
        Store.build(SOURCES, (r for r in [*readers(SOURCES), *broken()]), tmp_path)
    assert Store.open(SOURCES, tmp_path) is None
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_concurrent_builds_leave_one_whole_store(tmp_path: Path, chronologies: list[Chronology]) -> None:
    errors: list[BaseException] = []

    def build() -> None:
        try:
            Store.build(SOURCES, readers(SOURCES), tmp_path).close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    opened = Store.open(SOURCES, tmp_path)
    assert opened is not None
    assert opened.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(opened) == sum(len(c.events) for c in chronologies)


def test_a_store_is_read_only(built: Store) -> None:
    with pytest.raises(sqlite3.OperationalError):
        built.db.execute("DELETE FROM event")


def test_info_and_clear(tmp_path: Path, chronologies: list[Chronology]) -> None:
    Store.build(SOURCES, readers(SOURCES), tmp_path).close()
    [one] = store.info(tmp_path)
    assert one.events == sum(len(c.events) for c in chronologies)
    assert one.sources == [str(p.resolve()) for p in SOURCES]
    removed, freed = store.clear(tmp_path)
    assert removed == 1 and freed > 0
    assert store.info(tmp_path) == [] and Store.open(SOURCES, tmp_path) is None


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.cache_dir() == tmp_path / "usjp"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as XDG says
    assert store.cache_dir() == Path.home() / ".cache" / "usjp"


def test_usjp_cache_info_and_clear(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   chronologies: list[Chronology]) -> None:
    from typer.testing import CliRunner

    from ustojapan_cli.cli import app

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    Store.build(SOURCES, readers(SOURCES), store.cache_dir()).close()
    runner = CliRunner()
    shown = runner.invoke(app, ["cache", "info"])
    assert shown.exit_code == 0
    assert "1 store(s)" in shown.stderr and f"{sum(len(c.events) for c in chronologies)} events" in shown.stdout
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1 store(s)" in cleared.stderr
    assert runner.invoke(app, ["cache", "info"]).stdout == ""


def test_cached_reads_once_then_reuses(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for p in SOURCES:
        (folder / p.name).write_bytes(p.read_bytes())
    reads: list[Path] = []

    def read(path: Path, mapper: Mapper) -> Reader:
        reads.append(path)
        return open_reader(path, mapper)

    first = store.cached([folder], read, tmp_path / "cache")
    assert sorted(p.name for p in reads) == sorted(p.name for p in SOURCES)
    again = store.cached([folder], read, tmp_path / "cache")
    assert len(reads) == 2 and len(again) == len(first) > 0
    assert again.select(Query(countries=("CN",))) == first.select(Query(countries=("CN",)))


def test_rows_and_records_equal_the_writers_view_of_select(built: Store, events: list[Event]) -> None:
    from ustojapan_cli.export import Grid

    for q in queries(events)[::3]:
        assert built.rows(q) == Grid.of_events(select(events, q)), q
        assert built.records(q) == [e.model_dump(mode="json") for e in select(events, q)], q
    for key, reverse in itertools.product(SortKey, (False, True)):
        assert built.rows(Query(), key, reverse, 9) == Grid.of_events(sort_events(events, key, reverse)[:9])


def test_people_resolve_names_as_the_cli_does(built: Store, chronologies: list[Chronology]) -> None:
    from ustojapan_cli.actors import load_registry
    from ustojapan_cli.errors import QueryError
    from ustojapan_cli.query import find_actor

    first = {a.id: a for c in chronologies for a in c.actors}
    people = [*first.values(), *(a for a in load_registry().actors if a.id not in first)]
    stored = built.people()
    assert [(p.id, p.name, p.aliases) for p in stored] == [(a.id, a.name, a.aliases) for a in people]
    names = {w for a in people for n in (a.name, *a.aliases) for w in (n, *n.split())} | {"Nobody", "kamikawa"}
    for name in sorted(names):
        try:
            expected: str | None = find_actor(name, people).id
        except QueryError:
            expected = None
        try:
            got: str | None = find_actor(name, stored).id
        except QueryError:
            got = None
        assert got == expected, name


def test_a_missing_source_is_a_parse_error(tmp_path: Path) -> None:
    from ustojapan_cli.errors import ParseError

    with pytest.raises(ParseError, match="no such file"):
        store.cached([tmp_path / "missing.txt"], open_reader, tmp_path / "cache")


def test_an_unusable_cache_directory_falls_back_to_a_private_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be")
    db = store.cached(SOURCES[:1], open_reader, blocked)
    assert len(db) == 61
    assert "cannot use the cache" in capsys.readouterr().err


def test_a_user_registry_is_part_of_the_key(tmp_path: Path, chronologies: list[Chronology]) -> None:
    registry = tmp_path / "actors.toml"
    registry.write_text("# mine\n")
    cache = tmp_path / "cache"
    Store.build(SOURCES[:1], readers(SOURCES[:1]), cache, also=[registry]).close()
    assert Store.open(SOURCES[:1], cache) is None  # without it: another set of inputs
    assert Store.open(SOURCES[:1], cache, also=[registry]) is not None
    registry.write_text("# mine, edited\n")
    assert Store.open(SOURCES[:1], cache, also=[registry]) is None


def test_sources_summary() -> None:
    assert store.sources_summary(["/a/x.txt"]) == "/a/x.txt"
    assert store.sources_summary([f"/a/b/{i}.txt" for i in range(78)]) == "78 files in /a/b"


def test_a_store_of_several_sources_merges_as_merge_does(tmp_path: Path) -> None:
    from ustojapan_cli.sources import merge

    paths = [FIXTURES / "japan-korea-2024.txt", FIXTURES / "us-korea-2024.txt"]
    read = [load(p) for p in paths]
    merged = merge(read)
    assert len(merged.events) < sum(len(c.events) for c in read)  # the fixtures share an event
    db = Store.build(paths, readers(paths), tmp_path)
    assert db.select(Query()) == list(merged.events)
    assert [a.id for a in db.actors()] == [a.id for a in merged.actors]


@pytest.mark.parametrize("whole", [0, 1 << 30], ids=["in batches", "whole files"])
def test_a_store_built_by_worker_processes_is_the_same_as_one_built_in_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: int) -> None:
    from ustojapan_cli import chronology

    monkeypatch.setattr(chronology, "BATCH", 7)  # many batches, so the workers share the entries
    paths = [*SOURCES, FIXTURES / "japan-korea-2024.txt", FIXTURES / "us-korea-2024.txt"]
    built = {}
    for workers in ("0", "2"):
        monkeypatch.setenv("USJP_WORKERS", workers)
        monkeypatch.setattr(store, "WHOLE", whole)  # files read whole by a worker below this size
        with store.cached(paths, open_reader, tmp_path / workers) as db:
            built[workers] = (db.select(Query()), db.chronologies(), db.actors(), db.people())
    assert built["2"] == built["0"]
    assert len(built["0"][0]) > 61 and built["0"][1][0].problems == load(SOURCES[0]).problems


def test_a_parse_error_in_a_worker_is_the_same_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ustojapan_cli.errors import ParseError

    bad = tmp_path / "bad.txt"
    bad.write_text("Chronology of US-Japan Relations\n\nFeb. 30, 2023: Nobody meets anybody.\n")
    monkeypatch.setenv("USJP_WORKERS", "2")
    with pytest.raises(ParseError) as raised:
        store.cached([SOURCES[0], bad], open_reader, tmp_path / "cache")
    assert (raised.value.document, raised.value.line) == ("bad.txt", 3)
    assert str(raised.value).startswith("bad.txt:3: ")


def test_the_bar_moves_with_each_batch_and_ends_at_the_sources_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ustojapan_cli import chronology, progress

    monkeypatch.setattr(chronology, "BATCH", 10)
    steps: list[int] = []
    monkeypatch.setattr(progress.Progress, "advance", lambda self, n=1: steps.append(n))
    store.cached(SOURCES, open_reader, tmp_path).close()
    assert sum(steps) == sum(p.stat().st_size for p in SOURCES)
    assert len(steps) > 2 * 61 // 10  # both passes over each batch of the seed, not once a file


def test_a_limit_beyond_sqlite_integers_is_every_event(built: Store) -> None:
    everything = built.select(Query())
    assert built.select(Query(), limit=10**20) == everything
    assert built.rows(Query(), limit=10**20) == built.rows(Query())


def test_the_longest_span_is_that_of_the_longest_event(built: Store, events: list[Event]) -> None:
    # worked out as events are written (not by a scan of the table): "ends on or after" reads it
    longest = max(e.end - e.start for e in events)
    assert longest.days > 0  # a span of several days among the sources, or this proves nothing
    assert built.max_span == longest


@pytest.mark.parametrize("n", [0, 1, 63, 64, 65, 130, 1000])
def test_insert_rows_writes_every_row_in_order_in_few_statements(n: int) -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE t (a INTEGER, b TEXT, c TEXT)")
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    rows = [(i, f"b{i}", None if i % 7 == 0 else "ü" * (i % 3)) for i in range(n)]
    store._insert_rows(db, "INSERT INTO t", 3, rows)
    db.set_trace_callback(None)
    assert db.execute("SELECT a, b, c FROM t ORDER BY rowid").fetchall() == rows
    # a statement for each 64 rows, then one for each power of two in the rest: a few distinct ones
    assert len(statements) == n // 64 + (n % 64).bit_count()
    sizes = [statement.count("), (") + 1 for statement in statements]  # rows a statement (no cell holds "), (")
    assert sorted(sizes, reverse=True) == sizes and all(size == 64 or size & (size - 1) == 0 for size in sizes)
