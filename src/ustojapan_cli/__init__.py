"""usjp: a chronology of diplomatic events as structured, queryable data.

    >>> from ustojapan_cli import load
    >>> chronology = load()            # the bundled US-Japan, Sep-Dec 2023 article
    >>> len(chronology.events)
    61

Several chronologies at once: `load_many(["us-korea.txt", "chronologies/"])` (files, or
directories of `.txt` files), with the same event reported twice kept once.
"""

from .chronology import load, parse
from .models import Actor, Chronology, Event, EventActor, Format, Kind, Venue
from .sources import load_many

__all__ = ["Actor", "Chronology", "Event", "EventActor", "Format", "Kind", "Venue", "load", "load_many",
           "parse"]
__version__ = "0.1.0"
