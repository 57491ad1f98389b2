"""`prospects bench`: throughput figures, measured against a baseline in the same run."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from prospects.cli.app import app, fail, out
from prospects.cli.options import DEFAULT_MAX_BYTES, InputReader, MaxBytes, Model
from prospects.cli.progress import article_progress


class DefaultToNlp(TyperGroup):
    """`prospects bench FILES` means `prospects bench nlp FILES`: the NLP bench is the default."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["nlp", *args]
        return super().parse_args(ctx, args)


bench_app = typer.Typer(
    cls=DefaultToNlp,
    help="Throughput benchmarks, each a ratio against a baseline measured in the same run.\n\n"
    "Example: prospects bench (or: prospects bench ledger --scale 0.01)",
)
app.add_typer(bench_app, name="bench")


@bench_app.command("batch")
def bench_batch(
    workers: Annotated[
        int, typer.Option("--workers", help="Workers of the wide cluster (N).", min=2)
    ] = 2,
    runs: Annotated[int, typer.Option("--runs", help="Timed rounds after the warm-up.", min=1)] = 2,
    min_words: Annotated[
        int, typer.Option("--words", help="Repeat the bundled examples to this many words.")
    ] = 30_000,
    model: Model = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Words per second of (s) analyze in one process (s1: with BLAS on one thread, as Dask
    runs it), (1) prospects batch on one Dask worker and (N) on --workers workers; parallel
    efficiency N/1/workers, words per second per worker against (s) and (s1), words per CPU
    second (which the machine's load moves less), and the peak memory of a worker.

    Example: prospects bench batch --workers 2 --words 30000
    """
    from prospects import nlp_bench
    from prospects.batch import batch_bench

    try:
        articles = nlp_bench.example_articles(min_words)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    with article_progress("measuring (warm-up + runs)", total=runs + 1) as progress:
        result = batch_bench.measure(
            articles, workers=workers, runs=runs, model=model, on_round=lambda _: progress.advance()
        )
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    table = Table(
        title=f"prospects bench batch: {result.articles} articles, {result.words:,} words, "
        f"{result.partitions} partitions"
    )
    table.add_column("side")
    table.add_column("words/s", justify="right")
    table.add_column("words per CPU s", justify="right")
    sides = {
        "single": "(s) prospects analyze, one process",
        "single_one_thread": "(s1) the same, BLAS on one thread",
        "one": "(1) prospects batch, 1 worker",
        "many": f"(N) prospects batch, {result.workers} workers",
    }
    for side, label in sides.items():
        per_cpu = f"{result.words_per_cpu_second(side):,.0f}"
        table.add_row(label, f"{result.wps(side):,.0f}", per_cpu)
    table.add_row(f"per worker of (N): N/{result.workers}", f"{result.per_worker_wps:,.0f}", "")
    table.add_row("per worker / (s)", f"{result.per_worker_ratio('single'):.2f}", "")
    table.add_row("per worker / (s1)", f"{result.per_worker_ratio('single_one_thread'):.2f}", "")
    table.add_row(f"parallel efficiency N/1/{result.workers}", f"{result.efficiency:.2f}", "")
    table.add_row("peak memory of a worker (MB)", f"{result.peak_rss_bytes / 2**20:,.0f}", "")
    table.add_row("cluster start, pipeline load (s)", f"{result.startup_seconds:.1f}", "")
    out.print(table)
    load = f"load average {result.load_before:.1f} before, {result.load_after:.1f} after"
    out.print(f"best of {result.runs} runs after one warm-up run; {load}", style="dim")


@bench_app.command("nlp")
def bench_nlp(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Articles to measure on; default: the bundled examples, repeated."),
    ] = None,
    model: Model = None,
    runs: Annotated[int, typer.Option("--runs", help="Timed rounds after the warm-up.", min=1)] = 3,
    min_words: Annotated[
        int, typer.Option("--words", help="With no input: repeat the examples to this many words.")
    ] = 20_000,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    jobs: Annotated[
        int, typer.Option("--jobs", help="Worker processes of the parallel round (c).", min=2)
    ] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Words per second of (a) the bare spaCy pipeline, (b) analyze end to end and (c) analyze
    in --jobs processes; b/a, c/a and the parallel efficiency c/b/jobs.

    Example: prospects bench examples/articles --runs 3
    """
    from prospects import nlp_bench

    if inputs:
        reader = InputReader()
        articles = list(reader.articles(inputs, None, max_bytes))
        if not articles:
            raise fail("no readable articles to measure on")
    else:
        try:
            articles = nlp_bench.example_articles(min_words)
        except FileNotFoundError as exc:
            raise fail(str(exc)) from None
    with article_progress("measuring (warm-up + runs)", total=runs + 1) as progress:
        result = nlp_bench.run(
            articles, model, runs, on_round=lambda _: progress.advance(), jobs=jobs
        )
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    table = Table(title=f"prospects bench: {result.articles} articles, {result.words:,} words")
    table.add_column("pipeline")
    table.add_column("words/s", justify="right")
    table.add_row(f"(a) baseline: nlp.pipe of {result.model}", f"{result.baseline_wps:,.0f}")
    table.add_row("(b) prospects analyze, end to end", f"{result.analyze_wps:,.0f}")
    table.add_row(f"(c) prospects analyze --jobs {result.jobs}", f"{result.parallel_wps:,.0f}")
    table.add_row("ratio b/a", f"{result.ratio:.2f}")
    table.add_row("ratio c/a", f"{result.parallel_ratio:.2f}")
    table.add_row(f"parallel efficiency c/b/{result.jobs}", f"{result.efficiency:.2f}")
    out.print(table)
    out.print(f"best of {result.runs} runs after one warm-up run", style="dim")


@bench_app.command("web")
def bench_web(
    db: Annotated[
        str | None,
        typer.Option("--db", help="An empty ledger to fill (default: a temporary SQLite file)."),
    ] = None,
    scale: Annotated[
        float, typer.Option("--scale", help="Times the million forecasts of the issue.", min=0.0001)
    ] = 1.0,
    repeats: Annotated[int, typer.Option("--repeats", help="Requests per page.", min=1)] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """p50/p95 of the web pages over the synthetic ledger of `bench ledger`, by HTTP on
    loopback, against a static file served in the same run (target: p95 under 300 ms).

    Example: prospects bench web --scale 0.1
    """
    from prospects.web import web_bench

    with article_progress("building and timing", total=None) as progress:
        result = web_bench.run(db, scale=scale, repeats=repeats, on_step=progress.describe)
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    table = Table(
        title=f"prospects bench web: {result.backend}, {result.forecasts:,} forecasts "
        f"(built in {result.build_seconds:.0f} s)"
    )
    for column in ("page", "first ms", "p50 ms", "p95 ms", "p95 / baseline", "under 300 ms"):
        table.add_column(column, justify="left" if column == "page" else "right")
    table.add_row("baseline: a static file", "", "", f"{result.baseline_p95_ms:.1f}", "1", "")
    for p in result.pages:
        ok = "yes" if p.within_target else "no"
        cells = (f"{p.cold_ms:.0f}", f"{p.p50_ms:.1f}", f"{p.p95_ms:.1f}", f"{p.ratio:.0f}", ok)
        table.add_row(p.page, *cells)
    out.print(table)
