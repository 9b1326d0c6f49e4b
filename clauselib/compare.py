"""Plan-to-library attribution: whose position does each point of a plan restate?

Two steps, each explained in the result:

1. **Topic** — which topic(s) the point is about. Candidate versions come from the
   inverted index (:mod:`clauselib.match_index`) and are scored by lexical similarity
   (TF-IDF cosine and rapidfuzz); a topic's score is its best version's similarity plus
   a bonus for the topic's own keywords (``topics.xml``). Every topic close enough to
   the best one is kept: a point can be about several.
2. **Side** — whose position the point takes *within* each topic. Similarity alone
   cannot tell "Ukraine will not join NATO" from "Ukraine's right to join NATO", so each
   shared word or mark counts only as much as it separates the parties on that topic
   (a word every party's versions use counts 0, a word only one party uses counts 1);
   negation and modality are marks of their own (``¬join``, ``~may``, ``~only``);
   a word negated on one side and not on the other, or a figure that differs from
   the version's figure (85,000 against 250,000), counts against that version.

A version's score (0–100) is 60 % its similarity and 40 % that contrastive evidence,
minus the contradictions. Verdicts per topic: ``restates`` (best score ≥ threshold and
ahead of every other party's best by ≥ margin), ``contested`` (another party within the
margin on different grounds), ``closest`` (best score under the threshold but over the
floor), ``none``. When two parties' versions match within the margin *on the same
grounds*, the earlier one decides: a position belongs to the side that tabled it first.
Versions dated after ``as_of`` (by default the plan's date) are ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import ClauselibError
from .library import Library
from .match_index import MatchIndex, cached_index
from .matchtext import ACTORS, Features, features
from .model import Composed, ComposedArticle

THRESHOLD = 20.0
MARGIN = 4.0
FLOOR = 15.0
TOP_K = 5

MAX_PLAN_POINTS = 5_000
"""Most points one plan may have (reported plans have 12-28; each point costs a few ms)."""


class PlanTooLargeError(ClauselibError, ValueError):
    """A plan with more points than MAX_PLAN_POINTS."""


TOPIC_RATIO = 0.75  # keep topics scoring at least this share of the best topic's score
MAX_TOPICS = 4
KEYWORD_BONUS = 10.0
EARLIER_SHARE = 0.75  # an earlier version this close to the best, on the same grounds, tabled it first
SAME_GROUNDS = 0.6  # Jaccard overlap of shared features that counts as "the same grounds"
LEX_WEIGHT = 0.6  # share of a version's score from plain similarity; the rest is contrastive evidence
MODALITY_WEIGHT = 3.0  # weight of a modality mark (~may, ~only) or its negation (¬~may, ¬~only)
FIGURE_WEIGHT = 8.0  # weight of a figure shared with (or contradicting) a version
DISTINCT_SHARE = 0.15  # a word used in at most this share of the topics is distinctive, not generic
SINGLE_MIN = 25.0  # with no other party to contrast with, the score a `restates` needs at least
MIN_GROUNDS = 2  # a `restates` under STRONG needs this many grounds (keywords, distinctive words, figures)
STRONG = 30.0
CONFLICT_COST = 30.0  # score points per stance contradiction that another party's versions avoid
VERDICT_ORDER = ("restates", "contested", "closest", "none")


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

    kind: str  # keyword | contrast | negation | modality | figure | earliest | margin
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


@dataclass(frozen=True)
class Settings:
    threshold: float = THRESHOLD
    margin: float = MARGIN
    top_k: int = TOP_K
    topics: tuple[str, ...] | None = None
    as_of: dt.date | None = None
    left_out: frozenset[int] = frozenset()
    """Indices of versions not to compare with (those derived from the plan's own reporting)."""


# -- weights ----------------------------------------------------------------------


def _weight(index: MatchIndex, f: str) -> float:
    if f.startswith("#"):
        return FIGURE_WEIGHT
    if f.startswith("¬~"):
        return MODALITY_WEIGHT
    if f.startswith("¬"):
        return 1.2 * index.idf(f[1:])
    if f.startswith("~"):
        return MODALITY_WEIGHT
    return index.idf(f)


def _users(index: MatchIndex, topic: str, as_of: str, feats: set[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Per feature of *feats*, the parties whose versions on *topic* (dated ≤ as_of) use it."""
    by_feature = index.topic_features.get(topic, {})
    users = {f: {p for p, d in by_feature.get(f, {}).items() if d <= as_of} for f in feats}
    parties = {p for p, d in index.topic_parties.get(topic, {}).items() if d <= as_of}
    return users, parties


def _contrast(f: str, party: str, users: dict[str, set[str]], parties: set[str]) -> float:
    """1 when only *party* uses f on the topic, 0 when every party does."""
    if len(parties) <= 1:
        return 1.0
    others = len(users.get(f, set()) - {party})
    return 1.0 - others / (len(parties) - 1)


def _conflicts(q: Features, doc) -> list[tuple[str, str, float]]:
    """(kind, detail, weight-feature) for every contradiction between point and version."""
    out = []
    dstems = set(doc.stems)
    qstems = set(q.stems)
    # only what the point's negation is about ("will not *recognise* Crimea"), not its objects
    for x in sorted(q.negated_only & q.heads):
        if x in dstems and f"¬{x}" not in doc.marks:
            out.append(("negation", f"the point negates '{x}', the version does not", f"¬{x}"))
    for x in sorted(doc.negated_only):
        if x in qstems and f"¬{x}" not in q.marks:
            out.append(("negation", f"the version negates '{x}', the point does not", f"¬{x}"))
    for mark in sorted(m for m in q.marks if m.startswith("¬~")):
        if mark[1:] in doc.marks and mark not in doc.marks:
            out.append(("negation", f"the point negates the {_feature_label(mark[1:])}, the version states it", mark))
    for n in sorted(q.numbers):
        if n in doc.numbers or n < 10:
            continue
        near = [x for x in doc.numbers if x >= 10 and x != n and 0.2 < x / n < 5]
        if near:
            out.append(("figure", f"the point says {n:,g}, the version {min(near, key=lambda x: abs(x - n)):,g}", "#"))
    return out


# -- scoring one point ----------------------------------------------------------------


def _score_doc(index, q, qfeats, qweight, i, lex, users, parties):
    doc = index.docs[i]
    dfeats = set(doc.stems) | doc.marks
    conflicts = _conflicts(q, doc)
    # A word one side negates and the other asserts is evidence against, not for.
    opposite = {c[2][1:] for c in conflicts if c[0] == "negation"}
    shared = (qfeats & dfeats) - opposite
    gain = math.fsum(_contrast(f, doc.party, users, parties) * _weight(index, f) for f in shared)
    penalty = math.fsum(_weight(index, c[2]) if c[2] != "#" else FIGURE_WEIGHT for c in conflicts)
    score = 100 * (LEX_WEIGHT * lex + (1 - LEX_WEIGHT) * (gain - penalty) / qweight) if qweight else 0.0
    return max(0.0, min(100.0, score)), shared, conflicts


def _charge_conflicts(index: MatchIndex, scored: list[tuple], parties: set[str]) -> list[tuple]:
    """Charge each version for the contradictions that set its party apart.

    A contradiction that every party's versions share (the point negates a condition every
    side states) says nothing about the side; one that another party's versions avoid does.
    A version pays CONFLICT_COST per contradiction, times the share of the other parties
    that have a version on the topic free of it.
    """
    if len(parties) <= 1:
        return scored
    clean: dict[str, set[str]] = {}
    keys = {c[2] for _, _, _, conflicts in scored for c in conflicts if _stance(c)}
    for _, i, _, conflicts in scored:
        mine = {c[2] for c in conflicts}
        for k in keys - mine:
            clean.setdefault(k, set()).add(index.docs[i].party)
    out = []
    for score, i, shared, conflicts in scored:
        party = index.docs[i].party
        cost = math.fsum(
            CONFLICT_COST * len(clean.get(k, set()) - {party}) / (len(parties) - 1)
            for k in {c[2] for c in conflicts if _stance(c)}
        )
        out.append((max(0.0, score - cost), i, shared, conflicts))
    return out


def _stance(conflict: tuple[str, str, str]) -> bool:
    """A contradiction on the point's stance itself: it denies a condition or permission the
    version states ("guarantees or not" against "only with guarantees"). Contradictions on a
    single negated word are left to the per-word penalty: negation scope is too rough for more."""
    return conflict[2].startswith("¬~")


def _feature_label(f: str) -> str:
    if f.startswith("#"):
        return f"figure {float(f[1:]):,g}"
    if f == "~may":
        return "permission (may/can/possible)"
    if f == "~only":
        return "condition (only if/in exchange/unless)"
    if f.startswith("¬~"):
        return f"negated {_feature_label(f[1:])}"
    if f.startswith("¬"):
        return f"negated '{f[1:]}'"
    return f"'{f}'"


def _kind(f: str) -> str:
    return {"#": "figure", "~": "modality", "¬": "negation"}.get(f[0], "contrast")


def score_point(
    text: str,
    index: MatchIndex,
    settings: Settings,
) -> tuple[str, str | None, tuple[TopicVerdict, ...], tuple[Match, ...]]:
    """The verdict, party, per-topic verdicts and top matches for one text."""
    as_of = (settings.as_of or dt.date.max).isoformat()
    q = features(text)
    if not q.stems:
        return "none", None, (), ()
    qfeats = set(q.stems) | q.marks
    qweight = math.fsum(_weight(index, f) for f in qfeats)
    allowed_topics = set(settings.topics) if settings.topics else None
    cands = [
        i
        for i in index.candidates(q)
        if index.docs.dates[i] <= as_of
        and i not in settings.left_out
        and (allowed_topics is None or index.docs.topics[i] in allowed_topics)
    ]
    lex = index.similarity(q, cands)
    keywords = index.keyword_hits(q)
    topic_scores: dict[str, float] = {}
    for i in cands:
        t = index.docs[i].topic
        topic_scores[t] = max(topic_scores.get(t, 0.0), 100 * lex[i])
    for t, hits in keywords.items():
        if t in topic_scores:
            topic_scores[t] += KEYWORD_BONUS * min(2, len(hits))
    if not topic_scores:
        return "none", None, (), ()
    best = max(topic_scores.values())
    chosen = sorted(
        (t for t, s in topic_scores.items() if s >= FLOOR and s >= TOPIC_RATIO * best),
        key=lambda t: (-topic_scores[t], t),
    )[:MAX_TOPICS]
    verdicts = []
    all_matches: list[Match] = []
    for topic in chosen:
        users, parties = _users(index, topic, as_of, qfeats)
        if settings.left_out:  # a party whose only versions are left out has no position here
            parties = {
                index.docs[j].party
                for j in index.topic_docs(topic)
                if j not in settings.left_out and index.docs.dates[j] <= as_of
            } & parties
        scored = []
        for i in cands:
            if index.docs[i].topic != topic:
                continue
            signed = index.signed_similarity(q, i)
            score, shared, conflicts = _score_doc(index, q, qfeats, qweight, i, signed, users, parties)
            scored.append((score, i, shared, conflicts))
        scored = _charge_conflicts(index, scored, parties)
        scored.sort(key=lambda x: (-x[0], index.docs[x[1]].date, x[1]))
        matches = tuple(_match(index, s, i, shared) for s, i, shared, _ in scored[: settings.top_k])
        all_matches.extend(matches)
        verdicts.append(
            _topic_verdict(
                index, topic, topic_scores[topic], scored, keywords.get(topic, []), users, parties, settings, q
            )
            | {"matches": matches}
        )
    topic_verdicts = tuple(TopicVerdict(**v) for v in verdicts)
    verdict, party = _point_verdict(topic_verdicts)
    all_matches.sort(key=lambda m: (-m.score, m.date, m.ref))
    return verdict, party, topic_verdicts, tuple(all_matches[: settings.top_k])


def _match(index: MatchIndex, score: float, i: int, shared: set[str]) -> Match:
    doc = index.docs[i]
    return Match(
        doc.clause,
        doc.version,
        doc.party,
        doc.topic,
        doc.date,
        round(score, 1),
        tuple(sorted(f for f in shared if not f.startswith(("~", "#", "¬")))),
        doc.title,
        doc.text,
    )


def _distinctive(index: MatchIndex, shared: Iterable[str]) -> list[str]:
    """The shared words that few topics use (not generic words such as 'Russia' or 'status')."""
    limit = max(2.0, DISTINCT_SHARE * len(index.topic_parties))
    return sorted(f for f in shared if f[0] not in "#~¬" and 0 < index.stem_topics.get(f, 0) <= limit)


def _topic_verdict(index, topic, topic_score, scored, keyword_hits, users, parties, settings, q) -> dict:
    best_by_party: dict[str, tuple] = {}
    for row in scored:
        party = index.docs[row[1]].party
        if party not in best_by_party:
            best_by_party[party] = row
    ranking = sorted(best_by_party.items(), key=lambda kv: (-kv[1][0], index.docs[kv[1][1]].date, kv[0]))
    evidence: list[Evidence] = [Evidence("keyword", None, f"topic keyword '{k}'", KEYWORD_BONUS) for k in keyword_hits]
    if not ranking:
        return _tv(topic, topic_score, "none", None, 0.0, None, 0.0, evidence)
    (party, (score, i, shared, conflicts)), rest = ranking[0], ranking[1:]
    runner, (r_score, r_i, r_shared, r_conflicts) = rest[0] if rest else (None, (0.0, None, set(), []))
    contrastive = sorted(
        ((f, _contrast(f, party, users, parties) * _weight(index, f)) for f in shared),
        key=lambda x: (-x[1], x[0]),
    )
    for f, w in contrastive[:6]:
        if w > 0:
            evidence.append(
                Evidence(_kind(f), party, f"{_feature_label(f)} shared with {index.docs[i].ref}", round(w, 2))
            )
    for other, (_, o_i, _, o_conflicts) in rest[:3]:
        for kind, detail, _ in o_conflicts[:2]:
            evidence.append(Evidence(kind, other, f"against {index.docs[o_i].ref}: {detail}", 0.0))
    if score < FLOOR:
        return _tv(topic, topic_score, "none", None, score, runner, r_score, evidence)
    if "~open" in q.marks and ("~open" not in index.docs[i].marks or not _distinctive(index, shared)):
        evidence.append(
            Evidence(
                "open",
                None,
                "the point says the matter is still open: it reports the state of the talks, not a position",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if "~event" in q.marks:
        evidence.append(
            Evidence(
                "event",
                None,
                "the point reports an event in the past tense and has no word of obligation, will or"
                " refusal: it states nobody's position",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if score < settings.threshold:
        evidence.append(
            Evidence("margin", party, f"best score {score:.1f} is under the threshold {settings.threshold:g}")
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    grounds = _grounds(index, keyword_hits, shared)
    if not grounds:
        evidence.append(
            Evidence(
                "generic",
                party,
                f"only generic words shared with {index.docs[i].ref}, no topic keyword"
                + (f" but the generic '{keyword_hits[0]}'" if keyword_hits else ""),
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if len(grounds) < MIN_GROUNDS and score < STRONG:
        evidence.append(
            Evidence(
                "generic",
                party,
                f"one ground only ('{grounds[0]}') ties the point to {index.docs[i].ref} and its score"
                f" {score:.1f} is under {STRONG:g}: a weaker match needs {MIN_GROUNDS}",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if len(parties) <= 1:
        return _single_party(index, topic, topic_score, party, score, i, shared, keyword_hits, evidence, settings, q)
    earlier = _earlier_on_same_grounds(
        index, (i, shared, score, conflicts), (r_i, r_shared, r_score, r_conflicts), settings
    )
    if earlier is not None:
        evidence.append(earlier)
        return _tv(topic, topic_score, "restates", runner, r_score, party, score, evidence)
    if runner is None or score - r_score >= settings.margin:
        gap = (
            f"ahead of {runner} ({r_score:.1f}) by {score - r_score:.1f}" if runner else "no other party has a version"
        )
        evidence.append(Evidence("margin", party, f"score {score:.1f} {gap}"))
        return _tv(topic, topic_score, "restates", party, score, runner, r_score, evidence)
    # Within the margin, the version that alone carries the point's figures, or else its
    # condition (or its denial), states the point's position; the other only its subject.
    for kind, marks in (("figure", ("#",)), ("modality", ("~only", "¬~only"))):
        carried = {f for f in shared | r_shared if f.startswith(marks)}
        if not carried or (carried <= shared) == (carried <= r_shared):
            continue
        winner, w_i, loser, l_i = (party, i, runner, r_i) if carried <= shared else (runner, r_i, party, i)
        noun = "figures" if kind == "figure" else "condition"
        evidence.append(
            Evidence(
                kind,
                winner,
                f"within the margin, only {index.docs[w_i].ref} carries the point's {noun}"
                f" ({', '.join(_feature_label(f) for f in sorted(carried))}), {index.docs[l_i].ref} does not",
            )
        )
        w_score, l_score = (score, r_score) if winner == party else (r_score, score)
        return _tv(topic, topic_score, "restates", winner, w_score, loser, l_score, evidence)
    polar = _polarity(index, q, i, r_i)
    if polar is not None:
        w_i, l_i, word = polar
        winner, loser = (party, runner) if w_i == i else (runner, party)
        evidence.append(
            Evidence(
                "negation",
                winner,
                f"within the margin, {index.docs[w_i].ref} takes the point's side on {_feature_label(word)}"
                f" and {index.docs[l_i].ref} the opposite",
            )
        )
        w_score, l_score = (score, r_score) if winner == party else (r_score, score)
        return _tv(topic, topic_score, "restates", winner, w_score, loser, l_score, evidence)
    union = shared | r_shared
    overlap = len(shared & r_shared) / len(union) if union else 0.0
    d_best, d_run = index.docs[i].date, index.docs[r_i].date
    if overlap >= SAME_GROUNDS and d_best != d_run:
        first, later = (party, runner) if d_best < d_run else (runner, party)
        first_i, later_i = (i, r_i) if d_best < d_run else (r_i, i)
        evidence.append(
            Evidence(
                "earliest",
                first,
                f"{index.docs[first_i].ref} ({index.docs[first_i].date}) and {index.docs[later_i].ref} "
                f"({index.docs[later_i].date}) match on the same grounds; the earlier one tabled it first",
            )
        )
        first_score = score if first == party else r_score
        later_score = r_score if first == party else score
        return _tv(topic, topic_score, "restates", first, first_score, later, later_score, evidence)
    evidence.append(Evidence("margin", None, f"{party} {score:.1f} and {runner} {r_score:.1f} are within the margin"))
    return _tv(topic, topic_score, "contested", party, score, runner, r_score, evidence)


def _earlier_on_same_grounds(index, best, runner, settings) -> Evidence | None:
    """Evidence for the runner-up when it tabled the same position earlier: it matches on the
    same grounds, nearly as well (EARLIER_SHARE of the best score, over the threshold), carries
    every condition and figure of the point that the best carries, and contradicts the point
    nowhere the best does not. *best* and *runner* are (index, shared, score, contradictions)."""
    i, shared, score, conflicts = best
    r_i, r_shared, r_score, r_conflicts = runner
    if r_i is None or index.docs[r_i].date >= index.docs[i].date or r_score < settings.threshold:
        return None
    if {c[2] for c in r_conflicts} - {c[2] for c in conflicts}:
        return None  # the earlier version says the opposite of the point somewhere
    union = shared | r_shared
    overlap = len(shared & r_shared) / len(union) if union else 0.0
    if overlap < SAME_GROUNDS or r_score < EARLIER_SHARE * score:
        return None
    if any(f[0] in "~#" or f.startswith("¬~") for f in shared - r_shared):
        return None  # the best version alone carries the point's condition, permission or figure
    a, b = index.docs[r_i], index.docs[i]
    return Evidence(
        "earliest",
        a.party,
        f"{a.ref} ({a.date}) matches on the same grounds as {b.ref} ({b.date}), {r_score:.1f} against"
        f" {score:.1f}: the earlier one tabled the position first",
    )


def _polarity(index: MatchIndex, q: Features, i: int, r_i: int) -> tuple[int, int, str] | None:
    """(agreeing, opposing, feature) when one version says what the point negates (or negates
    what it asserts) and the other agrees with the point's polarity on that word; else None."""
    agree: dict[int, set[str]] = {}
    oppose: dict[int, set[str]] = {}
    for j in (i, r_i):
        doc = index.docs[j]
        for feature, opposite in _polar_features(q):
            if feature in doc.marks or (feature[0] != "¬" and feature in doc.stems and opposite not in doc.marks):
                agree.setdefault(j, set()).add(feature)
            elif opposite in doc.marks or (opposite[0] != "¬" and opposite in doc.stems and feature not in doc.marks):
                oppose.setdefault(j, set()).add(feature)
    for w, lo in ((i, r_i), (r_i, i)):
        decisive = sorted(oppose.get(lo, set()) & agree.get(w, set()) - oppose.get(w, set()) - agree.get(lo, set()))
        if decisive and not (oppose.get(w, set()) & agree.get(lo, set())):
            return w, lo, decisive[0]
    return None


def _polar_features(q: Features) -> list[tuple[str, str]]:
    """(the point's feature, its opposite) for every word or modality the point negates."""
    out = [(f"¬{x}", x) for x in sorted(q.negated_only)]
    out += [(m, m[1:]) for m in sorted(q.marks) if m.startswith("¬~")]
    return out


def _grounds(index: MatchIndex, keyword_hits: list[str], shared: set[str]) -> list[str]:
    """What ties the point to the topic: its topic keywords (unless one generic word) and the
    distinctive words and figures it shares with the best version (actors' names excluded)."""
    keys = [] if not keyword_hits or _generic_keywords(index, keyword_hits) else list(keyword_hits)
    words = [w for w in _distinctive(index, shared) if w not in ACTORS and w not in " ".join(keys).split()]
    return keys + words + sorted(f for f in shared if f.startswith("#"))


def _generic_keywords(index: MatchIndex, keyword_hits: list[str]) -> bool:
    """True when the only topic keyword found is one word that is a keyword of several topics
    (such as 'border', of both withdrawal and territory): it does not say which topic."""
    if len(keyword_hits) != 1 or " " in keyword_hits[0]:
        return False
    word = (keyword_hits[0],)
    return sum(word in phrases for phrases in index.topic_keywords.values()) > 1


def _single_party(index, topic, topic_score, party, score, i, shared, keyword_hits, evidence, settings, q) -> dict:
    """No other party had a version on the topic: no contrast, so only real evidence may decide."""
    when = f"by {settings.as_of.isoformat()}" if settings.as_of else "in the library"
    alone = f"no other party had a position on this topic {when}"
    distinct = _distinctive(index, shared)
    grounds = [f"topic keyword '{k}'" for k in keyword_hits] + [f"distinctive word '{w}'" for w in distinct]
    if "~only" in q.marks and "~only" not in index.docs[i].marks:
        evidence.append(Evidence("single", party, f"{alone}; the point sets a condition {index.docs[i].ref} does not"))
        return _tv(topic, topic_score, "closest", party, score, None, 0.0, evidence)
    if score >= max(SINGLE_MIN, settings.threshold) and grounds:
        evidence.append(Evidence("single", party, f"{alone}; score {score:.1f}, decided on {', '.join(grounds[:4])}"))
        return _tv(topic, topic_score, "restates", party, score, None, 0.0, evidence)
    why = (
        f"score {score:.1f} under {max(SINGLE_MIN, settings.threshold):g}"
        if grounds
        else f"only generic words shared with {index.docs[i].ref}, no topic keyword"
    )
    evidence.append(Evidence("single", party, f"{alone}; {why}"))
    return _tv(topic, topic_score, "closest", party, score, None, 0.0, evidence)


def _tv(topic, topic_score, verdict, party, score, runner, r_score, evidence) -> dict:
    return {
        "topic": topic,
        "topic_score": round(topic_score, 1),
        "verdict": verdict,
        "party": party,
        "score": round(score, 1),
        "runner_up": runner,
        "runner_up_score": round(r_score, 1),
        "evidence": tuple(evidence),
    }


def _point_verdict(topics: tuple[TopicVerdict, ...]) -> tuple[str, str | None]:
    for verdict in VERDICT_ORDER[:-1]:
        hits = [t for t in topics if t.verdict == verdict]
        if hits:
            best = max(hits, key=lambda t: t.score)
            return verdict, best.party
    return "none", None


# -- whole plans ----------------------------------------------------------------------


def build_index(library: Library, progress: Callable[[Iterable], Iterable] | None = None) -> MatchIndex:
    """The (cached) match index of a library."""
    root = library.workspace.root if library.workspace is not None else None
    keywords = {t.id: t.keywords for t in library.topics.values()}
    return cached_index(root, list(library.all_versions()), keywords, progress)


def _publisher(text: str) -> str:
    return text.split(",", 1)[0].strip().casefold()


def derived_from(plan: Composed, index: MatchIndex) -> list[int]:
    """Versions that rest on the plan's own reporting, so cannot show whose position it restates.

    A version is derived from the plan when one of its sources is one of the plan's sources
    (same date, and the plan source's publisher — its text up to the first comma — named in
    it) and none of its sources is dated before the plan: it was reconstructed from the very
    report being compared. Comparing the plan with it would be circular.
    """
    if plan.date is None:
        return []
    sources = [*plan.sources, *(s for a in plan.articles for s in a.sources)]
    keys = {(s.date.isoformat(), _publisher(s.text)) for s in sources if s.date and len(_publisher(s.text)) >= 4}
    before = plan.date.isoformat()
    out = []
    for i, doc_sources in enumerate(index.docs.sources):
        if any(d and d < before for d, _ in doc_sources):
            continue
        if any(d == kd and pub in text.casefold() for d, text in doc_sources for kd, pub in keys):
            out.append(i)
    return out


def compare(
    plan: Composed,
    library: Library,
    *,
    topics: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
    top_k: int = TOP_K,
    index: MatchIndex | None = None,
    progress: Callable[[Iterable], Iterable] | None = None,
    keep_derived: bool = False,
) -> Comparison:
    """Compare every point of *plan* with the library (as_of defaults to the plan's date).

    Versions derived from the plan's own reporting are left out unless *keep_derived*.
    """
    if len(plan.articles) > MAX_PLAN_POINTS:
        raise PlanTooLargeError(
            f"plan has {len(plan.articles):,} points, more than the limit of {MAX_PLAN_POINTS:,}",
            path=plan.origin or None,
            hint="split the plan into parts and compare each",
        )
    topic_list = tuple(library.topic(t).id for t in topics) if topics else None
    index = index or build_index(library)
    as_of = as_of or plan.date
    left_out = [] if keep_derived else derived_from(plan, index)
    if as_of:
        left_out = [i for i in left_out if index.docs.dates[i] <= as_of.isoformat()]
    settings = Settings(threshold, margin, top_k, topic_list, as_of, frozenset(left_out))
    articles = progress(plan.articles) if progress else plan.articles
    points = tuple(_point(a, index, settings) for a in articles)
    return Comparison(
        plan_id=plan.id,
        plan_title=plan.title,
        plan_kind=plan.kind,
        plan_date=plan.date,
        origin=plan.origin,
        as_of=as_of,
        threshold=threshold,
        margin=margin,
        top_k=top_k,
        library_versions=len(index.docs),
        points=points,
        summary=summarise(points, plan.kind),
        left_out=tuple(sorted(index.docs[i].ref for i in left_out)),
    )


def search(
    text: str,
    library: Library,
    *,
    topics: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
    top_k: int = TOP_K,
    index: MatchIndex | None = None,
) -> PointResult:
    """Whose position does one sentence restate? (the matching of :func:`compare`)."""
    topic_list = tuple(library.topic(t).id for t in topics) if topics else None
    index = index or build_index(library)
    settings = Settings(threshold, margin, top_k, topic_list, as_of)
    verdict, party, tvs, matches = score_point(text, index, settings)
    return PointResult(1, "1", text, None, verdict, party, tvs, matches)


def _point(article: ComposedArticle, index: MatchIndex, settings: Settings) -> PointResult:
    text = article.text.strip()
    prov = article.provenance
    extra = {"provenance": prov.ref, "provenance_party": prov.party} if prov else {}
    if article.status == "unknown" or not text:
        return PointResult(article.number, article.label, text, article.status, "unknown", None, (), (), **extra)
    verdict, party, tvs, matches = score_point(text, index, settings)
    return PointResult(article.number, article.label, text, article.status, verdict, party, tvs, matches, **extra)


def summarise(points: Iterable[PointResult], kind: str = "") -> Summary:
    """Counts per verdict, party and topic, and the one-line answer."""
    points = list(points)
    compared = [p for p in points if p.verdict != "unknown"]
    verdicts = Counter(p.verdict for p in compared)
    parties = Counter(p.party for p in compared if p.verdict == "restates" and p.party)
    topics: dict[str, Counter] = {}
    for p in compared:
        for t in p.topics:
            key = t.party if t.verdict == "restates" and t.party else t.verdict
            topics.setdefault(t.topic, Counter())[key] += 1
    noun = "reported points" if kind == "reported" else "points"
    ranked = parties.most_common()
    if ranked:
        head = f"{ranked[0][1]} of {len(compared)} {noun} restate {ranked[0][0]} positions"
        parts = [head] + [f"{n} {party}" for party, n in ranked[1:]]
    else:
        parts = [f"0 of {len(compared)} {noun} restate any party's position"]
    parts += [f"{verdicts[v]} {v}" for v in ("contested", "closest", "none") if verdicts[v]]
    unknown = len(points) - len(compared)
    answer = ", ".join(parts) + (f" ({unknown} not reported)" if unknown else "")
    return Summary(
        points=len(points),
        compared=len(compared),
        verdicts={v: verdicts[v] for v in VERDICT_ORDER if verdicts[v]},
        parties=dict(ranked),
        topics={t: dict(c) for t, c in sorted(topics.items())},
        answer=answer,
    )
