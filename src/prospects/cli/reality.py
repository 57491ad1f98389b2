"""`prospects resolve | correct | history | verify | due | questions | match | score`: reality vs
ledger.

Thin wrappers over `prospects.reality`; a bad input (outcome word, correction, rule file,
question file) is one line on stderr and exit status 2, with nothing recorded.
"""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from prospects.cli.app import app, err, fail, out
from prospects.cli.ledger import Db, opened
from prospects.cli.options import iso_date
from prospects.cli.output import TableFormat, write_csv, write_data, write_json_array


class GroupBy(StrEnum):
    source = "source"
    type = "type"
    outlet = "outlet"
    all = "all"


FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")]
Today = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Take this date as today (YYYY-MM-DD), e.g. to reproduce a past report.",
        show_default=False,
    ),
]


# How these commands take what a ResolveError says is missing (its `need`); the library's
# message says what, in its own terms.
_GIVE = {
    "evidence": "give --evidence TEXT_OR_URL",
    "by": "give --by NAME",
    "reason": "give --reason WHY",
    "why": "give --why TEXT",
    "question": "load it with `prospects questions load`",
}


def _problem(exc: Exception) -> typer.Exit:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    how = _GIVE.get(getattr(exc, "need", None) or "")
    return fail(f"{message}: {how}" if how else message)


