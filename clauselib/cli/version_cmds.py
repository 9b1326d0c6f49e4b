"""Commands that change the library: new, propose, counter, agree, reject, withdraw, renumber."""

from __future__ import annotations

import click

from .context import AppContext, color_enabled, pass_app

EDIT_HEADER = (
    "# {what}\n"
    "# Lines starting with '#' at the top are ignored. A blank line starts a new paragraph.\n"
    '# Keep <ref clause="…"/> and <em>…</em> as they are; {{{{ name }}}} is a declared parameter.\n'
)


def _sources(values: tuple[str, ...]):
    from ..versioning import Source

    return tuple(Source(v) for v in values)


MAX_PROPOSAL_CHARS = 1_000_000
"""Longest text ``new``, ``propose`` and ``counter`` read for one clause version."""


def _read_text(text_file, edit: bool, base_text: str | None, what: str) -> str:
    """The proposal's text: from --text-file, or from $EDITOR on the based-on text."""
    if text_file is not None and edit:
        raise click.UsageError("give either --text-file or --edit, not both")
    if text_file is not None:
        from ..errors import SchemaError

        try:
            text = text_file.read(MAX_PROPOSAL_CHARS + 1)  # bounded: `-f /dev/zero` must not fill memory
        except UnicodeDecodeError as exc:
            raise SchemaError(
                f"not valid UTF-8 (byte {exc.start})", path=text_file.name, hint="save the text as UTF-8"
            ) from None
        if len(text) > MAX_PROPOSAL_CHARS:
            raise SchemaError(
                f"the text is longer than {MAX_PROPOSAL_CHARS:,} characters",
                path=text_file.name,
                hint="a clause version holds a few paragraphs; check the file is the one you meant",
            )
        return text
    if not edit:
        raise click.UsageError("give the new wording with --text-file FILE ('-' for stdin) or --edit")
    edited = click.edit(EDIT_HEADER.format(what=what) + (base_text or ""), extension=".txt", require_save=True)
    if edited is None:
        raise click.ClickException("nothing saved in the editor; no version was created")
    lines = edited.splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines)


def _report(app: AppContext, version, asked_from: int | None, library=None) -> None:
    """What was created and its word diff from its parent (*library*: one read before the
    write, which holds the parent already)."""
    from ..versioning import clause_library
    from ..worddiff import word_ops
    from .library_cmds import redline

    library = library or clause_library(app.workspace(), version.id)
    click.echo(f"Created {version.ref} ({version.path}), {version.party}, {version.date}, {version.status}")
    if version.based_on is None:
        return
    parent = library.get(f"{version.id}@{version.based_on}")
    if asked_from is None and version.based_on != version.version - 1:
        click.echo(
            f"Note: meanwhile someone else created {version.id}@{version.version - 1}; "
            f"yours is @{version.version} and answers @{version.based_on} as you saw it"
        )
    click.echo(f"Word diff from {parent.ref} ({parent.party}):\n")
    click.echo(redline(word_ops(parent.text(), version.text()), color_enabled()))


def _propose_options(f):
    for decorator in reversed(
        [
            click.option("--party", "-p", required=True, help="The party whose wording this is (e.g. UA)."),
            click.option(
                "--text-file",
                "-f",
                type=click.File("r", encoding="utf-8"),
                help="The new English text ('-' for stdin); a blank line starts a new paragraph.",
            ),
            click.option("--edit", "-e", is_flag=True, help="Write the new text in $EDITOR, starting from the base."),
            click.option("--title", help="A new title (default: the base version's)."),
            click.option("--source", "sources", multiple=True, help="Where the wording comes from (repeatable)."),
            click.option("--note", help="Why this wording, what it concedes."),
            click.option("--date", help="The date it was tabled, YYYY-MM-DD (default: today)."),
            click.option(
                "--no-retry",
                is_flag=True,
                help="Fail instead of taking the next number when someone else just took it.",
            ),
        ]
    ):
        f = decorator(f)
    return f


@click.command()
@click.argument("clause_id")
@click.option("--from", "from_version", type=click.IntRange(min=1), help="The version answered (default: latest).")
@_propose_options
@click.option(
    "--status",
    type=click.Choice(["proposed", "countered", "agreed", "withdrawn", "rejected"]),
    default="proposed",
    show_default=True,
    help="Status the new version is tabled with.",
)
@pass_app
def propose(
    app: AppContext, clause_id, from_version, party, text_file, edit, title, sources, note, date, no_retry, status
):
    """Table a new wording of CLAUSE_ID: version n+1, based on --from N (default: the latest)."""
    from ..versioning import base_text
    from ..versioning import propose as propose_version

    base_version, base = (None, None)
    if edit:
        base_version, base = base_text(app.workspace(), clause_id, from_version)
    what = f"New wording of {clause_id} by {party}, answering {base_version.ref if base_version else clause_id}"
    text = _read_text(text_file, edit, base, what)
    version = propose_version(
        app.workspace(),
        clause_id,
        party,
        text,
        from_version=from_version,
        title=title,
        status=status,
        note=note,
        date=date,
        sources=_sources(sources),
        retry=not no_retry,
    )
    _report(app, version, from_version)


