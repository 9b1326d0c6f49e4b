"""The diff benchmark at its smallest size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import pytest

from bench.diff import clauselib_edits, main, minimal_edits, run_difflib, run_dmp, stream
from bench.generate import draft_pair
from clauselib.diff import diff_documents
from clauselib.model import Composed


def test_generator_is_deterministic_and_records_the_truth() -> None:
    a1, b1, t1 = draft_pair(60, seed=11)
    _, b2, t2 = draft_pair(60, seed=11)
    assert [x.text for x in b1.articles] == [x.text for x in b2.articles]
    assert t1 == t2
    assert len(a1.articles) == 60
    assert len(b1.articles) == 60 - len(t1.removed) + len(t1.added)
    assert t1.reworded and t1.added and t1.removed


@pytest.mark.parametrize("seed", [3, 4])
def test_word_edits_are_minimal_outside_moves(seed: int) -> None:
    a, b, _ = draft_pair(120, seed=seed)
    result = diff_documents(a, b)
    ours = clauselib_edits(result)
    ta, tb = stream(a), stream(b)
    minimal = minimal_edits(ta, tb)
    assert ours.moves and ours.shown < minimal <= ours.stream
    assert run_difflib(ta, tb) >= minimal
    assert run_dmp(ta, tb) >= minimal
    # without the moved articles, the redline has exactly the minimal number of word edits
    moved_a = {id(e.a_article) for e in result.edits if e.moved}
    moved_b = {id(e.b_article) for e in result.edits if e.moved}
    rest_a = Composed(id="a", title="a", articles=tuple(x for x in a.articles if id(x) not in moved_a))
    rest_b = Composed(id="b", title="b", articles=tuple(x for x in b.articles if id(x) not in moved_b))
    assert ours.stream - sum(
        len([t for t in stream(Composed(id="m", title="m", articles=(x,))) if not t.isspace()])
        for e in result.edits
        if e.moved
        for x in (e.a_article, e.b_article)
    ) == minimal_edits(stream(rest_a), stream(rest_b))


def test_bench_prints_the_table(capsys) -> None:
    assert main(["--sizes", "30", "--cap", "30", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    for name in ("difflib", "fast-diff-match-patch", "xmldiff", "vs minimal"):
        assert name in out
