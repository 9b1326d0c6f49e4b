"""Formatters for a :class:`~clauselib.compare.Comparison`: JSON data, text, CSV, HTML.

Computation lives in :mod:`clauselib.compare`; these only lay the result out.
"""

from __future__ import annotations

import csv
import io
import re

from .compare import Comparison, Evidence, Match, PointResult, TopicVerdict
from .matchtext import stem
from .reports import render_report
from .textable import text_table

CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")
WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d[\d,.]*\d|\d|\W+|_+")


# -- data -----------------------------------------------------------------------------


def match_data(m: Match) -> dict:
    return {
        "clause": m.clause,
        "version": m.version,
        "ref": m.ref,
        "party": m.party,
        "topic": m.topic,
        "date": m.date,
        "score": m.score,
        "shared": list(m.shared),
    }


def evidence_data(e: Evidence) -> dict:
    return {"kind": e.kind, "party": e.party, "detail": e.detail, "weight": e.weight}


def topic_data(t: TopicVerdict) -> dict:
    return {
        "topic": t.topic,
        "topic_score": t.topic_score,
        "verdict": t.verdict,
        "party": t.party,
        "score": t.score,
        "runner_up": t.runner_up,
        "runner_up_score": t.runner_up_score,
        "evidence": [evidence_data(e) for e in t.evidence],
        "matches": [match_data(m) for m in t.matches],
    }


def point_data(p: PointResult) -> dict:
    data = {
        "label": p.label,
        "text": p.text,
        "status": p.status,
        "verdict": p.verdict,
        "party": p.party,
        "topics": [topic_data(t) for t in p.topics],
        "evidence": [evidence_data(e) for e in p.evidence],
        "matches": [match_data(m) for m in p.matches],
    }
    if p.provenance:
        data["provenance"] = {"ref": p.provenance, "party": p.provenance_party}
    return data


def to_data(c: Comparison) -> dict:
    """The JSON document of a comparison (documented in the README, section "Compare")."""
    return {
        "plan": {
            "id": c.plan_id,
            "title": c.plan_title,
            "kind": c.plan_kind,
            "date": c.plan_date.isoformat() if c.plan_date else None,
            "origin": c.origin,
        },
        "settings": {
            "as_of": c.as_of.isoformat() if c.as_of else None,
            "threshold": c.threshold,
            "margin": c.margin,
            "top_k": c.top_k,
            "library_versions": c.library_versions,
            "left_out": list(c.left_out),
        },
        "summary": {
            "answer": c.summary.answer,
            "points": c.summary.points,
            "compared": c.summary.compared,
            "verdicts": c.summary.verdicts,
            "parties": c.summary.parties,
            "topics": c.summary.topics,
        },
        "points": [point_data(p) for p in c.points],
    }


# -- text -------------------------------------------------------------------------------


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _topics_cell(p: PointResult) -> str:
    return ", ".join(f"{t.topic}:{t.party or '-'}({t.verdict})" for t in p.topics) or "-"


DECIDING_KINDS = ("speaker", "commentary", "margin", "earliest", "single", "open", "event", "generic")
"""Evidence kinds that say how the verdict was decided (shown first), not what was shared."""


def point_why(p: PointResult, limit: int = 3) -> list[str]:
    """A few lines saying which evidence decided each topic's verdict."""
    lines = []
    for t in p.topics:
        decisive = [e for e in t.evidence if e.kind in DECIDING_KINDS]
        reasons = [e for e in t.evidence if e.kind not in DECIDING_KINDS and e.kind != "keyword"][:limit]
        head = f"{t.topic}: {t.verdict} {t.party or ''}".rstrip()
        lines.append(f"  {head} — " + "; ".join(e.detail for e in decisive + reasons))
    return lines


def to_text(c: Comparison) -> str:
    rows = []
    for p in c.points:
        best = p.matches[0] if p.matches else None
        rows.append(
            [
                p.label,
                p.verdict,
                p.party or "-",
                _topics_cell(p),
                f"{best.ref} ({best.party}) {best.score:.1f}" if best else "-",
                _short(p.text, 48) if p.text else "(not reported)",
            ]
        )
    as_of = c.as_of.isoformat() if c.as_of else "all versions"
    out = [
        f"{c.plan_title} — compared with {c.library_versions} clause versions as of {as_of}"
        f" (threshold {c.threshold:g}, margin {c.margin:g})",
        *([f"Left out, as derived from the plan's own reporting: {', '.join(c.left_out)}"] if c.left_out else []),
        "",
        text_table(rows, ["POINT", "VERDICT", "PARTY", "TOPICS", "BEST MATCH", "TEXT"]),
        "",
        "Why:",
    ]
    for p in c.points:
        if p.verdict == "unknown":
            continue
        out.append(f"{p.label}. {_short(p.text, 90)}")
        out.extend(point_why(p) or ["  no topic scored over the floor"])
    out += ["", c.summary.answer]
    return "\n".join(out) + "\n"


def point_text(p: PointResult) -> str:
    """Text for one searched sentence."""
    lines = [f"{p.verdict} {p.party or ''}".rstrip() + f" — {_topics_cell(p)}", *point_why(p), "", "Matches:"]
    rows = [[m.ref, m.party, m.topic, m.date, f"{m.score:.1f}", ", ".join(m.shared[:8])] for m in p.matches]
    lines.append(text_table(rows, ["REF", "PARTY", "TOPIC", "DATE", "SCORE", "SHARED"]) if rows else "(none)")
    return "\n".join(lines) + "\n"


# -- CSV --------------------------------------------------------------------------------


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_RISKY) else text


def to_csv(c: Comparison) -> str:
    """One row per point and topic."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            *("label", "verdict", "party", "topic", "topic_verdict", "topic_party", "score", "runner_up"),
            *("runner_up_score", "best_match", "shared", "text"),
        ]
    )
    for p in c.points:
        topics = p.topics or (None,)
        for t in topics:
            best = t.matches[0] if t and t.matches else None
            row = [p.label, p.verdict, p.party, t.topic if t else "", t.verdict if t else "", t.party if t else ""]
            row += [t.score if t else "", t.runner_up if t else "", t.runner_up_score if t else ""]
            row += [best.ref if best else "", " ".join(best.shared) if best else "", p.text]
            writer.writerow([safe_cell(x) for x in row])
    return buf.getvalue()


# -- HTML -------------------------------------------------------------------------------


def highlight(text: str, shared: set[str]) -> list[tuple[str, bool]]:
    """*text* cut into (piece, is-shared) runs; a word is shared when its stem is."""
    out: list[tuple[str, bool]] = []
    for piece in WORDS.findall(text):
        hit = piece[0].isalnum() and stem(piece.casefold()) in shared
        if out and out[-1][1] == hit:
            out[-1] = (out[-1][0] + piece, hit)
        else:
            out.append((piece, hit))
    return out


def to_html(c: Comparison) -> str:
    """A self-contained HTML report (``templates/compare.html``); every piece of text is escaped."""
    points = []
    for p in c.points:
        topics, pieces = [], []
        for t in p.topics:
            best = t.matches[0] if t.matches else None
            shared = set(best.shared) if best else set()
            topics.append(
                {"t": t, "best": best, "pieces": highlight(best.text, shared) if best else [], "others": t.matches[1:]}
            )
            pieces.append(highlight(p.text, shared))
        points.append({"r": p, "topics": topics, "point_pieces": pieces})
    return render_report("compare.html", c=c, points=points)
