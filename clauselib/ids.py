"""Identifiers and clause references (``neutrality``, ``neutrality@2``).

Every id is checked against ``ID_PATTERN`` before any path is built from it, so no id
can name a file outside the workspace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidIdError

ID_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,63}")
PARTY_PATTERN = re.compile(r"[A-Z][A-Z0-9]{1,9}")

REF_PATTERN = re.compile(
    r"""
    (?P<id>[^@\s]+)          # the clause id, checked separately for a clear message
    (?:@(?P<version>\S+))?   # an optional version number
    """,
    re.VERBOSE,
)


def check_id(value: str, what: str = "clause id") -> str:
    """Return *value* if it is a valid id, else raise InvalidIdError saying why."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidIdError(
            f"invalid {what} {value!r}",
            hint="use lowercase letters, digits and '-', starting with a letter, at most 64 characters",
        )
    return value


def check_party(value: str) -> str:
    """Return *value* if it is a valid party code (``RU``, ``UA``, ``MED``)."""
    if not isinstance(value, str) or not PARTY_PATTERN.fullmatch(value):
        raise InvalidIdError(f"invalid party code {value!r}", hint="use 2-10 uppercase letters or digits, e.g. RU")
    return value


@dataclass(frozen=True, order=True)
class ClauseRef:
    """A reference to a clause, optionally at one version: ``id`` or ``id@n``."""

    id: str
    version: int | None = None

    @classmethod
    def parse(cls, text: str) -> ClauseRef:
        """Parse ``id`` or ``id@n``; raise InvalidIdError on anything else."""
        match = REF_PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
        if not match:
            raise InvalidIdError(f"invalid clause reference {text!r}", hint="write id or id@version, e.g. neutrality@2")
        clause_id = check_id(match["id"])
        version_text = match["version"]
        if version_text is None:
            return cls(clause_id)
        if not version_text.isdigit() or int(version_text) < 1:
            raise InvalidIdError(
                f"invalid version {version_text!r} in {text!r}", hint="a version is a whole number from 1"
            )
        return cls(clause_id, int(version_text))

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}@{self.version}"
