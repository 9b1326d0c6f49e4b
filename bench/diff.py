"""Diff benchmark: clauselib against difflib, fast-diff-match-patch and xmldiff, one run.

    python -m bench.diff                    # 250, 500 and 1,000 articles (a few minutes)
    python -m bench.diff --sizes 100 --cap 20

Input: two generated drafts (``bench.generate.draft_pair``: ~60 words an article, ~10%
reworded, 2% moved, 2% added, 2% removed). Each tool diffs the same input:

* clauselib — ``diff_documents`` on the two documents (everything included: text
  preparation, alignment, word diffs);
* difflib — ``SequenceMatcher`` (autojunk on, the default) over the whole token stream;
* fast-diff-match-patch — the C++ diff-match-patch in word mode (one character per
  distinct token), no time limit, no cleanup;
* xmldiff — ``diff_texts`` on the two assembled-draft XML files.

The peers get the token stream ready-made (tokenising is not timed for them). Slow
peers run in a child process and are stopped after ``--cap`` seconds; a stopped run is
reported as "> cap". Word edits count the non-whitespace tokens inserted plus deleted;
"minimal" is the Indel distance between the two streams of non-whitespace tokens, a
lower bound for any diff of the stream. clauselib's redline shows a moved article as a
move (no word edits); its count "as a stream" treats each moved article as deleted and
re-inserted, as a token-stream diff must (that diff can then save the few common words
the moved text shares with a neighbouring deletion or insertion, which is where any
excess over the minimal comes from: on the articles that did not move, the word diffs
are minimal).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from dataclasses import dataclass

from bench.common import Row, format_table, median_time
from bench.generate import draft_pair
from clauselib.diff import DiffResult, diff_documents
from clauselib.model import Composed
from clauselib.textnorm import tokenize
from clauselib.worddiff import changed_words

SIZES = (250, 500, 1000)
SEED = 4


def stream(doc: Composed) -> list[str]:
    """The whole document body as one token stream."""
    return tokenize("\n\n".join(a.text for a in doc.articles))


def _words(text: str) -> int:
    return sum(1 for t in tokenize(text) if not t.isspace())


def _encode(tokens_a: list[str], tokens_b: list[str]) -> tuple[str, str]:
    table: dict[str, str] = {}

    def code(t: str) -> str:
        c = table.get(t)
        if c is None:
            n = len(table) + 0x100
            c = table[t] = chr(n + 0x800 if n >= 0xD800 else n)
        return c

    return "".join(map(code, tokens_a)), "".join(map(code, tokens_b))


def minimal_edits(tokens_a: list[str], tokens_b: list[str]) -> int:
    """Indel distance over the non-whitespace tokens: the least any diff can report."""
    from rapidfuzz.distance import Indel

    words_a = [t for t in tokens_a if not t.isspace()]
    words_b = [t for t in tokens_b if not t.isspace()]
    return Indel.distance(*_encode(words_a, words_b))


@dataclass(frozen=True)
class OwnEdits:
    """Word edits of a clauselib diff, counted two ways."""

    shown: int  # the word edits of the redline; a moved article is a move, not words
    moves: int  # how many articles moved
    stream: int  # a moved article counted as deleted and re-inserted, as a stream diff must


def clauselib_edits(result: DiffResult) -> OwnEdits:
    """Count the word edits of *result* as shown and as a token-stream diff would."""
    shown = moved_words = moves = 0
    for e in result.edits:
        if e.moved:
            moves += 1
            parts_a = e.a_parts or (e.a_article,)
            parts_b = e.b_parts or (e.b_article,)
            moved_words += sum(_words(x.text) for x in parts_a) + sum(_words(x.text) for x in parts_b)
            if e.kind != "moved":
                shown += changed_words(list(e.ops))
        elif e.ops:
            shown += changed_words(list(e.ops))
    stream_count = moved_words + sum(changed_words(list(e.ops)) for e in result.edits if not e.moved and e.ops)
    return OwnEdits(shown, moves, stream_count)


def _count(tokens_a: list[str], tokens_b: list[str], opcodes) -> int:
    total = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            total += sum(1 for t in tokens_a[i1:i2] if not t.isspace())
            total += sum(1 for t in tokens_b[j1:j2] if not t.isspace())
    return total


def run_difflib(tokens_a: list[str], tokens_b: list[str]) -> int:
    import difflib

    return _count(tokens_a, tokens_b, difflib.SequenceMatcher(None, tokens_a, tokens_b).get_opcodes())


def run_dmp(tokens_a: list[str], tokens_b: list[str], coded: tuple[str, str] | None = None) -> int:
    import fast_diff_match_patch as dmp

    sa, sb = coded or _encode(tokens_a, tokens_b)
    i = j = total = 0
    for op, length in dmp.diff(sa, sb, timelimit=0, checklines=False, cleanup="No", counts_only=True):
        if op == "=":
            i += length
            j += length
        elif op == "-":
            total += sum(1 for t in tokens_a[i : i + length] if not t.isspace())
            i += length
        else:
            total += sum(1 for t in tokens_b[j : j + length] if not t.isspace())
            j += length
    return total


def run_xmldiff(xml_a: bytes, xml_b: bytes) -> int:
    from xmldiff import main

    return len(main.diff_texts(xml_a, xml_b))


def _child(peer: str, n: int, queue) -> None:
    a, b, _ = draft_pair(n, seed=SEED)
    if peer == "xmldiff":
        from clauselib.assembled import to_xml

        args: tuple = (to_xml(a), to_xml(b))
        fn = run_xmldiff
    else:
        args = (stream(a), stream(b))
        fn = run_difflib
    start = time.perf_counter()
    result = fn(*args)
    queue.put((time.perf_counter() - start, result))


def capped(peer: str, n: int, cap: float) -> tuple[float | None, int | None]:
    """Run a slow peer in a child process; (None, None) when it passes *cap* seconds."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(peer, n, queue))
    proc.start()
    proc.join(cap + 30)  # the child also generates its input
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None
    seconds, result = queue.get(timeout=5)
    return (seconds, result) if seconds <= cap else (None, None)


