"""Workspace findings: schema, naming, numbering, references, placeholders, drafts.

``check_workspace`` never raises on bad data: every problem becomes a Finding, so one
run reports everything that is wrong, each with file:line and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Literal

from .errors import ClauselibError
from .library import Library, Workspace
from .model import ClauseVersion, DraftSpec
from .templating import placeholders

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem found in a workspace."""

    severity: Severity
    code: str
    message: str
    path: str | None = None
    line: int | None = None
    hint: str | None = None

    @property
    def where(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_dict(self) -> dict:
        return asdict(self)


def finding_from_error(error: ClauselibError, code: str | None = None) -> Finding:
    return Finding("error", code or _code_of(error), error.message, error.path, error.line, error.hint)


def _code_of(error: ClauselibError) -> str:
    name = type(error).__name__.removesuffix("Error")
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-") or "error"


def placeholder_findings(version: ClauseVersion) -> list[Finding]:
    """Placeholders not declared as <param>, and params never used, in one version."""
    findings = []
    declared = {p.name for p in version.params}
    used_by_lang: dict[str, set[str]] = {}
    for lang, paragraphs in version.texts.items():
        used: set[str] = set()
        for para in paragraphs:
            for seg in para.segments:
                if seg.kind == "ref":
                    continue
                try:
                    names = placeholders(seg.text)
                except ClauselibError as exc:
                    findings.append(Finding("error", "template-syntax", exc.message, version.path, para.line))
                    continue
                for name in sorted(names - declared):
                    findings.append(
                        Finding(
                            "error",
                            "undeclared-placeholder",
                            f"placeholder '{name}' is not declared as a <param>",
                            version.path,
                            para.line,
                            f'add <param name="{name}" label="…"/> or remove the placeholder',
                        )
                    )
                used |= names
        used_by_lang[lang] = used
    for name in sorted(declared - used_by_lang.get("en", set())):
        findings.append(
            Finding(
                "error",
                "unused-param",
                f"param '{name}' is declared but never used in the English text",
                version.path,
                None,
                "use it as {{ " + name + " }} or remove the <param>",
            )
        )
    return findings


def relation_findings(library: Library, version: ClauseVersion) -> list[Finding]:
    """Relations that name an unknown clause or the clause itself."""
    findings = []
    for relation in version.relations:
        if relation.clause == version.id:
            findings.append(
                Finding(
                    "error", "self-relation", f"<{relation.kind}> names the clause itself", version.path, relation.line
                )
            )
        elif relation.clause not in library.clauses:
            findings.append(
                Finding(
                    "error",
                    "unknown-relation-target",
                    f"<{relation.kind}> names unknown clause '{relation.clause}'",
                    version.path,
                    relation.line,
                    "name an existing clause id",
                )
            )
    return findings


def draft_findings(library: Library, spec: DraftSpec) -> list[Finding]:
    """Pins that resolve to nothing, lack a digest, or whose file changed since pinned."""
    from .compose import resolve_pin

    findings = []
    for _, article in spec.articles():
        if not article.is_pinned:
            continue
        try:
            resolve_pin(spec, article, library)
        except ClauselibError as exc:
            findings.append(finding_from_error(exc))
            continue
        if not article.digest:
            findings.append(
                Finding(
                    "warning",
                    "unpinned-digest",
                    f"article pins {article.clause}@{article.version} without a digest",
                    spec.path,
                    article.line,
                    "run 'clauselib pin' to record it",
                )
            )
    return findings


def relation_check(library: Library, spec: DraftSpec) -> list[Finding]:
    """Requires, conflicts and after across one draft's articles (see :mod:`clauselib.relations`)."""
    from .relations import check_draft_relations

    return check_draft_relations(library, spec)


DraftCheck = Callable[[Library, DraftSpec], list[Finding]]
DRAFT_CHECKS: list[DraftCheck] = [draft_findings, relation_check]
"""Checks run on every draft; later features register theirs here."""


def check_workspace(workspace: Workspace) -> tuple[Library, list[Finding]]:
    """Every finding in the workspace: library files first, then drafts."""
    from .drafts import draft_ids, load_draft
    from .relations import version_requirement_findings

    library, problems = Library.scan(workspace)
    findings = [finding_from_error(p) for p in problems]
    for version in library.all_versions():
        findings.extend(placeholder_findings(version))
        findings.extend(relation_findings(library, version))
        findings.extend(version_requirement_findings(library, version))
    for draft_id in draft_ids(workspace):
        try:
            spec = load_draft(workspace, draft_id)
        except ClauselibError as exc:
            findings.append(finding_from_error(exc))
            continue
        for draft_check in DRAFT_CHECKS:
            findings.extend(draft_check(library, spec))
    return library, findings


def check_draft(workspace: Workspace, name: str) -> tuple[Library, DraftSpec, list[Finding]]:
    """Every DRAFT_CHECKS finding of one draft (by id or path); the library is scanned, not required clean."""
    from .drafts import load_draft

    library, _ = Library.scan(workspace)
    spec = load_draft(workspace, name)
    findings = []
    for draft_check in DRAFT_CHECKS:
        findings.extend(draft_check(library, spec))
    return library, spec, findings
