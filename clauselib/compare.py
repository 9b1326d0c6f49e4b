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

from .compare_model import Comparison, Evidence, Match, PointResult, Summary, TopicVerdict
from .errors import ClauselibError
from .library import Library
from .match_index import MatchIndex, cached_index
from .matchtext import features
from .model import Composed, ComposedArticle
from .occasions import occasion, proper_names
from .side_evidence import charge_contradictions, feature_weight, party_users, score_version
from .speakers import Speakers
from .verdict_rules import FLOOR, KEYWORD_BONUS, topic_verdict

__all__ = [
    "Comparison",
    "Evidence",
    "Match",
    "PointResult",
    "Settings",
    "Summary",
    "TopicVerdict",
    "build_index",
    "compare",
    "derived_from",
    "score_point",
    "search",
    "summarise",
]

THRESHOLD = 20.0
MARGIN = 4.0
TOP_K = 5

MAX_PLAN_POINTS = 5_000
"""Most points one plan may have (reported plans have 12-28; each point costs a few ms)."""


class PlanTooLargeError(ClauselibError, ValueError):
    """A plan with more points than MAX_PLAN_POINTS."""


TOPIC_RATIO = 0.75  # keep topics scoring at least this share of the best topic's score
MAX_TOPICS = 4
VERDICT_ORDER = ("restates", "contested", "closest", "none")


@dataclass(frozen=True)
class Settings:
    threshold: float = THRESHOLD
    margin: float = MARGIN
    top_k: int = TOP_K
    topics: tuple[str, ...] | None = None
    as_of: dt.date | None = None
    left_out: frozenset[int] = frozenset()
    """Indices of versions not to compare with (those derived from the plan's own reporting)."""
    speakers: Speakers | None = None
    """The parties' aliases, to find who a point says holds its position (None: nobody)."""


# -- weights ----------------------------------------------------------------------


# -- scoring one point ----------------------------------------------------------------


def score_point(
    text: str,
    index: MatchIndex,
    settings: Settings,
) -> tuple[str, str | None, tuple[TopicVerdict, ...], tuple[Match, ...]]:
    """The verdict, party, per-topic verdicts and top matches for one text."""
    as_of = (settings.as_of or dt.date.max).isoformat()
    speaker = settings.speakers.find(text) if settings.speakers else None
    names = proper_names(text, settings.speakers.alias_words) if settings.speakers and not speaker else frozenset()
    q = features(speaker.without_label(text) if speaker else text)
    if not q.stems:
        return "none", None, (), ()
    qfeats = set(q.stems) | q.marks
    qweight = math.fsum(feature_weight(index, f) for f in qfeats)
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
        users, parties = party_users(index, topic, as_of, qfeats, settings.left_out)
        scored = []
        for i in cands:
            if index.docs[i].topic != topic:
                continue
            signed = index.signed_similarity(q, i)
            score, shared, conflicts = score_version(index, q, qfeats, qweight, i, signed, users, parties)
            scored.append((score, i, shared, conflicts))
        scored = charge_contradictions(index, scored, parties)
        scored.sort(key=lambda x: (-x[0], index.docs[x[1]].date, x[1]))
        matches = tuple(_match(index, s, i, shared) for s, i, shared, _ in scored[: settings.top_k])
        all_matches.extend(matches)
        verdicts.append(
            topic_verdict(
                index,
                topic,
                topic_scores[topic],
                scored,
                keywords.get(topic, []),
                users,
                parties,
                settings,
                q,
                speaker or occasion(index, topic, names, as_of, settings.left_out),
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
    settings = Settings(threshold, margin, top_k, topic_list, as_of, frozenset(left_out), Speakers.of(library.parties))
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
    settings = Settings(threshold, margin, top_k, topic_list, as_of, speakers=Speakers.of(library.parties))
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
