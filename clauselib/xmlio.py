"""Hardened XML reading, schema validation with file:line, and safe file writing.

Reading: no DTD, no entities, no network, DOCTYPE refused before libxml2 sees the
internal subset; files must be UTF-8 and not larger than ``MAX_XML_BYTES``.
Writing: ``create_new`` never replaces an existing file (temp file, fsync, hard link);
``replace_output`` writes generated output atomically (temp file, fsync, rename).
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .errors import OutputError, SchemaError, UnsafeXMLError, VersionExistsError, XMLSyntaxError

MAX_XML_BYTES = 8 * 1024 * 1024
"""Largest XML file clauselib reads (clause versions and drafts are a few KB)."""

MAX_XML_DEPTH = 256
"""Deepest element nesting read (libxml2's own limit without ``huge_tree``; clauses need 5)."""

_REFUSED_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_bytes(data: bytes, path: str | Path = "<input>") -> etree._ElementTree:
    """Parse *data* with the hardened parser; raise a ClauselibError naming *path*."""
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXMLError(
            f"file is {len(data):,} bytes, larger than the limit of {MAX_XML_BYTES:,}",
            path=path,
            hint="split the text or check the file is the one you meant",
        )
    if b"\r" in data:  # XML reads CR and CRLF as LF anyway; libxml2 counts lines only at LF
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    for marker in _REFUSED_MARKUP:
        at = data.find(marker)
        if at >= 0:
            raise UnsafeXMLError(
                f"{marker[2:].decode()} declarations are not allowed",
                path=path,
                line=data.count(b"\n", 0, at) + 1,
                hint="remove the DOCTYPE and any entity definitions; clauselib files need neither",
            )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise XMLSyntaxError(
            f"not valid UTF-8 (byte {exc.start})",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            hint="save the file as UTF-8",
        ) from None
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg).split(", line ")[0] if exc.msg else "malformed XML"
        if "Excessive depth" in message:
            raise UnsafeXMLError(
                f"elements are nested deeper than {MAX_XML_DEPTH} levels",
                path=path,
                line=exc.lineno or None,
                hint="clauselib files need a handful of levels; check the file is the one you meant",
            ) from None
        raise XMLSyntaxError(
            f"malformed XML: {message}", path=path, line=exc.lineno or None, hint="fix the markup"
        ) from None
    if tree.docinfo.doctype:
        raise UnsafeXMLError("DOCTYPE declarations are not allowed", path=path, line=1)
    return tree


def read_bytes(path: str | Path, limit: int = MAX_XML_BYTES) -> bytes:
    """Read a file's bytes, refusing anything but a regular file of at most *limit* bytes.

    The file is opened non-blocking and checked with ``fstat`` before any read, so a FIFO,
    a device such as ``/dev/zero`` or a file that grows while it is read can neither hang
    the reader nor fill memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise XMLSyntaxError("file does not exist", path=path) from None
    except OSError as exc:
        raise XMLSyntaxError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise XMLSyntaxError("not a regular file", path=path, hint="give a file, not a device, pipe or folder")
        if info.st_size > limit:
            raise UnsafeXMLError(
                f"file is {info.st_size:,} bytes, larger than the limit of {limit:,}",
                path=path,
                hint="split the text or check the file is the one you meant",
            )
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise XMLSyntaxError(f"cannot read file: {exc.strerror or exc}", path=path) from None
        if len(data) > limit:
            raise UnsafeXMLError(f"file grew past the limit of {limit:,} bytes while it was read", path=path)
        return data


def parse_file(path: str | Path) -> etree._ElementTree:
    """Read and parse an XML file with the hardened parser."""
    return parse_bytes(read_bytes(path), path)


@cache
def schema(name: str) -> etree.XMLSchema:
    """The compiled package schema ``schemas/<name>.xsd`` (cached)."""
    folder = resources.files("clauselib") / "schemas"
    with resources.as_file(folder) as schema_dir:
        doc = etree.parse(str(Path(schema_dir) / f"{name}.xsd"), _parser())
        return etree.XMLSchema(doc)


@dataclass(frozen=True)
class SchemaProblem:
    """One schema violation: line, element path and libxml2's explanation."""

    line: int
    element: str
    message: str


def schema_problems(tree: etree._ElementTree, schema_name: str) -> list[SchemaProblem]:
    """Every violation of ``schemas/<schema_name>.xsd`` in *tree*, in document order."""
    checker = schema(schema_name)
    if checker.validate(tree):
        return []
    return [SchemaProblem(err.line, err.path or "/", _tidy_schema_message(err.message)) for err in checker.error_log]


def validate(tree: etree._ElementTree, schema_name: str, path: str | Path) -> None:
    """Raise SchemaError for the first violation of the named schema."""
    problems = schema_problems(tree, schema_name)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SchemaError(
            f"does not match the {schema_name} schema at {first.element}: {first.message}{more}",
            path=path,
            line=first.line,
        )


def _tidy_schema_message(message: str) -> str:
    return message.replace("{http://www.w3.org/XML/1998/namespace}", "xml:").rstrip(".")


# --- writing -----------------------------------------------------------------


TEMP_NAME = re.compile(r"\.(?P<name>.+)\.tmp-(?P<pid>\d+)-[0-9a-f]{8}")
"""How a write's temp file is named: ``.<target>.tmp-<pid>-<8 hex>``, hidden, beside its target."""


def _write_temp(folder: Path, name: str, data: bytes) -> Path:
    temp = folder / f".{name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise OutputError(
            "the folder to write into does not exist", path=path.parent, hint="create it first or pick another path"
        )


def create_new(path: str | Path, data: bytes) -> Path:
    """Create *path* with *data*, atomically, never replacing an existing file.

    The data goes to a temp file in the same folder, is fsynced, then hard-linked to
    its name: the link fails if the name exists, and a crash leaves no half file.
    """
    path = Path(path)
    _check_folder(path)
    try:
        temp = _write_temp(path.parent, path.name, data)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    try:
        os.link(temp, path)
    except FileExistsError:
        raise VersionExistsError(f"{path.name} exists already and is never overwritten", path=path) from None
    except OSError as exc:
        raise OutputError(f"cannot create file: {exc.strerror or exc}", path=path) from None
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return path


def replace_output(path: str | Path, data: bytes) -> Path:
    """Write generated output to *path* atomically (temp file, fsync, rename)."""
    path = Path(path)
    _check_folder(path)
    if path.is_dir():
        raise OutputError("is a folder, not a file", path=path, hint="give a file name")
    try:
        temp = _write_temp(path.parent, path.name, data)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    try:
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    _fsync_dir(path.parent)
    return path
