"""Offline work in git: two clones propose the same version number; check explains, renumber resolves.
And ``check --git``: committed version files that were later modified."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from clauselib.library import Library, Workspace
from clauselib.merging import split_conflict
from tests.versioning_support import make_workspace, version_numbers, write_draft

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str, when: str = "2022-03-30T09:00:00", check: bool = True) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Negotiator",
        "GIT_AUTHOR_EMAIL": "n@example.org",
        "GIT_COMMITTER_NAME": "Negotiator",
        "GIT_COMMITTER_EMAIL": "n@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stdout}{result.stderr}")
    return result.stdout + result.stderr


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    """A bare 'origin' with the workspace, cloned twice (two negotiators' machines)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(origin), str(seed))
    make_workspace(seed)
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "the library")
    git(seed, "push", "-q", "origin", "HEAD:main")
    a, b = tmp_path / "alice", tmp_path / "bob"
    git(tmp_path, "clone", "-q", str(origin), str(a))
    git(tmp_path, "clone", "-q", str(origin), str(b))
    return a, b


def propose(run, root: Path, party: str, text: str) -> None:
    result = run(
        root, "propose", "neutrality", "--party", party, "--text-file", "-", "--date", "2022-03-30", input=text
    )
    assert result.exit_code == 0, result.output


def test_two_clones_propose_the_same_number_check_explains_renumber_resolves(clones, run) -> None:
    alice, bob = clones
    # Alice proposes neutrality@3 and pushes first
    propose(run, alice, "RU", "Ukraine shall be a permanently neutral State.")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "RU wording", when="2022-03-30T10:00:00")
    git(alice, "push", "-q")
    # Bob, offline, proposes his own neutrality@3, pins it in a draft and records that RU agreed to it
    propose(run, bob, "UA", "Ukraine shall be non-aligned while guarantees hold.")
    assert run(bob, "agree", "neutrality@3", "--party", "RU", "--date", "2022-03-31").exit_code == 0
    bobs_digest = Library.load(Workspace(bob)).get("neutrality@3").digest
    write_draft(bob, "istanbul", "neutrality", 3, bobs_digest)
    # the UA wording requires the guarantees, so a consistent draft pins them too (relation check, issue 7)
    guarantees = Library.load(Workspace(bob)).get("security-guarantees@1")
    manifest = bob / "drafts/istanbul.xml"
    pin = f"  <!-- Bob's pins -->\n  <article clause='security-guarantees' version='1' digest='{guarantees.digest}'/>\n"
    pin += "</draft>"
    manifest.write_text(manifest.read_text().replace("</draft>", pin))
    git(bob, "add", "-A")
    git(bob, "commit", "-q", "-m", "UA wording", when="2022-03-30T11:00:00")
    # Bob's push is refused; pulling meets two different files named 3.xml
    assert "rejected" in git(bob, "push", check=False)
    assert "CONFLICT (add/add)" in git(bob, "pull", "--no-rebase", check=False)

    result = run(bob, "check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["merge-conflict"]  # one explanation, not a cascade
    conflict = findings[0]
    assert conflict["path"] == "clauses/neutrality/3.xml"
    assert "two wordings claim version 3 of 'neutrality'" in conflict["message"]
    assert "ours UA 2022-03-30, theirs RU 2022-03-30" in conflict["message"]
    assert "clauselib renumber neutrality@3" in conflict["hint"]
    line = run(bob, "propose", "neutrality", "--party", "UA", "--text-file", "-", input="x").stderr
    assert "clauselib renumber neutrality@3" in line  # nothing builds on a conflicted clause

    manifest_before = manifest.read_text()
    result = run(bob, "renumber", "neutrality@3")
    assert result.exit_code == 0, result.output
    # same date: the later commit (Bob's, not yet shared) moves; Alice's pushed @3 keeps its number
    assert "Kept neutrality@3; the ours side is now neutrality@4" in result.stdout
    assert "re-pinned drafts/istanbul.xml to neutrality@4" in result.stdout
    library = Library.load(Workspace(bob))
    kept, moved = library.get("neutrality@3"), library.get("neutrality@4")
    assert (kept.party, moved.party) == ("RU", "UA")
    assert moved.based_on == 2 and "non-aligned while guarantees hold" in moved.text()
    assert library.current_status(moved) == "agreed" and library.current_status(kept) == "proposed"
    draft = (bob / "drafts/istanbul.xml").read_text()
    assert 'version="4"' in draft and moved.digest in draft
    # the re-pin edits the two attributes in place: every other byte of the manifest stays
    assert draft == manifest_before.replace('version="3"', 'version="4"').replace(bobs_digest, moved.digest)
    assert run(bob, "check").exit_code == 0
    assert run(bob, "check", "--git").exit_code == 0, run(bob, "check", "--git").stdout

    git(bob, "add", "-A")
    git(bob, "commit", "-q", "-m", "merge: renumber UA wording to @4", when="2022-03-30T12:00:00")
    git(bob, "push", "-q")
    git(alice, "pull", "-q", "--no-rebase")
    assert version_numbers(alice, "neutrality") == [1, 2, 3, 4]
    result = run(alice, "check", "--git")
    assert result.exit_code == 0, result.stdout  # Alice's committed @3 was never modified
    history = run(alice, "history", "neutrality").stdout
    assert "-> 2022-03-31  RU agreed to neutrality@4 (recorded as @3 before renumbering)" in history


def test_renumber_with_an_explicit_side_and_on_a_clean_file(clones, run) -> None:
    alice, bob = clones
    propose(run, alice, "RU", "Ukraine shall be neutral.")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "RU", when="2022-03-30T10:00:00")
    git(alice, "push", "-q")
    propose(run, bob, "UA", "Ukraine shall be non-aligned.")
    git(bob, "add", "-A")
    git(bob, "commit", "-q", "-m", "UA", when="2022-03-30T11:00:00")
    git(bob, "pull", "--no-rebase", check=False)
    result = run(bob, "renumber", "neutrality@3", "--move", "theirs")
    assert "the theirs side is now neutrality@4" in result.stdout
    assert Library.load(Workspace(bob)).get("neutrality@4").party == "RU"
    result = run(bob, "renumber", "neutrality@3")
    assert result.exit_code == 1 and "has no conflict markers; nothing to renumber" in result.stderr
    result = run(bob, "renumber", "neutrality")
    assert result.exit_code == 1 and "no version of 'neutrality' has conflict markers" in result.stderr


