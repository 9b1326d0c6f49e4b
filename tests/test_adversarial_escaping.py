"""HTML/JS planted in every text field comes out as text in every export, never as markup.

HTML output is parsed with lxml.html: no ``<script>``, ``<iframe>``, ``<svg>`` or ``<img>``
element and no ``on*`` attribute may come from the data, and the payload must still be
readable as text. XML exports must be well-formed with the payload preserved; Markdown
must not pass raw HTML through; CSV cells must not start a formula.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from clauselib.cli import cli

from .hostile import copy_workspace, unpin

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)><iframe src=javascript:x>"
MARKER = "alert(1)"
ESCAPED = html.escape(PAYLOAD, quote=True)  # as it must be written inside an XML file


def _sub(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped workspace with PAYLOAD in every text field a draft, diff or compare shows."""
    root = copy_workspace(tmp_path_factory.mktemp("poison") / "ws")
    clauses, drafts = root / "clauses", root / "drafts"
    _sub(clauses / "parties.xml", "<name>Ukraine</name>", f"<name>Ukraine {ESCAPED}</name>")
    neutrality = clauses / "neutrality" / "3.xml"
    _sub(neutrality, "<title>", f"<title>{ESCAPED} ")
    _sub(neutrality, '<source date="2022-03-29">', f'<source date="2022-03-29">{ESCAPED} ')
    _sub(neutrality, "<note>", f"<note>{ESCAPED} ")
    text = neutrality.read_text(encoding="utf-8")
    start = text.index("<p>", text.index('xml:lang="en"')) + 3
    neutrality.write_text(text[:start] + ESCAPED + " " + text[start:], encoding="utf-8")
    offer = drafts / "ua-istanbul-offer.xml"
    _sub(offer, "<title>", f"<title>{ESCAPED} ")
    _sub(offer, "<item>the United Kingdom</item>", f"<item>the United Kingdom {ESCAPED}</item>")
    _sub(offer, "<preamble>\n    <p>", f"<preamble>\n    <p>{ESCAPED} ")
    _sub(
        offer,
        'heading="Accession of further Guarantor States">\n      <p>',
        f'heading="{ESCAPED}">\n      <p>{ESCAPED} ',
    )
    unpin(root, "ua-istanbul-offer", "neutrality")
    plan = drafts / "reported-15-point-plan-2022-03-16.xml"
    _sub(plan, "<title>", f"<title>{ESCAPED} ")
    _sub(plan, "<p>Kyiv renounces", f"<p>{ESCAPED} Kyiv renounces")
    _sub(plan, "<p>A ceasefire", '<p>=HYPERLINK("http://x") A ceasefire')
    return root


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-w", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_inert_html(page: str, *, min_payloads: int) -> None:
    """No element or event attribute from the payload; the payload readable as text."""
    tree = lxml.html.document_fromstring(page)
    for tag in ("script", "iframe", "svg", "img"):
        for element in tree.iter(tag):
            assert MARKER not in (element.text or "") and element.get("src") != "x", lxml.html.tostring(element)
    assert tree.xpath("//script[contains(., 'alert')]") == []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            assert not value.strip().lower().startswith("javascript:"), (element.tag, name, value)
    assert tree.text_content().count(MARKER) >= min_payloads, "the payload must be kept as visible text"


def test_assemble_html_escapes_every_field(poisoned: Path) -> None:
    page = run(poisoned, "assemble", "ua-istanbul-offer", "--format", "html", "--annotate")
    # title, party name, param value, preamble, literal heading and text, clause title, text, source, note
    assert_inert_html(page, min_payloads=8)


def test_diff_html_escapes(poisoned: Path) -> None:
    assert_inert_html(run(poisoned, "diff", "ua-istanbul-offer", "med-middle-path", "--format", "html"), min_payloads=3)
    assert_inert_html(run(poisoned, "diff", "med-middle-path", "ua-istanbul-offer", "--format", "html"), min_payloads=3)


def test_compare_html_escapes(poisoned: Path) -> None:
    page = run(poisoned, "compare", "reported-15-point-plan-2022-03-16", "--format", "html")
    assert_inert_html(page, min_payloads=2)


def test_sequence_html_escapes(poisoned: Path) -> None:
    assert_inert_html(run(poisoned, "sequence", "ua-istanbul-offer", "--format", "html"), min_payloads=1)


def test_sequence_dot_keeps_the_payload_inside_quoted_labels(poisoned: Path) -> None:
    dot = run(poisoned, "sequence", "ua-istanbul-offer", "--format", "dot")
    assert MARKER in dot
    for line in dot.splitlines():
        if MARKER in line:
            # outside the quoted strings of the line, no payload markup may remain
            outside = re.sub(r'"(?:[^"\\]|\\.)*"', "", line)
            assert "<" not in outside and MARKER not in outside, line


def test_markdown_passes_no_raw_html(poisoned: Path) -> None:
    md = run(poisoned, "assemble", "ua-istanbul-offer", "--format", "md", "--annotate")
    raw = re.findall(r"(?<!\\)<(?:script|img|svg|iframe)", md)  # a Markdown-escaped \\< is text
    assert raw == [], raw
    assert md.count(MARKER) >= 5


@pytest.mark.parametrize("fmt", ["xml", "akn"])
def test_xml_exports_are_well_formed_and_keep_the_text(poisoned: Path, fmt: str) -> None:
    data = CliRunner().invoke(cli, ["-w", str(poisoned), "assemble", "ua-istanbul-offer", "--format", fmt]).stdout_bytes
    root = etree.fromstring(data)
    assert not [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname in ("script", "svg")]
    assert "".join(root.itertext()).count(PAYLOAD) >= 3


def test_diff_json_and_text_keep_the_payload_as_data(poisoned: Path) -> None:
    data = json.loads(run(poisoned, "diff", "ua-istanbul-offer", "med-middle-path", "--format", "json"))
    assert json.dumps(PAYLOAD, ensure_ascii=False)[1:-1] in json.dumps(data, ensure_ascii=False)


FORMULAS = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_compare_csv_neutralises_formulas(poisoned: Path) -> None:
    rows = list(
        csv.reader(io.StringIO(run(poisoned, "compare", "reported-15-point-plan-2022-03-16", "--format", "csv")))
    )
    cells = [cell for row in rows for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_risky_first_character_is_neutralised(formula: str) -> None:
    from clauselib.compare_format import safe_cell

    assert safe_cell(formula)[0] == "'" and safe_cell(formula)[1:] == formula
