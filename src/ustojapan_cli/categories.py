"""The closed vocabularies of the model: diplomatic format, kind of event, level of a post.

Plain enums, no Pydantic: the command line offers them as choices (and a query from the
cache filters on them) without importing the models. `models` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Who took part, as a diplomatic format."""

    BILATERAL = "bilateral"
    TRILATERAL = "trilateral"
    QUAD = "quad"
    G7 = "g7"
    MULTILATERAL = "multilateral"
    SUBNATIONAL = "subnational"
    OTHER = "other"


class Kind(StrEnum):
    """What sort of event it was."""

    MEETING = "meeting"
    CALL = "call"
    VIRTUAL_MEETING = "virtual_meeting"
    STATEMENT = "statement"
    SIGNING = "signing"
    SPEECH = "speech"
    AWARD = "award"
    INTERVIEW = "interview"
    DIALOGUE = "dialogue"
    SUMMIT = "summit"
    INCIDENT = "incident"
    VISIT = "visit"
    OTHER = "other"


class Level(StrEnum):
    """Which kind of body a person acts for; decides whether they count as a government."""

    NATIONAL = "national"
    SUBNATIONAL = "subnational"
    NONGOVERNMENT = "nongovernment"
