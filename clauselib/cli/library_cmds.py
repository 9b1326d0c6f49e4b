"""Commands that read the library: list, show, history, check, drafts."""

from __future__ import annotations

import click

from .context import AppContext, color_enabled, emit, json_dumps, output_option, pass_app


def redline(ops, color: bool) -> str:
    """A word diff as one line of text: [-deleted-]{+inserted+}, coloured on a terminal."""
    parts = []
    for op in ops:
        if op.kind == "equal":
            parts.append(op.a)
            continue
        if op.a:
            parts.append(click.style(f"[-{op.a}-]", fg="red") if color else f"[-{op.a}-]")
        if op.b:
            parts.append(click.style(f"{{+{op.b}+}}", fg="green") if color else f"{{+{op.b}+}}")
    return "".join(parts)


def _table(rows: list[list[str]], headers: list[str]) -> str:
    from ..textable import text_table

    return text_table(rows, headers)


@click.command("list")
@click.option("--topic", "-t", help="Only versions on this topic.")
@click.option("--party", "-p", help="Only versions attributed to this party (e.g. RU).")
@click.option(
    "--status", "-s", help="Only versions with this status (proposed, countered, agreed, withdrawn, rejected)."
)
@click.option("--latest", is_flag=True, help="Only the latest version of each clause.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@pass_app
def list_cmd(app: AppContext, topic, party, status, latest, fmt, output):
    """List clause versions: ref, topic, party, date, status, title."""
    from ..model import STATUSES
    from ..serialize import version_summary

    library = app.library()
    if topic:
        library.topic(topic)
    if party:
        library.party(party)
    if status and status not in STATUSES:
        raise click.BadParameter(f"unknown status '{status}'; one of {', '.join(STATUSES)}", param_hint="--status")
    versions = [
        v
        for v in library.all_versions()
        if (not topic or v.topic == topic)
        and (not party or v.party == party)
        and (not status or library.current_status(v) == status)
        and (not latest or v.version == library.latest(v.id).version)
    ]
    if fmt == "json":
        emit(json_dumps([version_summary(v) | {"status": library.current_status(v)} for v in versions]), output)
        return
    rows = [[v.ref, v.topic, v.party, v.date.isoformat(), library.current_status(v), v.title] for v in versions]
    summary = f"{len(versions)} versions of {len({v.id for v in versions})} clauses"
    emit(_table(rows, ["REF", "TOPIC", "PARTY", "DATE", "STATUS", "TITLE"]) + f"\n{summary}\n", output)


@click.command()
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xml"]), default="text", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the text to show.")
@output_option
@pass_app
def show(app: AppContext, ref, fmt, lang, output):
    """Show one clause version: REF is ID (latest) or ID@N."""
    from ..serialize import version_dict

    library = app.library()
    version = library.get(ref)
    if fmt == "xml":
        emit((app.workspace().root / version.path).read_bytes(), output)
        return
    if fmt == "json":
        emit(json_dumps(version_dict(version)), output)
        return
    lines = [
        f"{version.ref} — {version.title}",
        f"topic: {version.topic}   party: {version.party}   date: {version.date}"
        f"   status: {library.current_status(version)}"
        + (f"   based on: @{version.based_on}" if version.based_on else ""),
    ]
    lines += [f"source: {s.text}" + (f" <{s.url}>" if s.url else "") for s in version.sources]
    for p in version.params:
        default = ", ".join(p.default) if isinstance(p.default, tuple) else p.default
        lines.append(f"param: {p.name} ({p.type}) — {p.label}" + (f" [default: {default}]" if default else ""))
    for r in version.relations:
        lines.append(f"{r.kind}: {r.clause}" + (f" — {r.reason}" if r.reason else ""))
    if lang not in version.texts:
        raise click.BadParameter(
            f"{version.ref} has no '{lang}' text; it has {', '.join(version.languages)}", param_hint="--lang"
        )
    lines.append("")
    lines.append(version.text(lang))
    if version.note:
        lines += ["", f"note: {version.note}"]
    emit("\n".join(lines) + "\n", output)


