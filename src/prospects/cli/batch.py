"""`prospects batch`: analyse many inputs on a Dask cluster into Parquet partitions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from prospects.cli.app import app, err, error_line, fail
from prospects.cli.options import (
    DEFAULT_MAX_BYTES,
    BatchSize,
    MaxBytes,
    Model,
    Published,
    parse_published,
)
from prospects.cli.progress import Tracker, article_progress

if TYPE_CHECKING:
    from prospects.batch import BatchReport, Listener
    from prospects.batch.cluster import Dashboard

# as prospects.batch.plan.DEFAULT_PARTITION_BYTES, kept here so that --help does not import Dask
DEFAULT_PARTITION_BYTES = 2 * 1024 * 1024


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC archives (.warc, .warc.gz), JSON lines (.jsonl: one object per line with "
            "text and optional title, url, published, outlet, authors, genre, id), Parquet files "
            "with a text column (and optional columns of the same names), and files or folders "
            "as for analyze.",
            show_default=False,
        ),
    ],
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output directory: Parquet partitions and manifest.json. A rerun into it does "
            "only what is not done yet.",
            show_default=False,
        ),
    ],
    scheduler: Annotated[
        str,
        typer.Option(
            "--scheduler",
            help="local: start a Dask cluster on this machine (loopback only); else the address "
            "of a Dask scheduler (tcp://host:8786) or its scheduler file.",
        ),
    ] = "local",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Worker processes of the local cluster, one pipeline each (default: one per "
            "core).",
            min=1,
            show_default=False,
        ),
    ] = None,
    published: Published = None,
    model: Model = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    batch_size: BatchSize = 8,
    partition_bytes: Annotated[
        int,
        typer.Option(
            "--partition-bytes", help="About this many bytes of input per task.", min=1024
        ),
    ] = DEFAULT_PARTITION_BYTES,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the run's report as JSON on stdout.")
    ] = False,
) -> None:
    """Analyse many articles on a Dask cluster into Parquet: one nested row per article record,
    flat forecasts, quotes and sources tables, and a manifest of the partitions done.

    The records are those of prospects analyze; a rerun into --out skips the partitions done.

    Exits 1 when an input, an article or a partition failed (after the others), 2 on misuse.

    Example: prospects batch crawl.warc.gz articles.jsonl --out batch-out --workers 2
    """
    from prospects.batch import BatchError, run
    from prospects.batch.cluster import ClusterError
    from prospects.batch.manifest import ManifestError
    from prospects.nlp.pipeline import ModelError

    anchor = parse_published(published)
    with article_progress("planning partitions") as tracker:
        try:
            report = run(
                inputs,
                out_dir,
                scheduler=scheduler,
                workers=workers or os.cpu_count() or 1,
                model=model,
                published=anchor,
                max_bytes=max_bytes,
                batch_size=batch_size,
                partition_bytes=partition_bytes,
                listener=_progress_listener(tracker),
            )
        except (BatchError, ClusterError, ManifestError, ModelError) as exc:
            raise fail(str(exc)) from None
    for line in report.errors:
        error_line(line)
    for partition_id, reason in report.failed:
        error_line(f"partition {partition_id} failed twice: {reason}")
    if as_json:
        print(json.dumps(report.to_dict()))
    err.print(_summary(report), highlight=False, soft_wrap=True)
    if report.errors or report.failed:
        raise typer.Exit(1)


def _progress_listener(tracker: Tracker) -> Listener:
    from prospects.batch import Listener

    class Progress(Listener):
        def planned(self, total: int, kept: int) -> None:
            label = "partitions" if not kept else f"partitions ({kept} done before)"
            tracker.progress.update(tracker.task, description=label, total=total, completed=kept)

        def started(self, dashboard: Dashboard) -> None:
            shown = dashboard.link or dashboard.note
            note = f" ({dashboard.note})" if dashboard.link and dashboard.note else ""
            err.print(f"Dask dashboard: {escape(shown)}{note}", highlight=False, soft_wrap=True)

        def finished(self, partition_id: str, ok: bool) -> None:
            tracker.advance()

    return Progress()


def _summary(report: BatchReport) -> str:
    kept = f", {report.kept} kept from before" if report.kept else ""
    failed = f", {len(report.failed)} failed" if report.failed else ""
    return (
        f"{report.out}: {report.partitions} partitions ({report.done} done now{kept}{failed}); "
        f"{report.articles:,} articles, {report.forecasts:,} forecasts"
    )
