"""An assembled draft as XML (``assemble --format xml``) and back.

The file carries the rendered text of every article with its provenance, so it can be
exchanged, archived and later diffed or compared without the library it came from::

    <assembled-draft id="…" kind="draft" status="…" date="…" xml:lang="en" generator="clauselib 0.1.0">
      <title>…</title>
      <source date="…">…</source>
      <parties><party ref="UA"/></parties>
      <preamble><p>…</p></preamble>
      <article number="1" label="Article 1" eId="art_1" part="Status of Ukraine"
               clause="neutrality" version="2" party="UA" clause-status="proposed"
               topic="neutrality" digest="sha256:…" date="2022-03-29">
        <heading>…</heading>
        <p>text with <em>emphasis</em> and <ref href="#art_3">Article 3</ref></p>
      </article>
    </assembled-draft>
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from . import __version__, xmlio
from .errors import SchemaError
from .loaders import XML_LANG, parse_date, source
from .model import Composed, ComposedArticle, Paragraph, Provenance, Segment, Source

ROOT = "assembled-draft"


def _paragraph_element(parent: etree._Element, para: Paragraph) -> None:
    p = etree.SubElement(parent, "p")
    last: etree._Element | None = None
    for seg in para.segments:
        if seg.kind == "text":
            if last is None:
                p.text = (p.text or "") + seg.text
            else:
                last.tail = (last.tail or "") + seg.text
            continue
        last = etree.SubElement(p, "em" if seg.kind == "em" else "ref")
        last.text = seg.text
        if seg.kind == "ref" and seg.target:
            last.set("href", f"#{seg.target}")


def _source_element(parent: etree._Element, src: Source) -> None:
    el = etree.SubElement(parent, "source")
    el.text = src.text
    if src.url:
        el.set("url", src.url)
    if src.date:
        el.set("date", src.date.isoformat())


def to_xml(doc: Composed) -> bytes:
    """Serialise a composed document, provenance included."""
    root = etree.Element(ROOT, id=doc.id, kind=doc.kind, generator=f"clauselib {__version__}")
    if doc.status:
        root.set("status", doc.status)
    if doc.date:
        root.set("date", doc.date.isoformat())
    root.set(XML_LANG, doc.lang)
    etree.SubElement(root, "title").text = doc.title
    for src in doc.sources:
        _source_element(root, src)
    if doc.parties:
        parties = etree.SubElement(root, "parties")
        for code in doc.parties:
            etree.SubElement(parties, "party", ref=code)
    if doc.preamble:
        preamble = etree.SubElement(root, "preamble")
        for para in doc.preamble:
            _paragraph_element(preamble, para)
    for art in doc.articles:
        el = etree.SubElement(root, "article", number=str(art.number), label=art.label, eId=art.anchor)
        if art.part:
            el.set("part", art.part)
        if art.status:
            el.set("status", art.status)
        if art.missing_translation:
            el.set("missing-translation", "true")
        prov = art.provenance
        if prov:
            el.set("clause", prov.clause)
            el.set("version", str(prov.version))
            el.set("party", prov.party)
            el.set("clause-status", prov.status)
            el.set("topic", prov.topic)
            el.set("digest", prov.digest)
            el.set("date", prov.date.isoformat())
            el.set("title", prov.title)
        if art.heading:
            etree.SubElement(el, "heading").text = art.heading
        for src in art.sources:
            _source_element(el, src)
        for para in art.paragraphs:
            _paragraph_element(el, para)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _segments(p: etree._Element) -> Paragraph:
    segments: list[Segment] = []
    if p.text:
        segments.append(Segment("text", p.text))
    for child in p:
        if child.tag in ("em", "ref"):
            target = (child.get("href") or "").lstrip("#") or None
            segments.append(Segment(child.tag, child.text or "", target if child.tag == "ref" else None))
        if child.tail:
            segments.append(Segment("text", child.tail))
    return Paragraph(tuple(segments), p.sourceline)


def from_tree(tree: etree._ElementTree, origin: str) -> Composed:
    """Read an assembled draft back into a Composed."""
    root = tree.getroot()
    if root.tag != ROOT:
        raise SchemaError(f"root element is <{root.tag}>, not <{ROOT}>", path=origin, line=root.sourceline)
    articles = []
    try:
        for el in root.iterfind("article"):
            prov = None
            if el.get("clause"):
                prov = Provenance(
                    clause=el.get("clause"),
                    version=int(el.get("version", "0")),
                    party=el.get("party", ""),
                    status=el.get("clause-status", ""),
                    topic=el.get("topic", ""),
                    digest=el.get("digest", ""),
                    date=parse_date(el.get("date"), el.sourceline) or dt.date.min,
                    title=el.get("title", ""),
                )
            heading = el.find("heading")
            articles.append(
                ComposedArticle(
                    number=int(el.get("number", len(articles) + 1)),
                    label=el.get("label") or f"Article {len(articles) + 1}",
                    heading=heading.text if heading is not None else None,
                    paragraphs=tuple(_segments(p) for p in el.iterfind("p")),
                    part=el.get("part"),
                    provenance=prov,
                    status=el.get("status"),
                    sources=tuple(source(s) for s in el.iterfind("source")),
                    lang=root.get(XML_LANG, "en"),
                    missing_translation=el.get("missing-translation") == "true",
                )
            )
        preamble = root.find("preamble")
        parties = root.find("parties")
        return Composed(
            id=root.get("id", "document"),
            title=root.findtext("title") or "",
            articles=tuple(articles),
            kind=root.get("kind", "draft"),
            status=root.get("status", ""),
            date=parse_date(root.get("date"), root.sourceline),
            lang=root.get(XML_LANG, "en"),
            parties=tuple(p.get("ref", "") for p in parties.iterfind("party")) if parties is not None else (),
            preamble=tuple(_segments(p) for p in preamble.iterfind("p")) if preamble is not None else (),
            sources=tuple(source(s) for s in root.iterfind("source")),
            origin=origin,
        )
    except ValueError as exc:
        raise SchemaError(f"not a valid assembled draft: {exc}", path=origin) from None


def read_assembled(path: str) -> Composed:
    """Read an assembled-draft XML file."""
    return from_tree(xmlio.parse_file(path), str(path))
