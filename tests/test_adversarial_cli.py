"""Every command against every hostile workspace: exit 0, or one clear error line and exit 1.

Never a traceback, never an internal error, never a byte of a file outside the workspace
in the output, and the refusal names the hostile file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clauselib.cli import cli

from .hostile import COMMANDS, HOSTILE, HOSTILE_BYTES, copy_workspace

# What the refusal says, for the cases that must be refused (checked on `list` or `assemble`).
REFUSED: dict[str, str] = {
    "billion-laughs": "DOCTYPE declarations are not allowed",
    "quadratic-blowup": "DOCTYPE declarations are not allowed",
    "external-entity": "DOCTYPE declarations are not allowed",
    "external-dtd": "DOCTYPE declarations are not allowed",
    "parameter-entity": "DOCTYPE declarations are not allowed",
    "entity-after-root": "ENTITY declarations are not allowed",
    "deep-nesting": "nested deeper than 256 levels",
    "invalid-utf8": "not valid UTF-8",
    "latin1-declared": "not valid UTF-8",
    "nul-bytes": "malformed XML",
    "utf16": "not valid UTF-8",
    "xinclude": "does not match the clause schema",
    "huge-text-node": "larger than the limit of 8,388,608",
    "symlink-version": "link to a file outside the workspace",
    "symlink-clause-folder": "link to a folder outside the workspace",
    "symlink-clauses-dir": "outside the workspace; refused",
    "symlink-registry": "clauses/parties.xml: is a link to a file outside the workspace",
    "symlink-template": "link to a file outside the workspace",
    "symlink-draft": "link to a file outside the workspace",
    "zero-width-id": "clauses/neutr\\u200bality: folder name is not a valid clause id",
    "rtl-id": "clauses/evil\\u202eexe: folder name is not a valid clause id",
    "fifo-version": "not a regular file",
    "template-python-internals": "refused by the sandbox",
    "template-runaway-output": "renders to more than",
    "template-big-allocation": "refused by the sandbox",
    "template-recursion": "templates/treaty.html",
    "template-include-outside": "template not found",
    "clause-python-internals": "clauses/neutrality/3.xml:9: refused by the sandbox",
    "clause-loop": "not {% … %} statements",
    "clause-allocation": "refused by the sandbox: repetition too large",
    "clause-power": "refused by the sandbox: power too large",
    "clause-undeclared": "placeholder has no value",
    "clause-syntax": "template syntax error",
}
HARMLESS = {"processing-instruction", "unreadable-version"}  # loads (as root, chmod 0 still reads)
SECRETS = ("SECRET-OUTSIDE", "root:x:0:0")


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--workspace", str(root), *args], catch_exceptions=True)


def assert_clean(result: Result, what: str) -> None:
    """Exit 0, or exit 1 with exactly one ``Error:`` line; no traceback, no leaked secret."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (what, result.exception)
    assert result.exit_code in (0, 1), (what, result.exit_code, result.output)
    text = result.output
    assert "Traceback" not in text and "internal error" not in text, (what, text)
    for secret in SECRETS:
        assert secret not in text, (what, secret)
    if result.exit_code == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) <= 1, (what, result.stderr)


def test_every_hostile_case_is_listed() -> None:
    assert set(HOSTILE) == set(REFUSED) | HARMLESS


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_command_in_a_hostile_workspace(tmp_path: Path, name: str) -> None:
    root = copy_workspace(tmp_path / "ws")
    HOSTILE[name](root)
    messages = []
    for command in COMMANDS:
        result = invoke(root, *command)
        assert_clean(result, f"{name}: {' '.join(command)}")
        messages.append(result.stderr)
    out = tmp_path / "out.html"
    result = invoke(root, "assemble", "ua-istanbul-offer", "-o", str(out))
    assert_clean(result, f"{name}: assemble -o")
    if name in REFUSED:
        assert any(REFUSED[name] in m for m in [*messages, result.stderr]), (name, messages)
        if "outside" in name or name.startswith(("template-", "clause-")):
            assert not out.exists(), "a refused render leaves no output file"
    else:
        assert result.exit_code == 0, result.output
    leftovers = [p for p in os.listdir(tmp_path) if p.startswith(".out.html")]
    assert leftovers == [], "no temp file left behind"


