"""write_atomic: no clobbering without force, and no half-written or stray files on failure."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ustojapan_cli import files
from ustojapan_cli.errors import UsjpError
from ustojapan_cli.files import write_atomic

ORIGINAL = "old contents, ünïcode\n".encode()


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "out.ics"
    path.write_bytes(ORIGINAL)
    return path


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def interrupt(*args: Any, **kwargs: Any) -> None:
    raise KeyboardInterrupt


def test_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    write_atomic(path, "héllo 上川\r\n", force=False)
    assert path.read_bytes() == "héllo 上川\r\n".encode()  # no newline translation
    assert sorted(os.listdir(tmp_path)) == ["new.md"]


def test_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    write_atomic(path, "é", force=False, encoding="latin-1")
    assert path.read_bytes() == b"\xe9"
    with pytest.raises(UsjpError, match="ascii"):
        write_atomic(tmp_path / "ascii.txt", "上", force=False, encoding="ascii")
    assert sorted(os.listdir(tmp_path)) == ["latin.txt"]


def test_existing_file_without_force_is_untouched(existing: Path) -> None:
    before = existing.stat()
    with pytest.raises(UsjpError, match=r"exists.*--force"):
        write_atomic(existing, "new", force=False)
    assert existing.read_bytes() == ORIGINAL
    assert existing.stat().st_ino == before.st_ino
    assert os.listdir(existing.parent) == [existing.name]


def test_force_replaces_and_keeps_permissions(existing: Path) -> None:
    existing.chmod(0o640)  # neither the default 0o644 nor a temporary file's 0o600
    write_atomic(existing, "new\n", force=True)
    assert existing.read_bytes() == b"new\n"
    assert mode(existing) == 0o640
    assert os.listdir(existing.parent) == [existing.name]


def test_new_file_mode_is_0644_less_umask(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    write_atomic(tmp_path / "a", "x", force=False)
    assert mode(tmp_path / "a") == 0o644
    umask(0o027)
    write_atomic(tmp_path / "b", "x", force=False)
    assert mode(tmp_path / "b") == 0o640  # 0o644 & ~0o027


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(UsjpError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "out.ics", "x", force=True)
    assert os.listdir(tmp_path) == []


def test_parent_is_a_file(existing: Path) -> None:
    with pytest.raises(UsjpError, match="not a directory"):
        write_atomic(existing / "out.ics", "x", force=True)
    assert existing.read_bytes() == ORIGINAL


def test_path_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(UsjpError, match="is a directory"):
        write_atomic(tmp_path / "dir", "x", force=True)
    assert (tmp_path / "dir").is_dir()
    assert os.listdir(tmp_path / "dir") == []


def test_unwritable_directory_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # os.access is what decides; faked so the test also runs as root.
    monkeypatch.setattr(files.os, "access", lambda *a, **k: False)
    with pytest.raises(UsjpError, match="not writable"):
        write_atomic(tmp_path / "out.ics", "x", force=False)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_directory_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(UsjpError, match="not writable"):
            write_atomic(locked / "out.ics", "x", force=False)
    finally:
        locked.chmod(0o700)
    assert os.listdir(locked) == []


def test_symlink_is_written_through(existing: Path) -> None:
    link = existing.parent / "link.ics"
    link.symlink_to(existing.name)
    write_atomic(link, "via link", force=True)
    assert link.is_symlink()
    assert existing.read_text() == "via link"


@pytest.mark.parametrize(
    ("target", "failure", "expected"),
    [
        ("replace", enospc, UsjpError),
        ("replace", interrupt, KeyboardInterrupt),
        ("fsync", enospc, UsjpError),
        ("fsync", interrupt, KeyboardInterrupt),
    ],
)
def test_failure_leaves_original_and_no_temp_file(
    existing: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    failure: Callable[..., None],
    expected: type[BaseException],
) -> None:
    temps: list[str] = []
    real = tempfile.NamedTemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:
        handle = real(*args, **kwargs)
        temps.append(handle.name)
        return handle

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", spy)
    monkeypatch.setattr(files.os, target, failure)
    with pytest.raises(expected) as caught:
        write_atomic(existing, "new contents that never land\n", force=True)
    if expected is UsjpError:
        assert "No space left on device" in str(caught.value)
    assert existing.read_bytes() == ORIGINAL
    assert len(temps) == 1  # a temporary file was made ...
    assert not os.path.exists(temps[0])  # ... and removed
    assert Path(temps[0]).parent == existing.parent  # in the same directory
    assert os.listdir(existing.parent) == [existing.name]


@pytest.mark.parametrize(
    ("failure", "expected"), [(enospc, UsjpError), (interrupt, KeyboardInterrupt)]
)
def test_failure_in_the_middle_of_the_write(
    existing: Path,
    fail_mid_write: Callable[[Callable[[], None]], list[str]],
    failure: Callable[..., None],
    expected: type[BaseException],
) -> None:
    """Half the data reaches the temporary file, then the disk fills up (or ^C)."""
    temps = fail_mid_write(failure)
    with pytest.raises(expected):
        write_atomic(existing, "x" * 100_000, force=True)
    assert existing.read_bytes() == ORIGINAL
    assert len(temps) == 1
    assert not os.path.exists(temps[0])
    assert os.listdir(existing.parent) == [existing.name]


def test_new_file_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files.os, "replace", enospc)
    with pytest.raises(UsjpError, match="No space left on device"):
        write_atomic(tmp_path / "out.ics", "x", force=False)
    assert os.listdir(tmp_path) == []


# --- read_text: every way a file from a user can be wrong, and what the message says ---------


def read_error(path: Path, encoding: str | None = None) -> str:
    with pytest.raises(UsjpError) as caught:
        files.read_text(path, encoding)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_read_a_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file; check the path"


def test_read_a_directory(tmp_path: Path) -> None:
    assert read_error(tmp_path) == f"{tmp_path} is a directory; give a chronology file"


@pytest.mark.parametrize("content", [b"", b" \n\r\n\t \n"])
def test_read_an_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read_error(path) == f"{path} is empty; give a file that holds a chronology"


def test_read_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert read_error(path) == f"{path} is a binary file, not text; give a chronology as plain text"


def test_read_text_not_in_utf8_names_line_column_and_byte_and_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    text = "Chronology of US - Japan Relations\n\nSept. 1, 2023: Kishida’s visit.\n"
    path.write_bytes(text.encode("cp1252"))  # ’ is 0x92 on line 3, after the 22 characters "Sept. 1, 2023: Kishida"
    offset = len("Chronology of US - Japan Relations\n\nSept. 1, 2023: Kishida")
    assert read_error(path) == (f"{path}:3: byte 0x92 (column 23, offset {offset}) is not utf-8; "
                                "give the file's encoding with --encoding (e.g. cp1252)")
    assert files.read_text(path, "cp1252") == text


def test_read_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Jan. 1, 2020: x.\n")
    assert read_error(path, "klingon") == "unknown encoding 'klingon'; give one such as utf-8, cp1252 or latin-1"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_read_a_file_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("Chronology of US - Japan\nNov. 14, 2023: 上川 meets Blinken.\n".encode(encoding))
    text = files.read_text(path)
    assert text == "Chronology of US - Japan\nNov. 14, 2023: 上川 meets Blinken.\n"  # no BOM, not "binary"


def test_read_utf16_named_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "le.txt"
    path.write_bytes("Jan. 1, 2020: x.\n".encode("utf-16-le"))  # no BOM: NUL bytes, but the user said so
    assert files.read_text(path, "UTF-16LE") == "Jan. 1, 2020: x.\n"
    assert "binary" in read_error(path)


def test_read_a_100_mb_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 2**20)  # sparse: takes no disk space

    def no_reading(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert read_error(path) == f"{path} is 100 MB; a chronology is far smaller: split the file (at most 64 MB)"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_read_an_endless_device_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_READ_BYTES", 2**20)
    assert read_error(Path("/dev/zero")) == ("/dev/zero gives more than 1 MB; a chronology is far smaller: "
                                             "split the file (at most 1 MB)")


def test_read_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    import threading

    def feed() -> None:
        with fifo.open("wb") as handle:
            handle.write(b"Jan. 1, 2020: piped.\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        assert files.read_text(fifo) == "Jan. 1, 2020: piped.\n"
    finally:
        writer.join(timeout=10)


def test_read_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Jan. 1, 2020: x.\n")

    def denied(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(Path, "open", denied)  # faked, so the test also runs as root
    assert read_error(path) == f"cannot read {path}: Permission denied"


def test_read_a_name_too_long() -> None:
    name = Path("a" * 300)
    assert read_error(name) == f"cannot read {name}: File name too long"


def test_expand_gives_each_file_with_its_resolved_path(tmp_path: Path) -> None:
    from ustojapan_cli.files import expand

    real = tmp_path / "real"
    real.mkdir()
    (real / "b.txt").write_text("b")
    (real / "A.TXT").write_text("a")
    (real / "notes.md").write_text("not a chronology")
    (tmp_path / "outside.txt").write_text("o")
    (real / "link.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "alias").symlink_to(real)
    pairs = expand([tmp_path / "alias", tmp_path / "outside.txt", real / "b.txt"])
    assert [(g.name, r) for g, r in pairs] == [
        ("A.TXT", real / "A.TXT"), ("b.txt", real / "b.txt"), ("link.txt", tmp_path / "outside.txt")]
    assert all(r == g.resolve() for g, r in pairs)  # each file once: outside.txt and b.txt came already


class _Spy:
    """A file opened for reading that records how many bytes each read asks for."""

    def __init__(self, handle: Any, asked: list[int]) -> None:
        self.handle, self.asked = handle, asked

    def __enter__(self) -> _Spy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def read(self, size: int = -1) -> bytes:
        self.asked.append(size)
        return bytes(self.handle.read(size))


def test_a_small_file_is_read_without_a_buffer_the_size_of_the_limit(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A read of the limit's 64 MB allocates them first (a third of a millisecond for each small
    file of an archive): a regular file is read as its size and a byte."""
    path = tmp_path / "small.txt"
    path.write_text("Jan. 1, 2020: x.\n")
    asked: list[int] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: _Spy(real_open(self, *a, **k), asked))
    assert files.read_text(path) == "Jan. 1, 2020: x.\n"
    assert asked == [len("Jan. 1, 2020: x.\n") + 1]


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end(tmp_path: Path) -> None:
    grown = tmp_path / "grown.txt"
    grown.write_bytes(b"y" * 100)
    for size, most in ((10, 60), (10, 1000), (100, 1000), (None, 60), (200, 60)):  # its size as it was
        with grown.open("rb") as handle:
            assert files._read_most(handle, most, size) == b"y" * min(most, 100), (size, most)


def test_a_file_is_asked_its_size_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each system call costs: `read_text` asks `stat` once where it asked exists, is_dir, is_file, stat."""
    path = tmp_path / "small.txt"
    path.write_text("Jan. 1, 2020: x.\n")
    asked: list[Path] = []
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **k: asked.append(self) or real_stat(self, **k))
    assert files.read_text(path) == "Jan. 1, 2020: x.\n"
    assert asked == [path]
