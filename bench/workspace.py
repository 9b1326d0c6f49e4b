"""A deterministic generator of synthetic clause libraries for benchmarks.

``generate_workspace(root, clauses=1000, versions=10, seed=1)`` writes a valid workspace
(parties, topics, clause versions in treaty-style English with parameters and
cross-references) that ``clauselib check`` passes. The same seed gives the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from bench import generate

PARTIES = ["RU", "UA", "US", "EU", "UK", "TR", "MED"]
TOPICS = [
    "neutrality", "foreign-bases", "security-guarantees", "sanctions", "constitutional-amendment",
    "ceasefire", "withdrawal", "armed-forces", "territory", "governance", "language-and-identity",
    "eu-membership", "nuclear-safety", "prisoners", "frozen-assets", "elections",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    """One sentence of treaty-style English (the vocabulary of :mod:`bench.generate`)."""
    return generate.sentence(rng)


def paragraph(rng: random.Random, words: int = 60) -> str:
    return generate.article_text(rng, words)


def reword(rng: random.Random, text: str, rate: float = 0.15) -> str:
    """A variant of *text*: about *rate* of its words swapped for others of the same kind."""
    pool = [*generate.VERBS, *generate.ACTIONS, "promptly", "fully", "jointly", "in good faith"]
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(pool)
    return " ".join(words)


def _clause_xml(clause_id: str, version: int, topic: str, party: str, day: int, paragraphs: list[str],
                params: bool, ref: str | None) -> str:  # fmt: skip
    based = f' based-on="{version - 1}"' if version > 1 else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<clause id="{clause_id}" version="{version}" topic="{topic}" party="{party}" '
        f'date="{2022 + day // 365:04d}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}" status="proposed"{based}>',
        f"  <title>{escape(topic.replace('-', ' ').capitalize())} — provision {clause_id}</title>",
        "  <source>Synthetic benchmark text</source>",
    ]
    if params:
        lines.append(f'  <param name="personnel" type="number" label="Personnel cap" default="{85 + version},000"/>')
    lines.append('  <text xml:lang="en">')
    for i, para in enumerate(paragraphs):
        extra = ""
        if params and i == 0:
            extra = " The cap shall be {{ personnel }} personnel."
        if ref and i == len(paragraphs) - 1:
            extra += f' This is without prejudice to <ref clause="{ref}"/>.'
        lines.append(f"    <p>{escape(para)}{extra}</p>")
    lines += ["  </text>", "</clause>", ""]
    return "\n".join(lines)


def generate_workspace(root: Path, clauses: int = 1000, versions: int = 10, seed: int = 1) -> Path:
    """Write a synthetic workspace of ``clauses × versions`` version files under *root*."""
    rng = random.Random(seed)
    root = Path(root)
    (root / "clauses").mkdir(parents=True, exist_ok=True)
    (root / "drafts").mkdir(exist_ok=True)
    parties = "".join(f'<party code="{p}" kind="state"><name>Party {p}</name></party>' for p in PARTIES)
    (root / "clauses/parties.xml").write_text(f"<parties>{parties}</parties>\n")
    topics = "".join(f'<topic id="{t}"><title>{t}</title><keywords>{t}</keywords></topic>' for t in TOPICS)
    (root / "clauses/topics.xml").write_text(f"<topics>{topics}</topics>\n")
    for n in range(clauses):
        clause_id = f"clause-{n:05d}"
        topic = TOPICS[n % len(TOPICS)]
        folder = root / "clauses" / clause_id
        folder.mkdir(exist_ok=True)
        text = [paragraph(rng, 30), paragraph(rng, 30)]
        params = n % 10 == 0
        ref = f"clause-{(n + 1) % clauses:05d}" if n % 7 == 0 and clauses > 1 else None
        for v in range(1, versions + 1):
            party = PARTIES[(n + v) % len(PARTIES)]
            (folder / f"{v}.xml").write_text(_clause_xml(clause_id, v, topic, party, n % 900 + v, text, params, ref))
            text = [reword(rng, p) for p in text]
    return root
