"""Proposing versions, recording events, and the negotiation round from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clauselib import versioning
from clauselib.check import check_workspace
from clauselib.errors import ClauselibError
from clauselib.library import Library, Workspace
from tests.versioning_support import make_workspace, version_numbers, write_draft


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in result.output
    return lines[0]


def errors(root: Path) -> list:
    return [f for f in check_workspace(Workspace(root)).findings if f.severity == "error"]


# -- the library API -------------------------------------------------------------------


def test_propose_copies_metadata_escapes_text_and_lands_valid(ws: Path) -> None:
    text = "Ukraine shall be neutral & non-aligned if {{ guarantors | join_and }} guarantee it <em>in law</em>.\n\n"
    text += 'See <ref clause="security-guarantees"/>; "a < b" stays text.'
    version = versioning.propose(Workspace(ws), "neutrality", "RU", text, note="Counter to UA", date="2022-03-30")
    assert (version.ref, version.based_on, version.party, version.status) == ("neutrality@3", 2, "RU", "proposed")
    assert version.title == "Non-aligned status backed by guarantees"
    assert [p.name for p in version.params] == ["guarantors"]
    assert [r.clause for r in version.relations] == ["security-guarantees"]
    assert version.languages == ("en",)  # the old Ukrainian text translated the old wording: not copied
    assert [s.kind for s in version.texts["en"][1].segments] == ["text", "ref", "text"]
    raw = (ws / "clauses/neutrality/3.xml").read_text()
    assert "neutral &amp; non-aligned" in raw and '"a &lt; b"' in raw and "<em>in law</em>" in raw
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<clause ')
    assert errors(ws) == []


def test_param_the_new_text_no_longer_uses_is_dropped(ws: Path) -> None:
    version = versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-04-01")
    assert version.params == ()
    assert errors(ws) == []


def test_propose_from_an_older_version_and_override_title_and_sources(ws: Path) -> None:
    version = versioning.propose(
        Workspace(ws),
        "neutrality",
        "MED",
        "Ukraine shall set NATO membership aside.",
        from_version=1,
        title="A middle path",
        sources=[versioning.Source("Mediator's paper, as reported")],
        date="2022-03-17",
    )
    assert (version.version, version.based_on, version.title) == (3, 1, "A middle path")
    assert [s.text for s in version.sources] == ["Mediator's paper, as reported"]


def test_new_clause_starts_at_version_one(ws: Path) -> None:
    version = versioning.new_clause(
        Workspace(ws),
        "no-foreign-bases",
        "foreign-bases",
        "RU",
        "No foreign bases",
        "No foreign bases.",
        sources=[versioning.Source("Reported demands")],
        date="2022-03-14",
    )
    assert (version.ref, version.based_on) == ("no-foreign-bases@1", None)
    with pytest.raises(ClauselibError, match="exists already"):
        versioning.new_clause(
            Workspace(ws), "no-foreign-bases", "foreign-bases", "RU", "T", "x", sources=[versioning.Source("s")]
        )


def test_edit_text_round_trips_refs_and_emphasis(ws: Path) -> None:
    _, text = versioning.base_text(Workspace(ws), "neutrality")
    assert '<ref clause="security-guarantees"/>' in text and "{{ guarantors | join_and }}" in text
    paragraphs = versioning.plain_to_paragraphs(text)
    assert paragraphs[0].find("ref").get("clause") == "security-guarantees"


def test_events_are_append_only_and_set_the_current_status(ws: Path) -> None:
    workspace = Workspace(ws)
    before = (ws / "clauses/neutrality/2.xml").read_bytes()
    versioning.record_event(workspace, "neutrality@2", "rejected", "RU", note="no guarantees", date="2022-03-30")
    versioning.record_event(workspace, "neutrality@2", "agreed", "RU", note="changed its mind", date="2022-04-02")
    assert (ws / "clauses/neutrality/2.xml").read_bytes() == before
    library = Library.load(workspace)
    assert library.current_status(library.get("neutrality@2")) == "agreed"
    assert library.current_status(library.get("neutrality@1")) == "proposed"
    assert [e.kind for e in library.events("neutrality")] == ["rejected", "agreed"]
    assert len(list((ws / "clauses/neutrality/events").glob("*.xml"))) == 2
    assert errors(ws) == []


def test_an_event_about_an_edited_version_no_longer_counts_and_check_says_so(ws: Path) -> None:
    versioning.record_event(Workspace(ws), "neutrality@2", "agreed", "RU", date="2022-03-30")
    path = ws / "clauses/neutrality/2.xml"
    path.write_text(path.read_text().replace("permanently", "temporarily"))
    library = Library.load(Workspace(ws))
    assert library.current_status(library.get("neutrality@2")) == "proposed"
    assert [f.code for f in errors(ws)] == ["event-digest-mismatch"]


def test_check_reports_a_malformed_event_file(ws: Path) -> None:
    versioning.record_event(Workspace(ws), "neutrality@2", "agreed", "RU", date="2022-03-30")
    event = next((ws / "clauses/neutrality/events").glob("*.xml"))
    event.write_text(event.read_text().replace('kind="agreed"', 'kind="maybe"'))
    found = errors(ws)
    assert len(found) == 1 and found[0].path.startswith("clauses/neutrality/events/")
    assert "event schema" in found[0].message


def test_check_names_the_new_number_of_a_pinned_wording(ws: Path) -> None:
    library = Library.load(Workspace(ws))
    write_draft(ws, "d", "neutrality", 1, library.get("neutrality@2").digest)
    (finding,) = errors(ws)
    assert finding.code == "digest-mismatch" and "now neutrality@2" in finding.hint


# -- the CLI ---------------------------------------------------------------------------


def test_a_negotiation_round_from_the_cli(ws: Path, run, tmp_path: Path, golden) -> None:
    text = tmp_path / "ru.txt"
    text.write_text("Ukraine shall be a permanently neutral State and shall not join any military alliance.\n")
    result = run(ws, "propose", "neutrality", "--party", "RU", "--text-file", str(text), "--date", "2022-03-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Created neutrality@3 (clauses/neutrality/3.xml), RU, 2022-03-30, proposed")
    assert "Word diff from neutrality@2 (UA)" in result.stdout and "[-" in result.stdout
    counter = "Ukraine shall be a permanently non-aligned State, and {{ guarantors | join_and }} shall guarantee it.\n"
    result = run(
        ws, "counter", "neutrality@3", "--party", "UA", "--text-file", "-", "--date", "2022-04-01", input=counter
    )
    assert result.exit_code == 0, result.output
    assert "Recorded: UA countered neutrality@3 with neutrality@4" in result.stdout
    result = run(ws, "agree", "neutrality@4", "--party", "RU", "--date", "2022-04-02", "--note", "in Istanbul")
    assert result.exit_code == 0, result.output
    history = run(ws, "history", "neutrality").stdout
    golden("versioning_round_history.txt", history)
    assert history.index("neutrality@3  RU") < history.index("-> 2022-04-01  UA countered neutrality@3 with @4")
    assert history.index("-> 2022-04-01") < history.index("-> 2022-04-02  RU agreed to neutrality@4: in Istanbul")
    rows = json.loads(run(ws, "list", "--status", "agreed", "--format", "json").stdout)
    assert [r["ref"] for r in rows] == ["neutrality@4"]
    rows = json.loads(run(ws, "list", "--status", "countered", "--format", "json").stdout)
    assert [r["ref"] for r in rows] == ["neutrality@3"]
    data = json.loads(run(ws, "history", "neutrality", "--format", "json").stdout)
    assert [(e["kind"], e["ref"], e["by"]) for e in data["events"]] == [
        ("countered", "neutrality@3", 4),
        ("agreed", "neutrality@4", None),
    ]
    assert run(ws, "check").exit_code == 0


def test_withdraw_and_reject(ws: Path, run) -> None:
    assert run(ws, "reject", "neutrality@1", "--party", "UA", "--date", "2022-03-15").exit_code == 0
    line = one_error_line(run(ws, "withdraw", "neutrality@2", "--party", "RU"))
    assert "only UA, who tabled neutrality@2, can withdraw it" in line
    assert run(ws, "withdraw", "neutrality@2", "--party", "UA", "--date", "2022-04-01").exit_code == 0
    line = one_error_line(run(ws, "agree", "neutrality@2", "--party", "RU"))
    assert "neutrality@2 was withdrawn" in line
    rows = json.loads(run(ws, "list", "--format", "json").stdout)
    assert {r["ref"]: r["status"] for r in rows if r["id"] == "neutrality"} == {
        "neutrality@1": "rejected",
        "neutrality@2": "withdrawn",
    }


def test_propose_with_the_editor(ws: Path, run, monkeypatch) -> None:
    seen = {}

    def fake_edit(text, **kwargs):
        seen["text"] = text
        return text.replace("permanently non-aligned", "neutral")

    monkeypatch.setattr("click.edit", fake_edit)
    result = run(ws, "propose", "neutrality", "--party", "RU", "--edit", "--date", "2022-03-30")
    assert result.exit_code == 0, result.output
    assert seen["text"].startswith("# New wording of neutrality by RU, answering neutrality@2")
    assert "[-permanently non-aligned-]{+neutral+}" in result.stdout
    assert "#" not in (ws / "clauses/neutrality/3.xml").read_text()


def test_editor_closed_without_saving_creates_nothing(ws: Path, run, monkeypatch) -> None:
    monkeypatch.setattr("click.edit", lambda text, **kwargs: None)
    result = run(ws, "propose", "neutrality", "--party", "RU", "--edit")
    assert result.exit_code == 1 and "nothing saved" in result.stderr
    assert version_numbers(ws, "neutrality") == [1, 2]


def test_new_from_the_cli(ws: Path, run, tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("No foreign military bases shall be hosted in Ukraine.")
    args = ["new", "no-foreign-bases", "--topic", "foreign-bases", "--party", "RU", "--title", "No bases"]
    result = run(ws, *args, "--text-file", str(text), "--source", "Reported demands", "--date", "2022-03-14")
    assert result.exit_code == 0, result.output
    assert "Created no-foreign-bases@1" in result.stdout
    assert run(ws, "check").exit_code == 0


# -- bad input: one clear line, exit 1, nothing written -----------------------------------

BAD_PROPOSALS = [
    (["propose", "neutrality", "--party", "RUS"], "Ukraine is neutral.", "unknown party 'RUS'", "did you mean 'RU'"),
    (["propose", "nuetrality", "--party", "RU"], "Ukraine is neutral.", "unknown clause 'nuetrality'", "did you mean"),
    (["propose", "neutrality", "--party", "RU", "--from", "9"], "Neutral.", "has no version 9", "it has versions 1, 2"),
    (["propose", "neutrality", "--party", "RU"], "  \n\n ", "the text is empty", "write at least one paragraph"),
    (["propose", "neutrality", "--party", "RU"], "Ukraine and {{ allies }}.", "placeholder 'allies'", "<param"),
    (["propose", "neutrality", "--party", "RU"], "Broken {{ x", "template syntax error", ""),
    (["propose", "../etc", "--party", "RU"], "x", "invalid clause id '../etc'", "lowercase letters"),
    (["propose", "Neutrality", "--party", "RU"], "x", "invalid clause id", ""),
    (["propose", "neutrality", "--party", "ru"], "x", "invalid party code 'ru'", ""),
    (["propose", "neutrality", "--party", "RU", "--date", "2022-03-01"], "Neutral.", "is before neutrality@2", ""),
    (["propose", "neutrality", "--party", "RU", "--date", "yesterday"], "Neutral.", "invalid date", "YYYY-MM-DD"),
    (["propose", "neutrality", "--party", "RU"], 'See <ref clause="Bad"/>.', "invalid clause id in <ref>", ""),
    (["agree", "neutrality", "--party", "RU"], None, "name the version the event is about", "neutrality@2"),
    (["agree", "neutrality@7", "--party", "RU"], None, "has no version 7", ""),
    (["agree", "neutrality@2", "--party", "XX"], None, "unknown party 'XX'", ""),
    (["reject", "neutrality@2", "--party", "RU", "--date", "2021-01-01"], None, "before neutrality@2 was tabled", ""),
]


@pytest.mark.parametrize(("args", "text", "expected", "hint"), BAD_PROPOSALS)
def test_bad_input_is_one_line_and_writes_nothing(ws: Path, run, args, text, expected, hint) -> None:
    extra = ["--text-file", "-"] if text is not None else []
    line = one_error_line(run(ws, *args, *extra, input=text))
    assert expected in line and hint in line
    assert version_numbers(ws, "neutrality") == [1, 2]
    assert not (ws / "clauses/neutrality/events").exists()
    assert not list((ws / "clauses/neutrality").glob(".*"))


def test_unchanged_text_is_refused_with_a_hint_to_agree(ws: Path, run) -> None:
    _, text = versioning.base_text(Workspace(ws), "neutrality")
    line = one_error_line(run(ws, "propose", "neutrality", "--party", "RU", "--text-file", "-", input=text))
    assert "same as neutrality@2's" in line and "clauselib agree neutrality@2" in line


def test_new_with_unknown_topic_suggests(ws: Path, run) -> None:
    args = ["new", "bases", "--topic", "foreign-base", "--party", "RU", "--title", "T", "--source", "S"]
    line = one_error_line(run(ws, *args, "--text-file", "-", input="No bases."))
    assert "unknown topic 'foreign-base'" in line and "did you mean 'foreign-bases'" in line
    assert not (ws / "clauses/bases").exists()


def test_propose_without_text_is_a_usage_error(ws: Path, run) -> None:
    result = run(ws, "propose", "neutrality", "--party", "RU")
    assert result.exit_code == 2 and "--text-file" in result.stderr


def test_links_out_of_the_workspace_are_never_written_through(ws: Path, tmp_path: Path, run) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / "clauses/neutrality/events").symlink_to(outside)
    line = one_error_line(run(ws, "agree", "neutrality@2", "--party", "RU"))
    assert "clauses/neutrality/events: is a link" in line
    (ws / "clauses/evil").symlink_to(outside)
    args = ["new", "evil", "--topic", "neutrality", "--party", "RU", "--title", "T", "--source", "S"]
    line = one_error_line(run(ws, *args, "--text-file", "-", input="Text."))
    assert "is a link" in line
    assert list(outside.iterdir()) == []


def test_a_round_on_the_shipped_library(shipped: Path, run) -> None:
    """A parameterised clause of the real library: the new text reuses a list param of an earlier version."""
    from clauselib.library import Library

    library = Library.load(Workspace(shipped))
    with_list = next(v for v in library.versions("security-guarantees") if any(p.type == "list" for p in v.params))
    name = next(p.name for p in with_list.params if p.type == "list")
    text = f"The guarantors, {{{{ {name} | join_and }}}}, shall consult within three days of an armed attack."
    args = ["propose", "security-guarantees", "--party", "MED", "--text-file", "-", "--date", "2025-12-01"]
    result = run(shipped, *args, input=text)
    assert result.exit_code == 0, result.output
    latest = Library.load(Workspace(shipped)).latest("security-guarantees")
    assert latest.party == "MED" and [p.name for p in latest.params] == [name]
    assert run(shipped, "agree", latest.ref, "--party", "UA", "--date", "2025-12-02").exit_code == 0
    rows = json.loads(run(shipped, "list", "--status", "agreed", "--format", "json").stdout)
    assert latest.ref in [r["ref"] for r in rows]
    assert run(shipped, "check").exit_code == 0


def test_writes_read_the_clause_as_every_command_does(ws: Path) -> None:
    """A version file linked to a file inside the workspace is read by list/show and by propose
    alike (the write path reuses library.clause_files); a link out of the workspace is refused."""
    folder = ws / "clauses/neutrality"
    kept = ws / "archive" / "1.xml"
    kept.parent.mkdir()
    (folder / "1.xml").rename(kept)
    (folder / "1.xml").symlink_to(kept)
    assert [v.version for v in Library.load(Workspace(ws)).versions("neutrality")] == [1, 2]
    version = versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-30")
    assert version.version == 3
    outside = ws.parent / "outside.xml"
    outside.write_bytes(kept.read_bytes())
    (folder / "1.xml").unlink()
    (folder / "1.xml").symlink_to(outside)
    with pytest.raises(ClauselibError, match="outside the workspace"):
        versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-31")
