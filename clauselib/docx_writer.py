"""Word output: a composed draft as .docx, and a redline as .docx with tracked changes.

python-docx builds the document, its styles and its header/footer (so a user can
restyle "Article Heading" or "Article Text" in Word and every article follows);
tracked changes, which python-docx has no API for, are written as WordprocessingML
``w:ins`` / ``w:del`` elements (deleted text in ``w:delText``), each with a unique
``w:id``, an author and a date. A paragraph break that only one side has is marked on
the paragraph mark (``w:pPr/w:rPr/w:ins|w:del``), as Word itself does, so accepting
every change gives exactly B's text and rejecting every change gives A's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .model import Composed, ComposedArticle, Paragraph
from .worddiff import word_ops

PARAGRAPH_BREAK = "\n\n"
ARTICLE_HEADING = "Article Heading"
ARTICLE_TEXT = "Article Text"
ANNOTATION = "Annotation"


def _docx():
    import docx  # imported lazily: the CLI must start fast

    return docx


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def _base_document(title: str, status: str, date: dt.date | None):
    docx = _docx()
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    styles = document.styles
    if ARTICLE_HEADING not in [s.name for s in styles]:
        heading = styles.add_style(ARTICLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = styles["Heading 2"]
        body = styles.add_style(ARTICLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = styles["Normal"]
        body.paragraph_format.space_after = Pt(6)
        note = styles.add_style(ANNOTATION, WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = styles["Normal"]
        note.font.size = Pt(8)
        note.font.italic = True
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    header = section.header.paragraphs[0]
    header.text = f"{title} — {status}" if status else title
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    props = document.core_properties
    props.title = title
    props.author = "clauselib"
    stamp = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time())
    props.created = props.modified = stamp
    props.last_modified_by = "clauselib"
    props.revision = 1
    return document


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_rich(document, para: Paragraph, style: str):
    out = document.add_paragraph(style=style)
    for seg in para.segments:
        run = out.add_run(seg.text)
        if seg.kind == "em":
            run.italic = True
    return out


def status_line(doc: Composed) -> str:
    """The running-header status of a document (e.g. "Working draft — not agreed")."""
    from .render.view import status_line as view_status_line

    return view_status_line(doc.status, doc.lang, doc.kind)


def heading_line(article: ComposedArticle) -> str:
    """The article's heading as one line: "Article 3 — Neutrality"."""
    return f"{article.label} — {article.heading}" if article.heading else article.label


def draft_docx(doc: Composed, *, annotate: bool = False) -> bytes:
    """A composed draft as a Word document: parts, numbered articles, header and footer."""
    status = status_line(doc)
    document = _base_document(doc.title, status, doc.date)
    document.add_paragraph(doc.title, style="Title")
    meta = [x for x in (status, doc.date.isoformat() if doc.date else "") if x]
    if meta:
        document.add_paragraph(" · ".join(meta), style="Subtitle")
    for para in doc.preamble:
        _add_rich(document, para, "Body Text")
    current_part = None
    for article in doc.articles:
        if article.part and article.part != current_part:
            document.add_heading(article.part, level=1)
        current_part = article.part
        document.add_paragraph(heading_line(article), style=ARTICLE_HEADING)
        if article.status == "unknown":
            document.add_paragraph("Content not reported.", style=ANNOTATION)
        if article.missing_translation:
            document.add_paragraph(f"Translation missing: shown in English, not in '{doc.lang}'.", style=ANNOTATION)
        for para in article.paragraphs:
            _add_rich(document, para, ARTICLE_TEXT)
        if annotate and article.provenance:
            prov = article.provenance
            document.add_paragraph(
                f"{prov.party} · {prov.ref} · {prov.status} · {prov.date.isoformat()} · {prov.title}",
                style=ANNOTATION,
            )
        if article.sources:
            for src in article.sources:
                document.add_paragraph(f"Source: {src.text}", style=ANNOTATION)
    return _save(document)


# --- tracked changes -------------------------------------------------------------


