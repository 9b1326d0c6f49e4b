"""Hostile workspaces and inputs, generated in tmp dirs for the adversarial tests.

Each builder takes a fresh copy of the shipped workspace and plants one hostile thing
in it; ``HOSTILE`` maps a short name to the builder. Nothing here is shipped as data.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .conftest import REPO, write_clause

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
CLAUSE_OPEN = (
    b'<clause id="evil" version="1" topic="neutrality" party="UA" date="2022-03-29" status="proposed">'
    b'<title>T</title><source>S</source><text xml:lang="en"><p>'
)
CLAUSE_CLOSE = b"</p></text></clause>\n"

BILLION_LAUGHS = (
    HEAD
    + b'<!DOCTYPE clause [<!ENTITY a "lol">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b"]>\n"
    + CLAUSE_OPEN
    + b"&j;"
    + CLAUSE_CLOSE
)
QUADRATIC = (
    HEAD
    + b'<!DOCTYPE clause [<!ENTITY big "'
    + b"x" * 200_000
    + b'">]>\n'
    + CLAUSE_OPEN
    + b"&big;" * 20_000
    + CLAUSE_CLOSE
)
EXTERNAL_ENTITY = (
    HEAD + b'<!DOCTYPE clause [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' + CLAUSE_OPEN + b"&xxe;" + CLAUSE_CLOSE
)
EXTERNAL_DTD = HEAD + b'<!DOCTYPE clause SYSTEM "http://127.0.0.1:9/evil.dtd">\n' + CLAUSE_OPEN + b"x" + CLAUSE_CLOSE
PARAMETER_ENTITY = (
    HEAD + b'<!DOCTYPE clause [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n' + CLAUSE_OPEN + b"x" + CLAUSE_CLOSE
)
# an entity declaration hidden after the root element (no DOCTYPE): still refused
ENTITY_ONLY = HEAD + CLAUSE_OPEN + b"x" + CLAUSE_CLOSE + b'<!ENTITY x "y">'
DEEP = HEAD + CLAUSE_OPEN + b"<em>" * 5000 + b"deep" + b"</em>" * 5000 + CLAUSE_CLOSE
INVALID_UTF8 = HEAD + CLAUSE_OPEN + b"Ukra\xff\xfeine" + CLAUSE_CLOSE
LATIN1_DECLARED = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + CLAUSE_OPEN + b"Ukra\xefne" + CLAUSE_CLOSE
NUL_BYTES = HEAD + CLAUSE_OPEN + b"Ukra\x00ine" + CLAUSE_CLOSE
UTF16 = ('<?xml version="1.0" encoding="UTF-16"?>\n' + (CLAUSE_OPEN + b"x" + CLAUSE_CLOSE).decode()).encode("utf-16")
PROCESSING_INSTRUCTION = (
    HEAD + b'<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?>\n' + CLAUSE_OPEN + b"x" + CLAUSE_CLOSE
)
XINCLUDE = (
    HEAD
    + CLAUSE_OPEN.replace(b"<clause ", b'<clause xmlns:xi="http://www.w3.org/2001/XInclude" ')
    + b'<xi:include href="/etc/passwd" parse="text"/>'
    + CLAUSE_CLOSE
)

HOSTILE_BYTES: dict[str, bytes] = {
    "billion-laughs": BILLION_LAUGHS,
    "quadratic-blowup": QUADRATIC,
    "external-entity": EXTERNAL_ENTITY,
    "external-dtd": EXTERNAL_DTD,
    "parameter-entity": PARAMETER_ENTITY,
    "entity-after-root": ENTITY_ONLY,
    "deep-nesting": DEEP,
    "invalid-utf8": INVALID_UTF8,
    "latin1-declared": LATIN1_DECLARED,
    "nul-bytes": NUL_BYTES,
    "utf16": UTF16,
    "processing-instruction": PROCESSING_INSTRUCTION,
    "xinclude": XINCLUDE,
}


def copy_workspace(root: Path) -> Path:
    """A fresh copy of the shipped workspace at *root*."""
    root.mkdir(parents=True)
    for name in ("clauses", "drafts", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


def plant_clause_bytes(root: Path, data: bytes, clause_id: str = "evil") -> Path:
    folder = root / "clauses" / clause_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "1.xml"
    path.write_bytes(data)
    return path


def huge_text_node(root: Path, size: int = 50 * 1024 * 1024) -> None:
    """A clause whose one text node is *size* bytes (written sparsely: no 50 MB in memory)."""
    path = plant_clause_bytes(root, HEAD + CLAUSE_OPEN)
    with path.open("r+b") as handle:
        handle.seek(size)
        handle.write(b"x" + CLAUSE_CLOSE)


def outside_file(root: Path) -> Path:
    """A valid-looking clause file outside the workspace (beside it)."""
    target = root.parent / f"outside-{root.name}"
    target.mkdir(exist_ok=True)
    path = target / "1.xml"
    path.write_bytes(HEAD + CLAUSE_OPEN + b"SECRET-OUTSIDE" + CLAUSE_CLOSE)
    return path


def symlink_version(root: Path) -> None:
    folder = root / "clauses" / "evil"
    folder.mkdir()
    os.symlink(outside_file(root), folder / "1.xml")


def symlink_clause_folder(root: Path) -> None:
    os.symlink(outside_file(root).parent, root / "clauses" / "evil")


def symlink_clauses_dir(root: Path) -> None:
    away = root.parent / f"clauses-{root.name}"
    (root / "clauses").rename(away)
    os.symlink(away, root / "clauses")


def symlink_registry(root: Path) -> None:
    away = root.parent / f"parties-{root.name}.xml"
    (root / "clauses" / "parties.xml").rename(away)
    os.symlink(away, root / "clauses" / "parties.xml")


def symlink_template(root: Path) -> None:
    secret = root.parent / f"secret-{root.name}.html"
    secret.write_text("SECRET-OUTSIDE {{ doc.title }}")
    (root / "templates" / "treaty.html").unlink()
    os.symlink(secret, root / "templates" / "treaty.html")


def symlink_draft(root: Path) -> None:
    target = root.parent / f"draft-{root.name}.xml"
    shutil.copy(root / "drafts" / "ua-istanbul-offer.xml", target)
    (root / "drafts" / "ua-istanbul-offer.xml").unlink()
    os.symlink(target, root / "drafts" / "ua-istanbul-offer.xml")


def invisible_id(root: Path) -> None:
    write_clause(root, "neutr\u200bality", 1)


def rtl_id(root: Path) -> None:
    write_clause(root, "evil\u202eexe", 1)


def fifo_version(root: Path) -> None:
    folder = root / "clauses" / "evil"
    folder.mkdir()
    os.mkfifo(folder / "1.xml")


def unreadable_version(root: Path) -> None:
    path = write_clause(root, "evil", 1)
    path.chmod(0)


def template_python_internals(root: Path) -> None:
    (root / "templates" / "treaty.html").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ cycler.__init__.__globals__.os.system('id') }}"
    )


def template_runaway_output(root: Path) -> None:
    (root / "templates" / "treaty.html").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"
    )


def template_big_allocation(root: Path) -> None:
    (root / "templates" / "treaty.html").write_text("{{ 'a' * 1000000000 }}{{ 'b' ~ ('c' * 999999999) }}")


def template_recursion(root: Path) -> None:
    (root / "templates" / "treaty.html").write_text("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")


def template_include_outside(root: Path) -> None:
    (root / "templates" / "treaty.html").write_text('{% include "../../../../../../etc/passwd" %}')


def clause_body(source: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = root / "clauses" / "neutrality" / "3.xml"
        data = path.read_text(encoding="utf-8")
        start = data.index("<p>", data.index('xml:lang="en"')) + 3
        path.write_text(data[:start] + source + " " + data[start:], encoding="utf-8")
        unpin(root, "ua-istanbul-offer", "neutrality")

    return build


def unpin(root: Path, draft_id: str, clause_id: str) -> None:
    """Drop the digest of *clause_id*'s pin in a draft, so an edited version still assembles."""
    path = root / "drafts" / f"{draft_id}.xml"
    data = path.read_text(encoding="utf-8")
    data = re.sub(rf'(<article clause="{clause_id}" version="\d+") digest="[^"]*"', r"\1", data)
    path.write_text(data, encoding="utf-8")


