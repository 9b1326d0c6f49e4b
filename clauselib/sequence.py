"""The implementation order a draft implies: ordered stages from its ``after`` relations.

Stage 0 is what takes effect on signature; an article that waits for another
article's step sits one stage after the latest of them (a longest-path layering of the
``after`` graph); an article waiting only for something outside the draft sits in
stage 1. A cycle is an error naming the articles on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter

from .errors import ClauselibError
from .relations import DraftView, Slot


class SequenceCycleError(ClauselibError, ValueError):
    """The ``after`` relations of a draft form a cycle; ``clauses`` are the clause ids on it."""

    clauses: tuple[str, ...] = ()


_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")


def readable_duration(value: str) -> str:
    """ISO 8601 duration in words: ``P90D`` → ``90 days``, ``P1Y6M`` → ``1 year and 6 months``.

    Anything that is not a duration is returned unchanged.
    """
    match = _DURATION.fullmatch(value.strip())
    if not match or value.strip() in ("P", "-P") or value.strip().endswith("T"):
        return value
    words = []
    for unit in _UNITS:
        amount = match[unit]
        if amount is None:
            continue
        number = float(amount) if "." in amount else int(amount)
        words.append(f"{amount} {unit if number != 1 else unit[:-1]}")
    if not words:
        return value
    text = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{text} earlier" if match["sign"] else text


@dataclass(frozen=True)
class Condition:
    """What an article waits for: another clause's step, maybe a delay and a verifying body."""

    clause: str
    articles: tuple[int, ...]
    """Numbers of the articles of this draft that pin *clause*; empty when none does."""
    step: str | None = None
    delay: str | None = None
    verified_by: str | None = None
    reason: str = ""

    @property
    def delay_text(self) -> str | None:
        return readable_duration(self.delay) if self.delay else None

    @property
    def in_draft(self) -> bool:
        return bool(self.articles)


@dataclass(frozen=True)
class Step:
    """An article placed in a stage, with the conditions it waits for."""

    slot: Slot
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Stage:
    index: int
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return "On signature" if self.index == 0 else f"Stage {self.index}"


@dataclass(frozen=True)
class Sequence:
    """The ordered stages of one draft."""

    draft: DraftView
    stages: tuple[Stage, ...]


def _conditions(slot: Slot, present: dict[str, list[Slot]]) -> tuple[Condition, ...]:
    out = []
    for rel in slot.of("after"):
        if rel.clause == slot.clause:
            continue  # a relation to itself: check reports it as self-relation
        numbers = tuple(s.number for s in present.get(rel.clause, ()) if s.number != slot.number)
        out.append(Condition(rel.clause, numbers, rel.step, rel.delay, rel.verified_by, rel.reason))
    return tuple(out)


def build_sequence(view: DraftView) -> Sequence:
    """Layer the draft's articles into stages; raise SequenceCycleError on a cycle."""
    present = view.present
    by_number = {s.number: s for s in view.slots}
    conditions = {s.number: _conditions(s, present) for s in view.slots}
    graph = {n: {a for c in conds for a in c.articles} for n, conds in conditions.items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = list(reversed(exc.args[1]))
        slots = [by_number[n] for n in cycle]
        chain = " after ".join(s.name for s in slots)
        first = slots[0]
        error = SequenceCycleError(
            f"the implementation order has a cycle: {chain} — none of them could ever take effect",
            path=view.path or None,
            line=first.line,
            hint="pin a version of one of these clauses that does not wait for the others",
        )
        error.clauses = tuple(str(s.clause) for s in slots)
        raise error from None
    depth: dict[int, int] = {}
    for number in order:
        conds = conditions[number]
        level = max((depth[a] + 1 for c in conds for a in c.articles), default=0)
        if any(not c.in_draft for c in conds):
            level = max(level, 1)
        depth[number] = level
    layers: list[list[Step]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for number in sorted(depth):
        layers[depth[number]].append(Step(by_number[number], conditions[number]))
    return Sequence(view, tuple(Stage(index, tuple(steps)) for index, steps in enumerate(layers)))
