"""The occasion a point names (Jeddah, Vilnius) and the one party whose versions cite it."""

from __future__ import annotations

import pytest

from clauselib.compare import build_index, search
from clauselib.library import Library, Workspace
from clauselib.occasions import occasion, proper_names
from clauselib.speakers import Speakers
from tests.conftest import REPO


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(Workspace(REPO))


def test_proper_names_leave_out_parties_months_and_stop_words(library: Library) -> None:
    aliases = Speakers.of(library.parties).alias_words
    assert proper_names("In March the Jeddah plan gave Kyiv a pause.", aliases) == {"jeddah"}
    assert proper_names("The Vilnius answer to Zelensky's request", aliases) == {"vilnius"}


@pytest.mark.parametrize(
    ("text", "topic", "as_of", "party"),
    [
        ("The Jeddah plan: a thirty-day pause.", "ceasefire", "9999", "US"),
        ("The Jeddah plan: a thirty-day pause.", "ceasefire", "2024-01-01", None),  # not yet stated
        ("The Vilnius answer: an invitation when allies agree.", "nato-accession", "9999", "NATO"),
        ("The Guarantor States shall act.", "security-guarantees", "9999", None),  # a word of the texts
    ],
)
def test_the_one_party_citing_an_occasion(library: Library, text: str, topic: str, as_of: str, party) -> None:
    index = build_index(library)
    names = proper_names(text, Speakers.of(library.parties).alias_words)
    found = occasion(index, topic, names, as_of, frozenset())
    assert (found.party if found else None) == party
    assert found is None or (found.occasion and not found.stance)


def test_an_occasion_decides_between_matching_versions(library: Library) -> None:
    # Ukraine's "right to choose" carries the words; the Vilnius summit is where NATO answered it.
    point = "answer to Ukraine's right to choose its own security arrangements: it belongs in the Alliance, once all"
    plain = search(f"The {point} members agree.", library)
    named = search(f"The Vilnius {point} members agree.", library)
    assert (plain.verdict, plain.party) == ("restates", "UA")
    assert (named.verdict, named.party) == ("restates", "NATO")
    topic = next(t for t in named.topics if t.topic == "nato-accession")
    assert any(e.kind == "speaker" and "'vilnius'" in e.detail for e in topic.evidence)


def test_an_occasion_does_not_make_news_a_position(library: Library) -> None:
    news = search("The delegations met again in Jeddah on Tuesday to discuss a ceasefire.", library)
    assert news.verdict != "restates"
