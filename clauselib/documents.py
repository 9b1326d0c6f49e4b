"""Open any document diff and compare accept: a manifest, an assembled draft, or text.

* a draft id (``istanbul-framework``) or a manifest file (root ``<draft>``) is composed
  against the library;
* an assembled draft (root ``<assembled-draft>``, from ``assemble --format xml``) is read
  as it is, provenance included;
* anything else is read as plain text or Markdown of numbered points.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import assembled, loaders, plaintext, xmlio
from .drafts import draft_path
from .errors import ClauselibError, NotFoundError, SchemaError
from .ids import ID_PATTERN
from .library import Library, Workspace
from .model import Composed

DOCUMENT_LIMIT = max(xmlio.MAX_XML_BYTES, plaintext.MAX_TEXT_BYTES)


def is_manifest(path: Path) -> bool:
    """True when the file *path* is XML whose root is <draft> (read within the size limit)."""
    data = xmlio.read_bytes(path, DOCUMENT_LIMIT)
    return data[:512].lstrip().startswith(b"<") and xmlio.parse_bytes(data, str(path)).getroot().tag == "draft"


def load_document(
    arg: str, workspace: Workspace | None, library: Library | Callable[[], Library] | None = None
) -> Composed:
    """A Composed from a draft id, a manifest, an assembled draft or a text file.

    *library* composes a manifest; it may be a function, called only when one is met.
    """
    path = Path(arg)
    if not path.exists():
        if workspace is not None and ID_PATTERN.fullmatch(arg):
            path = draft_path(workspace, arg)
        else:
            raise NotFoundError("file does not exist", path=arg, hint="give a draft id or a file path")
    if path.is_dir():
        raise NotFoundError("is a folder, not a document", path=arg)
    label = workspace.relative(path) if workspace is not None and workspace.contains(path) else str(path)
    data = xmlio.read_bytes(path, DOCUMENT_LIMIT)
    if not data[:512].lstrip().startswith(b"<"):
        return plaintext.read_text_file(path)
    tree = xmlio.parse_bytes(data, label)
    tag = tree.getroot().tag
    try:
        if tag == assembled.ROOT:
            return assembled.from_tree(tree, label)
        if tag == "draft":
            xmlio.validate(tree, "draft", label)
            spec = loaders.draft(tree.getroot(), label)
    except ClauselibError as exc:
        exc.path = exc.path or label
        raise
    if tag == "draft":
        from .compose import compose

        if library is None:
            if workspace is None:
                raise NotFoundError("a draft manifest needs a workspace to compose it", path=label)
            library = Library.load(workspace)
        return compose(spec, library() if callable(library) else library)
    raise SchemaError(
        f"root element <{tag}> is neither <draft> nor <{assembled.ROOT}>",
        path=label,
        line=tree.getroot().sourceline,
        hint="give a draft manifest, an assembled draft, or a text file of numbered points",
    )
