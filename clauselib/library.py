"""Find and load a workspace; index its clause versions; resolve ``id``, ``id@n``, latest.

A workspace is a folder holding ``clauses/`` (the library), ``drafts/`` and
``templates/``. Loading is one pass that collects every problem it meets, so that
``check`` can report them all while ``Library.load`` stops at the first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from . import loaders, xmlio
from .errors import ClauselibError, MissingVersionError, NotFoundError, SchemaError, WorkspaceError
from .ids import ID_PATTERN, ClauseRef, check_id, check_party
from .model import ClauseVersion, Party, Topic

VERSION_FILE = re.compile(r"([1-9][0-9]{0,4})\.xml")
RESERVED_FILES = {"events.xml", "events"}  # events/: see events.py
ENV_VARIABLE = "CLAUSELIB_WORKSPACE"


@dataclass(frozen=True)
class Workspace:
    """The folders of one workspace."""

    root: Path

    @property
    def clauses(self) -> Path:
        return self.root / "clauses"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def clause_dir(self, clause_id: str) -> Path:
        """The folder of a clause; the id is checked before the path is built."""
        return self.clauses / check_id(clause_id)

    def version_path(self, clause_id: str, version: int) -> Path:
        return self.clause_dir(clause_id) / f"{int(version)}.xml"

    def relative(self, path: str | Path) -> str:
        """*path* relative to the workspace root when inside it (for messages)."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def contains(self, path: str | Path) -> bool:
        """True when *path*, with links resolved, lies inside the workspace."""
        try:
            Path(path).resolve().relative_to(self.root)
        except ValueError:
            return False
        return True


def find_workspace(explicit: str | Path | None = None, start: str | Path | None = None) -> Workspace:
    """The workspace from *explicit*, then $CLAUSELIB_WORKSPACE, then walking up from *start*."""
    chosen = explicit or os.environ.get(ENV_VARIABLE)
    if chosen:
        root = Path(chosen).expanduser()
        if not root.is_dir():
            raise WorkspaceError("workspace folder does not exist", path=root)
        if not (root / "clauses").is_dir():
            raise WorkspaceError(
                "no clauses/ folder in the workspace", path=root, hint="point --workspace at a folder holding clauses/"
            )
        return Workspace(root.resolve())
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "clauses").is_dir():
            return Workspace(folder)
    raise WorkspaceError(
        f"no workspace found in {here} or above it",
        hint="run inside a folder holding clauses/, or pass --workspace DIR",
    )


