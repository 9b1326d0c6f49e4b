"""Property-based hardening: mutated files load or raise a ClauselibError, nothing else;
diff, compare and search never crash on arbitrary Unicode and keep their invariants.

``make test`` runs a few dozen examples per property; ``make fuzz`` runs 2,000.
"""

from __future__ import annotations

import contextlib
import html
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clauselib import library as library_module
from clauselib.compare import build_index, compare, search
from clauselib.diff import diff_documents
from clauselib.drafts import load_draft_file
from clauselib.errors import ClauselibError
from clauselib.library import Library, find_workspace
from clauselib.model import Composed, ComposedArticle, Paragraph, Segment
from clauselib.plaintext import read_text
from clauselib.textnorm import clean
from clauselib.worddiff import apply_ops

from .conftest import REPO
from .hostile import copy_workspace, fuzz_settings

CLAUSE = (REPO / "clauses" / "security-guarantees" / "1.xml").read_bytes()
DRAFT = (REPO / "drafts" / "ua-istanbul-offer.xml").read_bytes()
ATTRIBUTE = re.compile(rb'(\s[\w:-]+=")([^"]*)(")')


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """*original* after 1-4 byte flips, deletions, insertions or attribute value changes."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "attribute", "text"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "text":
            data[at:at] = draw(st.text(min_size=1, max_size=12)).encode("utf-8", "surrogatepass")
        else:
            spans = [m.span(2) for m in ATTRIBUTE.finditer(bytes(data))]
            if spans:
                start, end = draw(st.sampled_from(spans))
                value = draw(st.text(max_size=20))
                raw = draw(st.booleans())
                new = value if raw else html.escape(value, quote=True)
                data[start:end] = new.encode("utf-8", "surrogatepass")
    return bytes(data)


@pytest.fixture(scope="module")
def workspace_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = copy_workspace(tmp_path_factory.mktemp("props") / "ws")
    return Library.load(find_workspace(root))


@pytest.fixture(scope="module")
def index(workspace_library: Library):
    return build_index(workspace_library)


@fuzz_settings(60)
@given(data=mutated(CLAUSE))
def test_a_mutated_clause_version_loads_or_raises_a_clauselib_error(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "clauses" / "security-guarantees"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "1.xml"
    path.write_bytes(data)
    problems: list[ClauselibError] = []
    version = library_module._load_version("clauses/security-guarantees/1.xml", str(path), problems)
    assert (version is None) == bool(problems) or version is not None
    assert all(isinstance(p, ClauselibError) for p in problems)
    if version is not None:
        from clauselib.templating import placeholders

        for text in version.texts.values():
            for para in text:
                for seg in para.segments:
                    with contextlib.suppress(ClauselibError):
                        placeholders(seg.text)


@fuzz_settings(40)
@given(data=mutated(DRAFT))
def test_a_mutated_draft_manifest_loads_and_composes_or_raises_a_clauselib_error(
    tmp_path: Path, workspace_library: Library, data: bytes
) -> None:
    from clauselib.compose import compose

    path = tmp_path / "ua-istanbul-offer.xml"
    path.write_bytes(data)
    try:
        spec = load_draft_file(path)
        compose(spec, workspace_library)
    except ClauselibError:
        pass


def _doc(texts: list[str], doc_id: str) -> Composed:
    arts = tuple(
        ComposedArticle(number=n, label=f"{n}", heading=None, paragraphs=(Paragraph((Segment("text", t),)),))
        for n, t in enumerate(texts, start=1)
    )
    return Composed(id=doc_id, title=doc_id, articles=arts)


UNICODE = st.text(st.characters(codec="utf-8"), max_size=80)
WORDS = st.lists(
    st.sampled_from(
        ["Ukraine", "Ukra\u200bine", "neutrality", "\u202eNATO", "85,000", "ﬁnal", "é", "e\u0301", " ", "\n"]
    )
    | UNICODE,
    max_size=12,
).map(" ".join)


@fuzz_settings(40)
@given(st.lists(WORDS, max_size=6), st.lists(WORDS, max_size=6))
def test_diff_of_arbitrary_unicode_accounts_for_every_article(texts_a: list[str], texts_b: list[str]) -> None:
    result = diff_documents(_doc(texts_a, "a"), _doc(texts_b, "b"))
    seen_a: list[int] = []
    seen_b: list[int] = []
    for e in result.edits:
        parts_a = e.a_parts or ((e.a_article,) if e.a_article else ())
        parts_b = e.b_parts or ((e.b_article,) if e.b_article else ())
        seen_a += [x.number for x in parts_a]
        seen_b += [x.number for x in parts_b]
        if e.ops:
            rebuilt_a, rebuilt_b = apply_ops(list(e.ops))
            assert clean(rebuilt_a) == clean("\n\n".join(x.text for x in parts_a))
            assert clean(rebuilt_b) == clean("\n\n".join(x.text for x in parts_b))
    assert sorted(seen_a) == list(range(1, len(texts_a) + 1))
    assert sorted(seen_b) == list(range(1, len(texts_b) + 1))


@fuzz_settings(30)
@given(st.lists(WORDS.filter(str.strip), min_size=1, max_size=4))
def test_compare_of_arbitrary_unicode_scores_every_point(workspace_library: Library, index, texts: list[str]) -> None:
    result = compare(_doc(texts, "plan"), workspace_library, index=index)
    assert len(result.points) == len(texts)
    for point in result.points:
        for topic in point.topics:
            assert 0 <= topic.score <= 100 and 0 <= topic.runner_up_score <= 100


@fuzz_settings(30)
@given(WORDS)
def test_search_of_arbitrary_unicode_never_crashes(workspace_library: Library, index, text: str) -> None:
    result = search(text, workspace_library, index=index)
    assert result.verdict


@fuzz_settings(30)
@given(UNICODE)
def test_reading_arbitrary_text_as_a_plan_gives_a_document_or_a_clauselib_error(text: str) -> None:
    try:
        doc = read_text(text)
    except ClauselibError:
        return
    assert doc.articles


# -- invisible characters are kept in text but do not count for matching -----------------


def test_zero_width_and_direction_characters_do_not_count_as_a_change() -> None:
    a = _doc(["Ukra\u200bine shall be neutral.", "The \u202eParties\u202c agree."], "a")
    b = _doc(["Ukraine shall be neutral.", "The Parties agree."], "b")
    result = diff_documents(a, b)
    assert [e.kind for e in result.edits] == ["unchanged", "unchanged"]


def test_search_treats_a_zero_width_space_as_nothing(workspace_library: Library, index) -> None:
    plain = search("Ukraine renounces NATO membership", workspace_library, index=index)
    hidden = search("Ukra\u200bine renounces N\u200dATO member\u2060ship", workspace_library, index=index)
    assert (hidden.verdict, hidden.party) == (plain.verdict, plain.party)
    assert [m.ref for m in hidden.matches] == [m.ref for m in plain.matches]


def test_invisible_characters_are_kept_in_the_clause_text(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    path = root / "clauses" / "neutrality" / "1.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("Ukraine renounces", "Ukra\u200bine renounces"))
    version = Library.load(find_workspace(root)).get("neutrality@1")
    assert "Ukra\u200bine renounces" in version.texts["en"][0].segments[0].text


def test_crlf_cr_and_bom_load_like_lf(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    folder = root / "clauses" / "neutrality"
    lf = Library.load(find_workspace(root)).get("neutrality@1")
    data = (folder / "1.xml").read_bytes()
    for variant in (data.replace(b"\n", b"\r\n"), data.replace(b"\n", b"\r"), b"\xef\xbb\xbf" + data):
        (folder / "1.xml").write_bytes(variant)
        version = Library.load(find_workspace(root)).get("neutrality@1")
        assert (version.title, version.texts["en"]) == (lf.title, lf.texts["en"])
