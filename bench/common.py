"""Timing helpers shared by the benchmarks: medians of repeated runs, one row per stage."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from clauselib.textable import text_table


@dataclass
class Row:
    """One line of the results table."""

    stage: str
    size: str
    clauselib_s: float
    peer: str = ""
    peer_s: float | None = None
    note: str = ""
    memory_mb: float | None = None

    @property
    def ratio(self) -> float | None:
        """How many times faster clauselib is than the peer (peer time / clauselib time)."""
        if self.peer_s is None or not self.clauselib_s:
            return None
        return self.peer_s / self.clauselib_s

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio}


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of *fn* over *repeat* runs, after *warmup* runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_time(argv: list[str], repeat: int = 7) -> float:
    """Median wall time of running a command (output discarded)."""
    return median_time(lambda: subprocess.run(argv, check=True, capture_output=True), repeat=repeat)


def python() -> str:
    return sys.executable


def format_table(rows: list[Row]) -> str:
    """The results as a fixed-width text table."""
    headers = ["stage", "size", "clauselib", "peer", "peer time", "ratio", "memory", "note"]
    body = [
        [
            r.stage,
            r.size,
            f"{r.clauselib_s * 1000:.1f} ms" if r.clauselib_s < 1 else f"{r.clauselib_s:.2f} s",
            r.peer,
            "" if r.peer_s is None else (f"{r.peer_s * 1000:.1f} ms" if r.peer_s < 1 else f"{r.peer_s:.2f} s"),
            "" if r.ratio is None else f"{r.ratio:.1f}×",
            "" if r.memory_mb is None else f"{r.memory_mb:.0f} MB",
            r.note,
        ]
        for r in rows
    ]
    return text_table(body, headers)
