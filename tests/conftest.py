"""Shared fixtures: the seed parsed once, and paths to the hand-written chronologies.

Hypothesis runs a bounded number of examples so the suite stays fast; set
HYPOTHESIS_PROFILE=thorough for a longer search.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from ustojapan_cli import Chronology, Event, load

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


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the user's own actors file or $USJP_SOURCE, nor write to the user's
    cache: they share one cache of their own (so the seed's store is built once)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
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

@pytest.fixture
def fail_mid_write(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[], None]], list[str]]:
    """Make the next `write_atomic` write half its data to its temporary file, then call `failure`
    (which raises: a full disk, Ctrl-C). Returns the list the temporary file's name is put in."""
    def arrange(failure: Callable[[], None]) -> list[str]:
        temps: list[str] = []
        real = tempfile.NamedTemporaryFile

        def half_then_fail(*args: Any, **kwargs: Any) -> Any:
            handle = real(*args, **kwargs)
            temps.append(handle.name)
            write = handle.write

            def partial(data: bytes) -> int:
                write(data[: len(data) // 2])
                handle.flush()
                failure()
                return 0

            handle.write = partial
            return handle

        monkeypatch.setattr(tempfile, "NamedTemporaryFile", half_then_fail)
        return temps
    return arrange
