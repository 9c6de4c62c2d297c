"""A first query's timeline: when each stage starts and ends, and the CPU the main process has used.

    python bench/timeline.py --source FILE_OR_DIR [usjp options...]

Runs `usjp events --actor Kamikawa --csv` (or the arguments given) with an empty cache under
the work directory, and prints to stderr, with the seconds since start and the main process's
CPU seconds: the store's write starting and ending, each chronology's scan, its first and last
batch of each pass, and, for each task a worker runs (a scan's piece, a batch of either pass),
its process and duration. Where the main process waits and where the workers idle shows there.
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from typing import Any

from ustojapan_cli import chronology, run, store

STARTED = time.perf_counter()


def say(message: str) -> None:
    """One line of the timeline: seconds since start, this process's CPU seconds, the message."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"{time.perf_counter() - STARTED:7.2f} s  cpu {usage.ru_utime + usage.ru_stime:6.2f}  {message}\n")


def traced_task(name: str) -> None:
    """Wrap a module-level task of `chronology` so that each run says its process and duration
    (same name and module: the pool pickles tasks by reference, and the workers fork after this)."""
    task = getattr(chronology, name)

    @functools.wraps(task)
    def traced(*args: Any) -> Any:
        started = time.perf_counter()
        result = task(*args)
        say(f"  worker {os.getpid()}: {name} {time.perf_counter() - started:.2f} s")
        return result

    setattr(chronology, name, traced)


def traced_reader() -> None:
    """Say when a Reader's scan ends and when each pass's first and last batch come back."""
    init, events = chronology.Reader.__init__, chronology.Reader.events

    def traced_init(self: chronology.Reader, *args: Any, **kwargs: Any) -> None:
        say("scan starts")
        init(self, *args, **kwargs)
        say(f"scan done: {len(self.entries)} entries")

    def traced_events(self: chronology.Reader, *args: Any) -> Iterator[Any]:
        told, batches = self.on_batch, 0

        def on_batch(n: int) -> None:
            nonlocal batches
            batches += 1
            say(f"batch {batches} back")
            told(n)

        self.on_batch = on_batch
        yield from events(self, *args)
        say("events done")

    chronology.Reader.__init__ = traced_init  # type: ignore[method-assign]
    chronology.Reader.events = traced_events  # type: ignore[method-assign]


def traced_write() -> None:
    """Say when the store's file starts and ends being written (indexes included)."""
    write: Callable[..., None] = store._write

    def traced(*args: Any) -> None:
        say("store: write starts")
        write(*args)
        say("store: written (indexes included)")

    store._write = traced  # type: ignore[assignment]


def main() -> None:
    """Command line: the arguments are usjp's (after `events --actor Kamikawa --csv` by default)."""
    arguments = sys.argv[1:]
    if not arguments or arguments[0].startswith("-"):
        arguments = ["events", "--actor", "Kamikawa", "--csv", *arguments]
    for name in ("_scan_piece", "_mentions", "_events"):
        traced_task(name)
    traced_reader()
    traced_write()
    cache = tempfile.mkdtemp(prefix="usjp-timeline-")
    os.environ["XDG_CACHE_HOME"] = cache
    sys.argv = ["usjp", *arguments]
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the query's output is not the point)
    try:
        run()
    except SystemExit:
        pass
    finally:
        say("exit")
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
