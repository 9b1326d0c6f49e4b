"""Fault injection through the CLI: a full disk or a refused permission while writing.

Every writer goes through ``xmlio`` (temp file, fsync, rename or link). A failure at any
step must leave the old file untouched, no half-written new file, no temp file, and
print one ``Error:`` line naming the path, with exit 1.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clauselib import xmlio
from clauselib.cli import cli

REAL_FDOPEN = os.fdopen
REAL_OPEN = os.open


class _HalfThenFull:
    """A writable file that writes half of what it is given, then reports a full disk."""

    def __init__(self, handle) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()


def disk_full_mid_write(monkeypatch: pytest.MonkeyPatch) -> None:
    def fdopen(fd, mode="r", *args, **kwargs):
        handle = REAL_FDOPEN(fd, mode, *args, **kwargs)
        return _HalfThenFull(handle) if "w" in mode else handle

    monkeypatch.setattr(xmlio.os, "fdopen", fdopen)


def disk_full_at_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(xmlio.os, "fsync", fsync)


def permission_denied_on_create(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a read-only folder does (root ignores chmod, so the refusal is injected)."""

    def open_(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return REAL_OPEN(path, flags, *args, **kwargs)

    monkeypatch.setattr(xmlio.os, "open", open_)


def permission_denied_on_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(xmlio.os, "replace", refuse)
    monkeypatch.setattr(xmlio.os, "link", refuse)


FAULTS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "disk-full-mid-write": (disk_full_mid_write, "No space left on device"),
    "disk-full-at-fsync": (disk_full_at_fsync, "No space left on device"),
    "permission-on-create": (permission_denied_on_create, "Permission denied"),
    "permission-on-rename": (permission_denied_on_rename, "Permission denied"),
}

OUTPUTS: list[tuple[str, ...]] = [
    ("assemble", "ua-istanbul-offer", "-o", "{out}/draft.html"),
    ("assemble", "ua-istanbul-offer", "-o", "{out}/draft.md"),
    ("assemble", "ua-istanbul-offer", "-o", "{out}/draft.akn"),
    ("assemble", "ua-istanbul-offer", "-o", "{out}/draft.docx"),
    ("diff", "ua-istanbul-offer", "med-middle-path", "-o", "{out}/redline.html"),
    ("diff", "ua-istanbul-offer", "med-middle-path", "-o", "{out}/redline.docx"),
    ("compare", "reported-15-point-plan-2022-03-16", "-o", "{out}/compare.csv"),
    ("compare", "reported-15-point-plan-2022-03-16", "-o", "{out}/compare.html"),
    ("list", "-o", "{out}/list.txt"),
]


def invoke(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["-w", str(root), *args], input=input, catch_exceptions=True)


def assert_one_error_line(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: f"{c[0]}-{c[-1].rsplit('.', 1)[-1]}")
def test_a_failed_output_write_leaves_the_old_file_and_no_temp(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, command: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(out=out) for a in command]
    target = Path(args[-1])
    target.write_bytes(b"the previous output")
    inject, message = FAULTS[fault]
    with monkeypatch.context() as patch:
        inject(patch)
        result = invoke(shipped, *args)
    assert_one_error_line(result, message)
    assert str(target) in result.stderr
    assert target.read_bytes() == b"the previous output", "the old output is untouched"
    assert sorted(os.listdir(out)) == [target.name], "no temp file and no half file"


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failed_new_version_leaves_no_file(shipped: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    folder = shipped / "clauses" / "neutrality"
    before = sorted(os.listdir(folder))
    inject, message = FAULTS[fault]
    with monkeypatch.context() as patch:
        inject(patch)
        result = invoke(
            shipped,
            *("propose", "neutrality", "-p", "UA", "--date", "2025-04-01", "-f", "-", "--no-retry"),
            input="Ukraine shall be neutral and guaranteed.\n",
        )
    assert_one_error_line(result, message)
    assert sorted(os.listdir(folder)) == before
    result = invoke(shipped, "check")
    assert result.exit_code == 0, result.output


def test_output_into_a_missing_folder_or_onto_a_folder_is_one_clear_error(shipped: Path, tmp_path: Path) -> None:
    result = invoke(shipped, "assemble", "ua-istanbul-offer", "-o", str(tmp_path / "nope" / "x.html"))
    assert_one_error_line(result, "does not exist")
    (tmp_path / "d.html").mkdir()
    result = invoke(shipped, "assemble", "ua-istanbul-offer", "-o", str(tmp_path / "d.html"))
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
