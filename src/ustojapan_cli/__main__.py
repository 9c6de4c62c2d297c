"""`python -m ustojapan_cli` runs the `usjp` command."""

from .cli import main

main()
