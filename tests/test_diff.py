"""Alignment and edits of clauselib.diff: known alignments, properties, shipped clauses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import draft_pair
from clauselib.diff import diff_documents, longest_increasing
from clauselib.documents import load_document
from clauselib.library import Library, find_workspace
from clauselib.model import Composed, ComposedArticle, Paragraph, Segment
from clauselib.plaintext import read_text
from clauselib.worddiff import apply_ops

DATA = Path(__file__).parent / "data" / "diff"


def _doc(texts: list[str], doc_id: str = "d") -> Composed:
    arts = tuple(
        ComposedArticle(number=n, label=f"{n}", heading=None, paragraphs=(Paragraph((Segment("text", t),)),))
        for n, t in enumerate(texts, start=1)
    )
    return Composed(id=doc_id, title=doc_id, articles=arts)


def _alignment(a: Composed, b: Composed, result) -> dict[str, set]:
    """The result as index sets, comparable with bench.generate.Truth."""
    ia = {id(x): k for k, x in enumerate(a.articles)}
    ib = {id(x): k for k, x in enumerate(b.articles)}
    out: dict[str, set] = {"pairs": set(), "moved": set(), "splits": set(), "merges": set()}
    for e in result.edits:
        if e.kind == "split":
            out["splits"].add((ia[id(e.a_article)], tuple(ib[id(p)] for p in e.b_parts)))
        elif e.kind == "merged":
            out["merges"].add((tuple(ia[id(p)] for p in e.a_parts), ib[id(e.b_article)]))
        elif e.a_article is not None and e.b_article is not None:
            out["pairs"].add((ia[id(e.a_article)], ib[id(e.b_article)]))
            if e.moved:
                out["moved"].add(ia[id(e.a_article)])
    return out


def _precision_recall(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alignment_of_generated_rewrites_has_high_precision_and_recall(seed: int) -> None:
    a, b, truth = draft_pair(300, seed=seed, splits=3, merges=3)
    got = _alignment(a, b, diff_documents(a, b))
    for name, found, expected in [
        ("pairs", got["pairs"], set(truth.pairs.items())),
        ("splits", got["splits"], set(truth.splits.items())),
        ("merges", got["merges"], set(truth.merges.items())),
    ]:
        precision, recall = _precision_recall(found, expected)
        assert precision >= 0.99 and recall >= 0.99, (name, precision, recall, found ^ expected)
    precision, recall = _precision_recall(got["moved"], truth.moved)
    assert precision >= 0.9 and recall >= 0.9


def test_generated_rewrites_are_classified() -> None:
    a, b, truth = draft_pair(200, seed=5)
    result = diff_documents(a, b)
    summary = result.summary
    assert summary["added"] == len(truth.added)
    assert summary["removed"] == len(truth.removed)
    assert summary["moved"] == len(truth.moved - truth.reworded)
    reworded = sum(1 for e in result.edits if e.kind == "reworded")
    assert reworded == len(truth.reworded)


def test_a_document_against_itself_is_all_unchanged() -> None:
    a, _, _ = draft_pair(120, seed=9)
    result = diff_documents(a, a)
    assert result.identical
    assert {e.kind for e in result.edits} == {"unchanged"}
    assert len(result.edits) == len(a.articles)
    assert all(not e.ops and not e.moved and e.score == 100.0 for e in result.edits)


def test_renumbering_is_no_change() -> None:
    a = _doc(["Ukraine shall remain neutral.", "No foreign bases shall be hosted."])
    b = _doc(["A new first article is inserted.", "Ukraine shall remain neutral.", "No foreign bases shall be hosted."])
    kinds = [(e.kind, e.a_label, e.b_label) for e in diff_documents(a, b).edits]
    assert kinds == [("added", None, "1"), ("unchanged", "1", "2"), ("unchanged", "2", "3")]


def test_figures_inside_the_text_matter() -> None:
    a = _doc(["A cap of 85,000 personnel and 342 tanks.", "Other text here."])
    b = _doc(["A cap of 250,000 personnel and 800 tanks.", "Other text here."])
    edit = diff_documents(a, b).edits[0]
    assert edit.kind == "reworded"
    assert [(o.a, o.b) for o in edit.ops if o.kind != "equal"] == [("85,000", "250,000"), ("342", "800")]


def test_threshold_decides_between_reworded_and_added_removed() -> None:
    a = _doc(["Ukraine shall not host foreign military bases on its territory."])
    b = _doc(["Ukraine shall not host foreign troops, bases or exercises anywhere."])
    assert [e.kind for e in diff_documents(a, b, threshold=50).edits] == ["reworded"]
    assert sorted(e.kind for e in diff_documents(a, b, threshold=95).edits) == ["added", "removed"]


def test_longest_increasing_subsequence() -> None:
    values = [0, 5, 1, 2, 9, 3, 4]
    keep = longest_increasing(values)
    assert [values[k] for k in keep] == [0, 1, 2, 3, 4]
    assert longest_increasing([]) == []


SENTENCES = st.sampled_from(
    [
        "Ukraine shall remain neutral.",
        "No foreign bases shall be hosted.",
        "The armed forces shall not exceed 85,000 personnel.",
        "The armed forces shall not exceed 250,000 personnel.",
        "Sanctions are lifted in stages.",
        "Guarantors consult within three days.",
        "A referendum approves the treaty.",
        "Prisoners are exchanged all for all.",
    ]
)
ARTICLE = st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(ARTICLE, max_size=8), st.lists(ARTICLE, max_size=8), st.floats(0, 100))
def test_every_article_is_accounted_for_and_the_ops_rebuild_both_texts(
    texts_a: list[str], texts_b: list[str], threshold: float
) -> None:
    a, b = _doc(texts_a, "a"), _doc(texts_b, "b")
    result = diff_documents(a, b, threshold=threshold)
    seen_a: list[int] = []
    seen_b: list[int] = []
    for e in result.edits:
        parts_a = e.a_parts or ((e.a_article,) if e.a_article else ())
        parts_b = e.b_parts or ((e.b_article,) if e.b_article else ())
        seen_a += [x.number for x in parts_a]
        seen_b += [x.number for x in parts_b]
        if e.ops:
            assert apply_ops(list(e.ops)) == (
                "\n\n".join(x.text for x in parts_a),
                "\n\n".join(x.text for x in parts_b),
            )
        else:
            assert [x.text for x in parts_a] == [x.text for x in parts_b]
    assert sorted(seen_a) == list(range(1, len(texts_a) + 1))
    assert sorted(seen_b) == list(range(1, len(texts_b) + 1))
    assert result.identical == (texts_a == texts_b)


def test_two_plain_text_plans() -> None:
    a = load_document(str(DATA / "plan-a.txt"), None)
    b = load_document(str(DATA / "plan-b.txt"), None)
    result = diff_documents(a, b)
    got = [(e.kind, e.a_label, e.b_label, e.moved) for e in result.edits]
    assert got == [
        ("unchanged", "1", "Point 1", False),
        ("reworded", "4", "Point 2", True),
        ("unchanged", "2", "Point 3", False),
        ("reworded", "3", "Point 4", False),
        ("removed", "5", None, False),
        ("split", "6", "Point 5", False),
        ("added", None, "Point 7", False),
    ]
    assert [p.label for p in result.edits[5].b_parts] == ["Point 5", "Point 6"]
    assert result.preamble_ops


def test_merged_points_are_reported_as_merged() -> None:
    a = read_text("1. Ukraine shall remain neutral for ever.\n2. Ukraine shall host no foreign bases.\n3. Other.")
    b = read_text("1. Ukraine shall remain neutral for ever and shall host no foreign bases.\n2. Other.")
    edits = diff_documents(a, b).edits
    assert [e.kind for e in edits] == ["merged", "unchanged"]
    assert [p.label for p in edits[0].a_parts] == ["1", "2"]


# --- drafts composed from the shipped library ------------------------------------

DRAFT_A = """<?xml version="1.0" encoding="UTF-8"?>
<draft id="talks-a" date="2022-03-29">
  <title>Working draft A</title>
  <parties><party ref="UA"/><party ref="RU"/></parties>
  <param name="guarantors"><item>United Kingdom</item><item>United States</item><item>Türkiye</item></param>
  <part heading="Status of Ukraine">
    <article clause="neutrality" version="3"/>
    <article clause="no-foreign-bases" version="2"/>
    <article clause="security-guarantees" version="1"/>
  </part>
  <article clause="armed-forces" version="3"/>
  <article clause="sanctions-relief" version="1"/>
  <article heading="Entry into force"><p>This Treaty enters into force on signature.</p></article>
