"""``check --git``: version files that were modified or deleted after they were committed.

A version file is created once and never edited. When the workspace lives in a git
repository, its history proves it: every commit that modified (M) or deleted (D) a
committed ``clauses/<id>/<n>.xml`` is reported, and so is an uncommitted change to one.
Git runs through ``subprocess`` with a list argv (never a shell). Merge commits are
not inspected (``git log`` shows no diff for them by default), so a renumbering after
a merge conflict is not reported as an edit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .check import Finding
from .errors import WorkspaceError
from .library import VERSION_FILE, Workspace

GIT_TIMEOUT = 120


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise WorkspaceError("git is not installed", hint="install git, or run check without --git") from None
    except subprocess.TimeoutExpired:
        raise WorkspaceError(f"git took longer than {GIT_TIMEOUT} s", hint="run check without --git") from None


def _is_version_file(path: str, prefix: str) -> str | None:
    """The workspace-relative path when *path* (repository-relative) is a version file."""
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == "clauses" and VERSION_FILE.fullmatch(parts[2]):
        return rel
    return None


def _merge_explains(root: Path, path: str) -> bool:
    """During a merge: the file holds conflict markers (reported as a merge conflict) or
    equals the merged branch's file (the other side's wording kept, not an edit)."""
    data = (root / path).read_bytes()
    if b"<<<<<<<" in data:
        return True
    theirs = subprocess.run(
        ["git", "show", f"MERGE_HEAD:{path}"], cwd=root, capture_output=True, timeout=GIT_TIMEOUT, check=False
    )
    return theirs.returncode == 0 and theirs.stdout == data


def git_findings(workspace: Workspace) -> list[Finding]:
    """Committed version files later modified or deleted, in history or in the working tree."""
    top = _git(workspace.root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise WorkspaceError(
            "the workspace is not in a git repository",
            path=workspace.root,
            hint="run check without --git, or put the workspace under git",
        )
    root = Path(top.stdout.strip()).resolve()
    prefix = workspace.root.resolve().relative_to(root).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    findings: list[Finding] = []
    log = _git(
        root,
        "log",
        "--no-renames",
        "--diff-filter=MD",
        "--name-status",
        "--format=%x1e%H%x1f%an%x1f%as%x1f%s",
        "--",
        f"{prefix}clauses",
    )
    if log.returncode == 0:
        for record in log.stdout.split("\x1e")[1:]:
            header, _, body = record.partition("\n")
            commit, author, date, subject = ([*header.split("\x1f"), "", "", ""])[:4]
            for line in body.splitlines():
                status, _, path = line.partition("\t")
                rel = _is_version_file(path, prefix)
                if rel is None:
                    continue
                what = "modified" if status == "M" else "deleted"
                findings.append(
                    Finding(
                        "error",
                        f"git-{what}-version",
                        f"committed version file was {what} by commit {commit[:10]} ({author}, {date}: {subject})",
                        rel,
                        None,
                        "version files are never edited: restore it with "
                        f"'git show {commit[:10]}^:{path} > {rel}' and propose the change as a new version",
                    )
                )
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if head.returncode == 0:
        diff = _git(root, "diff", "--no-renames", "--name-status", "HEAD", "--", f"{prefix}clauses")
        for line in diff.stdout.splitlines():
            status, _, path = line.partition("\t")
            rel = _is_version_file(path, prefix)
            if rel is None or status[:1] not in ("M", "D"):
                continue
            if status[:1] == "M" and _merge_explains(root, path):
                continue
            what = "modified" if status[:1] == "M" else "deleted"
            findings.append(
                Finding(
                    "error",
                    f"uncommitted-{what}-version",
                    f"committed version file is {what} in the working tree",
                    rel,
                    None,
                    f"version files are never edited: 'git restore --source=HEAD -- {path}', "
                    "then propose the change as a new version",
                )
            )
    return findings
