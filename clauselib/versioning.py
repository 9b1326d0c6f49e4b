"""Propose new wordings safely: build, validate, then create version n+1 atomically.

A new version is built as XML with lxml (so every character is escaped), parsed back
with the hardened parser, validated against ``clause.xsd`` and the placeholder rules,
and only then created with :func:`xmlio.create_new` (temp file, fsync, hard link). The
hard link is the one exclusive step: it fails when the name exists, so two people
proposing at the same moment can never overwrite each other. No lock file is used —
a lock file left by a killed process would block everyone until removed by hand,
while a failed link leaves nothing behind. When the link finds n+1 taken, the proposal
is rebuilt as n+2 (still based on the version its author answered) and tried again,
or, with ``retry=False``, fails with "version n+1 was just created by someone else".
A number is only ever taken by a complete, valid file, so a crash leaves no gap.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from . import loaders, xmlio
from .errors import (
    ClauselibError,
    InvalidIdError,
    NotFoundError,
    SchemaError,
    TemplateError,
    VersionExistsError,
    WorkspaceError,
)
from .events import Event
from .ids import ClauseRef, check_id
from .library import Library, Workspace, suggest
from .model import STATUSES, ClauseVersion, Paragraph, Source
from .templating import placeholders

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ATTEMPTS = 64
"""How often a proposal is renumbered when others keep taking the next number."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")
_INLINE = re.compile(r"""<ref\s+clause\s*=\s*["']?([^"'\s/>]*)["']?\s*/?>|<em>(.*?)</em>""", re.DOTALL)
_COPIED = ("title", "source", "param", "requires", "conflicts", "after")

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


# -- plain text ⇄ paragraphs ---------------------------------------------------------


def paragraphs_to_plain(paragraphs: Sequence[Paragraph]) -> str:
    """A version's paragraphs as editable plain text: blank line between paragraphs,
    ``<ref clause="x"/>`` and ``<em>…</em>`` kept so they survive an edit."""
    out = []
    for para in paragraphs:
        parts = []
        for seg in para.segments:
            if seg.kind == "ref":
                parts.append(f'<ref clause="{seg.target}"/>')
            elif seg.kind == "em":
                parts.append(f"<em>{seg.text}</em>")
            else:
                parts.append(seg.text)
        out.append("".join(parts))
    return "\n\n".join(out) + "\n"


def plain_to_paragraphs(text: str) -> list[etree._Element]:
    """``<p>`` elements from plain text: a blank line starts a new paragraph, whitespace
    inside a paragraph is folded; ``<ref clause="x"/>`` and ``<em>…</em>`` become markup,
    everything else is text (escaped by lxml)."""
    if not isinstance(text, str) or not text.strip():
        raise SchemaError("the text is empty", hint="write at least one paragraph of text")
    if "\x00" in text:
        raise SchemaError("the text contains a NUL character", hint="save the text as plain UTF-8")
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        chunk = _SPACE.sub(" ", chunk).strip()
        if not chunk:
            continue
        p = etree.Element("p")
        last: etree._Element | None = None
        pos = 0
        for match in _INLINE.finditer(chunk):
            _append_text(p, last, chunk[pos : match.start()])
            if match.group(1) is not None:
                last = etree.SubElement(p, "ref", clause=check_id(match.group(1), "clause id in <ref>"))
            else:
                last = etree.SubElement(p, "em")
                last.text = match.group(2)
            pos = match.end()
        _append_text(p, last, chunk[pos:])
        paragraphs.append(p)
    return paragraphs


