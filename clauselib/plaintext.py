"""Read a plain-text or Markdown document of numbered points into a Composed.

A point starts a line with a number or label followed by ``.``, ``)`` or ``:``
(``1.``, ``12)``, ``Point 4:``, ``E2.``), or with a word such as ``Article 3``;
following lines belong to it. Lines before the first point are the title and
preamble. Lines starting ``#`` are comments, except Markdown headings that carry a
point label (``## Article 3 — Neutrality``), whose remaining words become the heading,
and a first ``# Title`` before any point.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ClauselibError, XMLSyntaxError
from .model import Composed, ComposedArticle, Paragraph, Segment
from .textnorm import clean

MAX_TEXT_BYTES = 8 * 1024 * 1024

LABEL = r"(?:\d{1,4}[a-z]?|[A-Z]{1,3}\d{1,4}[a-z]?|[IVXLC]{1,6})"
POINT = re.compile(
    rf"""^\s*(?:[-*]\s+)?(?:\*\*)?
    (?:
        (?P<word>Article|Art\.|Point|Section|Clause|Paragraph|Item)\s+(?P<wlabel>{LABEL})\s*[.):]?
      | (?P<label>{LABEL})\s*[.):]
    )
    (?:\*\*)?(?=\s|$)\s*(?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
HEADING_SPLIT = re.compile(r"^\s*(?:[—–-]|:)\s*")


def _is_point(line: str) -> re.Match[str] | None:
    match = POINT.match(line)
    if match and match["label"] and match["label"].isalpha() and not match["label"].isupper():
        return None
    return match


def read_text(text: str, *, doc_id: str = "document", origin: str = "") -> Composed:
    """Parse a numbered-points document; raise ClauselibError if it has no points."""
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\x00" in text:
        raise XMLSyntaxError("contains NUL bytes; not a text document", path=origin or None)
    title = ""
    preamble: list[str] = []
    points: list[dict] = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        is_heading = stripped.startswith("#")
        body = stripped.lstrip("#").strip() if is_heading and re.match(r"#+\s", stripped) else None
        if is_heading:
            match = _is_point(body) if body is not None else None
            if match:
                rest = HEADING_SPLIT.sub("", match["rest"]).strip()
                points.append({"match": match, "heading": rest or None, "lines": [], "line": line_no})
            elif body and not points and not title and stripped.startswith("# "):
                title = body
            continue
        match = _is_point(line)
        if match:
            points.append({"match": match, "heading": None, "lines": [match["rest"]], "line": line_no})
        elif points:
            points[-1]["lines"].append(line)
        elif stripped:
            if not title:
                title = stripped
            else:
                preamble.append(stripped)
    if not points:
        raise ClauselibError(
            "no numbered points found",
            path=origin or None,
            hint="start each point on its own line with a number or label and '.', ')' or ':' (e.g. '1.', 'Point 2:')",
        )
    articles = []
    for number, point in enumerate(points, start=1):
        match = point["match"]
        label = f"{match['word'].capitalize()} {match['wlabel']}" if match["word"] else match["label"]
        paragraphs = _paragraphs(point["lines"], point["line"])
        articles.append(ComposedArticle(number=number, label=label, heading=point["heading"], paragraphs=paragraphs))
    return Composed(
        id=doc_id,
        title=title or doc_id,
        articles=tuple(articles),
        kind="text",
        preamble=tuple(Paragraph((Segment("text", p),)) for p in preamble),
        origin=origin,
    )


def _paragraphs(lines: list[str], first_line: int) -> tuple[Paragraph, ...]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    paragraphs = [" ".join(block) for block in blocks if block]
    return tuple(Paragraph((Segment("text", p),), first_line) for p in paragraphs)


def read_text_file(path: str | Path) -> Composed:
    """Read a plain-text or Markdown file of numbered points."""
    from .xmlio import read_bytes

    path = Path(path)
    data = read_bytes(path, MAX_TEXT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise XMLSyntaxError(
            f"not valid UTF-8 (byte {exc.start})", path=path, line=data.count(b"\n", 0, exc.start) + 1
        ) from None
    return read_text(text, doc_id=path.stem, origin=str(path))