</draft>
"""

DRAFT_B = """<?xml version="1.0" encoding="UTF-8"?>
<draft id="talks-b" date="2022-04-15">
  <title>Working draft B</title>
  <parties><party ref="UA"/><party ref="RU"/></parties>
  <param name="guarantors"><item>United Kingdom</item><item>United States</item><item>France</item></param>
  <article clause="armed-forces" version="2"/>
  <part heading="Status of Ukraine">
    <article clause="neutrality" version="1"/>
    <article clause="no-foreign-bases" version="2"/>
    <article clause="security-guarantees" version="1"/>
  </part>
  <article clause="constitutional-amendment" version="2"/>
  <article heading="Entry into force"><p>This Treaty enters into force on ratification by all parties.</p></article>
</draft>
"""


@pytest.fixture
def talks(shipped: Path) -> Path:
    (shipped / "drafts").mkdir(exist_ok=True)
    (shipped / "drafts" / "talks-a.xml").write_text(DRAFT_A, encoding="utf-8")
    (shipped / "drafts" / "talks-b.xml").write_text(DRAFT_B, encoding="utf-8")
    return shipped


def test_drafts_from_the_shipped_library(talks: Path) -> None:
    workspace = find_workspace(talks)
    library = Library.load(workspace)
    a = load_document("talks-a", workspace, library)
    b = load_document("talks-b", workspace, library)
    result = diff_documents(a, b)
    by_clause = {(e.b_article or e.a_article).provenance.clause: e for e in result.edits if e.kind != "reworded"}
    # same clause id, other version: version-changed, with the parties before and after
    for clause, before, after in [("armed-forces", 3, 2), ("neutrality", 3, 1)]:
        edit = by_clause[clause]
        assert edit.kind == "version-changed"
        assert edit.details["from"]["version"] == before and edit.details["to"]["version"] == after
        assert edit.details["from"]["party"] == library.get(f"{clause}@{before}").party
        assert edit.details["to"]["party"] == library.get(f"{clause}@{after}").party
        assert edit.ops  # the wording changed too
    # same pin, renumbered around it (its references read other article numbers): unchanged
    assert by_clause["no-foreign-bases"].kind == "unchanged"
    assert by_clause["sanctions-relief"].kind == "removed"
    assert by_clause["constitutional-amendment"].kind == "added"
    guarantees = next(
        e
        for e in result.edits
        if e.b_article and e.b_article.provenance and e.b_article.provenance.clause == "security-guarantees"
    )
    assert guarantees.kind == "reworded"  # same pin, other guarantors
    assert any("France" in o.b for o in guarantees.ops)
    literal = next(e for e in result.edits if e.b_article and e.b_article.heading == "Entry into force")
    assert literal.kind == "reworded" and literal.a_article.heading == "Entry into force"
    assert sum(e.moved for e in result.edits) == 1  # armed-forces went to the front


def test_large_unrelated_blocks_take_the_bounded_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import clauselib.diff as diff_module

    a, b, truth = draft_pair(80, seed=8)
    expected = _alignment(a, b, diff_documents(a, b))["pairs"]
    monkeypatch.setattr(diff_module, "LARGE_BLOCK", 0)
    got = _alignment(a, b, diff_documents(a, b))["pairs"]
    assert got == expected == set(truth.pairs.items())


def _shipped_drafts() -> list[str]:
    folder = Path(__file__).resolve().parent.parent / "drafts"
    return sorted(p.stem for p in folder.glob("*.xml")) if folder.is_dir() else []


@pytest.mark.skipif(not _shipped_drafts(), reason="the shipped drafts have not landed yet")
def test_every_pair_of_shipped_drafts(shipped: Path, run) -> None:
    import itertools
    import json

    drafts = _shipped_drafts()
    for a, b in itertools.permutations(drafts, 2):
        for fmt in ("text", "html", "json"):
            result = run(shipped, "diff", a, b, "--format", fmt)
            assert result.exit_code == 0, (a, b, fmt, result.output)
        data = json.loads(run(shipped, "diff", a, b, "--format", "json").output)
        edits = data["edits"]
        a_side = sum(len(e["details"]["parts"]) if e["kind"] == "merged" else e["a"] is not None for e in edits)
        b_side = sum(len(e["details"]["parts"]) if e["kind"] == "split" else e["b"] is not None for e in edits)
        assert (a_side, b_side) == (data["a"]["articles"], data["b"]["articles"])
    for a in drafts:
        assert run(shipped, "diff", "--check", a, a).exit_code == 0


def test_a_new_paragraph_break_is_a_change() -> None:
    one = ComposedArticle(1, "1", None, (Paragraph((Segment("text", "First sentence. Second sentence."),)),))
    two = ComposedArticle(
        1,
        "1",
        None,
        (Paragraph((Segment("text", "First sentence."),)), Paragraph((Segment("text", "Second sentence."),))),
    )
    a = Composed(id="a", title="a", articles=(one,))
    b = Composed(id="b", title="b", articles=(two,))
    assert [e.kind for e in diff_documents(a, b).edits] == ["reworded"]
    assert [e.kind for e in diff_documents(a, a).edits] == ["unchanged"]
