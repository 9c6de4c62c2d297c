"""Print what `parse()` reads from chronology files, one JSON line per event, problem and actor.

    python bench/reading.py tests/fixtures/*.txt /tmp/usjp-10k.txt > before.jsonl
    # ... change the parser for speed ...
    python bench/reading.py tests/fixtures/*.txt /tmp/usjp-10k.txt | diff before.jsonl - && echo same

A change made only for speed must leave this output byte for byte the same. Without
files, the bundled seed article is read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ustojapan_cli import parse
from ustojapan_cli.files import read_text
from ustojapan_cli.resources import SEED_NAME, data_path


def main(paths: list[str]) -> None:
    for path in [Path(p) for p in paths] or [data_path(SEED_NAME)]:
        chronology = parse(read_text(path), path.name)
        out = sys.stdout
        out.write(chronology.model_copy(update={"events": (), "actors": (), "problems": ()}).model_dump_json() + "\n")
        for item in (*chronology.events, *chronology.actors, *chronology.problems):
            out.write(item.model_dump_json() + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
