"""``python -m clauselib``."""

from .cli import cli

cli(prog_name="clauselib")
