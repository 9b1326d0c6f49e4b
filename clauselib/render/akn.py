"""Akoma Ntoso 3.0 export: ``<act name="agreement">`` with FRBR identification.

The structure follows the OASIS LegalDocML vocabulary: ``meta/identification`` with the
work, the expression (date, language) and the manifestation; ``preface``, ``preamble``;
``body`` with ``part`` and ``article eId="art_N"`` holding ``num``, ``heading`` and
``paragraph/content/p``. Provenance (who proposed each article, which version) goes into
``meta/proprietary`` only with ``annotate`` — the text itself stays party-neutral.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from .. import __version__
from ..model import Composed, Paragraph
from . import RenderOptions
from .view import status_line

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CL = "urn:clauselib:provenance"
LANG3 = {"en": "eng", "uk": "ukr", "ru": "rus", "fr": "fra", "de": "deu", "tr": "tur"}


def _e(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{AKN}}}{tag}", {k.replace("_", ""): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _inline(p: etree._Element, para: Paragraph) -> None:
    last: etree._Element | None = None
    for seg in para.segments:
        if seg.kind == "text" or (seg.kind == "ref" and not seg.target):
            if last is None:
                p.text = (p.text or "") + seg.text
            else:
                last.tail = (last.tail or "") + seg.text
            continue
        if seg.kind == "em":
            last = _e(p, "i", seg.text)
        else:
            last = _e(p, "ref", seg.text, href=f"#{seg.target}")


def _identification(meta: etree._Element, doc: Composed) -> None:
    date = (doc.date or dt.date.today()).isoformat()
    lang = LANG3.get(doc.lang, doc.lang)
    work = f"/akn/int/act/agreement/{date}/{doc.id}"
    ident = _e(meta, "identification", source="#clauselib")
    frbr = _e(ident, "FRBRWork")
    _e(frbr, "FRBRthis", value=f"{work}/!main")
    _e(frbr, "FRBRuri", value=work)
    _e(frbr, "FRBRalias", value=doc.title, name="title")
    _e(frbr, "FRBRdate", date=date, name="draft")
    _e(frbr, "FRBRauthor", href="#clauselib")
    _e(frbr, "FRBRcountry", value="int")
    _e(frbr, "FRBRname", value="agreement")
    expr = _e(ident, "FRBRExpression")
    _e(expr, "FRBRthis", value=f"{work}/{lang}@{date}/!main")
    _e(expr, "FRBRuri", value=f"{work}/{lang}@{date}")
    _e(expr, "FRBRdate", date=date, name="draft")
    _e(expr, "FRBRauthor", href="#clauselib")
    _e(expr, "FRBRlanguage", language=lang)
    manif = _e(ident, "FRBRManifestation")
    _e(manif, "FRBRthis", value=f"{work}/{lang}@{date}/!main.xml")
    _e(manif, "FRBRuri", value=f"{work}/{lang}@{date}.akn")
    _e(manif, "FRBRdate", date=date, name="generation")
    _e(manif, "FRBRauthor", href="#clauselib")
    _e(manif, "FRBRformat", value="application/akn+xml")


def _references(meta: etree._Element, doc: Composed, options: RenderOptions) -> None:
    refs = _e(meta, "references", source="#clauselib")
    _e(refs, "TLCOrganization", eId="clauselib", href="/ontology/organization/clauselib", showAs="clauselib")
    for code in doc.parties:
        name = options.party_names.get(code, code)
        _e(refs, "TLCOrganization", eId=f"party-{code.lower()}", href=f"/ontology/organization/{code.lower()}",
           showAs=name)  # fmt: skip


def _proprietary(meta: etree._Element, doc: Composed) -> None:
    prop = _e(meta, "proprietary", source="#clauselib")
    root = etree.SubElement(prop, f"{{{CL}}}provenance", nsmap={"cl": CL}, generator=f"clauselib {__version__}")
    for art in doc.articles:
        if art.provenance is None:
            continue
        p = art.provenance
        etree.SubElement(
            root,
            f"{{{CL}}}article",
            href=f"#{art.anchor}",
            clause=p.clause,
            version=str(p.version),
            party=p.party,
            status=p.status,
            date=p.date.isoformat(),
            digest=p.digest,
        )


def to_akn(doc: Composed, options: RenderOptions) -> bytes:
    """The composed draft as an Akoma Ntoso 3.0 ``act``."""
    root = etree.Element(f"{{{AKN}}}akomaNtoso", nsmap={None: AKN})
    act = _e(root, "act", name="agreement")
    meta = _e(act, "meta")
    _identification(meta, doc)
    _references(meta, doc, options)
    if options.annotate:
        _proprietary(meta, doc)
    preface = _e(act, "preface")
    _e(_e(preface, "p", class_="title"), "docTitle", doc.title)
    _e(_e(preface, "p", class_="status"), "docStatus", status_line(doc.status, doc.lang, doc.kind))
    if doc.date:
        _e(_e(preface, "p", class_="date"), "docDate", doc.date.isoformat(), date=doc.date.isoformat())
    if doc.preamble:
        preamble = _e(act, "preamble")
        for para in doc.preamble:
            _inline(_e(preamble, "p"), para)
    body = _e(act, "body")
    container, current, parts = body, None, 0
    for art in doc.articles:
        if art.part != current:
            current = art.part
            if art.part:
                parts += 1
                container = _e(body, "part", eId=f"part_{parts}")
                _e(container, "num", _roman(parts))
                _e(container, "heading", art.part)
            else:
                container = body
        el = _e(container, "article", eId=art.anchor)
        _e(el, "num", art.label)
        if art.heading:
            _e(el, "heading", art.heading)
        paragraphs = art.paragraphs or (Paragraph(()),)
        for index, para in enumerate(paragraphs, start=1):
            content = _e(_e(el, "paragraph", eId=f"{art.anchor}__para_{index}"), "content")
            _inline(_e(content, "p"), para)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
