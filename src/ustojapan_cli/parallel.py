"""Spreading the work on a large archive over the machine's cores.

A pool of worker processes, forked once per build of the store, reads whole small files,
and the pieces of a big file's scan and the per-entry batches of its two passes
(`chronology.Reader`), while the main process learns the people of each chronology and
writes the store. Forked, so the
workers start with the parser imported and its tables built; on Linux only (fork is not
available on Windows and not safe on macOS), and when the work is large enough, else
everything runs in the main process.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.pool
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

SMALL = 1 << 20  # bytes of sources below which a pool costs more than it saves


class Result(Protocol):
    """A task's result, to be waited for (`multiprocessing.pool.AsyncResult`)."""

    def get(self) -> Any: ...


class Spread(Protocol):
    """Where the parser's work runs: in this process, or on a pool of workers."""

    workers: int  # 0 for this process only

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        """`fn` of each item, in order."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Result:
        """`fn(*args)`, to be waited for."""


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


class InProcess:
    """Everything in this process, when it is asked for."""

    workers = 0
    imap = staticmethod(map)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Result:
        return _Done(fn(*args))


class _QuietPool(multiprocessing.pool.Pool):
    """A `multiprocessing.pool.Pool` whose thread that keeps the workers sleeps while results wait
    to be read. CPython's also wakes when the results pipe has data, and so loops (reaping and
    polling the workers) for as long as a result is unread, which is long when the main process
    is busy writing the store: 2.3 s of CPU, and the interpreter lock taken from the threads doing
    the work, in a first query over 1,560 files. It still wakes when a worker ends, when the pool
    is closed or stopped and when no task is left (the pool's own notifications)."""

    def _get_sentinels(self) -> list[Any]:
        sentinels: list[Any] = [self._change_notifier._reader]  # type: ignore[attr-defined]
        return sentinels


class Pool:
    """Forked worker processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        # Ctrl-C held back while forking: a worker starts with it blocked until `_quiet` ignores it,
        # so one pressed at that moment reaches only the main process, not a worker's traceback
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.pool = _QuietPool(workers, initializer=_quiet, context=multiprocessing.get_context("fork"))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        return self.pool.imap(fn, items)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Result:
        return self.pool.apply_async(fn, args)


class Parcel:
    """An object that tasks carry to worker processes, pickled once however many tasks carry it,
    and unpickled once in each worker (a chronology's context: the registry and the people
    learned, hundreds of models, went with each of its batches)."""

    _sent = itertools.count()

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        self.key = f"{os.getpid()}-{next(self._sent)}"
        self._blob: bytes | None = None

    def __reduce__(self) -> tuple[Callable[[str, bytes], Parcel], tuple[str, bytes]]:
        if self._blob is None:
            self._blob = pickle.dumps(self.obj, protocol=pickle.HIGHEST_PROTOCOL)
        return _unparcel, (self.key, self._blob)


_RECEIVED: dict[str, Parcel] = {}


def _unparcel(key: str, blob: bytes) -> Parcel:
    """The parcel `key` in this process: unpickled the first time only (the last one is kept)."""
    if key not in _RECEIVED:
        _RECEIVED.clear()
        parcel = Parcel(pickle.loads(blob))
        parcel.key = key
        _RECEIVED[key] = parcel
    return _RECEIVED[key]


def workers_for(size: int) -> int:
    """How many worker processes to use for `size` bytes of sources (0: none, work in-process).

    `USJP_WORKERS` sets the number (0 for none)."""
    given = os.environ.get("USJP_WORKERS", "").strip()
    if given.isdigit():
        return int(given)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if size >= SMALL and cores > 1 else 0


_SHARED: Any = None


def shared() -> Any:
    """What `spread` was given to share with its tasks (the same in every worker)."""
    return _SHARED


@contextlib.contextmanager
def spread(workers: int, share: Any = None) -> Iterator[Spread]:
    """A pool of `workers` forked processes, or this process alone for none. `share` is what
    every task may read through `shared()`: set before the fork, so the workers start with
    it, and never pickled (a task's arguments are pickled each time)."""
    global _SHARED
    _SHARED = share
    if workers < 1 or not sys.platform.startswith("linux"):  # fork is unsafe on macOS, absent on Windows
        yield InProcess()
        return
    pool = Pool(workers)
    try:
        yield pool
        pool.pool.close()
    finally:
        pool.pool.terminate()
        pool.pool.join()


def _quiet() -> None:
    """A worker leaves Ctrl-C to the main process (which stops the pool), and does not collect
    garbage: what it makes lives until its batch is sent back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    import gc

    gc.freeze()
    gc.disable()
