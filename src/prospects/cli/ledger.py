"""`prospects ingest | forecasts | show | sources | export | db | token`: the ledger, from the
command line.

Each command is a thin wrapper over `prospects.ledger`; a `LedgerError` becomes one line on stderr
and exit status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from prospects.cli.app import app, err, error_line, fail, out
from prospects.cli.bench import bench_app
from prospects.cli.options import (
    DEFAULT_MAX_BYTES,
    BatchSize,
    InputReader,
    MaxBytes,
    Model,
    Published,
    iso_date,
    load_model,
    parse_published,
)
from prospects.cli.output import TableFormat, write_csv, write_data, write_json_array
from prospects.cli.progress import article_progress

if TYPE_CHECKING:
    from prospects.ledger import LedgerError, SourceRow

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The ledger: a SQLite file path or a URL such as postgresql+psycopg://user@host/db "
        "[default: $PROSPECTS_DB, else ./prospects.db].",
        show_default=False,
    ),
]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ExportWhat(StrEnum):
    articles = "articles"
    forecasts = "forecasts"
    sources = "sources"


# The choices of the ledger's listing (prospects.ledger.listing) spelled out, so that --help lists
# them without importing the ledger; a test checks that they are the same.
class SourceType(StrEnum):
    person = "person"
    organization = "organization"
    group = "group"
    author = "author"


class Status(StrEnum):
    open = "open"
    due = "due"
    resolved = "resolved"
    yes = "yes"
    no = "no"
    partly = "partly"
    void = "void"


class Sort(StrEnum):
    newest = "newest"
    oldest = "oldest"
    horizon = "horizon"
    probability = "probability"
    source = "source"


# The command that gives a ledger what a LedgerError says it needs (its `need`); the library's
# message says what, in its own terms.
_LEDGER_NEEDS = {
    "articles": "store articles with `prospects ingest` first",
    "upgrade": "run `prospects db upgrade`",
}


def ledger_problem(exc: LedgerError) -> typer.Exit:
    """A LedgerError as one line on stderr (with the command that fixes it) and exit status 2."""
    how = _LEDGER_NEEDS.get(exc.need or "")
    return fail(f"{exc}: {how}" if how else str(exc))


@contextmanager
def opened(db: str | None, *, create: bool = False) -> Iterator:
    """The ledger, with any LedgerError (opening it or inside the `with` block) as one line and
    exit status 2."""
    from prospects.ledger import Ledger, LedgerError

    try:
        with Ledger(db, create=create) as ledger:
            yield ledger
    except LedgerError as exc:
        raise ledger_problem(exc) from None


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders, glob patterns, or - for stdin (as for analyze).",
            show_default=False,
        ),
    ] = None,
    db: Db = None,
    published: Published = None,
    records: Annotated[
        list[Path] | None,
        typer.Option(
            "--records",
            help="Store prospects.article/1 JSON lines with text (e.g. another ledger's export) "
            "as they are, without analysing. Repeatable; - reads stdin.",
            show_default=False,
        ),
    ] = None,
    from_batch: Annotated[
        list[Path] | None,
        typer.Option(
            "--from",
            help="Store the records of a `prospects batch --out DIR` output as they are: the "
            "partitions its manifest lists as done (failed ones are reported). Repeatable.",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    batch_size: BatchSize = 8,
) -> None:
    """Analyse articles and store them in the ledger, one transaction per article.

    An article already stored (same text, from any path or format) is stored once and reported.
    Exits 1 when an input could not be read, 2 when the ledger cannot be used.

    Example: prospects ingest examples/articles --published 2024-07-10 --db prospects.db
    """
    from prospects.ledger.loading import (
        IngestSummary,
        ingest_articles,
        ingest_records,
        read_records,
    )

    if not inputs and not records and not from_batch:
        raise fail("give inputs to analyse, --records FILE.jsonl or --from DIR")
    outputs = [_batch_output(folder) for folder in from_batch or []]
    anchor = parse_published(published)
    total = IngestSummary()
    with opened(db, create=True) as ledger:

        def report(result, path) -> None:
            if result.status == "unchanged":
                err.print(
                    f"already stored: {escape(path or result.article_id[:12])} "
                    f"(article {result.article_id[:12]})",
                    highlight=False,
                    soft_wrap=True,
                )

        for output in outputs:
            with article_progress(f"storing {output.out}", total=output.articles) as progress:

                def counted(result, path) -> None:
                    report(result, path)
                    progress.advance()

                total += ingest_records(
                    ledger,
                    output.records(),
                    on_stored=counted,
                    on_error=lambda e: error_line(str(e)),
                )
            for line in output.failed:
                error_line(f"{output.out}: {line}")
            total.failed += len(output.failed)
        with article_progress("storing") as progress:

            def tracked(result, path) -> None:
                report(result, path)
                progress.advance()

            for name in records or []:
                summary = ingest_records(
                    ledger,
                    read_records(name),
                    on_stored=tracked,
                    on_error=lambda e: error_line(str(e)),
                )
                total += summary
            if inputs:
                nlp = load_model(model)
                reader = InputReader()
                summary = ingest_articles(
                    ledger,
                    reader.articles(inputs, anchor, max_bytes),
                    nlp,
                    on_stored=tracked,
                    on_error=lambda e: error_line(str(e)),
                    batch_size=batch_size,
                )
                summary.failed += reader.failed
                total += summary
        if total.new or total.updated:
            ledger.analyze()
        err.print(f"{ledger.location}: {total.line()}", highlight=False, soft_wrap=True)
    if total.failed:
        raise typer.Exit(1)


def _batch_output(folder: Path):
    from prospects.batch.manifest import ManifestError
    from prospects.ledger.batch_loading import open_output

    try:
        return open_output(folder)
    except (FileNotFoundError, ManifestError) as exc:
        raise fail(str(exc)) from None


@app.command()
def forecasts(
    db: Db = None,
    source: Annotated[
        str | None, typer.Option("--source", help="A source id, or words of its name.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet name (any case).")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Articles published on or after this date.")
    ] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Horizon has ended and no resolution is recorded.")
    ] = False,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="No resolution recorded yet.")
    ] = False,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="prediction, conditional, expectation or pledge."),
    ] = None,
    min_prob: Annotated[
        float | None,
        typer.Option("--min-prob", help="Probability at least this (0-1).", min=0.0, max=1.0),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            help="Words that must all appear in the proposition, evidence, source name or "
            "article title (the last may begin a word).",
        ),
    ] = None,
    source_type: Annotated[
        SourceType | None, typer.Option("--source-type", help="The source's type.")
    ] = None,
    status: Annotated[
        Status | None,
        typer.Option(
            "--status",
            help="open (no resolution, horizon not ended), due, resolved, or the latest "
            "resolution's outcome.",
        ),
    ] = None,
    horizon_since: Annotated[
        str | None, typer.Option("--horizon-since", help="Horizons ending on or after this date.")
    ] = None,
    horizon_until: Annotated[
        str | None, typer.Option("--horizon-until", help="Horizons ending on or before this date.")
    ] = None,
    sort: Annotated[
        Sort,
        typer.Option(
            "--sort",
            help="newest or oldest article, soonest horizon end, highest probability, or source "
            "name.",
        ),
    ] = Sort.newest,
    limit: Annotated[
        int | None, typer.Option("--limit", help="At most this many forecasts.", min=1)
    ] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.table
    ),
) -> None:
    """List stored forecasts, newest article first (or as --sort says).

    Example: prospects forecasts --source Kofman --unresolved --format json
    """
    filters = {
        "source": source,
        "outlet": outlet,
        "since": iso_date(since, "--since"),
        "due": due,
        "unresolved": unresolved,
        "kind": kind,
        "min_prob": min_prob,
        "search": search,
        "source_type": source_type.value if source_type else None,
        "status": status.value if status else None,
        "horizon_since": iso_date(horizon_since, "--horizon-since"),
        "horizon_until": iso_date(horizon_until, "--horizon-until"),
        "sort": sort.value,
        "limit": limit,
    }
    with opened(db) as ledger:
        rows = ledger.iter_forecasts(**filters)
        if fmt is TableFormat.json:
            write_json_array(row.to_dict() for row in rows)
        elif fmt is TableFormat.csv:
            write_csv(row.flat() for row in rows)
        else:
            # Two lines a forecast (what; then who, how likely, when), readable at 80 columns.
            table = Table(show_lines=False)
            table.add_column("id", no_wrap=True)
            table.add_column("forecast", ratio=1)
            for row in rows:
                facts = [
                    row.source.name or row.source.type,
                    row.kind,
                    f"p {row.probability:.2f}" if row.probability is not None else "p —",
                    f"due {row.horizon.end}" if row.horizon and row.horizon.end else "no end",
                    row.resolution or "unresolved",
                    f"published {row.article.published or '?'}",
                ]
                cell = Text(row.proposition, style="bold")
                cell.append("\n" + " · ".join(facts), style="cyan")
                table.add_row(row.id, cell)
            out.print(table)


@app.command()
def show(
    id: Annotated[
        str, typer.Argument(help="A forecast, article or source id (or a prefix of one).")
    ],
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show one forecast (with its evidence sentence and resolutions), one article, or one source
    (with its forecasts), as `prospects forecasts`, `show` and `sources` print their ids.

    Example: prospects show 8f2ca29
    """
    with opened(db) as ledger:
        forecast = ledger.forecast(id) if len(id) <= 16 else None
        article = None if forecast else ledger.article(id)
        source = None if forecast or article else ledger.source(id)
        if source is not None:
            made = ledger.forecasts(source=source.id)
            if as_json:
                d = source.to_dict()
                d["forecasts"] = [f.to_dict() for f in made]
                print(json.dumps(d, ensure_ascii=False, indent=2))
                return
            out.print(f"[bold]{escape(source.name or '(unnamed)')}[/] · {source.type}")
            out.print(
                f"source {source.id} · {source.articles} articles · {source.forecasts} forecasts"
                + (f" · {escape(source.affiliation)}" if source.affiliation else ""),
                highlight=False,
                soft_wrap=True,
            )
            for f in made:
                out.print(
                    f"  {f.id} [{f.kind}] {escape(f.proposition)}", highlight=False, soft_wrap=True
                )
            return
        if forecast is not None:
            history = ledger.resolutions(forecast.id)
            fixes = ledger.corrections(forecast.id)
            if as_json:
                d = forecast.to_dict()
                d["resolutions"] = [r.to_dict() for r in history]
                d["corrections"] = [c.to_dict() for c in fixes]
                print(json.dumps(d, ensure_ascii=False, indent=2))
                return
            _print_forecast(forecast, history, fixes)
            return
        if article is None:
            raise fail(f"no forecast, article or source {id!r} in {ledger.location}")
        if as_json:
            d = article.record.to_dict(include_text=False)
            d["ledger_forecasts"] = [f.to_dict() for f in article.forecasts]
            print(json.dumps(d, ensure_ascii=False, indent=2))
            return
        a = article.record.article
        out.print(f"[bold]{escape(a.title or '(untitled)')}[/]")
        out.print(
            f"article {a.id}\npublished {a.published or 'unknown'} · outlet {a.outlet or '-'} · "
            f"{a.words} words · {escape(a.path or '')}\npipeline {article.pipeline}",
            highlight=False,
            soft_wrap=True,
        )
        for f in article.forecasts:
            mark = " (retired)" if f.retired else ""
            out.print(
                f"  {f.id}{mark} [{f.kind}] {escape(f.proposition)}",
                highlight=False,
                soft_wrap=True,
            )


