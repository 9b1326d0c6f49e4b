"""A Composed document as the plain, read-only view templates format.

Computation stays here; templates only lay it out. Articles are grouped into sections
(a part heading over its run of articles), each article carries its provenance note
(shown only with ``annotate``) and, for parallel texts, the same article in the second
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Composed, ComposedArticle, Paragraph, Provenance, Source

LANGUAGE_NAMES = {"en": "English", "uk": "Українська", "ru": "Русский", "fr": "Français", "de": "Deutsch"}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "preamble": "Preamble",
        "parties": "Parties",
        "proposed_by": "Proposed by",
        "sources": "Sources",
        "source": "Source",
        "version": "version",
        "digest": "digest",
        "reported": "reported",
        "unknown": "not reported — unknown",
        "missing": "No {lang} text for this article.",
        "missing_shown": "No {lang} text for this article; the {source} text is shown.",
        "missing_preamble": "No {lang} text for the preamble; the {source} text is shown.",
        "missing_preamble_short": "No {lang} text for the preamble.",
        "page": "Page",
        "of": "of",
        "annotated": "Annotated for internal review — not for circulation",
        "reported_doc": "Reported document — not an official text",
        "date": "Date",
    },
    "uk": {
        "contents": "Зміст",
        "preamble": "Преамбула",
        "parties": "Сторони",
        "proposed_by": "Запропонувала сторона",
        "sources": "Джерела",
        "source": "Джерело",
        "version": "версія",
        "digest": "дайджест",
        "reported": "повідомлено",
        "unknown": "не повідомлено — невідомо",
        "missing": "Для цієї статті немає тексту мовою: {lang}.",
        "missing_shown": "Для цієї статті немає тексту мовою: {lang}; показано текст мовою: {source}.",
        "missing_preamble": "Для преамбули немає тексту мовою: {lang}; показано текст мовою: {source}.",
        "missing_preamble_short": "Для преамбули немає тексту мовою: {lang}.",
        "page": "Сторінка",
        "of": "з",
        "annotated": "З примітками для внутрішнього розгляду — не для поширення",
        "reported_doc": "Документ за повідомленнями — не офіційний текст",
        "date": "Дата",
    },
}

STATUS_LINES: dict[str, dict[str, str]] = {
    "en": {
        "working": "Working draft — not agreed",
        "draft": "Working draft — not agreed",
        "proposal": "Proposal — not agreed",
        "proposed": "Proposal — not agreed",
        "reported": "Reported plan — not an official text",
        "agreed": "Agreed text",
    },
    "uk": {
        "working": "Робочий проєкт — не погоджено",
        "draft": "Робочий проєкт — не погоджено",
        "proposal": "Пропозиція — не погоджено",
        "proposed": "Пропозиція — не погоджено",
        "reported": "План за повідомленнями — не офіційний текст",
        "agreed": "Погоджений текст",
    },
}


def words(lang: str) -> dict[str, str]:
    """The interface words of a language (English where there is no translation)."""
    return WORDS.get(lang, WORDS["en"])


def status_line(status: str, lang: str, kind: str = "draft") -> str:
    """ "working" → "Working draft — not agreed"; anything unknown stays visible as given."""
    key = "reported" if kind == "reported" and status in ("", "working", "reported") else status
    lines = STATUS_LINES.get(lang, STATUS_LINES["en"])
    return lines.get(key) or STATUS_LINES["en"].get(key) or f"{status.capitalize()} — not agreed"


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


@dataclass(frozen=True)
class Note:
    """Who proposed an article's wording, and which version it is (for --annotate)."""

    party: str
    party_name: str
    ref: str
    clause_status: str
    date: str
    digest: str
    title: str
    sources: tuple[Source, ...]
    relations: tuple[str, ...] = ()
    """Sentences on what the article requires, conflicts with or waits for (relations.relation_notes)."""


@dataclass(frozen=True)
class ArticleView:
    number: int
    label: str
    heading: str | None
    anchor: str
    lang: str
    text_lang: str
    paragraphs: tuple[Paragraph, ...]
    missing_translation: bool
    missing_message: str
    status: str | None
    status_text: str | None
    sources: tuple[Source, ...]
    note: Note | None
    other: ArticleView | None = None


@dataclass(frozen=True)
class SectionView:
    heading: str | None
    anchor: str
    articles: tuple[ArticleView, ...]
    number: int | None = None
    """1, 2, 3 … over the sections that are parts (have a heading); None for loose articles."""


@dataclass(frozen=True)
class DocumentView:
    id: str
    title: str
    kind: str
    lang: str
    status: str
    status_line: str
    date: str
    parties: tuple[str, ...]
    preamble: tuple[Paragraph, ...]
    preamble_missing: str
    sections: tuple[SectionView, ...]
    sources: tuple[Source, ...]
    annotate: bool
    words: dict[str, str]
    langs: tuple[str, ...]
    lang_names: tuple[str, ...]
    source_lang: str = "en"
    other: DocumentView | None = None
    articles: tuple[ArticleView, ...] = field(default=())

    @property
    def parallel(self) -> bool:
        return self.other is not None


