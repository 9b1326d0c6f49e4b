"""Two people proposed the same version number offline: detect it and renumber.

The workspace lives in a git repository shared by a team. When two members each
propose version n+1 of a clause on their own branch, the merge meets two different
files at ``clauses/<id>/<n+1>.xml`` (an add/add conflict) and git leaves one file with
conflict markers (``<<<<<<<``, ``=======``, ``>>>>>>>``). ``check`` reports that file as
a merge conflict rather than as malformed XML; :func:`renumber` splits it into the two
wordings, keeps the earlier one at n+1 and gives the later one the next free number
(a new file, created exclusively; its ``based-on`` unchanged), re-pins the drafts that
pinned the moved wording (found by its digest) and moves its events with it.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from . import loaders, xmlio
from .errors import ClauselibError, NotFoundError
from .events import Event, load_events, write_event
from .ids import check_id
from .library import VERSION_FILE, Workspace

Side = Literal["ours", "theirs"]


class MergeConflictError(ClauselibError, ValueError):
    """A version file holds git conflict markers: two wordings claim one number."""


@dataclass(frozen=True)
class ConflictSides:
    """The two files a conflicted file was made from, and git's labels for them."""

    ours: bytes
    theirs: bytes
    ours_label: str
    theirs_label: str
    line: int


def split_conflict(data: bytes) -> ConflictSides | None:
    """The two sides of a file with git conflict markers (merge or diff3 style), or None."""
    ours: list[bytes] = []
    theirs: list[bytes] = []
    labels = ["", ""]
    state = "both"
    first_line = 0
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        bare = line.rstrip(b"\r\n")
        if state == "both" and bare.startswith(b"<<<<<<<"):
            state, first_line = "ours", first_line or number
            labels[0] = bare[7:].strip().decode("utf-8", "replace")
        elif state in ("ours", "base") and bare.startswith(b"|||||||"):
            state = "base"
        elif state in ("ours", "base") and bare == b"=======":
            state = "theirs"
        elif state == "theirs" and bare.startswith(b">>>>>>>"):
            state = "both"
            labels[1] = bare[7:].strip().decode("utf-8", "replace")
        elif state == "both":
            ours.append(line)
            theirs.append(line)
        elif state == "ours":
            ours.append(line)
        elif state == "theirs":
            theirs.append(line)
    if not first_line or state != "both":
        return None
    return ConflictSides(b"".join(ours), b"".join(theirs), labels[0], labels[1], first_line)


def conflicted_files(workspace: Workspace) -> list[Path]:
    """Version files holding conflict markers, in path order."""
    out = []
    for path in sorted(workspace.clauses.glob("*/*.xml")):
        if VERSION_FILE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if b"<<<<<<<" in data and split_conflict(data) is not None:
                out.append(path)
    return out


def _side_summary(data: bytes) -> str:
    try:
        root = xmlio.parse_bytes(data).getroot()
    except ClauselibError:
        return "unreadable"
    return f"{root.get('party')} {root.get('date')}"


def conflict_error(workspace: Workspace, rel: str) -> MergeConflictError | None:
    """The explanation for a conflicted version file at *rel*, or None when it has no markers."""
    path = workspace.root / rel
    if not VERSION_FILE.fullmatch(path.name) or not path.is_file():
        return None
    sides = split_conflict(path.read_bytes())
    if sides is None:
        return None
    clause_id, number = path.parent.name, int(path.stem)
    return MergeConflictError(
        f"two wordings claim version {number} of '{clause_id}' (a git merge conflict: "
        f"ours {_side_summary(sides.ours)}, theirs {_side_summary(sides.theirs)})",
        path=rel,
        line=sides.line,
        hint=f"run 'clauselib renumber {clause_id}@{number}' to keep both: the earlier stays {number}, "
        "the later gets the next number and drafts are re-pinned; then git add clauses drafts and commit",
    )


# -- renumbering -------------------------------------------------------------------------


@dataclass(frozen=True)
class Renumbered:
    """What :func:`renumber` did."""

    clause: str
    kept: int
    moved_to: int
    moved_side: Side
    repinned: tuple[str, ...]
    events_moved: int
    unpinned: tuple[str, ...] = ()
    """Drafts that pin the number without a digest: which wording they meant is unknown."""


_CLAUSE_TAG = re.compile(rb"<clause\b[^>]*>")


def _with_number(data: bytes, old: int, new: int, path: str) -> bytes:
    tag = _CLAUSE_TAG.search(data)
    pattern = re.compile(rb"""(\sversion\s*=\s*)(["'])""" + str(old).encode() + rb"""\2""")
    if tag is None or not pattern.search(tag.group(0)):
        raise MergeConflictError(f'cannot find version="{old}" in one side of the conflict', path=path)
    new_tag = pattern.sub(rb'\g<1>"' + str(new).encode() + b'"', tag.group(0), count=1)
    return data[: tag.start()] + new_tag + data[tag.end() :]


def _commit_time(root: Path, label: str, rel: str) -> int | None:
    rev = label.split()[0] if label else ""
    if not rev or rev.startswith("-"):
        return None
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", rev, "--", rel],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else None


