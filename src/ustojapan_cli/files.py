"""Files from and for users: reading a chronology with a clear error for each way it can be
wrong, and writing output files safely: never clobber without --force, never half a file.

A file is written to a temporary file in the same directory, flushed to disk, then
renamed over the target in one step (`os.replace`), so a reader sees the old file or the
new one and never a partial one, even if the write fails or is interrupted.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import os
import stat
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import RegistryError, UsjpError

if TYPE_CHECKING:
    from .actors import Registry
    from .chronology import Mapper, Reader

#: Permissions of a new file, before the umask is applied.
DEFAULT_MODE = 0o644


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    """Flush a directory's entries to disk, so a rename survives a crash; best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_target(path: Path, *, force: bool) -> int | None:
    """Refuse a target we must not or cannot write; return its permissions if it exists."""
    if path.is_dir():
        raise UsjpError(f"{path} is a directory")
    if path.exists():
        if not force:
            raise UsjpError(f"{path} exists; use --force to overwrite it")
        return stat.S_IMODE(path.stat().st_mode)
    parent = path.parent
    if not parent.exists():
        raise UsjpError(f"cannot write {path}: directory {parent} does not exist")
    if not parent.is_dir():
        raise UsjpError(f"cannot write {path}: {parent} is not a directory")
    return None


def write_atomic(path: Path, text: str, *, force: bool, encoding: str = "utf-8",
                 sources: Sequence[Path] = ()) -> None:
    """Write `text` to `path` atomically; an existing file is replaced only when `force` is set.

    Raises `UsjpError` (and leaves any existing file untouched) when the file exists and
    `force` is off, when it is one of `sources` (the chronologies being read, under any name or
    link), when the path is a directory, when its directory is missing or not writable,
    when `text` cannot be encoded, or when anything fails (the message carries the
    system's reason, e.g. "No space left on device", "File name too long"). A replaced
    file keeps its permissions; a new one gets 0o644 less the umask. A symbolic link is
    written through, replacing the file it points to. On any failure or interruption
    (KeyboardInterrupt included) the temporary file is removed before the exception
    propagates.

    A path that is not a file but a stream (/dev/null, /dev/stdout, a named pipe) is
    written straight into, without --force: there is nothing to clobber, and replacing a
    device node with a file would break the system.
    """
    path = Path(path)
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError) as exc:
        raise UsjpError(f"cannot write {path} as {encoding}: {exc}") from exc
    with _reported("write", path):
        if any(_same_file(path, source) for source in sources):
            raise UsjpError(f"{path} is the chronology being read; choose another output file")
        if path.exists() and not path.is_file() and not path.is_dir():
            with path.open("wb") as stream:
                stream.write(data)
            return
        _replace(Path(os.path.realpath(path)) if path.is_symlink() else path, data, force=force)


def _same_file(path: Path, other: Path) -> bool:
    """True when `path` names `other`: the same path, or a link to it (symbolic or hard)."""
    return path.resolve() == other.resolve() or (path.exists() and other.exists() and path.samefile(other))


