"""pin writes missing digests, upgrade moves pins to the latest versions; both edit in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from clauselib.loaders import digest_bytes
from tests.conftest import write_clause
from tests.drafts_support import make_mini
from tests.test_cli_library import one_error_line


@pytest.fixture
def unpinned(tmp_path: Path) -> Path:
    ws = make_mini(tmp_path / "ws", pinned=False)
    manifest = ws / "drafts" / "mini.xml"
    # a comment that looks like an article, a multi-line tag, CRLF line endings: all kept
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  <part heading", '  <!-- <article clause="x"/> -->\n  <part heading')
    text = text.replace(
        '<article clause="security-guarantees" version="1"/>', '<article\n      clause="security-guarantees"/>'
    )
    manifest.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return ws


def digest(ws: Path, clause: str, version: int) -> str:
    return digest_bytes((ws / "clauses" / clause / f"{version}.xml").read_bytes())


def test_pin_writes_missing_digests_and_versions_and_nothing_else(run, unpinned: Path) -> None:
    manifest = unpinned / "drafts" / "mini.xml"
    before = manifest.read_bytes()
    result = run(unpinned, "pin", "mini")
    assert result.exit_code == 0, result.output
    assert "drafts/mini.xml: 2 pins written" in result.stdout
    after = manifest.read_bytes()
    d1, d2 = digest(unpinned, "neutrality", 2), digest(unpinned, "security-guarantees", 1)
    expected = before.replace(
        b'clause="neutrality" version="2"/>', b'clause="neutrality" version="2" digest="' + d1.encode() + b'"/>'
    ).replace(
        b'clause="security-guarantees"/>', b'clause="security-guarantees" version="1" digest="' + d2.encode() + b'"/>'
    )
    assert after == expected
    assert b'<!-- <article clause="x"/> -->' in after and after.count(b"\r\n") == before.count(b"\r\n")
    # a second run has nothing to do and leaves the file alone
    assert "nothing to do" in run(unpinned, "pin", "mini").stdout
    assert manifest.read_bytes() == after
    assert run(unpinned, "assemble", "mini", "--format", "md").exit_code == 0


def test_pin_refuses_a_pin_whose_file_changed(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws")
    manifest = ws / "drafts" / "mini.xml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index('<article clause="security-guarantees" version="1"')
    end = text.index("/>", start)
    manifest.write_text(text[:start] + '<article clause="security-guarantees" version="1"' + text[end:])
    (ws / "clauses" / "neutrality" / "2.xml").write_text(
        (ws / "clauses" / "neutrality" / "2.xml").read_text().replace("Ukraine shall", "Ukraine  shall")
    )
    before = manifest.read_bytes()
    line = one_error_line(run(ws, "pin", "mini"))
    assert "clauses/neutrality/2.xml changed after it was pinned" in line
    assert manifest.read_bytes() == before


def test_upgrade_lists_changes_and_dry_run_writes_nothing(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws")
    write_clause(
        ws,
        "neutrality",
        3,
        '<title>Neutral status</title><source>Mediator</source><param name="guarantors" type="list" label="G"/>'
        '<text xml:lang="en"><p>Ukraine shall be neutral; {{ guarantors | join_and }} guarantee it.</p></text>',
        party="MED",
        date="2022-04-10",
        status="countered",
        based_on="2",
    )
    manifest = ws / "drafts" / "mini.xml"
    before = manifest.read_bytes()
    result = run(ws, "upgrade", "mini", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Article 1  neutrality: 2 (UA, proposed) → 3 (MED, countered)" in result.stdout
    assert "1 pins would move (dry run; nothing written)" in result.stdout
    assert manifest.read_bytes() == before
    result = run(ws, "upgrade", "mini")
    assert "1 pins moved, digests re-pinned" in result.stdout
    after = manifest.read_bytes()
    assert f'clause="neutrality" version="3" digest="{digest(ws, "neutrality", 3)}"'.encode() in after
    assert len(after.splitlines()) == len(before.splitlines())
    md = run(ws, "assemble", "mini", "--format", "md").stdout
    assert "Ukraine shall be neutral; the United Kingdom, the United States and Türkiye guarantee it." in md
    assert "every pin is at the latest version" in run(ws, "upgrade", "mini").stdout


def test_upgrade_that_would_break_the_draft_writes_nothing(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws")
    write_clause(
        ws,
        "security-guarantees",
        2,
        '<title>T</title><source>S</source><param name="hours" type="number" label="Hours"/>'
        '<text xml:lang="en"><p>Consult within {{ hours }} hours.</p></text>',
        topic="security-guarantees",
        based_on="1",
    )
    manifest = ws / "drafts" / "mini.xml"
    before = manifest.read_bytes()
    line = one_error_line(run(ws, "upgrade", "mini"))
    assert "clauses/security-guarantees/2.xml" in line and "placeholder has no value" in line
    assert manifest.read_bytes() == before


def test_check_warns_about_references_and_layouts_a_draft_lacks(run, tmp_path: Path) -> None:
    import json

    ws = make_mini(tmp_path / "ws")
    manifest = ws / "drafts" / "mini.xml"
    text = manifest.read_text(encoding="utf-8")
    start = text.index('    <article clause="security-guarantees"')
    text = text[:start] + text[text.index("\n", start) + 1 :]
    manifest.write_text(text.replace('template="treaty"', 'template="nope"'), encoding="utf-8")
    result = run(ws, "check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    findings = {f["code"]: f for f in json.loads(result.stdout)["findings"]}
    ref = findings["reference-not-in-draft"]
    assert ref["message"] == (
        "Article 1 (neutrality@2) refers to clause 'security-guarantees', which this draft does not contain"
    )
    assert ref["path"] == "drafts/mini.xml" and ref["line"] == 9
    assert findings["unknown-template"]["message"] == "template 'nope' has no nope.html; the default layout is used"
    md = run(ws, "assemble", "mini", "--format", "md").stdout
    assert r"\[security-guarantees: not in this draft\]" in md
