"""The `usjp` command line: options in, a query to the core, the result to a writer.

No parsing, filtering or formatting lives here. Errors from the core (`UsjpError`)
and from the command line itself become one line on stderr and exit status 2.
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
import signal
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

from .analysis import GroupBy
from .categories import Format, Kind
from .errors import QueryError, UsjpError
from .export import (
    GRID_WRITERS,
    Grid,
    Output,
    dumps,
    event_schema,
    grid_csv,
    grid_tsv,
    records_json,
    records_jsonl,
    to_dot,
)
from .query import Query, SortKey, find_actor, find_country
from .text import visible, visible_lines

if TYPE_CHECKING:
    from .models import Event
    from .sources import Document
    from .store import Person, Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2
EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h): an internal error, never the user's input
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one line to stderr and exit; what the user or the data put in it cannot drive the terminal."""
    sys.stderr.write(f"usjp: {visible(message)}\n")
    sys.stderr.flush()
    raise SystemExit(code)


class UsjpGroup(TyperGroup):
    """The top command: every error a user can cause becomes one line on stderr."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except UsjpError as exc:
            fail(str(exc))
        except typer.TyperException as exc:  # a usage error found by the option parser
            if not exc.format_message():  # no arguments at all: the help was shown
                raise SystemExit(EXIT_OK) from None
            where = getattr(getattr(exc, "ctx", None), "command_path", "usjp")
            fail(f"{exc.format_message()} (see '{where} --help')", getattr(exc, "exit_code", 2))
        except typer.Abort:
            fail("interrupted", EXIT_INTERRUPTED)
        except UnicodeEncodeError as exc:  # stdout's encoding (PYTHONIOENCODING, the locale) lacks a character
            fail(f"the output holds {exc.object[exc.start:exc.start + 1]!r}, which {exc.encoding} cannot "
                 "encode; set PYTHONIOENCODING=utf-8, or write a file with -o")
        if rv == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into this status, silently
            fail("interrupted", EXIT_INTERRUPTED)
        raise SystemExit(rv if isinstance(rv, int) else EXIT_OK)


class Commands(MutableMapping[str, "TyperCommand | TyperGroup"]):
    """A group's sub-commands by name, each built from its registration on a Typer app when first
    looked up (Typer builds them all on every run: their options, types and help).

    A run looks up only the command it runs; `--help`, a mistyped name's suggestions and
    completion list the names, and build the commands they show.
    """

    def __init__(self, registry: typer.Typer) -> None:
        self.registry = registry
        self.entries: dict[str, CommandInfo | TyperInfo | TyperCommand | TyperGroup] = {
            info.name or typer.main.get_command_name(info.callback.__name__): info
            for info in registry.registered_commands if info.callback}
        for group in registry.registered_groups:
            name = typer.main.solve_typer_info_defaults(group).name
            assert isinstance(name, str), "a sub-app is added with a name"
            self.entries[name] = group

    def __getitem__(self, name: str) -> TyperCommand | TyperGroup:
        entry, app_ = self.entries[name], self.registry
        if isinstance(entry, CommandInfo):
            built = typer.main.get_command_from_info(entry, pretty_exceptions_short=app_.pretty_exceptions_short,
                                                     rich_markup_mode=app_.rich_markup_mode)
            assert isinstance(built, TyperCommand)
            entry = self.entries[name] = built
        elif isinstance(entry, TyperInfo):
            entry = self.entries[name] = typer.main.get_group_from_info(
                entry, pretty_exceptions_short=app_.pretty_exceptions_short,
                rich_markup_mode=app_.rich_markup_mode, suggest_commands=app_.suggest_commands)
        return entry

    def __setitem__(self, name: str, command: TyperCommand | TyperGroup) -> None:
        self.entries[name] = command

    def __delitem__(self, name: str) -> None:
        del self.entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self.entries  # without building it

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def lazy(typer_app: typer.Typer) -> typer.Typer:
    """`typer_app` as Typer runs it (same group, options, errors), except that its sub-commands
    are built one at a time, when looked up (`Commands`)."""
    registry = Commands(typer_app)
    base = typer_app.info.cls
    assert isinstance(base, type) and issubclass(base, TyperGroup)

    class LazyGroup(base):  # type: ignore[valid-type,misc]
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            self.commands = registry

        def list_commands(self, ctx: Any) -> list[str]:
            return list(self.commands)  # the names, in order, without building the commands

    shell = copy.copy(typer_app)  # the same settings and callback, and no commands to build
    shell.registered_commands, shell.registered_groups = [], []
    shell.info = copy.copy(typer_app.info)
    shell.info.cls = LazyGroup
    return shell


app = typer.Typer(
    cls=UsjpGroup,
    name="usjp",
    help="Query a Comparative Connections chronology: events by date, person, venue, format and kind.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ---- options shared by every command that selects events, defined once ----------------------
FILTERS: dict[str, tuple[Any, Any]] = {
    "actor": (Annotated[list[str] | None, typer.Option(
        "--actor", "-a", metavar="NAME", help="A person who takes part (any alias; repeat: all of them).")], None),
    "country": (Annotated[list[str] | None, typer.Option(
        "--country", "-c", metavar="CODE",
        help="A government that takes part: JP, US, 'Korea'... (repeat: all).")], None),
    "venue": (Annotated[str | None, typer.Option(
        "--venue", metavar="PLACE", help="Where it took place: a city or a country.")], None),
    "format": (Annotated[list[Format] | None, typer.Option(
        "--format", "-f", case_sensitive=False, help="Diplomatic format (repeat: any of them).")], None),
    "kind": (Annotated[list[Kind] | None, typer.Option(
        "--kind", "-k", case_sensitive=False, help="Kind of event (repeat: any of them).")], None),
    "since": (Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="On or after DATE: 2023-11-14, 2023-11, 'Nov 2023'.")], None),
    "until": (Annotated[str | None, typer.Option(
        "--until", metavar="DATE", help="On or before DATE; 2023-11 includes Nov. 30.")], None),
    "on": (Annotated[str | None, typer.Option(
        "--on", metavar="DATE", help="During DATE: a day, a month or a year.")], None),
    "text": (Annotated[list[str] | None, typer.Option(
        "--text", "-t", metavar="WORDS", help="Words in the entry (repeat: all of them).")], None),
}

OUTPUTS: dict[str, tuple[Any, Any]] = {
    out.value: (Annotated[bool, typer.Option(f"--{out.value}", help=help_)], False)
    for out, help_ in (
        (Output.TABLE, "A table (the default on a terminal)."),
        (Output.TSV, "Tab-separated, with a header (the default into a pipe)."),
        (Output.CSV, "CSV, with a header."),
        (Output.JSON, "A JSON array of events."),
        (Output.JSONL, "JSON Lines: one event per line."),
    )
}


# ---- where the chronologies come from: options of every command that loads one ------------
SOURCE_ENV = "USJP_SOURCE"
SOURCES: dict[str, tuple[Any, Any]] = {
    "source": (Annotated[list[Path] | None, typer.Option(
        "--source", metavar="PATH",
        help=f"A chronology file, or a directory of .txt files (repeat for several). Default: "
             f"${SOURCE_ENV} (paths separated by '{os.pathsep}'), else the bundled seed.")], None),
    "encoding": (Annotated[str | None, typer.Option(
        "--encoding", metavar="ENC", help="The chronology files' encoding (default UTF-8), e.g. cp1252.")], None),
    "actors": (Annotated[Path | None, typer.Option(
        "--actors", metavar="FILE", dir_okay=False,
        help="An actors TOML file that extends the registry (~/.config/usjp/actors.toml is read too).")], None),
}


class Shared:
    """A command with options added to its signature (`shared`), their values handed to it as one dict.

    The signature, which Typer reads to build the command's options, is worked out when Typer first
    asks for it: a run builds only the command it runs (`Commands`), so it evaluates only its
    annotations.
    """

    def __init__(self, func: Callable[..., Any], options: dict[str, tuple[Any, Any]], into: str) -> None:
        functools.update_wrapper(self, func, assigned=("__module__", "__name__", "__qualname__", "__doc__"),
                                 updated=())
        self.func, self.options, self.into = func, options, into

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in self.options}
        return self.func(*args, **{self.into: values}, **kwargs)

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        sig = inspect.signature(self.func, eval_str=True)  # real annotations, not the strings of __future__
        own = [p for p in sig.parameters.values() if p.name != self.into]
        extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
                 for name, (annotation, default) in self.options.items()]
        return sig.replace(parameters=[*own, *extra])

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}


def shared(options: dict[str, tuple[Any, Any]], into: str) -> Callable[[F], F]:
    """Add `options` to a command's signature and hand their values to it as one dict, `into`."""
    def decorate(func: F) -> F:
        return Shared(func, options, into)  # type: ignore[return-value]
    return decorate


