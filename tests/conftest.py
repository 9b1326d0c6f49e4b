"""Shared fixtures: a private copy of the shipped workspace, a CLI runner, golden files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clauselib.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from current output.")


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the repository's workspace (clauses/, drafts/, templates/) to work on."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("clauses", "drafts", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process: run(workspace, "list", "--format", "json")."""

    def invoke(workspace: Path | None, *args: str, input: str | None = None) -> Result:
        argv = (["--workspace", str(workspace)] if workspace else []) + list(args)
        return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden(name, text): compare with tests/golden/<name>; --update-golden rewrites it."""
    update = request.config.getoption("--update-golden")

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; inspect, then run pytest --update-golden"

    return compare


def write_clause(root: Path, clause_id: str, version: int, body: str | None = None, **attrs: str) -> Path:
    """Write a clause version file into workspace *root* (for bad-input tests)."""
    folder = root / "clauses" / clause_id
    folder.mkdir(parents=True, exist_ok=True)
    values = {
        "id": clause_id,
        "version": str(version),
        "topic": "neutrality",
        "party": "UA",
        "date": "2022-03-29",
        "status": "proposed",
    }
    values.update({k.replace("_", "-"): v for k, v in attrs.items()})
    attributes = " ".join(f'{k}="{v}"' for k, v in values.items())
    body = body or '<title>T</title><source>S</source><text xml:lang="en"><p>Some text.</p></text>'
    path = folder / f"{version}.xml"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<clause {attributes}>\n{body}\n</clause>\n')
    return path
