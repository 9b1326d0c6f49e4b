"""Party balance of a draft: whose wording each article carries, and one-sided topics.

A negotiator's first question about a text: how much of it is ours, how much theirs,
and on which subjects did one side write every word. Literal articles (the draft's own
text, not from the library) count as "own text".
"""

from __future__ import annotations

from dataclasses import dataclass

from .relations import DraftView

NEUTRAL_PARTIES = frozenset({"JOINT", "MED"})
"""Agreed and bridging texts: a topic written only by these is not one-sided."""


@dataclass(frozen=True)
class PartyShare:
    party: str
    articles: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class OneSidedTopic:
    topic: str
    party: str
    articles: tuple[int, ...]


@dataclass(frozen=True)
class Balance:
    """How many articles of a draft carry each party's wording."""

    draft: str
    path: str
    total: int
    shares: tuple[PartyShare, ...]
    own_text: tuple[int, ...]
    one_sided: tuple[OneSidedTopic, ...]

    def as_dict(self) -> dict:
        return {
            "draft": self.draft,
            "path": self.path,
            "articles": self.total,
            "parties": [
                {"party": s.party, "articles": list(s.articles), "count": s.count, "share": self.share(s)}
                for s in self.shares
            ],
            "own_text": list(self.own_text),
            "one_sided_topics": [
                {"topic": t.topic, "party": t.party, "articles": list(t.articles)} for t in self.one_sided
            ],
        }

    def share(self, share: PartyShare) -> float:
        return round(share.count / self.total, 3) if self.total else 0.0


def balance(view: DraftView) -> Balance:
    """Count articles per party; list topics whose every article comes from one (non-neutral) party."""
    by_party: dict[str, list[int]] = {}
    by_topic: dict[str, list[tuple[str, int]]] = {}
    own = []
    for slot in view.slots:
        if not slot.clause:
            own.append(slot.number)
            continue
        if not slot.party:
            continue  # a pin that does not resolve: check reports it; it is nobody's text here
        by_party.setdefault(slot.party, []).append(slot.number)
        if slot.topic:
            by_topic.setdefault(slot.topic, []).append((slot.party, slot.number))
    shares = tuple(
        PartyShare(party, tuple(numbers))
        for party, numbers in sorted(by_party.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    one_sided = tuple(
        OneSidedTopic(topic, entries[0][0], tuple(n for _, n in entries))
        for topic, entries in sorted(by_topic.items())
        if len({p for p, _ in entries}) == 1 and entries[0][0] not in NEUTRAL_PARTIES
    )
    return Balance(view.id, view.path, len(view.slots), shares, tuple(own), one_sided)


def to_text(result: Balance) -> str:
    """A table of parties and the list of one-sided topics."""
    lines = [f"Party balance of {result.draft} ({result.total} articles)"]
    rows = [(s.party, s.articles) for s in result.shares]
    if result.own_text:
        rows.append(("own", result.own_text))
    for label, numbers in rows:
        noun = "article " if len(numbers) == 1 else "articles"
        share = len(numbers) / result.total if result.total else 0.0
        lines.append(f"  {label:<6} {len(numbers):>3} {noun}  {share:>6.1%}  ({_articles(numbers)})")
    if result.own_text:
        lines.append("  (own: the draft's literal text, not from the library)")
    if len(result.shares) == 1:
        only = result.shares[0]
        lines.append(f"Every article from the library carries {only.party}'s wording.")
    elif result.one_sided:
        lines.append("Topics one party wrote entirely:")
        for topic in result.one_sided:
            lines.append(f"  {topic.topic}: {topic.party} ({_articles(topic.articles)})")
    elif result.shares:
        lines.append("No topic is written entirely by one party.")
    return "\n".join(lines) + "\n"


def _articles(numbers: tuple[int, ...]) -> str:
    return ("Article " if len(numbers) == 1 else "Articles ") + ", ".join(map(str, numbers))