# ---- from options to the core, and from the core to a writer -------------------------------
def source_paths(given: Sequence[Path] | None) -> list[Path]:
    """The --source paths, else those of $USJP_SOURCE, else the bundled seed."""
    from .resources import SEED_NAME, data_path

    if given:
        return list(given)
    env = [Path(p) for p in os.environ.get(SOURCE_ENV, "").split(os.pathsep) if p.strip()]
    return env or [data_path(SEED_NAME)]


def read_documents(sources: dict[str, Any], paths: Sequence[Path] | None = None) -> list[Document]:
    """Each chronology of `paths` (else the --source files, or the seed) read and parsed afresh,
    in --encoding, with the registry extended by --actors and the user's config file; a date
    that does not exist is a problem of its document, not an error (for `usjp lint`)."""
    from .actors import load_registry
    from .files import user_actor_files
    from .sources import load_documents

    registry = load_registry(user_actor_files(sources["actors"]))
    return load_documents(paths or source_paths(sources["source"]), encoding=sources["encoding"],
                          registry=registry, strict=False)


def build_query(values: dict[str, Any], people: Sequence[Person], present: set[str]) -> Query:
    """A Query from the filter options, with names checked against the people and governments
    of the chronologies."""
    query = Query(
        actors=tuple(find_actor(n, people).id for n in values["actor"] or ()),
        countries=tuple(find_country(c, present) for c in values["country"] or ()),
        venue=values["venue"],
        formats=tuple(values["format"] or ()),
        kinds=tuple(values["kind"] or ()),
        since=values["since"], until=values["until"], on=values["on"],
        words=tuple(values["text"] or ()),
    )
    query.window()  # a bad date is an error now, before anything is printed
    return query