@dataclass(frozen=True)
class RedlineBlock:
    """One article of a redline: its heading and paragraphs on each side.

    ``mode``: ``equal`` (shown as it is), ``change`` (word-level tracked changes),
    ``insert`` (all of it inserted), ``delete`` (all of it deleted).
    """

    mode: Literal["equal", "change", "insert", "delete"]
    heading_a: str = ""
    heading_b: str = ""
    paragraphs_a: tuple[str, ...] = ()
    paragraphs_b: tuple[str, ...] = ()
    note: str = ""


@dataclass
class _Revisions:
    author: str
    date: str
    next_id: int = 1
    count: dict[str, int] = field(default_factory=lambda: {"ins": 0, "del": 0})

    def mark(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement(f"w:{tag}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        self.count[tag] += 1
        return element


def _run(text: str, deleted: bool = False):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    element = OxmlElement("w:delText" if deleted else "w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


class _TrackedWriter:
    """Writes runs of equal / inserted / deleted text, opening paragraphs as breaks come."""

    def __init__(self, document, revisions: _Revisions, style: str) -> None:
        self.document = document
        self.revisions = revisions
        self.style = style
        self.paragraph = document.add_paragraph(style=style)

    def _break(self, mark: str | None) -> None:
        if mark:
            from docx.oxml import OxmlElement

            ppr = self.paragraph._p.get_or_add_pPr()
            rpr = OxmlElement("w:rPr")
            rpr.append(self.revisions.mark(mark))
            ppr.append(rpr)
        self.paragraph = self.document.add_paragraph(style=self.style)

    def write(self, text: str, kind: Literal["equal", "ins", "del"]) -> None:
        pieces = text.split(PARAGRAPH_BREAK)
        for i, piece in enumerate(pieces):
            if i:
                self._break(None if kind == "equal" else kind)
            if not piece:
                continue
            if kind == "equal":
                self.paragraph._p.append(_run(piece))
            else:
                wrapper = self.revisions.mark(kind)
                wrapper.append(_run(piece, deleted=kind == "del"))
                self.paragraph._p.append(wrapper)


def _write_pair(document, revisions: _Revisions, style: str, a: str, b: str, mode: str) -> None:
    if not a and not b:
        return
    if mode == "change" and a != b and not (a and b):
        mode = "insert" if b else "delete"
    writer = _TrackedWriter(document, revisions, style)
    if mode == "equal":
        writer.write(b, "equal")
        return
    if mode == "insert":
        writer.write(b, "ins")
        writer._break("ins")
        _drop_empty_last(document)
        return
    if mode == "delete":
        writer.write(a, "del")
        writer._break("del")
        _drop_empty_last(document)
        return
    for op in word_ops(a, b):
        if op.kind == "equal":
            writer.write(op.a, "equal")
            continue
        if op.a:
            writer.write(op.a, "del")
        if op.b:
            writer.write(op.b, "ins")


def _drop_empty_last(document) -> None:
    body = document.element.body
    last = body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")[-1]
    body.remove(last)


def redline_docx(
    title: str,
    blocks: Sequence[RedlineBlock],
    *,
    summary: Iterable[tuple[str, str]] = (),
    author: str = "clauselib",
    date: dt.datetime | None = None,
    subtitle: str = "",
) -> bytes:
    """A Word document of B's text with tracked changes against A, summary table first."""
    document = _base_document(title, "Redline", date.date() if date else None)
    stamp = (date or dt.datetime(2000, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    revisions = _Revisions(author=author, date=stamp)
    document.add_paragraph(title, style="Title")
    if subtitle:
        document.add_paragraph(subtitle, style="Subtitle")
    rows = list(summary)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Change", "Articles"
    for name, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, value
    for block in blocks:
        if block.heading_a or block.heading_b:
            _write_pair(document, revisions, ARTICLE_HEADING, block.heading_a, block.heading_b, block.mode)
        if block.note:
            document.add_paragraph(block.note, style=ANNOTATION)
        _write_pair(
            document,
            revisions,
            ARTICLE_TEXT,
            PARAGRAPH_BREAK.join(block.paragraphs_a),
            PARAGRAPH_BREAK.join(block.paragraphs_b),
            block.mode,
        )
    return _save(document)
