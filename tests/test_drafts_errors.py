"""Bad input to assemble: each gives one line naming the file (and line) and exit 1."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import write_clause
from tests.drafts_support import make_mini
from tests.test_cli_library import one_error_line


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_mini(tmp_path / "ws")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def manifest_line(ws: Path, needle: str) -> int:
    lines = (ws / "drafts" / "mini.xml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_unknown_clause_names_manifest_line_and_suggests(run, mini: Path) -> None:
    edit(mini / "drafts" / "mini.xml", 'clause="neutrality"', 'clause="neutralty"')
    line = one_error_line(run(mini, "assemble", "mini"))
    where = manifest_line(mini, "neutralty")
    assert line.startswith(f"Error: drafts/mini.xml:{where}: unknown clause 'neutralty'")
    assert "did you mean 'neutrality'" in line


def test_unknown_version_names_manifest_line(run, mini: Path) -> None:
    edit(mini / "drafts" / "mini.xml", 'clause="neutrality" version="2"', 'clause="neutrality" version="9"')
    line = one_error_line(run(mini, "assemble", "mini"))
    where = manifest_line(mini, 'version="9"')
    assert line.startswith(f"Error: drafts/mini.xml:{where}: clause 'neutrality' has no version 9")
    assert "it has versions 1, 2" in line


def test_digest_mismatch_when_a_pinned_file_changed(run, mini: Path) -> None:
    edit(mini / "clauses" / "neutrality" / "2.xml", "permanent non-aligned", "permanent  non-aligned")
    line = one_error_line(run(mini, "assemble", "mini"))
    where = manifest_line(mini, 'clause="neutrality"')
    assert line.startswith(f"Error: drafts/mini.xml:{where}: clauses/neutrality/2.xml changed after it was pinned")


def test_placeholder_without_value_names_clause_file_and_line(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws", pinned=False)
    body = (
        '<title>Consultations</title><source>S</source><param name="days" type="number" label="Days"/>\n'
        '<text xml:lang="en">\n<p>First paragraph.</p>\n<p>Consult within {{ days }} days.</p>\n</text>'
    )
    write_clause(ws, "security-guarantees", 2, body, topic="security-guarantees", based_on="1")
    edit(
        ws / "drafts" / "mini.xml",
        'clause="security-guarantees" version="1"',
        'clause="security-guarantees" version="2"',
    )
    line = one_error_line(run(ws, "assemble", "mini"))
    assert line.startswith("Error: clauses/security-guarantees/2.xml:6: placeholder has no value")
    assert "'days'" in line and "give the draft a <param>" in line


def test_template_syntax_error_names_template_and_line(run, mini: Path) -> None:
    edit(mini / "templates" / "treaty.html", "{% block closing %}", "{% block closing %}\n\n{% if %}")
    line = one_error_line(run(mini, "assemble", "mini"))
    assert line.startswith("Error: templates/treaty.html:5: template syntax error")


def test_sandbox_escape_in_a_clause_body_is_refused(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws", pinned=False)
    body = (
        '<title>T</title><source>S</source>\n<text xml:lang="en">\n'
        "<p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p>\n</text>"
    )
    write_clause(ws, "security-guarantees", 2, body, topic="security-guarantees", based_on="1")
    edit(
        ws / "drafts" / "mini.xml",
        'clause="security-guarantees" version="1"',
        'clause="security-guarantees" version="2"',
    )
    line = one_error_line(run(ws, "assemble", "mini"))
    assert line.startswith("Error: clauses/security-guarantees/2.xml:5: ")
    assert "sandbox" in line or "unsafe" in line


def test_sandbox_escape_in_a_workspace_template_is_refused(run, mini: Path) -> None:
    edit(
        mini / "templates" / "treaty.html",
        "{% block closing %}",
        "{% block closing %}\n{{ doc.__class__.__init__.__globals__['os'].system('touch pwned') }}",
    )
    line = one_error_line(run(mini, "assemble", "mini"))
    assert line.startswith("Error: templates/treaty.html:4: refused by the sandbox")
    assert not (mini / "pwned").exists() and not Path("pwned").exists()


def test_html_in_clause_text_is_escaped(run, tmp_path: Path) -> None:
    ws = make_mini(tmp_path / "ws", pinned=False)
    body = (
        '<title>Attack &lt;b&gt;bold&lt;/b&gt;</title><source>S</source>\n<text xml:lang="en">\n'
        "<p>Before &lt;script&gt;alert(1)&lt;/script&gt; after <em>&lt;img src=x onerror=alert(2)&gt;</em>.</p>\n"
        "</text>"
    )
    write_clause(ws, "security-guarantees", 2, body, topic="security-guarantees", based_on="1")
    edit(
        ws / "drafts" / "mini.xml",
        'clause="security-guarantees" version="1"',
        'clause="security-guarantees" version="2"',
    )
    result = run(ws, "assemble", "mini")
    assert result.exit_code == 0, result.output
    doc = lxml.html.document_fromstring(result.stdout_bytes)
    assert not doc.xpath("//script | //img | //b | //*[@onerror]")
    article = doc.xpath("//article[@id='art_2']")[0]
    assert "Before <script>alert(1)</script> after <img src=x onerror=alert(2)>." in article.text_content()
    assert "Article 2 — Attack <b>bold</b>" in article.xpath(".//h3")[0].text_content()
    md = run(ws, "assemble", "mini", "--format", "md").stdout
    assert r"Before \<script\>alert(1)\</script\>" in md


def test_output_into_a_missing_folder(run, mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "draft.html"
    line = one_error_line(run(mini, "assemble", "mini", "-o", str(target)))
    assert line.startswith(f"Error: {target.parent}: the folder to write into does not exist")
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--format", "docx2"), "unknown format 'docx2' (use one of html, pdf, md, txt, xml, akn, docx)"),
        (("-o", "draft.rtf"), "cannot tell the format from '.rtf'"),
        (("--format", "pdf"), "a PDF is not written to stdout"),
        (("--format", "pdf", "-o", "-"), "a PDF is not written to stdout"),
        (("--format", "md", "--parallel", "en,uk"), "parallel texts are laid out in html or pdf"),
        (("--parallel", "en"), "--parallel needs two different languages"),
        (("--lang", "fr"), "no article of draft 'mini' has a 'fr' text"),
    ],
)
def test_unknown_format_and_bad_options(run, mini: Path, args, expected) -> None:
    assert expected in one_error_line(run(mini, "assemble", "mini", *args))


def test_unknown_draft_suggests(run, mini: Path) -> None:
    assert "unknown draft 'mimi'" in one_error_line(run(mini, "assemble", "mimi"))


def test_a_template_linking_out_of_the_workspace_is_refused(run, mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("{{ doc.title }}")
    (mini / "templates" / "treaty.html").unlink()
    (mini / "templates" / "treaty.html").symlink_to(outside)
    line = one_error_line(run(mini, "assemble", "mini"))
    assert line.startswith("Error: ") and "link to a file outside the workspace; refused" in line


def test_a_pdf_layout_loads_nothing_from_disk_or_network(mini: Path, monkeypatch) -> None:
    import clauselib.render.html as html_module
    from clauselib.compose import compose
    from clauselib.drafts import load_draft
    from clauselib.library import Library, Workspace
    from clauselib.render import RenderOptions, render

    edit(
        mini / "templates" / "treaty.html",
        "{% block closing %}",
        '{% block closing %}<img src="file:///etc/hostname"><link rel="stylesheet" href="http://example.invalid/x.css">',
    )
    asked: list[str] = []

    original = html_module._refuse_fetch

    def refuse(url: str, *args, **kwargs):
        asked.append(url)
        return original(url)

    monkeypatch.setattr(html_module, "_refuse_fetch", refuse)
    workspace = Workspace(mini.resolve())
    library = Library.load(workspace)
    spec = load_draft(workspace, "mini")
    options = RenderOptions(template=spec.template, workspace=workspace)
    pdf = render(compose(spec, library), "pdf", options)
    assert pdf.startswith(b"%PDF")
    assert sorted(asked) == ["file:///etc/hostname", "http://example.invalid/x.css"]