@click.command()
@click.argument("clause_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@pass_app
def history(app: AppContext, clause_id, fmt, output):
    """Every version of a clause with a word diff from the version it was based on."""
    from ..serialize import ops_list, version_summary
    from ..worddiff import word_ops

    library = app.library()
    versions = library.versions(clause_id)
    by_number = {v.version: v for v in versions}
    entries = []
    for version in versions:
        parent = by_number.get(version.based_on) if version.based_on else None
        ops = word_ops(parent.text(), version.text()) if parent else None
        entries.append((version, parent, ops))
    from ..events import describe, event_dict

    events = library.events(clause_id)
    if fmt == "json":
        data = [
            version_summary(v)
            | {
                "status": library.current_status(v),
                "ops": ops_list(ops) if ops is not None else None,
                "text": v.text(),
            }
            for v, _, ops in entries
        ]
        emit(json_dumps({"clause": clause_id, "versions": data, "events": [event_dict(e) for e in events]}), output)
        return
    color = color_enabled() and output in (None, "-")
    blocks = []
    for version, parent, ops in entries:
        head = f"{version.ref}  {version.party}  {version.date}  {library.current_status(version)}  {version.title}"
        head = click.style(head, bold=True) if color else head
        if parent is None:
            body = version.text()
            basis = "first wording" if version.based_on is None else ""
        else:
            body = redline(ops, color)
            basis = f"based on @{parent.version} ({parent.party})"
        blocks.append(((version.date, 0, version.version), f"{head}\n  {basis}\n\n{body}"))
    for n, event in enumerate(events):
        blocks.append(((event.date, 1, n), f"-> {describe(event)}"))
    blocks.sort(key=lambda item: item[0])
    emit("\n\n".join(text for _, text in blocks) + "\n", output)


@click.command()
@click.argument("draft", required=False)
@click.option("--balance", is_flag=True, help="Also count each party's articles in the draft(s) and one-sided topics.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--git", "use_git", is_flag=True, help="Also report committed version files later modified (git log).")
@output_option
@pass_app
def check(app: AppContext, draft, balance, fmt, output, use_git):
    """Check the whole workspace, or only DRAFT (id or manifest path); exit 1 when anything is wrong."""
    from ..check import check_workspace

    if draft:
        from ..check import check_draft

        library, spec, findings = check_draft(app.workspace(), draft)
        specs = [spec]
    else:
        library, findings, specs = check_workspace(app.workspace())
    if use_git:
        from ..gitcheck import git_findings

        findings += git_findings(app.workspace())
    balances = _balances(library, specs) if balance else []
    errors = [f for f in findings if f.severity == "error"]
    stats = {
        "clauses": len(library.clauses),
        "versions": sum(len(v) for v in library.clauses.values()),
        "errors": len(errors),
        "warnings": len(findings) - len(errors),
    }
    if fmt == "json":
        data = {"ok": not errors, **stats, "findings": [f.as_dict() for f in findings]}
        if balance:
            data["balance"] = [b.as_dict() for b in balances]
        emit(json_dumps(data), output)
    else:
        lines = [
            f"{f.severity}: {f.where + ': ' if f.where else ''}{f.message}" + (f" ({f.hint})" if f.hint else "")
            for f in findings
        ]
        verdict = "ok" if not errors else "FAILED"
        checked = f"draft {specs[0].id}" if draft else f"{stats['versions']} versions of {stats['clauses']} clauses"
        lines.append(f"{verdict}: {checked} checked; {stats['errors']} errors, {stats['warnings']} warnings")
        if balance:
            from ..balance import to_text

            lines += ["", *(to_text(b) for b in balances)]
        emit("\n".join(lines) + "\n", output)
    if errors:
        raise SystemExit(1)


def _balances(library, specs) -> list:
    """Party balance of the draft manifests *specs* (reported documents have none)."""
    from ..balance import balance
    from ..relations import view_of_spec

    return [balance(view_of_spec(s, library)) for s in specs if s.kind != "reported"]


@click.command("drafts")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def drafts_cmd(app: AppContext, fmt):
    """List the draft manifests of the workspace."""
    from ..drafts import draft_ids, load_draft

    workspace = app.workspace()
    specs = [load_draft(workspace, draft_id) for draft_id in draft_ids(workspace)]
    if fmt == "json":
        emit(
            json_dumps(
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "kind": s.kind,
                        "date": s.date.isoformat() if s.date else None,
                        "status": s.status,
                        "articles": len(s.articles()),
                        "path": s.path,
                    }
                    for s in specs
                ]
            ),
            None,
        )
        return
    rows = [[s.id, s.kind, str(s.date or ""), s.status, str(len(s.articles())), s.title] for s in specs]
    emit(_table(rows, ["ID", "KIND", "DATE", "STATUS", "ARTICLES", "TITLE"]) + "\n", None)


def register(group: click.Group) -> None:
    for command in (list_cmd, show, history, check, drafts_cmd):
        group.add_command(command)
