"""Shared fixtures: the seed parsed once, and paths to the hand-written chronologies."""

from __future__ import annotations

from pathlib import Path

import pytest

from ustojapan_cli import Chronology, Event, load

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed() -> Chronology:
    return load()


@pytest.fixture(scope="session")
def us_china() -> Chronology:
    return load(FIXTURES / "us-china-2014.txt")


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the user's own actors file or $USJP_SOURCE."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("USJP_SOURCE", raising=False)


def read_expected(path: Path) -> list[list[str]]:
    """The rows of a hand-written expected reading: line | dates | format | kind | countries | venue | actors."""
    return [[c.strip() for c in line.split("|")] for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def reading(event: Event) -> list[str]:
    """An event in the shape of an expected-reading row."""
    dates = str(event.start) + (f"..{event.end}" if event.end != event.start else "")
    venue = f"{event.venue.city or ''},{event.venue.country or ''}" if event.venue else "-"
    return [str(event.source.line), dates, event.format.value, event.kind.value,
            " ".join(sorted(event.countries)), venue, " ".join(a.id for a in event.actors)]
