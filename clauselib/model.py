"""The objects every stage passes along: frozen dataclasses, never paths or text.

files ──xmlio──▶ ClauseVersion ──▶ Library; drafts/*.xml ──▶ DraftSpec;
DraftSpec + Library ──compose──▶ Composed (also read from plain text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

STATUSES = ("proposed", "countered", "agreed", "withdrawn", "rejected")
ParamValue = str | tuple[str, ...]


@dataclass(frozen=True)
class Party:
    """A party whose positions the library records (``RU``, ``UA``, ``MED`` …)."""

    code: str
    name: str
    kind: str
    description: str = ""
    color: str | None = None
    aliases: tuple[str, ...] = ()
    """Names a news line uses for the party ("Kyiv", "Zelensky", "Ukrainian"): see speakers."""


@dataclass(frozen=True)
class Topic:
    """A subject clauses can be about, with the words people use for it."""

    id: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a wording or a reported point comes from."""

    text: str
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Segment:
    """A run of paragraph text: plain ``text``, emphasised ``em``, or a ``ref`` to a clause.

    In a clause version a ``ref`` segment's ``target`` is the clause id; once composed it
    reads "Article N" and ``target`` is the article's anchor (``art_N``), or None when
    the clause is not in the draft.
    """

    kind: Literal["text", "em", "ref"]
    text: str
    target: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One ``<p>``: its segments and the line it starts on in its file."""

    segments: tuple[Segment, ...]
    line: int | None = None

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return "".join(seg.text for seg in self.segments)


@dataclass(frozen=True)
class Param:
    """A declared placeholder of a clause version and its default value."""

    name: str
    type: Literal["text", "number", "list"]
    label: str
    default: ParamValue | None = None


@dataclass(frozen=True)
class Relation:
    """``requires`` / ``conflicts`` / ``after`` another clause, with the reason given."""

    kind: Literal["requires", "conflicts", "after"]
    clause: str
    reason: str = ""
    step: str | None = None
    delay: str | None = None
    verified_by: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class ClauseVersion:
    """One wording of one clause, as stored in ``clauses/<id>/<version>.xml``."""

    id: str
    version: int
    topic: str
    party: str
    date: dt.date
    status: str
    title: str
    sources: tuple[Source, ...]
    texts: dict[str, tuple[Paragraph, ...]]
    params: tuple[Param, ...] = ()
    relations: tuple[Relation, ...] = ()
    based_on: int | None = None
    note: str = ""
    path: str = ""
    digest: str = ""

    @property
    def ref(self) -> str:
        """``id@version``."""
        return f"{self.id}@{self.version}"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def text(self, lang: str = "en") -> str:
        """The unrendered text in *lang* as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.texts.get(lang, ()))

    def relations_of(self, kind: str) -> tuple[Relation, ...]:
        return tuple(r for r in self.relations if r.kind == kind)


# --- drafts ------------------------------------------------------------------


@dataclass(frozen=True)
class DraftArticle:
    """An article of a draft manifest: a pinned clause version or literal text."""

    clause: str | None = None
    version: int | None = None
    digest: str | None = None
    heading: str | None = None
    label: str | None = None
    status: str | None = None  # "reported" | "unknown" on reported documents
    paragraphs: tuple[Paragraph, ...] = ()
    sources: tuple[Source, ...] = ()
    line: int | None = None

    @property
    def is_pinned(self) -> bool:
        return self.clause is not None


@dataclass(frozen=True)
class DraftPart:
    """A part of a draft: a heading over a run of articles."""

    heading: str
    articles: tuple[DraftArticle, ...]
    line: int | None = None


@dataclass(frozen=True)
class DraftSpec:
    """A draft manifest as read from ``drafts/<id>.xml``."""

    id: str
    title: str
    kind: Literal["draft", "reported"]
    template: str
    status: str
    date: dt.date | None
    lang: str
    parties: tuple[str, ...]
    params: dict[str, ParamValue]
    preamble: tuple[Paragraph, ...]
    body: tuple[DraftPart | DraftArticle, ...]
    sources: tuple[Source, ...] = ()
    note: str = ""
    path: str = ""

    def articles(self) -> list[tuple[DraftPart | None, DraftArticle]]:
        """Every article in order, with the part it sits in (or None)."""
        out: list[tuple[DraftPart | None, DraftArticle]] = []
        for item in self.body:
            if isinstance(item, DraftPart):
                out.extend((item, article) for article in item.articles)
            else:
                out.append((None, item))
        return out


# --- composed documents --------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """Where a composed article's wording comes from."""

    clause: str
    version: int
    party: str
    status: str
    topic: str
    digest: str
    date: dt.date
    title: str
    sources: tuple[Source, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.clause}@{self.version}"


@dataclass(frozen=True)
class ComposedArticle:
    """A numbered article of a composed document, with its rendered text."""

    number: int
    label: str
    heading: str | None
    paragraphs: tuple[Paragraph, ...]
    part: str | None = None
    provenance: Provenance | None = None
    status: str | None = None  # "reported" | "unknown" for reported points
    sources: tuple[Source, ...] = ()
    lang: str = "en"
    missing_translation: bool = False
    relations: tuple[Relation, ...] = ()

    @property
    def anchor(self) -> str:
        return f"art_{self.number}"

    @property
    def text(self) -> str:
        """The article's text, paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Composed:
    """A document ready to render, diff or compare: a composed draft or a read plan."""

    id: str
    title: str
    articles: tuple[ComposedArticle, ...]
    kind: str = "draft"
    status: str = ""
    date: dt.date | None = None
    lang: str = "en"
    parties: tuple[str, ...] = ()
    preamble: tuple[Paragraph, ...] = ()
    sources: tuple[Source, ...] = ()
    origin: str = ""
    """Where it was read from: a manifest path, an assembled file, a plain-text file."""
    params: dict[str, ParamValue] = field(default_factory=dict)