def _fmt(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


# ------------------------------------------------------------------------------- resolve


@app.command()
def resolve(
    forecast: Annotated[
        str | None,
        typer.Argument(help="The forecast's ledger id (or a unique prefix).", show_default=False),
    ] = None,
    outcome: Annotated[
        str | None,
        typer.Option("--outcome", help="yes, no, partly or void.", show_default=False),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence", help="What the outcome rests on: a text or a URL.", show_default=False
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who resolves (a name).", show_default=False)
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="When the outcome became known [default: today].", show_default=False
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why; required for void (no measurable event, condition never met, ambiguous "
            "wording).",
            show_default=False,
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Resolve from indicator data: a YAML rule file (schema in docs/reality.md).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --rules: show the outcomes, record nothing.")
    ] = False,
    supersede: Annotated[
        bool,
        typer.Option(
            "--supersede", help="With --rules: also supersede resolutions recorded by others."
        ),
    ] = False,
    today: Today = None,
    db: Db = None,
) -> None:
    """Record what happened to a forecast, or apply a rule file of indicator tests.

    Every resolution is kept with who, when and why; a later one supersedes but never erases.

    Example: prospects resolve 4ef94fa987 --outcome yes --evidence https://x.org/m --by Ann
    """
    from prospects import reality

    if rules is not None:
        if forecast or outcome:
            raise fail("give either --rules FILE or FORECAST --outcome ..., not both")
        with opened(db) as ledger:
            try:
                report = reality.apply_rule_file(
                    ledger, rules, iso_date(today, "--today"), dry_run=dry_run, supersede=supersede
                )
            except reality.RuleError as exc:
                raise _problem(exc) from None
        _print_rules_report(report, dry_run)
        return
    if not forecast or not outcome or evidence is None or by is None:
        raise fail("give FORECAST --outcome yes|no|partly|void --evidence TEXT_OR_URL --by NAME")
    with opened(db) as ledger:
        try:
            entry = reality.resolve(
                ledger, forecast, outcome, evidence, by, iso_date(on, "--on"), reason
            )
        except reality.ResolveError as exc:
            raise _problem(exc) from None
    err.print(
        f"resolved {entry.forecast_id}: {entry.outcome} (entry {entry.seq}, by {escape(entry.by)})",
        highlight=False,
    )


def _print_rules_report(report: Any, dry_run: bool) -> None:
    table = Table(title="resolutions from rules" + (" (dry run)" if dry_run else ""))
    for column in ("forecast", "rule", "outcome", "on", "status"):
        table.add_column(column, overflow="fold")
    recorded = {r.forecast_id for r in report.recorded}
    unchanged = {o.forecast_id for o in report.unchanged}
    kept = {o.forecast_id: before for o, before in report.kept}
    for o in report.planned:
        if o.forecast_id in recorded:
            status = "recorded"
        elif o.forecast_id in unchanged:
            status = "already recorded"
        elif o.forecast_id in kept:
            status = f"kept {kept[o.forecast_id].outcome} by {kept[o.forecast_id].by}"
        else:
            status = "would record"
        table.add_row(o.forecast_id, o.rule, o.outcome, str(o.on), escape(status))
    out.print(table)
    for skip in report.skipped:
        err.print(f"[yellow]skipped:[/] {escape(str(skip))}", highlight=False)
    err.print(
        f"{len(report.recorded)} recorded, {len(report.unchanged)} unchanged, "
        f"{len(report.kept)} kept, {len(report.skipped)} skipped",
        highlight=False,
    )


@app.command()
def correct(
    forecast: Annotated[str, typer.Argument(help="The forecast's ledger id (or a unique prefix).")],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Who said it: a source id, or a name (that source, else a new person).",
            show_default=False,
        ),
    ] = None,
    proposition: Annotated[
        str | None,
        typer.Option("--proposition", help="What is forecast, as a statement.", show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="prediction, conditional, expectation or pledge.", show_default=False
        ),
    ] = None,
    probability: Annotated[
        float | None,
        typer.Option(
            "--probability", help="How likely it was said to be (0-1).", show_default=False
        ),
    ] = None,
    horizon_end: Annotated[
        str | None,
        typer.Option("--horizon-end", help="When it is due (YYYY-MM-DD).", show_default=False),
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option("--condition", help='On what condition ("" for none).', show_default=False),
    ] = None,
    not_a_forecast: Annotated[
        bool,
        typer.Option(
            "--not-a-forecast", help="It is no forecast: leave it out of listings and scores."
        ),
    ] = False,
    why: Annotated[
        str | None,
        typer.Option("--why", help="Why the forecast is wrong (required).", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who corrects it [default: $USER].", show_default=False),
    ] = None,
    db: Db = None,
) -> None:
    """Correct what the extractor got wrong in a stored forecast, with who and why.

    Each changed field is one entry of the hash-chained log, beside the resolutions; listings,
    scores and later analyses of the article keep the correction, and `prospects history`
    shows it.

    Example: prospects correct 4ef94fa987 --source "Lloyd Austin" --why "his words" --by Ann
    """
    from prospects import reality

    given: dict[str, Any] = {
        "source": source,
        "proposition": proposition,
        "kind": kind,
        "probability": probability,
        "horizon_end": horizon_end,
        "condition": condition,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    if not_a_forecast:
        changes["not_a_forecast"] = True
    if not changes:
        raise fail(
            "give what to correct: --source, --proposition, --kind, --probability, "
            "--horizon-end, --condition or --not-a-forecast"
        )
    who = by if by is not None else os.environ.get("USER", "")
    with opened(db) as ledger:
        try:
            made = reality.correct(ledger, forecast, changes, by=who, why=why or "")
        except reality.ResolveError as exc:
            raise _problem(exc) from None
    for c in made:
        err.print(
            f"corrected {c.forecast_id}: {escape(c.summary)} (entry {c.seq}, by {escape(c.by)})",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def history(
    forecast: Annotated[str, typer.Argument(help="The forecast's ledger id (or a unique prefix).")],
    fmt: FormatOption = TableFormat.table,
    db: Db = None,
) -> None:
    """Every resolution and correction of a forecast, oldest first; the last resolution is in
    force.

    Example: prospects history 4ef94fa987
    """
    from prospects import reality

    with opened(db) as ledger:
        try:
            h = reality.history(ledger, forecast)
        except reality.ResolveError as exc:
            raise _problem(exc) from None
    rows = [e.to_dict() for e in h.entries]
    if write_data(fmt, rows):
        return
    mark = " [yellow](not a forecast)[/]" if h.forecast.not_a_forecast else ""
    out.print(
        f"[bold]{h.forecast.id}[/]: {escape(h.forecast.proposition)}{mark}",
        highlight=False,
        soft_wrap=True,
    )
    for e in h.entries:
        if isinstance(e, reality.Correction):
            out.print(
                f"#{e.seq}  [bold]correction[/]  on {e.on}  by {escape(e.by)}", highlight=False
            )
            out.print(f"    {escape(e.summary)}", highlight=False, soft_wrap=True)
            out.print(f"    why: {escape(e.why)}", highlight=False, soft_wrap=True)
        else:
            state = "[green]in force[/]" if e is h.current else "[dim]superseded[/]"
            out.print(
                f"#{e.seq}  [bold]{e.outcome}[/]  on {e.on}  by {escape(e.by)}  ({e.method})  "
                f"{state}",
                highlight=False,
            )
            if e.reason:
                out.print(f"    reason: {escape(e.reason)}", highlight=False)
            out.print(f"    evidence: {escape(e.evidence)}", highlight=False)
        out.print(f"    recorded {e.recorded_at}  hash {(e.hash or '')[:16]}", highlight=False)
    if h.current is None:
        out.print("not resolved yet")


@app.command()
def verify(db: Db = None) -> None:
    """Check the log's hash chain (resolutions and corrections) and that no resolved forecast was
    changed since, other than by a recorded correction.

    Exits 1 when something does not verify.

    Example: prospects verify --db prospects.db
    """
    from prospects import reality

    with opened(db) as ledger:
        problems = reality.verify(ledger)
        n = len(ledger.resolutions()) + len(ledger.corrections())
    for p in problems:
        err.print(f"[bold red]broken:[/] {escape(str(p))}", highlight=False)
    if problems:
        raise typer.Exit(1)
    err.print(f"resolution log intact: {n} entr{'y' if n == 1 else 'ies'} verified")


@app.command()
def due(
    no_horizon: Annotated[
        bool,
        typer.Option(
            "--no-horizon",
            help="Also list forecasts with no horizon, a year after publication (default window).",
        ),
    ] = False,
    today: Today = None,
    fmt: FormatOption = TableFormat.table,
    db: Db = None,
) -> None:
    """Forecasts whose horizon has ended and that nobody has resolved, oldest first.

    Vague horizons ("in the coming months") use their default window.

    Example: prospects due --format json
    """
    from prospects import reality

    with opened(db) as ledger:
        listed = reality.due(ledger, iso_date(today, "--today"), no_horizon=no_horizon)
    rows: list[dict[str, Any]] = [
        {
            "id": d.forecast.id,
            "due": d.due.isoformat(),
            "default_window": d.default_window,
            "source": d.forecast.source_label,
            "kind": d.forecast.kind,
            "probability": d.forecast.probability,
            "proposition": d.forecast.proposition,
        }
        for d in listed
    ]
    if not write_data(fmt, rows):
        table = Table()
        for column in ("id", "due", "source", "kind", "p", "proposition"):
            table.add_column(column, overflow="fold")
        for r in rows:
            when = r["due"] + (" (default window)" if r["default_window"] else "")
            p = "" if r["probability"] is None else f"{r['probability']:.2f}"
            table.add_row(
                r["id"], when, escape(r["source"]), r["kind"], p, escape(r["proposition"])
            )
        out.print(table)
        err.print(f"{len(rows)} forecast{'s' if len(rows) != 1 else ''} due")


# ----------------------------------------------------------------------------- questions

questions_app = typer.Typer(
    help="Resolved questions of forecasting platforms (Metaculus, Polymarket, GJP, ...)."
    "\n\nExample: prospects questions load src/prospects/reality/data/questions.jsonl",
    no_args_is_help=True,
)
app.add_typer(questions_app, name="questions")


@questions_app.command("load")
def questions_load(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A questions JSONL file [default: the bundled questions.jsonl].",
            show_default=False,
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Load resolved platform questions into the ledger: the whole file, or nothing.

    Example: prospects questions load src/prospects/reality/data/questions.jsonl
    """
    from prospects import reality

    path = file or reality.bundled_questions_path()
    with opened(db, create=True) as ledger:
        try:
            n = reality.load_question_file(ledger, path)
        except reality.QuestionFileError as exc:
            raise _problem(exc) from None
    err.print(f"loaded {n} questions from {escape(str(path))}", highlight=False)


@app.command()
def match(
    accept: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--accept",
            help="Turn a proposal into a resolution: FORECAST_ID QUESTION_ID.",
            show_default=False,
        ),
    ] = None,
    reject: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--reject",
            help="Never propose this question for this forecast again: FORECAST_ID QUESTION_ID.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="With --accept or --reject: who decides.", show_default=False),
    ] = None,
    invert: Annotated[
        bool,
        typer.Option("--invert", help="With --accept: the question asks the forecast's opposite."),
    ] = False,
    forecast: Annotated[
        str | None,
        typer.Option("--forecast", help="Only proposals for this forecast.", show_default=False),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Proposals per forecast.", min=1)] = 3,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Leave out proposals below this BM25 score.")
    ] = 6.0,
    fmt: FormatOption = TableFormat.table,
    db: Db = None,
) -> None:
    """Propose resolved platform questions that ask what an unresolved forecast says.

    BM25 over the question text, in an overlapping period; `--accept` records the question's
    outcome as the forecast's resolution, citing it; `--reject` drops a wrong proposal for good.

    Example: prospects match --accept 96728d05e1 forecastbench:metaculus:20895 --by "A. Reader"
    """
    from prospects import reality

    with opened(db) as ledger:
        if reject is not None:
            if accept is not None:
                raise fail("give either --accept or --reject, not both")
            if not by:
                raise fail("--reject needs --by NAME")
            ledger.reject_match(reject[0], reject[1], by)  # `opened` says a LedgerError
            err.print(
                f"question {escape(reject[1])} will not be proposed for {escape(reject[0])} again",
                highlight=False,
            )
            return
        if accept is not None:
            if not by:
                raise fail("--accept needs --by NAME")
            try:
                entry = reality.accept(ledger, accept[0], accept[1], by, invert=invert)
            except reality.ResolveError as exc:
                raise _problem(exc) from None
            err.print(
                f"resolved {entry.forecast_id}: {entry.outcome} from question {escape(accept[1])}",
                highlight=False,
            )
            return
        if not ledger.questions(limit=1):
            raise fail("no questions in the ledger: load some with `prospects questions load`")
        try:
            proposals = reality.match(ledger, top=top, min_score=min_score, forecast_id=forecast)
        except reality.ResolveError as exc:
            raise _problem(exc) from None
    rows = [m.to_dict() for m in proposals]
    if not write_data(fmt, rows):
        table = Table()
        for column in ("forecast", "score", "question id", "question", "outcome", "resolved"):
            table.add_column(column, overflow="fold")
        for r in rows:
            table.add_row(
                r["forecast_id"],
                f"{r['score']:.1f}",
                escape(r["question_id"]),
                escape(r["question"]),
                r["outcome"],
                r["resolve_date"] or "",
            )
        out.print(table)
        err.print(f"{len(rows)} proposal{'s' if len(rows) != 1 else ''}")


# --------------------------------------------------------------------------------- score


@app.command()
def score(
    by: Annotated[
        GroupBy, typer.Option("--by", help="Score per source, source type or outlet.")
    ] = (GroupBy.source),
    fmt: FormatOption = TableFormat.table,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Also draw the calibration diagram and track record to FILE.svg or FILE.png.",
            show_default=False,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="With --plot: the group to draw (words of its name) [default: all forecasts].",
            show_default=False,
        ),
    ] = None,
    today: Today = None,
    db: Db = None,
) -> None:
    """Brier, log score, AUC and calibration per source, source type or outlet.

    Only resolved forecasts whose horizon has ended count (no horizon: once resolved), never void
    ones; the resolution rate is shown beside each score, pledges apart as kept/broken/pending.

    Example: prospects score --by type --format json --plot calibration.svg
    """
    from prospects import reality

    day = iso_date(today, "--today") or date.today()
    with opened(db) as ledger:
        rows, views = reality.scores(ledger, by=by.value, today=day)
    if fmt is TableFormat.json:
        write_json_array([r.to_dict() for r in rows])
    elif fmt is TableFormat.csv:
        flat = []
        for r in rows:
            d = r.to_dict()
            d.update({f"pledges_{k}": v for k, v in d.pop("pledges").items()})
            d.update(d.pop("murphy") or {})
            flat.append(d)
        write_csv(flat)
    else:
        _print_score_table(rows, by.value)
    if plot is not None:
        chosen = views
        name, kind = "all forecasts", "all"
        if group:
            words = group.lower()
            chosen = [v for v in views if words in reality.group_of(v, by.value)[0].lower()]
            if not chosen:
                raise fail(f"no {by.value} matches --group {group!r}")
            name, kind = reality.group_of(chosen[0], by.value)
            chosen = [v for v in chosen if reality.group_of(v, by.value) == (name, kind)]
        try:
            path = reality.save_score_plot(
                plot, reality.score_group(name, kind, chosen, day), chosen, day
            )
        except (ValueError, OSError) as exc:
            raise _problem(exc) from None
        err.print(f"plot written to {escape(str(path))}", highlight=False)


def _print_score_table(rows: list[Any], by: str) -> None:
    from prospects import reality

    table = Table(title=f"scores by {by} (Brier and log: lower is better)")
    # The group's details go on a second line of its cell, so the table fits 80 columns.
    table.add_column("group", ratio=1)
    table.caption = (
        "under each group: type · Brier's Murphy parts REL/RES/UNC (reliability: lower is "
        "better; resolution: higher is better; uncertainty: of the outcomes alone) · pledges "
        "kept/broken/pending; — where a figure is undefined (no interval from one forecast, no "
        f"AUC without {reality.AUC_MIN_EACH} of each outcome)"
    )
    for column in ("n", "resolved", "Brier [95%]", "log", "AUC"):
        table.add_column(column, justify="right")
    for r in rows:
        interval = (
            f" [{_fmt(r.brier_low, 2)}–{_fmt(r.brier_high, 2)}]"
            if r.brier_low is not None and r.brier_high is not None
            else ""
        )
        m = r.murphy
        murphy = f"{m.reliability:.2f}/{m.resolution:.2f}/{m.uncertainty:.2f}" if m else "—"
        note = "" if r.warning is None else ("none resolved" if r.n == 0 else "n < 10")
        pledges = f"{r.pledges.kept}/{r.pledges.broken}/{r.pledges.pending}"
        group = Text(r.name, style="bold")
        group.append(f"\n{r.type} · {murphy} · {pledges}" + (f" · {note}" if note else ""), "dim")
        table.add_row(
            group,
            str(r.n),
            "—" if r.resolution_rate is None else f"{r.resolution_rate:.0%} of {r.due}",
            _fmt(r.brier) + interval,
            _fmt(r.log_score, 2),
            _fmt(r.auc, 2),
        )
    out.print(table)
    if any(r.warning for r in rows):
        err.print(
            "note: fewer than 10 resolved forecasts make a score an anecdote, not a track record",
            highlight=False,
        )
