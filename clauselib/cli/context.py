"""What every command shares: the workspace, the library, and output helpers."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..library import Library, Workspace


@dataclass
class AppContext:
    """Lazily found workspace and loaded library for one invocation."""

    workspace_option: str | None = None
    debug: bool = False
    _workspace: Workspace | None = field(default=None, repr=False)
    _library: Library | None = field(default=None, repr=False)

    def workspace(self) -> Workspace:
        if self._workspace is None:
            from ..library import find_workspace

            self._workspace = find_workspace(self.workspace_option)
        return self._workspace

    def library(self) -> Library:
        if self._library is None:
            from ..library import Library

            self._library = Library.load(self.workspace())
        return self._library

    @property
    def loaded_library(self) -> Library | None:
        """The library if a command has loaded it already, else None (nothing is read)."""
        return self._library


pass_app = click.make_pass_decorator(AppContext)


def resolve_format(fmt: str | None, output: str | None, allowed: tuple[str, ...], default: str) -> str:
    """The output format: --format, else -o's extension, else *default*."""
    if fmt:
        return fmt
    if output and output != "-" and "." in output.rsplit("/", 1)[-1]:
        ext = output.rsplit(".", 1)[-1].lower()
        aliases = {"htm": "html", "markdown": "md", "text": "txt"}
        ext = aliases.get(ext, ext)
        if ext in allowed:
            return ext
        raise click.UsageError(f"cannot tell the format from '.{ext}'; use --format with one of {', '.join(allowed)}")
    return default


def emit(content: str | bytes, output: str | None) -> None:
    """Write *content* to stdout or, atomically, to the file *output*."""
    if output in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            click.echo(content, nl=not content.endswith("\n"))
        return
    from ..xmlio import replace_output

    data = content.encode("utf-8") if isinstance(content, str) else content
    replace_output(output, data)
    click.echo(f"Wrote {output}", err=True)


def color_enabled() -> bool:
    """Colour only on a terminal."""
    return sys.stdout.isatty()


def output_option(f):
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), help="Write to FILE ('-' is stdout)."
    )(f)


def json_dumps(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"
