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

import base64
import hashlib
import json
import math
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from . import xmlio
from .matchtext import Features, features, fill_defaults
from .model import ClauseVersion

FORMAT = "clauselib-match-index/6"
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


class DocTable(Sequence[Doc]):
    """The indexed versions as columns; a :class:`Doc` is made on first access.

    Reading the cache back fills the columns only (a few JSON arrays of strings), so a
    query that scores a few hundred versions builds a few hundred records, not 50,000.
    Stems, marks, negated-only stems and signed stems are stored space-joined (a stem never
    contains a space).
    """

    COLUMNS = (
        "clauses",
        "versions",
        "parties",
        "topics",
        "dates",
        "titles",
        "texts",
        "stems",
        "marks",
        "numbers",
        "negated",
        "signed",
        "sources",
    )

    def __init__(self, columns: dict[str, list], docs: list[Doc | None] | None = None) -> None:
        self.clauses: list[str] = columns["clauses"]
        self.versions: list[int] = columns["versions"]
        self.parties: list[str] = columns["parties"]
        self.topics: list[str] = columns["topics"]
        self.dates: list[str] = columns["dates"]
        self.titles: list[str] = columns["titles"]
        self.texts: list[str] = columns["texts"]
        self.stems: list[str] = columns["stems"]
        self.marks: list[str] = columns["marks"]
        self.numbers: list[list[float]] = columns["numbers"]
        self.negated: list[str] = columns["negated"]
        self.signed: list[str] = columns["signed"]
        self.sources: list[list[list[str]]] = columns["sources"]
        self._docs: list[Doc | None] = docs if docs is not None else [None] * len(self.clauses)

    @classmethod
    def from_docs(cls, docs: list[Doc]) -> DocTable:
        """A table holding *docs* (already made) and their columns."""
        return cls(
            {
                "clauses": [d.clause for d in docs],
                "versions": [d.version for d in docs],
                "parties": [d.party for d in docs],
                "topics": [d.topic for d in docs],
                "dates": [d.date for d in docs],
                "titles": [d.title for d in docs],
                "texts": [d.text for d in docs],
                "stems": [" ".join(d.stems) for d in docs],
                "marks": [" ".join(sorted(d.marks)) for d in docs],
                "numbers": [sorted(d.numbers) for d in docs],
                "negated": [" ".join(sorted(d.negated_only)) for d in docs],
                "signed": [" ".join(d.signed) for d in docs],
                "sources": [[list(src) for src in d.sources] for d in docs],
            },
            list(docs),
        )

    def columns(self) -> dict[str, list]:
        return {name: getattr(self, name) for name in self.COLUMNS}

    def __len__(self) -> int:
        return len(self.clauses)

    def __iter__(self):
        return (self[i] for i in range(len(self.clauses)))

    def __getitem__(self, i):  # type: ignore[override]
        if type(i) is not int:
            if isinstance(i, slice):
                return [self[j] for j in range(*i.indices(len(self)))]
            i = int(i)
        doc = self._docs[i]
        if doc is None:
            doc = self._docs[i] = Doc(
                self.clauses[i],
                self.versions[i],
                self.parties[i],
                self.topics[i],
                self.dates[i],
                self.titles[i],
                self.texts[i],
                _split(self.stems[i]),
                frozenset(_split(self.marks[i])),
                frozenset(map(float, self.numbers[i])),
                frozenset(_split(self.negated[i])),
                _split(self.signed[i]),
                tuple((d, t) for d, t in self.sources[i]),
            )
        return doc

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split(" ")) if joined else ()


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


COSINE_SHARE = 0.6  # similarity = 60 % TF-IDF cosine + 40 % rapidfuzz token_set_ratio


def blend(cosine: float, fuzzy_ratio: float) -> float:
    """Lexical similarity 0..1 from a TF-IDF cosine (0..1) and a rapidfuzz ratio (0..100)."""
    return COSINE_SHARE * cosine + (1 - COSINE_SHARE) * fuzzy_ratio / 100


