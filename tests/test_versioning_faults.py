"""Faults and concurrency: a crash mid-write, a lost race, eight proposers at once."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from clauselib import versioning, xmlio
from clauselib.check import check_workspace
from clauselib.errors import OutputError, VersionExistsError
from clauselib.library import Library, Workspace
from tests.versioning_support import cli_subprocess, make_workspace, version_numbers

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def findings(root: Path) -> list:
    return check_workspace(Workspace(root)).findings


def test_failed_link_leaves_nothing(ws: Path, monkeypatch) -> None:
    def broken_link(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.link", broken_link)
    with pytest.raises(OutputError, match="No space left on device"):
        versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-30")
    assert version_numbers(ws, "neutrality") == [1, 2]
    assert sorted(p.name for p in (ws / "clauses/neutrality").iterdir()) == ["1.xml", "2.xml"]


KILL_BETWEEN_TEMP_AND_LINK = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from clauselib import versioning
    from clauselib.library import Workspace

    def die(*args, **kwargs):
        os._exit(9)  # the process dies after the temp file is written and fsynced, before the link

    os.link = die
    workspace = Workspace(Path(sys.argv[1]))
    if sys.argv[2] == "propose":
        versioning.propose(workspace, "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-30")
    else:
        versioning.record_event(workspace, "neutrality@2", "agreed", "RU", date="2022-03-30")
    """
)


@pytest.mark.parametrize("what", ["propose", "event"])
def test_process_killed_between_temp_write_and_link(ws: Path, what: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILL_BETWEEN_TEMP_AND_LINK, str(ws), what],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 9, result.stderr
    leftovers = [p for p in (ws / "clauses/neutrality").rglob(".*.tmp-*")]
    assert len(leftovers) == 1  # the complete temp file of the dead process, hidden, never counted
    assert version_numbers(ws, "neutrality") == [1, 2]
    # check names the leftover, as a warning (the library itself is sound), and what it was for
    (warning,) = findings(ws)
    assert (warning.severity, warning.code) == ("warning", "interrupted-write")
    assert warning.path == str(leftovers[0].relative_to(ws))
    assert "it holds what was being written" in warning.hint
    library = Library.load(Workspace(ws))
    assert len(library.versions("neutrality")) == 2 and library.events("neutrality") == []
    # the workspace is usable straight away: the next proposal takes the number
    version = versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-30")
    assert version.version == 3
    assert [f.code for f in findings(ws)] == ["interrupted-write"]
    leftovers[0].unlink()
    assert findings(ws) == []


def test_check_leaves_a_write_in_progress_alone(ws: Path) -> None:
    import os
    import time

    from clauselib.leftovers import leftover_findings

    folder = ws / "clauses/neutrality"
    (folder / f".3.xml.tmp-{os.getpid()}-0123abcd").write_bytes(b"<clause/>")
    assert leftover_findings(Workspace(ws)) == []  # its writer is alive and the file is fresh
    assert [f.code for f in leftover_findings(Workspace(ws), now=time.time() + 3600)] == ["interrupted-write"]
    (folder / ".notes.txt").write_text("not a temp file")
    assert len(leftover_findings(Workspace(ws), now=time.time() + 3600)) == 1


def _take_the_number_first(monkeypatch, ws: Path) -> None:
    """Someone else creates neutrality@3 between our validation and our link."""
    original = xmlio.create_new
    competitor = (ws / "clauses/neutrality/2.xml").read_text().replace('version="2"', 'version="3"', 1)
    competitor = competitor.replace('based-on="1"', 'based-on="2"').replace("permanently", "forever")

    def racing_create_new(path, data):
        target = ws / "clauses/neutrality/3.xml"
        if not target.exists():
            original(target, competitor.encode())
        return original(path, data)

    monkeypatch.setattr(xmlio, "create_new", racing_create_new)


