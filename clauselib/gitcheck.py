"""``check --git``: version files that were modified or deleted after they were committed.

A version file is created once and never edited. When the workspace lives in a git
repository, its history proves it: every commit that modified (M) or deleted (D) a
committed ``clauses/<id>/<n>.xml`` is reported, and so is an uncommitted change to one.
Git runs through ``subprocess`` with a list argv (never a shell). Merge commits are
not inspected (``git log`` shows no diff for them by default), so a renumbering after
a merge conflict is not reported as an edit.

A merge can also lose a wording silently (``git checkout --ours`` on an add/add conflict,
``git merge -X ours``): two branches each added ``n.xml`` and only one survives. Every
wording ever added to the history of HEAD must still be in the library, under its number
or renumbered; one that is not is reported as lost.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .check import Finding
from .errors import WorkspaceError
from .library import VERSION_FILE, Workspace

GIT_TIMEOUT = 120


def _git(root: Path, *args: str, text: bool = True) -> subprocess.CompletedProcess:
    """Run git in *root*; a missing git or a timeout is a WorkspaceError (text=False: bytes out)."""
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=text, timeout=GIT_TIMEOUT, check=False
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
    theirs = _git(root, "show", f"MERGE_HEAD:{path}", text=False)
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
        "--full-history",
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
    findings.extend(_lost_wordings(root, prefix))
    return findings


_VERSION_ATTR = re.compile(rb"(<clause\b[^>]*?\sversion\s*=\s*)([\"'])[0-9]+\2")


def _without_number(data: bytes) -> bytes:
    return _VERSION_ATTR.sub(rb"\1\2\2", data.replace(b"\r\n", b"\n"), count=1)


def _lost_wordings(root: Path, prefix: str) -> list[Finding]:
    """Wordings added in the history of HEAD that no current version file holds."""
    log = _git(
        root,
        "log",
        "--full-history",
        "--no-renames",
        "--diff-filter=A",
        "--raw",
        "--no-abbrev",
        "--format=%x1e%H",
        "--",
        f"{prefix}clauses",
    )
    if log.returncode != 0:
        return []
    added: dict[str, list[tuple[str, str]]] = {}
    for record in log.stdout.split("\x1e")[1:]:
        commit, _, body = record.partition("\n")
        for line in body.splitlines():
            meta, _, path = line.partition("\t")
            fields = meta.split()
            rel = _is_version_file(path, prefix)
            if rel is not None and len(fields) >= 4:
                added.setdefault(rel, []).append((fields[3], commit.strip()))
    findings = []
    for rel, blobs in sorted(added.items()):
        if len({blob for blob, _ in blobs}) < 2:
            continue  # added once: modifications are reported above
        folder = root / prefix / Path(rel).parent
        current = {_without_number(p.read_bytes()) for p in folder.glob("*.xml") if p.stem.isdigit()}
        for blob, commit in blobs:
            data = _git(root, "cat-file", "blob", blob, text=False).stdout
            if data and _without_number(data) not in current:
                findings.append(
                    Finding(
                        "error",
                        "git-lost-version",
                        f"two wordings were committed as {rel}; the one added by commit {commit[:10]} "
                        "is no longer in the library (a merge kept only one side)",
                        rel,
                        None,
                        f"restore it next to the other: 'git show {commit[:10]}:{prefix}{rel} > wording.xml', "
                        "then give it the next free number (or redo the merge and run 'clauselib renumber')",
                    )
                )
    return findings
