"""Align two documents article by article and describe what changed.

Alignment, in order (each step only sees what the earlier ones left over):

1. articles carrying the same clause id are paired;
2. articles with identical normalised text are paired through a hash that leaves
   numbers out (article numbers and labels never matter; figures inside the text do,
   when the pair is classified);
3. leftovers between two consecutive anchors (pairs of steps 1–2 in order) are
   matched locally, then whatever is still left is matched globally: split / merged
   first (one article whose content went into several of the other side), then a
   one-to-one assignment by word similarity above ``threshold``, greedy by descending
   score;
4. paired articles outside the longest in-order sequence are marked moved;
5. the rest are added / removed.

Word diffs are computed only inside changed articles.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .model import Composed, ComposedArticle, Paragraph
from .textnorm import clean, normalise
from .worddiff import WordOp, word_ops

KINDS = ("unchanged", "reworded", "version-changed", "moved", "split", "merged", "added", "removed")
DEFAULT_THRESHOLD = 60.0
"""Least word similarity (0–100) for two otherwise unmatched articles to be paired."""

SPLIT_CONTAINMENT = 0.7
"""Share of a part's words that must occur in the whole for a split / merge."""
SPLIT_GAIN = 10.0
"""Points by which the parts together must beat the best single part."""
LARGE_BLOCK = 250_000
"""Above this many leftover pairs only the best few partners of each article are kept
(and splits / merges are not looked for), so that memory stays bounded."""


@dataclass(frozen=True)
class Edit:
    """What happened to one article (or, for split / merged, to a group of articles).

    ``a_article`` / ``b_article`` are None for added / removed. For ``split`` the
    A article's content went into ``b_parts`` (``b_article`` is the first of them); for
    ``merged`` the ``a_parts`` went into ``b_article``. ``score`` is the word similarity
    (0–100) of the pair, None for added / removed. ``ops`` is the word diff (applying it
    to the A text gives the B text); empty when the text is unchanged. ``moved`` is
    true for a pair outside the longest in-order sequence — its kind is ``moved`` when
    the text is unchanged, otherwise the kind of the text change.
    """

    kind: str
    a_article: ComposedArticle | None
    b_article: ComposedArticle | None
    score: float | None = None
    ops: tuple[WordOp, ...] = ()
    details: Mapping[str, object] = field(default_factory=dict)
    a_parts: tuple[ComposedArticle, ...] = ()
    b_parts: tuple[ComposedArticle, ...] = ()
    moved: bool = False

    @property
    def a_label(self) -> str | None:
        return self.a_article.label if self.a_article else None

    @property
    def b_label(self) -> str | None:
        return self.b_article.label if self.b_article else None

    @property
    def changed(self) -> bool:
        return self.kind != "unchanged"

    @property
    def a_side(self) -> tuple[ComposedArticle, ...]:
        """The A articles of the edit: the parts of a merge, else the one article (or none)."""
        return self.a_parts or ((self.a_article,) if self.a_article else ())

    @property
    def b_side(self) -> tuple[ComposedArticle, ...]:
        """The B articles of the edit: the parts of a split, else the one article (or none)."""
        return self.b_parts or ((self.b_article,) if self.b_article else ())

    @property
    def side_labels(self) -> tuple[str, str]:
        """The labels of each side, parts joined by ' + ', '—' for a side with none."""
        return (" + ".join(x.label for x in self.a_side) or "—", " + ".join(x.label for x in self.b_side) or "—")


@dataclass(frozen=True)
class DiffResult:
    """The edits that turn document ``a`` into document ``b``, in the order of ``b``."""

    a: Composed
    b: Composed
    edits: tuple[Edit, ...]
    threshold: float = DEFAULT_THRESHOLD
    preamble_ops: tuple[WordOp, ...] = ()
    relations: tuple[str, ...] = ()
    """Relation findings B introduces ("now: …") or resolves ("resolved: …"), when known."""

    @property
    def summary(self) -> dict[str, int]:
        """How many edits of each kind (every kind present, zeros included)."""
        counts = dict.fromkeys(KINDS, 0)
        for edit in self.edits:
            counts[edit.kind] += 1
        return counts

    @property
    def identical(self) -> bool:
        """No article changed and the preambles are the same."""
        return not self.preamble_ops and all(not e.changed for e in self.edits)


# --- preparing articles ---------------------------------------------------------