@click.command()
@click.argument("ref")
@_propose_options
@pass_app
def counter(app: AppContext, ref, party, text_file, edit, title, sources, note, date, no_retry):
    """Answer REF (ID@N) with a new wording: records that PARTY countered it, and the new version."""
    from ..ids import ClauseRef
    from ..versioning import base_text, clause_library, record_event
    from ..versioning import propose as propose_version

    parsed = ClauseRef.parse(ref)
    if parsed.version is None:
        raise click.UsageError(f"name the version you counter, e.g. {parsed.id}@3")
    library = clause_library(app.workspace(), parsed.id)
    base_version, base = base_text(app.workspace(), parsed.id, parsed.version, library)
    _refuse_withdrawn(library, base_version)
    text = _read_text(text_file, edit, base, f"{party} counters {base_version.ref} ({base_version.party})")
    version = propose_version(
        app.workspace(),
        parsed.id,
        party,
        text,
        from_version=parsed.version,
        title=title,
        note=note,
        date=date,
        sources=_sources(sources),
        retry=not no_retry,
    )
    record_event(app.workspace(), ref, "countered", party, note=note, date=version.date, by=version.version)
    _report(app, version, parsed.version, library)
    click.echo(f"\nRecorded: {party} countered {base_version.ref} with {version.ref}")


def _refuse_withdrawn(library, version) -> None:
    from ..errors import InvalidIdError

    if library.current_status(version) == "withdrawn":
        raise InvalidIdError(
            f"{version.ref} was withdrawn; there is nothing to counter",
            hint=f"propose a new wording with 'clauselib propose {version.id}'",
        )


def _event_command(kind: str, verb: str, doc: str):
    @click.command(verb, help=doc)
    @click.argument("ref")
    @click.option("--party", "-p", required=True, help="The party acting (e.g. RU).")
    @click.option("--note", help="What was said, where.")
    @click.option("--date", help="When, YYYY-MM-DD (default: today).")
    @pass_app
    def command(app: AppContext, ref, party, note, date):
        from ..events import describe
        from ..versioning import record_event

        event = record_event(app.workspace(), ref, kind, party, note=note, date=date)
        click.echo(f"Recorded: {describe(event)} ({event.path})")

    return command


agree = _event_command("agreed", "agree", "Record that PARTY agreed to REF (ID@N). The version file is not touched.")
reject = _event_command("rejected", "reject", "Record that PARTY rejected REF (ID@N).")
withdraw = _event_command("withdrawn", "withdraw", "Record that the party that tabled REF (ID@N) withdrew it.")


@click.command("new")
@click.argument("clause_id")
@click.option("--topic", "-t", required=True, help="Topic id from clauses/topics.xml.")
@click.option("--party", "-p", required=True, help="The party whose wording this is.")
@click.option("--title", required=True, help="The clause's title.")
@click.option(
    "--text-file", "-f", type=click.File("r", encoding="utf-8"), required=True, help="The English text ('-': stdin)."
)
@click.option("--source", "sources", multiple=True, required=True, help="Where the wording comes from (repeatable).")
@click.option("--note", help="Why this wording.")
@click.option("--date", help="The date it was tabled, YYYY-MM-DD (default: today).")
@pass_app
def new(app: AppContext, clause_id, topic, party, title, text_file, sources, note, date):
    """Start a new clause at version 1."""
    from ..versioning import new_clause

    version = new_clause(
        app.workspace(),
        clause_id,
        topic,
        party,
        title,
        _read_text(text_file, False, None, ""),
        sources=_sources(sources),
        note=note,
        date=date,
    )
    click.echo(f"Created {version.ref} ({version.path}), {version.party}, {version.date}")


@click.command()
@click.argument("ref")
@click.option(
    "--move",
    type=click.Choice(["ours", "theirs"]),
    help="Which side gets the new number (default: the later one — by date, then by commit time).",
)
@pass_app
def renumber(app: AppContext, ref, move):
    """Resolve wordings that claim the same number after a git merge: REF is ID (or ID@N).

    One side keeps its numbers, the other side's wordings get the next free ones; drafts
    pinning a moved wording are re-pinned and its events move with it."""
    from ..merging import renumber as renumber_version

    for done in renumber_version(app.workspace(), ref, move):
        click.echo(f"Kept {done.clause}@{done.kept}; the {done.moved_side} side is now {done.clause}@{done.moved_to}")
        for draft in done.repinned:
            click.echo(f"  re-pinned drafts/{draft}.xml to {done.clause}@{done.moved_to}")
        if done.events_moved:
            click.echo(f"  moved {done.events_moved} event(s) with it")
        for draft in done.unpinned:
            click.echo(f"  warning: drafts/{draft}.xml pins {done.clause}@{done.kept} without a digest; check it")
        for rel in done.answers:
            click.echo(f"  note: {rel} answers @{done.kept}; make sure it answers the wording that kept the number")
    click.echo("Next: clauselib check, then git add clauses drafts && git commit")


def register(group: click.Group) -> None:
    for command in (new, propose, counter, agree, reject, withdraw, renumber):
        group.add_command(command)
