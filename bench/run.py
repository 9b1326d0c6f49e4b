"""``make bench``: every stage against its peers in one run, printed as one table.

python -m bench.run            # the full run (a few minutes on 2 cores)
python -m bench.run --smoke    # the smallest sizes, as the test suite runs it
python -m bench.run --json out/bench.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from bench.common import Row, format_table

Stage = Callable[[bool], list[Row]]


def _library(smoke: bool) -> list[Row]:
    from bench.library_stages import cold_start, load_and_check

    if smoke:
        return cold_start(repeat=3) + load_and_check((200,), repeat=1)
    return cold_start() + load_and_check()


def _drafts(smoke: bool) -> list[Row]:
    from bench.drafts import run

    return run(smoke)


def _diff(smoke: bool) -> list[Row]:
    from bench.diff import rows

    return rows((50,), cap=30.0, repeat=1) if smoke else rows()


def _versioning(smoke: bool) -> list[Row]:
    from bench.versioning import rows

    return rows(smoke)


def _relations(smoke: bool) -> list[Row]:
    from bench.relations import rows

    return rows(smoke)


def _compare(smoke: bool) -> list[Row]:
    from bench.compare import rows

    return rows(smoke)


STAGES: dict[str, Stage] = {
    "library": _library,
    "drafts": _drafts,
    "diff": _diff,
    "versioning": _versioning,
    "relations": _relations,
    "compare": _compare,
}
"""Stage name → function(smoke) returning rows; each feature's benchmark adds its own."""


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _run_stage_in_child(name: str, smoke: bool) -> list[Row]:
    """Run one stage in a fresh process; its rows get that process's peak memory."""
    import os
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        argv = [sys.executable, "-m", "bench.run", "--inline", "--only", name, "--json", out.name]
        if smoke:
            argv.append("--smoke")
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"bench stage {name} failed (exit {child.returncode})")
        data = json.loads(Path(out.name).read_text(encoding="utf-8"))
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    rows = []
    for raw in data["rows"]:
        raw.pop("ratio", None)
        raw["memory_mb"] = peak_mb
        rows.append(Row(**raw))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="smallest sizes only")
    parser.add_argument("--only", action="append", choices=sorted(STAGES), help="run only these stages")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--inline", action="store_true", help="run stages in this process (no per-stage memory peak)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name, stage in STAGES.items():
        if args.only and name not in args.only:
            continue
        if not args.inline:
            print(f"running {name} …", file=sys.stderr, flush=True)
        rows.extend(stage(args.smoke) if args.inline else _run_stage_in_child(name, args.smoke))
    if not args.inline or not args.json:
        print(f"machine: {machine()}")
        print(format_table(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"machine": machine(), "rows": [r.as_dict() for r in rows]}, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
