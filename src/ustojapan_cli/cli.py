"""The `usjp` command line: options in, a query to the core, the result to a writer.

No parsing, filtering or formatting lives here. Errors from the core (`UsjpError`)
and from the command line itself become one line on stderr and exit status 2.
"""

import functools
import inspect
import signal
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from .errors import QueryError, UsjpError
from .export import WRITERS, Output
from .models import Chronology, Event, Format, Kind
from .query import Query, SortKey, find_actor, find_country, select, sort_events

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print one line to stderr and exit."""
    sys.stderr.write(f"usjp: {message}\n")
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
            fail("interrupted", 130)
        raise SystemExit(rv if isinstance(rv, int) else EXIT_OK)


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


def shared(options: dict[str, tuple[Any, Any]], into: str) -> Callable[[F], F]:
    """Add `options` to a command's signature and hand their values to it as one dict, `into`."""
    def decorate(func: F) -> F:
        sig = inspect.signature(func)
        own = [p for p in sig.parameters.values() if p.name != into]
        extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                   annotation=annotation)
                 for name, (annotation, default) in options.items()]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in options}
            return func(*args, **{into: values}, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=[*own, *extra])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *extra]}
        return wrapper  # type: ignore[return-value]
    return decorate


# ---- from options to the core, and from the core to a writer -------------------------------
def load_chronology() -> Chronology:
    """The chronology the commands work on (the bundled seed)."""
    from .chronology import load

    return load()


def build_query(values: dict[str, Any], chronology: Chronology) -> Query:
    """A Query from the filter options, with names checked against the chronology."""
    from .actors import load_registry

    people = list(chronology.actors) + [a for a in load_registry().actors
                                        if a.id not in {b.id for b in chronology.actors}]
    present = {c for e in chronology.events for c in e.countries}
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


def chosen_output(flags: dict[str, bool]) -> Output:
    """The one output flag given; a table on a terminal and TSV into a pipe when none is."""
    given = [name for name, on in flags.items() if on]
    if len(given) > 1:
        raise QueryError(f"give one output flag, not {' and '.join('--' + g for g in given)}")
    if given:
        return Output(given[0])
    return Output.TABLE if sys.stdout.isatty() else Output.TSV


def write_events(events: list[Event], output: Output) -> None:
    """Print events in the chosen output."""
    if output is Output.TABLE:
        from .render import events_table, print_table

        print_table(events_table(events))
        return
    sys.stdout.write(WRITERS[output](events))


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
def events(
    filters: dict[str, Any],
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
    chronology = load_chronology()
    found = sort_events(select(chronology.events, build_query(filters, chronology)), sort, reverse)
    found = found[:limit] if limit else found
    write_events(found, output)
    return EXIT_OK if found else EXIT_NO_MATCH


def main() -> None:
    """Console entry point: a closed pipe ends the program quietly, as for any Unix tool."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(prog_name="usjp")
