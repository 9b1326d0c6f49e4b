"""Benchmarks of the library itself: cold start, and load + check of large workspaces."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.common import Row, command_time, median_time, python
from bench.workspace import generate_workspace


def cold_start(repeat: int = 9) -> list[Row]:
    """``clauselib --help`` against bare ``python -c pass`` (goal: within 150 ms of it)."""
    bare = command_time([python(), "-c", "pass"], repeat)
    cli = command_time([python(), "-m", "clauselib", "--help"], repeat)
    over = (cli - bare) * 1000
    return [Row("cold start: --help", "-", cli, "python -c pass", bare, f"{over:.0f} ms over bare Python (goal ≤150)")]


def load_and_check(sizes: tuple[int, ...] = (1000, 3000, 10000), repeat: int = 5) -> list[Row]:
    """Loading a workspace and checking it, at several sizes (versions = clauses × 10)."""
    from clauselib.check import check_workspace
    from clauselib.library import Library, find_workspace

    rows = []
    for versions in sizes:
        root = Path(tempfile.mkdtemp(prefix="clauselib-bench-"))
        try:
            generate_workspace(root, clauses=versions // 10, versions=10)
            workspace = find_workspace(root)
            load = median_time(lambda ws=workspace: Library.load(ws), repeat)
            check = median_time(lambda ws=workspace: check_workspace(ws), repeat)
            parse_only = median_time(lambda r=root: _parse_all(r), repeat)
            rows.append(Row("load", f"{versions:,} versions", load, "lxml parse only", parse_only,
                            f"{load / versions * 1e6:.0f} µs per version"))  # fmt: skip
            rows.append(Row("check", f"{versions:,} versions", check, "", None,
                            f"{check / versions * 1e6:.0f} µs per version"))  # fmt: skip
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return rows


def _parse_all(root: Path) -> None:
    from lxml import etree

    for path in root.glob("clauses/*/*.xml"):
        etree.parse(str(path))