def _note(prov: Provenance | None, party_names: dict[str, str], relations: tuple[str, ...] = ()) -> Note | None:
    if prov is None:
        return None
    return Note(
        party=prov.party,
        party_name=party_names.get(prov.party, prov.party),
        ref=prov.ref,
        clause_status=prov.status,
        date=prov.date.isoformat() if prov.date else "",
        digest=prov.digest,
        title=prov.title,
        sources=prov.sources,
        relations=relations,
    )


def _article(
    art: ComposedArticle,
    annotate: bool,
    party_names: dict[str, str],
    source_lang: str,
    other: ArticleView | None,
    partner: bool,
    relations: tuple[str, ...] = (),
) -> ArticleView:
    w = words(art.lang)
    missing = ""
    shown_lang = "en" if art.provenance else source_lang  # compose falls back to a clause's English text
    if art.missing_translation:
        template = w["missing"] if partner else w["missing_shown"]
        missing = template.format(lang=language_name(art.lang), source=language_name(shown_lang))
    heading = art.heading
    from_title = art.provenance is not None and heading == art.provenance.title
    if from_title and art.lang != "en" and (partner or not art.missing_translation):
        heading = None  # clause titles are English only: a translated article shows its number alone
    return ArticleView(
        number=art.number,
        label=art.label,
        heading=heading,
        anchor=art.anchor,
        lang=art.lang,
        text_lang=shown_lang if art.missing_translation else art.lang,
        paragraphs=() if (art.missing_translation and partner) else art.paragraphs,
        missing_translation=art.missing_translation,
        missing_message=missing,
        status=art.status,
        status_text=w.get(art.status) if art.status else None,
        sources=art.sources,
        note=_note(art.provenance, party_names, relations) if annotate else None,
        other=other,
    )


def _section(heading: str | None, before: list[SectionView], articles: list[ArticleView]) -> SectionView:
    number = sum(1 for s in before if s.heading) + 1 if heading else None
    return SectionView(heading, f"part_{len(before) + 1}", tuple(articles), number)


def build_view(
    doc: Composed,
    *,
    annotate: bool = False,
    party_names: dict[str, str] | None = None,
    source_lang: str = "en",
    other: Composed | None = None,
    partner: bool = False,
) -> DocumentView:
    """The view of *doc*; with *other* (the same draft in a second language), a parallel view.

    *source_lang* is the language the manifest's own text (preamble, literal articles) is
    written in; *partner* marks the second column of a parallel view, where a missing
    translation shows only its marker (the first column holds the text).
    """
    names = party_names or {}
    other_view = None
    if other is not None:
        if len(other.articles) != len(doc.articles):
            raise ValueError("parallel documents must have the same articles")
        other_view = build_view(other, annotate=False, party_names=names, source_lang=source_lang, partner=True)
    other_articles = other_view.articles if other_view else ()
    notes: dict[int, tuple[str, ...]] = {}
    if annotate:
        from ..relations import relation_notes, view_of_composed

        notes = relation_notes(view_of_composed(doc))
    articles: list[ArticleView] = []
    sections: list[SectionView] = []
    run: list[ArticleView] = []
    current: str | None = None
    for index, art in enumerate(doc.articles):
        twin = other_articles[index] if other_view else None
        view = _article(art, annotate, names, source_lang, twin, partner, notes.get(art.number, ()))
        if run and art.part != current:
            sections.append(_section(current, sections, run))
            run = []
        current = art.part
        run.append(view)
        articles.append(view)
    if run:
        sections.append(_section(current, sections, run))
    w = words(doc.lang)
    preamble, preamble_missing = doc.preamble, ""
    if doc.preamble and doc.lang != source_lang:
        key = "missing_preamble_short" if partner else "missing_preamble"
        preamble_missing = w[key].format(lang=language_name(doc.lang), source=language_name(source_lang))
        preamble = () if partner else doc.preamble
    langs = (doc.lang, other.lang) if other is not None else (doc.lang,)
    return DocumentView(
        id=doc.id,
        title=doc.title,
        kind=doc.kind,
        lang=doc.lang,
        status=doc.status,
        status_line=status_line(doc.status, doc.lang, doc.kind),
        date=doc.date.isoformat() if doc.date else "",
        parties=tuple(names.get(code, code) for code in doc.parties),
        preamble=preamble,
        preamble_missing=preamble_missing,
        sections=tuple(sections),
        sources=doc.sources,
        annotate=annotate,
        words=w,
        langs=langs,
        lang_names=tuple(language_name(lang) for lang in langs),
        source_lang=source_lang,
        other=other_view,
        articles=tuple(articles),
    )