def test_lost_race_takes_the_next_number_and_keeps_its_base(ws: Path, monkeypatch, run) -> None:
    _take_the_number_first(monkeypatch, ws)
    version = versioning.propose(Workspace(ws), "neutrality", "RU", "Ukraine shall be neutral.", date="2022-03-30")
    assert (version.version, version.based_on) == (4, 2)
    assert "Ukraine shall be neutral." in (ws / "clauses/neutrality/4.xml").read_text()
    assert "forever" in (ws / "clauses/neutrality/3.xml").read_text()
    assert findings(ws) == []


def test_lost_race_without_retry_says_retry(ws: Path, monkeypatch, run) -> None:
    _take_the_number_first(monkeypatch, ws)
    result = run(ws, "propose", "neutrality", "--party", "RU", "--no-retry", "--text-file", "-", input="Neutral.")
    assert result.exit_code == 1
    assert "version 3 of neutrality was just created by someone else" in result.stderr
    assert "retry" in result.stderr
    assert version_numbers(ws, "neutrality") == [1, 2, 3]
    assert findings(ws) == []


def test_cli_reports_when_someone_else_took_the_number(ws: Path, monkeypatch, run) -> None:
    _take_the_number_first(monkeypatch, ws)
    result = run(ws, "propose", "neutrality", "--party", "RU", "--text-file", "-", input="Neutral.")
    assert result.exit_code == 0, result.output
    assert "Created neutrality@4" in result.stdout
    assert "meanwhile someone else created neutrality@3; yours is @4 and answers @2" in result.stdout


def _propose_at_once(args) -> str:
    root, n, barrier = args
    barrier.wait()
    version = versioning.propose(
        Workspace(Path(root)), "neutrality", "RU", f"Ukraine shall be neutral, wording {n}.", date="2022-03-30"
    )
    return version.ref


def _worker(root: str, n: int, barrier, queue) -> None:
    try:
        queue.put(_propose_at_once((root, n, barrier)))
    except BaseException as exc:  # reported to the test
        queue.put(f"failed: {exc!r}")


@pytest.mark.parametrize("round_", range(3))
def test_eight_processes_proposing_at_the_same_moment(ws: Path, round_: int) -> None:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(8)
    queue = context.Queue()
    workers = [context.Process(target=_worker, args=(str(ws), n, barrier, queue)) for n in range(8)]
    for worker in workers:
        worker.start()
    refs = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert not [r for r in refs if r.startswith("failed")], refs
    assert sorted(refs) == sorted(f"neutrality@{n}" for n in range(3, 11))
    _assert_all_present(ws, 8)


def _assert_all_present(ws: Path, count: int) -> None:
    assert version_numbers(ws, "neutrality") == list(range(1, 3 + count))
    library = Library.load(Workspace(ws))
    texts = sorted(v.text() for v in library.versions("neutrality")[2:])
    assert len(set(texts)) == count
    # each answers the latest version its author saw: 2, or one a faster process had landed
    assert all(2 <= v.based_on < v.version for v in library.versions("neutrality")[2:])
    assert findings(ws) == []
    assert not list((ws / "clauses/neutrality").glob(".*"))


PROPOSE_ARGS = ["--party", "RU", "--date", "2022-03-30", "--text-file", "-"]


def test_eight_cli_processes_at_once(ws: Path) -> None:
    texts = [f"Ukraine shall be neutral, CLI wording {n}." for n in range(8)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "clauselib", "--workspace", str(ws), "propose", "neutrality", *PROPOSE_ARGS],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in texts
    ]
    outputs = [p.communicate(text, timeout=120) for p, text in zip(processes, texts)]
    assert all(p.returncode == 0 for p in processes), outputs
    _assert_all_present(ws, 8)
    assert cli_subprocess(ws, "check").returncode == 0


def test_validation_happens_before_anything_lands(ws: Path, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(xmlio, "create_new", lambda path, data: calls.append(path))
    with pytest.raises(Exception, match="placeholder 'allies'"):
        versioning.propose(Workspace(ws), "neutrality", "RU", "With {{ allies }}.", date="2022-03-30")
    assert calls == []
    with pytest.raises(VersionExistsError):
        versioning.new_clause(
            Workspace(ws), "neutrality", "neutrality", "RU", "T", "x", sources=[versioning.Source("s")]
        )
