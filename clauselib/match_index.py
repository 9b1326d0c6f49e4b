"""A retrieval index over the library's clause versions, cached under the workspace.

Each version's English text (placeholders filled with their defaults) and title become
:class:`~clauselib.matchtext.Features`. Retrieval is TF-IDF over stems through an
inverted index: only versions sharing a reasonably rare stem with the query are scored,
then the best few hundred are re-ranked with rapidfuzz (``token_set_ratio`` over the
stems, which stays fast however long the query is).

The cache is JSON (never pickle) in ``<workspace>/.clauselib-cache/``; it is keyed by a
digest of every version file's digest and of the topics' keywords, and it is checked
field by field when read. Anything that does not fit is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .matchtext import Features, features, fill_defaults
from .model import ClauseVersion

FORMAT = "clauselib-match-index/4"
CACHE_DIR = ".clauselib-cache"
SMALL = 2_000  # up to this many versions every version is scored (exact)
CANDIDATES = 300  # otherwise the inverted index proposes this many for re-ranking
COMMON = 0.2  # stems in more than this share of versions do not propose candidates


@dataclass(frozen=True)
class Doc:
    """One indexed clause version."""

    clause: str
    version: int
    party: str
    topic: str
    date: str
    title: str
    text: str
    stems: tuple[str, ...]
    marks: frozenset[str]
    numbers: frozenset[float]
    negated_only: frozenset[str] = frozenset()
    signed: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    """(ISO date or "", text) of each ``<source>`` the version cites."""

    @property
    def ref(self) -> str:
        return f"{self.clause}@{self.version}"


def version_text(version: ClauseVersion) -> str:
    """The English text of a version with its placeholders filled by their defaults."""
    defaults = {}
    for param in version.params:
        if isinstance(param.default, tuple):
            defaults[param.name] = ", ".join(param.default)
        elif param.default is not None:
            defaults[param.name] = str(param.default)
        else:
            defaults[param.name] = param.label or param.name
    paragraphs = []
    for para in version.texts.get("en", ()):
        paragraphs.append(
            "".join(seg.text if seg.kind != "ref" else f"[{seg.target}]" for seg in para.segments).strip()
        )
    return fill_defaults("\n\n".join(paragraphs), defaults)


def make_doc(version: ClauseVersion) -> Doc:
    text = version_text(version)
    feats = features(f"{version.title}. {text}")
    return Doc(
        version.id,
        version.version,
        version.party,
        version.topic,
        version.date.isoformat(),
        version.title,
        text,
        feats.stems,
        feats.marks,
        feats.numbers,
        feats.negated_only,
        feats.signed,
        tuple((src.date.isoformat() if src.date else "", src.text) for src in version.sources),
    )


@dataclass
class MatchIndex:
    """Clause versions as features, with document frequencies and weighted postings.

    Everything derived from the docs (postings with their TF-IDF weights, the per-topic
    feature dates) is built once and stored in the JSON cache, so reading the cache back
    does not rebuild it; per-version vectors and joined stems are made on demand, for the
    few hundred candidates a query scores.
    """

    docs: list[Doc]
    topic_keywords: dict[str, tuple[tuple[str, ...], ...]]
    key: str = ""
    postings: dict[str, list[int]] = field(default_factory=dict)
    weights: dict[str, list[float]] = field(default_factory=dict)
    """Per stem, the normalised TF-IDF weight of the stem in each version of its postings."""
    _topic_docs: dict[str, list[int]] = field(default_factory=dict)
    topic_features: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Per topic, per feature: the earliest date on which each party's versions used it."""
    topic_parties: dict[str, dict[str, str]] = field(default_factory=dict)
    stem_topics: dict[str, int] = field(default_factory=dict)
    """Per stem, the number of topics whose versions use it."""
    derived: bool = False
    """True when the fields above were read from a cache (not to be rebuilt)."""
    _vectors: dict[int, dict[str, float]] = field(default_factory=dict)
    _joined: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, doc in enumerate(self.docs):
            self._topic_docs.setdefault(doc.topic, []).append(i)
        if self.derived:
            return
        for i, doc in enumerate(self.docs):
            for s in dict.fromkeys(doc.stems):
                self.postings.setdefault(s, []).append(i)
            first = self.topic_parties.setdefault(doc.topic, {})
            if doc.date < first.get(doc.party, "9999"):
                first[doc.party] = doc.date
            by_feature = self.topic_features.setdefault(doc.topic, {})
            for f in set(doc.stems) | doc.marks:
                dates = by_feature.setdefault(f, {})
                if doc.date < dates.get(doc.party, "9999"):
                    dates[doc.party] = doc.date
        for by_feature in self.topic_features.values():
            for f in by_feature:
                self.stem_topics[f] = self.stem_topics.get(f, 0) + 1
        for i in range(len(self.docs)):
            for s, w in self.vector(i).items():
                self.weights.setdefault(s, []).append(w)

    @property
    def df(self) -> dict[str, int]:
        return {s: len(p) for s, p in self.postings.items()}

    def vector(self, i: int) -> dict[str, float]:
        """The normalised TF-IDF vector of version *i* (made on first use)."""
        vec = self._vectors.get(i)
        if vec is None:
            vec = self._vectors[i] = self._vector(Counter(self.docs[i].stems))
        return vec

    def joined(self, i: int) -> str:
        """The sorted distinct stems of version *i*, for rapidfuzz."""
        text = self._joined.get(i)
        if text is None:
            text = self._joined[i] = " ".join(sorted(set(self.docs[i].stems)))
        return text

    # -- weights -------------------------------------------------------------

    def idf(self, stem: str) -> float:
        return math.log((1 + len(self.docs)) / (1 + len(self.postings.get(stem, ())))) + 1.0

    def _vector(self, counts: Counter) -> dict[str, float]:
        vec = {s: (1 + math.log(n)) * self.idf(s) for s, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {s: v / norm for s, v in vec.items()}

    def topic_docs(self, topic: str) -> list[int]:
        return self._topic_docs.get(topic, [])

    # -- retrieval -------------------------------------------------------------

    def candidates(self, query: Features, limit: int = CANDIDATES) -> list[int]:
        """Indices of the versions worth scoring for *query*."""
        if len(self.docs) <= SMALL:
            return list(range(len(self.docs)))
        qvec = self._vector(Counter(query.stems))
        cutoff = max(50, int(COMMON * len(self.docs)))
        acc: dict[int, float] = {}
        for s, w in qvec.items():
            plist = self.postings.get(s)
            if not plist or len(plist) > cutoff:
                continue
            for i, dw in zip(plist, self.weights[s]):
                acc[i] = acc.get(i, 0.0) + w * dw
        if not acc:  # only very common stems: fall back on those
            for s, w in qvec.items():
                plist = self.postings.get(s, ())[: limit * 4]
                for i, dw in zip(plist, self.weights.get(s, ())):
                    acc[i] = acc.get(i, 0.0) + w * dw
        return sorted(acc, key=acc.__getitem__, reverse=True)[:limit]

    def similarity(self, query: Features, indices: Iterable[int]) -> dict[int, float]:
        """Lexical similarity 0..1 of *query* to each version: TF-IDF cosine and rapidfuzz."""
        qvec = self._vector(Counter(query.stems))
        qjoined = " ".join(sorted(set(query.stems)))
        out = {}
        for i in indices:
            vec = self.vector(i)
            cos = sum(w * vec.get(s, 0.0) for s, w in qvec.items())
            fuzzy = fuzz.token_set_ratio(qjoined, self.joined(i)) / 100 if qjoined else 0.0
            out[i] = 0.6 * cos + 0.4 * fuzzy
        return out

    def signed_similarity(self, query: Features, i: int) -> float:
        """Like :meth:`similarity`, but a negated word only matches a negated word."""
        doc = self.docs[i]
        qvec = self._signed_vector(query.signed)
        dvec = self._signed_vector(doc.signed)
        cos = sum(w * dvec.get(s, 0.0) for s, w in qvec.items())
        a, b = " ".join(sorted(set(query.signed))), " ".join(sorted(set(doc.signed)))
        return 0.6 * cos + 0.4 * (fuzz.token_set_ratio(a, b) / 100 if a else 0.0)

    def _signed_vector(self, signed: tuple[str, ...]) -> dict[str, float]:
        counts = Counter(signed)
        vec = {s: (1 + math.log(n)) * self.idf(s.lstrip("¬")) for s, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {s: v / norm for s, v in vec.items()}

    def keyword_hits(self, query: Features) -> dict[str, list[str]]:
        """Per topic, the topic keywords (from topics.xml) whose every stem is in *query*."""
        have = set(query.stems)
        hits: dict[str, list[str]] = {}
        for topic, phrases in self.topic_keywords.items():
            for phrase in phrases:
                words = " ".join(phrase)
                if phrase and all(s in have for s in phrase) and words not in hits.get(topic, ()):
                    hits.setdefault(topic, []).append(words)
        return hits

    # -- serialisation -----------------------------------------------------------

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "key": self.key,
            "topics": {t: [list(p) for p in ps] for t, ps in self.topic_keywords.items()},
            "docs": [
                [
                    *(d.clause, d.version, d.party, d.topic, d.date, d.title, d.text),
                    *(list(d.stems), sorted(d.marks), sorted(d.numbers), sorted(d.negated_only), list(d.signed)),
                    [list(src) for src in d.sources],
                ]
                for d in self.docs
            ],
            "postings": self.postings,
            "weights": self.weights,
            "topic_features": self.topic_features,
            "topic_parties": self.topic_parties,
            "stem_topics": self.stem_topics,
        }


def _extractor_digest() -> str:
    """A digest of the feature extractor's source: a change to it invalidates every cache."""
    from . import matchtext

    try:
        return hashlib.sha256(Path(matchtext.__file__).read_bytes()).hexdigest()
    except OSError:
        return "unknown"


def library_key(versions: list[ClauseVersion], topics: dict[str, tuple[str, ...]]) -> str:
    """A digest of every version's file digest and every topic's keywords."""
    h = hashlib.sha256(FORMAT.encode())
    h.update(_extractor_digest().encode())
    for v in sorted(versions, key=lambda v: (v.id, v.version)):
        h.update(f"{v.id}@{v.version}={v.digest}|{v.path}\n".encode())
    for topic in sorted(topics):
        h.update(f"{topic}:{'|'.join(topics[topic])}\n".encode())
    return h.hexdigest()


def _keyword_stems(keywords: dict[str, tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    return {topic: tuple(p for p in (features(k).stems for k in words) if p) for topic, words in keywords.items()}


def build(
    versions: list[ClauseVersion],
    keywords: dict[str, tuple[str, ...]],
    progress: Callable[[Iterable[ClauseVersion]], Iterable[ClauseVersion]] | None = None,
) -> MatchIndex:
    """Build the index from clause versions and the topics' keywords."""
    items = progress(versions) if progress else versions
    docs = [make_doc(v) for v in items]
    return MatchIndex(docs, _keyword_stems(keywords), key=library_key(versions, keywords))


def _str(x) -> str:
    if not isinstance(x, str):
        raise ValueError("not a string")
    return x


def from_json(data: object, key: str) -> MatchIndex:
    """An index from cached JSON; ValueError when anything does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        raise ValueError("stale or foreign cache")
    topics = data.get("topics")
    docs = data.get("docs")
    if not isinstance(topics, dict) or not isinstance(docs, list):
        raise ValueError("malformed cache")
    keywords = {_str(t): tuple(tuple(_str(s) for s in p) for p in ps) for t, ps in topics.items()}
    out = []
    for row in docs:
        if not isinstance(row, list) or len(row) != 13 or not isinstance(row[1], int):
            raise ValueError("malformed cache row")
        clause, _, party, topic, date, title, text = (_str(x) if i != 1 else x for i, x in enumerate(row[:7]))
        stems = tuple(_str(s) for s in row[7])
        marks = frozenset(_str(s) for s in row[8])
        if not all(isinstance(n, int | float) for n in row[9]):
            raise ValueError("malformed numbers")
        negated_only = frozenset(_str(s) for s in row[10])
        numbers = frozenset(map(float, row[9]))
        signed = tuple(_str(s) for s in row[11])
        sources = tuple((_str(d), _str(t)) for d, t in row[12])
        out.append(
            Doc(clause, row[1], party, topic, date, title, text, stems, marks, numbers, negated_only, signed, sources)
        )
    return MatchIndex(out, keywords, key=key, derived=True, **_derived(data, len(out)))


def _derived(data: dict, n: int) -> dict:
    """The stored postings, weights and per-topic tables, checked for shape and range."""
    postings, weights = data.get("postings"), data.get("weights")
    tf, tp, st = data.get("topic_features"), data.get("topic_parties"), data.get("stem_topics")
    if not all(isinstance(x, dict) for x in (postings, weights, tf, tp, st)) or postings.keys() != weights.keys():
        raise ValueError("malformed cache tables")
    for s, plist in postings.items():
        w = weights[s]
        if not isinstance(plist, list) or not isinstance(w, list) or len(plist) != len(w):
            raise ValueError("malformed postings")
        if plist and (not all(isinstance(i, int) for i in plist) or min(plist) < 0 or max(plist) >= n):
            raise ValueError("posting out of range")
        if not all(isinstance(x, int | float) for x in w):
            raise ValueError("malformed weights")
    if not all(isinstance(v, int) for v in st.values()):
        raise ValueError("malformed stem_topics")
    for table in (*tf.values(), tp):
        if not isinstance(table, dict):
            raise ValueError("malformed topic table")
    return {"postings": postings, "weights": weights, "topic_features": tf, "topic_parties": tp, "stem_topics": st}


def cached_index(
    root: Path | None,
    versions: list[ClauseVersion],
    keywords: dict[str, tuple[str, ...]],
    progress: Callable[[Iterable[ClauseVersion]], Iterable[ClauseVersion]] | None = None,
) -> MatchIndex:
    """The index for these versions: read from the workspace cache when valid, else built and cached."""
    key = library_key(versions, keywords)
    if root is None:
        return build(versions, keywords, progress)
    folder = Path(root) / CACHE_DIR
    if folder.is_symlink():  # never follow a link out of the workspace: work without a cache
        return build(versions, keywords, progress)
    path = folder / f"match-index-{key[:16]}.json"
    try:
        if path.is_file() and not path.is_symlink():
            return from_json(json.loads(path.read_text(encoding="utf-8")), key)
    except (OSError, ValueError, TypeError, KeyError):
        pass  # unreadable or stale: rebuild below
    index = build(versions, keywords, progress)
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        for old in folder.glob("match-index-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(index.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only workspace still compares, only without a cache
    return index
