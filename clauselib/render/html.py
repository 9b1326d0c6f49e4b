"""HTML (one self-contained file, inline CSS) and PDF (that HTML through WeasyPrint)."""

from __future__ import annotations

from ..model import Composed
from . import RenderOptions
from .environment import make_environment, render_template
from .inline import FILTERS
from .view import build_view


def template_names(template: str, ext: str) -> list[str]:
    """Where a layout is looked for: the workspace's, then the package's, then the default."""
    names = [f"{template}.{ext}", f"default:{template}.{ext}"]
    if template != "draft":
        names += [f"draft.{ext}", f"default:draft.{ext}"]
    return names


def render_with_template(doc: Composed, options: RenderOptions, ext: str) -> str:
    """Render *doc* through the layout ``<template>.<ext>``."""
    view = build_view(
        doc,
        annotate=options.annotate,
        party_names=dict(options.party_names),
        source_lang=options.source_lang,
        other=options.parallel,
    )
    env = make_environment(options.workspace, FILTERS)
    return render_template(env, template_names(options.template, ext), {"doc": view}, options.workspace)


def render_html(doc: Composed, options: RenderOptions) -> str:
    """The draft as one HTML file."""
    return render_with_template(doc, options, "html")


def render_pdf(doc: Composed, options: RenderOptions) -> bytes:
    """The draft's HTML laid out as an A4 PDF by WeasyPrint (no network, no local files)."""
    import logging
    import warnings

    html = render_html(doc, options)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

        return HTML(string=html, url_fetcher=_fetcher()).write_pdf()


def _fetcher():
    """A WeasyPrint URL fetcher that refuses every URL (a class from WeasyPrint 66, a function before)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - older WeasyPrint
        return lambda url, *args, **kwargs: _refuse_fetch(url)

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return _refuse_fetch(url)

    return RefusingFetcher(allowed_protocols=(), fail_on_errors=False)


def _refuse_fetch(url: str, *args, **kwargs):
    """Templates are untrusted: a PDF never loads anything from the network or the disk.

    WeasyPrint reports a failed fetch as a warning and renders without the resource.
    """
    raise ValueError(f"clauselib does not load {url!r}; inline styles and images in the template")
