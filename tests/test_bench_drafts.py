"""The drafts benchmark at its smallest size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import bench.drafts
from bench.drafts import main, run


def test_drafts_bench_smoke_rows_and_table(capsys, monkeypatch) -> None:
    rows = run(smoke=True)
    stages = [r.stage for r in rows]
    assert stages == ["assemble → html", "assemble → md", "assemble → akn", "assemble → pdf"]
    assert all(r.clauselib_s > 0 for r in rows)
    assert rows[-1].peer_s and rows[-1].ratio
    # the command prints these rows as one table (measured once above, not again)
    monkeypatch.setattr(bench.drafts, "run", lambda smoke: rows)
    assert main(["--smoke"]) == 0
    assert "weasyprint, HTML given" in capsys.readouterr().out
