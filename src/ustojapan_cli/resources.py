"""Where the bundled data lives: inside the installed package, or `data/` of a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

SEED_NAME = "us-japan-2023-sep-dec.txt"


@cache
def data_dir() -> Path:
    """The folder of bundled data: packed into the wheel, or the repository's `data/`."""
    packaged = Path(__file__).with_name("data")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def data_path(name: str) -> Path:
    """The path of one bundled data file."""
    return data_dir() / name


@cache
def load_toml(name: str) -> dict[str, Any]:
    """A bundled TOML file, parsed once per process."""
    import tomllib  # here: a query answered by the store reads no TOML

    with data_path(name).open("rb") as fh:
        return tomllib.load(fh)
