"""Score the forecast extractor against gold files written by ../shared/spec/FORECASTS.md.

The rule (issue 5):
- a gold forecast's anchor is the first occurrence of its text in the article; a predicted
  forecast *covers* it when the prediction's span covers at least half of the anchor's characters;
- predictions are matched one to one, required gold forecasts first, then optional ones (a
  maximum bipartite matching); a required gold matched is *found*; optional gold forecasts
  neither count nor cost; a prediction matched to no gold forecast is a false positive;
- precision = matched predictions / predictions, recall = found / required, F1 their harmonic mean;
- attribute accuracies are over found forecasts: kind; source type; source name (the predicted
  name contains the gold name or shares its last word; `author` counts when both are the
  author); anonymity; probability inside the gold range (a pledge's null counts when predicted
  null); horizon end inside the gold range (a gold null counts when nothing, or only a `vague`
  default window, is predicted); condition containing every gold word (null when gold is null);
- a `not_forecast` line is *hit* when a false-positive prediction covers half of its anchor.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language

from prospects.nlp import analyze, load
from prospects.records import Article, ArticleRecord, Forecast

ATTRIBUTES = (
    "kind",
    "source_type",
    "source_name",
    "anonymous",
    "probability",
    "horizon",
    "condition",
)


@dataclass(frozen=True)
class GoldLine:
    doc: str
    published: date | None
    task: str
    anchor: str
    required: bool
    data: dict[str, Any]


@dataclass
class FileResult:
    """The scores of one gold file (or of all files together)."""

    name: str
    documents: int = 0
    predicted: int = 0
    required: int = 0
    found: int = 0
    matched_predictions: int = 0
    false_positives: int = 0
    not_forecast: int = 0
    not_forecast_hit: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    missing_texts: list[str] = field(default_factory=list)
    missing_anchors: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        return self.correct[attribute] / self.found if self.found else 0.0

    @property
    def not_forecast_rate(self) -> float:
        return self.not_forecast_hit / self.not_forecast if self.not_forecast else 0.0

    def add(self, other: FileResult) -> None:
        for name in ("documents", "predicted", "required", "found", "matched_predictions",
                     "false_positives", "not_forecast", "not_forecast_hit"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for a in ATTRIBUTES:
            self.correct[a] += other.correct[a]
        self.missing_texts += other.missing_texts
        self.missing_anchors += other.missing_anchors
        self.errors += other.errors

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "documents": self.documents,
            "predicted": self.predicted,
            "required": self.required,
            "found": self.found,
            "false_positives": self.false_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "accuracy": {a: round(self.accuracy(a), 4) for a in ATTRIBUTES},
            "not_forecast": self.not_forecast,
            "not_forecast_hit": self.not_forecast_hit,
            "missing_texts": self.missing_texts,
            "missing_anchors": self.missing_anchors,
        }
        if details:
            d["errors"] = self.errors
        return d


@dataclass
class ForecastEvaluation:
    files: list[FileResult]
    total: FileResult

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        return {
            "files": [f.to_dict(details) for f in self.files],
            "total": self.total.to_dict(details),
        }


def read_gold(path: Path) -> list[GoldLine]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        d = json.loads(raw)
        published = d.get("published")
        lines.append(
            GoldLine(
                doc=d["doc"],
                published=date.fromisoformat(published) if published else None,
                task=d["task"],
                anchor=d.get("anchor", ""),
                required=bool(d.get("required", True)),
                data=d,
            )
        )
    return lines


def find_text(doc: str, text_dirs: Sequence[Path]) -> Path | None:
    for directory in text_dirs:
        path = Path(directory) / f"{doc}.txt"
        if path.exists():
            return path
    return None


def covers(prediction: Forecast, start: int, end: int) -> bool:
    """The prediction's span covers at least half of [start, end)."""
    overlap = min(prediction.end, end) - max(prediction.start, start)
    return overlap * 2 >= (end - start) > 0


def _match(edges: dict[int, list[int]], order: Iterable[int], taken: dict[int, int]) -> None:
    """Augmenting-path bipartite matching: gold index -> prediction index, in `taken`."""

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges.get(g, []):
            if p in seen:
                continue
            seen.add(p)
            owner = next((k for k, v in taken.items() if v == p), None)
            if owner is None or augment(owner, seen):
                if owner is not None:
                    del taken[owner]
                taken[g] = p
                return True
        return False

    for g in order:
        augment(g, set())


def _norm(s: str | None) -> str:
    return " ".join((s or "").lower().replace("’", "'").split())


def _name_ok(gold: dict[str, Any], record: ArticleRecord, forecast: Forecast) -> bool:
    source = record.source(forecast.source)
    if gold.get("type") == "author":
        return forecast.source == "author"
    if source is None or source.type == "author" or not source.name:
        return False
    g, p = _norm(gold.get("name")), _norm(source.name)
    if not g:
        return True
    return g in p or p in g or g.split()[-1] == p.split()[-1]


def _words(s: str) -> list[str]:
    return [w.strip(".,;:!?\"'“”’()") for w in _norm(s).split() if w.strip(".,;:!?\"'“”’()")]


