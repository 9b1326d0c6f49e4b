"""Commands that compare text with the library: compare (a whole plan), search (one sentence)."""

from __future__ import annotations

import datetime as dt
import sys

import click

from .context import AppContext, emit, json_dumps, output_option, pass_app, resolve_format

PROGRESS_MIN = 5_000  # a progress bar only for libraries at least this large, and only on a terminal


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def _progress(label: str, size: int):
    """A wrapper that shows a progress bar on stderr when it is a terminal and *size* is large."""
    if size < PROGRESS_MIN or not sys.stderr.isatty():
        return None

    def wrap(items):
        items = list(items)
        with click.progressbar(items, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def matching_options(f):
    f = click.option(
        "--top",
        "top_k",
        type=click.IntRange(1, 50),
        default=5,
        show_default=True,
        help="Matches kept per point and topic.",
    )(f)
    f = click.option(
        "--margin",
        type=click.FloatRange(0, 100),
        default=None,
        help="Lead a party's best score needs over every other party's (default 5).",
    )(f)
    f = click.option(
        "--threshold",
        type=click.FloatRange(0, 100),
        default=None,
        help="Score (0-100) a match needs to count as a restatement (default 20).",
    )(f)
    f = click.option(
        "--as-of",
        "as_of",
        callback=_date,
        metavar="DATE",
        help="Ignore versions tabled after DATE (default: the plan's own date, if any).",
    )(f)
    f = click.option("--topic", "-t", "topics", multiple=True, help="Only this topic (repeatable).")(f)
    return f


def _index(app: AppContext):
    from ..compare import build_index

    library = app.library()
    size = sum(len(v) for v in library.clauses.values())
    return library, build_index(library, _progress("Indexing the library", size))


def _settings(threshold, margin):
    from ..compare import MARGIN, THRESHOLD

    return (THRESHOLD if threshold is None else threshold), (MARGIN if margin is None else margin)


@click.command("compare")
@click.argument("plan")
@matching_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "json", "csv"]),
    default=None,
    help="Output format (default: from -o's extension, else text).",
)
@click.option(
    "--keep-derived",
    is_flag=True,
    help="Also compare with versions that rest on the plan's own reporting (left out by default).",
)
@output_option
@pass_app
def compare_cmd(app: AppContext, plan, topics, as_of, threshold, margin, top_k, fmt, keep_derived, output):
    """Whose position does each point of PLAN restate?

    PLAN is a draft id or manifest (a reported plan, kind="reported"), an assembled draft
    (XML), or a plain-text / Markdown file of numbered points. Each point gets a verdict:
    restates PARTY, contested, closest (weak) or none, with the evidence that decided it.
    """
    from ..compare import compare
    from ..compare_format import to_csv, to_data, to_html, to_text
    from ..documents import load_document

    fmt = resolve_format(fmt, output, ("text", "html", "json", "csv"), "text")
    library, index = _index(app)
    document = load_document(plan, app.workspace(), library)
    threshold, margin = _settings(threshold, margin)
    result = compare(
        document,
        library,
        topics=topics or None,
        as_of=as_of,
        threshold=threshold,
        margin=margin,
        top_k=top_k,
        index=index,
        progress=_progress("Comparing points", len(index.docs)),
        keep_derived=keep_derived,
    )
    formatters = {"text": to_text, "html": to_html, "csv": to_csv, "json": lambda c: json_dumps(to_data(c))}
    emit(formatters[fmt](result), output)


@click.command("search")
@click.argument("text")
@matching_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default=None,
    help="Output format (default: from -o's extension, else text).",
)
@output_option
@pass_app
def search_cmd(app: AppContext, text, topics, as_of, threshold, margin, top_k, fmt, output):
    """Who has said something like TEXT? The matching of 'compare' for one sentence."""
    from ..compare import search
    from ..compare_format import point_data, point_text
    from ..errors import ClauselibError

    if not text.strip():
        raise ClauselibError("nothing to search for", hint='give a sentence, e.g. clauselib search "no foreign bases"')
    fmt = resolve_format(fmt, output, ("text", "json"), "text")
    library, index = _index(app)
    threshold, margin = _settings(threshold, margin)
    result = search(
        text,
        library,
        topics=topics or None,
        as_of=as_of,
        threshold=threshold,
        margin=margin,
        top_k=top_k,
        index=index,
    )
    emit(json_dumps(point_data(result)) if fmt == "json" else point_text(result), output)


def register(group: click.Group) -> None:
    group.add_command(compare_cmd)
    group.add_command(search_cmd)
