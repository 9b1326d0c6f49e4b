"""Every documented limit (README "Security", "Limits") is enforced with one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clauselib import xmlio
from clauselib.cli import cli
from clauselib.cli.version_cmds import MAX_PROPOSAL_CHARS
from clauselib.compare import MAX_PLAN_POINTS
from clauselib.errors import UnsafeXMLError
from clauselib.plaintext import MAX_TEXT_BYTES
from clauselib.render.environment import MAX_OUTPUT_CHARS
from clauselib.templating import MAX_CLAUSE_CHARS, MAX_INT_BITS, MAX_RENDER_SECONDS

from .hostile import copy_workspace


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=True)


def one_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr


def test_the_documented_values() -> None:
    """The README's limits table states these numbers; change both together."""
    assert xmlio.MAX_XML_BYTES == 8 * 1024 * 1024
    assert xmlio.MAX_XML_DEPTH == 256
    assert MAX_TEXT_BYTES == 8 * 1024 * 1024
    assert MAX_CLAUSE_CHARS == 200_000
    assert MAX_OUTPUT_CHARS == 8_000_000
    assert MAX_RENDER_SECONDS == 30.0
    assert MAX_INT_BITS == 4096
    assert MAX_PLAN_POINTS == 5_000
    assert MAX_PROPOSAL_CHARS == 1_000_000


def test_largest_xml_file(shipped: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.write(b"<draft>")
        handle.seek(xmlio.MAX_XML_BYTES)
        handle.write(b"</draft>")
    one_error(invoke(shipped, "diff", str(big), "ua-istanbul-offer"), "larger than the limit of 8,388,608")


def test_longest_text_document(shipped: Path, tmp_path: Path) -> None:
    big = tmp_path / "plan.txt"
    big.write_bytes(b"1. Ukraine shall be neutral.\n" + b"x" * MAX_TEXT_BYTES)
    one_error(invoke(shipped, "compare", str(big)), "larger than the limit of 8,388,608")


@pytest.mark.parametrize(("depth", "ok"), [(200, True), (xmlio.MAX_XML_DEPTH + 1, False)])
def test_deepest_nesting(depth: int, ok: bool) -> None:
    data = b"<a>" * depth + b"x" + b"</a>" * depth
    if ok:
        assert xmlio.parse_bytes(data).getroot().tag == "a"
    else:
        with pytest.raises(UnsafeXMLError, match="nested deeper than 256 levels"):
            xmlio.parse_bytes(data, "deep.xml")


def test_longest_rendered_clause_paragraph(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    draft = root / "drafts" / "ua-istanbul-offer.xml"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("<item>Canada</item>", f"<item>{'C' * (MAX_CLAUSE_CHARS + 1)}</item>"))
    result = invoke(root, "assemble", "ua-istanbul-offer", "-o", str(tmp_path / "x.html"))
    one_error(result, "larger than 200,000 characters")
    assert "clauses/security-guarantees/1.xml" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_largest_rendered_document(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    (root / "templates" / "treaty.html").write_text("{% for i in range(100000) %}{{ doc.title * 10 }}{% endfor %}")
    one_error(invoke(root, "assemble", "ua-istanbul-offer"), "renders to more than 8,000,000 characters")


def test_largest_number_a_clause_may_build(tmp_path: Path) -> None:
    from clauselib.errors import TemplateError
    from clauselib.templating import render_text

    assert render_text("{{ 2 ** 64 * 3 }}", {}) == str(2**64 * 3)
    for source in ("{{ (9 ** 64) ** 64 }}", "{{ (2 ** 64) ** 64 * (2 ** 64) ** 64 }}"):
        with pytest.raises(TemplateError, match="too large"):
            render_text(source, {})


def test_largest_plan(shipped: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("".join(f"{n}. Ukraine shall be neutral.\n" for n in range(1, MAX_PLAN_POINTS + 2)))
    one_error(invoke(shipped, "compare", str(plan)), "plan has 5,001 points, more than the limit of 5,000")
