"""Shared fixtures: the seed parsed once, and paths to the hand-written chronologies."""

from __future__ import annotations

from pathlib import Path

import pytest

from ustojapan_cli import Chronology, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed() -> Chronology:
    return load()


@pytest.fixture(scope="session")
def us_china() -> Chronology:
    return load(FIXTURES / "us-china-2014.txt")
