"""The compare benchmark at its smallest size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.compare import main


def test_compare_bench_smoke(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bench.json"
    assert main(["--versions", "200", "--difflib-pairs", "20", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "clauselib compare, 15 points" in printed and "difflib" in printed and "top-10 overlap" in printed
    data = json.loads(out.read_text())
    assert data["overlap"] == 1.0  # below the index's exact-scan size every version is scored
    assert all(row["clauselib_s"] > 0 for row in data["rows"])
