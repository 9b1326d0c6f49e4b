"""The one Jinja environment the package's own HTML reports render through.

The diff redline, the sequence timeline and the compare report lay out text from any
party at the table, so their templates (``clauselib/templates/``) render in Jinja's
immutable sandbox with autoescape on and ``StrictUndefined``: no value can inject markup,
and a missing one is an error, never an empty string.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment


@lru_cache(maxsize=1)
def report_environment() -> ImmutableSandboxedEnvironment:
    """The sandboxed, autoescaping environment for the package's report templates (built once)."""
    from jinja2 import PackageLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=PackageLoader("clauselib", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(name: str, **context: object) -> str:
    """Render the package template *name* (e.g. ``diff.html``) with *context*."""
    return report_environment().get_template(name).render(**context)
