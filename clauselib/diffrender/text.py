"""A DiffResult as a text report with ``[-deleted-]{+inserted+}`` redlines.

Coloured (red deletions, green insertions) when asked, plain otherwise (in a pipe).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diff import KINDS, DiffResult, Edit
from ..model import Composed
from ..worddiff import WordOp, word_ops

RED, GREEN, BOLD, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
INDENT = "    "


def redline(ops: Iterable[WordOp], *, color: bool = False) -> str:
    """Word ops as one text: kept text as it is, ``[-deleted-]`` and ``{+inserted+}``."""
    parts: list[str] = []
    for op in ops:
        if op.kind == "equal":
            parts.append(op.b)
            continue
        if op.a:
            parts.append(f"{RED}[-{op.a}-]{RESET}" if color else f"[-{op.a}-]")
        if op.b:
            parts.append(f"{GREEN}{{+{op.b}+}}{RESET}" if color else f"{{+{op.b}+}}")
    return "".join(parts)


def _indent(text: str) -> str:
    return "\n".join(INDENT + line if line.strip() else "" for line in text.split("\n"))


def _side(doc: Composed) -> str:
    where = f" [{doc.origin}]" if doc.origin else ""
    return f"{doc.title}{where} ({len(doc.articles)} articles)"


def summary_line(result: DiffResult) -> str:
    counts = result.summary
    parts = [f"{counts[k]} {k}" for k in KINDS if counts[k]]
    return ", ".join(parts) if parts else "no articles"


def _party(edit: Edit) -> str:
    art = edit.b_article or edit.a_article
    if art is None or art.provenance is None:
        return ""
    p = art.provenance
    return f"  [{p.ref}, {p.party}]"


def edit_header(edit: Edit) -> str:
    """One line naming the articles, the kind and what else is known."""
    a, b = edit.side_labels
    line = f"{a} → {b}  {edit.kind}"
    if edit.moved and edit.kind != "moved":
        line += " and moved"
    if edit.score is not None and edit.kind != "unchanged":
        line += f" ({edit.score:g}%)"
    if edit.kind == "version-changed":
        d = edit.details
        before, after = d["from"], d["to"]  # type: ignore[index]
        line += (
            f"  {d['clause']} v{before['version']} ({before['party']}, {before['status']})"  # type: ignore[index]
            f" → v{after['version']} ({after['party']}, {after['status']})"  # type: ignore[index]
        )
    else:
        line += _party(edit)
    return line


def render_text(result: DiffResult, *, color: bool = False) -> str:
    """The whole report: both sides, the summary, then every article in B's order."""
    bold = (lambda s: f"{BOLD}{s}{RESET}") if color else (lambda s: s)
    lines = [
        f"A: {_side(result.a)}",
        f"B: {_side(result.b)}",
        bold(f"Summary: {summary_line(result)}" + ("" if not result.identical else " — identical")),
        "",
    ]
    if result.relations:
        lines += [bold("Relations"), *(_indent(line) for line in result.relations), ""]
    if result.preamble_ops:
        lines += [bold("Preamble  reworded"), _indent(redline(result.preamble_ops, color=color)), ""]
    for edit in result.edits:
        header = edit_header(edit)
        if edit.kind == "unchanged":
            lines.append(f"{DIM}{header}{RESET}" if color else header)
            continue
        lines.append(bold(header))
        heading = edit.details.get("heading")
        if isinstance(heading, dict):
            old, new = heading.get("a") or "", heading.get("b") or ""
            lines.append(_indent("heading: " + redline(word_ops(old, new), color=color)))
        if edit.ops:
            lines.append(_indent(redline(edit.ops, color=color)))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
