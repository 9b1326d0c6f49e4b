"""The library commands end to end, and every bad input as one clear line with exit 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import write_clause


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_list_json_has_every_version(shipped: Path, run) -> None:
    result = run(shipped, "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    files = list((shipped / "clauses").glob("*/[0-9]*.xml"))
    assert len(rows) == len(files)
    assert set(rows[0]) >= {"id", "version", "topic", "party", "date", "status", "title"}


def test_list_filters(shipped: Path, run) -> None:
    rows = json.loads(run(shipped, "list", "--party", "RU", "--format", "json").stdout)
    assert rows and {r["party"] for r in rows} == {"RU"}
    rows = json.loads(run(shipped, "list", "--topic", "neutrality", "--format", "json").stdout)
    assert rows and {r["topic"] for r in rows} == {"neutrality"}
    text = run(shipped, "list", "--topic", "neutrality").stdout
    assert "neutrality@1" in text and "versions of" in text


def test_list_unknown_party_suggests(shipped: Path, run) -> None:
    line = one_error_line(run(shipped, "list", "--party", "RUS"))
    assert "unknown party 'RUS'" in line and "did you mean 'RU'" in line


def test_show_formats(shipped: Path, run) -> None:
    text = run(shipped, "show", "neutrality@1").stdout
    assert text.startswith("neutrality@1 — ")
    data = json.loads(run(shipped, "show", "neutrality@1", "--format", "json").stdout)
    assert data["ref"] == "neutrality@1" and data["texts"]["en"]
    xml = run(shipped, "show", "neutrality@1", "--format", "xml").stdout
    assert xml == (shipped / "clauses/neutrality/1.xml").read_text()


def test_history_shows_word_diff_from_parent(shipped: Path, run) -> None:
    result = run(shipped, "history", "neutrality")
    assert result.exit_code == 0
    assert "neutrality@1" in result.stdout and "neutrality@2" in result.stdout
    assert "based on @" in result.stdout
    assert "[-" in result.stdout or "{+" in result.stdout
    data = json.loads(run(shipped, "history", "neutrality", "--format", "json").stdout)
    second = next(v for v in data["versions"] if v["based_on"])
    assert "".join(op["b"] for op in second["ops"]) == second["text"]


def test_check_is_clean_on_shipped_workspace(shipped: Path, run) -> None:
    result = run(shipped, "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok:") or "\nok:" in result.stdout
    data = json.loads(run(shipped, "check", "--format", "json").stdout)
    assert data["ok"] is True and data["errors"] == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "nuetrality"], "did you mean 'neutrality'"),
        (["show", "neutrality@99"], "has no version 99"),
        (["show", "../etc/passwd"], "invalid clause id"),
        (["show", "a/b"], "invalid clause id"),
        (["show", "Neutrality"], "invalid clause id"),
        (["history", "no-such-clause"], "unknown clause 'no-such-clause'"),
    ],
)
def test_bad_references(shipped: Path, run, args, expected) -> None:
    assert expected in one_error_line(run(shipped, *args))


def test_missing_clauses_folder(tmp_path: Path, run) -> None:
    line = one_error_line(run(tmp_path, "list"))
    assert "no clauses/ folder" in line


def test_empty_workspace(tmp_path: Path, run) -> None:
    (tmp_path / "clauses").mkdir()
    line = one_error_line(run(tmp_path, "list"))
    assert "parties.xml is missing" in line


def test_no_workspace_found(tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from clauselib.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAUSELIB_WORKSPACE", raising=False)
    result = CliRunner().invoke(cli, ["list"])
    assert "no workspace found" in one_error_line(result)


def test_malformed_clause_file_names_file_and_line(shipped: Path, run) -> None:
    path = shipped / "clauses/neutrality/1.xml"
    path.write_text(path.read_text().replace("</title>", "</titel>", 1))
    line = one_error_line(run(shipped, "list"))
    assert "clauses/neutrality/1.xml:" in line and "malformed XML" in line


def test_doctype_in_clause_file_is_refused(shipped: Path, run) -> None:
    write_clause(shipped, "zz-evil", 1)
    path = shipped / "clauses/zz-evil/1.xml"
    text = path.read_text().replace("<clause", '<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<clause', 1)
    path.write_text(text.replace("Some text.", "&x;"))
    line = one_error_line(run(shipped, "list"))
    assert "clauses/zz-evil/1.xml:2" in line and "DOCTYPE declarations are not allowed" in line
    assert "root:" not in line


def test_schema_violation_names_element_and_expectation(shipped: Path, run) -> None:
    write_clause(shipped, "zz-bad", 1, body='<title>T</title><text xml:lang="en"><p>x</p></text>')
    line = one_error_line(run(shipped, "list"))
    assert "clauses/zz-bad/1.xml:" in line and "/clause/text" in line and "Expected is ( source )" in line


def test_debug_shows_traceback(shipped: Path) -> None:
    from click.testing import CliRunner

    from clauselib.cli import cli
    from clauselib.errors import NotFoundError

    result = CliRunner().invoke(cli, ["--workspace", str(shipped), "--debug", "show", "nuetrality"])
    assert isinstance(result.exception, NotFoundError)


# -- check findings ----------------------------------------------------------------


def check_json(run, root: Path) -> dict:
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1, result.stdout
    return json.loads(result.stdout)


def codes_and_messages(data: dict) -> list[tuple[str, str, str | None]]:
    return [(f["code"], f["message"], f["path"]) for f in data["findings"]]


def test_check_reports_id_and_file_name_mismatch(shipped: Path, run) -> None:
    write_clause(shipped, "zz-one", 1, id="zz-other")
    write_clause(shipped, "zz-two", 1)
    shutil.move(shipped / "clauses/zz-two/1.xml", shipped / "clauses/zz-two/2.xml")
    write_clause(shipped, "zz-two", 1)
    (shipped / "clauses/zz-two/2.xml").write_text((shipped / "clauses/zz-two/1.xml").read_text())
    messages = " | ".join(m for _, m, _ in codes_and_messages(check_json(run, shipped)))
    assert "id 'zz-other' does not match its folder 'zz-one'" in messages
    assert "version 1 does not match its file name '2.xml'" in messages


def test_check_reports_gaps_unknown_party_topic_and_dangling_based_on(shipped: Path, run) -> None:
    write_clause(shipped, "zz-gap", 1, party="XX")
    write_clause(shipped, "zz-gap", 3, topic="no-such-topic", based_on="2")
    findings = codes_and_messages(check_json(run, shipped))
    messages = " | ".join(m for _, m, _ in findings)
    assert "versions of 'zz-gap' have a gap: 2 missing" in messages
    assert "unknown party 'XX'" in messages
    assert "unknown topic 'no-such-topic'" in messages
    assert "based-on 2 names no earlier version" in messages


def test_check_reports_placeholders_and_unused_params(shipped: Path, run) -> None:
    body = (
        '<title>T</title><source>S</source><param name="used" label="U"/><param name="idle" label="I"/>'
        '<text xml:lang="en"><p>Uses {{ used }} and {{ undeclared }}.</p></text>'
    )
    write_clause(shipped, "zz-params", 1, body=body)
    findings = [f for f in check_json(run, shipped)["findings"] if f["path"] == "clauses/zz-params/1.xml"]
    by_code = {f["code"]: f for f in findings}
    assert by_code["undeclared-placeholder"]["line"] == 3
    assert "'undeclared'" in by_code["undeclared-placeholder"]["message"]
    assert "'idle'" in by_code["unused-param"]["message"]


def test_check_text_output_lists_findings_then_verdict(shipped: Path, run) -> None:
    write_clause(shipped, "zz-one", 1, party="XX")
    result = run(shipped, "check")
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("error: clauses/zz-one/1.xml") for line in lines)
    assert lines[-1].startswith("FAILED:")


def test_version_and_help(run) -> None:
    assert run(None, "--version").stdout.startswith("clauselib, version ")
    assert "history" in run(None, "-h").stdout
