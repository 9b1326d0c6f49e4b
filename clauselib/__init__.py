"""clauselib — a versioned clause library for drafting peace agreements.

Public API (imported lazily so the command line starts fast)::

    from clauselib import find_workspace, Library, load_draft, compose
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "ClauselibError": "errors",
    "ClauseRef": "ids",
    "Workspace": "library",
    "Library": "library",
    "find_workspace": "library",
    "load_draft": "drafts",
    "compose": "compose",
    "read_text": "plaintext",
    "read_text_file": "plaintext",
    "check_workspace": "check",
    "word_ops": "worddiff",
    "diff_documents": "diff",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'clauselib' has no attribute {name!r}")
    return getattr(import_module(f"clauselib.{module}"), name)
