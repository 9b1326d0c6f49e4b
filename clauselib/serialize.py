"""Plain-data views of model objects for JSON output (stable, documented keys)."""

from __future__ import annotations

from .model import ClauseVersion, Paragraph, Source
from .worddiff import WordOp


def source_dict(source: Source) -> dict:
    return {"text": source.text, "url": source.url, "date": source.date.isoformat() if source.date else None}


def version_summary(version: ClauseVersion) -> dict:
    """The fields `list --format json` shows for each version."""
    return {
        "id": version.id,
        "version": version.version,
        "ref": version.ref,
        "topic": version.topic,
        "party": version.party,
        "date": version.date.isoformat(),
        "status": version.status,
        "title": version.title,
        "based_on": version.based_on,
    }


def paragraphs_text(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    out = []
    for para in paragraphs:
        out.append("".join(f"<ref clause={s.target}>" if s.kind == "ref" else s.text for s in para.segments))
    return out


def version_dict(version: ClauseVersion) -> dict:
    """Everything about one version (``show --format json``)."""
    data = version_summary(version)
    data.update(
        {
            "sources": [source_dict(s) for s in version.sources],
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "label": p.label,
                    "default": list(p.default) if isinstance(p.default, tuple) else p.default,
                }
                for p in version.params
            ],
            "relations": [
                {
                    k: v
                    for k, v in (
                        ("kind", r.kind),
                        ("clause", r.clause),
                        ("reason", r.reason),
                        ("step", r.step),
                        ("delay", r.delay),
                        ("verified_by", r.verified_by),
                    )
                    if v
                }
                for r in version.relations
            ],
            "texts": {lang: paragraphs_text(paras) for lang, paras in version.texts.items()},
            "note": version.note,
            "path": version.path,
            "digest": version.digest,
        }
    )
    return data


def ops_list(ops: list[WordOp]) -> list[dict]:
    """A word diff as ``[{"op": "equal|insert|delete|replace", "a": …, "b": …}]``."""
    return [{"op": o.kind, "a": o.a, "b": o.b} for o in ops]
