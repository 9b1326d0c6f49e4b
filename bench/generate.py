"""A small deterministic generator of draft pairs with the true alignment recorded.

``draft_pair(n)`` makes a draft of *n* articles (~60 words each, legal-sounding prose
built from a fixed vocabulary) and a revision of it in which ~10% of the articles are
reworded, 2% moved, 2% added and 2% removed (and, on request, some split or merged).
The same seed always gives the same pair, so benchmarks and tests can rely on it;
``Truth`` says which article of A became which article of B.

Run ``python -m bench.generate N OUTDIR`` to write the pair as assembled-draft XML.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from clauselib.model import Composed, ComposedArticle, Paragraph, Segment

SUBJECTS = (
    "Ukraine", "the Russian Federation", "the Parties", "each Guarantor State", "the Joint Commission",
    "the mediator", "the Contracting States", "the monitoring mission", "the Government of Ukraine",
    "the Security Council", "the States Parties", "the International Atomic Energy Agency",
)  # fmt: skip
VERBS = (
    "shall", "shall not", "undertakes to", "may", "agrees to", "shall promptly", "is entitled to",
    "commits to", "shall endeavour to", "reaffirms its obligation to",
)  # fmt: skip
ACTIONS = (
    "host", "withdraw", "consult", "verify", "guarantee", "notify", "respect", "maintain", "establish",
    "dismantle", "restore", "facilitate", "ratify", "suspend", "monitor", "recognise", "review", "deploy",
    "release", "compensate", "demine", "protect", "support", "limit", "exchange", "inspect", "report",
)  # fmt: skip
OBJECTS = (
    "foreign military bases", "armed forces", "the ceasefire line", "its territorial integrity",
    "all prisoners of war", "the nuclear power plant", "the state border", "sanctions", "grain exports",
    "security guarantees", "the constitutional amendment", "humanitarian corridors", "heavy weapons",
    "the register of damage", "frozen assets", "the referendum", "military exercises", "air defence systems",
    "deported children", "the energy grid", "the special tribunal", "minority language rights",
)  # fmt: skip
QUALIFIERS = (
    "within thirty days", "without delay", "in good faith", "under international supervision",
    "in accordance with the Charter of the United Nations", "after a complete ceasefire",
    "with the consent of all Guarantor States", "on a reciprocal basis",
    "within its internationally recognised borders",
    "subject to ratification", "as provided in Annex 2", "for a period of 15 years", "by a two-thirds majority",
    "with the participation of observers", "in stages verified by the monitoring mission",
)  # fmt: skip
FIGURES = ("85,000", "250,000", "342", "800", "519", "1,900", "40", "300", "450", "30", "72", "15")


def sentence(rng: random.Random) -> str:
    """One sentence of treaty-like prose."""
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(ACTIONS), rng.choice(OBJECTS)]
    if rng.random() < 0.35:
        words.append(f"of no more than {rng.choice(FIGURES)} {rng.choice(('personnel', 'units', 'days', 'km'))}")
    words.append(rng.choice(QUALIFIERS))
    if rng.random() < 0.5:
        words.append(f"and {rng.choice(ACTIONS)} {rng.choice(OBJECTS)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ";", "."))


def article_text(rng: random.Random, words: int = 60) -> str:
    """Roughly *words* words of treaty-like prose."""
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(sentence(rng))
    return " ".join(sentences)


def reword(rng: random.Random, text: str) -> str:
    """Change a few words: substitutions, insertions, deletions, sometimes a figure."""
    tokens = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(tokens))
        roll = rng.random()
        if roll < 0.4:
            tokens[pos] = rng.choice((*ACTIONS, "promptly", "fully", "jointly", "never"))
        elif roll < 0.7:
            tokens.insert(pos, rng.choice(("fully", "jointly", "and effectively", "without exception", "only")))
        elif roll < 0.85 and len(tokens) > 10:
            del tokens[pos]
        else:
            tokens.insert(pos, f"{rng.choice(FIGURES)}")
    return " ".join(tokens)


@dataclass
class Truth:
    """The true alignment: A index → B index for every kept article, and the kinds."""

    pairs: dict[int, int] = field(default_factory=dict)
    reworded: set[int] = field(default_factory=set)  # A indices
    moved: set[int] = field(default_factory=set)  # A indices
    removed: set[int] = field(default_factory=set)  # A indices
    added: set[int] = field(default_factory=set)  # B indices
    splits: dict[int, tuple[int, ...]] = field(default_factory=dict)  # A index → B indices
    merges: dict[tuple[int, ...], int] = field(default_factory=dict)  # A indices → B index


def _doc(doc_id: str, title: str, texts: list[str]) -> Composed:
    arts = tuple(
        ComposedArticle(
            number=n,
            label=f"Article {n}",
            heading=None,
            paragraphs=tuple(Paragraph((Segment("text", p),)) for p in text.split("\n\n")),
        )
        for n, text in enumerate(texts, start=1)
    )
    return Composed(id=doc_id, title=title, articles=arts)


def draft_pair(
    n: int,
    *,
    seed: int = 4,
    words: int = 60,
    reworded: float = 0.10,
    moved: float = 0.02,
    added: float = 0.02,
    removed: float = 0.02,
    splits: int = 0,
    merges: int = 0,
) -> tuple[Composed, Composed, Truth]:
    """Two drafts of about *n* articles and the truth about how A became B."""
    rng = random.Random(seed)
    a_texts = [article_text(rng, words) for _ in range(n)]
    indices = list(range(n))
    rng.shuffle(indices)
    take = iter(indices)
    n_removed, n_moved, n_reworded = round(n * removed), round(n * moved), round(n * reworded)
    removed_set = {next(take) for _ in range(n_removed)}
    split_set = [next(take) for _ in range(splits)]
    merge_firsts = []
    for _ in range(merges):  # merge article i with i+1 when both are still free
        i = next(take)
        while i + 1 >= n or i + 1 in removed_set or i + 1 in split_set or i in merge_firsts or i + 1 in merge_firsts:
            i = next(take)
        merge_firsts.append(i)
    merged_away = {i + 1 for i in merge_firsts}
    special = removed_set | set(split_set) | set(merge_firsts) | merged_away
    free = [i for i in indices if i not in special]
    moved_set = set(free[:n_moved])
    reworded_set = set(free[n_moved : n_moved + n_reworded])

    # B as a list of (source tag, text); sources: ("a", i) kept, ("new",) added, ("split", i, k), ("merge", i)
    items: list[tuple[tuple, str]] = []
    for i, text in enumerate(a_texts):
        if i in removed_set or i in merged_away or i in moved_set:
            continue
        if i in split_set:
            sentences = text.split(". ")
            half = max(1, len(sentences) // 2)
            items.append((("split", i, 0), ". ".join(sentences[:half]) + "."))
            items.append((("split", i, 1), ". ".join(sentences[half:])))
        elif i in merge_firsts:
            items.append((("merge", i), text + " " + a_texts[i + 1]))
        else:
            items.append((("a", i), reword(rng, text) if i in reworded_set else text))
    for i in sorted(moved_set):
        items.insert(rng.randrange(len(items) + 1), (("a", i), a_texts[i]))
    for _ in range(round(n * added)):
        items.insert(rng.randrange(len(items) + 1), (("new",), article_text(rng, words)))

    truth = Truth(reworded=reworded_set, removed=removed_set)
    split_parts: dict[int, list[int]] = {}
    for j, (tag, _) in enumerate(items):
        if tag[0] == "a":
            truth.pairs[tag[1]] = j
        elif tag[0] == "new":
            truth.added.add(j)
        elif tag[0] == "split":
            split_parts.setdefault(tag[1], []).append(j)
        else:
            truth.merges[(tag[1], tag[1] + 1)] = j
    truth.splits = {i: tuple(js) for i, js in split_parts.items()}
    # moved = the pairs outside the longest in-order run (what a reader would call moved)
    from clauselib.diff import longest_increasing

    pairs = sorted(truth.pairs.items())
    keep = set(longest_increasing([j for _, j in pairs]))
    truth.moved = {pairs[k][0] for k in range(len(pairs)) if k not in keep}
    a = _doc("draft-a", f"Generated draft of {n} articles", a_texts)
    b = _doc("draft-b", f"Generated draft of {n} articles, revised", [t for _, t in items])
    return a, b, truth


def main(argv: list[str]) -> int:
    from clauselib.assembled import to_xml

    n = int(argv[0]) if argv else 100
    out = Path(argv[1] if len(argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    a, b, truth = draft_pair(n)
    (out / "draft-a.xml").write_bytes(to_xml(a))
    (out / "draft-b.xml").write_bytes(to_xml(b))
    print(f"wrote {out}/draft-a.xml, {out}/draft-b.xml: {len(truth.pairs)} kept, {len(truth.added)} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
