"""Word output: drafts as .docx, and redlines whose tracked changes accept to B and reject to A."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clauselib.compose import compose
from clauselib.docx_reader import revision_ids, tracked_paragraphs
from clauselib.docx_writer import RedlineBlock, draft_docx, redline_docx
from clauselib.library import Library, find_workspace
from clauselib.model import DraftArticle, DraftPart, DraftSpec
from tests.conftest import REPO


@pytest.fixture(scope="module")
def composed():
    library = Library.load(find_workspace(REPO))
    spec = DraftSpec(
        id="t",
        title="Test treaty",
        kind="draft",
        template="draft",
        status="working",
        date=None,
        lang="en",
        parties=("UA", "RU"),
        params={},
        preamble=(),
        body=(
            DraftPart(
                "Status", (DraftArticle(clause="neutrality", version=1), DraftArticle(clause="armed-forces", version=1))
            ),
            DraftArticle(clause="no-foreign-bases", version=1),
        ),
    )
    return compose(spec, library)


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def test_draft_docx_has_headings_articles_and_page_numbers(composed) -> None:
    import docx

    data = draft_docx(composed, annotate=True)
    document = docx.Document(io.BytesIO(data))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "Test treaty") in texts
    assert ("Heading 1", "Status") in texts
    headings = [t for style, t in texts if style == "Article Heading"]
    assert headings[0].startswith("Article 1 — ") and len(headings) == 3
    assert any(style == "Annotation" and "neutrality@1" in t for style, t in texts)
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Test treaty — Working draft — not agreed"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        footer = "".join(archive.read(n).decode() for n in archive.namelist() if "footer" in n)
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def blocks_for(a_paras, b_paras):
    return [
        RedlineBlock("equal", "Article 1", "Article 1", ("Kept as it was.",), ("Kept as it was.",)),
        RedlineBlock("change", "Article 2 — Arms", "Article 2 — Armed forces", tuple(a_paras), tuple(b_paras)),
        RedlineBlock("insert", "", "Article 3 — New", (), ("An added article.",)),
        RedlineBlock("delete", "Article 4 — Old", "", ("A removed article.",), ()),
    ]


def test_accept_all_gives_b_and_reject_all_gives_a() -> None:
    a = ["Ukraine shall keep no more than 85,000 personnel.", "A second paragraph."]
    b = ["Ukraine may keep up to 250,000 personnel, as agreed."]
    data = redline_docx("Redline", blocks_for(a, b), summary=[("reworded", "1")], author="Mediator")
    accepted = tracked_paragraphs(data, accept=True, after_first_table=True)
    rejected = tracked_paragraphs(data, accept=False, after_first_table=True)
    assert accepted == [
        "Article 1",
        "Kept as it was.",
        "Article 2 — Armed forces",
        *b,
        "Article 3 — New",
        "An added article.",
    ]
    assert rejected == ["Article 1", "Kept as it was.", "Article 2 — Arms", *a, "Article 4 — Old", "A removed article."]
    xml = document_xml(data)
    assert "<w:delText" in xml and 'w:author="Mediator"' in xml
    ids = revision_ids(data)
    assert ids and len(ids) == len(set(ids)), "every revision needs a unique w:id"


paragraph = st.text(alphabet=st.sampled_from("ab c,.\n85"), min_size=1, max_size=30).map(
    lambda s: " ".join(s.split()) or "x"
)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=4), st.lists(paragraph, min_size=1, max_size=4))
def test_round_trip_property(a, b) -> None:
    data = redline_docx("R", [RedlineBlock("change", "H", "H", tuple(a), tuple(b))])
    assert tracked_paragraphs(data, accept=True, after_first_table=True) == ["H", *b]
    assert tracked_paragraphs(data, accept=False, after_first_table=True) == ["H", *a]


def test_python_docx_alone_would_miss_inserted_runs() -> None:
    import docx

    data = redline_docx("R", [RedlineBlock("change", "H", "H", ("old words",), ("new words",))])
    naive = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "new words" not in naive, "python-docx skips w:ins runs; the XPath reader must be used"
    assert tracked_paragraphs(data, accept=True, after_first_table=True)[-1] == "new words"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; skipping the .docx rendering check")
def test_libreoffice_renders_the_draft(composed, tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(draft_docx(composed))
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "draft.pdf").pages)
    assert "Test treaty" in text and "Article 1" in text
    assert "Page 1 of" in text


# --- redlines of real diffs ---------------------------------------------------------


def expected_lines(doc) -> list[str]:
    from clauselib.diffrender.docx import heading_line

    lines = [p.text for p in doc.preamble]
    for article in doc.articles:
        lines.append(heading_line(article))
        lines.extend(p.text for p in article.paragraphs)
    return lines


PLAN_A = """# Plan A
Preamble as first written.
1. Ceasefire and withdrawal of troops if Kyiv declares neutrality.
2. Kyiv renounces NATO membership for good.
3. No foreign military bases or weaponry on Ukrainian soil.
4. Armed forces of no more than 85,000 personnel.
5. Rights for the Russian language.
"""

PLAN_B = """# Plan B
Preamble as amended by the other side.
1. Armed forces of no more than 250,000 personnel and 800 tanks.
2. Ceasefire and withdrawal of troops if Kyiv declares neutrality.
3. Kyiv sets NATO membership aside while guarantees are in force.
4. No foreign military bases or weaponry on Ukrainian soil.
5. Guarantors act within three days of an armed attack.
"""


def test_diff_redline_accepts_to_b_and_rejects_to_a() -> None:
    from clauselib.diff import diff_documents
    from clauselib.diffrender.docx import render_docx
    from clauselib.plaintext import read_text

    a, b = read_text(PLAN_A, doc_id="a"), read_text(PLAN_B, doc_id="b")
    result = diff_documents(a, b)
    assert {"moved", "added", "removed"} <= {k for k, n in result.summary.items() if n} | {
        "moved" for e in result.edits if e.moved
    }
    data = render_docx(result, author="UA delegation")
    assert tracked_paragraphs(data, accept=True, after_first_table=True) == expected_lines(b)
    assert tracked_paragraphs(data, accept=False, after_first_table=True) == expected_lines(a)
    assert 'w:author="UA delegation"' in document_xml(data)


def test_every_shipped_draft_pair_round_trips(tmp_path: Path) -> None:
    from itertools import permutations

    from clauselib.diff import diff_documents
    from clauselib.diffrender.docx import render_docx
    from clauselib.documents import load_document
    from clauselib.drafts import draft_ids

    workspace = find_workspace(REPO)
    library = Library.load(workspace)
    docs = [load_document(d, workspace, library) for d in draft_ids(workspace)]
    assert docs, "the workspace ships drafts"
    for a, b in permutations(docs, 2):
        data = render_docx(diff_documents(a, b))
        assert tracked_paragraphs(data, accept=True, after_first_table=True) == expected_lines(b), (a.id, b.id)
        assert tracked_paragraphs(data, accept=False, after_first_table=True) == expected_lines(a), (a.id, b.id)


def test_diff_command_writes_a_tracked_changes_docx(tmp_path: Path, run) -> None:
    (tmp_path / "a.txt").write_text(PLAN_A)
    (tmp_path / "b.txt").write_text(PLAN_B)
    out = tmp_path / "redline.docx"
    result = run(None, "diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out), "--author", "EU")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert tracked_paragraphs(data, accept=False, after_first_table=True)[0] == "Preamble as first written."
    assert 'w:author="EU"' in document_xml(data)
    refused = run(None, "diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "docx")
    assert refused.exit_code == 2 and "goes to a file" in refused.stderr


def test_every_shipped_draft_assembles_to_docx(shipped: Path, run, tmp_path: Path) -> None:
    import docx

    from clauselib.drafts import draft_ids

    for draft_id in draft_ids(find_workspace(shipped)):
        out = tmp_path / f"{draft_id}.docx"
        result = run(shipped, "assemble", draft_id, "-o", str(out), "--annotate")
        assert result.exit_code == 0, result.output
        document = docx.Document(str(out))
        headings = [p.text for p in document.paragraphs if p.style.name == "Article Heading"]
        assert headings and headings[0].split(" — ")[0] in ("Article 1", "1")
    refused = run(shipped, "assemble", draft_id, "--format", "docx")
    assert refused.exit_code == 1 and "Word document is not written to stdout" in refused.stderr