class Selection(NamedTuple):
    """What a command selects: the store of the chronologies read, and the query the
    filter options make. The store answers in SQL; models are built only for what is asked."""

    db: Store
    query: Query
    files: tuple[Path, ...]  # the chronology files read
    names: dict[str, Path]  # each file by its document name

    def events(self, sort: SortKey | None = None, reverse: bool = False, limit: int | None = None) -> list[Event]:
        """The matching events, as models."""
        return self.db.select(self.query, sort, reverse, limit)

    @property
    def title(self) -> str | None:
        """The chronology's title, when there is one chronology."""
        headings = self.db.chronologies()
        return headings[0].title if len(headings) == 1 else None


def open_store(sources: dict[str, Any]) -> tuple[Store, list[Path], dict[str, Path]]:
    """The store of the --source files (or the seed): opened, or built by reading each file once.

    Also the files (resolved), and each file as given by its document name. The registry (extended by --actors and the
    user's config file) and the parser are loaded only when the store must be built.
    """
    from .files import FileReader, document_names, expand, user_actor_files
    from .store import cached

    paths = source_paths(sources["source"])
    pairs = expand(paths)  # once here for the names, once in the store: a directory is resolved, not its files
    given, files = [g for g, _ in pairs], [r for _, r in pairs]
    names = dict(zip(document_names(given), given, strict=True))  # as the user gave them
    by_path = {path: name for name, path in zip(names, files, strict=True)}
    read = FileReader(by_path, sources["encoding"], tuple(user_actor_files(sources["actors"])))
    db = cached(paths, read, registry=lambda: read.registry().actors, also=read.actor_files,
                variant=f"encoding={sources['encoding'] or ''}")
    for document in db.empty():
        sys.stderr.write(f"usjp: note: {visible(document)} has no dated entries; `usjp lint` says why\n")
    return db, files, names


