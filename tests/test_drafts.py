"""assemble end to end on a small workspace: every format, annotations, languages, layouts."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from tests.drafts_support import make_mini


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_mini(tmp_path / "ws")


def assemble(run, ws: Path, *args: str) -> str:
    result = run(ws, "assemble", "mini", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def html_tree(text: str):
    return lxml.html.document_fromstring(text.encode("utf-8"))


def test_markdown_numbers_articles_fills_params_and_resolves_refs(run, mini: Path) -> None:
    md = assemble(run, mini, "--format", "md")
    assert md.startswith("# Treaty on the Status of Ukraine — test draft\n")
    assert "**Working draft — not agreed**" in md
    assert "## Status of Ukraine" in md
    assert "### Article 1 — Non-aligned status backed by guarantees" in md
    # the draft's list overrides the clause default; the ref names this draft's article
    assert "the United Kingdom, the United States and Türkiye give the guarantees set out in Article 2." in md
    # a clause default fills a parameter the draft does not set
    assert "consult within three days" in md
    assert "## Article 3 — Entry into force" in md


def test_without_annotate_the_text_is_party_neutral(run, mini: Path) -> None:
    for fmt in ("md", "txt", "html"):
        out = assemble(run, mini, "--format", fmt)
        assert "neutrality@2" not in out and "Proposed by" not in out and "sha256:" not in out
    md = assemble(run, mini, "--format", "md", "--annotate")
    assert "> Proposed by: Ukraine (UA) · `neutrality@2` · proposed · 2022-03-29" in md
    assert "Ukrainian proposals tabled in Istanbul" in md and "sha256:" in md
    html = html_tree(assemble(run, mini, "--annotate"))
    notes = html.xpath("//aside[@class='note']")
    assert len(notes) == 2 and "neutrality@2" in notes[0].text_content()


def test_html_is_self_contained_navigable_and_uses_the_workspace_layout(run, mini: Path) -> None:
    text = assemble(run, mini)
    doc = html_tree(text)
    assert doc.get("lang") == "en"
    assert not doc.xpath("//link[@rel='stylesheet'] | //script | //img")
    style = doc.xpath("//style")[0].text
    assert "size: A4" in style and 'counter(page) " " "of" " " counter(pages)' in style
    assert "string-set: docstatus" in style
    # one h1, parts as h2, articles in a part as h3, free articles as h2
    headings = [(h.tag, h.text_content()) for h in doc.xpath("//main//h2 | //main//h3 | //h1")]
    assert headings[0] == ("h1", "Treaty on the Status of Ukraine — test draft")
    assert ("h2", "Status of Ukraine") in headings
    assert ("h3", "Article 1 — Non-aligned status backed by guarantees") in headings
    assert ("h2", "Article 3 — Entry into force") in headings
    assert doc.xpath("//nav[@aria-labelledby='toc-h']//a[@href='#art_2']")
    assert doc.xpath("//a[@href='#art_2']")[-1].text == "Article 2"
    # the workspace's treaty.html extends the default and adds the signature block
    assert [d.text for d in doc.xpath("//section[contains(@class,'signatures')]/div")] == [
        "For Ukraine",
        "For Russian Federation",
    ]


def test_a_workspace_template_overrides_the_default_of_the_same_name(run, mini: Path) -> None:
    (mini / "templates" / "draft.md").write_text("custom {{ doc.title }} / {{ doc.articles | length }}\n")
    md = run(mini, "assemble", "mini", "--format", "md").stdout
    assert md == "custom Treaty on the Status of Ukraine — test draft / 3\n"


def test_lang_uk_renders_translations_and_marks_missing_ones(run, mini: Path) -> None:
    doc = html_tree(assemble(run, mini, "--lang", "uk"))
    assert doc.get("lang") == "uk"
    art1 = doc.xpath("//article[@id='art_1']")[0].text_content()
    assert "Україна набуває постійного позаблокового статусу" in art1 and "Стаття 2" in art1
    # security-guarantees@1 has no Ukrainian text: marked, and its English text labelled as English
    art2 = doc.xpath("//article[@id='art_2']")[0]
    marker = art2.xpath(".//p[@class='missing-translation']")
    assert marker and "немає тексту" in marker[0].text_content()
    assert art2.xpath(".//p[@lang='en']")[0].text_content().startswith("After an armed attack")
    md = assemble(run, mini, "--format", "md", "--lang", "uk")
    marked = "> **Для цієї статті немає тексту мовою: Українська; показано текст мовою: English.**"
    assert f"### Стаття 2 — Guarantees stronger than Article 5\n\n{marked}" in md


def test_parallel_html_puts_two_languages_side_by_side(run, mini: Path) -> None:
    doc = html_tree(assemble(run, mini, "--parallel", "en,uk"))
    art1 = doc.xpath("//article[@id='art_1']")[0]
    columns = art1.xpath(".//div[@class='column']")
    assert [c.get("lang") for c in columns] == ["en", "uk"]
    assert "non-aligned status" in columns[0].text_content()
    assert "позаблокового" in columns[1].text_content()
    art2 = doc.xpath("//article[@id='art_2']")[0]
    en, uk = art2.xpath(".//div[@class='column']")
    assert "After an armed attack" in en.text_content()
    # the missing translation is marked and not silently replaced by the English text
    assert uk.xpath(".//p[@class='missing-translation']")
    assert "After an armed attack" not in uk.text_content()


def test_pdf_has_pages_and_the_text(run, mini: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "mini.pdf"
    result = run(mini, "assemble", "mini", "-o", str(out))
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == 1
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in ("Treaty on the Status of Ukraine", "Page 1 of 1", "WORKING DRAFT", "Entry into force"):
        assert words in text


def test_akn_validates_against_the_official_schema(run, mini: Path) -> None:
    from tests.akn_schema import assert_valid

    for extra in ((), ("--annotate",), ("--lang", "uk")):
        data = run(mini, "assemble", "mini", "--format", "akn", *extra).stdout_bytes
        root = assert_valid(data)
        ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
        assert root.xpath("//a:act/@name", namespaces=ns) == ["agreement"]
        articles = root.xpath("//a:article", namespaces=ns)
        assert [a.get("eId") for a in articles] == ["art_1", "art_2", "art_3"]
        assert root.xpath("//a:article[@eId='art_1']/a:paragraph/a:content/a:p/a:ref/@href", namespaces=ns) == [
            "#art_2"
        ]
        language = root.xpath("//a:FRBRExpression/a:FRBRlanguage/@language", namespaces=ns)
        assert language == (["ukr"] if extra == ("--lang", "uk") else ["eng"])
        assert bool(root.xpath("//a:proprietary", namespaces=ns)) == (extra == ("--annotate",))


def test_xml_reads_back_as_the_same_document(run, mini: Path, tmp_path: Path) -> None:
    from clauselib.assembled import read_assembled

    out = tmp_path / "mini.xml"
    assert run(mini, "assemble", "mini", "-o", str(out)).exit_code == 0
    doc = read_assembled(str(out))
    assert [a.label for a in doc.articles] == ["Article 1", "Article 2", "Article 3"]
    assert doc.articles[0].provenance.ref == "neutrality@2"
    assert etree.fromstring(out.read_bytes()).tag == "assembled-draft"


def test_format_follows_the_output_extension(run, mini: Path, tmp_path: Path) -> None:
    for name, start in (
        ("a.md", b"# Treaty"),
        ("a.txt", b"TREATY ON"),
        ("a.html", b"<!DOCTYPE html>"),
        ("a.akn", b"<?xml"),
    ):
        assert run(mini, "assemble", "mini", "-o", str(tmp_path / name)).exit_code == 0
        assert (tmp_path / name).read_bytes().startswith(start), name


REPORTED = """<?xml version="1.0" encoding="UTF-8"?>
<draft id="plan" kind="reported" date="2022-03-16" status="reported">
  <title>The reported 15-point plan</title>
  <source date="2022-03-16">Financial Times, 16 March 2022</source>
  <article label="Point 1" status="reported">
    <source date="2022-03-16">Financial Times, 16 March 2022</source>
    <p>A ceasefire and Russian withdrawal if Kyiv declares neutrality.</p>
  </article>
  <article label="Point 6" status="unknown">
    <p>The nature of the Western guarantees was not reported.</p>
  </article>
</draft>
"""


def test_reported_document_shows_each_points_status_and_sources(run, mini: Path) -> None:
    (mini / "drafts" / "plan.xml").write_text(REPORTED, encoding="utf-8")
    md = run(mini, "assemble", "plan", "--format", "md").stdout
    assert "**Reported plan — not an official text**" in md
    assert "## Point 1\n\nA ceasefire and Russian withdrawal if Kyiv declares neutrality.\n\n*reported*" in md
    assert "- Financial Times, 16 March 2022 (2022-03-16)" in md
    assert "## Point 6\n\nThe nature of the Western guarantees was not reported.\n\n*not reported — unknown*" in md
    doc = html_tree(run(mini, "assemble", "plan").stdout)
    statuses = [p.text_content() for p in doc.xpath("//p[contains(@class,'point-status')]")]
    assert statuses == ["reported", "not reported — unknown"]
    assert doc.xpath("//article[@id='art_1']//ul[@class='sources']/li")[0].text_content().startswith("Financial Times")