def suggest(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the closest choice, or an empty string."""
    best = process.extractOne(word, list(choices), scorer=fuzz.WRatio, score_cutoff=60)
    return f"did you mean '{best[0]}'?" if best else ""


@dataclass
class Library:
    """Every clause version of a workspace, with its parties and topics."""

    workspace: Workspace
    parties: dict[str, Party] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    clauses: dict[str, tuple[ClauseVersion, ...]] = field(default_factory=dict)
    _events: dict = field(default_factory=dict, repr=False)

    # -- loading -----------------------------------------------------------

    @classmethod
    def load(cls, workspace: Workspace) -> Library:
        """Load the workspace's library; raise the first problem found."""
        library, problems = cls.scan(workspace)
        if problems:
            raise problems[0]
        return library

    @classmethod
    def scan(cls, workspace: Workspace, only: str | None = None) -> tuple[Library, list[ClauselibError]]:
        """Load what can be loaded and return it with every problem met on the way.

        *only*: read the registries and that one clause's versions (none if it has no folder),
        nothing else: a change to one clause needs no more, so it stays fast at any size.
        """
        library = cls(workspace)
        problems: list[ClauselibError] = []
        library.parties = _load_registry(workspace, "parties", loaders.parties, problems)
        library.topics = _load_registry(workspace, "topics", loaders.topics, problems)
        if only is None:
            files = _version_files(workspace, problems)
        else:
            files = clause_files(workspace, only, problems) if workspace.clause_dir(only).is_dir() else []
        found: dict[str, list[ClauseVersion]] = {}
        for rel, path in files:
            version = _load_version(rel, path, problems)
            if version is not None:
                found.setdefault(version.id, []).append(version)
        library.clauses = {
            clause_id: tuple(sorted(versions, key=lambda v: v.version)) for clause_id, versions in sorted(found.items())
        }
        problems.extend(_consistency_problems(library))
        return library, problems

    # -- lookup ------------------------------------------------------------

    def versions(self, clause_id: str) -> tuple[ClauseVersion, ...]:
        """Every version of a clause, oldest first."""
        check_id(clause_id)
        try:
            return self.clauses[clause_id]
        except KeyError:
            hint = suggest(clause_id, self.clauses) or "run 'clauselib list' to see the clauses"
            raise NotFoundError(f"unknown clause '{clause_id}'", hint=hint) from None

    def latest(self, clause_id: str) -> ClauseVersion:
        return self.versions(clause_id)[-1]

    def get(self, ref: str | ClauseRef) -> ClauseVersion:
        """Resolve ``id`` (latest version) or ``id@n``."""
        ref = ClauseRef.parse(ref) if isinstance(ref, str) else ref
        versions = self.versions(ref.id)
        if ref.version is None:
            return versions[-1]
        for version in versions:
            if version.version == ref.version:
                return version
        numbers = ", ".join(str(v.version) for v in versions)
        raise MissingVersionError(
            f"clause '{ref.id}' has no version {ref.version}",
            ref=f"{ref.id}@{ref.version}",
            hint=f"it has versions {numbers}",
        )

    def all_versions(self) -> Iterator[ClauseVersion]:
        for versions in self.clauses.values():
            yield from versions

    def events(self, clause_id: str) -> list:
        """The recorded events of a clause in date order (see events.py); raise the first bad one."""
        if clause_id not in self._events:
            from .events import load_events

            events, problems = load_events(self.workspace.root, clause_id)
            if problems:
                raise problems[0]
            self._events[clause_id] = events
        return self._events[clause_id]

    def current_status(self, version: ClauseVersion) -> str:
        """The latest recorded event's kind for this wording, else the status it was tabled with."""
        from .events import current_kind

        return current_kind(self.events(version.id), version.version, version.digest) or version.status

    def party(self, code: str) -> Party:
        check_party(code)
        try:
            return self.parties[code]
        except KeyError:
            hint = suggest(code, self.parties) or f"known parties: {', '.join(self.parties)}"
            raise NotFoundError(f"unknown party '{code}'", hint=hint) from None

    def topic(self, topic_id: str) -> Topic:
        check_id(topic_id, "topic id")
        try:
            return self.topics[topic_id]
        except KeyError:
            hint = suggest(topic_id, self.topics) or "run 'clauselib list' to see the topics"
            raise NotFoundError(f"unknown topic '{topic_id}'", hint=hint) from None


# -- the loading pass ----------------------------------------------------------


def _load_registry(workspace, name, build, problems):
    path = workspace.clauses / f"{name}.xml"
    if not path.is_file():
        problems.append(
            WorkspaceError(
                f"clauses/{name}.xml is missing",
                path=workspace.root,
                hint="every workspace needs clauses/parties.xml and clauses/topics.xml (see README, 'Workspace')",
            )
        )
        return {}
    if not workspace.contains(path):
        problems.append(
            WorkspaceError("is a link to a file outside the workspace; refused", path=f"clauses/{name}.xml")
        )
        return {}
    try:
        tree = xmlio.parse_file(path)
        xmlio.validate(tree, name, workspace.relative(path))
        return build(tree.getroot())
    except ClauselibError as exc:
        exc.path = workspace.relative(path)
        problems.append(exc)
        return {}


def _version_files(workspace: Workspace, problems: list[ClauselibError]) -> list[tuple[str, str]]:
    """(relative path, absolute path) of every version file, in clause and version order."""
    clauses_dir = str(workspace.clauses)
    if not workspace.contains(clauses_dir):
        problems.append(
            WorkspaceError(
                "is a link to a folder outside the workspace; refused",
                path="clauses",
                hint="keep the clause library inside the workspace",
            )
        )
        return []
    with os.scandir(clauses_dir) as entries:
        listed = [e for e in entries if not e.name.startswith(".")]
    folders = sorted(e.name for e in listed if e.is_dir(follow_symlinks=False))
    for entry in listed:
        if entry.is_symlink() and entry.is_dir() and not workspace.contains(entry.path):
            problems.append(
                WorkspaceError(
                    "is a link to a folder outside the workspace; refused",
                    path=f"clauses/{entry.name}",
                    hint="copy the versions into the workspace instead of linking them",
                )
            )
    out: list[tuple[str, str]] = []
    for folder in folders:
        rel = f"clauses/{folder}"
        if not ID_PATTERN.fullmatch(folder):
            problems.append(
                SchemaError(
                    "folder name is not a valid clause id",
                    path=rel,
                    hint="use lowercase letters, digits and '-', starting with a letter",
                )
            )
            continue
        out.extend(clause_files(workspace, folder, problems))
    return out


def clause_files(workspace: Workspace, clause_id: str, problems: list[ClauselibError]) -> list[tuple[str, str]]:
    """(relative path, absolute path) of one clause's version files, in version order; every
    other file (bad name, link out of the workspace) becomes a problem."""
    rel = f"clauses/{clause_id}"
    files: list[tuple[int, str, str]] = []
    with os.scandir(os.path.join(str(workspace.clauses), clause_id)) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in RESERVED_FILES:
                continue
            match = VERSION_FILE.fullmatch(name)
            if not match:
                hint = "version files are named 1.xml, 2.xml, …"
                problems.append(SchemaError("not a version file", path=f"{rel}/{name}", hint=hint))
            elif entry.is_symlink() and not workspace.contains(entry.path):
                problems.append(
                    WorkspaceError("is a link to a file outside the workspace; refused", path=f"{rel}/{name}")
                )
            else:
                files.append((int(match[1]), f"{rel}/{name}", entry.path))
    return [(relative, absolute) for _, relative, absolute in sorted(files)]


def _load_version(rel: str, path: str, problems: list[ClauselibError]) -> ClauseVersion | None:
    folder, file_name = rel.split("/")[-2:]
    try:
        data = xmlio.read_bytes(path)
        tree = xmlio.parse_bytes(data, rel)
        xmlio.validate(tree, "clause", rel)
        version = loaders.clause_version(tree.getroot(), rel, loaders.digest_bytes(data))
    except ClauselibError as exc:
        exc.path = rel
        problems.append(exc)
        return None
    line = tree.getroot().sourceline
    if version.id != folder:
        problems.append(
            SchemaError(
                f"id '{version.id}' does not match its folder '{folder}'",
                path=rel,
                line=line,
                hint="a version's id must equal the folder name",
            )
        )
        return None
    if f"{version.version}.xml" != file_name:
        problems.append(
            SchemaError(
                f"version {version.version} does not match its file name '{file_name}'",
                path=rel,
                line=line,
                hint=f"rename the file to {version.version}.xml or fix the version attribute",
            )
        )
        return None
    if "en" not in version.texts:
        problems.append(SchemaError('has no English <text xml:lang="en">', path=rel, line=line))
        return None
    return version


def _consistency_problems(library: Library) -> list[ClauselibError]:
    """Gaps in numbering, unknown parties or topics, dangling based-on."""
    problems: list[ClauselibError] = []
    have_registries = bool(library.parties) and bool(library.topics)
    for clause_id, versions in library.clauses.items():
        numbers = [v.version for v in versions]
        expected = list(range(1, len(numbers) + 1))
        if numbers != expected:
            missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            problems.append(
                SchemaError(
                    f"versions of '{clause_id}' have a gap: {', '.join(map(str, missing))} missing",
                    path=f"clauses/{clause_id}",
                    hint="versions are numbered 1, 2, 3 … without gaps; restore the missing file from history",
                )
            )
        for version in versions:
            root_line = 1
            if have_registries and version.party not in library.parties:
                problems.append(
                    SchemaError(
                        f"unknown party '{version.party}'",
                        path=version.path,
                        line=root_line,
                        hint=suggest(version.party, library.parties) or "add it to clauses/parties.xml",
                    )
                )
            if have_registries and version.topic not in library.topics:
                problems.append(
                    SchemaError(
                        f"unknown topic '{version.topic}'",
                        path=version.path,
                        line=root_line,
                        hint=suggest(version.topic, library.topics) or "add it to clauses/topics.xml",
                    )
                )
            if version.based_on is not None and (
                version.based_on >= version.version or version.based_on not in numbers
            ):
                problems.append(
                    SchemaError(
                        f"based-on {version.based_on} names no earlier version of '{clause_id}'",
                        path=version.path,
                        line=root_line,
                        hint="based-on must name an existing, lower version number",
                    )
                )
    return problems
