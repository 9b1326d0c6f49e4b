"""The results of plan-to-library attribution (see :mod:`clauselib.compare`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    """A clause version a point was scored against."""

    clause: str
    version: int
    party: str
    topic: str
    date: str
    score: float
    shared: tuple[str, ...]
    title: str
    text: str

    @property
    def ref(self) -> str:
        return f"{self.clause}@{self.version}"


@dataclass(frozen=True)
class Evidence:
    """One reason behind a verdict: what was found, for or against which party."""

    kind: str  # speaker | commentary | keyword | contrast | negation | modality | figure | margin | earliest | …
    party: str | None
    detail: str
    weight: float = 0.0


@dataclass(frozen=True)
class TopicVerdict:
    """The side a point takes within one topic."""

    topic: str
    topic_score: float
    verdict: str
    party: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    evidence: tuple[Evidence, ...]
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class PointResult:
    """The verdict on one point of a plan."""

    number: int
    label: str
    text: str
    status: str | None
    verdict: str
    party: str | None
    topics: tuple[TopicVerdict, ...]
    matches: tuple[Match, ...]
    provenance: str | None = None
    provenance_party: str | None = None

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(e for t in self.topics for e in t.evidence)


@dataclass(frozen=True)
class Summary:
    """Counts over the compared points and the one-line answer."""

    points: int
    compared: int
    verdicts: dict[str, int]
    parties: dict[str, int]
    topics: dict[str, dict[str, int]]
    answer: str


@dataclass(frozen=True)
class Comparison:
    """A plan compared against the library."""

    plan_id: str
    plan_title: str
    plan_kind: str
    plan_date: dt.date | None
    origin: str
    as_of: dt.date | None
    threshold: float
    margin: float
    top_k: int
    library_versions: int
    points: tuple[PointResult, ...]
    summary: Summary
    left_out: tuple[str, ...] = ()
    """Versions left out because they rest on the plan's own reporting (see :func:`derived_from`)."""
