"""Stand-in for `usjp events|count --source FILE` until the CLI's loading path calls the store.

    python bench/usjp_store.py events FILE --actor Kamikawa     # CSV of the matching events
    python bench/usjp_store.py count FILE                       # count by month, CSV

It does what the wired command will do, through the same modules: import the CLI (Typer,
the models), open the store of FILE or build it (`store.cached`, parsing on a miss), resolve
the actor name as `cli.build_query` does (over `Store.people`), select or count in SQL, and
write CSV with the same writers, from the stored rows (`Store.rows`: no models are built).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ustojapan_cli import cli  # noqa: F401  (the import cost of the real command)
from ustojapan_cli.analysis import GroupBy
from ustojapan_cli.export import GRID_WRITERS, Grid, Output
from ustojapan_cli.query import Query, find_actor
from ustojapan_cli.store import cached

if TYPE_CHECKING:
    from ustojapan_cli.models import Chronology


def main(argv: list[str]) -> int:
    """`events FILE [--actor NAME]` or `count FILE`."""
    command, source = argv[0], Path(argv[1])
    db = cached([source], read)
    actors: tuple[str, ...] = ()
    if "--actor" in argv:
        actors = (find_actor(argv[argv.index("--actor") + 1], db.people()).id,)
    query = Query(actors=actors)
    if command == "count":
        table = db.count_by(query, GroupBy.MONTH)
        grid = Grid(("month", "events"), tuple((*key, n) for key, n in table.rows))
        sys.stdout.write(GRID_WRITERS[Output.CSV](grid))
        return 0 if table.rows else 1
    grid = db.rows(query)
    sys.stdout.write(GRID_WRITERS[Output.CSV](grid))
    return 0 if grid.rows else 1


def read(path: Path) -> Chronology:
    """Parse one source file (on a cache miss only)."""
    from ustojapan_cli.chronology import load

    return load(path)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