def _print_forecast(f, history, fixes) -> None:
    lk, hz = f.likelihood, f.horizon
    lines = [
        f"[bold]{escape(f.proposition)}[/]",
        f"forecast {f.id} · {f.kind}{' · retired' if f.retired else ''}",
        f"evidence: “{escape(f.text)}”",
        f"source: {escape(f.source.name or f.source.type)} ({f.source.type}"
        f"{', anonymous' if f.source.anonymous else ''}; source {f.source.id})",
        f"article: {escape(f.article.title or '(untitled)')} · {f.article.published or 'undated'}"
        f" · {escape(f.article.outlet or '-')} · {f.article.id[:12]}",
    ]
    if lk:
        lines.append(
            f"likelihood: {lk.probability:.2f} [{lk.low:.2f}-{lk.high:.2f}] from "
            f"“{escape(lk.cue or '')}”"
        )
    if hz:
        lines.append(f"horizon: “{escape(hz.cue)}” {hz.start or '?'} to {hz.end or '?'}")
    if f.condition:
        lines.append(f"condition: {escape(f.condition)}")
    lines.append(f"resolution: {f.resolution or 'unresolved'}")
    for r in history:
        lines.append(f"  #{r.seq} {r.on} {r.outcome} by {escape(r.by)}: {escape(r.evidence)}")
    for c in fixes:
        lines.append(f"corrected #{c.seq} {c.on} by {escape(c.by)}: {escape(c.summary)}")
        lines.append(f"  why: {escape(c.why)}")
    out.print("\n".join(lines), highlight=False, soft_wrap=True)


