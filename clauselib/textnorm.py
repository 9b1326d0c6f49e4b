"""Normalisation and tokenisation shared by history, diff and compare.

Tokens keep whitespace and punctuation as tokens of their own, so a redline built
from them reads naturally; numbers such as ``85,000`` or ``2.5`` are one token.
"""

from __future__ import annotations

import re
import unicodedata

TOKEN = re.compile(
    r"""
      \s+                                   # whitespace, kept
    | \d{1,3}(?:,\d{3})+(?:\.\d+)?          # 85,000  1,900.5
    | \d+(?:\.\d+)?                         # 40  2.5
    | \w+(?:['’\-]\w+)*                     # words, incl. don't, non-aligned
    | [^\w\s]                               # one punctuation mark
    """,
    re.VERBOSE,
)
_INVISIBLE = dict.fromkeys(
    cp for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E)
)
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


def tokenize(text: str) -> list[str]:
    """Split *text* into word, number, punctuation and whitespace tokens ("".join gives it back)."""
    return TOKEN.findall(text)


def clean(text: str) -> str:
    """NFC form without zero-width and direction-control characters."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces, punctuation gone, "85,000" read as "85000"."""
    text = _THOUSANDS.sub("", clean(text).casefold())
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def words(text: str) -> list[str]:
    """The normalised words of *text*."""
    return normalise(text).split()