@dataclass
class SizeResult:
    n: int
    tokens: int
    minimal: int
    clauselib_s: float
    clauselib_edits: OwnEdits
    peers: dict[str, tuple[float | None, int | None]]


def measure(n: int, cap: float, repeat: int = 5) -> SizeResult:
    a, b, _ = draft_pair(n, seed=SEED)
    tokens_a, tokens_b = stream(a), stream(b)
    result = diff_documents(a, b)
    seconds = median_time(lambda: diff_documents(a, b), repeat=repeat)
    coded = _encode(tokens_a, tokens_b)
    dmp_s = median_time(lambda: run_dmp(tokens_a, tokens_b, coded), repeat=max(1, repeat // 2))
    peers = {
        "difflib": capped("difflib", n, cap),
        "fast-diff-match-patch": (dmp_s, run_dmp(tokens_a, tokens_b, coded)),
        "xmldiff": capped("xmldiff", n, cap),
    }
    return SizeResult(
        n, len(tokens_a) + len(tokens_b), minimal_edits(tokens_a, tokens_b), seconds, clauselib_edits(result), peers
    )


def _excess(edits: int | None, minimal: int) -> str:
    if edits is None:
        return ""
    return f"{edits} word edits ({100.0 * (edits - minimal) / minimal:+.1f}% vs minimal {minimal})"


def rows(sizes: tuple[int, ...] = SIZES, cap: float = 120.0, repeat: int = 5) -> list[Row]:
    """One row per size and peer (for bench.run and the table below)."""
    out: list[Row] = []
    for n in sizes:
        print(f"diff: {n} articles …", file=sys.stderr, flush=True)
        r = measure(n, cap, repeat)
        size = f"{n} articles"
        own = r.clauselib_edits
        note = f"clauselib: {own.shown} word edits + {own.moves} moves; as a stream " + _excess(own.stream, r.minimal)
        out.append(Row("diff", size, r.clauselib_s, note=note))
        for peer, (seconds, edits) in r.peers.items():
            if seconds is None:
                out.append(Row("diff", size, r.clauselib_s, peer, None, f"stopped after {cap:g} s (> cap)"))
            elif peer == "xmldiff":
                out.append(Row("diff", size, r.clauselib_s, peer, seconds, f"{edits} XML actions"))
            else:
                out.append(Row("diff", size, r.clauselib_s, peer, seconds, _excess(edits, r.minimal)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="article counts")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds before a slow peer is stopped")
    parser.add_argument("--repeat", type=int, default=5, help="runs of clauselib (the median is shown)")
    args = parser.parse_args(argv)
    table = rows(tuple(args.sizes), args.cap, args.repeat)
    print(format_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
