"""usjp: a chronology of diplomatic events as structured, queryable data.

    >>> from ustojapan_cli import load
    >>> chronology = load()            # the bundled US-Japan, Sep-Dec 2023 article
    >>> len(chronology.events)
    61
"""

from .chronology import load, parse
from .models import Actor, Chronology, Event, EventActor, Format, Kind, Venue

__all__ = ["Actor", "Chronology", "Event", "EventActor", "Format", "Kind", "Venue", "load", "parse"]
__version__ = "0.1.0"
