"""The diff command: two documents, aligned article by article, as text, HTML or JSON."""

from __future__ import annotations

import click

from .context import AppContext, color_enabled, emit, output_option, pass_app, resolve_format


@click.command("diff")
@click.argument("a")
@click.argument("b")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json", "docx"]),
    help="Output format (default: from -o, else text); docx is B with Word tracked changes against A.",
)
@click.option("--author", default="clauselib", show_default=True, help="Author of the tracked changes (docx).")
@output_option
@click.option("--check", is_flag=True, help="Exit 1 when the documents differ (as diff does).")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=60.0,
    show_default=True,
    help="Least word similarity (0-100) for two unmatched articles to count as one reworded article.",
)
@pass_app
@click.pass_context
def diff_cmd(
    ctx: click.Context, app: AppContext, a: str, b: str, fmt, author: str, output, check: bool, threshold: float
):
    """Show what changed from document A to document B.

    A and B are each a draft id, a draft manifest, an assembled draft
    (assemble --format xml) or a plain-text / Markdown file of numbered points.
    Articles are paired by clause id, then by text; each change is reported as
    unchanged, reworded, version-changed, moved, split, merged, added or removed,
    with word-level redlines.
    """
    from ..diff import diff_documents
    from ..diffrender import FORMATS, render
    from ..documents import load_document
    from ..errors import WorkspaceError

    fmt = resolve_format(fmt, output, (*FORMATS, "txt", "docx"), "text")
    fmt = "text" if fmt == "txt" else fmt
    if fmt == "docx" and output in (None, "-"):
        raise click.UsageError("a .docx redline goes to a file: give -o FILE.docx")
    try:
        workspace = app.workspace()
    except WorkspaceError:
        if app.workspace_option:
            raise
        workspace = None  # text and assembled files need no workspace
    # app.library is called (and the library read) only when a document is a manifest
    docs = [load_document(arg, workspace, app.library if workspace is not None else None) for arg in (a, b)]
    library = app.loaded_library
    result = diff_documents(docs[0], docs[1], threshold=threshold)
    if library is not None:
        from dataclasses import replace

        from ..relations import relation_changes, view_of_composed

        changes = relation_changes(view_of_composed(docs[0], library), view_of_composed(docs[1], library), library)
        result = replace(result, relations=tuple(changes.lines()))
    if fmt == "docx":
        from ..diffrender.docx import render_docx

        emit(render_docx(result, author=author), output)
    else:
        color = fmt == "text" and output in (None, "-") and color_enabled()
        emit(render(result, fmt, color=color), output)
    if check and not result.identical:
        ctx.exit(1)


def register(group: click.Group) -> None:
    group.add_command(diff_cmd)
