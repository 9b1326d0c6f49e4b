"""What happened to a clause version after it was tabled: countered, agreed, rejected, withdrawn.

A version file is never edited, so its ``status`` attribute is the status it was tabled
with. Later events are recorded append-only, one file per event in
``clauses/<id>/events/``, each created once with :func:`xmlio.create_new`:

- append-only by construction (a file is created once and never rewritten);
- no lock is needed: two people recording at the same moment create two different files;
- two negotiators recording events on separate git branches add different file names,
  so the merge never conflicts (one growing ``events.xml`` would conflict on every
  pair of appends).

Each event names the version *and the digest* of the wording it is about, so an event
never slides onto another wording when versions are renumbered after a merge.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import xmlio
from .errors import ClauselibError, NotFoundError, SchemaError, WorkspaceError
from .ids import check_id

EVENT_KINDS = ("countered", "agreed", "rejected", "withdrawn")
EVENTS_DIR = "events"

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Event:
    """One recorded event about one clause version."""

    clause: str
    version: int
    digest: str
    kind: str
    party: str
    date: dt.date
    recorded: dt.datetime
    note: str = ""
    by: int | None = None
    renumbered_from: int | None = None
    path: str = ""

    @property
    def ref(self) -> str:
        return f"{self.clause}@{self.version}"

    @property
    def order(self) -> tuple[dt.date, dt.datetime, str]:
        """Sort key: the event's date, then when it was recorded."""
        return (self.date, self.recorded, self.path)


def events_dir(root: Path, clause_id: str) -> Path:
    """``clauses/<id>/events`` of a workspace root; the id is checked first."""
    return root / "clauses" / check_id(clause_id) / EVENTS_DIR


def _parse_recorded(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def event_from_element(root: etree._Element, path: str) -> Event:
    """Build an Event from a schema-valid ``<event>`` element."""
    note = root.find("note")
    by = root.get("by")
    moved = root.get("renumbered-from")
    return Event(
        clause=root.get("clause"),
        version=int(root.get("version")),
        digest=root.get("digest"),
        kind=root.get("kind"),
        party=root.get("party"),
        date=dt.date.fromisoformat(root.get("date")),
        recorded=_parse_recorded(root.get("recorded")),
        note=" ".join("".join(note.itertext()).split()) if note is not None else "",
        by=int(by) if by else None,
        renumbered_from=int(moved) if moved else None,
        path=path,
    )


def load_events(root: Path, clause_id: str) -> tuple[list[Event], list[ClauselibError]]:
    """Every event of a clause in date order, and every problem met reading them."""
    folder = events_dir(root, clause_id)
    events: list[Event] = []
    problems: list[ClauselibError] = []
    if not folder.is_dir():
        return events, problems
    if folder.is_symlink():
        problems.append(
            WorkspaceError("is a link; refused", path=f"clauses/{clause_id}/{EVENTS_DIR}", hint="make it a folder")
        )
        return events, problems
    for path in sorted(folder.iterdir()):
        rel = f"clauses/{clause_id}/{EVENTS_DIR}/{path.name}"
        if path.name.startswith("."):
            continue
        if path.suffix != ".xml" or path.is_symlink() or not path.is_file():
            problems.append(SchemaError("not an event file", path=rel, hint="events/ holds only <event> .xml files"))
            continue
        try:
            tree = xmlio.parse_file(path)
            xmlio.validate(tree, "event", rel)
        except ClauselibError as exc:
            exc.path = rel
            problems.append(exc)
            continue
        event = event_from_element(tree.getroot(), rel)
        if event.clause != clause_id:
            problems.append(
                SchemaError(
                    f"event is about clause '{event.clause}' but sits in the folder of '{clause_id}'",
                    path=rel,
                    line=tree.getroot().sourceline,
                    hint="move it to the events/ folder of its clause",
                )
            )
            continue
        events.append(event)
    events.sort(key=lambda e: e.order)
    return events, problems


def event_bytes(event: Event) -> bytes:
    """The XML of an event (text escaped by lxml)."""
    root = etree.Element("event")
    root.set("clause", event.clause)
    root.set("version", str(event.version))
    root.set("digest", event.digest)
    root.set("kind", event.kind)
    root.set("party", event.party)
    root.set("date", event.date.isoformat())
    root.set("recorded", event.recorded.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"))
    if event.by is not None:
        root.set("by", str(event.by))
    if event.renumbered_from is not None:
        root.set("renumbered-from", str(event.renumbered_from))
    if event.note:
        etree.SubElement(root, "note").text = event.note
    body = XML_DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)
    xmlio.validate(xmlio.parse_bytes(body, "<new event>"), "event", "<new event>")
    return body


def event_file_name(event: Event) -> str:
    """A name that sorts by recording time and never collides: no lock, no merge conflict."""
    stamp = event.recorded.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{event.version}-{event.kind}-{secrets.token_hex(4)}.xml"


def write_event(root: Path, event: Event) -> Event:
    """Create the event's file (exclusive creation) and return it with its path."""
    folder = events_dir(root, event.clause)
    if not folder.parent.is_dir():
        raise NotFoundError(f"unknown clause '{event.clause}'")
    if folder.is_symlink() or folder.parent.is_symlink():
        raise WorkspaceError(
            "is a link; events are only written inside the workspace", path=f"clauses/{event.clause}/{EVENTS_DIR}"
        )
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create the events folder: {exc.strerror}", path=folder) from None
    name = event_file_name(event)
    xmlio.create_new(folder / name, event_bytes(event))
    return Event(**{**event.__dict__, "path": f"clauses/{event.clause}/{EVENTS_DIR}/{name}"})


def current_kind(events: list[Event], version: int, digest: str) -> str | None:
    """The kind of the latest event about this wording (version and digest), if any."""
    mine = [e for e in events if e.version == version and e.digest == digest]
    return max(mine, key=lambda e: e.order).kind if mine else None


_VERBS = {"countered": "countered", "agreed": "agreed to", "rejected": "rejected", "withdrawn": "withdrew"}


def describe(event: Event) -> str:
    """One line telling what happened: ``2022-03-30  RU agreed to neutrality@3: note``."""
    text = f"{event.date}  {event.party} {_VERBS.get(event.kind, event.kind)} {event.ref}"
    if event.by is not None:
        text += f" with @{event.by}"
    if event.renumbered_from is not None:
        text += f" (recorded as @{event.renumbered_from} before renumbering)"
    return text + (f": {event.note}" if event.note else "")


def event_dict(event: Event) -> dict:
    """An event as JSON data (``history --format json``)."""
    return {
        "clause": event.clause,
        "version": event.version,
        "ref": event.ref,
        "kind": event.kind,
        "party": event.party,
        "date": event.date.isoformat(),
        "recorded": event.recorded.isoformat(),
        "note": event.note,
        "by": event.by,
        "digest": event.digest,
        "path": event.path,
    }