class _Art:
    """One article with what the alignment needs; words and codes are made on demand."""

    __slots__ = ("_codes", "article", "exact", "index", "vocab")

    def __init__(self, index: int, article: ComposedArticle, exact: str, vocab: dict[str, str]) -> None:
        self.index = index
        self.article = article
        self.exact = exact  # text with references replaced by their target: the equality test
        self.vocab = vocab
        self._codes: str | None = None

    @property
    def key(self) -> str:
        """The matching hash: normalised words without numbers."""
        return " ".join(_LETTERS.findall(self.exact.casefold()))

    @property
    def codes(self) -> str:
        """One character per normalised word, for a fast Indel over words."""
        if self._codes is None:
            vocab = self.vocab
            self._codes = "".join(
                [vocab.get(w) or vocab.setdefault(w, _code_char(len(vocab))) for w in normalise(self.exact).split()]
            )
        return self._codes


_LETTERS = re.compile(r"[^\W\d_]+")


def _ref_targets(doc: Composed) -> dict[str, str]:
    """Anchor → a stable name of the article it points to (its clause id, else its label)."""
    return {art.anchor: (art.provenance.clause if art.provenance else f"label:{art.label}") for art in doc.articles}


def _exact_text(paragraphs: Sequence[Paragraph], targets: Mapping[str, str]) -> str:
    parts = []
    for para in paragraphs:
        segments = para.segments
        if len(segments) == 1 and segments[0].kind == "text":
            parts.append(segments[0].text)
            continue
        parts.append(
            "".join(
                f"\u27e6ref:{targets.get(seg.target or '', seg.text)}\u27e7" if seg.kind == "ref" else seg.text
                for seg in segments
            )
        )
    # NFC, without zero-width and direction marks: "Ukra\u200bine" is not a change from "Ukraine"
    return clean("\n".join(" ".join(part.split()) for part in parts))


def _prepare(doc: Composed, vocab: dict[str, str]) -> list[_Art]:
    targets = _ref_targets(doc)
    return [_Art(index, art, _exact_text(art.paragraphs, targets), vocab) for index, art in enumerate(doc.articles)]


def _code_char(n: int) -> str:
    """A distinct character for the n-th distinct word (past a million words, codes repeat)."""
    n = n % 0x10F000 + 0x100
    if n >= 0xD800:  # skip the surrogate range
        n += 0x800
    return chr(n)


def _similarity(x: str, y: str) -> float:
    """Word similarity 0–100 of two code strings (100 for two empty texts)."""
    return round(100.0 * Indel.normalized_similarity(x, y), 1)


# --- alignment --------------------------------------------------------------------


@dataclass
class _Alignment:
    pairs: dict[int, int] = field(default_factory=dict)  # a index → b index
    splits: list[tuple[int, tuple[int, ...], float]] = field(default_factory=list)
    """(whole in A, its parts in B, similarity of the whole to the joined parts)."""
    merges: list[tuple[tuple[int, ...], int, float]] = field(default_factory=list)
    """(parts in A, whole in B, similarity of the joined parts to the whole)."""
    used_a: set[int] = field(default_factory=set)
    used_b: set[int] = field(default_factory=set)

    def pair(self, i: int, j: int) -> None:
        self.pairs[i] = j
        self.used_a.add(i)
        self.used_b.add(j)


def _pair_by_clause(arts_a: list[_Art], arts_b: list[_Art], al: _Alignment) -> None:
    by_clause: dict[str, list[int]] = defaultdict(list)
    for art in arts_b:
        if art.article.provenance:
            by_clause[art.article.provenance.clause].append(art.index)
    for art in arts_a:
        prov = art.article.provenance
        if prov and by_clause.get(prov.clause):
            al.pair(art.index, by_clause[prov.clause].pop(0))


