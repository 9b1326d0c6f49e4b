"""Temp files left by a write that never finished (the process was killed between writing
its temp file and linking it to its name).

Nothing ever reads these hidden files, so they cannot corrupt the library; but one may hold
the only copy of a wording someone was proposing when their machine died. ``check`` reports
each one as a warning naming the file it was meant to become, so that a person decides.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .check import Finding
from .events import EVENTS_DIR
from .library import Workspace
from .xmlio import TEMP_NAME

STALE_AFTER = 600.0
"""Seconds after which a temp file whose writer may still be alive counts as left over."""


def _writer_gone(pid: int) -> bool:
    """True when no process *pid* exists (signal 0 only asks; a foreign process answers EPERM)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _folders(workspace: Workspace) -> list[Path]:
    """The folders clauselib writes into: clauses/<id>/, clauses/<id>/events/, drafts/."""
    out = [workspace.clauses, workspace.drafts]
    if workspace.clauses.is_dir() and not workspace.clauses.is_symlink():
        for clause in sorted(workspace.clauses.iterdir()):
            if clause.is_dir() and not clause.is_symlink():
                out.append(clause)
                events = clause / EVENTS_DIR
                if events.is_dir() and not events.is_symlink():
                    out.append(events)
    return [f for f in out if f.is_dir() and not f.is_symlink()]


def leftover_findings(workspace: Workspace, now: float | None = None) -> list[Finding]:
    """A warning for every temp file of an interrupted write in the workspace."""
    now = time.time() if now is None else now
    findings = []
    for folder in _folders(workspace):
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.is_file(follow_symlinks=False))
        for name in names:
            match = TEMP_NAME.fullmatch(name)
            if not match:
                continue
            path = folder / name
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            if not (_writer_gone(int(match["pid"])) or age > STALE_AFTER):
                continue  # a write in progress
            target = folder / match["name"]
            rel = workspace.relative(path)
            if target.exists():
                hint = f"'{match['name']}' exists; compare the two, then delete the leftover"
            else:
                hint = "it holds what was being written; keep it by proposing it again, then delete it"
            findings.append(
                Finding(
                    "warning",
                    "interrupted-write",
                    f"left over from an interrupted write of '{match['name']}' (never read by clauselib)",
                    rel,
                    None,
                    hint,
                )
            )
    return findings
