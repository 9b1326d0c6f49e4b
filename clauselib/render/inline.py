"""Paragraphs (text, emphasis, article references) written out as HTML, Markdown or text.

These are the filters templates use: ``{{ para | inline_html }}`` and friends. The HTML
filter escapes every character of clause text; nothing a clause says becomes markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..model import Paragraph

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def inline_html(para: Paragraph) -> Markup:
    """One paragraph's inline content as escaped HTML."""
    out = []
    for seg in para.segments:
        if seg.kind == "em":
            out.append(Markup("<em>{}</em>").format(seg.text))
        elif seg.kind == "ref" and seg.target:
            out.append(Markup('<a href="#{}">{}</a>').format(seg.target, seg.text))
        else:
            out.append(escape(seg.text))
    return Markup("").join(out)


def md_escape(text: str) -> str:
    """Text that Markdown shows literally (no emphasis, links, HTML or headings)."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def inline_md(para: Paragraph) -> str:
    """One paragraph as Markdown: emphasis as *…*; references read "Article N"."""
    out = []
    for seg in para.segments:
        if seg.kind == "em":
            out.append(f"*{md_escape(seg.text)}*")
        else:
            out.append(md_escape(seg.text))
    return "".join(out)


def inline_txt(para: Paragraph) -> str:
    """One paragraph as plain text."""
    return para.text


def css_string(text: object) -> Markup:
    """A CSS string literal (quoted, escaped) safe inside a <style> element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-—–()" else f"\\{ord(ch):06x}" for ch in str(text))
    return Markup(f'"{escaped}"')


def wrap(text: str, width: int = 78, indent: str = "") -> str:
    """Plain text wrapped at *width* columns, every line indented by *indent*."""
    import textwrap

    return textwrap.fill(str(text), width=width, initial_indent=indent, subsequent_indent=indent)


FILTERS = {
    "inline_html": inline_html,
    "inline_md": inline_md,
    "inline_txt": inline_txt,
    "md_escape": md_escape,
    "css_string": css_string,
    "wrap": wrap,
}
