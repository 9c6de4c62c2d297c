"""What reaches a terminal: data shown literally, control characters as visible escapes.

The hostile text goes through `parse` (as a chronology file will once `--source` lands)
and then through each renderer; Rich draws without colour, so any ESC in the output
could only have come from the data.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from ustojapan_cli import parse
from ustojapan_cli.actors import load_registry
from ustojapan_cli.charts import DotChart, dot_renderable, dot_text, to_svg
from ustojapan_cli.export import Grid
from ustojapan_cli.render import detail_panel, events_table, grid_table
from ustojapan_cli.text import visible, visible_lines

# An OSC title change ending in BEL, a screen clear, a C1 CSI, a bidi override, Rich markup.
HOSTILE = "[red]Kishida[/red] meets [/i] Biden \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202egnp.exe in Tokyo."
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def drawn(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=400, color_system=None, force_terminal=False).print(renderable)
    return out.getvalue()


def assert_inert(out: str) -> None:
    assert not any(c in out for c in RAW), repr(out)


@pytest.mark.parametrize(("text", "expected"), [
    ("\x1b[2J", "\\x1b[2J"),
    ("a\x07b\x9bc", "a\\x07b\\x9bc"),
    ("\u202eevil", "\\u202eevil"),
    ("tab\there\nline", "tab\\x09here\\x0aline"),
    ("[red]plain[/red] 上川", "[red]plain[/red] 上川"),
])
def test_visible(text: str, expected: str) -> None:
    assert visible(text) == expected


def test_visible_lines_keeps_line_breaks_only() -> None:
    assert visible_lines("one\x1b\ntwo") == "one\\x1b\ntwo"


def test_events_table_shows_hostile_text_literally() -> None:
    (event,) = parse(f"Jan. 2, 2020: {HOSTILE}", "evil.txt", load_registry()).events
    out = drawn(events_table([event]))
    assert_inert(out)
    flat = "".join(out.split())  # the entry column wraps; compare without the wrapping
    assert "[red]Kishida[/red]meets[/i]Biden\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202egnp.exeinTokyo." in flat


def test_grid_table_headers_and_cells_from_data_are_literal() -> None:
    # a cross-table's column names are data (actor names, venues)
    grid = Grid(("actor", "[bold]Evil\x1b[2J", "total"), (("[red]Park[/red]\x07", 1, 1),))
    out = drawn(grid_table(grid, title="[blink]title\x1b]0;x\x07"))
    assert_inert(out)
    for literal in ("[bold]Evil\\x1b[2J", "[red]Park[/red]\\x07", "[blink]title\\x1b]0;x\\x07"):
        assert literal in out


def test_detail_panel_is_literal_and_keeps_the_entry_lines() -> None:
    out = drawn(detail_panel([("entry", "Jan. 2, 2020: [i]x[/i]\nwrapped \x1b[2J line")], "[red]id"))
    assert_inert(out)
    assert "[red]id" in out and "Jan. 2, 2020: [i]x[/i]" in out and "wrapped \\x1b[2J line" in out


def test_charts_escape_names_in_text_rich_and_svg() -> None:
    chart = DotChart(title="Actors [b]\x1b[2J", rows=("[red]Evil\x1b]0;x\x07",), columns=("2023-W01",),
                     marks=frozenset({(0, 0)}))
    for out in (dot_text(chart), drawn(dot_renderable(chart)), to_svg(chart)):
        assert_inert(out)
    assert "[red]Evil\\x1b]0;x\\x07" in drawn(dot_renderable(chart))
    assert "[red]Evil\\x1b]0;x\\x07  *" in dot_text(chart)
