"""Render a Composed document: a registry of formats, each a function (doc, options) → str | bytes.

``RENDERERS`` maps a format name (html, pdf, md, txt, xml, akn, docx) to its renderer; a later
feature adds a format by adding an entry. Templates (html, md, txt) come from the
workspace's ``templates/`` first, then the package defaults (see :mod:`.environment`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..errors import ClauselibError
from ..library import Workspace
from ..model import Composed


@dataclass(frozen=True)
class RenderOptions:
    """How to render: annotations, the layout, parallel texts, names for party codes."""

    annotate: bool = False
    """Show who proposed each article and which version (internal review only)."""
    template: str = "draft"
    """The layout: ``templates/<template>.<ext>`` in the workspace, else the package's."""
    workspace: Workspace | None = None
    parallel: Composed | None = None
    """The same draft composed in a second language, shown side by side (html, pdf)."""
    party_names: Mapping[str, str] = field(default_factory=dict)
    source_lang: str = "en"
    """The language the manifest's own text (preamble, literal articles) is written in."""


Renderer = Callable[[Composed, RenderOptions], "str | bytes"]


def _html(doc: Composed, options: RenderOptions) -> str:
    from .html import render_html

    return render_html(doc, options)


def _pdf(doc: Composed, options: RenderOptions) -> bytes:
    from .html import render_pdf

    return render_pdf(doc, options)


def _md(doc: Composed, options: RenderOptions) -> str:
    from .text import render_markdown

    return render_markdown(doc, options)


def _txt(doc: Composed, options: RenderOptions) -> str:
    from .text import render_text

    return render_text(doc, options)


def _xml(doc: Composed, options: RenderOptions) -> bytes:
    from ..assembled import to_xml

    return to_xml(doc)


def _akn(doc: Composed, options: RenderOptions) -> bytes:
    from .akn import to_akn

    return to_akn(doc, options)


def _docx(doc: Composed, options: RenderOptions) -> bytes:
    from ..docx_writer import draft_docx

    return draft_docx(doc, annotate=options.annotate)


RENDERERS: dict[str, Renderer] = {
    "html": _html,
    "pdf": _pdf,
    "md": _md,
    "txt": _txt,
    "xml": _xml,
    "akn": _akn,
    "docx": _docx,
}
PARALLEL_FORMATS = frozenset({"html", "pdf"})


class RenderError(ClauselibError, ValueError):
    """A document cannot be rendered as asked (unknown format, unsupported option)."""


def render(doc: Composed, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    """Render *doc* in format *fmt*."""
    options = options or RenderOptions()
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise RenderError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(RENDERERS)}") from None
    if options.parallel is not None and fmt not in PARALLEL_FORMATS:
        raise RenderError(
            f"parallel texts are laid out in html or pdf, not {fmt}", hint="use --format html or pdf, or --lang L"
        )
    return renderer(doc, options)