def _replace(path: Path, data: bytes, *, force: bool) -> None:
    """Write `data` to a temporary file next to `path`, then rename it over `path`."""
    mode = _check_target(path, force=force)
    if mode is None:
        mode = DEFAULT_MODE & ~_umask()
    directory = path.parent
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsjpError(f"cannot write {path}: directory {directory} is not writable")
    import tempfile  # here: a run that writes no file does not pay for it

    temp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            mode="wb", delete=False, dir=directory, prefix=f".{path.name}.", suffix=".tmp"
        ) as handle:
            temp = handle.name
            os.chmod(temp, mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        temp = None
    finally:
        if temp is not None:  # failed or interrupted: the old file stays, the temporary one goes
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _fsync_dir(directory)


@contextlib.contextmanager
def _reported(verb: str, path: Path) -> Iterator[None]:
    """Any OSError inside becomes one `UsjpError` line with the system's reason."""
    try:
        yield
    except OSError as exc:
        raise UsjpError(f"cannot {verb} {path}: {exc.strerror or exc}") from exc


#: The largest chronology file read (the journal's whole archive is far smaller).
MAX_READ_BYTES = 64 * 1024 * 1024

# Byte-order marks that say which encoding a file is in (UTF-32 before UTF-16: it starts alike).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF8, "utf-8-sig"))


def read_text(path: Path, encoding: str | None = None, *, what: str = "a chronology") -> str:
    """The text of `what` (a chronology file), or a `UsjpError` that says what is wrong and what to do.

    Refuses a missing file, a directory, an empty file, a binary file (one with NUL bytes),
    a file over `MAX_READ_BYTES` (a pipe or device too: at most that much is read), and
    text that is not in `encoding`, naming the line and byte. With no `encoding`, a
    byte-order mark decides (UTF-8, UTF-16 or UTF-32), else the text must be UTF-8.
    """
    path = Path(path)
    with _reported("read", path):
        info = _stat(path)  # once, not once for each question asked of it: a system call costs ~10 us
        if info is None:
            raise UsjpError(f"{path}: no such file; check the path")
        if stat.S_ISDIR(info.st_mode):
            raise UsjpError(f"{path} is a directory; give {what} file")
        data = _read_bounded(path, info)
    encoding = encoding or next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if not data.strip():
        raise UsjpError(f"{path} is empty; give a file that holds {what}")
    if b"\0" in data and not _wide(encoding):
        raise UsjpError(f"{path} is a binary file, not text; give {what} as plain text")
    return _decode(path, data, encoding)


def _stat(path: Path) -> os.stat_result | None:
    """`path.stat()`, or None where `Path.exists()` is False (no such file, a bad path)."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):  # those `exists` ignores
            return None
        raise
    except ValueError:  # a name the system cannot take (a NUL in it)
        return None


def _read_bounded(path: Path, info: os.stat_result) -> bytes:
    """At most `MAX_READ_BYTES` of a file (`info`: its `stat`); more is an error, so a huge file or
    endless device stops early."""
    limit = f"a chronology is far smaller: split the file (at most {_megabytes(MAX_READ_BYTES)})"
    regular = stat.S_ISREG(info.st_mode)
    if regular and info.st_size > MAX_READ_BYTES:
        raise UsjpError(f"{path} is {_megabytes(info.st_size)}; {limit}")
    with path.open("rb") as handle:  # a pipe or a device has no size: read one byte past the limit
        data = _read_most(handle, MAX_READ_BYTES + 1, info.st_size if regular else None)
    if len(data) > MAX_READ_BYTES:
        raise UsjpError(f"{path} gives more than {_megabytes(MAX_READ_BYTES)}; {limit}")
    return data


def _read_most(handle: BinaryIO, most: int, size: int | None) -> bytes:
    """`handle.read(most)`: up to `most` bytes, to the end. A regular file of `size` bytes (None:
    not known) is read as its size and one byte more (then on, if it has grown meanwhile; any
    stream reads so), as a read of `most` bytes allocates all of them first: a third of a
    millisecond for each small file of an archive."""
    if size is None or size >= most:
        return handle.read(most)
    data = handle.read(size + 1)
    return data if len(data) <= size else data + handle.read(most - len(data))


def _wide(encoding: str | None) -> bool:
    """True for UTF-16 and UTF-32, whose text holds NUL bytes."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def _megabytes(size: int) -> str:
    """A size in whole MB ("100 MB"), rounded up so that over the limit never reads as at it."""
    return f"{-(-size // 2**20)} MB"


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    """`data` decoded, or an error naming the line and byte that are not in the encoding."""
    name = encoding or "utf-8"
    try:
        return data.decode(name).removeprefix("\ufeff")  # a byte-order mark is not text
    except LookupError:
        raise UsjpError(f"unknown encoding {encoding!r}; give one such as utf-8, cp1252 or latin-1") from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UsjpError(f"{path}:{line}: byte 0x{data[exc.start]:02x} (column {column}, offset {exc.start}) "
                        f"is not {name}; give the file's encoding with --encoding (e.g. cp1252)") from None


def source_files(paths: Sequence[Path | str]) -> list[Path]:
    """The chronology files `paths` name: files as given, directories as their `.txt` files
    (sorted by name); each file once, in the order given."""
    return [given for given, _ in expand(paths)]


def expand(paths: Sequence[Path | str]) -> list[tuple[Path, Path]]:
    """`source_files`, each with its resolved path. A directory is resolved once, not each of
    its files (an archive has thousands): a file in it that is no link is the resolved
    directory and its name."""
    files: list[tuple[Path, Path]] = []
    for given in map(Path, paths):
        if given.is_dir():
            base = given.resolve()
            with os.scandir(given) as entries:
                found = sorted((e.name, e.is_symlink()) for e in entries
                               if e.name.lower().endswith(".txt") and e.is_file())
            if not found:
                raise UsjpError(f"{given} holds no .txt files; give a chronology file or a directory of them")
            files += [(given / name, (given / name).resolve() if link else base / name) for name, link in found]
        else:
            files.append((given, given.resolve()))
    seen: set[Path] = set()
    unique = []
    for given, resolved in files:
        if resolved not in seen:
            seen.add(resolved)
            unique.append((given, resolved))
    return unique


def document_names(files: Sequence[Path]) -> list[str]:
    """A name for each file: its file name, or its path as given when two files share a name."""
    names = Counter(f.name for f in files)
    return [f.name if names[f.name] == 1 else str(f) for f in files]


def user_actor_files(extra: Path | None = None) -> list[Path]:
    """The user's actor files: `usjp/actors.toml` in the config directory ($XDG_CONFIG_HOME,
    else ~/.config) when it exists, then `extra` (which must exist)."""
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "usjp" / "actors.toml"
    files = [config] if config.is_file() else []
    if extra is not None:
        if not Path(extra).is_file():
            raise RegistryError(f"actor registry {extra}: no such file; check the path")
        files.append(Path(extra))
    return files


class FileReader:
    """Reads the chronology files given: each by its document name, in one encoding, with the
    registry extended by the user's actor files. Picklable, so a worker process can use it;
    the parser is imported only when a file is read."""

    def __init__(self, names: dict[Path, str], encoding: str | None = None,
                 actor_files: tuple[Path, ...] = ()) -> None:
        self.names = names  # each file's document name
        self.encoding = encoding
        self.actor_files = actor_files

    def registry(self) -> Registry:
        """The bundled registry extended by the actor files (read once per process)."""
        return _registry(self.actor_files)

    def __call__(self, path: Path, mapper: Mapper = map) -> Reader:
        from .chronology import open_reader

        return open_reader(path, mapper, self.registry(), encoding=self.encoding, name=self.names[path])


@functools.cache
def _registry(actor_files: tuple[Path, ...]) -> Registry:
    from .actors import load_registry

    return load_registry(actor_files)
