"""Minimal word-level diff of two texts.

The tokens of :func:`clauselib.textnorm.tokenize` are mapped to integers and compared
with rapidfuzz's Indel (longest common subsequence) opcodes, a C++ implementation that
gives the minimal number of inserted and deleted tokens — no junk heuristic as in
difflib, no timeout as in diff-match-patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Indel

from .textnorm import tokenize

OpKind = Literal["equal", "insert", "delete", "replace"]


@dataclass(frozen=True)
class WordOp:
    """One run of a word diff: text kept, inserted, deleted, or replaced."""

    kind: OpKind
    a: str
    b: str


def _codes(tokens_a: list[str], tokens_b: list[str]) -> tuple[list[int], list[int]]:
    table: dict[str, int] = {}
    a = [table.setdefault(t, len(table)) for t in tokens_a]
    b = [table.setdefault(t, len(table)) for t in tokens_b]
    return a, b


def word_ops(a: str, b: str, *, readable: bool = True) -> list[WordOp]:
    """The word diff of *a* and *b*: applying it to *a* gives *b*.

    A deletion next to an insertion becomes one ``replace``; whitespace-only runs of
    ``equal`` between two changes are folded into them so the redline reads as words.
    With *readable* (the default), a short run kept between two larger changes — "the",
    "of the" inside a rewritten sentence — is folded into them too, as diff-match-patch's
    semantic clean-up does, so that a rewritten passage reads as one deletion and one
    insertion rather than a comb of fragments. Lightly edited text is not affected.
    """
    tokens_a, tokens_b = tokenize(a), tokenize(b)
    codes_a, codes_b = _codes(tokens_a, tokens_b)
    raw: list[WordOp] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(codes_a, codes_b):
        raw.append(WordOp(tag, "".join(tokens_a[i1:i2]), "".join(tokens_b[j1:j2])))
    ops = _tidy(raw)
    return _absorb_short_equalities(ops) if readable else ops


def _absorb_short_equalities(ops: list[WordOp]) -> list[WordOp]:
    """Fold each kept run no longer than the changes on both sides of it into them."""
    out: list[WordOp] = []
    for op in ops:
        out.append(op)
        while len(out) >= 3 and out[-1].kind != "equal" and out[-2].kind == "equal" and out[-3].kind != "equal":
            before, kept, after = out[-3], out[-2], out[-1]
            size = len(kept.a)
            if size > max(len(before.a), len(before.b)) or size > max(len(after.a), len(after.b)):
                break
            del out[-3:]
            merged = WordOp("replace", before.a + kept.a + after.a, before.b + kept.b + after.b)
            if out and out[-1].kind != "equal":
                prev = out.pop()
                merged = WordOp("replace", prev.a + merged.a, prev.b + merged.b)
            out.append(merged)
    return out


def _tidy(ops: list[WordOp]) -> list[WordOp]:
    out: list[WordOp] = []
    for i, op in enumerate(ops):
        between_changes = op.kind == "equal" and op.a.isspace() and 0 < i < len(ops) - 1 and ops[i + 1].kind != "equal"
        if between_changes and out and out[-1].kind != "equal":
            prev = out.pop()
            op = WordOp("replace", prev.a + op.a, prev.b + op.b)
        if out and op.kind != "equal" and out[-1].kind != "equal":
            prev = out.pop()
            op = WordOp("replace", prev.a + op.a, prev.b + op.b)
        out.append(op)
    return [
        WordOp("insert", "", o.b)
        if o.kind == "replace" and not o.a
        else WordOp("delete", o.a, "")
        if o.kind == "replace" and not o.b
        else o
        for o in out
    ]


def apply_ops(ops: list[WordOp]) -> tuple[str, str]:
    """The two texts a diff was made from: (a, b)."""
    return "".join(o.a for o in ops), "".join(o.b for o in ops)


def changed_words(ops: list[WordOp]) -> int:
    """How many word tokens a diff inserts or deletes (whitespace not counted)."""
    return sum(
        sum(1 for t in tokenize(o.a) if not t.isspace()) + sum(1 for t in tokenize(o.b) if not t.isspace())
        for o in ops
        if o.kind != "equal"
    )
