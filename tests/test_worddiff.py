"""Tokens, normalisation and the minimal word diff."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clauselib.textnorm import normalise, tokenize
from clauselib.worddiff import apply_ops, changed_words, word_ops


def test_numbers_with_separators_are_one_token() -> None:
    assert "85,000" in tokenize("a cap of 85,000 personnel")
    assert "2.5" in tokenize("within 2.5 km.")
    assert tokenize("non-aligned, neutral.") == ["non-aligned", ",", " ", "neutral", "."]


def test_tokens_rebuild_the_text() -> None:
    text = "Ukraine shall  not\n host (foreign) bases — ever; 1,900 systems."
    assert "".join(tokenize(text)) == text


def test_normalise_folds_case_punctuation_and_invisibles() -> None:
    assert normalise("Ukraine\u200b SHALL, not!") == "ukraine shall not"
    assert normalise("85,000 troops") == "85000 troops"


def test_word_diff_is_minimal_and_readable() -> None:
    ops = word_ops("a cap of 85,000 personnel", "a cap of 250,000 personnel")
    assert [o.kind for o in ops] == ["equal", "replace", "equal"]
    assert ops[1].a == "85,000" and ops[1].b == "250,000"
    assert changed_words(ops) == 2


def test_identical_texts_have_one_equal_run() -> None:
    ops = word_ops("same words here", "same words here")
    assert [o.kind for o in ops] == ["equal"]


@given(st.text(max_size=200), st.text(max_size=200))
def test_applying_the_ops_gives_both_texts(a: str, b: str) -> None:
    assert apply_ops(word_ops(a, b)) == (a, b)


def test_rewritten_passage_reads_as_one_change_not_a_comb() -> None:
    a = "Reaffirming the purposes and principles of the Charter of the United Nations, in particular the equality of"
    b = "With the assistance of the Mediator and in the presence of the States that sign this Treaty as Guarantor"
    readable = word_ops(a + " States;", b + " States;")
    assert [o.kind for o in readable] == ["replace", "equal"]
    minimal = word_ops(a, b, readable=False)
    assert sum(o.kind == "equal" for o in minimal) > 3, "the minimal diff keeps the scattered small words"
    assert apply_ops(readable) == (a + " States;", b + " States;")


def test_light_edits_stay_word_level() -> None:
    ops = word_ops("a cap of 85,000 personnel and 342 tanks", "a cap of 250,000 personnel and 800 tanks")
    assert [o.kind for o in ops] == ["equal", "replace", "equal", "replace", "equal"]
