"""The hardened parser refuses what it must, and file creation never overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clauselib import xmlio
from clauselib.errors import OutputError, SchemaError, UnsafeXMLError, VersionExistsError, XMLSyntaxError

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clause>&lol2;</clause>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<clause>&xxe;</clause>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL, b'<!DOCTYPE html SYSTEM "http://example.org/x.dtd"><a/>'])
def test_doctype_and_entities_are_refused(data: bytes) -> None:
    with pytest.raises(UnsafeXMLError) as info:
        xmlio.parse_bytes(data, "f.xml")
    assert info.value.path == "f.xml" and info.value.line in (1, 2)


def test_malformed_xml_reports_file_and_line() -> None:
    with pytest.raises(XMLSyntaxError) as info:
        xmlio.parse_bytes(b"<a>\n<b>\n</a>", "bad.xml")
    assert str(info.value).startswith("bad.xml:3: malformed XML")


def test_invalid_utf8_reports_line() -> None:
    with pytest.raises(XMLSyntaxError, match="not valid UTF-8") as info:
        xmlio.parse_bytes(b"<a>\n\xff</a>", "x.xml")
    assert info.value.line == 2


def test_bom_is_accepted() -> None:
    assert xmlio.parse_bytes(b"\xef\xbb\xbf<a/>").getroot().tag == "a"


def test_schema_error_names_line_element_and_expectation() -> None:
    tree = xmlio.parse_bytes(
        b'<clause id="x" version="1" topic="t" party="UA" date="2022-01-01" status="proposed">\n'
        b'<title>T</title>\n<text xml:lang="en"><p>x</p></text>\n</clause>',
        "c.xml",
    )
    with pytest.raises(SchemaError) as info:
        xmlio.validate(tree, "clause", "c.xml")
    message = str(info.value)
    assert message.startswith("c.xml:3:") and "/clause/text" in message and "Expected is ( source )" in message


def test_create_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "1.xml"
    xmlio.create_new(target, b"first")
    with pytest.raises(VersionExistsError):
        xmlio.create_new(target, b"second")
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["1.xml"], "no temp file may be left behind"


def test_create_new_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        xmlio.create_new(tmp_path / "nope" / "1.xml", b"x")


def test_replace_output_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.html"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        xmlio.replace_output(target, b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.html"]
