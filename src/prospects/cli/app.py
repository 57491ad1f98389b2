"""The Typer app that every command module registers on."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    name="prospects",
    help=(
        "Keep the news honest about the future: extract forecasts from news articles "
        "(who, what, how likely, by when, on what condition), keep them in a ledger, "
        "resolve them against reality and score their sources.\n\n"
        "Example: prospects analyze examples/articles --format table"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

# stdout carries data (JSON, CSV); everything for people goes to stderr.
out = Console()
err = Console(stderr=True)


def error_line(message: str) -> None:
    """One line on stderr for one problem; the caller decides whether it is fatal."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise."""
    error_line(message)
    return typer.Exit(code)
