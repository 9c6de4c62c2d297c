"""`usjp lint`: exactly the problems planted in each fixture, with their lines; exit 0, 1, 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from ustojapan_cli import parse
from ustojapan_cli.cli import app

runner = CliRunner()

# The problems planted in each fixture when it was written: (line, kind).
PLANTED = {
    "us-korea-1999.txt": [(24, "outside-period"), (30, "out-of-order")],
    "china-southeast-asia-2009.txt": [(8, "unread"), (9, "duplicate")],
    "japan-korea-2024.txt": [(17, "ambiguous"), (19, "unplaced")],
    "us-korea-2024.txt": [],
    # written for the core issue: "Sept. 9, 2014" and "Dec. 30, 2014-Jan. 2, 2015" in January-April 2014
    "us-china-2014.txt": [(23, "outside-period"), (29, "outside-period")],
}


def lint(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["lint", *args])


@pytest.mark.parametrize("name", list(PLANTED))
def test_lint_reports_exactly_the_planted_problems(name: str) -> None:
    r = lint(str(FIXTURES / name))
    got = [(int(line.split(":")[1]), line.split(": ")[1]) for line in r.stdout.splitlines()]
    assert got == PLANTED[name]
    assert r.exit_code == (1 if PLANTED[name] else 0)
    assert all(line.startswith(f"{name}:") for line in r.stdout.splitlines())


def test_lint_messages_say_what_is_wrong() -> None:
    out = lint(str(FIXTURES / "china-southeast-asia-2009.txt")).stdout
    assert "'March 12:' starts like an entry but has no year" in out
    assert "repeats the entry that starts on line 9" in out
    out = lint(str(FIXTURES / "japan-korea-2024.txt")).stdout
    assert "'Lee' could be Lee Chang-yang or Lee Jong-sup" in out
    assert "Mizushima Koichi (Ambassador): no country" in out


def test_lint_several_files_and_the_source_option() -> None:
    r = lint(str(FIXTURES / "us-korea-1999.txt"), str(FIXTURES / "us-korea-2024.txt"))
    assert r.exit_code == 1 and len(r.stdout.splitlines()) == 2
    r = lint("--source", str(FIXTURES / "us-korea-2024.txt"))
    assert r.exit_code == 0 and r.stdout == ""


def test_a_date_that_does_not_exist_is_a_problem_for_lint(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Chronology of US-Japan Relations\nJanuary - April 2020\n\n"
                    "Feb. 30, 2020: Nothing.\nMar. 1, 2020: Kishida meets Biden.\n", encoding="utf-8")
    r = lint(str(path))
    assert r.exit_code == 1
    assert r.stdout == "c.txt:4: unread: Feb. 30, 2020 is not a date\n"


def test_text_between_the_heading_and_the_first_entry_is_reported() -> None:
    c = parse("Chronology of US-Japan Relations\nJanuary - April 2020\nSee the notes below.\n\n"
              "Jan. 5, 2020: Kishida meets Biden.\n", "c.txt")
    assert [(p.line, p.kind) for p in c.problems] == [(3, "unread")]


def test_out_of_order_flags_only_the_misplaced_entry() -> None:
    c = parse("Jan. 1, 2020: A. Jan. 9, 2020: B. Jan. 3, 2020: C. Jan. 5, 2020: D. Jan. 12, 2020: E.")
    assert [e.flags for e in c.events] == [(), ("out-of-order",), (), (), ()]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b"\x00\x01binary"), "binary"),
    (lambda p: p.write_bytes(b"Jan. 1, 2020: caf\xe9"), "not utf-8"),
])
def test_a_file_that_cannot_be_read_is_exit_2(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.txt"
    make(path)
    r = lint(str(path))
    assert r.exit_code == 2 and r.stdout == ""
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_an_article_body_without_a_heading_is_not_linted() -> None:
    c = parse("Nov. 3, 1999 saw the talks resume in Berlin. It went well.\n\n"
              "Nov. 5, 1999: Kishida meets Biden.\n")
    assert c.problems == ()


def test_a_line_that_is_not_an_entry_is_reported_once() -> None:
    c = parse("Chronology of US-Japan Relations\nJanuary - April 2020\nJan. 3 2020 Kishida meets Biden.\n"
              "Jan. 5, 2020: Kishida meets Biden.\n")
    assert [(p.line, p.kind, p.message) for p in c.problems] == [
        (3, "unread", "'Jan. 3 2020' starts like an entry but has no colon after the date")]