def selected(filters: dict[str, Any], sources: dict[str, Any]) -> Selection:
    """The store of the sources and the query the filter options make."""
    db, files, names = open_store(sources)
    return Selection(db, build_query(filters, db.people(), db.countries()), tuple(files), names)


def one_flag(flags: dict[str, bool], default: str) -> str:
    """The one flag of a group that is set (or `default`); two at once is an error."""
    given = [name for name, on in flags.items() if on]
    if len(given) > 1:
        raise QueryError(f"give one output flag, not {' and '.join('--' + g for g in given)}")
    return given[0] if given else default


def chosen_output(flags: dict[str, bool]) -> Output:
    """The output flag given; a table on a terminal and TSV into a pipe when none is."""
    return Output(one_flag(flags, Output.TABLE if sys.stdout.isatty() else Output.TSV))


def emit_grid(grid: Grid, output: Output, title: str | None = None) -> None:
    """Print a result grid in the chosen output."""
    if output is Output.TABLE:
        from .render import grid_table, print_renderable

        print_renderable(grid_table(grid, title))
        return
    sys.stdout.write(GRID_WRITERS[output](grid))


def save_or_print(text: str, path: Path | None, *, force: bool, sources: Sequence[Path],
                  bom: bool = False) -> None:
    """Write `text` to `path` safely (never the source, never half a file), or to stdout."""
    text = "\ufeff" + text if bom else text
    if path is None:
        sys.stdout.write(text)
        return
    from .files import write_atomic

    write_atomic(path, text, force=force, sources=sources)
    sys.stderr.write(f"usjp: wrote {visible(str(path))}\n")


def exit_status(found: object) -> int:
    """0 when something was found, 1 when nothing was (like grep)."""
    return EXIT_OK if found else EXIT_NO_MATCH


OutputFile = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", dir_okay=False,
                                                 help="Write to FILE (atomically) instead of stdout.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]


# ---- commands ------------------------------------------------------------------------------
def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"usjp {__version__}\n")
        raise typer.Exit()


