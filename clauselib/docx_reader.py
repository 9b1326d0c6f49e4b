"""Read the text of a .docx as it reads once every tracked change is accepted or rejected.

python-docx's ``paragraph.text`` skips runs inside ``w:ins``, so the body is read with
XPath instead, applying Word's rules: accepting removes ``w:del`` content and merges a
paragraph whose mark was deleted into the next; rejecting removes ``w:ins`` content and
merges a paragraph whose mark was inserted into the next.
"""

from __future__ import annotations

import io
import zipfile

from . import xmlio

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


NOTE_STYLES = frozenset({"Annotation"})
"""Paragraph styles that carry commentary (who proposed what), not the document's text."""


def tracked_paragraphs(
    data: bytes, *, accept: bool, after_first_table: bool = False, skip_styles: frozenset[str] = NOTE_STYLES
) -> list[str]:
    """The body's paragraphs (not tables, not notes) with every change accepted (or rejected)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tree = xmlio.parse_bytes(archive.read("word/document.xml"), "word/document.xml")
    body = tree.getroot().find("w:body", NS)
    removed = "del" if accept else "ins"
    elements = list(body)
    if after_first_table:
        tables = [i for i, el in enumerate(elements) if el.tag == f"{{{W}}}tbl"]
        elements = elements[tables[0] + 1 :] if tables else elements
    out: list[str] = []
    carry = ""
    for element in elements:
        if element.tag != f"{{{W}}}p":
            continue
        style = element.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(f"{{{W}}}val") in skip_styles:
            continue
        parts = []
        for node in element.iter(f"{{{W}}}t", f"{{{W}}}delText"):
            inside = {a.tag.split("}")[1] for a in node.iterancestors() if a.tag in (f"{{{W}}}ins", f"{{{W}}}del")}
            if removed in inside:
                continue
            parts.append(node.text or "")
        text = carry + "".join(parts)
        mark_changed = element.find(f"w:pPr/w:rPr/w:{removed}", NS) is not None
        if mark_changed:
            carry = text
            continue
        carry = ""
        out.append(text)
    if carry:
        out.append(carry)
    return out


def revision_ids(data: bytes) -> list[str]:
    """Every ``w:id`` of a ``w:ins`` / ``w:del`` in the body, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tree = xmlio.parse_bytes(archive.read("word/document.xml"), "word/document.xml")
    return [el.get(f"{{{W}}}id") for el in tree.getroot().iter(f"{{{W}}}ins", f"{{{W}}}del")]
