"""Formatters for a DiffResult: text redlines, one self-contained HTML page, JSON.

The computation lives in :mod:`clauselib.diff`; these only present its result.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diff import DiffResult

FORMATS = ("text", "html", "json")


def render(result: DiffResult, fmt: str, *, color: bool = False) -> str:
    """*result* in *fmt* (text, html or json)."""
    renderers: dict[str, Callable[[DiffResult], str]] = {
        "text": lambda r: _text().render_text(r, color=color),
        "html": lambda r: _html().render_html(r),
        "json": lambda r: _json().render_json(r),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown diff format {fmt!r}; one of {', '.join(FORMATS)}")
    return renderers[fmt](result)


def _text():
    from . import text

    return text


def _html():
    from . import html

    return html


def _json():
    from . import jsondata

    return jsondata
