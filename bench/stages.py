"""Time each stage of reading a chronology, in one process, per entry: where a first query's time goes.

    python bench/stages.py FILE                 # scan, people, learning, events, store records
    python bench/stages.py FILE --profile events --rows 25   # and the hottest functions of a stage

The stages are those of `chronology.Reader` (a pool runs the people and events stages per batch;
here everything runs in this process, with the collector paused, as in a build of the store).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ustojapan_cli.chronology import Reader, _Context, _events, _mentions, _pack, _unique_ids
from ustojapan_cli.files import read_text
from ustojapan_cli.lexicon import lexicon
from ustojapan_cli.parallel import Parcel
from ustojapan_cli.people import Mention
from ustojapan_cli.resolve import Resolver
from ustojapan_cli.store import record_of

STAGES = ("scan", "people", "learn", "events", "records")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--profile", choices=STAGES, help="profile this stage")
    parser.add_argument("--rows", type=int, default=25, help="functions the profile lists")
    args = parser.parse_args()
    text = read_text(args.file)
    Reader(text[:20000], "warm-up").chronology(tuple(Reader(text[:20000], "warm-up").events()))
    gc.collect()
    gc.disable()
    profiler = cProfile.Profile()

    def stage(name: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = profiler.runcall(work) if name == args.profile else work()
        seconds = time.perf_counter() - started
        n = max(len(reader.entries), 1) if name != "scan" else None
        per = f"{seconds / n * 1e6:8.1f} µs an entry" if n else ""
        print(f"{name:8} {seconds:7.2f} s {per}", flush=True)
        return result

    reader = None
    reader = stage("scan", lambda: Reader(text, args.file.name))
    packed = _pack(reader.entries)
    titled, digests, short, mentions = stage("people", lambda: _mentions(packed))
    resolver = Resolver(reader.registry, lexicon(), reader.parties)
    stage("learn", lambda: resolver.learn_titled((reader.entries[i].span.start, Mention._make(m)) for i, m in titled))
    context = Parcel(_Context(reader.document, reader.parties, reader.registry, resolver.found))
    work = (packed, mentions, _unique_ids(reader.entries, digests, short), reader.flags())
    made = stage("events", lambda: _events(context, lambda fields: fields, work))  # each event's fields
    stage("records", lambda: [record_of(fields) for fields in made.made])
    if args.profile:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.rows)


if __name__ == "__main__":
    main()
