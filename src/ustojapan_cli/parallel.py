"""Spreading the work on a large archive over the machine's cores.

A pool of worker processes, forked once per build of the store, runs the parser's
per-entry batches (`chronology.Reader`) while the main process scans, learns the people
of each chronology and writes the store. Forked, so the workers start with the parser's
tables already built; where fork is not available (Windows, macOS's default) or the
work is small, everything runs in the main process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any

SMALL = 1 << 20  # bytes of sources below which a pool costs more than it saves


def workers_for(size: int) -> int:
    """How many worker processes to use for `size` bytes of sources (0: none, work in-process).

    `USJP_WORKERS` sets the number (0 for none)."""
    given = os.environ.get("USJP_WORKERS", "").strip()
    if given.isdigit():
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if size >= SMALL and cores > 1 else 0


@contextlib.contextmanager
def mapper(workers: int) -> Iterator[Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]]:
    """An ordered map over `workers` forked processes, or the built-in `map` for none."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield map
        return
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_quiet)
    try:
        yield pool.imap
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _quiet() -> None:
    """A worker leaves Ctrl-C to the main process (which stops the pool), and does not collect
    garbage: what it makes lives until its batch is sent back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gc

    gc.freeze()
    gc.disable()
