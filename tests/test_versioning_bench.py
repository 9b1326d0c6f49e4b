"""The versioning benchmark at its smallest size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

from bench.versioning import rows


def test_versioning_bench_smoke() -> None:
    table = rows(smoke=True)
    assert [r.stage for r in table] == ["propose", "8 at once"]
    assert all(r.clauselib_s > 0 and r.peer_s and r.peer_s > 0 for r in table)
    assert "numbers contiguous" in table[1].note
