"""Workspace findings: schema, naming, numbering, references, placeholders, drafts.

``check_workspace`` never raises on bad data: every problem becomes a Finding, so one
run reports everything that is wrong, each with file:line and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Literal, NamedTuple

from .errors import ClauselibError, MissingVersionError
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
    about: str | None = None
    """The version ("id@n") a finding is about when it is missing: findings that only follow
    from a merge conflict on that number are dropped (see conflict_findings)."""

    @property
    def where(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def as_dict(self) -> dict:
        return asdict(self)


def finding_from_error(error: ClauselibError, code: str | None = None) -> Finding:
    about = error.ref if isinstance(error, MissingVersionError) else None
    return Finding("error", code or _code_of(error), error.message, error.path, error.line, error.hint, about)


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
            findings.append(_moved_pin(library, article, finding_from_error(exc)))
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


def _moved_pin(library: Library, article, finding: Finding) -> Finding:
    """A digest mismatch whose wording now lives under another number (renumbered after a merge)."""
    if finding.code != "digest-mismatch" or article.clause not in library.clauses:
        return finding
    for version in library.clauses[article.clause]:
        if version.digest == article.digest:
            hint = f"the pinned wording is now {version.ref}: pin that version, or run 'clauselib renumber'"
            return replace(finding, hint=hint)
    return finding


def conflict_findings(workspace: Workspace, findings: list[Finding]) -> list[Finding]:
    """Replace 'malformed XML' on a version file with git conflict markers by an explanation,
    and drop what only follows from it (events and pins naming the conflicted number)."""
    from .merging import conflict_error

    out, explained = [], set()
    for finding in findings:
        error = conflict_error(workspace, finding.path) if finding.path and finding.path not in explained else None
        if error is not None:
            explained.add(finding.path)
            out.append(finding_from_error(error, "merge-conflict"))
        elif finding.path not in explained:
            out.append(finding)
    return out


def event_findings(library: Library, clause_id: str) -> list[Finding]:
    """Event files that are malformed, or about a version or wording that is not there."""
    from .events import load_events

    events, problems = load_events(library.workspace.root, clause_id)
    findings = [finding_from_error(p) for p in problems]
    by_number = {v.version: v for v in library.clauses.get(clause_id, ())}
    for event in events:
        version = by_number.get(event.version)
        if version is None:
            findings.append(
                Finding(
                    "error",
                    "event-unknown-version",
                    f"event '{event.kind}' is about {event.ref}, which does not exist",
                    event.path,
                    None,
                    "restore the version file from history",
                    event.ref,
                )
            )
        elif version.digest != event.digest:
            moved = next((v for v in by_number.values() if v.digest == event.digest), None)
            findings.append(
                Finding(
                    "error",
                    "event-digest-mismatch",
                    f"event '{event.kind}' by {event.party} is about another wording of {event.ref}"
                    + (f" (now {moved.ref})" if moved else ""),
                    event.path,
                    None,
                    "it does not count towards the status; if the version was renumbered after a merge, "
                    "run 'clauselib renumber', otherwise restore the version file from history",
                )
            )
    return findings


DraftCheck = Callable[[Library, DraftSpec], list[Finding]]
DRAFT_CHECKS: list[DraftCheck] = [draft_findings, relation_check]
"""Checks run on every draft; later features register theirs here."""


class WorkspaceCheck(NamedTuple):
    """What check_workspace found, with the library and the draft manifests it loaded."""

    library: Library
    findings: list[Finding]
    drafts: list[DraftSpec]


def check_workspace(workspace: Workspace) -> WorkspaceCheck:
    """Every finding in the workspace: library files first, then drafts."""
    from .drafts import draft_ids, load_draft
    from .relations import version_requirement_findings

    library, problems = Library.scan(workspace)
    findings = conflict_findings(workspace, [finding_from_error(p) for p in problems])
    for version in library.all_versions():
        findings.extend(placeholder_findings(version))
        findings.extend(relation_findings(library, version))
        findings.extend(version_requirement_findings(library, version))
    for clause_id in library.clauses:
        findings.extend(event_findings(library, clause_id))
    drafts = []
    for draft_id in draft_ids(workspace):
        try:
            spec = load_draft(workspace, draft_id)
        except ClauselibError as exc:
            findings.append(finding_from_error(exc))
            continue
        drafts.append(spec)
        for draft_check in DRAFT_CHECKS:
            findings.extend(draft_check(library, spec))
    from .leftovers import leftover_findings

    findings.extend(leftover_findings(workspace))
    conflicted = {
        f"{path.split('/')[1]}@{int(path.split('/')[2].removesuffix('.xml'))}"
        for path in (f.path for f in findings if f.code == "merge-conflict")
    }
    if conflicted:
        findings = [f for f in findings if f.about not in conflicted]
    return WorkspaceCheck(library, findings, drafts)


def _register_draft_lint() -> None:
    from .draft_lint import reference_findings, template_findings

    DRAFT_CHECKS.extend([reference_findings, template_findings])


_register_draft_lint()


def check_draft(workspace: Workspace, name: str) -> tuple[Library, DraftSpec, list[Finding]]:
    """Every DRAFT_CHECKS finding of one draft (by id or path); the library is scanned, not required clean."""
    from .drafts import load_draft

    library, _ = Library.scan(workspace)
    spec = load_draft(workspace, name)
    findings = []
    for draft_check in DRAFT_CHECKS:
        findings.extend(draft_check(library, spec))
    return library, spec, findings
