"""The table of bad inputs, through the command line: each one exit 2 and one clear line.

And files `usjp` writes (`-o`): never the chronology being read, never half a file, the
old file kept when writing fails or is interrupted. Bad *files* given to read (missing,
binary, not UTF-8, ...) through `--source` and `--actors`; their finer points are tested on
`files.read_text` in test_files.py.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from hostile_args import Arg, arg_lists
from ustojapan_cli import cli, files
from ustojapan_cli.resources import SEED_NAME, data_path

runner = CliRunner()
OLD = b"old contents\n"


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli.app, list(args))


def one_error_line(result: Any, code: int = 2) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("usjp: "), result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[0])


@pytest.mark.parametrize(("args", "message"), [
    (["events", "--since", "Feb. 30, 2023"], "usjp: 'Feb. 30, 2023' is not a real date"),
    (["events", "--until", "Sept. 31 2023"], "usjp: 'Sept. 31 2023' is not a real date"),
    (["events", "--on", "Oct. 18-16, 2023"], "usjp: cannot read 'Oct. 18-16, 2023' as one date with a 4-digit "
                                             "year; for a range give --since and --until"),
    (["events", "--since", "Smarch 2023"], "usjp: cannot read 'Smarch 2023' as a date"),
    (["events", "--on", "0000"], "usjp: '0000' is not a real date"),
    (["events", "--on", "2023-13"], "usjp: '2023-13' is not a real date"),
    (["count", "--since", "2023-12-01", "--until", "2023-11-30"],
     "usjp: --since (2023-12-01) is after --until (2023-11-30); swap them"),
    (["export", "--format", "bilaterall"], "'bilaterall' is not one of"),
    (["count", "--kind", "party"], "'party' is not one of"),
    (["export", "--csv", "--json"], "usjp: give one output flag, not --csv and --json"),
    (["count", "--tsv", "--table"], "usjp: give one output flag, not --table and --tsv"),
    (["events", "--actor", "\x1b[2JKamikawa"], "usjp: unknown actor '\\x1b[2JKamikawa'"),
])
def test_bad_values(args: list[str], message: str) -> None:
    assert message in one_error_line(run(*args))


def bad_file(kind: str, folder: Path) -> Path:
    """A file (or directory) of the kind named, in `folder`."""
    path = folder / f"{kind}.txt"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
        return path
    path.write_bytes({
        "empty": b"",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "cp1252": "Chronology of US-Japan Relations\nSept. 1, 2023: Kishida\u2019s caf\u00e9.\n".encode("cp1252"),
        "bad date": b"Chronology of US-Japan Relations\nFeb. 30, 2023: Kishida meets Biden.\n",
    }[kind])
    return path


@pytest.mark.parametrize(("kind", "message"), [
    ("missing", "no such file"),
    ("directory", "holds no .txt files"),  # a directory of chronologies, with none in it
    ("empty", "is empty"),
    ("binary", "binary"),
    ("cp1252", ":2: byte 0x92"),
    ("bad date", ":2: "),
])
@pytest.mark.parametrize("command", ["events", "count", "lint"])
def test_bad_chronology_files(tmp_path: Path, kind: str, message: str, command: str) -> None:
    path = bad_file(kind, tmp_path)
    args = [command, str(path)] if command == "lint" else [command, "--source", str(path)]
    if command == "lint" and kind == "bad date":
        r = run(*args)  # lint reports a date that does not exist as a problem, not an error
        assert r.exit_code == 1 and ":2: " in r.stdout and "Traceback" not in r.stderr
        return
    line = one_error_line(run(*args))
    assert message in line and str(path.name) in line
    if kind == "cp1252":
        assert "--encoding" in line


def test_the_encoding_named_reads_the_file(tmp_path: Path) -> None:
    r = run("events", "--source", str(bad_file("cp1252", tmp_path)), "--encoding", "cp1252", "--tsv")
    assert r.exit_code == 0 and "Kishida\u2019s caf\u00e9" in r.stdout


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # 100 MB, sparse: nothing is written but the size
        fh.truncate(100 * 2**20)
    line = one_error_line(run("events", "--source", str(path)))
    assert "huge.txt" in line and "MB" in line


def test_an_actor_registry_with_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    registry = tmp_path / "people.toml"
    registry.write_text('[[actor]]\nid = "x"\nname = "X Y"\ncountry = JP\n', encoding="utf-8")
    line = one_error_line(run("events", "--actors", str(registry)))
    assert "people.toml:4" in line and "TOML" in line


def use_source(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the commands read the chronology file `path` (as `--source` would)."""
    monkeypatch.setenv("USJP_SOURCE", str(path))


