"""The command line: a thin click layer over the library.

Only this package prints or exits. Library errors (``ClauselibError``) become one
``Error: file:line: what (what to do)`` line on stderr and exit 1; usage errors exit 2;
a traceback only with ``--debug``. Heavy modules are imported inside the commands so
that ``clauselib --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from .context import AppContext


class ClauselibGroup(click.Group):
    """A group that turns library errors into one clear line and exit 1."""

    def invoke(self, ctx: click.Context):
        from ..errors import ClauselibError

        def debug() -> bool:  # ctx.obj is set by the group callback, inside super().invoke
            return ctx.obj is not None and ctx.obj.debug

        try:
            return super().invoke(ctx)
        except ClauselibError as exc:
            if debug():
                raise
            click.echo(f"Error: {visible(str(exc))}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was left half-written.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (MemoryError, RecursionError) as exc:
            if debug():
                raise
            what = "out of memory" if isinstance(exc, MemoryError) else "input nested too deeply"
            click.echo(f"Error: {what}; stopped (check the input is the one you meant)", err=True)
            ctx.exit(1)
        except OSError as exc:
            if debug():
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {visible(where + (exc.strerror or str(exc)))}", err=True)
            ctx.exit(1)
        except Exception as exc:
            if debug():
                raise
            click.echo(
                f"Error: internal error ({type(exc).__name__}: {visible(str(exc))[:200]}); "
                "this is a bug: run again with --debug and report the traceback",
                err=True,
            )
            ctx.exit(1)


def visible(text: str) -> str:
    """*text* on one line, with control, zero-width and direction characters shown as escapes.

    An error message may quote a file name or an id from a hostile workspace: an ANSI
    escape or a right-to-left override must not reach the terminal as itself.
    """
    import unicodedata

    return "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\t" else ch for ch in text
    )


@click.group(cls=ClauselibGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=str),
    envvar="CLAUSELIB_WORKSPACE",
    help="Workspace folder (default: $CLAUSELIB_WORKSPACE, else the nearest folder at or above"
    " the current one holding clauses/).",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.version_option(__version__, "--version", prog_name="clauselib")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None, debug: bool) -> None:
    """clauselib — a versioned clause library for drafting peace agreements.

    Clauses are stored as versioned XML, each version attributed to the party whose
    position it expresses. Drafts pin clause versions and render through Jinja
    templates; drafts can be diffed, and reported plans compared against the library.
    """
    ctx.obj = AppContext(workspace_option=workspace, debug=debug)


from . import library_cmds  # noqa: E402  (commands register themselves on the group)

library_cmds.register(cli)

from . import draft_cmds  # noqa: E402

draft_cmds.register(cli)

from . import diff_cmds  # noqa: E402

diff_cmds.register(cli)

from . import compare_cmds  # noqa: E402

compare_cmds.register(cli)

from . import version_cmds  # noqa: E402

version_cmds.register(cli)

from . import relations_cmds  # noqa: E402

relations_cmds.register(cli)
