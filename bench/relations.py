"""Benchmark of draft relation checks and sequencing against composing the same draft.

    python -m bench.relations            # drafts of 100, 1,000 and 5,000 articles
    python -m bench.relations --smoke

The peer is ``compose`` of the same draft (resolving pins, verifying digests, rendering
every body): checking relations and laying out the stages should cost a fraction of it.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import Row, format_table, median_time

PARTIES = ("RU", "UA", "EU", "MED")


def generate(root: Path, articles: int, seed: int = 1) -> Path:
    """A workspace of *articles* one-version clauses with requires / conflicts / after, and one draft pinning all."""
    from clauselib.loaders import digest_bytes

    rng = random.Random(seed)
    (root / "clauses").mkdir(parents=True)
    (root / "drafts").mkdir()
    parties = "".join(f'<party code="{p}" kind="state"><name>{p}</name></party>' for p in PARTIES)
    (root / "clauses/parties.xml").write_text(f"<parties>{parties}</parties>\n")
    (root / "clauses/topics.xml").write_text('<topics><topic id="t"><title>T</title></topic></topics>\n')
    pins = []
    for n in range(articles):
        cid = f"c{n:05d}"
        rels = []
        if n and rng.random() < 0.5:
            rels.append(f'<requires clause="c{rng.randrange(n):05d}">needs it</requires>')
        if rng.random() < 0.1:
            rels.append(f'<conflicts clause="x{n:05d}">never both</conflicts>')
        if n and rng.random() < 0.6:
            rels.append(
                f'<after clause="c{rng.randrange(max(0, n - 50), n):05d}" step="done" delay="P{rng.randint(1, 90)}D"'
                ' verified-by="a mission">waits</after>'
            )
        body = (
            f'<clause id="{cid}" version="1" topic="t" party="{PARTIES[n % 4]}" date="2022-03-29" status="proposed">'
            f"<title>Clause {n}</title><source>Synthetic</source>{''.join(rels)}"
            f'<text xml:lang="en"><p>Provision {n} shall apply once the conditions are met.</p></text></clause>\n'
        )
        (root / "clauses" / cid).mkdir()
        (root / "clauses" / cid / "1.xml").write_text(body)
        pins.append(f'<article clause="{cid}" version="1" digest="{digest_bytes(body.encode())}"/>')
    (root / "drafts/big.xml").write_text(f'<draft id="big"><title>Big</title>{"".join(pins)}</draft>\n')
    return root


def _measure(root: Path, size: int, repeat: int) -> list[Row]:
    from clauselib.compose import compose
    from clauselib.drafts import load_draft
    from clauselib.library import Library, Workspace
    from clauselib.relations import draft_relation_findings, view_of_spec
    from clauselib.sequence import build_sequence

    workspace = Workspace(generate(root / "ws", size))
    library = Library.load(workspace)
    spec = load_draft(workspace, "big")
    peer = median_time(lambda: compose(spec, library), repeat)
    view_s = median_time(lambda: view_of_spec(spec, library), repeat)
    view = view_of_spec(spec, library)
    checks = median_time(lambda: draft_relation_findings(view, library), repeat)
    stages = median_time(lambda: build_sequence(view), repeat)
    count = len(build_sequence(view).stages)
    label = f"{size:,} articles"
    return [
        Row("draft view (resolve pins)", label, view_s, "compose", peer),
        Row("relation checks", label, checks, "compose", peer, "on a built view"),
        Row("sequence", label, stages, "compose", peer, f"{count} stages"),
    ]


def rows(smoke: bool = False) -> list[Row]:
    """One row per stage and size; the smoke run uses one small draft and one repetition."""
    out = []
    for size in (50,) if smoke else (100, 1000, 5000):
        root = Path(tempfile.mkdtemp(prefix="clauselib-bench-rel-"))
        try:
            out.extend(_measure(root, size, 1 if smoke else 5))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(format_table(rows(smoke="--smoke" in argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