sources_app = typer.Typer(
    help="Sources across articles, with counts; merge and split to correct them.\n\n"
    "Example: prospects sources --format json",
    invoke_without_command=True,
)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def sources_list(
    ctx: typer.Context,
    db: Db = None,
    name: Annotated[str | None, typer.Option("--name", help="Words of the name.")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="person, organization, group or author.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many.", min=1)] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.table
    ),
) -> None:
    """List sources with how many articles mention them and how many forecasts they made.

    Example: prospects sources --type person --limit 20
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    with opened(db) as ledger:
        rows = ledger.sources(name=name, type=type, limit=limit)
    if not write_data(fmt, (r.to_dict() for r in rows)):
        table = Table()
        for column in ("id", "name", "type", "anon", "affiliation", "articles", "forecasts"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(
                r.id,
                escape(r.name or ""),
                r.type,
                "yes" if r.anonymous else "",
                escape(r.affiliation or ""),
                str(r.articles),
                str(r.forecasts),
            )
        out.print(table)


@sources_app.command("merge")
def sources_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The source id to keep.")],
    merge: Annotated[str, typer.Argument(help="The source id that is the same speaker.")],
    db: Db = None,
) -> None:
    """Make two sources one: MERGE's mentions and forecasts move to KEEP, also on re-ingest.

    Example: prospects sources merge 74369fc2 1a2b3c4d
    """
    with opened(db or ctx.obj) as ledger:
        kept = ledger.merge_sources(keep, merge)
    _say_source(f"merged {merge} into", kept)


def _say_source(what: str, source: SourceRow) -> None:
    err.print(
        f"{what} {source.id} ({escape(source.name or source.type)}): "
        f"{source.articles} articles, {source.forecasts} forecasts",
        highlight=False,
        soft_wrap=True,
    )


@sources_app.command("split")
def sources_split(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The source id that is really two speakers.")],
    articles: Annotated[
        list[str], typer.Argument(help="Ids (or prefixes) of the articles of the other speaker.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Name of the new source [default: the same].")
    ] = None,
    db: Db = None,
) -> None:
    """Give SOURCE's mentions in ARTICLES a new source of their own; survives re-ingest.

    Example: prospects sources split 74369fc2 9f3e01aa --name "Anna Kofman"
    """
    with opened(db or ctx.obj) as ledger:
        made = ledger.split_source(source, articles, name=name)
    _say_source("new source", made)


@app.command("export")
def export_command(
    db: Db = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFormat.jsonl
    ),
    what: Annotated[
        ExportWhat | None,
        typer.Option(
            "--what",
            help="articles (records with text), forecasts or sources "
            "[default: articles for jsonl, forecasts for csv and parquet].",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write [default: stdout; Parquet needs one]."),
    ] = None,
) -> None:
    """Export the ledger: prospects.article/1 lines with text, or flat tables.

    Example: prospects export --format parquet --what forecasts -o forecasts.parquet
    """
    from prospects.ledger.export import export

    if fmt is ExportFormat.parquet and output is None:
        raise fail("Parquet export needs a file: give -o FILE.parquet")
    # a table format means a table of forecasts to most users; the records with text are jsonl's
    what = what or (ExportWhat.articles if fmt is ExportFormat.jsonl else ExportWhat.forecasts)
    with opened(db) as ledger:
        n = export(ledger, what=what.value, fmt=fmt.value, out=sys.stdout, path=output)
    if output is not None:
        err.print(f"wrote {n} {what.value} to {output}", highlight=False, soft_wrap=True)


db_app = typer.Typer(help="Ledger database maintenance.\n\nExample: prospects db upgrade")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: Db = None) -> None:
    """Bring the ledger's schema to this release's version (creating it when empty).

    Example: prospects db upgrade --db prospects.db
    """
    from prospects.ledger import Ledger, LedgerError

    try:
        with Ledger(db, upgrade=False) as ledger:
            before, after = ledger.upgrade()
            where = ledger.location
    except LedgerError as exc:
        raise ledger_problem(exc) from None
    if before == after:
        err.print(f"{where}: schema version {after}, up to date", highlight=False, soft_wrap=True)
    else:
        err.print(f"{where}: schema version {before} -> {after}", highlight=False, soft_wrap=True)


token_app = typer.Typer(
    help="API tokens: who may write through the web UI and its API (resolve, correct, ingest). "
    "The ledger keeps only a hash of each secret.\n\nExample: prospects token create newsroom",
)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="Who or what writes with it (unique).")],
    db: Db = None,
) -> None:
    """Make a token and print its secret, once: the ledger cannot show it again.

    Example: prospects token create newsroom --db prospects.db
    """
    with opened(db, create=True) as ledger:
        row, secret = ledger.create_token(name)
    print(secret)
    err.print(
        f"token {escape(row.name)} ({row.id}): the secret above is shown only once; keep it "
        "now (the ledger keeps only its hash)",
        highlight=False,
        soft_wrap=True,
    )


@token_app.command("list")
def token_list(
    db: Db = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.table
    ),
) -> None:
    """List the tokens (revoked ones too), without their secrets.

    Example: prospects token list
    """
    with opened(db) as ledger:
        rows = ledger.tokens()
    if not write_data(fmt, (r.to_dict() for r in rows)):
        table = Table()
        for column in ("id", "name", "created", "revoked"):
            table.add_column(column, overflow="fold")
        for r in rows:
            revoked = f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else ""
            table.add_row(r.id, escape(r.name), f"{r.created_at:%Y-%m-%d %H:%M}", revoked)
        out.print(table)


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name (or its id).")],
    db: Db = None,
) -> None:
    """Revoke a token: its secret no longer lets anyone write.

    Example: prospects token revoke newsroom
    """
    with opened(db) as ledger:
        row = ledger.revoke_token(name)
    assert row.revoked_at is not None
    err.print(
        f"token {escape(row.name)} ({row.id}) revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC",
        highlight=False,
        soft_wrap=True,
    )


@bench_app.command("ledger")
def bench_ledger(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="An EMPTY ledger to build in, e.g. postgresql+psycopg://user@host/bench "
            "[default: a temporary SQLite file].",
            show_default=False,
        ),
    ] = None,
    scale: Annotated[
        float,
        typer.Option(
            "--scale",
            help="Fraction of the full size (1,000,000 forecasts, 100,000 articles, "
            "20,000 sources).",
            min=0.0001,
        ),
    ] = 1.0,
    n_forecasts: Annotated[
        int | None, typer.Option("--forecasts", help="Forecasts, overriding --scale.", min=1)
    ] = None,
    n_articles: Annotated[
        int | None, typer.Option("--articles", help="Articles, overriding --scale.", min=1)
    ] = None,
    n_sources: Annotated[
        int | None, typer.Option("--sources", help="Sources, overriding --scale.", min=1)
    ] = None,
    ingest_n: Annotated[
        int | None,
        typer.Option(
            "--ingest", help="Article records (10 forecasts each) to time storing.", min=1
        ),
    ] = None,
    repeats: Annotated[
        int, typer.Option("--repeats", help="Timed runs of each listing query.", min=1)
    ] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Build a synthetic ledger; report p95 of the listing queries and ingest forecasts/s.

    Example: prospects bench ledger --scale 0.01
    """
    from prospects.ledger import LedgerError, ledger_bench

    try:
        result = ledger_bench.run(
            db,
            scale=scale,
            forecasts=n_forecasts,
            articles=n_articles,
            sources=n_sources,
            ingest=ingest_n,
            repeats=repeats,
            on_step=lambda msg: err.print(msg, style="dim", highlight=False, soft_wrap=True),
        )
    except LedgerError as exc:
        raise ledger_problem(exc) from None
    if as_json:
        print(json.dumps(result.to_dict()))
        return
    table = Table(
        title=f"prospects bench ledger ({result.backend}): {result.forecasts:,} forecasts, "
        f"{result.articles:,} articles, {result.sources:,} sources"
    )
    table.add_column("query (first page)")
    table.add_column("p50 ms", justify="right")
    table.add_column("p95 ms", justify="right")
    for q in result.queries:
        table.add_row(q.name, f"{q.p50_ms:.1f}", f"{q.p95_ms:.1f}")
    out.print(table)
    out.print(
        f"built in {result.build_seconds:.0f} s; worst p95 {result.worst_p95_ms:.1f} ms; ingest "
        f"{result.ingest_forecasts_per_s:,.0f} forecasts/s ({result.ingest_articles} records)",
        highlight=False,
        soft_wrap=True,
    )
