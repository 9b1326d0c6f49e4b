"""Draft consistency: what a draft's clauses require, rule out and wait for.

A clause version declares ``<requires clause>`` (it makes sense only with that clause),
``<conflicts clause>`` (it cannot stand beside it) and ``<after clause step delay
verified-by>`` (it takes effect only once that clause's step has happened). For one
draft this module finds: a required clause missing, two conflicting clauses both
present, an ``after`` naming a clause the draft lacks, a cycle of ``after``, and a
``requires`` that can never be met because two required clauses conflict. Each finding
names the articles (``Article N (clause@version)``) and the manifest file:line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from .check import Finding
from .errors import ClauselibError
from .library import Library
from .model import ClauseVersion, Composed, DraftSpec, Relation


@dataclass(frozen=True)
class Slot:
    """One article of a draft as the relation checks see it."""

    number: int
    heading: str | None = None
    clause: str | None = None
    version: int | None = None
    party: str | None = None
    topic: str | None = None
    relations: tuple[Relation, ...] = ()
    line: int | None = None
    source: ClauseVersion | None = field(default=None, compare=False, repr=False)
    """The pinned version itself, when it resolved."""

    @property
    def ref(self) -> str | None:
        return f"{self.clause}@{self.version}" if self.clause else None

    @property
    def name(self) -> str:
        """``Article 3 (neutrality@2)``, or ``Article 3`` for literal text."""
        return f"Article {self.number} ({self.ref})" if self.clause else f"Article {self.number}"

    def of(self, kind: str) -> tuple[Relation, ...]:
        return tuple(r for r in self.relations if r.kind == kind)


@dataclass(frozen=True)
class DraftView:
    """A draft's articles with their pinned versions' relations, and where it was read."""

    id: str
    title: str
    path: str
    slots: tuple[Slot, ...]

    @cached_property
    def present(self) -> dict[str, list[Slot]]:
        """Clause id → the articles pinning it (computed once)."""
        return self.by_clause()

    def by_clause(self) -> dict[str, list[Slot]]:
        out: dict[str, list[Slot]] = {}
        for slot in self.slots:
            if slot.clause:
                out.setdefault(slot.clause, []).append(slot)
        return out


def view_of_spec(spec: DraftSpec, library: Library) -> DraftView:
    """The view of a manifest; pins that do not resolve carry no relations (``check`` reports them)."""
    from .compose import resolve_pin

    slots = []
    for number, (_, article) in enumerate(spec.articles(), start=1):
        if not article.is_pinned:
            slots.append(Slot(number, article.heading, line=article.line))
            continue
        try:
            version = resolve_pin(spec, article, library)
        except ClauselibError:
            slots.append(Slot(number, article.heading, article.clause, article.version, line=article.line))
            continue
        slots.append(_slot_of(number, article.heading, version, article.line))
    return DraftView(spec.id, spec.title, spec.path, tuple(slots))


def view_of_composed(doc: Composed, library: Library | None = None) -> DraftView:
    """The view of a composed document; relations are looked up in *library* when the document lost them."""
    slots = []
    for article in doc.articles:
        prov = article.provenance
        if prov is None:
            slots.append(Slot(article.number, article.heading))
            continue
        relations = article.relations
        if not relations and library is not None:
            try:
                relations = library.get(prov.ref).relations
            except ClauselibError:
                relations = ()
        slots.append(
            Slot(article.number, article.heading, prov.clause, prov.version, prov.party, prov.topic, relations)
        )
    return DraftView(doc.id, doc.title, doc.origin, tuple(slots))


def _slot_of(number: int, heading: str | None, version: ClauseVersion, line: int | None) -> Slot:
    return Slot(
        number,
        heading or version.title,
        version.id,
        version.version,
        version.party,
        version.topic,
        version.relations,
        line,
        version,
    )


# --- the checks --------------------------------------------------------------------


@dataclass(frozen=True)
class RelationFinding(Finding):
    """A Finding with the clauses it is about (``key``), so two drafts' findings can be matched."""

    key: tuple[str, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict:
        data = super().as_dict()
        data.pop("key", None)
        return data


def _finding(view: DraftView, slot: Slot, code: str, message: str, hint: str, *about: str) -> RelationFinding:
    return RelationFinding("error", code, message, view.path or None, slot.line, hint, key=(code, *about))


def _where(view: DraftView, slot: Slot) -> str:
    return f"{view.path}:{slot.line}" if view.path and slot.line else slot.name


def missing_requirements(view: DraftView) -> list[Finding]:
    """Articles whose ``requires`` names a clause the draft does not contain."""
    present = view.present
    findings = []
    for slot in view.slots:
        for rel in slot.of("requires"):
            if rel.clause in present or rel.clause == slot.clause:
                continue
            reason = f": {rel.reason}" if rel.reason else ""
            findings.append(
                _finding(
                    view,
                    slot,
                    "missing-requirement",
                    f"{slot.name} requires clause '{rel.clause}', which is not in the draft{reason}",
                    f"add an article pinning {rel.clause}, or pin a version of {slot.clause} without this condition",
                    str(slot.clause),
                    rel.clause,
                )
            )
    return findings


def conflicts(view: DraftView) -> list[Finding]:
    """Pairs of articles that rule each other out, each pair reported once."""
    present = view.present
    pairs: dict[tuple[int, int], list[tuple[Slot, Relation]]] = {}
    for slot in view.slots:
        for rel in slot.of("conflicts"):
            for other in present.get(rel.clause, ()):
                if other.number == slot.number:
                    continue
                key = (min(slot.number, other.number), max(slot.number, other.number))
                pairs.setdefault(key, []).append((slot, rel))
    by_number = {s.number: s for s in view.slots}
    findings = []
    for (a, b), declared in sorted(pairs.items()):
        first, second = by_number[a], by_number[b]
        reasons = "; ".join(f"{s.ref}: {r.reason}" for s, r in declared if r.reason)
        findings.append(
            _finding(
                view,
                first,
                "conflicting-articles",
                f"{first.name} and {second.name} ({_where(view, second)}) conflict"
                + (f" — {reasons}" if reasons else ""),
                "remove one of the two articles, or pin versions that do not rule each other out",
                *sorted({str(first.clause), str(second.clause)}),
            )
        )
    return findings


def dangling_after(view: DraftView) -> list[Finding]:
    """``after`` conditions that wait for a clause the draft does not contain."""
    present = view.present
    findings = []
    for slot in view.slots:
        for rel in slot.of("after"):
            if rel.clause in present:
                continue
            step = f" ({rel.step})" if rel.step else ""
            findings.append(
                _finding(
                    view,
                    slot,
                    "after-not-in-draft",
                    f"{slot.name} takes effect after '{rel.clause}'{step}, which is not in the draft",
                    f"add an article pinning {rel.clause}, or pin a version of {slot.clause} that does not wait for it",
                    str(slot.clause),
                    rel.clause,
                )
            )
    return findings


def sequence_cycles(view: DraftView) -> list[Finding]:
    """A cycle in the ``after`` graph: no article on it could ever take effect."""
    from .sequence import SequenceCycleError, build_sequence

    try:
        build_sequence(view)
    except SequenceCycleError as exc:
        key = ("sequence-cycle", *sorted(set(exc.clauses)))
        return [RelationFinding("error", "sequence-cycle", exc.message, exc.path, exc.line, exc.hint, key=key)]
    return []


def _clash(a: ClauseVersion, b: ClauseVersion) -> Relation | None:
    """The conflicts relation between two versions of different clauses, if either declares one."""
    for rel in a.relations_of("conflicts"):
        if rel.clause == b.id:
            return rel
    for rel in b.relations_of("conflicts"):
        if rel.clause == a.id:
            return rel
    return None


def never_compatible(
    library: Library, first: str, second: str, pinned: dict[str, Iterable[ClauseVersion]] | None = None
) -> Relation | None:
    """A conflict that holds for every choice of versions of *first* and *second*, else None.

    A clause pinned in the draft counts only with its pinned versions (*pinned*); any
    other clause with every version the library has.
    """
    pinned = pinned or {}
    choices = []
    for clause in (first, second):
        versions = list(pinned.get(clause, ())) or list(library.clauses.get(clause, ()))
        if not versions:
            return None
        choices.append(versions)
    found = None
    for a in choices[0]:
        for b in choices[1]:
            rel = _clash(a, b)
            if rel is None:
                return None
            found = found or rel
    return found


def unmeetable_requirements(view: DraftView, library: Library) -> list[Finding]:
    """Articles requiring two clauses that can never stand together."""
    pinned: dict[str, list[ClauseVersion]] = {}
    for slot in view.slots:
        if slot.clause and slot.version:
            version = slot.source
            if version is None:
                try:
                    version = library.get(slot.ref)
                except ClauselibError:
                    continue
            pinned.setdefault(slot.clause, []).append(version)
    findings = []
    for slot in view.slots:
        required = sorted({r.clause for r in slot.of("requires")} - {slot.clause})
        for first, second in combinations(required, 2):
            rel = never_compatible(library, first, second, pinned)
            if rel is None:
                continue
            reason = f": {rel.reason}" if rel.reason else ""
            findings.append(
                _finding(
                    view,
                    slot,
                    "unmeetable-requirement",
                    f"{slot.name} requires both '{first}' and '{second}', which conflict with each other{reason}",
                    f"no version pair of {first} and {second} can stand together; pin a version of {slot.clause}"
                    " that requires only one of them",
                    str(slot.clause),
                    first,
                    second,
                )
            )
    return findings


def draft_relation_findings(view: DraftView, library: Library) -> list[Finding]:
    """Every relation finding of one draft, in a stable order."""
    return (
        missing_requirements(view)
        + conflicts(view)
        + dangling_after(view)
        + sequence_cycles(view)
        + unmeetable_requirements(view, library)
    )


def check_draft_relations(library: Library, spec: DraftSpec) -> list[Finding]:
    """The ``check.DRAFT_CHECKS`` entry: relation findings of one manifest (reported documents have none)."""
    if spec.kind == "reported":
        return []
    return draft_relation_findings(view_of_spec(spec, library), library)


def version_requirement_findings(library: Library, version: ClauseVersion) -> list[Finding]:
    """A version whose ``requires`` can never be met: two required clauses that always conflict,
    or a required clause the version itself rules out."""
    findings = []
    requires = [r for r in version.relations_of("requires") if r.clause != version.id]
    ruled_out = {r.clause for r in version.relations_of("conflicts")}
    for rel in requires:
        if rel.clause in ruled_out:
            findings.append(
                Finding(
                    "error",
                    "unmeetable-requirement",
                    f"{version.ref} both requires and conflicts with '{rel.clause}'",
                    version.path,
                    rel.line,
                    "keep either the <requires> or the <conflicts>",
                )
            )
    for first, second in combinations(requires, 2):
        if first.clause == second.clause:
            continue
        clash = never_compatible(library, first.clause, second.clause)
        if clash is None:
            continue
        reason = f": {clash.reason}" if clash.reason else ""
        findings.append(
            Finding(
                "error",
                "unmeetable-requirement",
                f"{version.ref} requires both '{first.clause}' and '{second.clause}', but every version of"
                f" one conflicts with the other{reason}",
                version.path,
                second.line,
                "drop one of the two <requires>, or propose a version of one clause that does not rule out the other",
            )
        )
    return findings


# --- notes for annotated output ------------------------------------------------------


def _why(rel: Relation) -> str:
    return f": {rel.reason}" if rel.reason else ""


def _articles_named(slots: list[Slot]) -> str:
    return " and ".join(f"Article {s.number}" for s in slots)


def relation_notes(view: DraftView) -> dict[int, tuple[str, ...]]:
    """Per article number, sentences that explain its relations for an annotated draft.

    "Article 3 is conditional on Article 4 (security-guarantees): neutrality is offered
    only against binding guarantees"; "Article 5 takes effect 90 days after Article 2
    (withdrawal): verified withdrawal; verified by …"; and what is wrong: a required
    clause the draft lacks, an article it conflicts with, a step outside the draft.
    """
    from .sequence import readable_duration

    present = view.present
    notes: dict[int, list[str]] = {}
    for slot in view.slots:
        out = notes.setdefault(slot.number, [])
        for rel in slot.of("requires"):
            if rel.clause == slot.clause:
                continue
            targets = present.get(rel.clause)
            if targets:
                named = f"{_articles_named(targets)} ({rel.clause})"
                out.append(f"Article {slot.number} is conditional on {named}{_why(rel)}")
            else:
                out.append(f"Article {slot.number} lacks {rel.clause}, which it is conditional on{_why(rel)}")
        for rel in slot.of("conflicts"):
            targets = [s for s in present.get(rel.clause, ()) if s.number != slot.number]
            if targets:
                out.append(f"Article {slot.number} conflicts with {_articles_named(targets)} ({rel.clause}){_why(rel)}")
        for rel in slot.of("after"):
            if rel.clause == slot.clause:
                continue
            targets = present.get(rel.clause)
            if targets:
                target = f"{_articles_named(targets)} ({rel.clause})"
            else:
                target = f"{rel.clause}, which is not in the draft"
            delay = readable_duration(rel.delay) if rel.delay else None
            out.append(f"Article {slot.number} takes effect {after_phrase(delay, target, rel.step, rel.verified_by)}")
    return {number: tuple(lines) for number, lines in notes.items() if lines}


def after_phrase(delay: str | None, target: str, step: str | None, verified_by: str | None) -> str:
    """``90 days after Article 4 (withdrawal): verified withdrawal; verified by the OSCE``."""
    text = f"{delay} after {target}" if delay else f"after {target}"
    if step:
        text += f": {step}"
    if verified_by:
        text += f"; verified by {verified_by}"
    return text


# --- changes between two drafts ------------------------------------------------------------


@dataclass(frozen=True)
class RelationChanges:
    """Relation findings that appear in the later draft, and those it resolved."""

    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]

    def lines(self) -> list[str]:
        """``now: …`` for each new finding (in the later draft's numbering), ``resolved: …`` for the others."""
        return [f"now: {f.message}" for f in self.new] + [f"resolved: {f.message}" for f in self.resolved]


def relation_changes(before: DraftView, after: DraftView, library: Library) -> RelationChanges:
    """Compare the relation findings of two drafts by the clauses involved, not article numbers."""

    def keyed(view: DraftView) -> dict[tuple[str, ...], Finding]:
        out: dict[tuple[str, ...], Finding] = {}
        for finding in draft_relation_findings(view, library):
            out.setdefault(getattr(finding, "key", ()) or (finding.code, finding.message), finding)
        return out

    old, new = keyed(before), keyed(after)
    return RelationChanges(
        tuple(f for k, f in new.items() if k not in old), tuple(f for k, f in old.items() if k not in new)
    )
