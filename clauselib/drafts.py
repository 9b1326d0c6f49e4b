"""Find and read draft manifests (``drafts/<id>.xml``)."""

from __future__ import annotations

from pathlib import Path

from . import loaders, xmlio
from .errors import ClauselibError, NotFoundError, WorkspaceError
from .ids import ID_PATTERN, check_id
from .library import Workspace, suggest
from .model import DraftSpec


def draft_ids(workspace: Workspace) -> list[str]:
    """Ids of the manifests in ``drafts/``, sorted."""
    if not workspace.drafts.is_dir():
        return []
    return sorted(p.stem for p in workspace.drafts.glob("*.xml") if ID_PATTERN.fullmatch(p.stem))


def draft_path(workspace: Workspace, name: str) -> Path:
    """A draft named by id (``istanbul-framework``) or by path (``drafts/x.xml``)."""
    if name.endswith(".xml") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise NotFoundError("draft file does not exist", path=name)
        return path
    check_id(name, "draft id")
    path = workspace.drafts / f"{name}.xml"
    if not path.is_file():
        hint = suggest(name, draft_ids(workspace)) or "run 'clauselib drafts' or give a file path"
        raise NotFoundError(f"unknown draft '{name}'", hint=hint)
    if not workspace.contains(path):
        raise WorkspaceError(
            "is a link to a file outside the workspace; refused",
            path=f"drafts/{name}.xml",
            hint="copy the manifest into drafts/ or give its path explicitly",
        )
    return path


def load_draft_file(path: str | Path, label: str | None = None) -> DraftSpec:
    """Read and validate a manifest file."""
    label = label or str(path)
    tree = xmlio.parse_file(path)
    xmlio.validate(tree, "draft", label)
    try:
        return loaders.draft(tree.getroot(), label)
    except ClauselibError as exc:
        exc.path = exc.path or label
        raise


def load_draft(workspace: Workspace, name: str) -> DraftSpec:
    """Read a draft by id or path."""
    path = draft_path(workspace, name)
    label = workspace.relative(path) if workspace.contains(path) else str(path)
    return load_draft_file(path, label)
