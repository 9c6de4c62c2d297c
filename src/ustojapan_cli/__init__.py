"""usjp: a chronology of diplomatic events as structured, queryable data.

    >>> from ustojapan_cli import load
    >>> chronology = load()            # the bundled US-Japan, Sep-Dec 2023 article
    >>> len(chronology.events)
    61

Several chronologies at once: `load_many(["us-korea.txt", "chronologies/"])` (files, or
directories of `.txt` files), with the same event reported twice kept once.

The names below are imported on first use (PEP 562), so `import ustojapan_cli.cli` (every
run of `usjp`) does not load the parser and its data unless a command reads a chronology.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .chronology import load, parse
    from .models import Actor, Chronology, Event, EventActor, Format, Kind, Venue
    from .sources import load_many

__all__ = ["Actor", "Chronology", "Event", "EventActor", "Format", "Kind", "Venue", "load", "load_many",
           "parse"]
__version__ = "0.1.0"

_HOME = {"load": ".chronology", "parse": ".chronology", "load_many": ".sources"} | {
    name: ".models" for name in ("Actor", "Chronology", "Event", "EventActor", "Format", "Kind", "Venue")}


def run() -> None:
    """The `usjp` command (`cli.main`), with the garbage collector paused while the command line's
    modules, Typer's above all, are imported. They make a great many objects that live as long as
    the program, and no garbage: frozen (`gc.freeze`), no collection looks at them again, nor
    the one at exit. Those collections took about a fifth of a plain query's run."""
    import gc

    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        gc.enable()
    main()


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
