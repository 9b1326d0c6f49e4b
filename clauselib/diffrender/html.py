"""A DiffResult as one self-contained HTML page a lawyer can read as a redline.

Summary table, navigation by article, inline redline with ``<ins>``/``<del>``, a
side-by-side view, and party badges where provenance is known. The page is rendered
from ``templates/diff.html`` through :mod:`clauselib.reports` (Jinja's sandbox with
autoescape on), from plain data prepared here, so no text of either document can
inject markup.
"""

from __future__ import annotations

from .. import __version__
from ..diff import KINDS, DiffResult, Edit
from ..model import ComposedArticle
from ..reports import render_report
from ..worddiff import WordOp, word_ops
from .text import summary_line


def inline(ops: tuple[WordOp, ...] | list[WordOp]) -> list[tuple[str, str]]:
    """Runs for an inline redline: ("equal" | "del" | "ins", text)."""
    runs: list[tuple[str, str]] = []
    for op in ops:
        if op.kind == "equal":
            runs.append(("equal", op.b))
            continue
        if op.a:
            runs.append(("del", op.a))
        if op.b:
            runs.append(("ins", op.b))
    return runs


def sides(ops: tuple[WordOp, ...] | list[WordOp]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Runs for the side-by-side view: A with deletions, B with insertions."""
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for op in ops:
        if op.kind == "equal":
            left.append(("equal", op.a))
            right.append(("equal", op.b))
            continue
        if op.a:
            left.append(("del", op.a))
        if op.b:
            right.append(("ins", op.b))
    return left, right


def _badge(article: ComposedArticle | None) -> dict[str, str] | None:
    if article is None or article.provenance is None:
        return None
    p = article.provenance
    return {"party": p.party, "ref": p.ref, "status": p.status, "date": p.date.isoformat() if p.date else ""}


def _edit_view(n: int, edit: Edit) -> dict[str, object]:
    ops = edit.ops
    if not ops:
        text = edit.b_article.text if edit.b_article else ""
        ops = (WordOp("equal", text, text),)
    left, right = sides(ops)
    heading = edit.details.get("heading")
    heading_runs = inline(word_ops(heading.get("a") or "", heading.get("b") or "")) if isinstance(heading, dict) else []
    version = None
    if edit.kind == "version-changed":
        version = edit.details
    art = edit.b_article or edit.a_article
    return {
        "anchor": f"edit-{n}",
        "kind": edit.kind,
        "moved": edit.moved,
        "a": edit.side_labels[0],
        "b": edit.side_labels[1],
        "title": (art.heading or "") if art else "",
        "score": None if edit.score is None else f"{edit.score:g}",
        "badge_a": _badge(edit.a_article),
        "badge_b": _badge(edit.b_article),
        "version": version,
        "heading": heading_runs,
        "inline": inline(ops),
        "left": left,
        "right": right,
        "changed": edit.changed,
    }


def render_html(result: DiffResult) -> str:
    """The whole page."""
    summary = result.summary
    return render_report(
        "diff.html",
        a=result.a,
        b=result.b,
        kinds=[(k, summary[k]) for k in KINDS],
        summary_line=summary_line(result),
        identical=result.identical,
        relations=result.relations,
        threshold=f"{result.threshold:g}",
        preamble=inline(result.preamble_ops),
        edits=[_edit_view(n, e) for n, e in enumerate(result.edits, start=1)],
        generator=f"clauselib {__version__}",
    )
