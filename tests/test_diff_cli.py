"""`clauselib diff` from the command line: formats, --check, -o, errors, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from clauselib.assembled import to_xml
from clauselib.plaintext import read_text_file

DATA = Path(__file__).parent / "data" / "diff"


@pytest.fixture
def plans(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(DATA)
    return DATA


def test_text_redline_of_two_plans(run, plans, golden) -> None:
    result = run(None, "diff", "plan-a.txt", "plan-b.txt")
    assert result.exit_code == 0
    assert "\x1b[" not in result.output  # plain in a pipe
    assert "[-85,000-]{+250,000+}" in result.output
    golden("diff/plans.txt", result.output)


def test_html_redline_of_two_plans(run, plans, golden) -> None:
    result = run(None, "diff", "plan-a.txt", "plan-b.txt", "--format", "html")
    assert result.exit_code == 0
    page = lxml_html.fromstring(result.output)
    assert page.xpath("//table[@class='summary']")
    assert page.xpath("//nav//a[@href='#edit-4']")
    assert [d.text for d in page.xpath("//section[@id='edit-4']/div[@class='text']/del")] == ["85,000", "342", "519"]
    assert [i.text for i in page.xpath("//section[@id='edit-4']/div[@class='text']/ins")] == ["250,000", "800", "1,900"]
    assert page.xpath("//section[@id='edit-4']//div[@class='side-by-side']")
    golden("diff/plans.html", result.output)


def test_json_follows_the_documented_schema(run, plans) -> None:
    result = run(None, "diff", "plan-a.txt", "plan-b.txt", "--format", "json")
    data = json.loads(result.output)
    assert set(data) >= {"a", "b", "summary", "edits"}
    assert data["a"]["title"] == "Framework for a settlement (working text A)"
    assert data["summary"]["split"] == 1 and data["summary"]["identical"] is False
    edit = data["edits"][3]
    assert set(edit) >= {"kind", "a", "b", "score", "ops"}
    assert (edit["kind"], edit["a"], edit["b"]) == ("reworded", "3", "Point 4")
    assert {"op": "replace", "a": "85,000", "b": "250,000"} in edit["ops"]
    assert data["edits"][4] == data["edits"][4] | {"kind": "removed", "a": "5", "b": None, "score": None}


def test_check_exits_1_only_when_the_documents_differ(run, plans) -> None:
    assert run(None, "diff", "--check", "plan-a.txt", "plan-b.txt").exit_code == 1
    same = run(None, "diff", "--check", "plan-a.txt", "plan-a.txt")
    assert same.exit_code == 0 and "identical" in same.output


def test_output_file_takes_its_format_from_the_extension(run, plans, tmp_path: Path) -> None:
    out = tmp_path / "redline.html"
    result = run(None, "diff", "plan-a.txt", "plan-b.txt", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_txt_output_is_the_text_redline(run, plans, tmp_path: Path) -> None:
    out = tmp_path / "redline.txt"
    assert run(None, "diff", "plan-a.txt", "plan-b.txt", "-o", str(out)).exit_code == 0
    assert "[-85,000-]{+250,000+}" in out.read_text(encoding="utf-8")
    assert run(None, "diff", "plan-a.txt", "plan-b.txt", "-o", str(tmp_path / "x.pdf")).exit_code == 2


def test_colour_on_a_terminal_only() -> None:
    from clauselib.diff import diff_documents
    from clauselib.diffrender import render

    result = diff_documents(read_text_file(DATA / "plan-a.txt"), read_text_file(DATA / "plan-b.txt"))
    coloured = render(result, "text", color=True)
    assert "\x1b[31m[-85,000-]\x1b[0m" in coloured and "\x1b[32m{+250,000+}\x1b[0m" in coloured
    assert "\x1b[" not in render(result, "text")


def test_assembled_xml_and_text_can_be_diffed(run, plans, tmp_path: Path) -> None:
    xml = tmp_path / "a.xml"
    xml.write_bytes(to_xml(read_text_file(DATA / "plan-a.txt")))
    result = run(None, "diff", str(xml), "plan-a.txt", "--check")
    assert result.exit_code == 0, result.output


def test_threshold_option(run, plans) -> None:
    loose = json.loads(run(None, "diff", "plan-a.txt", "plan-b.txt", "--format", "json").output)
    strict = json.loads(run(None, "diff", "plan-a.txt", "plan-b.txt", "--format", "json", "--threshold", "99").output)
    assert strict["summary"]["added"] > loose["summary"]["added"]
    assert run(None, "diff", "plan-a.txt", "plan-b.txt", "--threshold", "101").exit_code == 2


def test_missing_file_is_one_error_line(run, plans) -> None:
    result = run(None, "diff", "plan-a.txt", "nowhere.txt")
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:") and "Traceback" not in result.output


def test_html_escapes_document_text(run, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("1. Plain text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text('1. Plain <script>alert("x")</script> text.\n', encoding="utf-8")
    result = run(None, "diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "html")
    assert "<script>" not in result.output
    assert "&lt;script&gt;" in result.output


def test_drafts_by_id_in_a_workspace(run, shipped: Path) -> None:
    from tests.test_diff import DRAFT_A, DRAFT_B

    (shipped / "drafts").mkdir(exist_ok=True)
    (shipped / "drafts" / "talks-a.xml").write_text(DRAFT_A, encoding="utf-8")
    (shipped / "drafts" / "talks-b.xml").write_text(DRAFT_B, encoding="utf-8")
    for fmt in ("text", "html", "json"):
        result = run(shipped, "diff", "talks-a", "talks-b", "--format", fmt)
        assert result.exit_code == 0, result.output
    data = json.loads(run(shipped, "diff", "talks-a", "talks-b", "--format", "json").output)
    neutrality = next(e for e in data["edits"] if e["details"].get("clause") == "neutrality")
    assert neutrality["kind"] == "version-changed"
    assert neutrality["details"]["from"]["party"] == "UA" and neutrality["details"]["to"]["party"] == "RU"
    page = run(shipped, "diff", "talks-a", "talks-b", "--format", "html").output
    assert 'class="badge party-RU"' in page


def test_diff_reports_relations_the_new_draft_breaks(shipped, run) -> None:
    """Dropping the guarantees from the Ukrainian offer leaves its neutrality article unconditional."""
    import json as _json

    source = (shipped / "drafts/ua-istanbul-offer.xml").read_text()
    lines = [line for line in source.splitlines(keepends=True) if 'clause="security-guarantees"' not in line]
    assert len(lines) < len(source.splitlines())
    (shipped / "drafts/no-guarantees.xml").write_text(
        "".join(lines).replace('id="ua-istanbul-offer"', 'id="no-guarantees"'), encoding="utf-8"
    )
    text = run(shipped, "diff", "ua-istanbul-offer", "no-guarantees").stdout
    assert "Relations" in text and "now: " in text and "security-guarantees" in text
    data = _json.loads(run(shipped, "diff", "ua-istanbul-offer", "no-guarantees", "--format", "json").stdout)
    assert any(line.startswith("now: ") and "security-guarantees" in line for line in data["relations"])
    back = _json.loads(run(shipped, "diff", "no-guarantees", "ua-istanbul-offer", "--format", "json").stdout)
    assert any(line.startswith("resolved: ") for line in back["relations"])
    html = run(shipped, "diff", "ua-istanbul-offer", "no-guarantees", "--format", "html").stdout
    assert '<section class="relations"' in html
    same = _json.loads(run(shipped, "diff", "ua-istanbul-offer", "ua-istanbul-offer", "--format", "json").stdout)
    assert same["relations"] == []
