"""A small self-contained workspace for the versioning tests (no dependence on the shipped library)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PARTIES = """<?xml version="1.0" encoding="UTF-8"?>
<parties>
  <party code="RU" kind="state"><name>Russian Federation</name></party>
  <party code="UA" kind="state"><name>Ukraine</name></party>
  <party code="US" kind="state"><name>United States</name></party>
  <party code="MED" kind="mediator"><name>Mediator</name></party>
  <party code="JOINT" kind="joint"><name>Both sides</name></party>
</parties>
"""

TOPICS = """<?xml version="1.0" encoding="UTF-8"?>
<topics>
  <topic id="neutrality"><title>Neutrality</title></topic>
  <topic id="foreign-bases"><title>Foreign bases</title></topic>
  <topic id="security-guarantees"><title>Security guarantees</title></topic>
</topics>
"""

NEUTRALITY_1 = """<?xml version="1.0" encoding="UTF-8"?>
<clause id="neutrality" version="1" topic="neutrality" party="RU" date="2022-03-14" status="proposed">
  <title>Permanent neutrality</title>
  <source date="2022-03-14">Russian demands as publicly reported</source>
  <text xml:lang="en">
    <p>Ukraine shall renounce membership of the North Atlantic Treaty Organization for good.</p>
  </text>
</clause>
"""

NEUTRALITY_2 = """<?xml version="1.0" encoding="UTF-8"?>
<clause id="neutrality" version="2" topic="neutrality" party="UA" date="2022-03-29" status="proposed" based-on="1">
  <title>Non-aligned status backed by guarantees</title>
  <source date="2022-03-29">Ukrainian proposals tabled in Istanbul, as publicly reported</source>
  <param name="guarantors" type="list" label="States that guarantee Ukraine's security">
    <item>United Kingdom</item><item>United States</item><item>Türkiye</item>
  </param>
  <requires clause="security-guarantees">only against binding guarantees</requires>
  <text xml:lang="en">
    <p>Ukraine shall be a permanently non-aligned State, provided that {{ guarantors | join_and }}
      guarantee its security as set out in <ref clause="security-guarantees"/>.</p>
  </text>
  <text xml:lang="uk">
    <p>Україна є постійно позаблоковою державою.</p>
  </text>
</clause>
"""

GUARANTEES_1 = """<?xml version="1.0" encoding="UTF-8"?>
<clause id="security-guarantees" version="1" topic="security-guarantees" party="UA" date="2022-03-29" status="proposed">
  <title>Guarantees</title>
  <source>Ukrainian proposals tabled in Istanbul, as publicly reported</source>
  <text xml:lang="en"><p>The guarantors shall act after an armed attack.</p></text>
</clause>
"""


def make_workspace(root: Path) -> Path:
    """Write a workspace with neutrality@1 (RU), neutrality@2 (UA) and security-guarantees@1."""
    clauses = root / "clauses"
    (clauses / "neutrality").mkdir(parents=True)
    (clauses / "security-guarantees").mkdir()
    (clauses / "parties.xml").write_text(PARTIES, encoding="utf-8")
    (clauses / "topics.xml").write_text(TOPICS, encoding="utf-8")
    (clauses / "neutrality/1.xml").write_text(NEUTRALITY_1, encoding="utf-8")
    (clauses / "neutrality/2.xml").write_text(NEUTRALITY_2, encoding="utf-8")
    (clauses / "security-guarantees/1.xml").write_text(GUARANTEES_1, encoding="utf-8")
    return root


def write_draft(root: Path, draft_id: str, clause: str, version: int, digest: str) -> Path:
    """A draft pinning one clause version."""
    (root / "drafts").mkdir(exist_ok=True)
    path = root / "drafts" / f"{draft_id}.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<draft id="{draft_id}" date="2022-03-30">\n'
        f"  <title>Working draft</title>\n"
        f'  <article clause="{clause}" version="{version}" digest="{digest}"/>\n</draft>\n',
        encoding="utf-8",
    )
    return path


def cli_subprocess(root: Path, *args: str, input: str | None = None, timeout: float = 120):
    """Run ``python -m clauselib --workspace ROOT ARGS`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "clauselib", "--workspace", str(root), *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def version_numbers(root: Path, clause_id: str) -> list[int]:
    return sorted(int(p.stem) for p in (root / "clauses" / clause_id).glob("*.xml") if p.stem.isdigit())
