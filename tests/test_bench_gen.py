"""bench/gen.py: the same seed gives the same bytes, and the parser reads every generated entry."""

from __future__ import annotations

import sys
from pathlib import Path

from ustojapan_cli import parse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import gen


def test_same_seed_same_bytes_and_every_entry_parses(tmp_path: Path) -> None:
    one, two = tmp_path / "a.txt", tmp_path / "b.txt"
    gen.write(120, one, as_dir=False, seed=3, first_year=2020, csv_path=tmp_path / "a.csv", jsonl_path=None)
    gen.write(120, two, as_dir=False, seed=3, first_year=2020, csv_path=None, jsonl_path=None)
    assert one.read_bytes() == two.read_bytes()
    chronology = parse(one.read_text(encoding="utf-8"), one.name)
    assert len(chronology.events) == 120
    assert chronology.relationship == "US - Japan" and chronology.period is not None
    assert len((tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()) == 121
    assert any(e.end > e.start for e in chronology.events)  # ranges such as "Oct. 16-18, 2023:"


def test_a_directory_has_one_chronology_per_period(tmp_path: Path) -> None:
    gen.write(30, tmp_path / "d", as_dir=True, seed=3, first_year=2023, csv_path=None, jsonl_path=None)
    files = sorted((tmp_path / "d").iterdir())
    assert [f.name for f in files] == ["us-japan-2023-01.txt", "us-japan-2023-05.txt", "us-japan-2023-09.txt",
                                       "us-japan-2024-01.txt", "us-japan-2024-05.txt", "us-japan-2024-09.txt"]
    assert sum(len(parse(f.read_text(encoding="utf-8"), f.name).events) for f in files) == 30
    assert gen.date_prefix(gen.dt.date(2023, 11, 30), gen.dt.date(2023, 12, 2)) == "Nov. 30-Dec. 2, 2023"
    assert gen.date_prefix(gen.dt.date(2023, 12, 30), gen.dt.date(2024, 1, 2)) == "Dec. 30, 2023-Jan. 2, 2024"


def test_pairs_split_each_period_over_several_files(tmp_path: Path) -> None:
    gen.write(30, tmp_path / "d", as_dir=True, seed=3, first_year=2024, csv_path=None, jsonl_path=None, pairs=4)
    files = sorted((tmp_path / "d").iterdir())
    assert len(files) == 3 * 4 and files[0].name == "pair01-2024-01.txt"
    assert sum(len(parse(f.read_text(encoding="utf-8"), f.name).events) for f in files) == 30