def _from_bytes(data: bytes) -> Callable[[Path], None]:
    return lambda root: plant_clause_bytes(root, data)


HOSTILE: dict[str, Callable[[Path], None]] = {
    **{name: _from_bytes(data) for name, data in HOSTILE_BYTES.items()},
    "huge-text-node": huge_text_node,
    "symlink-version": symlink_version,
    "symlink-clause-folder": symlink_clause_folder,
    "symlink-clauses-dir": symlink_clauses_dir,
    "symlink-registry": symlink_registry,
    "symlink-template": symlink_template,
    "symlink-draft": symlink_draft,
    "zero-width-id": invisible_id,
    "rtl-id": rtl_id,
    "fifo-version": fifo_version,
    "unreadable-version": unreadable_version,
    "template-python-internals": template_python_internals,
    "template-runaway-output": template_runaway_output,
    "template-big-allocation": template_big_allocation,
    "template-recursion": template_recursion,
    "template-include-outside": template_include_outside,
    "clause-python-internals": clause_body("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    "clause-loop": clause_body("{% for i in range(100000) %}{{ i }}{% endfor %}"),
    "clause-allocation": clause_body("{{ 'a' * 1000000000 }}"),
    "clause-power": clause_body("{{ (((9 ** 64) ** 64) ** 64) ** 64 }}"),
    "clause-undeclared": clause_body("{{ os }}"),
    "clause-syntax": clause_body("{{ unclosed"),
}

# Every command, with arguments that touch the shipped data; each must give exit 0 or one
# clear error line and exit 1 in any hostile workspace.
COMMANDS: list[tuple[str, ...]] = [
    ("check",),
    ("list",),
    ("drafts",),
    ("show", "neutrality"),
    ("show", "evil"),
    ("history", "neutrality"),
    ("assemble", "ua-istanbul-offer", "--format", "html"),
    ("assemble", "ua-istanbul-offer", "--format", "md"),
    ("assemble", "ua-istanbul-offer", "--format", "akn"),
    ("diff", "ua-istanbul-offer", "med-middle-path"),
    ("diff", "ua-istanbul-offer", "med-middle-path", "--format", "html"),
    ("compare", "reported-15-point-plan-2022-03-16", "--format", "csv"),
    ("search", "permanent neutrality"),
    ("sequence", "ua-istanbul-offer"),
    ("sequence", "ua-istanbul-offer", "--format", "html"),
    ("sequence", "ua-istanbul-offer", "--format", "dot"),
    ("pin", "ua-istanbul-offer"),
]


def fuzz_settings(examples: int = 30):
    """Hypothesis settings: *examples* in ``make test``; the ``fuzz`` profile's count under ``make fuzz``."""
    from hypothesis import HealthCheck, settings

    checks = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
    if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
        return settings(deadline=None, suppress_health_check=checks)
    return settings(max_examples=examples, deadline=None, suppress_health_check=checks)