def test_check_git_reports_a_committed_version_file_later_modified(clones, run) -> None:
    alice, _ = clones
    path = alice / "clauses/neutrality/2.xml"
    path.write_text(path.read_text().replace("permanently", "temporarily"))
    result = run(alice, "check", "--git", "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "uncommitted-modified-version" and finding["path"] == "clauses/neutrality/2.xml"
    git(alice, "commit", "-q", "-am", "quietly soften UA's wording", when="2022-04-01T10:00:00")
    assert run(alice, "check").exit_code == 0  # the files alone cannot tell: nothing pins @2
    result = run(alice, "check", "--git", "--format", "json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "git-modified-version" and finding["path"] == "clauses/neutrality/2.xml"
    assert "quietly soften UA's wording" in finding["message"] and "git show" in finding["hint"]
    (alice / "clauses/security-guarantees/1.xml").unlink()
    git(alice, "commit", "-q", "-am", "drop guarantees", when="2022-04-02T10:00:00")
    codes = {f["code"] for f in json.loads(run(alice, "check", "--git", "--format", "json").stdout)["findings"]}
    assert "git-deleted-version" in codes


def test_check_git_outside_a_repository(tmp_path: Path, run) -> None:
    root = make_workspace(tmp_path / "plain")
    result = run(root, "check", "--git")
    assert result.exit_code == 1 and "not in a git repository" in result.stderr


def test_split_conflict_reads_merge_and_diff3_styles() -> None:
    merged = b"a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> abc123 (msg)\nz\n"
    sides = split_conflict(merged)
    assert (sides.ours, sides.theirs, sides.ours_label, sides.theirs_label) == (
        b"a\nours\nz\n",
        b"a\ntheirs\nz\n",
        "HEAD",
        "abc123 (msg)",
    )
    diff3 = b"<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> other\n"
    assert split_conflict(diff3).ours == b"ours\n" and split_conflict(diff3).theirs == b"theirs\n"
    assert split_conflict(b"<clause/>\n") is None
    assert split_conflict(b"<<<<<<< HEAD\nunfinished\n") is None


def test_check_git_finds_a_wording_a_merge_dropped(clones, run) -> None:
    alice, bob = clones
    propose(run, alice, "RU", "Ukraine shall be neutral.")
    git(alice, "add", "-A")
    git(alice, "commit", "-q", "-m", "RU", when="2022-03-30T10:00:00")
    git(alice, "push", "-q")
    propose(run, bob, "UA", "Ukraine shall be non-aligned.")
    git(bob, "add", "-A")
    git(bob, "commit", "-q", "-m", "UA", when="2022-03-30T11:00:00")
    git(bob, "pull", "--no-rebase", check=False)
    git(bob, "checkout", "--ours", "clauses/neutrality/3.xml")  # the tempting, lossy resolution
    git(bob, "add", "-A")
    git(bob, "commit", "-q", "--no-edit", when="2022-03-30T12:00:00")
    assert run(bob, "check").exit_code == 0  # the files alone look fine
    result = run(bob, "check", "--git", "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "git-lost-version" and finding["path"] == "clauses/neutrality/3.xml"
    assert "two wordings were committed as clauses/neutrality/3.xml" in finding["message"]


def commit_all(root: Path, message: str, when: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


def test_a_chain_of_conflicting_versions_moves_together(clones, run) -> None:
    alice, bob = clones
    propose(run, alice, "RU", "Ukraine shall be neutral.")
    propose(run, alice, "RU", "Ukraine shall be neutral for ever.")
    commit_all(alice, "RU twice", "2022-03-30T10:00:00")
    git(alice, "push", "-q")
    propose(run, bob, "UA", "Ukraine shall be non-aligned.")
    propose(run, bob, "UA", "Ukraine shall be non-aligned while guarantees hold.")
    commit_all(bob, "UA twice", "2022-03-30T11:00:00")
    git(bob, "pull", "--no-rebase", check=False)
    codes = [f["code"] for f in json.loads(run(bob, "check", "--format", "json").stdout)["findings"]]
    assert codes == ["merge-conflict", "merge-conflict"]
    result = run(bob, "renumber", "neutrality")
    assert result.exit_code == 0, result.output
    assert "Kept neutrality@3; the ours side is now neutrality@5" in result.stdout
    assert "Kept neutrality@4; the ours side is now neutrality@6" in result.stdout
    library = Library.load(Workspace(bob))
    assert [(v.version, v.party, v.based_on) for v in library.versions("neutrality")[2:]] == [
        (3, "RU", 2),
        (4, "RU", 3),
        (5, "UA", 2),
        (6, "UA", 5),  # it answered Bob's own @3, which is now @5
    ]
    assert run(bob, "check").exit_code == 0


def test_the_side_later_versions_build_on_keeps_its_number(clones, run) -> None:
    alice, bob = clones
    propose(run, alice, "RU", "Ukraine shall be neutral.")
    commit_all(alice, "RU", "2022-03-30T10:00:00")
    git(alice, "push", "-q")
    propose(run, bob, "UA", "Ukraine shall be non-aligned.")
    propose(run, bob, "UA", "Ukraine shall be non-aligned while guarantees hold.")  # @4, based on Bob's @3
    commit_all(bob, "UA twice", "2022-03-30T11:00:00")
    git(bob, "pull", "--no-rebase", check=False)
    result = run(bob, "renumber", "neutrality@3")
    assert result.exit_code == 0, result.output
    # Bob's @3 is later, but his clean @4 answers it: Alice's @3 moves instead, and @4 stays right
    assert "Kept neutrality@3; the theirs side is now neutrality@5" in result.stdout
    library = Library.load(Workspace(bob))
    assert library.get("neutrality@3").party == "UA" and library.get("neutrality@5").party == "RU"
    assert library.get("neutrality@4").based_on == 3
    commit_all(bob, "merge", "2022-03-30T12:00:00")
    assert run(bob, "check", "--git").exit_code == 0