def score_attributes(gold: dict[str, Any], record: ArticleRecord, f: Forecast) -> dict[str, bool]:
    source = record.source(f.source)
    gsource = gold.get("source") or {}
    prob = gold.get("probability")
    if prob is None:
        prob_ok = f.likelihood is None
    else:
        prob_ok = (
            f.likelihood is not None
            and prob[0] - 1e-9 <= f.likelihood.probability <= prob[1] + 1e-9
        )
    hend = gold.get("horizon_end")
    h = f.horizon
    if hend is None:
        horizon_ok = h is None or h.end is None or h.precision == "vague"
    else:
        horizon_ok = h is not None and h.end is not None and hend[0] <= h.end.isoformat() <= hend[1]
    cond = gold.get("condition")
    if cond is None:
        cond_ok = f.condition is None
    else:
        have = set(_words(f.condition or ""))
        cond_ok = f.condition is not None and all(w in have for w in _words(cond))
    return {
        "kind": f.kind == gold.get("kind"),
        "source_type": (source.type if source else "author") == gsource.get("type"),
        "source_name": _name_ok(gsource, record, f),
        "anonymous": bool(source.anonymous if source else False) == bool(gsource.get("anonymous")),
        "probability": prob_ok,
        "horizon": horizon_ok,
        "condition": cond_ok,
    }


def score_document(
    name: str, record: ArticleRecord, gold: Sequence[GoldLine], result: FileResult
) -> None:
    text = record.article.text
    forecasts = list(record.forecasts)
    result.documents += 1
    result.predicted += len(forecasts)
    anchored: list[tuple[GoldLine, int, int]] = []
    for g in gold:
        if g.task not in ("forecast", "not_forecast"):
            continue
        at = text.find(g.anchor)
        if at < 0:
            result.missing_anchors.append(f"{name}: {g.anchor}")
            continue
        anchored.append((g, at, at + len(g.anchor)))
    forecast_gold = [a for a in anchored if a[0].task == "forecast"]
    edges = {
        gi: [pi for pi, f in enumerate(forecasts) if covers(f, s, e)]
        for gi, (_, s, e) in enumerate(forecast_gold)
    }
    taken: dict[int, int] = {}
    required = [gi for gi, (g, _, _) in enumerate(forecast_gold) if g.required]
    optional = [gi for gi, (g, _, _) in enumerate(forecast_gold) if not g.required]
    _match(edges, required, taken)
    _match(edges, optional, taken)
    result.required += len(required)
    matched = set(taken.values())
    result.matched_predictions += len(matched)
    for gi in required:
        g, _, _ = forecast_gold[gi]
        if gi not in taken:
            result.errors.append({"doc": name, "missed": g.anchor})
            continue
        result.found += 1
        f = forecasts[taken[gi]]
        ok = score_attributes(g.data, record, f)
        for a, good in ok.items():
            result.correct[a] += int(good)
        wrong = [a for a, good in ok.items() if not good]
        if wrong:
            result.errors.append({"doc": name, "anchor": g.anchor, "wrong": wrong,
                                  "predicted": _describe(record, f), "gold": g.data})  # fmt: skip
    false = [f for pi, f in enumerate(forecasts) if pi not in matched]
    result.false_positives += len(false)
    for f in false:
        result.errors.append({"doc": name, "false_positive": f.text, "kind": f.kind})
    for g, s, e in anchored:
        if g.task != "not_forecast":
            continue
        result.not_forecast += 1
        if any(covers(f, s, e) for f in false):
            result.not_forecast_hit += 1
            result.errors.append({"doc": name, "not_forecast_hit": g.anchor})


def _describe(record: ArticleRecord, f: Forecast) -> dict[str, Any]:
    d = f.to_dict()
    source = record.source(f.source)
    d["source"] = source.to_dict() if source else f.source
    if isinstance(d["source"], dict):
        d["source"].pop("mentions", None)
    return d


def evaluate(
    gold_paths: Sequence[Path],
    text_dirs: Sequence[Path],
    nlp: Language | None = None,
    progress: Callable[[str], None] | None = None,
) -> ForecastEvaluation:
    """Run the pipeline on every article of the gold files and score it."""
    nlp = nlp or load()
    files: list[FileResult] = []
    total = FileResult("total")
    for path in gold_paths:
        result = FileResult(Path(path).name)
        by_doc: dict[str, list[GoldLine]] = defaultdict(list)
        for line in read_gold(Path(path)):
            if line.task in ("forecast", "not_forecast", "article"):
                by_doc[line.doc].append(line)
        for doc_name, lines in by_doc.items():
            text_path = find_text(doc_name, text_dirs)
            if text_path is None:
                result.missing_texts.append(doc_name)
                continue
            if progress:
                progress(doc_name)
            article = Article(
                text=text_path.read_text(encoding="utf-8"),
                published=lines[0].published,
                published_basis="given" if lines[0].published else None,
                path=str(text_path),
            )
            score_document(doc_name, analyze(article, nlp), lines, result)
        files.append(result)
        total.add(result)
    return ForecastEvaluation(files, total)
