"""Formatters for a :class:`~clauselib.sequence.Sequence`: text, JSON data, Graphviz DOT, HTML.

The HTML page is self-contained (inline CSS, no scripts) and every value from the
library or the draft is escaped by Jinja's autoescape.
"""

from __future__ import annotations

from .relations import after_phrase
from .reports import render_report
from .sequence import Condition, Sequence, Stage, Step


def _article(numbers: tuple[int, ...]) -> str:
    return " and ".join(f"Article {n}" for n in numbers)


def condition_text(cond: Condition) -> str:
    """``90 days after Article 4 (withdrawal): verified withdrawal; verified by X``."""
    target = f"{_article(cond.articles)} ({cond.clause})" if cond.in_draft else f"'{cond.clause}' (not in this draft)"
    return after_phrase(cond.delay_text, target, cond.step, cond.verified_by)


def _step_head(step: Step) -> str:
    slot = step.slot
    if slot.clause:
        where = f"{slot.ref}, {slot.party}" if slot.party else slot.ref
    else:
        where = "the draft's own text"
    return f"Article {slot.number}  {slot.heading or ''} ({where})"


def triggers(stage: Stage) -> list[str]:
    """The events a stage waits for, each once: ``complete ceasefire (Article 1) + 30 days``."""
    out: list[str] = []
    for step in stage.steps:
        for cond in step.conditions:
            where = _article(cond.articles) if cond.in_draft else f"{cond.clause}, not in this draft"
            text = f"{cond.step or cond.clause} ({where})"
            if cond.delay_text:
                text += f" + {cond.delay_text}"
            if text not in out:
                out.append(text)
    return out


def to_text(seq: Sequence) -> str:
    """The stages as a readable timeline."""
    lines = [f"Implementation sequence — {seq.draft.title}", f"{seq.draft.path or seq.draft.id}", ""]
    for stage in seq.stages:
        lines.append(f"{stage.title} — once: {'; '.join(triggers(stage))}" if stage.index else stage.title)
        for step in stage.steps:
            lines.append(f"  {_step_head(step)}")
            for cond in step.conditions:
                lines.append(f"      {condition_text(cond)}")
                if cond.reason:
                    lines.append(f"        why: {cond.reason}")
        lines.append("")
    count = sum(len(s.steps) for s in seq.stages)
    stages = len(seq.stages)
    lines.append(f"{count} article{'s' if count != 1 else ''} in {stages} stage{'s' if stages != 1 else ''}")
    return "\n".join(lines) + "\n"


def to_data(seq: Sequence) -> dict:
    """Stable JSON data: {draft, title, path, stages: [{stage, title, articles: [...]}]}."""
    return {
        "draft": seq.draft.id,
        "title": seq.draft.title,
        "path": seq.draft.path,
        "stages": [
            {
                "stage": stage.index,
                "title": stage.title,
                "once": triggers(stage),
                "articles": [
                    {
                        "article": step.slot.number,
                        "heading": step.slot.heading,
                        "clause": step.slot.clause,
                        "version": step.slot.version,
                        "party": step.slot.party,
                        "after": [
                            {
                                "clause": c.clause,
                                "articles": list(c.articles),
                                "in_draft": c.in_draft,
                                "step": c.step,
                                "delay": c.delay,
                                "delay_text": c.delay_text,
                                "verified_by": c.verified_by,
                                "reason": c.reason,
                            }
                            for c in step.conditions
                        ],
                    }
                    for step in stage.steps
                ],
            }
            for stage in seq.stages
        ],
    }


def _dot(value: str) -> str:
    """A DOT double-quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(seq: Sequence) -> str:
    """A Graphviz digraph: one rank per stage, an edge per condition, outside conditions dashed."""
    lines = [
        f"digraph {_dot(seq.draft.id or 'draft')} {{",
        "  rankdir=LR;",
        '  node [shape=box, fontname="Helvetica"];',
    ]
    outside: dict[str, str] = {}
    for stage in seq.stages:
        lines.append(f"  subgraph {_dot('cluster_stage_' + str(stage.index))} {{")
        lines.append(f"    label={_dot(stage.title)};")
        for step in stage.steps:
            slot = step.slot
            label = f"Article {slot.number}\n{slot.heading or ''}"
            if slot.ref:
                label += f"\n{slot.ref}" + (f" ({slot.party})" if slot.party else "")
            lines.append(f"    art_{slot.number} [label={_dot(label)}];")
        lines.append("  }")
    for stage in seq.stages:
        for step in stage.steps:
            for cond in step.conditions:
                parts = [p for p in (cond.step, cond.delay_text and f"+{cond.delay_text}") if p]
                if cond.verified_by:
                    parts.append(f"verified by {cond.verified_by}")
                label = _dot("\n".join(parts))
                if cond.in_draft:
                    for number in cond.articles:
                        lines.append(f"  art_{number} -> art_{step.slot.number} [label={label}];")
                else:
                    node = outside.setdefault(cond.clause, f"outside_{len(outside) + 1}")
                    lines.append(f"  {node} -> art_{step.slot.number} [label={label}, style=dashed];")
    for clause, node in outside.items():
        lines.append(f"  {node} [label={_dot(clause + ' (not in this draft)')}, style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_html(seq: Sequence) -> str:
    """A self-contained HTML timeline of the stages (``templates/sequence.html``), every value escaped."""
    return render_report("sequence.html", **to_data(seq))


FORMATTERS = {
    "text": to_text,
    "dot": to_dot,
    "html": to_html,
}
