"""How one topic's scored versions become a verdict: margin, figures, conditions, polarity,
the earliest version, and the guards against incidental words (see :mod:`clauselib.compare`)."""

from __future__ import annotations

from collections.abc import Iterable

from .compare_model import Evidence
from .match_index import MatchIndex
from .matchtext import ACTORS, Features
from .side_evidence import contrast, feature_kind, feature_label, feature_weight

FLOOR = 15.0
KEYWORD_BONUS = 10.0
EARLIER_SHARE = 0.75  # an earlier version this close to the best, on the same grounds, tabled it first
SAME_GROUNDS = 0.6  # Jaccard overlap of shared features that counts as "the same grounds"
DISTINCT_SHARE = 0.15  # a word used in at most this share of the topics is distinctive, not generic
SINGLE_MIN = 25.0  # with no other party to contrast with, the score a `restates` needs at least
MIN_GROUNDS = 2  # a `restates` under STRONG needs this many grounds (keywords, distinctive words, figures)
STRONG = 30.0
SPEAKER_SHARE = 0.3  # a named speaker's version must reach this share of the best score (a guard)
REFUSER_MIN = 5.0  # a speaker refusing the best version's position needs a version scoring this much
SPEAKER_FLOOR = 10.0  # the score a named speaker's own version needs (under FLOOR: the point's wording is its own)


def _distinctive(index: MatchIndex, shared: Iterable[str]) -> list[str]:
    """The shared words that few topics use (not generic words such as 'Russia' or 'status')."""
    limit = max(2.0, DISTINCT_SHARE * len(index.topic_parties))
    return sorted(f for f in shared if f[0] not in "#~¬" and 0 < index.stem_topics.get(f, 0) <= limit)


