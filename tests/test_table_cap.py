"""A table on a terminal stays quick for any result: at most `render.MAX_ROWS` rows, and a note on stderr."""

from __future__ import annotations

import pytest

from ustojapan_cli import Chronology, render
from ustojapan_cli.export import Grid


def test_events_table_is_capped_with_a_note(seed: Chronology, capsys: pytest.CaptureFixture[str]) -> None:
    many = list(seed.events) * (render.MAX_ROWS // len(seed.events) + 2)
    table = render.events_table(many)
    assert table.row_count == render.MAX_ROWS
    assert f"showing the first {render.MAX_ROWS} of {len(many)} rows" in capsys.readouterr().err


def test_grid_table_is_capped_and_small_results_are_whole(capsys: pytest.CaptureFixture[str]) -> None:
    rows = tuple((f"k{i}", i) for i in range(render.MAX_ROWS + 1))
    assert render.grid_table(Grid(("key", "events"), rows)).row_count == render.MAX_ROWS
    assert "--tsv" in capsys.readouterr().err
    assert render.grid_table(Grid(("key", "events"), rows[:3])).row_count == 3
    assert capsys.readouterr().err == ""