@pytest.fixture
def own_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The commands read a copy of the seed in tmp_path (so a bug cannot overwrite the real one)."""
    copy = tmp_path / "chronology.txt"
    shutil.copyfile(data_path(SEED_NAME), copy)
    use_source(copy, monkeypatch)
    return copy


@pytest.mark.parametrize("how", ["same path", "relative path", "symbolic link", "hard link"])
def test_output_over_the_chronology_being_read_is_refused(
        own_source: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = own_source.read_bytes()
    target = {"same path": own_source, "relative path": Path("chronology.txt"),
              "symbolic link": own_source.parent / "link.txt", "hard link": own_source.parent / "hard.txt"}[how]
    monkeypatch.chdir(own_source.parent)
    if how == "symbolic link":
        target.symlink_to(own_source)
    if how == "hard link":
        os.link(own_source, target)
    line = one_error_line(run("export", "--csv", "-o", str(target), "--force"))
    assert line == f"usjp: {target} is the chronology being read; choose another output file"
    assert own_source.read_bytes() == before


def test_output_into_a_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.csv"
    line = one_error_line(run("export", "-o", str(target)))
    assert line == f"usjp: cannot write {target}: directory {target.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_output_into_a_read_only_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.os, "access", lambda *a, **k: False)  # faked: root may write anywhere
    line = one_error_line(run("export", "-o", str(tmp_path / "out.csv")))
    assert line == f"usjp: cannot write {tmp_path / 'out.csv'}: directory {tmp_path} is not writable"
    assert os.listdir(tmp_path) == []


def test_output_over_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    assert one_error_line(run("export", "-o", str(target))) == f"usjp: {target} exists; use --force to overwrite it"
    assert target.read_bytes() == OLD
    r = run("export", "-o", str(target), "--force")
    assert r.exit_code == 0 and r.stderr == f"usjp: wrote {target}\n"
    assert target.read_bytes().startswith(b"id,start,end,")


@pytest.mark.parametrize("name", ["a" * 300, "a/" * 3000 + "x"])
def test_output_to_a_name_too_long(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)  # regression: os.stat's "File name too long" escaped as a bug (exit 70)
    assert one_error_line(run("export", "-o", name)) == f"usjp: cannot write {name}: File name too long"


def test_an_error_line_cannot_drive_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "\x1b[2J\x1b]0;pwned\x07.csv"
    assert run("export", "-o", name).stderr == "usjp: wrote \\x1b[2J\\x1b]0;pwned\\x07.csv\n"
    line = one_error_line(run("export", "-o", name))  # now it exists
    assert line == "usjp: \\x1b[2J\\x1b]0;pwned\\x07.csv exists; use --force to overwrite it"
    assert "\x1b" not in one_error_line(run("events", "--\x1b[2J"))


def test_output_to_a_directory(tmp_path: Path) -> None:
    assert "is a directory" in one_error_line(run("export", "-o", str(tmp_path)))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_is_one_line() -> None:
    line = one_error_line(run("export", "--ics", "-o", "/dev/full"))
    assert line == "usjp: cannot write /dev/full: No space left on device"
    assert Path("/dev/full").is_char_device()  # written into, never replaced by a file


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_output_to_dev_null_needs_no_force_and_stays_a_device() -> None:
    r = run("export", "-o", "/dev/null")
    assert r.exit_code == 0, r.stderr
    assert Path("/dev/null").is_char_device()


def interrupt() -> None:
    raise KeyboardInterrupt


def disk_full() -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(("failure", "code", "message"), [
    (interrupt, 130, "usjp: interrupted"),
    (disk_full, 2, "usjp: cannot write {}: No space left on device"),
])
@pytest.mark.parametrize("args", [["export", "--csv"], ["export", "--ics"], ["network", "--dot"]])
def test_interrupted_or_full_write_keeps_the_old_file(
        tmp_path: Path, fail_mid_write: Callable[[Callable[[], None]], list[str]], args: list[str],
        failure: Callable[[], None], code: int, message: str) -> None:
    target = tmp_path / "out"
    target.write_bytes(OLD)
    temps = fail_mid_write(failure)
    r = run(*args, "-o", str(target), "--force")
    assert r.exit_code == code
    assert r.stderr.strip().splitlines()[-1] == message.format(target)
    assert target.read_bytes() == OLD
    assert len(temps) == 1 and os.listdir(tmp_path) == ["out"]  # the half-written temporary file is gone


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arg_lists)
def test_generated_command_lines_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            args: list[Arg]) -> None:
    """The generator of test_installed.py, many more times: no exception escapes the CLI."""
    monkeypatch.chdir(tmp_path)
    text_args = [a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a for a in args]
    r = runner.invoke(cli.app, text_args)
    assert r.exit_code in (0, 1, 2), (args, r.exit_code, r.stderr, r.exception)
    assert r.exception is None or isinstance(r.exception, SystemExit), (args, repr(r.exception))
    assert "\x1b" not in r.stderr
    if r.exit_code == 2:
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("usjp: "), (args, r.stderr)


# --- a hostile chronology, through the commands ------------------------------------------------

HOSTILE = (
    "Chronology of US - Japan Relations\n\n"
    "Jan. 2, 2020: =HYPERLINK(\"http://evil.example\",\"x\") [red]Kishida[/red] meets Biden \x1b[2J in Tokyo.\n"
    "Jan. 3, 2020: Biden; calls Kishida, \x1b]0;pwned\x07 END:VEVENT BEGIN:VEVENT.\n"
)


@pytest.fixture
def hostile_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    use_source(path, monkeypatch)


@pytest.mark.usefixtures("hostile_source")
def test_table_of_a_hostile_chronology_is_literal() -> None:
    r = runner.invoke(cli.app, ["events", "--table"], env={"COLUMNS": "400"})  # wide: no wrapping
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    flat = "".join(r.stdout.split())
    assert "[red]Kishida[/red]meetsBiden\\x1b[2JinTokyo." in flat
    assert "\\x1b]0;pwned\\x07" in flat


@pytest.mark.usefixtures("hostile_source")
def test_csv_of_a_hostile_chronology_is_neutralised_unless_asked() -> None:
    safe = list(csv.DictReader(io.StringIO(run("export", "--csv").stdout, newline="")))
    assert safe[0]["text"].startswith("'=HYPERLINK(")
    kept = list(csv.DictReader(io.StringIO(run("export", "--csv", "--keep-formulas").stdout, newline="")))
    assert kept[0]["text"].startswith("=HYPERLINK(")
    assert run("export", "--tsv").stdout.splitlines()[1].split("\t")[9].startswith("'=HYPERLINK(")


@pytest.mark.usefixtures("hostile_source")
def test_ics_of_a_hostile_chronology_has_one_event_per_entry() -> None:
    ics = run("export", "--ics").stdout_bytes.decode()  # .stdout turns CRLF into LF
    starts = [line for line in ics.split("\r\n") if not line.startswith(" ")]
    assert starts.count("BEGIN:VEVENT") == 2 and starts.count("END:VEVENT") == 2
    assert "SUMMARY:Biden\\; calls Kishida\\, ]0\\;pwned END:VEVENT BEGIN:VEVENT." in ics.replace("\r\n ", "")


@pytest.mark.usefixtures("hostile_source")
def test_show_of_a_hostile_entry_is_inert_even_into_a_pipe() -> None:
    r = run("show", "2020-01-03")
    assert r.exit_code == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "entry: Jan. 3, 2020: Biden; calls Kishida, \\x1b]0;pwned\\x07 END:VEVENT BEGIN:VEVENT.\n" in r.stdout


def test_a_changed_source_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "chronology.txt"
    path.write_text("Chronology of US-Japan Relations\nJan. 3, 2020: Kishida meets Biden in Tokyo.\n",
                    encoding="utf-8")
    assert run("count", "--by", "year", "--source", str(path)).stdout == "year\tevents\n2020\t1\n"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("Jan. 5, 2020: Kishida meets Biden in Osaka.\n")
    assert run("count", "--by", "year", "--source", str(path)).stdout == "year\tevents\n2020\t2\n"


def test_a_file_read_in_one_encoding_is_not_served_from_the_cache_in_another(tmp_path: Path) -> None:
    path = bad_file("cp1252", tmp_path)
    assert run("events", "--source", str(path), "--encoding", "cp1252").exit_code == 0
    assert "--encoding" in one_error_line(run("events", "--source", str(path)))


def test_a_source_with_no_entries_is_noted_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Things to read next week.\n", encoding="utf-8")
    (tmp_path / "chronology.txt").write_text(
        "Chronology of US-Japan Relations\nJan. 3, 2020: Kishida meets Biden in Tokyo.\n", encoding="utf-8")
    r = run("count", "--by", "year", "--source", str(tmp_path))
    assert r.exit_code == 0 and r.stdout == "year\tevents\n2020\t1\n"
    assert r.stderr == "usjp: note: notes.txt has no dated entries; `usjp lint` says why\n"
