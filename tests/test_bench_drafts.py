"""The drafts benchmark at its smallest size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

from bench.drafts import main, run


def test_drafts_bench_smoke_rows() -> None:
    rows = run(smoke=True)
    stages = [r.stage for r in rows]
    assert stages == ["assemble → html", "assemble → md", "assemble → akn", "assemble → pdf"]
    assert all(r.clauselib_s > 0 for r in rows)
    assert rows[-1].peer_s and rows[-1].ratio


def test_drafts_bench_prints_a_table(capsys) -> None:
    assert main(["--smoke"]) == 0
    assert "weasyprint, HTML given" in capsys.readouterr().out