@dataclass
class MatchIndex:
    """Clause versions as features, with document frequencies and weighted postings.

    Everything derived from the docs (postings with their TF-IDF weights, the per-topic
    feature dates) is built once and stored in the cache, so reading the cache back
    does not rebuild it; version records, per-version vectors and joined stems are made on
    demand, for the few hundred candidates a query scores.
    """

    docs: DocTable
    topic_keywords: dict[str, tuple[tuple[str, ...], ...]]
    key: str = ""
    postings: dict[str, Sequence[int]] = field(default_factory=dict)
    weights: dict[str, Sequence[float]] = field(default_factory=dict)
    """Per stem, the normalised TF-IDF weight of the stem in each version of its postings."""
    _topic_docs: dict[str, list[int]] = field(default_factory=dict)
    topic_features: Mapping[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Per topic, per feature: the earliest date on which each party's versions used it."""
    topic_parties: dict[str, dict[str, str]] = field(default_factory=dict)
    stem_topics: dict[str, int] = field(default_factory=dict)
    """Per stem, the number of topics whose versions use it."""
    derived: bool = False
    """True when the fields above were read from a cache (not to be rebuilt)."""
    _vectors: dict[int, dict[str, float]] = field(default_factory=dict)
    source_names: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """Per topic (filled on first use by :mod:`clauselib.occasions`): per capitalised word of
    the versions' sources, the versions citing it."""
    _joined: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.docs, DocTable):
            self.docs = DocTable.from_docs(list(self.docs))
        for i, topic in enumerate(self.docs.topics):
            self._topic_docs.setdefault(topic, []).append(i)
        if self.derived:
            return
        topic_features: dict[str, dict[str, dict[str, str]]] = {}
        for i, doc in enumerate(self.docs):
            for s in dict.fromkeys(doc.stems):
                self.postings.setdefault(s, []).append(i)  # type: ignore[attr-defined]
            first = self.topic_parties.setdefault(doc.topic, {})
            if doc.date < first.get(doc.party, "9999"):
                first[doc.party] = doc.date
            by_feature = topic_features.setdefault(doc.topic, {})
            for f in set(doc.stems) | doc.marks:
                dates = by_feature.setdefault(f, {})
                if doc.date < dates.get(doc.party, "9999"):
                    dates[doc.party] = doc.date
        self.topic_features = topic_features
        for by_feature in topic_features.values():
            for f in by_feature:
                self.stem_topics[f] = self.stem_topics.get(f, 0) + 1
        for i in range(len(self.docs)):
            for s, w in self.vector(i).items():
                self.weights.setdefault(s, []).append(w)  # type: ignore[attr-defined]

    def vector(self, i: int) -> dict[str, float]:
        """The normalised TF-IDF vector of version *i* (made on first use)."""
        vec = self._vectors.get(i)
        if vec is None:
            vec = self._vectors[i] = self._vector(Counter(_split(self.docs.stems[i])))
        return vec

    def joined(self, i: int) -> str:
        """The sorted distinct stems of version *i*, for rapidfuzz."""
        text = self._joined.get(i)
        if text is None:
            text = self._joined[i] = " ".join(sorted(set(_split(self.docs.stems[i]))))
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
        qvec = self.query_vector(query)
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
        qvec = self.query_vector(query)
        qjoined = " ".join(sorted(set(query.stems)))
        out = {}
        for i in indices:
            vec = self.vector(i)
            cos = sum(w * vec.get(s, 0.0) for s, w in qvec.items())
            out[i] = blend(cos, fuzz.token_set_ratio(qjoined, self.joined(i)) if qjoined else 0.0)
        return out

    def query_vector(self, query: Features) -> dict[str, float]:
        """The point's normalised TF-IDF vector (the cosine side of :meth:`similarity`)."""
        return self._vector(Counter(query.stems))

    def signed_similarity(self, query: Features, i: int) -> float:
        """Like :meth:`similarity`, but a negated word only matches a negated word."""
        doc = self.docs[i]
        qvec = self._signed_vector(query.signed)
        dvec = self._signed_vector(doc.signed)
        cos = sum(w * dvec.get(s, 0.0) for s, w in qvec.items())
        a, b = " ".join(sorted(set(query.signed))), " ".join(sorted(set(doc.signed)))
        return blend(cos, fuzz.token_set_ratio(a, b) if a else 0.0)

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
        """The cache record: columns of strings, postings as packed arrays, topic tables as text."""
        stems = list(self.postings)
        counts = array("i", (len(self.postings[s]) for s in stems))
        docs = array("i", (i for s in stems for i in self.postings[s]))
        weights = array("d", (w for s in stems for w in self.weights[s]))
        return {
            "format": FORMAT,
            "key": self.key,
            "topics": {t: [list(p) for p in ps] for t, ps in self.topic_keywords.items()},
            "docs": self.docs.columns(),
            "postings": {
                "stems": " ".join(stems),
                "counts": _pack(counts),
                "docs": _pack(docs),
                "weights": _pack(weights),
            },
            "topic_features": {t: _encode_topic(self.topic_features[t]) for t in self.topic_features},
            "topic_parties": self.topic_parties,
            "stem_topics": self.stem_topics,
        }


