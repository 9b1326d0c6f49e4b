"""The cost of proposing safely, and of eight people proposing at once.

    python -m bench.versioning            # sizes 1,000 and 10,000 versions
    python -m bench.versioning --smoke    # 200 versions

Rows:
- ``propose``: one ``versioning.propose`` (load what it needs, build, validate against the
  schema and the placeholder rules, temp file + fsync + hard link) against the peer
  "naive write": ``open(path, "wb").write(same bytes)`` — no validation, no fsync, no
  protection against overwriting. The ratio is the price of safety.
- ``8 at once``: eight forked processes released by a barrier, each proposing on the same
  clause, against the same eight proposals made one after another; the note gives how
  many numbers were lost to a faster process and retried.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, format_table, median_time
from bench.workspace import generate_workspace

CLAUSE = "clause-00000"


def _text(n: int) -> str:
    return f"The Parties shall observe a ceasefire of {n} days along the entire line of contact."


def _propose(root: Path, n: int) -> int:
    from clauselib import versioning
    from clauselib.library import Workspace

    return versioning.propose(Workspace(root), CLAUSE, "UA", _text(n)).version


def propose_rows(versions: int, repeat: int = 5) -> list[Row]:
    root = Path(tempfile.mkdtemp(prefix="clauselib-bench-versioning-"))
    try:
        generate_workspace(root, clauses=max(versions // 10, 1), versions=10)
        counter = iter(range(10**6))
        safe = median_time(lambda: _propose(root, next(counter)), repeat)
        data = (root / "clauses" / CLAUSE / "1.xml").read_bytes()
        naive_dir = root / "naive"
        naive_dir.mkdir()

        def naive() -> None:
            with open(naive_dir / f"{next(counter)}.xml", "wb") as handle:
                handle.write(data)

        peer = median_time(naive, repeat)
        note = f"{safe / peer:.0f}× a naive write: loads the clause, validates, fsyncs, never overwrites"
        return [Row("propose", f"{versions:,} versions", safe, "naive write", peer, note)]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _racer(root: str, n: int, barrier, queue) -> None:
    from clauselib import versioning

    original = versioning._next_number
    retries = 0

    def counting(*args):
        nonlocal retries
        retries += 1
        return original(*args)

    versioning._next_number = counting
    barrier.wait()
    try:
        queue.put((_propose(Path(root), n), retries))
    except BaseException as exc:  # reported in the table
        queue.put((f"failed: {exc!r}", retries))


def concurrent_rows(versions: int, writers: int = 8) -> list[Row]:
    root = Path(tempfile.mkdtemp(prefix="clauselib-bench-versioning-"))
    try:
        generate_workspace(root, clauses=max(versions // 10, 1), versions=10)
        start = time.perf_counter()
        for n in range(writers):
            _propose(root, 1000 + n)
        sequential = time.perf_counter() - start
        context = multiprocessing.get_context("fork")
        barrier, queue = context.Barrier(writers + 1), context.Queue()
        procs = [context.Process(target=_racer, args=(str(root), n, barrier, queue)) for n in range(writers)]
        for proc in procs:
            proc.start()
        barrier.wait()
        start = time.perf_counter()
        results = [queue.get(timeout=600) for _ in procs]
        parallel = time.perf_counter() - start
        for proc in procs:
            proc.join()
        numbers = sorted(r for r, _ in results if isinstance(r, int))
        ok = numbers == list(range(11 + writers, 11 + 2 * writers))
        note = f"{sum(r for _, r in results)} retries; numbers {'contiguous' if ok else 'WRONG: ' + str(results)}"
        return [
            Row(f"{writers} at once", f"{versions:,} versions", parallel, f"{writers} one by one", sequential, note)
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def rows(smoke: bool = False) -> list[Row]:
    """Every versioning row; the smallest size when *smoke*."""
    sizes = (200,) if smoke else (1000, 10000)
    out: list[Row] = []
    for size in sizes:
        out += propose_rows(size, repeat=3 if smoke else 7)
        out += concurrent_rows(size)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="smallest size only")
    args = parser.parse_args(argv)
    print(format_table(rows(args.smoke)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
