"""The shipped library loads, resolves references and meets its coverage promises."""

from __future__ import annotations

from collections import defaultdict

import pytest

from clauselib.errors import InvalidIdError, NotFoundError
from clauselib.ids import ClauseRef
from clauselib.library import Library, find_workspace
from tests.conftest import REPO

CORE = ["neutrality", "no-foreign-bases", "security-guarantees", "sanctions-relief", "constitutional-amendment"]
SECONDARY_TOPICS = [
    "ceasefire",
    "withdrawal",
    "armed-forces",
    "territory",
    "governance",
    "language-and-identity",
    "eu-membership",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(find_workspace(REPO))


def test_core_clauses_have_three_versions_from_three_parties(library: Library) -> None:
    for clause_id in CORE:
        versions = library.versions(clause_id)
        assert len(versions) >= 3, clause_id
        parties = {v.party for v in versions}
        assert {"RU", "UA"} <= parties, clause_id
        assert len(parties) >= 3, clause_id
        assert any(v.based_on for v in versions), f"{clause_id} has no based-on chain"


def test_secondary_topics_have_two_parties(library: Library) -> None:
    by_topic = defaultdict(set)
    for version in library.all_versions():
        by_topic[version.topic].add(version.party)
    for topic in SECONDARY_TOPICS:
        assert len(by_topic[topic]) >= 2, topic


def test_armed_forces_is_parameterised_with_both_sides_figures(library: Library) -> None:
    defaults = {v.party: {p.name: p.default for p in v.params} for v in library.versions("armed-forces") if v.params}
    assert defaults["RU"]["personnel"] == "85,000"
    assert defaults["UA"]["personnel"] == "250,000"
    assert {"tanks", "artillery"} <= set(defaults["RU"])


def test_a_list_parameter_exists(library: Library) -> None:
    lists = [p for v in library.all_versions() for p in v.params if p.type == "list"]
    assert any(p.name == "guarantors" and isinstance(p.default, tuple) and len(p.default) >= 2 for p in lists)


def test_resolve_latest_and_exact(library: Library) -> None:
    latest = library.get("neutrality")
    assert latest.version == len(library.versions("neutrality"))
    first = library.get("neutrality@1")
    assert first.version == 1 and first.ref == "neutrality@1"
    assert library.get(ClauseRef("neutrality", 2)).version == 2


def test_unknown_clause_suggests_the_closest(library: Library) -> None:
    with pytest.raises(NotFoundError) as info:
        library.get("nuetrality")
    assert "did you mean 'neutrality'" in str(info.value)


def test_unknown_version_lists_the_versions(library: Library) -> None:
    with pytest.raises(NotFoundError, match="has no version 999"):
        library.get("neutrality@999")


@pytest.mark.parametrize("bad", ["../etc", "Neutrality", "a/b", "neutrality@0", "neutrality@x", "", "-x"])
def test_invalid_refs_are_refused_before_any_path(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        ClauseRef.parse(bad)


def test_every_version_has_a_source_and_english_text(library: Library) -> None:
    for version in library.all_versions():
        assert version.sources and version.sources[0].text
        assert version.text("en").strip()
        assert version.digest.startswith("sha256:")


def test_core_latest_versions_have_ukrainian_text(library: Library) -> None:
    for clause_id in CORE:
        latest = library.latest(clause_id)
        assert "uk" in latest.texts, clause_id
        assert len(latest.texts["uk"]) == len(latest.texts["en"]), clause_id