def _later_side(workspace: Workspace, sides: ConflictSides, ours: etree._Element, theirs: etree._Element, rel: str):
    if ours.get("date") != theirs.get("date"):
        return "ours" if ours.get("date") > theirs.get("date") else "theirs"
    ours_time = _commit_time(workspace.root, sides.ours_label, rel)
    theirs_time = _commit_time(workspace.root, sides.theirs_label, rel)
    if ours_time is not None and theirs_time is not None and ours_time != theirs_time:
        return "ours" if ours_time > theirs_time else "theirs"
    return "theirs"


def _parse_side(data: bytes, label: str, number: int, clause_id: str, rel: str) -> etree._Element:
    where = f"{rel} ({label} side)"
    tree = xmlio.parse_bytes(data, where)
    xmlio.validate(tree, "clause", where)
    root = tree.getroot()
    if root.get("id") != clause_id or root.get("version") != str(number):
        raise MergeConflictError(
            f"the {label} side is not version {number} of '{clause_id}'", path=rel, hint="resolve this file by hand"
        )
    return root


def renumber(workspace: Workspace, ref: str, move: Side | None = None) -> Renumbered:
    """Resolve two wordings claiming ``id@n``: keep one at n, move the other to the next free number."""
    from .ids import ClauseRef

    parsed = ClauseRef.parse(ref)
    if parsed.version is None:
        raise NotFoundError(f"name the conflicted version, e.g. {parsed.id}@3", hint="check lists conflicted files")
    clause_id, number = check_id(parsed.id), parsed.version
    path = workspace.version_path(clause_id, number)
    rel = workspace.relative(path)
    if not path.is_file():
        raise NotFoundError(f"{rel} does not exist", hint=f"run 'clauselib check' to see conflicts in {clause_id}")
    data = path.read_bytes()
    sides = split_conflict(data)
    if sides is None:
        raise NotFoundError(
            f"{clause_id}@{number} has no conflict markers; nothing to renumber",
            path=rel,
            hint="renumber resolves a git merge that met two different files with the same version number",
        )
    ours = _parse_side(sides.ours, "ours", number, clause_id, rel)
    theirs = _parse_side(sides.theirs, "theirs", number, clause_id, rel)
    moved_side: Side = move or _later_side(workspace, sides, ours, theirs, rel)
    kept_bytes, moved_bytes = (sides.theirs, sides.ours) if moved_side == "ours" else (sides.ours, sides.theirs)
    old_digest = loaders.digest_bytes(moved_bytes)

    # the moved wording first (exclusive creation), so a crash can never lose it
    target, new_bytes = _place_moved(workspace, clause_id, number, moved_bytes, rel)
    xmlio.replace_output(path, kept_bytes)
    new_digest = loaders.digest_bytes(new_bytes)
    repinned, unpinned = _repin_drafts(workspace, clause_id, number, target, old_digest, new_digest)
    moved_events = _move_events(workspace, clause_id, number, target, old_digest, new_digest)
    return Renumbered(clause_id, number, target, moved_side, repinned, moved_events, unpinned)


def _place_moved(workspace: Workspace, clause_id: str, number: int, moved: bytes, rel: str) -> tuple[int, bytes]:
    """Create the moved wording at the next free number (or find it there from an earlier run)."""
    folder = workspace.clause_dir(clause_id)
    numbers = sorted(int(p.stem) for p in folder.glob("*.xml") if VERSION_FILE.fullmatch(p.name))
    for existing in numbers:
        if existing > number:
            candidate = _with_number(moved, number, existing, rel)
            if (folder / f"{existing}.xml").read_bytes() == candidate:
                return existing, candidate  # a previous run created it, then stopped
    target = max(numbers) + 1
    for _ in range(64):
        candidate = _with_number(moved, number, target, rel)
        tree = xmlio.parse_bytes(candidate, rel)
        xmlio.validate(tree, "clause", rel)
        try:
            xmlio.create_new(folder / f"{target}.xml", candidate)
            return target, candidate
        except FileExistsError:
            target += 1
    raise MergeConflictError("no free version number found", path=rel, hint="retry")


def _repin_drafts(
    workspace: Workspace, clause_id: str, number: int, target: int, old_digest: str, new_digest: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not workspace.drafts.is_dir():
        return (), ()
    repinned, unpinned = [], []
    for path in sorted(workspace.drafts.glob("*.xml")):
        try:
            tree = xmlio.parse_file(path)
        except ClauselibError:
            continue  # check reports it; a conflicted draft is resolved by hand
        changed = False
        for article in tree.getroot().iter("article"):
            if article.get("clause") != clause_id or article.get("version") != str(number):
                continue
            digest = article.get("digest")
            if digest is None:
                unpinned.append(path.stem)
            elif digest == old_digest:
                article.set("version", str(target))
                article.set("digest", new_digest)
                changed = True
        if changed:
            body = etree.tostring(tree, encoding="UTF-8")
            xmlio.replace_output(path, b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n")
            repinned.append(path.stem)
    return tuple(repinned), tuple(sorted(set(unpinned)))


def _move_events(
    workspace: Workspace, clause_id: str, number: int, target: int, old_digest: str, new_digest: str
) -> int:
    events, _ = load_events(workspace.root, clause_id)
    moved = 0
    for event in events:
        if event.version != number or event.digest != old_digest:
            continue
        fields = {**event.__dict__, "version": target, "digest": new_digest, "renumbered_from": number, "path": ""}
        write_event(workspace.root, Event(**fields))
        (workspace.root / event.path).unlink()
        moved += 1
    return moved
