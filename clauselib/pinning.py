"""Pin and upgrade a draft manifest: edit ``version``/``digest`` attributes in place.

A manifest is the one file clauselib rewrites, so the edit is textual: only the
attributes of the ``<article>`` start tags that change are touched, every other byte
(comments, layout, line endings) stays as it was. The new text is parsed, validated and
composed before it replaces the file atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import loaders, xmlio
from .errors import ClauselibError, SchemaError
from .library import Library
from .model import ClauseVersion, DraftSpec


@dataclass(frozen=True)
class PinChange:
    """One article whose pin changes: from (version, party, status) to the new ones."""

    number: int
    clause: str
    line: int | None
    old_version: int | None
    old_party: str | None
    old_status: str | None
    old_digest: str | None
    new_version: int
    new_party: str
    new_status: str
    new_digest: str

    @property
    def moves(self) -> bool:
        """True when the version changes (not only a digest written)."""
        return self.old_version != self.new_version


def _change(number: int, article, old: ClauseVersion | None, new: ClauseVersion) -> PinChange:
    return PinChange(
        number=number,
        clause=new.id,
        line=article.line,
        old_version=old.version if old else article.version,
        old_party=old.party if old else None,
        old_status=old.status if old else None,
        old_digest=article.digest,
        new_version=new.version,
        new_party=new.party,
        new_status=new.status,
        new_digest=new.digest,
    )


def missing_pins(spec: DraftSpec, library: Library) -> list[PinChange]:
    """Articles without a digest (or without a version: pinned to the latest)."""
    from .compose import resolve_pin

    changes = []
    for number, (_, article) in enumerate(spec.articles(), start=1):
        if not article.is_pinned or (article.digest and article.version):
            continue
        if article.version is None:
            try:
                version = library.latest(article.clause)
            except ClauselibError as exc:
                exc.path, exc.line = spec.path, article.line
                raise
            changes.append(_change(number, article, None, version))
        else:
            version = resolve_pin(spec, article, library)
            changes.append(_change(number, article, version, version))
    return changes


def upgrades(spec: DraftSpec, library: Library) -> list[PinChange]:
    """Articles whose pinned version is not the latest, moved to it (and missing digests written).

    A pin already at the latest version keeps its digest: if the file changed since, that
    is for ``check`` and ``assemble`` to report, not for an upgrade to paper over.
    """
    changes = []
    for number, (_, article) in enumerate(spec.articles(), start=1):
        if not article.is_pinned:
            continue
        try:
            latest = library.latest(article.clause)
            current = library.get(f"{article.clause}@{article.version}") if article.version else None
        except ClauselibError as exc:
            exc.path, exc.line = spec.path, article.line
            raise
        if current is None or current.version != latest.version or not article.digest:
            changes.append(_change(number, article, current, latest))
    return changes


# -- the textual edit -----------------------------------------------------------

_HIDDEN = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_ARTICLE = re.compile(rb"<article(?=[\s/>])")


def _masked(data: bytes) -> bytes:
    """*data* with comments, CDATA and processing instructions blanked (same length)."""
    return _HIDDEN.sub(lambda m: re.sub(rb"[^\n]", b" ", m.group(0)), data)


def _tag_end(data: bytes, start: int) -> int:
    """The offset of the '>' closing the start tag that begins at *start*."""
    quote = None
    for i in range(start, len(data)):
        ch = data[i : i + 1]
        if quote:
            if ch == quote:
                quote = None
        elif ch in (b'"', b"'"):
            quote = ch
        elif ch == b">":
            return i
    raise SchemaError("unterminated <article> tag")


_ATTRIBUTE = re.compile(rb"""\s+([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")


def _set_attribute(tag: bytes, name: str, value: str) -> bytes:
    """The start tag with attribute *name* set to *value* (replaced in place, or appended)."""
    encoded = name.encode(), value.encode()
    pos = len(b"<article")
    while True:
        match = _ATTRIBUTE.match(tag, pos)
        if match is None:
            break
        if match.group(1) == encoded[0]:
            start, end = match.span(2)
            return tag[:start] + b'"' + encoded[1] + b'"' + tag[end:]
        pos = match.end()
    end = len(tag) - 2 if tag.endswith(b"/>") else len(tag) - 1
    while end > 0 and tag[end - 1 : end].isspace():
        end -= 1
    return tag[:end] + b" " + encoded[0] + b'="' + encoded[1] + b'"' + tag[end:]


def apply_changes(data: bytes, spec: DraftSpec, changes: list[PinChange]) -> bytes:
    """The manifest bytes with each change's version and digest written into its tag."""
    masked = _masked(data)
    starts = [m.start() for m in _ARTICLE.finditer(masked)]
    if len(starts) != len(spec.articles()):
        raise SchemaError(
            f"found {len(starts)} <article> tags but the manifest has {len(spec.articles())} articles",
            path=spec.path,
            hint="edit the manifest by hand",
        )
    edits = []
    for change in changes:
        start = starts[change.number - 1]
        end = _tag_end(masked, start) + 1
        tag = data[start:end]
        tag = _set_attribute(tag, "version", str(change.new_version))
        tag = _set_attribute(tag, "digest", change.new_digest)
        edits.append((start, end, tag))
    out = data
    for start, end, tag in sorted(edits, reverse=True):
        out = out[:start] + tag + out[end:]
    return out


def rewrite_manifest(path: str | Path, spec: DraftSpec, library: Library, changes: list[PinChange]) -> DraftSpec:
    """Apply *changes* to the manifest file atomically, after checking the result composes."""
    from .compose import compose

    data = xmlio.read_bytes(path)
    new = apply_changes(data, spec, changes)
    tree = xmlio.parse_bytes(new, spec.path)
    xmlio.validate(tree, "draft", spec.path)
    new_spec = loaders.draft(tree.getroot(), spec.path)
    compose(new_spec, library)
    xmlio.replace_output(path, new)
    return new_spec
