"""The sandbox every template renders in: clause bodies and layouts alike.

Clause text and workspace templates come from any party at the table, so both are
treated as untrusted:

* ``BoundedSandbox`` — Jinja's ``ImmutableSandboxedEnvironment`` (no attribute tricks, no
  mutation) whose ``*``, ``**`` and ``+`` refuse results larger than ``MAX_RENDERED_CHARS``
  (``'a' * 10**9`` would otherwise allocate a gigabyte), with ``StrictUndefined`` so a
  missing value is an error, never an empty string;
* clause bodies may hold placeholders and filters only (``{{ name | join_and }}``): a
  ``{% … %}`` statement in a clause is refused, so a clause cannot loop;
* ``generate_bounded`` streams a template's output, stops it past a size and, in the main
  thread, past a wall time; ``render_bounded`` (clause bodies) and the layouts'
  ``render.environment.render_template`` both render through it, each reporting errors its
  own way.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError

MAX_RENDERED_CHARS = 2_000_000
"""Largest text one template render may produce (a 1,000-article treaty is ~500,000)."""

MAX_CLAUSE_CHARS = 200_000
"""Largest text one clause paragraph may render to."""

MAX_RENDER_SECONDS = 30.0
"""Longest one render may run (enforced in the main thread, where signals can be used)."""

MAX_INT_BITS = 4096
"""Largest whole number ``*`` and ``**`` may build (a clause needs numbers, not bignums)."""


class RenderLimitError(TemplateError):
    """A template produced too much output or ran too long."""


class MissingValueError(TemplateError):
    """A placeholder the text uses has no value."""


def _size(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with size checks on the operators that can allocate."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int | float) and abs(right) > 64 and isinstance(left, int | float) and abs(left) > 1:
                raise SecurityError("power too large for a template")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * abs(right) > MAX_INT_BITS:
                raise SecurityError("power too large for a template")
        elif operator_name == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(count, int) and _size(seq) * abs(count) > MAX_RENDERED_CHARS:
                    raise SecurityError("repetition too large for a template")
            both_int = isinstance(left, int) and isinstance(right, int)
            if both_int and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("product too large for a template")
        elif operator_name == "+" and _size(left) + _size(right) > MAX_RENDERED_CHARS:
            raise SecurityError("concatenation too large for a template")
        return super().call_binop(context, operator_name, left, right)


def join_and(items: object, conjunction: str = "and") -> str:
    """["A", "B", "C"] → "A, B and C"."""
    if isinstance(items, str):
        return items
    words = [str(item) for item in items]  # type: ignore[union-attr]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


FILTERS = {"join_and": join_and}


@lru_cache(maxsize=1)
def environment() -> BoundedSandbox:
    """The sandbox for clause bodies (plain text; escaping happens when it is rendered out)."""
    env = BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(FILTERS)
    return env


def _parse_clause_text(source: str) -> nodes.Template:
    try:
        tree = environment().parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}") from None
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            raise TemplateError(
                "clause text may hold placeholders ({{ name }}) only, not {% … %} statements",
                hint="move logic into the draft's layout template",
            )
    return tree


@lru_cache(maxsize=65536)
def _compile(source: str) -> Template:
    return environment().from_string(_parse_clause_text(source))  # parsed once, checked, compiled


def placeholders(source: str) -> set[str]:
    """The variable names a clause text uses; raise TemplateError if it is not allowed."""
    if "{" not in source:
        return set()
    return set(meta.find_undeclared_variables(_parse_clause_text(source)))


@contextmanager
def _deadline(seconds: float):
    use_signal = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not use_signal:
        yield
        return

    def expire(signum, frame):
        raise RenderLimitError(f"rendering took longer than {seconds:g} s; stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def generate_bounded(
    template: Template, context: Mapping[str, object], *, max_chars: int, seconds: float, too_large: str
) -> str:
    """Stream *template*'s output; RenderLimitError(*too_large*) past *max_chars*, or past *seconds*."""
    out: list[str] = []
    total = 0
    with _deadline(seconds):
        for chunk in template.generate(dict(context)):
            total += len(chunk)
            if total > max_chars:
                raise RenderLimitError(too_large)
            out.append(chunk)
    return "".join(out)


def render_bounded(
    template: Template,
    context: Mapping[str, object],
    *,
    max_chars: int = MAX_RENDERED_CHARS,
    seconds: float = MAX_RENDER_SECONDS,
) -> str:
    """Render *template*, stopping it past *max_chars* of output or *seconds* of time."""
    too_large = f"output is larger than {max_chars:,} characters; stopped"
    try:
        return generate_bounded(template, context, max_chars=max_chars, seconds=seconds, too_large=too_large)
    except RenderLimitError:
        raise
    except UndefinedError as exc:
        raise MissingValueError(f"placeholder has no value: {exc.message}") from None
    except SecurityError as exc:
        raise TemplateError(f"refused by the sandbox: {exc}") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", line=exc.lineno) from None
    except (TypeError, ValueError, ArithmeticError, OverflowError, RecursionError) as exc:
        raise TemplateError(f"cannot render: {exc}") from None


def render_text(source: str, values: Mapping[str, object]) -> str:
    """Render one run of clause text with *values*; raise TemplateError on any failure."""
    if "{" not in source:
        return source
    return render_bounded(_compile(source), values, max_chars=MAX_CLAUSE_CHARS, seconds=5.0)


def as_value(value: object) -> object:
    """A parameter value as a template sees it: lists stay lists, scalars stay strings."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value
