"""The evidence the side step weighs for one clause version: feature weights, contrast
between the parties on a topic, contradictions and what they cost (see :mod:`clauselib.compare`)."""

from __future__ import annotations

import math

from .match_index import MatchIndex
from .matchtext import Features

LEX_WEIGHT = 0.6  # share of a version's score from plain similarity; the rest is contrastive evidence
MODALITY_WEIGHT = 3.0  # weight of a modality mark (~may, ~only) or its negation (¬~may, ¬~only)
FIGURE_WEIGHT = 8.0  # weight of a figure shared with (or contradicting) a version
CONFLICT_COST = 30.0  # score points per stance contradiction that another party's versions avoid


def feature_weight(index: MatchIndex, f: str) -> float:
    """How much one shared feature counts: IDF for words, fixed weights for marks and figures."""
    if f.startswith("#"):
        return FIGURE_WEIGHT
    if f.startswith("¬~"):
        return MODALITY_WEIGHT
    if f.startswith("¬"):
        return 1.2 * index.idf(f[1:])
    if f.startswith("~"):
        return MODALITY_WEIGHT
    return index.idf(f)


def party_users(
    index: MatchIndex, topic: str, as_of: str, feats: set[str], left_out: frozenset[int] = frozenset()
) -> tuple[dict[str, set[str]], set[str]]:
    """Per feature of *feats*, the parties whose versions on *topic* (dated ≤ as_of, not left
    out) use it; and the parties with any such version."""
    docs = index.topic_docs(topic)
    if left_out and not left_out.isdisjoint(docs):
        # the precomputed dates count every version: recount without those left out
        kept = [index.docs[j] for j in docs if j not in left_out and index.docs.dates[j] <= as_of]
        users = {f: {d.party for d in kept if f in d.marks or f in d.stems} for f in feats}
        return users, {d.party for d in kept}
    by_feature = index.topic_features.get(topic, {})
    users = {f: {p for p, d in by_feature.get(f, {}).items() if d <= as_of} for f in feats}
    parties = {p for p, d in index.topic_parties.get(topic, {}).items() if d <= as_of}
    return users, parties


def contrast(f: str, party: str, users: dict[str, set[str]], parties: set[str]) -> float:
    """1 when only *party* uses f on the topic, 0 when every party does."""
    if len(parties) <= 1:
        return 1.0
    others = len(users.get(f, set()) - {party})
    return 1.0 - others / (len(parties) - 1)


def contradictions(q: Features, doc) -> list[tuple[str, str, float]]:
    """(kind, detail, weight-feature) for every contradiction between point and version."""
    out = []
    dstems = set(doc.stems)
    qstems = set(q.stems)
    # only what the point's negation is about ("will not *recognise* Crimea"), not its objects
    for x in sorted(q.negated_only & q.heads):
        if x in dstems and f"¬{x}" not in doc.marks:
            out.append(("negation", f"the point negates '{x}', the version does not", f"¬{x}"))
    for x in sorted(q.set_aside - q.heads):
        if x in dstems and f"¬{x}" not in doc.marks:
            out.append(("negation", f"the point sets aside '{x}', the version states it", f"¬{x}"))
    for x in sorted(doc.negated_only):
        if x in qstems and f"¬{x}" not in q.marks:
            out.append(("negation", f"the version negates '{x}', the point does not", f"¬{x}"))
    for mark in sorted(m for m in q.marks if m.startswith("¬~")):
        if mark[1:] in doc.marks and mark not in doc.marks:
            out.append(("negation", f"the point negates the {feature_label(mark[1:])}, the version states it", mark))
    for n in sorted(q.numbers):
        if n in doc.numbers or n < 10:
            continue
        near = [x for x in doc.numbers if x >= 10 and x != n and 0.2 < x / n < 5]
        if near:
            out.append(("figure", f"the point says {n:,g}, the version {min(near, key=lambda x: abs(x - n)):,g}", "#"))
    return out


def score_version(index, q, qfeats, qweight, i, lex, users, parties):
    """(score 0–100, shared features, contradictions) of version *i* for the point *q*."""
    doc = index.docs[i]
    dfeats = set(doc.stems) | doc.marks
    conflicts = contradictions(q, doc)
    # A word one side negates and the other asserts is evidence against, not for.
    opposite = {c[2][1:] for c in conflicts if c[0] == "negation"}
    shared = (qfeats & dfeats) - opposite
    gain = math.fsum(contrast(f, doc.party, users, parties) * feature_weight(index, f) for f in shared)
    penalty = math.fsum(feature_weight(index, c[2]) if c[2] != "#" else FIGURE_WEIGHT for c in conflicts)
    score = 100 * (LEX_WEIGHT * lex + (1 - LEX_WEIGHT) * (gain - penalty) / qweight) if qweight else 0.0
    return max(0.0, min(100.0, score)), shared, conflicts


def charge_contradictions(index: MatchIndex, scored: list[tuple], parties: set[str]) -> list[tuple]:
    """Charge each version for the contradictions that set its party apart.

    A contradiction that every party's versions share (the point negates a condition every
    side states) says nothing about the side; one that another party's versions avoid does.
    A version pays CONFLICT_COST per contradiction, times the share of the other parties
    that have a version on the topic free of it.
    """
    if len(parties) <= 1:
        return scored
    clean: dict[str, set[str]] = {}
    keys = {c[2] for _, _, _, conflicts in scored for c in conflicts if is_stance(c)}
    for _, i, _, conflicts in scored:
        mine = {c[2] for c in conflicts}
        for k in keys - mine:
            clean.setdefault(k, set()).add(index.docs[i].party)
    out = []
    for score, i, shared, conflicts in scored:
        party = index.docs[i].party
        cost = math.fsum(
            CONFLICT_COST * len(clean.get(k, set()) - {party}) / (len(parties) - 1)
            for k in {c[2] for c in conflicts if is_stance(c)}
        )
        out.append((max(0.0, score - cost), i, shared, conflicts))
    return out


def is_stance(conflict: tuple[str, str, str]) -> bool:
    """A contradiction on the point's stance itself: it denies a condition or permission the
    version states ("guarantees or not" against "only with guarantees"). Contradictions on a
    single negated word are left to the per-word penalty: negation scope is too rough for more."""
    return conflict[2].startswith("¬~")


def feature_label(f: str) -> str:
    """A feature as a reader should see it in the evidence ("negated 'join'", "figure 85,000")."""
    if f.startswith("#"):
        return f"figure {float(f[1:]):,g}"
    if f == "~may":
        return "permission (may/can/possible)"
    if f == "~only":
        return "condition (only if/in exchange/unless)"
    if f.startswith("¬~"):
        return f"negated {feature_label(f[1:])}"
    if f.startswith("¬"):
        return f"negated '{f[1:]}'"
    return f"'{f}'"


def feature_kind(f: str) -> str:
    """The evidence kind a feature is reported as: figure, modality, negation or contrast."""
    return {"#": "figure", "~": "modality", "¬": "negation"}.get(f[0], "contrast")
