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

    monkeypatch.setattr(files.tempfile, "NamedTemporaryFile", spy)
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
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[..., None],
    expected: type[BaseException],
) -> None:
    """Half the data reaches the temporary file, then the disk fills up (or ^C)."""
    temps: list[str] = []
    real = tempfile.NamedTemporaryFile

    def half_then_fail(*args: Any, **kwargs: Any) -> Any:
        handle = real(*args, **kwargs)
        temps.append(handle.name)
        write = handle.write

        def partial(data: bytes) -> int:
            write(data[: len(data) // 2])
            handle.flush()
            failure()
            return 0

        handle.write = partial
        return handle

    monkeypatch.setattr(files.tempfile, "NamedTemporaryFile", half_then_fail)
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
