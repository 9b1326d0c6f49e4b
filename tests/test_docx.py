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
from clauselib.docx_reader import W, revision_ids, tracked_paragraphs
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


def test_w_namespace_constant() -> None:
    assert W.endswith("wordprocessingml/2006/main")
