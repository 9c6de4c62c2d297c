"""The project's exceptions. The core raises them; only the CLI turns them into a message."""

from __future__ import annotations


class UsjpError(Exception):
    """Base of every error a user can cause; shown as one line, exit status 2."""


class ParseError(UsjpError):
    """A chronology could not be read; carries the document and line."""

    def __init__(self, message: str, document: str | None = None, line: int | None = None):
        self.message, self.document, self.line = message, document, line
        where = ":".join(str(p) for p in (document, line) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str | None, int | None]]:
        """Pickled whole (from a worker process to the main one), not as its message only."""
        return type(self), (self.message, self.document, self.line)


class RegistryError(UsjpError):
    """The actor registry (a TOML file) is malformed."""


class QueryError(UsjpError):
    """A filter value cannot be used: an unknown actor, a bad date, an unknown choice."""
