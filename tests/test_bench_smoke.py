"""The benchmarks run at their smallest size, so they cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import main
from bench.workspace import generate_workspace
from clauselib.check import check_workspace
from clauselib.library import find_workspace


def test_generated_workspace_is_valid_and_deterministic(tmp_path: Path) -> None:
    a = generate_workspace(tmp_path / "a", clauses=12, versions=3, seed=7)
    b = generate_workspace(tmp_path / "b", clauses=12, versions=3, seed=7)
    findings = check_workspace(find_workspace(a)).findings
    assert findings == []
    files = sorted(p.relative_to(a) for p in a.rglob("*.xml"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.xml"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_bench_smoke_run_prints_the_table(tmp_path: Path, capsys) -> None:
    out = tmp_path / "bench.json"
    assert main(["--smoke", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "cold start" in printed and "load" in printed
    data = json.loads(out.read_text())
    assert data["rows"] and all(row["clauselib_s"] > 0 for row in data["rows"])
