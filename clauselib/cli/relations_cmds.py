"""Commands on the relations between a draft's clauses: sequence."""

from __future__ import annotations

import click

from .context import AppContext, emit, json_dumps, output_option, pass_app, resolve_format

SEQUENCE_FORMATS = ("text", "json", "dot", "html")


def load_view(app: AppContext, name: str):
    """A DraftView of a draft id or manifest path; an assembled draft is read through the library."""
    from pathlib import Path

    from ..documents import is_manifest, load_document
    from ..drafts import load_draft
    from ..relations import view_of_composed, view_of_spec

    path = Path(name)
    if path.is_file() and not is_manifest(path):
        return view_of_composed(load_document(name, app.workspace(), app.library()), app.library())
    return view_of_spec(load_draft(app.workspace(), name), app.library())


@click.command()
@click.argument("draft")
@click.option(
    "--format", "fmt", type=click.Choice(SEQUENCE_FORMATS), help="Output format (default: from -o, else text)."
)
@output_option
@pass_app
def sequence(app: AppContext, draft, fmt, output):
    """The implementation order DRAFT implies: stages from signature on, with delays and verifiers.

    DRAFT is a draft id, a manifest file or an assembled draft (assemble --format xml).
    """
    from ..sequence import build_sequence
    from ..sequence_render import FORMATTERS, to_data

    fmt = resolve_format(fmt, output, SEQUENCE_FORMATS, "text")
    seq = build_sequence(load_view(app, draft))
    emit(json_dumps(to_data(seq)) if fmt == "json" else FORMATTERS[fmt](seq), output)


def register(group: click.Group) -> None:
    group.add_command(sequence)
