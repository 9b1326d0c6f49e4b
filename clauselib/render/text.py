"""Markdown and plain text, through the ``draft.md`` / ``draft.txt`` layouts."""

from __future__ import annotations

import re

from ..model import Composed
from . import RenderOptions
from .html import render_with_template

_BLANK_RUNS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def render_markdown(doc: Composed, options: RenderOptions) -> str:
    """The draft as Markdown (text escaped so that clause wording never becomes markup)."""
    return _tidy(render_with_template(doc, options, "md"))


def render_text(doc: Composed, options: RenderOptions) -> str:
    """The draft as plain text, wrapped at 78 columns."""
    return _tidy(render_with_template(doc, options, "txt"))