def _pair_by_hash(arts_a: list[_Art], arts_b: list[_Art], al: _Alignment) -> None:
    for attr in ("exact", "key"):
        buckets: dict[str, list[int]] = defaultdict(list)
        for art in arts_b:
            if art.index not in al.used_b:
                buckets[getattr(art, attr)].append(art.index)
        for art in arts_a:
            if art.index in al.used_a:
                continue
            bucket = buckets.get(getattr(art, attr))
            if bucket:
                al.pair(art.index, bucket.pop(0))


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Indices (into *values*) of one longest strictly increasing subsequence."""
    tails: list[int] = []  # value at the end of the best run of each length
    tail_at: list[int] = []  # index of that value
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k] = value
            tail_at[k] = i
        previous[i] = tail_at[k - 1] if k else -1
    out = []
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.append(i)
        i = previous[i]
    return out[::-1]


def _in_order_pairs(al: _Alignment) -> list[tuple[int, int]]:
    pairs = sorted(al.pairs.items())
    keep = longest_increasing([j for _, j in pairs])
    return [pairs[k] for k in keep]


def _gaps(al: _Alignment, n_a: int, n_b: int) -> Iterable[tuple[list[int], list[int]]]:
    """Leftover A and B indices between consecutive in-order anchors."""
    anchors = [(-1, -1), *_in_order_pairs(al), (n_a, n_b)]
    for (a0, b0), (a1, b1) in itertools.pairwise(anchors):
        left_a = [i for i in range(a0 + 1, a1) if i not in al.used_a]
        left_b = [j for j in range(b0 + 1, b1) if j not in al.used_b]
        if left_a and left_b:
            yield left_a, left_b


def _match_block(
    arts_a: list[_Art], arts_b: list[_Art], ia: list[int], ib: list[int], al: _Alignment, threshold: float
):
    """Split / merged, then a greedy one-to-one assignment by descending similarity."""
    ia = [i for i in ia if i not in al.used_a]
    ib = [j for j in ib if j not in al.used_b]
    if not ia or not ib:
        return
    choices = [arts_b[j].codes for j in ib]
    lcs: dict[tuple[int, int], int] = {}
    scored: list[tuple[float, int, int]] = []
    if len(ia) * len(ib) > LARGE_BLOCK:  # two mostly unrelated long documents: bound the memory
        for i in ia:
            best = process.extract(
                arts_a[i].codes, choices, scorer=Indel.normalized_similarity, score_cutoff=threshold / 100, limit=5
            )
            scored += [(round(100.0 * sim, 1), i, ib[k]) for _, sim, k in best]
        _assign(scored, al, threshold)
        return
    for i in ia:
        query = arts_a[i].codes
        for _, dist, k in process.extract(query, choices, scorer=Indel.distance, limit=None):
            j = ib[k]
            total = len(query) + len(choices[k])
            lcs[i, j] = (total - int(dist)) // 2
            scored.append((round(100.0 * (1 - dist / total), 1) if total else 100.0, i, j))
    _find_splits(arts_a, arts_b, ia, ib, lcs, scored, al, threshold, merge=False)
    _find_splits(arts_a, arts_b, ia, ib, lcs, scored, al, threshold, merge=True)
    _assign(scored, al, threshold)


def _assign(scored: list[tuple[float, int, int]], al: _Alignment, threshold: float) -> None:
    """One-to-one pairs above *threshold*, best first (ties: nearer positions first)."""
    scored.sort(key=lambda t: (-t[0], abs(t[1] - t[2]), t[1], t[2]))
    for score, i, j in scored:
        if score < threshold:
            break
        if i not in al.used_a and j not in al.used_b:
            al.pair(i, j)


def _find_splits(arts_a, arts_b, ia, ib, lcs, scored, al: _Alignment, threshold: float, *, merge: bool) -> None:
    """An article whose content went into two or more articles of the other side."""
    best: dict[int, float] = defaultdict(float)
    for score, i, j in scored:
        whole = j if merge else i
        best[whole] = max(best[whole], score)
    wholes, parts_of = (ib, ia) if merge else (ia, ib)
    whole_arts, part_arts = (arts_b, arts_a) if merge else (arts_a, arts_b)
    for w in wholes:
        if w in (al.used_b if merge else al.used_a):
            continue
        whole_len = len(whole_arts[w].codes)
        parts = []
        for p in parts_of:
            if p in (al.used_a if merge else al.used_b):
                continue
            part_len = len(part_arts[p].codes)
            common = lcs[(p, w) if merge else (w, p)]
            if 3 <= part_len < whole_len and common >= SPLIT_CONTAINMENT * part_len:
                parts.append(p)
        if len(parts) < 2:
            continue
        joined = "".join(part_arts[p].codes for p in parts)
        score = _similarity(whole_arts[w].codes, joined)
        if score >= threshold and score >= best[w] + SPLIT_GAIN:
            if merge:
                al.merges.append((tuple(parts), w, score))
                al.used_a.update(parts)
                al.used_b.add(w)
            else:
                al.splits.append((w, tuple(parts), score))
                al.used_a.add(w)
                al.used_b.update(parts)


def _align(arts_a: list[_Art], arts_b: list[_Art], threshold: float) -> _Alignment:
    al = _Alignment()
    _pair_by_clause(arts_a, arts_b, al)
    _pair_by_hash(arts_a, arts_b, al)
    for left_a, left_b in list(_gaps(al, len(arts_a), len(arts_b))):
        _match_block(arts_a, arts_b, left_a, left_b, al, threshold)
    rest_a = [a.index for a in arts_a if a.index not in al.used_a]
    rest_b = [b.index for b in arts_b if b.index not in al.used_b]
    _match_block(arts_a, arts_b, rest_a, rest_b, al, threshold)
    return al


# --- edits --------------------------------------------------------------------------


def _version_details(a: ComposedArticle, b: ComposedArticle) -> dict[str, object]:
    pa, pb = a.provenance, b.provenance
    assert pa is not None and pb is not None

    def side(p) -> dict[str, object]:
        return {"version": p.version, "party": p.party, "status": p.status, "date": p.date.isoformat()}

    return {"clause": pa.clause, "from": side(pa), "to": side(pb)}


def _pair_edit(x: _Art, y: _Art, moved: bool) -> Edit:
    a, b = x.article, y.article
    details: dict[str, object] = {}
    if (a.heading or "") != (b.heading or ""):
        details["heading"] = {"a": a.heading, "b": b.heading}
    same_text = x.exact == y.exact
    version_changed = (
        a.provenance is not None
        and b.provenance is not None
        and a.provenance.clause == b.provenance.clause
        and a.provenance.version != b.provenance.version
    )
    if version_changed:
        details.update(_version_details(a, b))
        kind = "version-changed"
    elif same_text and not details:
        kind = "moved" if moved else "unchanged"
    else:
        kind = "reworded"
    score = 100.0 if same_text else _similarity(x.codes, y.codes)
    ops = () if same_text else tuple(word_ops(a.text, b.text))
    return Edit(kind, a, b, score, ops, details, moved=moved)


def _join(arts: Sequence[ComposedArticle]) -> str:
    return "\n\n".join(a.text for a in arts)


def diff_documents(a: Composed, b: Composed, threshold: float = DEFAULT_THRESHOLD) -> DiffResult:
    """Align the articles of *a* and *b* and describe every change, in the order of *b*."""
    vocab: dict[str, str] = {}
    arts_a, arts_b = _prepare(a, vocab), _prepare(b, vocab)
    al = _align(arts_a, arts_b, threshold)

    # moves: every pairing, split and merge placed by its first index on each side
    placed: list[tuple[int, int, object]] = [(i, j, ("pair", i)) for i, j in al.pairs.items()]
    placed += [(i, parts[0], ("split", n)) for n, (i, parts, _) in enumerate(al.splits)]
    placed += [(parts[0], j, ("merge", n)) for n, (parts, j, _) in enumerate(al.merges)]
    placed.sort(key=lambda t: (t[0], t[1]))
    in_order = {placed[k][2] for k in longest_increasing([t[1] for t in placed])}

    keyed: list[tuple[tuple[int, int, int], Edit]] = []
    b_pos_of_a: dict[int, int] = {}
    moved_a: set[int] = set()
    for i, j, tag in placed:
        moved = tag not in in_order
        kind, n = tag  # type: ignore[misc]
        if moved:
            moved_a.update(al.merges[n][0] if kind == "merge" else (i,))
        if kind == "pair":
            edit = _pair_edit(arts_a[i], arts_b[j], moved)
            b_pos_of_a[i] = j
        elif kind == "split":
            whole, parts, score = al.splits[n]
            b_parts = tuple(arts_b[p].article for p in parts)
            edit = Edit(
                "split",
                arts_a[whole].article,
                b_parts[0],
                score,
                tuple(word_ops(arts_a[whole].article.text, _join(b_parts))),
                {"parts": [p.label for p in b_parts]},
                b_parts=b_parts,
                moved=moved,
            )
            b_pos_of_a[whole] = parts[0]
        else:
            parts, whole, score = al.merges[n]
            a_parts = tuple(arts_a[p].article for p in parts)
            edit = Edit(
                "merged",
                a_parts[0],
                arts_b[whole].article,
                score,
                tuple(word_ops(_join(a_parts), arts_b[whole].article.text)),
                {"parts": [p.label for p in a_parts]},
                a_parts=a_parts,
                moved=moved,
            )
            for p in parts:
                b_pos_of_a[p] = whole
        keyed.append(((j, 0, 0), edit))
    for art in arts_b:
        if art.index not in al.used_b:
            keyed.append(
                ((art.index, 0, 0), Edit("added", None, art.article, None, (WordOp("insert", "", art.article.text),)))
            )
    anchor = -1  # a removed article follows the in-order article that preceded it in A
    for art in arts_a:
        if art.index in b_pos_of_a:
            if art.index not in moved_a:
                anchor = b_pos_of_a[art.index]
        elif art.index not in al.used_a:
            edit = Edit("removed", art.article, None, None, (WordOp("delete", art.article.text, ""),))
            keyed.append(((anchor, 1, art.index), edit))
    keyed.sort(key=lambda t: t[0])

    pre_a = "\n\n".join(p.text for p in a.preamble)
    pre_b = "\n\n".join(p.text for p in b.preamble)
    preamble_ops = tuple(word_ops(pre_a, pre_b)) if clean(pre_a) != clean(pre_b) else ()
    return DiffResult(a, b, tuple(e for _, e in keyed), threshold, preamble_ops)
