"""The README's examples: every `$ usjp ...` line in a ```console block is run from the
repository's top, and its output must be the lines shown under it, so the README cannot
drift from the program. A command that ends in `# exit N` must exit with N, others with 0."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ustojapan_cli.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every console block of the README."""
    found = []
    for block in _BLOCK.findall(README.read_text(encoding="utf-8")):
        command, _, output = block.partition("\n")
        assert command.startswith("$ usjp "), f"a console block starts with '$ usjp ': {command!r}"
        found.append((command[2:], output))
    return found


def test_the_readme_has_examples_of_every_command() -> None:
    shown = {shlex.split(command)[1] for command, _ in examples()}
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert names - {"schema"} <= shown, f"commands with no example in the README: {names - shown}"


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    command, _, status = command.partition("  # exit ")
    monkeypatch.chdir(README.parent)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == int(status or 0), result.stderr
    assert result.stdout == expected
