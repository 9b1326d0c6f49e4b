"""The sandbox clause bodies are rendered in: placeholders, filters and limits.

Clause text comes from any party at the table, so it is treated as untrusted:
``ImmutableSandboxedEnvironment`` (no attribute tricks, no mutation), ``StrictUndefined``
(a missing value is an error, never an empty string), and a cap on output size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError

MAX_RENDERED_CHARS = 200_000
"""Largest text one clause paragraph may render to."""


def join_and(items: object, conjunction: str = "and") -> str:
    """["A", "B", "C"] → "A, B and C"."""
    if isinstance(items, str):
        return items
    words = [str(item) for item in items]  # type: ignore[union-attr]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    """The one sandbox environment for clause bodies (plain text, escaped later)."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["join_and"] = join_and
    return env


@lru_cache(maxsize=65536)
def _compile(source: str):
    return environment().from_string(source)


def placeholders(source: str) -> set[str]:
    """The variable names a text uses; raise TemplateError on a syntax error."""
    if "{" not in source:
        return set()
    try:
        return set(meta.find_undeclared_variables(environment().parse(source)))
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}") from None


def render_text(source: str, values: Mapping[str, object]) -> str:
    """Render one run of clause text with *values*; raise TemplateError on any failure."""
    if "{" not in source:
        return source
    try:
        rendered = _compile(source).render(dict(values))
    except UndefinedError as exc:
        raise TemplateError(f"placeholder has no value: {exc.message}") from None
    except SecurityError as exc:
        raise TemplateError(f"refused by the sandbox: {exc}") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}") from None
    except (TypeError, ValueError, ArithmeticError, OverflowError) as exc:
        raise TemplateError(f"cannot render: {exc}") from None
    if len(rendered) > MAX_RENDERED_CHARS:
        raise TemplateError(f"renders to more than {MAX_RENDERED_CHARS:,} characters; refused")
    return rendered


def as_value(value: object) -> object:
    """A parameter value as a template sees it: lists stay lists, scalars stay strings."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value
