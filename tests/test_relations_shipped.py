"""The shipped library carries the relations the positions really have; shipped drafts check clean."""

from __future__ import annotations

import json

import pytest

from clauselib.check import DRAFT_CHECKS
from clauselib.drafts import draft_ids, load_draft
from clauselib.library import Library, find_workspace
from clauselib.relations import view_of_spec
from clauselib.sequence import build_sequence
from tests.conftest import REPO

WORKSPACE = find_workspace(REPO)

EXPLAINED: dict[str, set[str]] = {}
"""Shipped drafts that deliberately show relation findings: draft id → the finding codes, explained in its <note>."""


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(WORKSPACE)


def _relations(library: Library, clause_id: str, party: str, kind: str) -> set[str]:
    return {r.clause for v in library.versions(clause_id) if v.party == party for r in v.relations_of(kind)}


def test_ukraine_offers_neutrality_only_against_guarantees(library: Library) -> None:
    assert "security-guarantees" in _relations(library, "neutrality", "UA", "requires")


def test_western_sanctions_relief_waits_for_verified_implementation(library: Library) -> None:
    for party in ("US", "EU"):
        afters = [r for v in library.versions("sanctions-relief") if v.party == party for r in v.relations_of("after")]
        assert afters and all(r.verified_by for r in afters), party
        assert {r.clause for r in afters} == {"withdrawal"}, party


def test_nato_course_and_neutrality_rule_each_other_out(library: Library) -> None:
    for version in library.versions("neutrality"):
        assert "nato-accession" in {r.clause for r in version.relations_of("conflicts")}, version.ref
    assert "neutrality" in _relations(library, "nato-accession", "NATO", "conflicts")


def test_constitutional_change_and_entry_into_force_are_sequenced(library: Library) -> None:
    assert "end-of-war" in _relations(library, "constitutional-amendment", "UA", "after")
    assert "ceasefire" in _relations(library, "end-of-war", "UA", "after")


@pytest.mark.parametrize("draft_id", draft_ids(WORKSPACE))
def test_shipped_draft_checks_clean_or_is_explained(library: Library, draft_id: str) -> None:
    spec = load_draft(WORKSPACE, draft_id)
    codes = {f.code for check in DRAFT_CHECKS for f in check(library, spec) if f.severity == "error"}
    assert codes == EXPLAINED.get(draft_id, set()), (draft_id, codes)
    if spec.kind != "reported" and "sequence-cycle" not in codes:
        assert build_sequence(view_of_spec(spec, library)).stages


def test_mediators_draft_gives_a_recognisable_timeline(shipped, run, golden) -> None:
    data = json.loads(run(shipped, "sequence", "med-middle-path", "--format", "json").stdout)
    by_clause = {a["clause"]: s["stage"] for s in data["stages"] for a in s["articles"]}
    assert by_clause["ceasefire"] == 0 and by_clause["neutrality"] == 0  # on signature
    assert by_clause["withdrawal"] == 1 and by_clause["end-of-war"] == 1  # once the guns are silent
    assert by_clause["sanctions-relief"] == 2 and by_clause["constitutional-amendment"] == 2
    relief = next(a for s in data["stages"] for a in s["articles"] if a["clause"] == "sanctions-relief")
    assert [(c["clause"], c["delay_text"]) for c in relief["after"]] == [
        ("ceasefire", "30 days"),
        ("withdrawal", "90 days"),
    ]
    assert all(c["verified_by"] == "an international monitoring mission" for c in relief["after"])
    golden("sequence/med-middle-path.txt", run(shipped, "sequence", "med-middle-path").stdout)
    html = run(shipped, "sequence", "med-middle-path", "--format", "html").stdout
    golden("sequence/med-middle-path.html", html)


def test_istanbul_offer_puts_the_constitution_after_the_referendum(shipped, run) -> None:
    data = json.loads(run(shipped, "sequence", "ua-istanbul-offer", "--format", "json").stdout)
    by_clause = {a["clause"]: s["stage"] for s in data["stages"] for a in s["articles"]}
    assert by_clause["ceasefire"] == 0 < by_clause["end-of-war"] < by_clause["constitutional-amendment"]