@app.callback()
def usjp(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Query a Comparative Connections chronology: events by date, person, venue, format and kind."""


@app.command()
@shared(OUTPUTS, into="outputs")
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def events(
    filters: dict[str, Any],
    sources: dict[str, Any],
    outputs: dict[str, bool],
    sort: Annotated[SortKey, typer.Option(help="Order of the events.")] = SortKey.DATE,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, metavar="N", help="At most N events.")] = None,
) -> int:
    """List the events that match every filter.

    Exit status: 0 when events matched, 1 when none did, 2 for bad input.

    Example: usjp events --actor Kamikawa --format trilateral --since 2023-11
    """
    output = chosen_output(outputs)
    chosen = selected(filters, sources)
    if output in (Output.TSV, Output.CSV):  # straight from the store: no models built
        grid = chosen.db.rows(chosen.query, sort, reverse, limit)
        sys.stdout.write(GRID_WRITERS[output](grid))
        return exit_status(grid.rows)
    if output in (Output.JSON, Output.JSONL):
        records = chosen.db.records(chosen.query, sort, reverse, limit)
        sys.stdout.write((records_json if output is Output.JSON else records_jsonl)(records))
        return exit_status(records)
    from .render import events_table, print_renderable

    found = chosen.events(sort, reverse, limit)
    print_renderable(events_table(found))
    return exit_status(found)


@app.command()
@shared(OUTPUTS, into="outputs")
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def count(
    filters: dict[str, Any],
    sources: dict[str, Any],
    outputs: dict[str, bool],
    by: Annotated[list[GroupBy] | None, typer.Option(
        "--by", "-b", case_sensitive=False,
        help="What to count by (default month); give two for a cross-table.")] = None,
    top: Annotated[int | None, typer.Option(min=1, metavar="N", help="Only the N largest rows.")] = None,
) -> int:
    """Count the matching events by actor, country, venue, format, kind or time.

    An event counts once under each of its actors or countries. Time buckets run in
    time order with the empty ones shown; other rows run by count, ties by name.

    Example: usjp count --by month --format trilateral
    """
    from .analysis import count as tally

    output = chosen_output(outputs)
    dims = tuple(by or [GroupBy.MONTH])
    if len(dims) > 2:
        raise QueryError("count --by takes one dimension, or two for a cross-table")
    chosen = selected(filters, sources)
    if len(dims) == 1:  # counted in SQL
        emit_grid(count_grid(chosen.db.count_by(chosen.query, dims[0], top)), output)
    else:
        emit_grid(count_grid(tally(chosen.events(), dims, top)), output)
    return exit_status(chosen.db.count_matching(chosen.query))


def count_grid(result: Any) -> Grid:
    """A count table or cross-table as a grid: keys, then counts (and a total per row)."""
    from .analysis import CrossTable

    if isinstance(result, CrossTable):
        columns = (result.by[0].value, *result.col_keys, "total")
        rows: tuple[tuple[str | int, ...], ...] = tuple(
            (r, *(result.cell(r, c) for c in result.col_keys), result.row_totals[r])
                     for r in result.row_keys)
        return Grid(columns, rows)
    return Grid((result.by[0].value, "events"), tuple((*key, n) for key, n in result.rows))


EXPORTS: dict[str, tuple[Any, Any]] = {
    name: (Annotated[bool, typer.Option(f"--{name}", help=help_)], False)
    for name, help_ in (
        ("csv", "CSV, one row per event (the default)."), ("tsv", "Tab-separated values."),
        ("json", "A JSON array of events."), ("jsonl", "JSON Lines."), ("md", "A Markdown table."),
        ("ics", "iCalendar (RFC 5545): all-day events for calendar programs."),
        ("timelinejs", "TimelineJS JSON, for an interactive timeline."),
    )
}


class Explode(StrEnum):
    """What `--explode` makes one row of."""

    ACTORS = "actors"


@app.command()
@shared(EXPORTS, into="formats")
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def export(
    filters: dict[str, Any],
    sources: dict[str, Any],
    formats: dict[str, bool],
    output: OutputFile = None,
    force: Force = False,
    explode: Annotated[Explode | None, typer.Option(
        help="CSV/TSV: one row per event and actor, for pivot tables.")] = None,
    bom: Annotated[bool, typer.Option("--bom", help="Start CSV/TSV with a UTF-8 BOM (for spreadsheets).")] = False,
    keep_formulas: Annotated[bool, typer.Option(
        "--keep-formulas", help="CSV/TSV: leave cells that start with = + - @ as they are.")] = False,
) -> int:
    """Export the matching events for other tools: CSV, TSV, JSON, Markdown, iCalendar, TimelineJS.

    CSV and TSV cells that a spreadsheet would run as a formula are neutralised (OWASP) unless
    --keep-formulas is given. With -o, the file is written whole or not at all.

    Example: usjp export --ics --actor Kamikawa -o kamikawa.ics
    """
    from . import calendars

    fmt = one_flag(formats, "csv")
    chosen = selected(filters, sources)
    db, query = chosen.db, chosen.query

    def grid() -> Grid:  # rows straight from the store, unless one per actor is wanted
        return Grid.of_events(chosen.events(), explode=True) if explode is Explode.ACTORS else db.rows(query)

    writers: dict[str, Callable[[], str]] = {
        "csv": lambda: grid_csv(grid(), safe=not keep_formulas),
        "tsv": lambda: grid_tsv(grid(), safe=not keep_formulas),
        "json": lambda: records_json(db.records(query)),
        "jsonl": lambda: records_jsonl(db.records(query)),
        "md": lambda: calendars.to_markdown(chosen.events()),
        "ics": lambda: calendars.to_ics(chosen.events()),
        "timelinejs": lambda: calendars.to_timelinejs(chosen.events(), chosen.title),
    }
    save_or_print(writers[fmt](), output, force=force, sources=chosen.files,
                  bom=bom and fmt in ("csv", "tsv"))
    return exit_status(db.count_matching(query))


@app.command()
@shared(OUTPUTS, into="outputs")
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def actors(
    filters: dict[str, Any],
    sources: dict[str, Any],
    outputs: dict[str, bool],
    role: Annotated[str | None, typer.Option(metavar="WORDS", help="Only actors whose role contains WORDS.")] = None,
    at: Annotated[str | None, typer.Option(metavar="DATE", help="Who held which role on DATE.")] = None,
) -> int:
    """List the people of the matching events: country, roles, number of events, first and last seen.

    With --country, only actors of that country. Sorted by number of events.

    Example: usjp actors --at 2023-09-12 --role "Foreign Affairs"
    """
    from .dates import parse_user_date
    from .roster import appearances, roles_text

    output = chosen_output(outputs)
    chosen = selected(filters, sources)
    day = parse_user_date(at).first if at else None
    country = tuple(find_country(c, []) for c in filters["country"] or ())
    rows = appearances(chosen.events(), chosen.db.actors(), at=day, country=country, role=role)
    grid = Grid(
        ("id", "name", "country", "level", "events", "first", "last", "role", "roles", "aliases"),
        tuple((r.actor.id, r.actor.name, r.actor.country or "", r.actor.level.value, r.events,
               r.first.isoformat(), r.last.isoformat(), r.role or "", roles_text(r.actor.roles),
               "; ".join(r.actor.aliases)) for r in rows))
    emit_grid(grid, output)
    return exit_status(rows)


@app.command()
@shared(SOURCES, into="sources")
def show(
    sources: dict[str, Any],
    event_id: Annotated[str, typer.Argument(metavar="ID", help="An event id (or its unique start).")],
    as_json: Annotated[bool, typer.Option("--json", help="The event, entry and passages as JSON.")] = False,
) -> int:
    """Show one event in full: every field, the entry as written, and the article's passages on it.

    Example: usjp show 2023-11-29-22f3
    """
    from .chronology import entry_as_written
    from .passages import body_paragraphs, passages_for
    from .sources import load_documents

    db, _, names = open_store(sources)
    event = find_event(event_id, db)
    (document,) = load_documents([names[event.source.document]], encoding=sources["encoding"])
    entry = entry_as_written(document.text, event, document.chronology)
    passages = passages_for(event, body_paragraphs(document.text))
    if as_json:
        record = event.model_dump(mode="json") | {
            "entry": entry, "passages": [{"line": p.line, "text": p.text} for p in passages]}
        sys.stdout.write(dumps(record, indent=2) + "\n")
        return EXIT_OK
    fields = event_fields(event, entry) + [(f"passage (line {p.line})", p.text) for p in passages]
    if sys.stdout.isatty():
        from .render import detail_panel, print_renderable

        print_renderable(detail_panel(fields, event.id))
    else:
        sys.stdout.write("".join(f"{name}: {visible_lines(value)}\n" for name, value in fields))
    return EXIT_OK


def find_event(wanted: str, db: Store) -> Event:
    """The event with id `wanted`, or the one whose id starts with it; else an error with the nearest ids."""
    ids = db.ids()
    prefixed = [wanted] if wanted in ids else [i for i in ids if i.startswith(wanted)]
    if len(prefixed) == 1:
        return db.by_id(prefixed[0])
    if prefixed:
        raise QueryError(f"{wanted!r} could be {', '.join(prefixed[:5])}; give more of the id")
    import difflib  # only for this message

    near = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5)
    hint = f"; nearest: {', '.join(near)}" if near else "; `usjp events` lists the ids"
    raise QueryError(f"no event with id {wanted!r}{hint}")


def event_fields(event: Event, entry: str) -> list[tuple[str, str]]:
    """An event as (field, value) lines for `usjp show`."""
    people = [f"{a.name} ({', '.join(p for p in (a.role, a.country, a.level.value) if p)})"
              for a in event.actors]
    venue = ", ".join(p for p in (event.venue.city, event.venue.country) if p) if event.venue else ""
    dates = event.start.isoformat() + (f" to {event.end.isoformat()}" if event.end != event.start else "")
    return [("id", event.id), ("date", dates), ("kind", event.kind.value), ("format", event.format.value),
            ("countries", ", ".join(event.countries)), ("venue", venue), ("actors", "; ".join(people)),
            ("source", "; ".join(f"{s.document}, line {s.line}" for s in event.sources)),
            *([("flags", ", ".join(event.flags))] if event.flags else []), ("entry", entry)]


class TimelineBy(StrEnum):
    """What `usjp timeline` draws: bars per week or month, or one row per actor."""

    WEEK = "week"
    MONTH = "month"
    ACTOR = "actor"


@app.command()
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def timeline(
    filters: dict[str, Any],
    sources: dict[str, Any],
    by: Annotated[TimelineBy, typer.Option("--by", "-b", case_sensitive=False,
                                           help="Bars per week or month, or one row per actor.")] = TimelineBy.MONTH,
    every: Annotated[GroupBy, typer.Option(
        "--every", case_sensitive=False, help="With --by actor: the time column (day, week, month...).")
    ] = GroupBy.WEEK,
    top: Annotated[int | None, typer.Option(min=1, metavar="N", help="With --by actor: the N busiest actors.")] = 20,
    svg: Annotated[Path | None, typer.Option("--svg", metavar="FILE", dir_okay=False,
                                             help="Save the chart as an SVG file (atomically).")] = None,
    force: Force = False,
) -> int:
    """Draw the matching events over time: bars per week or month, or who was active when.

    On a terminal the chart is drawn with Rich; into a pipe it is plain ASCII.

    Example: usjp timeline --by actor --every month --top 10 --svg actors.svg
    """
    from . import charts

    chosen = selected(filters, sources)
    found = chosen.events()
    if by is TimelineBy.ACTOR:
        chart: charts.BarChart | charts.DotChart = charts.actor_chart(found, every, top)
    else:
        chart = charts.bar_chart(found, GroupBy(by.value))
    if svg is not None:
        save_or_print(charts.to_svg(chart), svg, force=force, sources=chosen.files)
    elif sys.stdout.isatty():
        from .render import print_renderable

        print_renderable(charts.bar_renderable(chart) if isinstance(chart, charts.BarChart)
                         else charts.dot_renderable(chart))
    else:
        text = charts.bar_text(chart) if isinstance(chart, charts.BarChart) else charts.dot_text(chart)
        sys.stdout.write(text + "\n" if text else "")
    return exit_status(found)


class PairBy(StrEnum):
    """What `usjp network` pairs."""

    ACTOR = "actor"
    COUNTRY = "country"


@app.command()
@shared(OUTPUTS, into="outputs")
@shared(FILTERS, into="filters")
@shared(SOURCES, into="sources")
def network(
    filters: dict[str, Any],
    sources: dict[str, Any],
    outputs: dict[str, bool],
    by: Annotated[PairBy, typer.Option("--by", "-b", help="Pair actors or countries.")] = PairBy.ACTOR,
    dot: Annotated[bool, typer.Option("--dot", help="Graphviz DOT, for drawing the graph.")] = False,
    output: OutputFile = None,
    force: Force = False,
) -> int:
    """Who meets whom: pairs of actors (or countries) that take part in the same events, with counts.

    Example: usjp network --by country --dot -o network.dot && dot -Tsvg network.dot > network.svg
    """
    from .analysis import pairs

    chosen = selected(filters, sources)
    links = pairs(chosen.events(), by.value)
    if dot:
        if any(outputs.values()):
            raise QueryError("give --dot or one output flag, not both")
        save_or_print(to_dot(links, chosen.title or "usjp"), output, force=force, sources=chosen.files)
        return exit_status(links)
    if output is not None:
        raise QueryError("-o goes with --dot; for a table, redirect the output")
    grid = Grid((f"{by.value}_a", f"{by.value}_b", "events"), tuple(links))
    emit_grid(grid, chosen_output(outputs))
    return exit_status(links)


@app.command("sources")
@shared(OUTPUTS, into="outputs")
@shared(SOURCES, into="sources")
def sources_(sources: dict[str, Any], outputs: dict[str, bool]) -> int:
    """List the chronologies loaded: document, title, relationship, period, entries, file.

    Example: usjp sources --source chronologies/
    """
    output = chosen_output(outputs)
    db, _, names = open_store(sources)
    rows = tuple(
        (c.document, c.title or "", c.relationship or "",
         f"{c.period.start} to {c.period.end}" if c.period else "", entries, str(names[c.document]))
        for c, entries in zip(db.chronologies(), db.entries(), strict=True))
    emit_grid(Grid(("document", "title", "relationship", "period", "entries", "path"), rows), output)
    return exit_status(rows)


@app.command()
@shared(SOURCES, into="sources")
def lint(
    sources: dict[str, Any],
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[PATH]...", help="Chronology files or directories (default: the --source ones).")] = None,
) -> int:
    """Check chronologies: text that is not an entry, dates outside the period or out of order,
    repeated entries, people with no country, surnames that fit two people.

    Prints one line per problem: FILE:LINE: KIND: MESSAGE. Exit status: 0 when clean,
    1 when problems were found, 2 when a file cannot be read.

    Example: usjp lint us-china-2014-jan-apr.txt
    """
    from .sources import problems

    found = problems(read_documents(sources, paths))
    sys.stdout.write("".join(f"{p.document}:{p.line}: {p.kind}: {p.message}\n" for p in found))
    return EXIT_NO_MATCH if found else EXIT_OK


@app.command()
def schema() -> None:
    """Print the JSON Schema of exported events (generated from the models).

    Example: usjp schema > usjp-events.schema.json
    """
    sys.stdout.write(dumps(event_schema(), indent=2) + "\n")


@app.command()
@shared(SOURCES, into="sources")
def cite(
    sources: dict[str, Any],
    bibtex: Annotated[bool, typer.Option("--bibtex", help="A BibTeX @article entry.")] = False,
) -> int:
    """Print each source article's citation: author, title, journal, volume, issue, pages, date.

    Exit status: 0 when a citation was found, 1 when no source has one.

    Example: usjp cite --bibtex >> references.bib
    """
    from .citation import read_citation
    from .files import read_text

    cited = 0
    db, _, names = open_store(sources)
    for chronology in db.chronologies():
        name = visible(chronology.document)
        citation = read_citation(read_text(names[chronology.document], sources["encoding"]), chronology.relationship)
        if not citation.found():
            sys.stderr.write(f"usjp: note: {name}: no citation found "
                             "(no 'Preferred citation:' line and no journal header)\n")
            continue
        cited += 1
        sys.stdout.write(visible_lines(citation.bibtex() if bibtex else citation.plain() + "\n"))
        if citation.note:
            sys.stderr.write(f"usjp: note: {name}: {visible(citation.note)}\n")
    return exit_status(cited)


def main() -> None:
    """Console entry point: a closed pipe ends the program quietly, as for any Unix tool.

    A bug (any other exception) shows its traceback, without local variables, and exits
    with EXIT_BUG, so that a script can tell it from "nothing matched" (1).
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        lazy(app)(prog_name="usjp")  # where there is no SIGPIPE, Typer ends a closed pipe quietly itself
    except Exception:
        sys.excepthook(*sys.exc_info())  # Typer's: pretty, and show_locals is off
        sys.stderr.write("usjp: internal error: this is a bug in usjp; please report it with the lines above\n")
        raise SystemExit(EXIT_BUG) from None


# ---- usjp cache: the store of parsed archives (store.py) -------------------------------------
cache_app = typer.Typer(help="The cache of parsed chronologies: where it is, what it holds, clear it.",
                        no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """List the cached stores: events, size, when built and from which sources (most recent first)."""
    from . import store

    found = store.info()
    sys.stderr.write(f"usjp: cache in {store.cache_dir()}: {len(found)} store(s)\n")
    sys.stdout.write("".join(f"{s.path.name}\t{s.events} events\t{s.size / 1e6:.1f} MB\t{s.created}\t"
                             f"{store.sources_summary(s.sources)}\n" for s in found))


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached store; the next query reads its sources again."""
    from . import store

    removed, freed = store.clear()
    sys.stderr.write(f"usjp: removed {removed} store(s), {freed / 1e6:.1f} MB, from {store.cache_dir()}\n")
