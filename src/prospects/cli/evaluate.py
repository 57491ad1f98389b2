"""`prospects eval ...`: score the pipeline against gold data. Each evaluation registers here."""

from __future__ import annotations

import typer

from prospects.cli.app import app

eval_app = typer.Typer(
    help="Score the pipeline against annotated data (PolNeAR attributions, forecast gold files)."
    "\n\nExample: prospects eval forecasts gold.jsonl --texts articles/",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")
