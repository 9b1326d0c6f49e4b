"""XML elements to model objects, for schema-valid clause, party, topic and draft files."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from lxml import etree

from .errors import SchemaError
from .model import (
    ClauseVersion,
    DraftArticle,
    DraftPart,
    DraftSpec,
    Paragraph,
    Param,
    Party,
    Relation,
    Segment,
    Source,
    Topic,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SPACE = re.compile(r"\s+")


def digest_bytes(data: bytes) -> str:
    """The pin digest of a file: sha256 of its bytes with line endings made LF."""
    return "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def parse_date(value: str | None, line: int | None = None) -> dt.date | None:
    """``YYYY-MM-DD`` as a date; a value the schema allows but Python cannot hold
    (``20022-03-29``, ``2022-03-29Z``) is a SchemaError, not a ValueError."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SchemaError(
            f"date {value!r} cannot be read", line=line, hint="write the date as YYYY-MM-DD with a four-digit year"
        ) from None


def paragraph(element: etree._Element) -> Paragraph:
    """A ``<p>`` with inline ``<em>`` and ``<ref clause>`` as segments, whitespace folded."""
    raw: list[Segment] = []
    if element.text:
        raw.append(Segment("text", element.text))
    for child in element:
        if child.tag == "em":
            raw.append(Segment("em", "".join(child.itertext())))
        elif child.tag == "ref":
            raw.append(Segment("ref", "", target=child.get("clause")))
        if child.tail:
            raw.append(Segment("text", child.tail))
    segments = [Segment(s.kind, _SPACE.sub(" ", s.text), s.target) for s in raw]
    if segments and segments[0].kind != "ref":
        segments[0] = Segment(segments[0].kind, segments[0].text.lstrip(), segments[0].target)
    if segments and segments[-1].kind != "ref":
        segments[-1] = Segment(segments[-1].kind, segments[-1].text.rstrip(), segments[-1].target)
    return Paragraph(tuple(s for s in segments if s.text or s.kind == "ref"), element.sourceline)


def paragraphs(parent: etree._Element | None) -> tuple[Paragraph, ...]:
    if parent is None:
        return ()
    return tuple(paragraph(p) for p in parent.iterfind("p"))


def source(element: etree._Element) -> Source:
    return Source(_text(element), element.get("url"), parse_date(element.get("date"), element.sourceline))


def _param_value(element: etree._Element) -> str | tuple[str, ...] | None:
    items = tuple(_text(item) for item in element.iterfind("item"))
    if items:
        return items
    value = element.get("default", element.get("value"))
    return value


def clause_version(root: etree._Element, path: str, digest: str) -> ClauseVersion:
    """Build a ClauseVersion from a schema-valid ``<clause>`` element."""
    params = tuple(
        Param(
            name=p.get("name"),
            type=p.get("type", "text"),
            label=p.get("label", ""),
            default=_param_value(p) if (p.get("default") is not None or len(p)) else None,
        )
        for p in root.iterfind("param")
    )
    relations = tuple(
        Relation(
            kind=r.tag,
            clause=r.get("clause"),
            reason=_text(r),
            step=r.get("step"),
            delay=r.get("delay"),
            verified_by=r.get("verified-by"),
            line=r.sourceline,
        )
        for r in root
        if r.tag in ("requires", "conflicts", "after")
    )
    texts = {t.get(XML_LANG): paragraphs(t) for t in root.iterfind("text")}
    based_on = root.get("based-on")
    return ClauseVersion(
        id=root.get("id"),
        version=int(root.get("version")),
        topic=root.get("topic"),
        party=root.get("party"),
        date=parse_date(root.get("date"), root.sourceline),
        status=root.get("status"),
        title=_text(root.find("title")),
        sources=tuple(source(s) for s in root.iterfind("source")),
        texts=texts,
        params=params,
        relations=relations,
        based_on=int(based_on) if based_on else None,
        note=_text(root.find("note")),
        path=path,
        digest=digest,
    )


def parties(root: etree._Element) -> dict[str, Party]:
    out: dict[str, Party] = {}
    owners: dict[str, str] = {}
    for p in root.iterfind("party"):
        aliases = tuple(a.strip() for a in _text(p.find("aliases")).split(",") if a.strip())
        for alias in aliases:
            other = owners.setdefault(alias.casefold(), p.get("code"))
            if other != p.get("code"):
                raise SchemaError(
                    f"alias '{alias}' is given to both {other} and {p.get('code')}",
                    line=p.find("aliases").sourceline,
                    hint="an alias names one party: keep it on the party news lines mean by it",
                )
        out[p.get("code")] = Party(
            code=p.get("code"),
            name=_text(p.find("name")),
            kind=p.get("kind"),
            description=_text(p.find("description")),
            color=p.get("color"),
            aliases=aliases,
        )
    return out


def topics(root: etree._Element) -> dict[str, Topic]:
    out = {}
    for t in root.iterfind("topic"):
        keywords = tuple(k.strip() for k in _text(t.find("keywords")).split(",") if k.strip())
        out[t.get("id")] = Topic(t.get("id"), _text(t.find("title")), _text(t.find("description")), keywords)
    return out


def _draft_article(element: etree._Element) -> DraftArticle:
    version = element.get("version")
    return DraftArticle(
        clause=element.get("clause"),
        version=int(version) if version else None,
        digest=element.get("digest"),
        heading=element.get("heading"),
        label=element.get("label"),
        status=element.get("status"),
        paragraphs=paragraphs(element),
        sources=tuple(source(s) for s in element.iterfind("source")),
        line=element.sourceline,
    )


def draft(root: etree._Element, path: str) -> DraftSpec:
    """Build a DraftSpec from a schema-valid ``<draft>`` element."""
    body: list[DraftPart | DraftArticle] = []
    for child in root:
        if child.tag == "part":
            body.append(
                DraftPart(
                    child.get("heading"),
                    tuple(_draft_article(a) for a in child.iterfind("article")),
                    child.sourceline,
                )
            )
        elif child.tag == "article":
            body.append(_draft_article(child))
    parties_el = root.find("parties")
    return DraftSpec(
        id=root.get("id"),
        title=_text(root.find("title")),
        kind=root.get("kind", "draft"),
        template=root.get("template", "draft"),
        status=root.get("status", "working"),
        date=parse_date(root.get("date"), root.sourceline),
        lang=root.get(XML_LANG, "en"),
        parties=tuple(p.get("ref") for p in parties_el.iterfind("party")) if parties_el is not None else (),
        params={p.get("name"): _param_value(p) or "" for p in root.iterfind("param")},
        preamble=paragraphs(root.find("preamble")),
        body=tuple(body),
        sources=tuple(source(s) for s in root.iterfind("source")),
        note=_text(root.find("note")),
        path=path,
    )
