"""The shipped drafts: golden HTML and Markdown, a real PDF, Akoma Ntoso valid against the schema."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.akn_schema import assert_valid
from tests.conftest import REPO

SHIPPED_DRAFTS = sorted(p.stem for p in (REPO / "drafts").glob("*.xml"))
EXPECTED = {"ru-april-draft", "ua-istanbul-offer", "med-middle-path"}


def test_the_three_positions_are_shipped() -> None:
    assert set(SHIPPED_DRAFTS) >= EXPECTED


def test_shipped_workspace_checks_clean(shipped: Path, run) -> None:
    result = run(shipped, "check")
    assert result.exit_code == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout


@pytest.mark.parametrize("draft", SHIPPED_DRAFTS)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_golden(shipped: Path, run, golden, draft: str, fmt: str) -> None:
    result = run(shipped, "assemble", draft, "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(f"drafts/{draft}.{fmt}", result.stdout)


def test_golden_annotated_and_parallel(shipped: Path, run, golden) -> None:
    golden(
        "drafts/ua-istanbul-offer.annotated.md",
        run(shipped, "assemble", "ua-istanbul-offer", "--format", "md", "--annotate").stdout,
    )
    golden(
        "drafts/med-middle-path.en-uk.html", run(shipped, "assemble", "med-middle-path", "--parallel", "en,uk").stdout
    )


@pytest.mark.parametrize("draft", SHIPPED_DRAFTS)
def test_every_pin_is_complete_and_every_reference_resolves(shipped: Path, run, draft: str) -> None:
    text = (shipped / "drafts" / f"{draft}.xml").read_text(encoding="utf-8")
    for tag in re.findall(r"<article\b[^>]*clause=[^>]*>", text):
        assert "version=" in tag and "digest=" in tag, tag
    md = run(shipped, "assemble", draft, "--format", "md").stdout
    assert "not in this draft" not in md and "{{" not in md


@pytest.mark.parametrize("draft", SHIPPED_DRAFTS)
def test_akn_of_every_shipped_draft_is_valid(shipped: Path, run, draft: str) -> None:
    result = run(shipped, "assemble", draft, "--format", "akn", "--annotate")
    assert result.exit_code == 0, result.output
    assert_valid(result.stdout_bytes)


def test_pdf_of_the_largest_draft(shipped: Path, run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from clauselib.drafts import load_draft
    from clauselib.library import Workspace

    specs = [load_draft(Workspace(shipped), d) for d in SHIPPED_DRAFTS]
    sizes = {s.id: len(s.articles()) for s in specs if s.kind == "draft"}
    largest = max(sizes, key=sizes.get)
    out = tmp_path / f"{largest}.pdf"
    assert run(shipped, "assemble", largest, "-o", str(out)).exit_code == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    pages = len(reader.pages)
    assert pages >= 3
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    whole = re.sub(r"\s+", " ", " ".join(texts))
    assert "Proposal — not agreed" in whole or "Working draft — not agreed" in whole
    for number in range(1, sizes[largest] + 1):
        assert f"Article {number} —" in whole
