"""Formatters for a :class:`~clauselib.sequence.Sequence`: text, JSON data, Graphviz DOT, HTML.

The HTML page is self-contained (inline CSS, no scripts) and every value from the
library or the draft is escaped by Jinja's autoescape.
"""

from __future__ import annotations

from .sequence import Condition, Sequence, Stage, Step


def _article(numbers: tuple[int, ...]) -> str:
    return " and ".join(f"Article {n}" for n in numbers)


def condition_text(cond: Condition) -> str:
    """``90 days after Article 4 (withdrawal): verified withdrawal; verified by X``."""
    target = f"{_article(cond.articles)} ({cond.clause})" if cond.in_draft else f"'{cond.clause}' (not in this draft)"
    text = f"{cond.delay_text} after {target}" if cond.delay_text else f"after {target}"
    if cond.step:
        text += f": {cond.step}"
    if cond.verified_by:
        text += f"; verified by {cond.verified_by}"
    return text


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


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Implementation sequence — {{ title }}</title>
<style>
body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.4rem; } .path { color: #666; font-family: monospace; }
ol.stages { list-style: none; padding: 0; border-left: 3px solid #0057B7; }
ol.stages > li { margin: 0 0 1.5rem 0; padding-left: 1.2rem; position: relative; }
ol.stages > li::before { content: ""; position: absolute; left: -0.55rem; top: 0.35rem;
  width: 0.8rem; height: 0.8rem; border-radius: 50%; background: #0057B7; }
h2 { font-size: 1.1rem; margin: 0 0 0.4rem 0; }
.article { border: 1px solid #ccc; border-radius: 4px; padding: 0.5rem 0.8rem; margin: 0.4rem 0; }
.ref { font-family: monospace; color: #555; margin-left: 0.5em; } .party { font-weight: bold; margin-left: 0.5em; }
.cond { margin: 0.3rem 0 0 1rem; } .outside { color: #B2182B; } .why { color: #555; font-style: italic; }
</style>
</head>
<body>
<h1>Implementation sequence — {{ title }}</h1>
<p class="path">{{ path }}</p>
<ol class="stages">
{% for stage in stages %}<li id="stage-{{ stage.stage }}">
<h2>{{ stage.title }}{% if stage.once %} — once: {{ stage.once | join("; ") }}{% endif %}</h2>
{% for a in stage.articles %}<div class="article" id="art_{{ a.article }}">
<strong>Article {{ a.article }}</strong> {{ a.heading or "" }}
{% if a.clause %}<span class="ref">{{ a.clause }}@{{ a.version }}</span>{% endif %}
{% if a.party %}<span class="party">{{ a.party }}</span>{% endif %}
{% for c in a.after %}
<div class="cond{{ '' if c.in_draft else ' outside' }}">
{% if c.delay_text %}{{ c.delay_text }} {% endif %}after
{% if c.in_draft %}
{% for n in c.articles %}<a href="#art_{{ n }}">Article {{ n }}</a>{{ "" if loop.last else " and " }}{% endfor %}
 ({{ c.clause }})
{%- else %}
{{ c.clause }} (not in this draft)
{%- endif %}
{%- if c.step %}: {{ c.step }}{% endif %}
{%- if c.verified_by %}; verified by {{ c.verified_by }}{% endif %}
{% if c.reason %}<div class="why">{{ c.reason }}</div>{% endif %}
</div>
{% endfor %}
</div>
{% endfor %}</li>
{% endfor %}</ol>
</body>
</html>
"""


def to_html(seq: Sequence) -> str:
    """A self-contained HTML timeline of the stages, every value escaped."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_HTML).render(**to_data(seq))


FORMATTERS = {
    "text": to_text,
    "dot": to_dot,
    "html": to_html,
}
