"""The one error tree of clauselib.

Every error carries what is wrong, where (file and line when known) and what to do.
Each class is also the matching built-in (LookupError, ValueError, OSError) so that
callers can catch either, as Jinja does with ``TemplateNotFound``.
"""

from __future__ import annotations

from pathlib import Path


class ClauselibError(Exception):
    """Base of every error clauselib raises on bad input or a failed operation."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def where(self) -> str | None:
        """``file:line`` (or ``file``) where the problem is, if known."""
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class XMLSyntaxError(ClauselibError, ValueError):
    """A file is not well-formed XML."""


class UnsafeXMLError(ClauselibError, ValueError):
    """A file uses a DOCTYPE, an entity or another construct that is refused."""


class SchemaError(ClauselibError, ValueError):
    """A file is well-formed but does not match its schema."""


class InvalidIdError(ClauselibError, ValueError):
    """An id or reference is not of the allowed form."""


class WorkspaceError(ClauselibError, LookupError):
    """No workspace, or a workspace without the expected layout."""


class NotFoundError(ClauselibError, LookupError):
    """A clause, version, draft, party or topic that does not exist."""


class MissingVersionError(NotFoundError):
    """A version number a clause does not have; ``ref`` is the missing "id@n"."""

    def __init__(self, message: str, *, ref: str, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.ref = ref


class DigestMismatchError(ClauselibError, ValueError):
    """A pinned version file changed after it was pinned."""


class TemplateError(ClauselibError, ValueError):
    """A template or clause body failed to render (syntax, missing value, sandbox)."""


class OutputError(ClauselibError, OSError):
    """Output could not be written where it was asked for."""


class VersionExistsError(ClauselibError, FileExistsError):
    """A version file that is about to be created exists already."""
