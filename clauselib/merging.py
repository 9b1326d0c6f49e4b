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
    answers: tuple[str, ...] = ()
    """Version files, not in conflict, that answer the kept number: worth a look."""


_CLAUSE_TAG = re.compile(rb"<clause\b[^>]*>")


def _with_attr(data: bytes, name: str, old: object, new: int, path: str) -> bytes:
    """*data* with one attribute of its root ``<clause>`` changed, every other byte kept."""
    tag = _CLAUSE_TAG.search(data)
    pattern = re.compile(rb"(\s" + name.encode() + rb"""\s*=\s*)(["'])""" + str(old).encode() + rb"\2")
    if tag is None or not pattern.search(tag.group(0)):
        raise MergeConflictError(f'cannot find {name}="{old}" in one side of the conflict', path=path)
    new_tag = pattern.sub(rb'\g<1>"' + str(new).encode() + b'"', tag.group(0), count=1)
    return data[: tag.start()] + new_tag + data[tag.end() :]


def _with_number(data: bytes, old: int, new: int, path: str) -> bytes:
    return _with_attr(data, "version", old, new, path)


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


def _in_revision(root: Path, label: str, rel: str) -> bool | None:
    """Whether *rel* exists in the revision git named a conflict side by (None: cannot tell)."""
    rev = label.split()[0] if label else ""
    if not rev or rev.startswith("-"):
        return None
    try:
        out = subprocess.run(
            ["git", "cat-file", "-e", f"{rev}:{rel}"], cwd=root, capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.returncode == 0


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


@dataclass(frozen=True)
class _Conflict:
    number: int
    rel: str
    sides: ConflictSides
    ours: etree._Element
    theirs: etree._Element


def _conflicts(workspace: Workspace, clause_id: str) -> list[_Conflict]:
    out = []
    folder = workspace.clause_dir(clause_id)
    for path in sorted(folder.glob("*.xml"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0):
        if not VERSION_FILE.fullmatch(path.name) or path.is_symlink():
            continue
        sides = split_conflict(path.read_bytes())
        if sides is None:
            continue
        rel = workspace.relative(path)
        number = int(path.stem)
        ours = _parse_side(sides.ours, "ours", number, clause_id, rel)
        theirs = _parse_side(sides.theirs, "theirs", number, clause_id, rel)
        out.append(_Conflict(number, rel, sides, ours, theirs))
    return out


def _dependents(workspace: Workspace, clause_id: str, conflicts: list[_Conflict]) -> list[tuple[str, int]]:
    """Versions that are not in conflict but answer a conflicted number: (rel path, based-on)."""
    numbers = {c.number for c in conflicts}
    out = []
    for path in sorted(workspace.clause_dir(clause_id).glob("*.xml")):
        if not VERSION_FILE.fullmatch(path.name) or int(path.stem) in numbers:
            continue
        try:
            root = xmlio.parse_file(path).getroot()
        except ClauselibError:
            continue
        based_on = root.get("based-on")
        if based_on and based_on.isdigit() and int(based_on) in numbers:
            out.append((workspace.relative(path), int(based_on)))
    return out


def _choose_side(workspace: Workspace, conflicts: list[_Conflict], dependents: list[tuple[str, int]]) -> Side:
    """The side that moves: never one that later versions build on; else the later wording."""
    first = conflicts[0]
    built_on = {"ours": False, "theirs": False}
    for rel, _ in dependents:
        in_ours = _in_revision(workspace.root, first.sides.ours_label, rel)
        in_theirs = _in_revision(workspace.root, first.sides.theirs_label, rel)
        if in_ours is not None and in_theirs is not None and in_ours != in_theirs:
            built_on["ours" if in_ours else "theirs"] = True
    if built_on["ours"] and built_on["theirs"]:
        raise MergeConflictError(
            "both sides have later versions built on the conflicting wordings",
            path=first.rel,
            hint="resolve by hand: keep one side's chain, then propose the other side's wordings again",
        )
    if built_on["ours"] or built_on["theirs"]:
        return "theirs" if built_on["ours"] else "ours"
    return _later_side(workspace, first.sides, first.ours, first.theirs, first.rel)


def renumber(workspace: Workspace, ref: str, move: Side | None = None) -> list[Renumbered]:
    """Resolve every version of a clause that two wordings claim after a git merge.

    One side keeps its numbers; the other side's wordings get the next free numbers, in
    order, with ``based-on`` kept (or pointed at the new number when it answered another
    moved wording). Drafts that pinned a moved wording are re-pinned; its events move too.
    """
    from .ids import ClauseRef

    parsed = ClauseRef.parse(ref)
    clause_id = check_id(parsed.id)
    if not workspace.clause_dir(clause_id).is_dir():
        raise NotFoundError(f"unknown clause '{clause_id}'", hint="run 'clauselib check' to see merge conflicts")
    conflicts = _conflicts(workspace, clause_id)
    if parsed.version is not None and parsed.version not in {c.number for c in conflicts}:
        raise NotFoundError(
            f"{clause_id}@{parsed.version} has no conflict markers; nothing to renumber",
            path=f"clauses/{clause_id}/{parsed.version}.xml",
            hint="renumber resolves a git merge that met two different files with the same version number",
        )
    if not conflicts:
        raise NotFoundError(
            f"no version of '{clause_id}' has conflict markers; nothing to renumber",
            hint="renumber resolves a git merge that met two different files with the same version number",
        )
    dependents = _dependents(workspace, clause_id, conflicts)
    moved_side: Side = move or _choose_side(workspace, conflicts, dependents)
    mapping: dict[int, int] = {}
    done = []
    for conflict in conflicts:
        sides = conflict.sides
        kept_bytes, moved_bytes = (sides.theirs, sides.ours) if moved_side == "ours" else (sides.ours, sides.theirs)
        old_digest = loaders.digest_bytes(moved_bytes)
        moved_root = conflict.ours if moved_side == "ours" else conflict.theirs
        based_on = moved_root.get("based-on")
        if based_on and based_on.isdigit() and int(based_on) in mapping:
            moved_bytes = _with_attr(moved_bytes, "based-on", based_on, mapping[int(based_on)], conflict.rel)
        # the moved wording first (exclusive creation), so a crash can never lose it
        target, new_bytes = _place_moved(workspace, clause_id, conflict.number, moved_bytes, conflict.rel)
        mapping[conflict.number] = target
        xmlio.replace_output(workspace.root / conflict.rel, kept_bytes)
        new_digest = loaders.digest_bytes(new_bytes)
        repinned, unpinned = _repin_drafts(workspace, clause_id, conflict.number, target, old_digest, new_digest)
        moved_events = _move_events(workspace, clause_id, conflict.number, target, old_digest, new_digest)
        answers = tuple(rel for rel, number in dependents if number == conflict.number)
        done.append(
            Renumbered(clause_id, conflict.number, target, moved_side, repinned, moved_events, unpinned, answers)
        )
    return done


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
    from .pinning import PinChange, apply_changes

    repinned, unpinned = [], []
    for path in sorted(workspace.drafts.glob("*.xml")):
        rel = workspace.relative(path)
        try:
            data = xmlio.read_bytes(path)
            tree = xmlio.parse_bytes(data, rel)
            xmlio.validate(tree, "draft", rel)
            spec = loaders.draft(tree.getroot(), rel)
        except ClauselibError:
            continue  # check reports it; a conflicted draft is resolved by hand
        changes = []
        for n, (_, article) in enumerate(spec.articles(), 1):
            if article.clause != clause_id or article.version != number:
                continue
            if article.digest is None:
                unpinned.append(path.stem)
            elif article.digest == old_digest:
                changes.append(
                    PinChange(n, clause_id, article.line, number, None, None, old_digest, target, "", "", new_digest)
                )
        if changes:
            # only the version and digest attributes change: every other byte of the manifest stays
            xmlio.replace_output(path, apply_changes(data, spec, changes))
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
