"""The Jinja environment drafts render through: sandboxed, with workspace overrides.

Templates come from two places, searched in order: the workspace's ``templates/``
folder (untrusted, like every file in a shared workspace) and the package defaults,
reachable under the ``default:`` prefix so that a workspace layout can
``{% extends "default:draft.html" %}``. Both render in ``ImmutableSandboxedEnvironment``
with ``StrictUndefined``, autoescape for HTML and XML, and caps on output size and time
(the ``BoundedSandbox`` of :mod:`clauselib.templating`).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.sandbox import SecurityError

from ..errors import NotFoundError, TemplateError
from ..library import Workspace
from ..templating import FILTERS as CLAUSE_FILTERS
from ..templating import MAX_RENDER_SECONDS, MAX_RENDERED_CHARS, BoundedSandbox, RenderLimitError, generate_bounded

MAX_OUTPUT_CHARS = 4 * MAX_RENDERED_CHARS
"""Largest document a layout may render to (markup included); a runaway loop stops here."""

TEMPLATE_SUFFIXES = (".html", ".md", ".txt", ".css", ".xml")


class WorkspaceLoader(FileSystemLoader):
    """``templates/`` of a workspace; a file that is a link out of the workspace is refused."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(str(workspace.templates))
        self.workspace = workspace

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not self.workspace.contains(filename):
            raise TemplateError(
                "template is a link to a file outside the workspace; refused",
                path=self.workspace.relative(filename),
            )
        return source, filename, uptodate


def make_environment(workspace: Workspace | None, filters: Mapping[str, Callable] | None = None):
    """A sandboxed environment loading the workspace's templates, then the package's."""
    package = PackageLoader("clauselib", "templates")
    loaders: list = []
    if workspace is not None and workspace.templates.is_dir():
        loaders.append(WorkspaceLoader(workspace))
    loaders.append(PrefixLoader({"default": package}, delimiter=":"))
    env = BoundedSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "htm", "xml"], default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(CLAUSE_FILTERS)
    env.filters.update(filters or {})
    return env


def display_name(name: str | None, filename: str | None, workspace: Workspace | None) -> str:
    """``templates/treaty.html`` for a workspace file, ``default:draft.html`` for a package one."""
    if name and name.startswith("default:"):
        return name
    if filename and workspace is not None and workspace.contains(filename):
        return workspace.relative(filename)
    return name or filename or "<template>"


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where a runtime error happened (Jinja rewrites frames)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIXES):
            return frame.filename, frame.lineno
    return None, None


def _where(filename: str | None, workspace: Workspace | None) -> str | None:
    if filename is None:
        return None
    if workspace is not None and workspace.contains(filename):
        return workspace.relative(filename)
    package = Path(__file__).resolve().parent.parent / "templates"
    try:
        return "default:" + str(Path(filename).resolve().relative_to(package))
    except ValueError:
        return filename


def render_template(env, names: list[str], context: Mapping[str, object], workspace: Workspace | None) -> str:
    """Render the first of *names* that exists; every failure becomes a TemplateError with template:line."""
    try:
        template = env.select_template(names)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            path=display_name(exc.name, exc.filename, workspace),
            line=exc.lineno,
            hint="fix the template; see https://jinja.palletsprojects.com/templates/",
        ) from None
    except TemplateNotFound as exc:
        raise NotFoundError(
            f"no template {' or '.join(names)}",
            hint=f"add it to templates/ or use a template that exists ({exc.name})",
        ) from None
    too_large = f"renders to more than {MAX_OUTPUT_CHARS:,} characters; refused"
    try:
        return generate_bounded(
            template, context, max_chars=MAX_OUTPUT_CHARS, seconds=MAX_RENDER_SECONDS, too_large=too_large
        )
    except RenderLimitError as exc:
        exc.path = display_name(template.name, template.filename, workspace)
        exc.hint = "look for a runaway loop in the template"
        raise
    except TemplateError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template syntax error: {exc.message}",
            path=display_name(exc.name, exc.filename, workspace),
            line=exc.lineno,
            hint="fix the template",
        ) from None
    except TemplateNotFound as exc:
        filename, line = _template_frame(exc)
        raise NotFoundError(
            f"template not found: {exc.name}", path=_where(filename, workspace), line=line, hint="check the name"
        ) from None
    except SecurityError as exc:
        filename, line = _template_frame(exc)
        raise TemplateError(
            f"refused by the sandbox: {exc}",
            path=_where(filename, workspace),
            line=line,
            hint="templates may only format the document they are given",
        ) from None
    except UndefinedError as exc:
        filename, line = _template_frame(exc)
        raise TemplateError(
            f"template uses an undefined value: {exc.message}",
            path=_where(filename, workspace),
            line=line,
            hint="see README 'Templates' for the names a template can use",
        ) from None
    except (TypeError, ValueError, ArithmeticError, OverflowError, AttributeError, RecursionError) as exc:
        filename, line = _template_frame(exc)
        raise TemplateError(f"template failed: {exc}", path=_where(filename, workspace), line=line) from None
