"""Charts of a chronology: events per time bucket as bars, and who takes part when as dots.

Two frozen models, built with the counting in `analysis`:

- `BarChart` (`bar_chart`): how many events start in each week or month, in time order,
  empty buckets included with 0;
- `DotChart` (`actor_chart`): one row per actor (most events first), one column per time
  bucket, and a mark where the actor takes part in an event starting in that bucket.

Each is drawn three ways: plain ASCII text for pipes and `grep` (`bar_text`, `dot_text`),
Rich renderables for a terminal (`bar_renderable`, `dot_renderable`; Rich is imported
inside those two functions only) and a standalone SVG 1.1 document (`to_svg`).

Text from the data (titles, labels, actor names) is never trusted: control, format and
line-separator characters are shown as \\xNN or \\uNNNN in every output (`visible`),
Rich gets `Text` objects (never markup) and SVG text is XML-escaped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from .analysis import CrossTable, GroupBy, Table, count
from .models import Event
from .text import visible

if TYPE_CHECKING:
    from rich.table import Table as RichTable
    from rich.text import Text

__all__ = [
    "BarChart",
    "DotChart",
    "actor_chart",
    "bar_chart",
    "bar_renderable",
    "bar_text",
    "dot_renderable",
    "dot_text",
    "to_svg",
    "visible",
]

# --- models ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BarChart:
    """One bar per label: `values[i]` events under `labels[i]`, in display order."""

    title: str
    labels: tuple[str, ...]
    values: tuple[int, ...]

    def __post_init__(self) -> None:
        """Reject a chart whose labels and values do not pair up, or a negative value."""
        if len(self.labels) != len(self.values):
            raise ValueError(f"{len(self.labels)} labels but {len(self.values)} values")
        if any(v < 0 for v in self.values):
            raise ValueError("bar values must be 0 or more")


@dataclass(frozen=True)
class DotChart:
    """Actors (`rows`) by time bucket (`columns`); `marks` holds (row, column) index pairs."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    marks: frozenset[tuple[int, int]]

    def __post_init__(self) -> None:
        """Reject a mark outside the grid."""
        for row, col in self.marks:
            if not (0 <= row < len(self.rows) and 0 <= col < len(self.columns)):
                raise ValueError(f"mark {(row, col)} is outside a {len(self.rows)}x{len(self.columns)} grid")


def _time_dimension(by: GroupBy | str) -> GroupBy:
    dim = GroupBy(by)
    if not dim.is_time:
        raise ValueError(f"charts run over time (day, week, month, quarter or year), not {dim.value!r}")
    return dim


def bar_chart(events: Sequence[Event], by: GroupBy) -> BarChart:
    """Events per `by` bucket (week or month; any time dimension works) by start date.

    Buckets run in time order from the first event's to the last event's, empty ones
    included with 0. A dimension that is not a time one is a ValueError.
    """
    dim = _time_dimension(by)
    table = count(events, dim)
    assert isinstance(table, Table)
    return BarChart(
        title=f"Events by {dim.value}",
        labels=tuple(key[0] for key, _ in table.rows),
        values=tuple(n for _, n in table.rows),
    )


def actor_chart(events: Sequence[Event], bucket: GroupBy = GroupBy.WEEK, top: int | None = 20) -> DotChart:
    """Who takes part in which `bucket` (week, day, ...): the `top` busiest actors, or all.

    Rows run by number of events, most first, ties by name ignoring case; columns are
    every bucket from the first event's to the last event's (events without actors
    included). A negative `top` or a dimension that is not a time one is a ValueError.
    """
    dim = _time_dimension(bucket)
    table = count(events, (GroupBy.ACTOR, dim), top=top)
    assert isinstance(table, CrossTable)
    marks = frozenset(
        (i, j) for i, row in enumerate(table.row_keys) for j, col in enumerate(table.col_keys) if table.cell(row, col)
    )
    return DotChart(title=f"Actors by {dim.value}", rows=table.row_keys, columns=table.col_keys, marks=marks)


# --- shared helpers --------------------------------------------------------------------


