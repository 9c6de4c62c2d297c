"""Stand-in for `usjp events|count --source FILE` until the CLI's loading path calls the store.

    python bench/usjp_store.py events FILE --actor Kamikawa     # CSV of the matching events
    python bench/usjp_store.py count FILE                       # count by month, CSV

It does what the wired command will do, through the same modules: import the CLI (Typer,
the models), open the store of FILE or build it (`store.cached`, parsing on a miss), resolve
the actor name as `cli.build_query` does, select or count in SQL, write CSV with the same writers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ustojapan_cli import cli  # noqa: F401  (the import cost of the real command)
from ustojapan_cli.analysis import GroupBy
from ustojapan_cli.export import GRID_WRITERS, WRITERS, Grid, Output
from ustojapan_cli.query import Query, find_actor
from ustojapan_cli.store import cached


def main(argv: list[str]) -> int:
    """`events FILE [--actor NAME]` or `count FILE`."""
    from ustojapan_cli.actors import load_registry
    from ustojapan_cli.chronology import load

    command, source = argv[0], Path(argv[1])
    db = cached([source], load)
    actors: tuple[str, ...] = ()
    if "--actor" in argv:
        name = argv[argv.index("--actor") + 1]
        people = db.actors()
        known = {a.id for a in people}
        actors = (find_actor(name, people + [a for a in load_registry().actors if a.id not in known]).id,)
    query = Query(actors=actors)
    if command == "count":
        table = db.count_by(query, GroupBy.MONTH)
        grid = Grid(("month", "events"), tuple((*key, n) for key, n in table.rows))
        sys.stdout.write(GRID_WRITERS[Output.CSV](grid))
        return 0 if table.rows else 1
    found = db.select(query)
    sys.stdout.write(WRITERS[Output.CSV](found))
    return 0 if found else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
