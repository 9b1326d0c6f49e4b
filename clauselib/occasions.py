"""The occasion a point names ("the Istanbul offer", "the Jeddah plan", "the Vilnius answer")
and the party whose versions on a topic were stated there.

A version's ``<source>`` records where and by whom a position was stated ("US–Ukraine joint
statement after the talks in Jeddah", "NATO Vilnius Summit Communiqué"). A point that names
such an occasion, and on its topic only one party's versions cite it, points at that party —
weak evidence, weighed like a speaker who only reports: it decides the side among versions
that match, it never lifts the threshold or the event rule ("the delegations meet again in
Istanbul" stays news).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .match_index import MatchIndex
from .matchtext import STOP, stem
from .speakers import Speaker

CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)


def _name(word: str) -> str:
    word = word.casefold().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def proper_names(text: str, ignore: Iterable[str] = ()) -> frozenset[str]:
    """The capitalised words of *text*, casefolded, less *ignore* (the parties' aliases: a
    party's name is a speaker, not an occasion), stop words and month names."""
    skip = set(ignore) | MONTHS | STOP
    return frozenset(n for n in map(_name, CAPITALISED.findall(text)) if len(n) >= 3 and n not in skip)


def source_names(index: MatchIndex, topic: str) -> dict[str, list[int]]:
    """Per capitalised word of the topic's versions' sources, the versions citing it (cached)."""
    found = index.source_names.get(topic)
    if found is None:
        found = index.source_names[topic] = {}
        for i in index.topic_docs(topic):
            words = {_name(w) for _, text in index.docs.sources[i] for w in CAPITALISED.findall(text)}
            for w in words:
                found.setdefault(w, []).append(i)
    return found


def occasion(
    index: MatchIndex, topic: str, names: frozenset[str], as_of: str, left_out: frozenset[int]
) -> Speaker | None:
    """The party whose versions on *topic* (dated ≤ as_of, not left out) alone cite one of
    *names* in their sources, as a reporting speaker; None when no name, or several parties.
    A name that is also a word of the versions' texts ("Guarantor States") is no occasion."""
    if not names:
        return None
    cited = source_names(index, topic)
    for name in sorted(names):
        if stem(name) in index.postings:
            continue
        parties = {
            index.docs.parties[i] for i in cited.get(name, ()) if index.docs.dates[i] <= as_of and i not in left_out
        }
        if len(parties) == 1:
            return Speaker(parties.pop(), name, name, occasion=True)
    return None