def _append_text(p: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    try:
        if last is None:
            p.text = (p.text or "") + text
        else:
            last.tail = (last.tail or "") + text
    except ValueError:
        raise SchemaError(
            "the text contains control characters XML cannot hold", hint="remove them and save as UTF-8"
        ) from None


# -- building a version --------------------------------------------------------------


def _copy(element: etree._Element) -> etree._Element:
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone


def _source_element(source: Source) -> etree._Element:
    el = etree.Element("source")
    el.text = source.text
    if source.url:
        el.set("url", source.url)
    if source.date:
        el.set("date", source.date.isoformat())
    return el


def build_version(
    *,
    clause_id: str,
    number: int,
    topic: str,
    party: str,
    date: dt.date,
    status: str,
    based_on: int | None,
    text: str,
    base: etree._Element | None = None,
    title: str | None = None,
    sources: Sequence[Source] = (),
    note: str | None = None,
    earlier_params: Sequence[etree._Element] = (),
) -> bytes:
    """The XML of a new version: copied title/sources/params/relations from *base*
    unless overridden, the new English text, params the new text no longer uses dropped,
    and params an earlier version declared restored when the new text uses them again."""
    root = etree.Element("clause")
    for name, value in (
        ("id", clause_id),
        ("version", str(number)),
        ("topic", topic),
        ("party", party),
        ("date", date.isoformat()),
        ("status", status),
    ):
        root.set(name, value)
    if based_on is not None:
        root.set("based-on", str(based_on))
    paragraphs = plain_to_paragraphs(text)
    used = _used_names(paragraphs)
    copied = [_copy(el) for el in (base if base is not None else ()) if el.tag in _COPIED]
    if title is not None:
        copied = [el for el in copied if el.tag != "title"]
        title_el = etree.Element("title")
        title_el.text = title
        copied.insert(0, title_el)
    if sources:
        copied = [el for el in copied if el.tag != "source"]
        at = 1 if copied and copied[0].tag == "title" else 0
        copied[at:at] = [_source_element(s) for s in sources]
    have = {el.get("name") for el in copied if el.tag == "param"}
    restored = {}
    for el in earlier_params:
        if el.get("name") in used and el.get("name") not in have:
            restored[el.get("name")] = _copy(el)
    for el in copied:
        if el.tag == "param" and el.get("name") not in used:
            continue
        if el.tag != "param" and restored and el.tag != "title" and el.tag != "source":
            root.extend(restored.values())
            restored = {}
        root.append(el)
    root.extend(restored.values())
    text_el = etree.SubElement(root, "text")
    text_el.set(XML_LANG, "en")
    text_el.extend(paragraphs)
    if note:
        etree.SubElement(root, "note").text = note
    etree.indent(root, space="  ")
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _used_names(paragraphs: list[etree._Element]) -> set[str]:
    names: set[str] = set()
    for p in paragraphs:
        for run in [p.text, *(c.text for c in p if c.tag == "em"), *(c.tail for c in p)]:
            if run:
                try:
                    names |= placeholders(run)
                except TemplateError:
                    continue  # reported with its line by validate_candidate
    return names


def validate_candidate(library: Library, data: bytes, rel: str) -> ClauseVersion:
    """Parse, schema-validate and rule-check a version before it lands; raise the first problem."""
    from .check import placeholder_findings

    tree = xmlio.parse_bytes(data, rel)
    xmlio.validate(tree, "clause", rel)
    version = loaders.clause_version(tree.getroot(), rel, loaders.digest_bytes(data))
    library.party(version.party)
    library.topic(version.topic)
    for finding in placeholder_findings(version):
        if finding.severity == "error":
            cls = TemplateError if finding.code in ("template-syntax", "undeclared-placeholder") else SchemaError
            raise cls(finding.message, hint=finding.hint)
    return version


# -- proposing -------------------------------------------------------------------------


def clause_library(workspace: Workspace, clause_id: str, *, must_exist: bool = True) -> Library:
    """A library holding the registries and the versions of one clause only.

    A change to one clause needs nothing else, so proposing stays fast in a workspace
    of any size. It refuses to build on a broken registry or a broken version of this
    clause (a git conflict in it is explained as such).
    """
    from .merging import conflict_error

    check_id(clause_id)
    folder = workspace.clause_dir(clause_id)
    if folder.is_symlink():
        raise WorkspaceError(
            "is a link; clauses are read and written only inside the workspace", path=f"clauses/{clause_id}"
        )
    library, problems = Library.scan(workspace, only=clause_id)
    for problem in problems:
        raise conflict_error(workspace, problem.path or "") or problem
    if must_exist and not folder.is_dir():
        known = [p.name for p in workspace.clauses.iterdir() if p.is_dir() and not p.is_symlink()]
        hint = suggest(clause_id, known) or "run 'clauselib list' to see the clauses"
        raise NotFoundError(f"unknown clause '{clause_id}'", hint=hint)
    return library


def _folded(text: str) -> list[str]:
    return [_SPACE.sub(" ", chunk).strip() for chunk in _PARAGRAPH_BREAK.split(text.strip())]


def _today(date: dt.date | str | None) -> dt.date:
    if date is None:
        return dt.date.today()
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        raise InvalidIdError(f"invalid date {date!r}", hint="write the date as YYYY-MM-DD") from None


def _check_status(status: str) -> str:
    if status not in STATUSES:
        raise InvalidIdError(f"unknown status '{status}'", hint=f"one of {', '.join(STATUSES)}")
    return status


def _land(workspace: Workspace, library: Library, clause_id: str, first: int, build, *, retry: bool) -> ClauseVersion:
    """Create the version at *first* or, when others took it meanwhile, the next free number."""
    number = first
    for _ in range(MAX_ATTEMPTS):
        path = workspace.version_path(clause_id, number)
        rel = workspace.relative(path)
        data = build(number)
        version = validate_candidate(library, data, rel)
        try:
            xmlio.create_new(path, data)
        except VersionExistsError:
            if not retry:
                raise VersionExistsError(
                    f"version {number} of {clause_id} was just created by someone else",
                    path=rel,
                    hint=f"retry: run 'clauselib history {clause_id}' to read it, then propose again",
                ) from None
            number = _next_number(workspace, clause_id)
            continue
        return version
    raise VersionExistsError(
        f"could not find a free version number for {clause_id} after {MAX_ATTEMPTS} attempts",
        hint="others keep proposing on this clause right now; retry in a moment",
    )


def _next_number(workspace: Workspace, clause_id: str) -> int:
    folder = workspace.clause_dir(clause_id)
    numbers = [int(p.stem) for p in folder.glob("*.xml") if p.stem.isdigit()]
    return max(numbers, default=0) + 1


def propose(
    workspace: Workspace,
    clause_id: str,
    party: str,
    text: str,
    from_version: int | None = None,
    title: str | None = None,
    status: str = "proposed",
    note: str | None = None,
    date: dt.date | str | None = None,
    sources: Sequence[Source] = (),
    retry: bool = True,
) -> ClauseVersion:
    """Create the next version of *clause_id*, based on *from_version* (default: the latest).

    Returns the version as created; its ``based_on`` is the version it answers, which is
    not ``version - 1`` when others proposed in the meantime.
    """
    check_id(clause_id)
    _check_status(status)
    library = clause_library(workspace, clause_id)
    library.party(party)
    versions = library.versions(clause_id)
    base = library.get(f"{clause_id}@{from_version}") if from_version is not None else versions[-1]
    when = _today(date)
    if when < base.date:
        raise InvalidIdError(
            f"date {when} is before {base.ref} ({base.date}), the version it answers",
            hint="give the date the wording was tabled, on or after the version it answers",
        )
    base_root = xmlio.parse_file(workspace.root / base.path).getroot()
    if title is None and _folded(paragraphs_to_plain(base.texts["en"])) == _folded(text):
        raise SchemaError(
            f"the text is the same as {base.ref}'s; nothing new to propose",
            hint=f"to accept that wording, record it: 'clauselib agree {base.ref} --party {party}'",
        )

    earlier = [el for v in versions for el in xmlio.parse_file(workspace.root / v.path).getroot().iterfind("param")]

    def build(number: int) -> bytes:
        return build_version(
            clause_id=clause_id,
            number=number,
            earlier_params=earlier,
            topic=base.topic,
            party=party,
            date=when,
            status=status,
            based_on=base.version,
            text=text,
            base=base_root,
            title=title,
            sources=sources,
            note=note,
        )

    return _land(workspace, library, clause_id, versions[-1].version + 1, build, retry=retry)


def new_clause(
    workspace: Workspace,
    clause_id: str,
    topic: str,
    party: str,
    title: str,
    text: str,
    sources: Sequence[Source] = (),
    status: str = "proposed",
    note: str | None = None,
    date: dt.date | str | None = None,
) -> ClauseVersion:
    """Start a clause at version 1."""
    check_id(clause_id)
    _check_status(status)
    library = clause_library(workspace, clause_id, must_exist=False)
    library.party(party)
    library.topic(topic)
    if clause_id in library.clauses or (workspace.clauses / clause_id / "1.xml").exists():
        raise VersionExistsError(
            f"clause '{clause_id}' exists already",
            path=f"clauses/{clause_id}",
            hint=f"propose a new wording with 'clauselib propose {clause_id} --party {party}'",
        )
    if not sources:
        raise SchemaError("a new clause needs at least one source", hint="add --source 'where the wording comes from'")
    if not title or not title.strip():
        raise SchemaError("a new clause needs a title", hint="add --title '…'")
    folder = workspace.clause_dir(clause_id)
    folder.mkdir(exist_ok=True)

    def build(number: int) -> bytes:
        return build_version(
            clause_id=clause_id,
            number=number,
            topic=topic,
            party=party,
            date=_today(date),
            status=status,
            based_on=None,
            text=text,
            title=title,
            sources=sources,
            note=note,
        )

    try:
        return _land(workspace, library, clause_id, 1, build, retry=False)
    except VersionExistsError:
        raise VersionExistsError(
            f"clause '{clause_id}' was just created by someone else",
            path=f"clauses/{clause_id}/1.xml",
            hint=f"read it with 'clauselib show {clause_id}', then propose a new wording",
        ) from None
    except ClauselibError:
        _remove_if_empty(folder)
        raise


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


def base_text(
    workspace: Workspace, clause_id: str, from_version: int | None = None, library: Library | None = None
) -> tuple[ClauseVersion, str]:
    """The version a proposal would answer and its English text as editable plain text."""
    library = library or clause_library(workspace, clause_id)
    version = library.get(f"{clause_id}@{from_version}") if from_version else library.latest(clause_id)
    return version, paragraphs_to_plain(version.texts["en"])


# -- events ----------------------------------------------------------------------------


def record_event(
    workspace: Workspace,
    ref: str,
    kind: str,
    party: str,
    note: str | None = None,
    date: dt.date | str | None = None,
    by: int | None = None,
    library: Library | None = None,
) -> Event:
    """Record that *party* countered, agreed to, rejected or withdrew the version *ref*.

    The version file is not touched; the event is a new file of its own (events.py).
    """
    from .events import EVENT_KINDS, write_event

    if kind not in EVENT_KINDS:
        raise InvalidIdError(f"unknown event '{kind}'", hint=f"one of {', '.join(EVENT_KINDS)}")
    parsed = ClauseRef.parse(ref)
    library = library or clause_library(workspace, parsed.id)
    version = library.get(parsed)
    if parsed.version is None:
        raise InvalidIdError(
            f"name the version the event is about, e.g. {version.ref}",
            hint=f"events are about one wording; the latest is {version.ref}",
        )
    library.party(party)
    when = _today(date)
    if when < version.date:
        raise InvalidIdError(
            f"date {when} is before {version.ref} was tabled ({version.date})",
            hint="an event can only happen on or after the version's date",
        )
    if library.current_status(version) == "withdrawn":
        raise InvalidIdError(
            f"{version.ref} was withdrawn; nothing more can happen to it",
            hint=f"propose a new wording with 'clauselib propose {version.id} --from {version.version}'",
        )
    if kind == "withdrawn" and party != version.party:
        raise InvalidIdError(
            f"only {version.party}, who tabled {version.ref}, can withdraw it",
            hint=f"{party} can reject it instead: 'clauselib reject {version.ref} --party {party}'",
        )
    if by is not None:
        answer = library.get(f"{version.id}@{by}")
        if answer.based_on != version.version:
            raise InvalidIdError(f"{answer.ref} is not based on {version.ref}", hint="name the version that answers it")
    event = Event(
        clause=version.id,
        version=version.version,
        digest=version.digest,
        kind=kind,
        party=party,
        date=when,
        recorded=dt.datetime.now(dt.UTC),
        note=" ".join((note or "").split()),
        by=by,
    )
    created = write_event(workspace.root, event)
    library._events.pop(version.id, None)
    return created
