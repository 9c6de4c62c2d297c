"""Time `parse()` in-process on a generated chronology: with the collector on, paused, and frozen.

    python bench/parse_speed.py 10000                 # gc on vs off, one run each
    python bench/parse_speed.py 10000 --profile 20    # and the 20 hottest functions

Peak memory is this process's maximum resident set (so run one size per process).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen import document, generate

from ustojapan_cli import parse


def chronology_text(n: int) -> str:
    """N generated entries as one document."""
    chunks = list(generate(n))
    every = [e for _, entries in chunks for e in entries]
    return document(chunks[0][0][0], chunks[-1][0][1], every)


def timed(text: str, mode: str) -> float:
    """Seconds to parse `text`, with the collector as `mode` says (on, off, freeze)."""
    gc.collect()
    start = time.perf_counter()
    if mode == "off":
        gc.disable()
    elif mode == "freeze":
        gc.freeze()
    try:
        parse(text, "bench.txt")
    finally:
        gc.enable()
        gc.unfreeze()
    return time.perf_counter() - start


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--modes", default="on,off", help="comma-separated: on, off, freeze")
    parser.add_argument("--profile", type=int, default=0, metavar="ROWS")
    args = parser.parse_args()
    text = chronology_text(args.n)
    parse(text[:3000])  # warm the lexicon and registry
    for mode in args.modes.split(","):
        secs = timed(text, mode)
        print(f"parse {args.n} entries, gc {mode}: {secs:.2f} s ({args.n / secs:,.0f} entries/s)", flush=True)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(parse, text, "bench.txt")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
