"""Commands on drafts: assemble (render), pin (record digests), upgrade (move pins)."""

from __future__ import annotations

import re

import click

from .context import AppContext, emit, output_option, pass_app

FORMATS = ("html", "pdf", "md", "txt", "xml", "akn", "docx")
BINARY_FORMATS = {"pdf": "PDF", "docx": "Word document"}
_LANG = re.compile(r"[a-z]{2,3}")
_EXTENSIONS = {"htm": "html", "markdown": "md", "text": "txt", "akn": "akn", "xml": "xml"}


def _format(fmt: str | None, output: str | None) -> str:
    from ..render import RenderError

    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise RenderError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
        return fmt
    name = (output or "").rsplit("/", 1)[-1]
    if output in (None, "-") or "." not in name:
        return "html"
    ext = name.rsplit(".", 1)[-1].lower()
    ext = _EXTENSIONS.get(ext, ext)
    if ext not in FORMATS:
        raise RenderError(
            f"cannot tell the format from '.{ext}'", path=output, hint=f"use --format with one of {', '.join(FORMATS)}"
        )
    return ext


def _check_output(output: str | None, fmt: str) -> None:
    from pathlib import Path

    from ..errors import OutputError

    if output in (None, "-"):
        if fmt in BINARY_FORMATS:
            raise OutputError(
                f"a {BINARY_FORMATS[fmt]} is not written to stdout", hint=f"give a file name: -o draft.{fmt}"
            )
        return
    parent = Path(output).parent
    if not parent.is_dir():
        raise OutputError("the folder to write into does not exist", path=str(parent), hint="create it first")
    if Path(output).is_dir():
        raise OutputError("is a folder, not a file", path=output, hint="give a file name")


def _check_lang(lang: str, spec, library) -> None:
    from ..errors import NotFoundError

    if not _LANG.fullmatch(lang):
        raise NotFoundError(f"invalid language code '{lang}'", hint="use a two-letter code such as en or uk")
    if lang == (spec.lang or "en"):
        return
    have: set[str] = set()
    for _, article in spec.articles():
        if article.is_pinned and article.version:
            have.update(library.get(f"{article.clause}@{article.version}").languages)
    if lang not in have:
        raise NotFoundError(
            f"no article of draft '{spec.id}' has a '{lang}' text",
            path=spec.path,
            hint=f"its clause versions have {', '.join(sorted(have)) or 'only ' + (spec.lang or 'en')}",
        )


@click.command()
@click.argument("draft")
@output_option
@click.option("--format", "fmt", metavar="FORMAT", help=f"One of {', '.join(FORMATS)} (default: from -o, else html).")
@click.option("--annotate", is_flag=True, help="For internal review: who proposed each article, which version.")
@click.option("--lang", metavar="L", help="Render the clause texts in language L (e.g. uk).")
@click.option("--parallel", metavar="A,B", help="Two languages side by side, e.g. en,uk (html and pdf).")
@pass_app
def assemble(app: AppContext, draft, output, fmt, annotate, lang, parallel):
    """Assemble DRAFT (an id in drafts/ or a manifest file) and render it.

    \b
    clauselib assemble istanbul-communique -o out/istanbul.pdf
    clauselib assemble istanbul-communique --format md --annotate
    clauselib assemble istanbul-communique --parallel en,uk -o out/en-uk.html
    """
    from ..compose import compose
    from ..drafts import load_draft
    from ..render import PARALLEL_FORMATS, RenderError, RenderOptions, render

    fmt = _format(fmt, output)
    _check_output(output, fmt)
    workspace, library = app.workspace(), app.library()
    spec = load_draft(workspace, draft)
    other = None
    if parallel:
        if lang:
            raise RenderError(
                "give --lang or --parallel, not both", hint="--parallel en,uk already names the languages"
            )
        langs = [part.strip() for part in parallel.split(",")]
        if len(langs) != 2 or langs[0] == langs[1]:
            raise RenderError(
                f"--parallel needs two different languages, got '{parallel}'", hint="e.g. --parallel en,uk"
            )
        if fmt not in PARALLEL_FORMATS:
            raise RenderError(f"parallel texts are laid out in html or pdf, not {fmt}", hint="use -o FILE.html or .pdf")
        for code in langs:
            _check_lang(code, spec, library)
        doc = compose(spec, library, langs[0])
        other = compose(spec, library, langs[1])
    else:
        if lang:
            _check_lang(lang, spec, library)
        doc = compose(spec, library, lang)
    options = RenderOptions(
        annotate=annotate,
        template=spec.template,
        workspace=workspace,
        parallel=other,
        party_names={code: party.name for code, party in library.parties.items()},
        source_lang=spec.lang or "en",
    )
    emit(render(doc, fmt, options), output)


def _describe(change) -> str:
    before = f"{change.old_version} ({change.old_party}, {change.old_status})" if change.old_party else "unpinned"
    after = f"{change.new_version} ({change.new_party}, {change.new_status})"
    return f"Article {change.number}  {change.clause}: {before} → {after}"


@click.command()
@click.argument("draft")
@pass_app
def pin(app: AppContext, draft):
    """Write the missing digests (and versions) of DRAFT's pins into its manifest."""
    from ..drafts import draft_path, load_draft
    from ..pinning import missing_pins, rewrite_manifest

    workspace, library = app.workspace(), app.library()
    spec = load_draft(workspace, draft)
    changes = missing_pins(spec, library)
    if not changes:
        click.echo(f"{spec.path}: every article is pinned with a digest; nothing to do")
        return
    rewrite_manifest(draft_path(workspace, draft), spec, library, changes)
    for change in changes:
        click.echo(f"pinned {change.clause}@{change.new_version} {change.new_digest[:19]}… ({spec.path}:{change.line})")
    click.echo(f"{spec.path}: {len(changes)} pins written")


@click.command()
@click.argument("draft")
@click.option("--dry-run", is_flag=True, help="List the changes without writing the manifest.")
@pass_app
def upgrade(app: AppContext, draft, dry_run):
    """Move DRAFT's pins to the latest clause versions and re-pin their digests."""
    from ..drafts import draft_path, load_draft
    from ..pinning import rewrite_manifest, upgrades

    workspace, library = app.workspace(), app.library()
    spec = load_draft(workspace, draft)
    changes = upgrades(spec, library)
    if not changes:
        click.echo(f"{spec.path}: every pin is at the latest version")
        return
    for change in changes:
        click.echo(_describe(change) if change.moves else f"Article {change.number}  {change.clause}: digest written")
    moved = sum(1 for c in changes if c.moves)
    if dry_run:
        click.echo(f"{spec.path}: {moved} pins would move (dry run; nothing written)")
        return
    rewrite_manifest(draft_path(workspace, draft), spec, library, changes)
    click.echo(f"{spec.path}: {moved} pins moved, digests re-pinned")


def register(group: click.Group) -> None:
    for command in (assemble, pin, upgrade):
        group.add_command(command)