def test_layout_that_loops_without_output_is_stopped_by_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A layout burning CPU without writing anything is stopped by MAX_RENDER_SECONDS (here 0.5 s)."""
    import clauselib.render.environment as environment

    monkeypatch.setattr(environment, "MAX_RENDER_SECONDS", 0.5)
    root = copy_workspace(tmp_path / "ws")
    (root / "templates" / "treaty.html").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    result = invoke(root, "assemble", "ua-istanbul-offer", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "templates/treaty.html" in result.stderr and "longer than 0.5 s" in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize(
    "ref",
    [
        "../x",
        "../../etc/passwd",
        "/etc/passwd",
        "%2e%2e",
        "%2e%2e%2fetc",
        "..",
        "neutr\u200bality",
        "evil\u202eexe",
        "Neutrality",
        "a" * 65,
        "x/../../y",
        "x\x00y",
        "neutrality@../1",
        "neutrality@-1",
    ],
)
def test_ids_that_try_to_leave_the_workspace_are_refused(shipped: Path, ref: str) -> None:
    for command in (("show", ref), ("history", ref), ("propose", ref, "-p", "UA", "-f", "-")):
        result = CliRunner().invoke(cli, ["-w", str(shipped), *command], input="text\n", catch_exceptions=True)
        assert_clean(result, " ".join(command))
        assert result.exit_code in (1, 2), result.output
        assert "root:x:0:0" not in result.output
    assert sorted(p.name for p in shipped.iterdir()) == ["clauses", "drafts", "templates"]


@pytest.mark.parametrize("draft", ["../x", "/etc/passwd", "%2e%2e", "..", "a\u200bb"])
def test_draft_ids_that_try_to_leave_the_workspace_are_refused(shipped: Path, draft: str) -> None:
    for command in (("assemble", draft), ("pin", draft), ("upgrade", draft, "--dry-run")):
        result = invoke(shipped, *command)
        assert_clean(result, " ".join(command))
        assert result.exit_code == 1
        assert "root:x:0:0" not in result.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_as_documents_are_refused_without_reading_them(shipped: Path, device: str) -> None:
    """diff/compare read a document by path: a device or pipe must not hang or fill memory."""
    for command in (("diff", device, "ua-istanbul-offer"), ("compare", device)):
        result = invoke(shipped, *command)
        assert_clean(result, " ".join(command))
        assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_a_pipe_as_a_document_does_not_hang(shipped: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = invoke(shipped, "compare", str(fifo))
    assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_error_lines_show_invisible_and_control_characters_as_escapes(shipped: Path) -> None:
    (shipped / "clauses" / "evil\x1b[31mred").mkdir()
    result = invoke(shipped, "list")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "evil\\u001b[31mred" in result.stderr


def test_debug_still_shows_the_traceback(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    HOSTILE["billion-laughs"](root)
    result = CliRunner().invoke(cli, ["--debug", "-w", str(root), "list"], catch_exceptions=True)
    assert result.exit_code == 1 and type(result.exception).__name__ == "UnsafeXMLError"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Ukra\xffine shall be neutral.", "not valid UTF-8"),
        (b"Ukraine \x00 shall be neutral.", "NUL character"),
        (b"Ukraine \x01 shall be neutral.", "control characters"),
        (b"{% for i in range(9) %}x{% endfor %}", "statements"),
        (b"{{ undeclared }}", "not declared"),
    ],
)
def test_a_hostile_proposal_text_is_one_clear_error(shipped: Path, tmp_path: Path, data: bytes, message: str) -> None:
    text = tmp_path / "text.txt"
    text.write_bytes(data)
    before = sorted(os.listdir(shipped / "clauses" / "neutrality"))
    for command in (
        ("propose", "neutrality", "-p", "UA", "--date", "2025-04-01", "-f", str(text)),
        ("new", "hostile-text", "-t", "neutrality", "-p", "UA", "--title", "T", "--source", "S", "-f", str(text)),
    ):
        result = invoke(shipped, *command)
        assert_clean(result, " ".join(command))
        assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert sorted(os.listdir(shipped / "clauses" / "neutrality")) == before
    assert not (shipped / "clauses" / "hostile-text").exists()


def test_an_endless_proposal_text_is_refused_without_reading_it_all(shipped: Path) -> None:
    result = invoke(shipped, "propose", "neutrality", "-p", "UA", "--date", "2025-04-01", "-f", "/dev/zero")
    assert_clean(result, "propose -f /dev/zero")
    assert result.exit_code == 1 and "longer than 1,000,000 characters" in result.stderr


def test_markup_in_a_proposal_is_stored_as_text(shipped: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text("Ukraine <script>alert(1)</script> & <b>shall</b> be neutral.", encoding="utf-8")
    result = invoke(shipped, "propose", "neutrality", "-p", "UA", "--date", "2025-04-01", "-f", str(text))
    assert result.exit_code == 0, result.output
    newest = max((shipped / "clauses" / "neutrality").glob("*.xml"), key=lambda p: int(p.stem))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in newest.read_bytes()
    assert invoke(shipped, "check").exit_code == 0


@pytest.mark.parametrize("name", sorted(HOSTILE_BYTES))
def test_hostile_documents_given_by_path(shipped: Path, tmp_path: Path, name: str) -> None:
    """diff and compare read documents by path too: the same hostile bytes, the same clean refusal."""
    data = HOSTILE_BYTES[name]
    for suffix, body in (
        (".xml", data),
        (".xml", data.replace(b"<clause ", b"<draft ").replace(b"</clause>", b"</draft>")),
    ):
        doc = tmp_path / f"hostile{suffix}"
        doc.write_bytes(body)
        for command in (("diff", str(doc), "ua-istanbul-offer"), ("compare", str(doc)), ("assemble", str(doc))):
            result = invoke(shipped, *command)
            assert_clean(result, f"{name}: {' '.join(command)}")
            assert result.exit_code == 1, (name, command, result.output)
