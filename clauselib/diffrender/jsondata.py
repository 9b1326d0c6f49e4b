"""A DiffResult as plain data (the documented JSON of ``clauselib diff --format json``)."""

from __future__ import annotations

import json

from ..diff import DiffResult, Edit
from ..model import Composed, ComposedArticle
from ..serialize import ops_list


def document_data(doc: Composed) -> dict[str, object]:
    """What identifies one side of the diff."""
    return {
        "id": doc.id,
        "title": doc.title,
        "kind": doc.kind,
        "date": doc.date.isoformat() if doc.date else None,
        "origin": doc.origin,
        "articles": len(doc.articles),
    }


def _provenance(article: ComposedArticle | None) -> dict[str, object] | None:
    if article is None or article.provenance is None:
        return None
    p = article.provenance
    return {"clause": p.clause, "version": p.version, "party": p.party, "status": p.status}


def edit_data(edit: Edit) -> dict[str, object]:
    return {
        "kind": edit.kind,
        "a": edit.a_label,
        "b": edit.b_label,
        "score": edit.score,
        "ops": ops_list(edit.ops),
        "moved": edit.moved,
        "a_clause": _provenance(edit.a_article),
        "b_clause": _provenance(edit.b_article),
        "details": dict(edit.details),
    }


def diff_data(result: DiffResult) -> dict[str, object]:
    """``{"a", "b", "summary", "edits"}`` (plus the threshold and the preamble's word ops)."""
    summary: dict[str, object] = dict(result.summary)
    summary["identical"] = result.identical
    return {
        "a": document_data(result.a),
        "b": document_data(result.b),
        "summary": summary,
        "threshold": result.threshold,
        "preamble": ops_list(result.preamble_ops),
        "relations": list(result.relations),
        "edits": [edit_data(e) for e in result.edits],
    }


def render_json(result: DiffResult) -> str:
    return json.dumps(diff_data(result), ensure_ascii=False, indent=2) + "\n"
