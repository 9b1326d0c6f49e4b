"""Reading numbered-point documents (a leaked plan, a counter-proposal)."""

from __future__ import annotations

import pytest

from clauselib.errors import ClauselibError
from clauselib.plaintext import read_text

PLAN = """# The plan as reported
Reported by the press on 16 March.
1. Ceasefire and withdrawal
   if Kyiv declares neutrality.

2) Kyiv renounces NATO.
Article 3 No foreign bases.
Point 4: Armed forces within limits.
E2. An extra point.
# a comment line
## Article 6 — Guarantees
Guarantees by the US, UK and Türkiye.
a) a sub-item that stays in point 6
"""


def test_points_labels_and_continuations() -> None:
    doc = read_text(PLAN)
    assert doc.title == "The plan as reported"
    assert [p.text for p in doc.preamble] == ["Reported by the press on 16 March."]
    assert [a.label for a in doc.articles] == ["1", "2", "Article 3", "Point 4", "E2", "Article 6"]
    assert doc.articles[0].text == "Ceasefire and withdrawal if Kyiv declares neutrality."
    assert doc.articles[5].heading == "Guarantees"
    assert "sub-item" in doc.articles[5].text
    assert "comment" not in " ".join(a.text for a in doc.articles)


def test_blank_lines_split_paragraphs() -> None:
    doc = read_text("1. First para.\n\nSecond para.\n2. Next.")
    assert [p.text for p in doc.articles[0].paragraphs] == ["First para.", "Second para."]


def test_a_text_without_points_is_a_clear_error() -> None:
    with pytest.raises(ClauselibError, match="no numbered points"):
        read_text("just prose\nwith no numbers", origin="x.txt")
