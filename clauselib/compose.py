"""DraftSpec + Library → Composed: pins resolved, bodies rendered, articles numbered.

Clause bodies are rendered in the sandbox of :mod:`clauselib.templating` with the
draft's parameters over the clause's defaults; ``<ref clause="x"/>`` becomes
"Article N" of this draft. Each article keeps its provenance.
"""

from __future__ import annotations

from .errors import ClauselibError, DigestMismatchError, NotFoundError, TemplateError
from .library import Library
from .model import (
    ClauseVersion,
    Composed,
    ComposedArticle,
    DraftArticle,
    DraftSpec,
    Paragraph,
    ParamValue,
    Provenance,
    Segment,
)
from .templating import MissingValueError, as_value, render_text

ARTICLE_WORD = {"en": "Article", "uk": "Стаття", "ru": "Статья"}


def article_word(lang: str) -> str:
    return ARTICLE_WORD.get(lang, ARTICLE_WORD["en"])


def resolve_pin(spec: DraftSpec, article: DraftArticle, library: Library) -> ClauseVersion:
    """The clause version an article pins, its digest verified."""
    where = {"path": spec.path, "line": article.line}
    try:
        if article.version is None:
            raise NotFoundError(
                f"article pins clause '{article.clause}' without a version",
                hint=f"add version=\"{library.latest(article.clause).version}\" and run 'clauselib pin'",
            )
        version = library.get(f"{article.clause}@{article.version}")
    except ClauselibError as exc:
        if exc.path is None:
            exc.path, exc.line = where["path"], where["line"]
        raise
    if article.digest and article.digest != version.digest:
        raise DigestMismatchError(
            f"{version.path} changed after it was pinned (digest differs)",
            hint="version files are never edited: restore it from history, or propose a new version and re-pin",
            **where,
        )
    return version


def _values(version: ClauseVersion, draft_params: dict[str, ParamValue]) -> dict[str, object]:
    values: dict[str, object] = {}
    for param in version.params:
        if param.name in draft_params:
            values[param.name] = as_value(draft_params[param.name])
        elif param.default is not None:
            values[param.name] = as_value(param.default)
    return values


def render_paragraphs(
    paragraphs: tuple[Paragraph, ...],
    values: dict[str, object],
    numbers: dict[str, int],
    lang: str,
    path: str,
) -> tuple[Paragraph, ...]:
    """Render placeholders and resolve refs in a sequence of paragraphs."""
    out = []
    for para in paragraphs:
        segments = []
        for seg in para.segments:
            if seg.kind == "ref":
                number = numbers.get(seg.target or "")
                if number is None:
                    segments.append(Segment("ref", f"[{seg.target}: not in this draft]", None))
                else:
                    segments.append(Segment("ref", f"{article_word(lang)} {number}", f"art_{number}"))
                continue
            try:
                segments.append(Segment(seg.kind, render_text(seg.text, values)))
            except TemplateError as exc:
                exc.path, exc.line = path, para.line
                if isinstance(exc, MissingValueError):
                    exc.hint = "give the draft a <param> with that name or declare a default in the clause"
                raise
        out.append(Paragraph(tuple(segments), para.line))
    return tuple(out)


def compose(spec: DraftSpec, library: Library, lang: str | None = None) -> Composed:
    """Compose a draft: every pin resolved and verified, every body rendered."""
    lang = lang or spec.lang or "en"
    entries = spec.articles()
    versions: list[ClauseVersion | None] = [
        resolve_pin(spec, article, library) if article.is_pinned else None for _, article in entries
    ]
    numbers: dict[str, int] = {}
    for number, (_, article) in enumerate(entries, start=1):
        if article.clause and article.clause not in numbers:
            numbers[article.clause] = number
    articles = []
    word = article_word(lang)
    for number, ((part, article), version) in enumerate(zip(entries, versions), start=1):
        label = article.label or f"{word} {number}"
        if version is None:
            paragraphs = render_paragraphs(article.paragraphs, dict(spec.params), numbers, lang, spec.path)
            articles.append(
                ComposedArticle(
                    number=number,
                    label=label,
                    heading=article.heading,
                    paragraphs=paragraphs,
                    part=part.heading if part else None,
                    status=article.status,
                    sources=article.sources,
                    lang=lang,
                    missing_translation=lang != (spec.lang or "en"),
                )
            )
            continue
        missing = lang not in version.texts
        source_paragraphs = version.texts.get(lang) or version.texts["en"]
        paragraphs = render_paragraphs(source_paragraphs, _values(version, spec.params), numbers, lang, version.path)
        articles.append(
            ComposedArticle(
                number=number,
                label=label,
                heading=article.heading or version.title,
                paragraphs=paragraphs,
                part=part.heading if part else None,
                provenance=Provenance(
                    clause=version.id,
                    version=version.version,
                    party=version.party,
                    status=version.status,
                    topic=version.topic,
                    digest=version.digest,
                    date=version.date,
                    title=version.title,
                    sources=version.sources,
                ),
                status=article.status,
                sources=article.sources,
                lang=lang,
                missing_translation=missing,
                relations=version.relations,
            )
        )
    return Composed(
        id=spec.id,
        title=spec.title,
        articles=tuple(articles),
        kind=spec.kind,
        status=spec.status,
        date=spec.date,
        lang=lang,
        parties=spec.parties,
        preamble=render_paragraphs(spec.preamble, dict(spec.params), numbers, lang, spec.path),
        sources=spec.sources,
        origin=spec.path,
        params=dict(spec.params),
    )
