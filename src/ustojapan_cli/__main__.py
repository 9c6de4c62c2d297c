"""`python -m ustojapan_cli` runs the `usjp` command."""

from . import run

run()
