"""The labelled compare set (tests/data/compare_labelled.jsonl) and its evaluation.

Each point is labelled with the party and topic whose position it restates, or with
``null`` for a point that restates nobody's. A party point counts as right when the
verdict is ``restates`` and one of its restating topics is the labelled topic with the
labelled party; a ``none`` point counts as falsely attributed when it gets ``restates``.
A point may carry ``as_of`` (ISO date): it is then compared with the versions dated up to it,
as a plan of that date would be.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from clauselib.compare import PointResult, search
from clauselib.match_index import version_text
from clauselib.speakers import Speakers
from clauselib.textnorm import words

DATA_DIR = Path(__file__).resolve().parent / "data"
SETS = "compare_*.jsonl"
"""compare_labelled.jsonl (written with the first rounds) and compare_fresh{,2,…}.jsonl, each
written by another engineer from the library's texts and FACTS.md alone, without reading or
running the matching code. The one whose rows say ``"split": "heldout"`` is the held-out part;
every other set was a held-out part once, evaluated once and then tuned on (its rows keep their
old split as ``was``)."""


def load_points(split: str | None = None, batch: str | None = "any") -> list[dict]:
    """The points of *split* (tune, heldout, None: all) and *batch* ("any"; None: the first;
    "adversarial", "round2", "fresh", "fresh2", …)."""
    rows = []
    for path in sorted(DATA_DIR.glob(SETS)):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if (split is None or r["split"] == split) and (batch == "any" or r.get("batch") == batch)]


def by_speaker(rows: list[dict], library) -> tuple[list[dict], list[dict]]:
    """The points that name who holds their position ("Kyiv insists…") and the others."""
    speakers = Speakers.of(library.parties)

    def names_a_party(row: dict) -> bool:
        found = speakers.find(row["text"])
        return found is not None and not found.commentator

    return [r for r in rows if names_a_party(r)], [r for r in rows if not names_a_party(r)]


def wrong_side_shares_more(row: dict, library) -> bool:
    """The strict test of a hard case: some other party's version on the labelled topic shares
    more (normalised) words with the point than every version of the labelled party does."""
    if row["party"] is None:
        return False
    q = set(words(row["text"]))
    own = other = 0
    as_of = _as_of(row) or dt.date.max
    for v in library.all_versions():
        if v.topic != row["topic"] or v.date > as_of:
            continue
        n = len(q & set(words(version_text(v))))
        if v.party == row["party"]:
            own = max(own, n)
        else:
            other = max(other, n)
    return other > own


def _as_of(row: dict) -> dt.date | None:
    return dt.date.fromisoformat(row["as_of"]) if row.get("as_of") else None


def is_right(row: dict, result: PointResult) -> bool:
    if row["party"] is None:
        return result.verdict != "restates"
    return result.verdict == "restates" and any(
        t.verdict == "restates" and t.party == row["party"] and t.topic == row["topic"] for t in result.topics
    )


@dataclass(frozen=True)
class Figures:
    total: int
    right: int
    hard: int
    hard_right: int
    nones: int
    false_attributions: int
    topic_right: int
    wrong: tuple[tuple[str, str, str], ...]
    strict: int = 0
    strict_right: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def hard_accuracy(self) -> float:
        return self.hard_right / self.hard if self.hard else 0.0

    @property
    def false_rate(self) -> float:
        return self.false_attributions / self.nones if self.nones else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: accuracy {self.right}/{self.total} = {self.accuracy:.0%}, hard {self.hard_right}/{self.hard}"
            f" = {self.hard_accuracy:.0%}, topic right {self.topic_right}/{self.total - self.nones},"
            f" none points falsely attributed {self.false_attributions}/{self.nones};"
            f" wrong side shares more words: {self.strict_right}/{self.strict}"
        )


def evaluate(rows: list[dict], library, index=None, **options) -> Figures:
    right = hard = hard_right = nones = false = topic_right = strict = strict_right = 0
    wrong = []
    for row in rows:
        result = search(row["text"], library, index=index, as_of=_as_of(row), **options)
        ok = is_right(row, result)
        right += ok
        if row["hard"]:
            hard += 1
            hard_right += ok
        if wrong_side_shares_more(row, library):
            strict += 1
            strict_right += ok
        if row["party"] is None:
            nones += 1
            false += result.verdict == "restates"
        elif any(t.topic == row["topic"] for t in result.topics):
            topic_right += 1
        if not ok:
            got = ", ".join(f"{t.topic}:{t.verdict}:{t.party}:{t.score}" for t in result.topics) or "nothing"
            wrong.append((row["id"], f"{row['party']}/{row['topic']}", got))
    return Figures(len(rows), right, hard, hard_right, nones, false, topic_right, tuple(wrong), strict, strict_right)