class TopicFeatures(Mapping[str, dict[str, dict[str, str]]]):
    """Per-topic feature tables kept as validated text and decoded on first use of a topic."""

    def __init__(self, encoded: dict[str, str]) -> None:
        self._encoded = encoded
        self._decoded: dict[str, dict[str, dict[str, str]]] = {}

    def __getitem__(self, topic: str) -> dict[str, dict[str, str]]:
        table = self._decoded.get(topic)
        if table is None:
            table = self._decoded[topic] = _decode_topic(self._encoded[topic])
        return table

    def __iter__(self):
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)


def _encode_topic(by_feature: dict[str, dict[str, str]]) -> str:
    """``feature<TAB>PARTY=date,PARTY=date`` lines, one per feature."""
    return "".join(
        f"{f}\t{','.join(f'{p}={d}' for p, d in sorted(dates.items()))}\n" for f, dates in by_feature.items()
    )


def _decode_topic(text: str) -> dict[str, dict[str, str]]:
    out = {}
    for line in text.splitlines():
        f, _, pairs = line.partition("\t")
        out[f] = dict(pair.split("=", 1) for pair in pairs.split(","))
    return out


# Feature (no blank, tab or newline) TAB then PARTY=YYYY-MM-DD pairs, comma-separated.
_TOPIC_LINES = re.compile(r"(?:[^\s=,]+\t[^\s=,]+=\d{4}-\d\d-\d\d(?:,[^\s=,]+=\d{4}-\d\d-\d\d)*\n)*")


def _pack(values: array) -> str:
    """An array as little-endian bytes in base64 (JSON-safe, parsed without eval or pickle)."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unpack(text: object, typecode: str) -> array:
    if not isinstance(text, str):
        raise ValueError("malformed packed array")
    raw = base64.b64decode(text, validate=True)
    out = array(typecode)
    if len(raw) % out.itemsize:
        raise ValueError("malformed packed array")
    out.frombytes(raw)
    if sys.byteorder == "big":
        out.byteswap()
    return out


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
    key: str | None = None,
) -> MatchIndex:
    """Build the index from clause versions and the topics' keywords (*key*: their library_key, if known)."""
    items = progress(versions) if progress else versions
    docs = [make_doc(v) for v in items]
    return MatchIndex(docs, _keyword_stems(keywords), key=key or library_key(versions, keywords))


def _strings(col: object, n: int, name: str) -> list[str]:
    if not isinstance(col, list) or len(col) != n or not all(type(x) is str for x in col):
        raise ValueError(f"malformed cache column {name}")
    return col


def _docs(data: object) -> DocTable:
    """The version columns, each checked for type and length."""
    if not isinstance(data, dict) or set(data) != set(DocTable.COLUMNS):
        raise ValueError("malformed cache docs")
    clauses = data["clauses"]
    n = len(clauses) if isinstance(clauses, list) else -1
    cols: dict[str, list] = {
        name: _strings(data[name], n, name)
        for name in DocTable.COLUMNS
        if name not in ("versions", "numbers", "sources")
    }
    versions, numbers, sources = data["versions"], data["numbers"], data["sources"]
    if not isinstance(versions, list) or len(versions) != n or not all(type(v) is int for v in versions):
        raise ValueError("malformed cache versions")
    if not isinstance(numbers, list) or len(numbers) != n or not all(type(row) is list for row in numbers):
        raise ValueError("malformed cache numbers")
    flat = [x for row in numbers for x in row]
    if not all(type(x) in (int, float) for x in flat) or not math.isfinite(math.fsum(flat)):
        raise ValueError("malformed cache numbers")
    if not isinstance(sources, list) or len(sources) != n or not all(type(row) is list for row in sources):
        raise ValueError("malformed cache sources")
    pairs = [src for row in sources for src in row]
    if not all(type(src) is list and len(src) == 2 for src in pairs) or not all(
        type(x) is str for src in pairs for x in src
    ):
        raise ValueError("malformed cache sources")
    for name in ("stems", "marks", "negated", "signed"):
        if any("  " in s or s[:1] == " " or s[-1:] == " " for s in cols[name]):
            raise ValueError(f"malformed cache column {name}")
    return DocTable({**cols, "versions": versions, "numbers": numbers, "sources": sources})