def topic_verdict(index, topic, topic_score, scored, keyword_hits, users, parties, settings, q, speaker=None) -> dict:
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
        ((f, contrast(f, party, users, parties) * feature_weight(index, f)) for f in shared),
        key=lambda x: (-x[1], x[0]),
    )
    for f, w in contrastive[:6]:
        if w > 0:
            evidence.append(
                Evidence(feature_kind(f), party, f"{feature_label(f)} shared with {index.docs[i].ref}", round(w, 2))
            )
    for other, (_, o_i, _, o_conflicts) in rest[:3]:
        for kind, detail, _ in o_conflicts[:2]:
            evidence.append(Evidence(kind, other, f"against {index.docs[o_i].ref}: {detail}", 0.0))
    if score < FLOOR:
        return _tv(topic, topic_score, "none", None, score, runner, r_score, evidence)
    if speaker is not None and speaker.commentator:
        evidence.append(
            Evidence(
                "commentary",
                None,
                f"the point gives the view of a source that is no party ('{speaker.phrase}'): nobody's position",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if "~open" in q.marks and ("~open" not in index.docs[i].marks or not _distinctive(index, shared)):
        evidence.append(
            Evidence(
                "open",
                None,
                "the point says the matter is still open: it reports the state of the talks, not a position",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    if "~event" in q.marks and not (speaker and speaker.stance and not speaker.inferred):
        evidence.append(
            Evidence(
                "event",
                None,
                "the point reports an event in the past tense and has no word of obligation, will or"
                " refusal: it states nobody's position",
            )
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    # A point that names the best version's party as holding it ("Kyiv insists…") needs only FLOOR.
    named = speaker is not None and speaker.stance and _named_speaker(speaker, best_by_party, party, score) is not None
    if score < settings.threshold and not named:
        evidence.append(
            Evidence("margin", party, f"best score {score:.1f} is under the threshold {settings.threshold:g}")
        )
        return _tv(topic, topic_score, "closest", party, score, runner, r_score, evidence)
    grounds = _grounds(index, keyword_hits, shared)
    # a speaker read from the sentence's shape alone ("Kyiv will not…", "Peskov said…") lifts the
    # threshold only for a point that has grounds on the topic
    unfounded = not grounds and speaker is not None and speaker.inferred and score < settings.threshold
    named = None if len(parties) <= 1 or unfounded else _named_speaker(speaker, best_by_party, party, score)
    if named is not None:
        s_party, s_score, s_i = named
        evidence.append(
            Evidence(
                "speaker",
                s_party,
                (
                    f"the point names '{speaker.phrase}', which on this topic only {s_party}'s versions cite"
                    if speaker.occasion
                    else f"the point names {s_party} as holding it ('{speaker.phrase}')"
                )
                + f"; {s_party}'s {index.docs[s_i].ref} matches it at {s_score:.1f}",
            )
        )
        return _restates(
            topic,
            topic_score,
            s_party == party,
            (party, score),
            (runner, r_score) if s_party == party else (s_party, s_score),
            evidence,
        )
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
    if len(grounds) < MIN_GROUNDS and score < STRONG and not (speaker and speaker.vouches_for(party)):
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
        return _single_party(
            index, topic, topic_score, party, score, i, shared, keyword_hits, evidence, settings, q, speaker
        )
    earlier = _earlier_on_same_grounds(
        index, (i, shared, score, conflicts), (r_i, r_shared, r_score, r_conflicts), settings
    )
    if earlier is not None:
        evidence.append(earlier)
        return _restates(topic, topic_score, False, (party, score), (runner, r_score), evidence)
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
        best_wins = carried <= shared
        (winner, w_i), (_, l_i) = ((party, i), (runner, r_i)) if best_wins else ((runner, r_i), (party, i))
        noun = "figures" if kind == "figure" else "condition"
        evidence.append(
            Evidence(
                kind,
                winner,
                f"within the margin, only {index.docs[w_i].ref} carries the point's {noun}"
                f" ({', '.join(feature_label(f) for f in sorted(carried))}), {index.docs[l_i].ref} does not",
            )
        )
        return _restates(topic, topic_score, best_wins, (party, score), (runner, r_score), evidence)
    polar = _polarity(index, q, i, r_i)
    if polar is not None:
        w_i, l_i, word = polar
        evidence.append(
            Evidence(
                "negation",
                party if w_i == i else runner,
                f"within the margin, {index.docs[w_i].ref} takes the point's side on {feature_label(word)}"
                f" and {index.docs[l_i].ref} the opposite",
            )
        )
        return _restates(topic, topic_score, w_i == i, (party, score), (runner, r_score), evidence)
    d_best, d_run = index.docs[i].date, index.docs[r_i].date
    if _overlap(shared, r_shared) >= SAME_GROUNDS and d_best != d_run:
        best_first = d_best < d_run
        first_i, later_i = (i, r_i) if best_first else (r_i, i)
        evidence.append(
            Evidence(
                "earliest",
                party if best_first else runner,
                f"{index.docs[first_i].ref} ({index.docs[first_i].date}) and {index.docs[later_i].ref} "
                f"({index.docs[later_i].date}) match on the same grounds; the earlier one tabled it first",
            )
        )
        return _restates(topic, topic_score, best_first, (party, score), (runner, r_score), evidence)
    evidence.append(Evidence("margin", None, f"{party} {score:.1f} and {runner} {r_score:.1f} are within the margin"))
    return _tv(topic, topic_score, "contested", party, score, runner, r_score, evidence)


def _named_speaker(speaker, best_by_party, party, score) -> tuple[str, float, int] | None:
    """(party, score, version) of the party the point names as holding its position, when that
    party has a version on the topic that matches it (over FLOOR and SPEAKER_SHARE of the best),
    or, for a speaker who refuses what the point goes on to say ("Kyiv rejects the notion
    that…"), any version: the best match is then the position refused."""
    if speaker is None or speaker.party not in best_by_party:
        return None
    s_score, s_i, _, _ = best_by_party[speaker.party]
    refused = speaker.refuses and speaker.party != party and s_score >= REFUSER_MIN
    if speaker.party != party and not refused and (s_score < SPEAKER_FLOOR or s_score < SPEAKER_SHARE * score):
        return None
    return speaker.party, s_score, s_i


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
    if _overlap(shared, r_shared) < SAME_GROUNDS or r_score < EARLIER_SHARE * score:
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


def _single_party(
    index, topic, topic_score, party, score, i, shared, keyword_hits, evidence, settings, q, speaker
) -> dict:
    """No other party had a version on the topic: no contrast, so only real evidence may decide."""
    when = f"by {settings.as_of.isoformat()}" if settings.as_of else "in the library"
    alone = f"no other party had a position on this topic {when}"
    distinct = _distinctive(index, shared)
    grounds = [f"topic keyword '{k}'" for k in keyword_hits] + [f"distinctive word '{w}'" for w in distinct]
    if "~only" in q.marks and "~only" not in index.docs[i].marks:
        evidence.append(Evidence("single", party, f"{alone}; the point sets a condition {index.docs[i].ref} does not"))
        return _tv(topic, topic_score, "closest", party, score, None, 0.0, evidence)
    # A point that names the party as holding the position ("Kyiv demands…") needs only the threshold.
    named = speaker is not None and speaker.vouches_for(party)
    needed = settings.threshold if named else max(SINGLE_MIN, settings.threshold)
    if score >= needed and grounds:
        decided = ([f"the point naming {party} ('{speaker.phrase}')"] if named else []) + grounds
        evidence.append(Evidence("single", party, f"{alone}; score {score:.1f}, decided on {', '.join(decided[:4])}"))
        return _tv(topic, topic_score, "restates", party, score, None, 0.0, evidence)
    why = (
        f"score {score:.1f} under {needed:g}"
        if grounds
        else f"only generic words shared with {index.docs[i].ref}, no topic keyword"
    )
    evidence.append(Evidence("single", party, f"{alone}; {why}"))
    return _tv(topic, topic_score, "closest", party, score, None, 0.0, evidence)


def _overlap(shared: set[str], r_shared: set[str]) -> float:
    """Jaccard overlap of the features two versions share with the point: 'the same grounds'."""
    union = shared | r_shared
    return len(shared & r_shared) / len(union) if union else 0.0


def _restates(topic, topic_score, best_wins: bool, best: tuple, runner: tuple, evidence) -> dict:
    """`restates` for the best version's party (*best_wins*) or for the runner-up's, the other
    becoming the runner-up; *best* and *runner* are (party, score)."""
    (winner, w_score), (loser, l_score) = (best, runner) if best_wins else (runner, best)
    return _tv(topic, topic_score, "restates", winner, w_score, loser, l_score, evidence)


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