def _width(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters 2, combining marks 0."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _scale(values: Iterable[int], units: int) -> list[int]:
    """Each value as a length out of `units`, the largest exactly `units`, any non-zero at least 1."""
    values = list(values)
    top = max(values, default=0)
    if top == 0:
        return [0] * len(values)
    return [max(1, (v * units + top // 2) // top) if v else 0 for v in values]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- plain text ------------------------------------------------------------------------


def bar_text(chart: BarChart, width: int = 60) -> str:
    """One line a label, `label  ####   count`: bars out of `width` '#', ASCII only.

    The largest value gets exactly `width` '#', a non-zero one at least one; counts line
    up in one column. No trailing newline; an empty chart is "". `width` under 1 is a
    ValueError.
    """
    if width < 1:
        raise ValueError(f"width must be 1 or more, not {width}")
    labels = [visible(label) for label in chart.labels]
    label_width = max(map(_width, labels), default=0)
    lengths = _scale(chart.values, width)
    return "\n".join(
        f"{_pad(label, label_width)}  {'#' * n}{' ' * (width - n)} {value}"
        for label, n, value in zip(labels, lengths, chart.values, strict=True)
    )


def _legend(columns: Sequence[str]) -> str:
    if not columns:
        return "(no columns)"
    span = visible(columns[0]) if len(columns) == 1 else f"{visible(columns[0])} .. {visible(columns[-1])}"
    return f"{span} ({_plural(len(columns), 'column')}, * = takes part)"


def dot_text(chart: DotChart) -> str:
    """A header line (title, then first .. last column), then `name  *..*.` per actor.

    One character per column: '*' where the actor is marked, '.' where not; the marks
    start under the first character of the legend. ASCII drawing, no trailing newline.
    """
    title = visible(chart.title)
    names = [visible(name) for name in chart.rows]
    name_width = max([_width(title), *map(_width, names)])
    lines = [f"{_pad(title, name_width)}  {_legend(chart.columns)}"]
    for i, name in enumerate(names):
        cells = "".join("*" if (i, j) in chart.marks else "." for j in range(len(chart.columns)))
        lines.append(f"{_pad(name, name_width)}  {cells}")
    return "\n".join(lines)


# --- Rich ------------------------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"
"""Left blocks one to seven eighths wide, by index; a full cell is '█'."""


def _block_bar(eighths: int) -> str:
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def bar_renderable(chart: BarChart, width: int = 40) -> RichTable:
    """The bar chart as a Rich table: labels, coloured block bars out of `width` cells, counts.

    Bars are drawn in eighths of a cell; every label is a `Text` (no markup) with
    control characters made visible. `width` under 1 is a ValueError.
    """
    from rich.table import Table as RichTable
    from rich.text import Text

    if width < 1:
        raise ValueError(f"width must be 1 or more, not {width}")
    table = RichTable(title=Text(visible(chart.title), style="bold"), box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True, min_width=max((_width(visible(label)) for label in chart.labels), default=0))
    table.add_column(no_wrap=True, overflow="crop", style="cyan")
    table.add_column(justify="right", style="bold")
    for label, eighths, value in zip(chart.labels, _scale(chart.values, width * 8), chart.values, strict=True):
        table.add_row(Text(visible(label)), Text(_block_bar(eighths)), Text(str(value)))
    return table


def _rich_legend(columns: Sequence[str]) -> Text:
    """The first column's label at the left of the dot strip and the last one's at its right."""
    from rich.text import Text

    if not columns:
        return Text("")
    first, last = visible(columns[0]), visible(columns[-1])
    if len(columns) == 1:
        return Text(first, style="dim")
    gap = len(columns) - _width(first) - _width(last)
    return Text(f"{first}{' ' * gap}{last}" if gap >= 2 else f"{first} … {last}", style="dim")


def dot_renderable(chart: DotChart) -> RichTable:
    """The dot chart as a Rich table: actor names, then one '●' or '·' per column.

    The header shows the first and last column's labels over the dots; names and labels
    are `Text` (no markup) with control characters made visible.
    """
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(title=Text(visible(chart.title), style="bold"), box=None, pad_edge=False)
    table.add_column(Text(""), no_wrap=True, min_width=max((_width(visible(name)) for name in chart.rows), default=0))
    table.add_column(_rich_legend(chart.columns), no_wrap=True, overflow="crop")
    for i, name in enumerate(chart.rows):
        dots = Text()
        for j in range(len(chart.columns)):
            marked = (i, j) in chart.marks
            dots.append("●" if marked else "·", style="bold magenta" if marked else "dim")
        table.add_row(Text(visible(name)), dots)
    return table


# --- SVG -------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_CHAR = 8  # px a character is given at font-size 12 in a monospace font (a little generous)
_MARGIN = 10
_TITLE = 24  # px of height for the title line
_ROW = 20  # px per bar
_BAR = 400  # px of the largest bar
_CELL = 16  # px per dot-chart cell


def _svg_text(x: int, y: int, content: str, *attrs: tuple[str, str]) -> str:
    extra = "".join(f" {name}={quoteattr(value)}" for name, value in attrs)
    return f'<text x="{x}" y="{y}"{extra}>{escape(visible(content))}</text>'


def _svg_document(width: int, height: int, title: str, body: Sequence[str]) -> str:
    title_width = 2 * _MARGIN + _width(visible(title)) * _CHAR
    width = max(width, title_width)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="{_SVG_NS}" version="1.1" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        ' font-family="monospace" font-size="12">',
        f"<title>{escape(visible(title))}</title>",
        _svg_text(_MARGIN, _MARGIN + 14, title, ("font-weight", "bold")),
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"


def _bar_svg(chart: BarChart) -> str:
    labels = [visible(label) for label in chart.labels]
    x0 = _MARGIN + max(map(_width, labels), default=0) * _CHAR + 8
    y0 = _MARGIN + _TITLE
    count_width = max((len(str(v)) for v in chart.values), default=0) * _CHAR + 8
    body: list[str] = []
    for i, (label, length, value) in enumerate(zip(labels, _scale(chart.values, _BAR), chart.values, strict=True)):
        y = y0 + i * _ROW
        body.append(_svg_text(x0 - 6, y + 14, label, ("text-anchor", "end")))
        body.append(
            f'<rect class="bar" x="{x0}" y="{y + 3}" width="{length}" height="{_ROW - 6}" fill="#4682b4">'
            f"<title>{escape(f'{label}: {value}')}</title></rect>"
        )
        body.append(_svg_text(x0 + length + 4, y + 14, str(value), ("class", "count")))
    bottom = y0 + len(labels) * _ROW
    body.append(f'<line class="axis" x1="{x0}" y1="{y0}" x2="{x0}" y2="{bottom}" stroke="#333" stroke-width="1"/>')
    return _svg_document(x0 + _BAR + count_width + _MARGIN, bottom + _MARGIN, chart.title, body)


def _dot_svg(chart: DotChart) -> str:
    names = [visible(name) for name in chart.rows]
    columns = [visible(col) for col in chart.columns]
    x0 = _MARGIN + max(map(_width, names), default=0) * _CHAR + 8
    y0 = _MARGIN + _TITLE + max(map(_width, columns), default=0) * _CHAR + 8
    body: list[str] = []
    for j, col in enumerate(columns):
        x, y = x0 + j * _CELL + _CELL // 2 + 4, y0 - 6
        body.append(_svg_text(x, y, col, ("class", "column"), ("transform", f"rotate(-90 {x} {y})")))
    for i, name in enumerate(names):
        cy = y0 + i * _CELL + _CELL // 2
        body.append(_svg_text(x0 - 6, cy + 4, name, ("class", "row"), ("text-anchor", "end")))
        body.extend(
            _svg_dot(x0 + j * _CELL + _CELL // 2, cy, name, col, (i, j) in chart.marks) for j, col in enumerate(columns)
        )
    width = x0 + len(columns) * _CELL + _MARGIN
    return _svg_document(width, y0 + len(names) * _CELL + _MARGIN, chart.title, body)


def _svg_dot(cx: int, cy: int, name: str, column: str, marked: bool) -> str:
    if not marked:
        return f'<circle class="empty" cx="{cx}" cy="{cy}" r="1.5" fill="#bbb"/>'
    return (
        f'<circle class="mark" cx="{cx}" cy="{cy}" r="5" fill="#c2185b">'
        f"<title>{escape(f'{name}, {column}')}</title></circle>"
    )


def to_svg(chart: BarChart | DotChart) -> str:
    """The chart as a standalone SVG 1.1 document (UTF-8 declared, ends with a newline).

    A bar chart is horizontal bars, one `<rect class="bar">` per label (zero-width for
    0), with labels, counts and an axis line; a dot chart is a grid with one `<circle
    class="mark">` per mark, small grey dots elsewhere, actor names at the left and
    column labels turned upright on top. All text is XML-escaped, with control
    characters shown as \\xNN; the same chart always gives the same bytes.
    """
    if isinstance(chart, BarChart):
        return _bar_svg(chart)
    return _dot_svg(chart)
