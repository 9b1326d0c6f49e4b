"""Draft findings for ``check``: references that would not resolve, layouts that do not exist."""

from __future__ import annotations

from .check import Finding
from .errors import ClauselibError
from .library import Library
from .model import DraftSpec


def reference_findings(library: Library, spec: DraftSpec) -> list[Finding]:
    """A pinned wording that refers to a clause this draft does not contain."""
    in_draft = {article.clause for _, article in spec.articles() if article.clause}
    findings = []
    for number, (_, article) in enumerate(spec.articles(), start=1):
        paragraphs = list(article.paragraphs)
        label = f"Article {number}"
        if article.is_pinned and article.version:
            try:
                version = library.get(f"{article.clause}@{article.version}")
            except ClauselibError:
                continue  # reported by draft_findings
            paragraphs = [p for texts in version.texts.values() for p in texts]
            label += f" ({version.ref})"
        missing = sorted(
            {s.target for p in paragraphs for s in p.segments if s.kind == "ref" and s.target not in in_draft}
        )
        findings.extend(
            Finding(
                "warning",
                "reference-not-in-draft",
                f"{label} refers to clause '{target}', which this draft does not contain",
                spec.path,
                article.line,
                f"add an article pinning '{target}', or pin another wording; it would read "
                f"'[{target}: not in this draft]'",
            )
            for target in missing
        )
    return findings


def template_findings(library: Library, spec: DraftSpec) -> list[Finding]:
    """A layout name with no HTML template in the workspace or the package."""
    from importlib import resources

    if spec.template == "draft":
        return []
    name = f"{spec.template}.html"
    if (library.workspace.templates / name).is_file() or (resources.files("clauselib") / "templates" / name).is_file():
        return []
    return [
        Finding(
            "warning",
            "unknown-template",
            f"template '{spec.template}' has no {name}; the default layout is used",
            spec.path,
            1,
            f'add templates/{name} (it can {{% extends "default:draft.html" %}}) or remove template=',
        )
    ]
