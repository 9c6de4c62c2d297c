"""Feedback during long loads: a progress bar on stderr, and the garbage collector paused for bulk work.

The bar is drawn only when stderr is a terminal and only once the work has taken longer than a
moment (`delay`), so short runs, pipes and tests see nothing. Plain text, no Rich: the loading
path stays cheap to import.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO


class Progress:
    """A bar for `total` units of work (bytes, files...): `advance(n)` as they are done, then `close()`."""

    def __init__(self, total: int, label: str = "reading", *, stream: TextIO | None = None,
                 delay: float = 0.5, unit: str = "") -> None:
        self.total, self.label, self.unit, self.delay = max(total, 0), label, unit, delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream)
        self.done = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        if self.enabled:  # redraw now and then, so the time runs on while one big file is parsed
            threading.Thread(target=self._tick, name="usjp-progress", daemon=True).start()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            self._draw(time.monotonic())

    def advance(self, n: int = 1) -> None:
        """Count `n` more units done; redraw at most ten times a second, after the delay."""
        self.done += n
        if self.enabled:
            self._draw(time.monotonic())

    def _draw(self, now: float) -> None:
        with self._lock:
            if self._stop.is_set() or now - self.started < self.delay or now - self.drawn_at < 0.1:
                return
            self.drawn_at = now
            self.stream.write("\r" + self.line(now - self.started))
            self.stream.flush()
            self.shown = True

    def line(self, elapsed: float, width: int = 30) -> str:
        """"reading [#########.....] 64% 6.4/10.0 MB 3s"."""
        share = min(self.done / self.total, 1.0) if self.total else 0.0
        filled = int(share * width)
        amount = (f"{self.done / 1e6:.1f}/{self.total / 1e6:.1f} MB" if self.unit == "B"
                  else f"{self.done:,}/{self.total:,}{' ' + self.unit if self.unit else ''}")
        return f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {share:4.0%} {amount} {elapsed:.0f}s"

    def close(self) -> None:
        """Erase the bar (if it was drawn), leaving the line clean for what comes next."""
        self._stop.set()
        with self._lock:
            self._erase()

    def _erase(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * len(self.line(time.monotonic() - self.started)) + "\r")
            self.stream.flush()
            self.shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made (a bulk parse).

    Objects made during a parse live until the end of it, so the collector's passes over them
    find nothing to free; `gc.freeze()` first moves what already exists out of its way. The
    collector is enabled again (and the frozen objects released to it) on the way out.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
