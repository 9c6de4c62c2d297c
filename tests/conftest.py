"""Shared fixtures: the seed parsed once, and paths to the hand-written chronologies.

Hypothesis runs a bounded number of examples so the suite stays fast; set
HYPOTHESIS_PROFILE=thorough for a longer search.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ustojapan_cli import Chronology, load

FIXTURES = Path(__file__).parent / "fixtures"

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seed() -> Chronology:
    return load()


@pytest.fixture(scope="session")
def us_china() -> Chronology:
    return load(FIXTURES / "us-china-2014.txt")