def from_json(data: object, key: str) -> MatchIndex:
    """An index from cached JSON; ValueError when anything does not fit."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        raise ValueError("stale or foreign cache")
    topics = data.get("topics")
    if not isinstance(topics, dict):
        raise ValueError("malformed cache")
    keywords = {}
    for t, ps in topics.items():
        if not isinstance(ps, list) or not all(isinstance(p, list) for p in ps):
            raise ValueError("malformed cache topics")
        keywords[t] = tuple(tuple(_strings(p, len(p), "topics")) for p in ps)
    docs = _docs(data.get("docs"))
    return MatchIndex(docs, keywords, key=key, derived=True, **_derived(data, len(docs)))


def _derived(data: dict, n: int) -> dict:
    """The stored postings, weights and per-topic tables, checked for shape and range."""
    packed, tf = data.get("postings"), data.get("topic_features")
    tp, st = data.get("topic_parties"), data.get("stem_topics")
    if not all(isinstance(x, dict) for x in (packed, tf, tp, st)):
        raise ValueError("malformed cache tables")
    if not isinstance(packed.get("stems"), str):
        raise ValueError("malformed postings")
    stems = _split(packed["stems"])
    counts, docs, weights = (_unpack(packed.get(k), c) for k, c in (("counts", "i"), ("docs", "i"), ("weights", "d")))
    if len(counts) != len(stems) or len(set(stems)) != len(stems) or len(docs) != len(weights):
        raise ValueError("malformed postings")
    if counts and (min(counts) < 1 or sum(counts) != len(docs)):
        raise ValueError("malformed postings")
    if docs and (min(docs) < 0 or max(docs) >= n):
        raise ValueError("posting out of range")
    # fsum is NaN or infinite when any weight is: then min/max are checked on finite numbers
    if weights and (not math.isfinite(math.fsum(weights)) or min(weights) < 0.0 or max(weights) > 1.000001):
        raise ValueError("malformed weights")
    postings, weight_of = {}, {}
    start = 0
    for s, c in zip(stems, counts):
        postings[s] = docs[start : start + c]
        weight_of[s] = weights[start : start + c]
        start += c
    if not all(type(k) is str and type(v) is int for k, v in st.items()):
        raise ValueError("malformed stem_topics")
    if not all(isinstance(v, str) and _TOPIC_LINES.fullmatch(v) for v in tf.values()):
        raise ValueError("malformed topic table")
    for table in tp.values():
        if not isinstance(table, dict) or not all(type(k) is str and type(v) is str for k, v in table.items()):
            raise ValueError("malformed topic table")
    return {
        "postings": postings,
        "weights": weight_of,
        "topic_features": TopicFeatures(tf),
        "topic_parties": tp,
        "stem_topics": st,
    }


def cached_index(
    root: Path | None,
    versions: list[ClauseVersion],
    keywords: dict[str, tuple[str, ...]],
    progress: Callable[[Iterable[ClauseVersion]], Iterable[ClauseVersion]] | None = None,
) -> MatchIndex:
    """The index for these versions: read from the workspace cache when valid, else built and cached."""
    key = library_key(versions, keywords)
    if root is None:
        return build(versions, keywords, progress, key)
    folder = Path(root) / CACHE_DIR
    if folder.is_symlink():  # never follow a link out of the workspace: work without a cache
        return build(versions, keywords, progress, key)
    path = folder / f"match-index-{key[:16]}.json"
    try:
        if path.is_file() and not path.is_symlink():
            return from_json(json.loads(path.read_text(encoding="utf-8")), key)
    except (OSError, ValueError, TypeError, KeyError):
        pass  # unreadable or stale: rebuild below
    index = build(versions, keywords, progress, key)
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        for old in folder.glob("match-index-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        xmlio.replace_output(path, json.dumps(index.to_json(), ensure_ascii=False).encode("utf-8"))
    except OSError:  # OutputError is an OSError too
        pass  # a read-only workspace still compares, only without a cache
    return index
