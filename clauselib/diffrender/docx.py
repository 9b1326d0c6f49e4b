"""A DiffResult as a Word redline: B's text with tracked changes against A.

Every article that stayed in place is one block of word-level ``w:ins`` / ``w:del``;
an added article is one inserted block, a removed one a deleted block, and a moved
article is a deletion where it stood in A plus an insertion where it stands in B, so
that accepting every change gives B's text and rejecting every change gives A's, in
each document's own order.
"""

from __future__ import annotations

import datetime as dt

from ..diff import DiffResult, Edit
from ..docx_writer import RedlineBlock, heading_line, redline_docx
from ..model import ComposedArticle


def _paragraphs(articles: tuple[ComposedArticle, ...], *, with_first_heading: bool = False) -> tuple[str, ...]:
    out: list[str] = []
    for n, article in enumerate(articles):
        if n or with_first_heading:
            out.append(heading_line(article))
        out.extend(p.text for p in article.paragraphs)
    return tuple(out)


def _note(edit: Edit) -> str:
    details = edit.details
    if edit.kind == "version-changed":
        before, after = details["from"], details["to"]  # type: ignore[index]
        return (
            f"{details['clause']}: version {before['version']} ({before['party']}) → "  # type: ignore[index]
            f"version {after['version']} ({after['party']})"  # type: ignore[index]
        )
    if edit.kind in ("split", "merged"):
        return f"{edit.kind}: {', '.join(details.get('parts', []))}"  # type: ignore[arg-type]
    return ""


def _block(mode: str, a: tuple[ComposedArticle, ...], b: tuple[ComposedArticle, ...], note: str = "") -> RedlineBlock:
    return RedlineBlock(
        mode,  # type: ignore[arg-type]
        heading_a=heading_line(a[0]) if a else "",
        heading_b=heading_line(b[0]) if b else "",
        paragraphs_a=_paragraphs(a),
        paragraphs_b=_paragraphs(b),
        note=note,
    )


def redline_blocks(result: DiffResult) -> list[RedlineBlock]:
    """The blocks of the redline, in an order that is A's order for A's side and B's for B's."""
    index_a = {id(art): i for i, art in enumerate(result.a.articles)}
    index_b = {id(art): i for i, art in enumerate(result.b.articles)}
    anchors: list[tuple[int, int, RedlineBlock]] = []
    only_a: list[tuple[int, RedlineBlock]] = []
    only_b: list[tuple[int, RedlineBlock]] = []
    for edit in result.edits:
        a, b = edit.a_side, edit.b_side
        if a and b and not edit.moved:
            anchors.append((index_a[id(a[0])], index_b[id(b[0])], _block("change", a, b, _note(edit))))
            continue
        if a:
            only_a.append((index_a[id(a[0])], _block("delete", a, (), "moved" if edit.moved else "")))
        if b:
            only_b.append((index_b[id(b[0])], _block("insert", (), b, _note(edit) or ("moved" if edit.moved else ""))))
    anchors.sort(key=lambda t: t[1])
    only_a.sort(key=lambda t: t[0])
    only_b.sort(key=lambda t: t[0])
    blocks: list[RedlineBlock] = []
    ia = ib = 0
    for a_pos, b_pos, block in [*anchors, (len(index_a) + 1, len(index_b) + 1, None)]:
        while ia < len(only_a) and only_a[ia][0] < a_pos:
            blocks.append(only_a[ia][1])
            ia += 1
        while ib < len(only_b) and only_b[ib][0] < b_pos:
            blocks.append(only_b[ib][1])
            ib += 1
        if block is not None:
            blocks.append(block)
    return blocks


def render_docx(result: DiffResult, *, author: str = "clauselib", date: dt.datetime | None = None) -> bytes:
    """The redline as .docx bytes: summary table, then B's text with tracked changes."""
    summary = [(kind, str(count)) for kind, count in result.summary.items() if count]
    preamble = []
    if result.a.preamble or result.b.preamble:
        preamble.append(
            RedlineBlock(
                "change",
                paragraphs_a=tuple(p.text for p in result.a.preamble),
                paragraphs_b=tuple(p.text for p in result.b.preamble),
            )
        )
    return redline_docx(
        f"Redline: {result.b.title}",
        [*preamble, *redline_blocks(result)],
        summary=summary,
        author=author,
        date=date or _document_date(result),
        subtitle=f"Changes from “{result.a.title}” to “{result.b.title}”",
    )


def _document_date(result: DiffResult) -> dt.datetime | None:
    date = result.b.date or result.a.date
    return dt.datetime.combine(date, dt.time()) if date else None
