"""Clause bodies and templates cannot escape the sandbox, loop or allocate without bound."""

from __future__ import annotations

import pytest

from clauselib.errors import TemplateError
from clauselib.templating import BoundedSandbox, RenderLimitError, placeholders, render_bounded, render_text


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ x.__class__ }}",
        "{{ 'a' * 1000000000 }}",
        "{{ 'ab' + 'c' * 3000000 }}",
        "{{ 10 ** 1000000 }}",
    ],
)
def test_escapes_and_allocations_are_refused(source: str) -> None:
    with pytest.raises(TemplateError):
        render_text(source, {"x": "value"})


@pytest.mark.parametrize("source", ["{% for i in range(10) %}x{% endfor %}", "{% set a = 1 %}{{ a }}"])
def test_statements_are_not_allowed_in_clause_text(source: str) -> None:
    with pytest.raises(TemplateError, match="placeholders"):
        render_text(source, {})
    with pytest.raises(TemplateError, match="placeholders"):
        placeholders(source)


def test_placeholders_and_filters_render() -> None:
    assert render_text("By {{ g | join_and }}.", {"g": ["A", "B", "C"]}) == "By A, B and C."
    assert placeholders("{{ a }} and {{ b | join_and }}") == {"a", "b"}


def test_missing_value_is_an_error_not_empty_text() -> None:
    with pytest.raises(TemplateError, match="has no value"):
        render_text("cap of {{ personnel }}", {})


def test_layout_loops_are_bounded_by_output_size() -> None:
    env = BoundedSandbox()
    template = env.from_string(
        "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}{% endfor %}"
    )
    with pytest.raises(RenderLimitError, match="larger than"):
        render_bounded(template, {}, max_chars=100_000)


def test_layout_loops_without_output_are_bounded_by_time() -> None:
    env = BoundedSandbox()
    template = env.from_string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(RenderLimitError, match="longer than"):
        render_bounded(template, {}, seconds=0.5)
