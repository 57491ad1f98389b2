"""Train the forecast finder on the corpus and choose it by cross-validation grouped by article.

The spaCy parse and the quote component run once per article (`parse`); each fold then trains a
model on the other folds' candidates (`training_rows`) and re-runs only the forecast component on
its own articles with that model, scored by the same rule as `prospects eval forecasts`
(`score_document`). Nothing of an article is seen when its own fold is scored.

A candidate's label comes from the gold lines: 1 when its cue or its verb lies inside a required
forecast's anchor, 0 when it lies in no forecast's anchor, and no row at all when it lies only in
an optional one (an optional forecast neither earns nor costs, FORECASTS.md).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from prospects.evaluate.forecasts import FileResult, GoldLine, find_text, read_gold, score_document
from prospects.nlp.forecast_model import (
    ForecastModel,
    KindModel,
    Settings,
    train,
    train_kind,
)
from prospects.nlp.forecasts import KINDS, ForecastFinder, QuoteIndex, kind_features
from prospects.nlp.pipeline import make_doc, to_record
from prospects.records import Article

FOLDS = 5
SEED = 14
FINGERPRINT_WORDS = 200


@dataclass
class Parsed:
    """One annotated article, parsed once: its Doc holds the quotes the forecast component reads."""

    name: str
    set: str
    domain: str
    article: Article
    doc: Doc
    gold: list[GoldLine]


def gold_by_doc(paths: Iterable[Path]) -> dict[str, tuple[str, list[GoldLine]]]:
    """Gold lines of every article, with the set (file stem) it belongs to."""
    out: dict[str, tuple[str, list[GoldLine]]] = {}
    for path in paths:
        for line in read_gold(Path(path)):
            out.setdefault(line.doc, (Path(path).stem, []))[1].append(line)
    return out


def parse(
    gold_paths: Sequence[Path],
    text_dirs: Sequence[Path],
    nlp: Language,
    progress: Callable[[str], None] | None = None,
) -> list[Parsed]:
    """Every article of the gold files through the pipeline up to (not including) forecasts."""
    out = []
    for name, (set_name, lines) in gold_by_doc(gold_paths).items():
        path = find_text(name, text_dirs)
        if path is None:
            continue
        if progress:
            progress(name)
        published = next((g.published for g in lines if g.published), None)
        article = Article(
            text=path.read_text(encoding="utf-8"),
            published=published,
            published_basis="given" if published else None,
            path=str(path),
        )
        with nlp.select_pipes(disable=["prospects_forecasts"]):
            doc = nlp(make_doc(article, nlp))
        domain = next((g.data.get("domain") for g in lines if g.task == "article"), None)
        out.append(Parsed(name, set_name, domain or "unknown", article, doc, lines))
    return out


def _anchors(p: Parsed, task: str = "forecast") -> list[tuple[int, int, bool]]:
    text = p.article.text
    out = []
    for g in p.gold:
        if g.task != task or not g.anchor:
            continue
        at = text.find(g.anchor)
        if at >= 0:
            out.append((at, at + len(g.anchor), g.required))
    return out


@dataclass
class Rows:
    """Training rows: named features, dense vectors (or None) and labels, one per candidate."""

    features: list[list[str]] = field(default_factory=list)
    dense: list[Any] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    hard: list[bool] = field(default_factory=list)  # a negative the annotators marked not_forecast

    def extend(self, other: Rows) -> None:
        self.features += other.features
        self.dense += other.dense
        self.labels += other.labels
        self.hard += other.hard

    def matrix(self) -> np.ndarray | None:
        if not self.dense or any(d is None for d in self.dense):
            return None
        return np.vstack(self.dense)


def training_rows(parsed: Iterable[Parsed], finder: ForecastFinder) -> Rows:
    """Feature rows and labels of every candidate (see the module's docstring)."""
    out = Rows()
    for p in parsed:
        anchors = _anchors(p)
        looks = _anchors(p, "not_forecast")
        for _, _, found in finder.candidates(p.doc):
            for c, feats in found:
                points = (c.cue_tokens[0].idx, c.predicate.idx)
                inside = [req for s, e, req in anchors if any(s <= x < e for x in points)]
                if inside and not any(inside):
                    continue  # only an optional forecast: no label
                out.features.append(feats)
                out.dense.append(c.dense)
                out.labels.append(int(any(inside)))
                out.hard.append(not inside and any(s <= x < e for s, e, _ in looks for x in points))
    return out


def kind_rows(
    parsed: Iterable[Parsed], finder: ForecastFinder
) -> tuple[list[list[str]], list[str]]:
    """Kind-model rows: each candidate inside a required forecast's anchor, with its gold kind."""
    rows: list[list[str]] = []
    labels: list[str] = []
    for p in parsed:
        text = p.article.text
        spans = []
        for g in p.gold:
            if g.task == "forecast" and g.required and g.data.get("kind") in KINDS:
                at = text.find(g.anchor)
                if at >= 0:
                    spans.append((at, at + len(g.anchor), g.data["kind"]))
        quotes = QuoteIndex(list(p.doc._.quotes or []))
        for sent, _, found in finder.candidates(p.doc, quotes):
            for c, _ in found:
                points = (c.cue_tokens[0].idx, c.predicate.idx)
                kinds = [k for s, e, k in spans if any(s <= x < e for x in points)]
                if not kinds or c.estimate is None:
                    continue
                rule, cond, _ = finder.rule_kind(p.doc, sent, c, quotes)
                rows.append(kind_features(c, rule, cond is not None))
                labels.append(kinds[0])
    return rows, labels


def folds_of(texts: Mapping[str, str], k: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    """Articles dealt into k folds at random (fixed seed), grouped by article: copies of one text
    (wire stories filed twice under two ids) share a fold, so no fold trains on its own test."""
    groups: dict[str, list[str]] = {}
    for name in sorted(texts):
        groups.setdefault(_fingerprint(texts[name]), []).append(name)
    order = sorted(groups.values())
    random.Random(seed).shuffle(order)
    return {name: i % k for i, names in enumerate(order) for name in names}


def _fingerprint(text: str) -> str:
    """The opening words, case and spacing folded: enough to tell copies of one story."""
    return " ".join(text.lower().split()[:FINGERPRINT_WORDS])


@dataclass
class Scores:
    """Results by set, by domain, and in all."""

    total: FileResult = field(default_factory=lambda: FileResult("total"))
    sets: dict[str, FileResult] = field(default_factory=dict)
    domains: dict[str, FileResult] = field(default_factory=dict)

    def add(self, p: Parsed, one: FileResult) -> None:
        self.total.add(one)
        self.sets.setdefault(p.set, FileResult(p.set)).add(one)
        self.domains.setdefault(p.domain, FileResult(p.domain)).add(one)

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        return {
            "total": self.total.to_dict(details),
            "sets": [r.to_dict(details) for _, r in sorted(self.sets.items())],
            "domains": [r.to_dict(details) for _, r in sorted(self.domains.items())],
        }


def score(
    parsed: Iterable[Parsed], finder: Callable[[Doc], Doc], nlp: Language, into: Scores
) -> None:
    """Run the forecast component on each parsed article and score it against its gold."""
    for p in parsed:
        finder(p.doc)
        one = FileResult(p.name)
        score_document(p.name, to_record(p.doc, p.article, nlp), p.gold, one)
        into.add(p, one)


@dataclass
class Trial:
    settings: Settings
    scores: Scores


def cross_validate(
    parsed: Sequence[Parsed],
    nlp: Language,
    grid: Sequence[Settings],
    k: int = FOLDS,
    progress: Callable[[str], None] | None = None,
    base: ForecastFinder | None = None,
    kinds: bool = False,
) -> list[Trial]:
    """Every setting of `grid` scored by k-fold cross-validation grouped by article; with
    `kinds`, each fold also trains the kind model on its training folds."""
    base = base or ForecastFinder()
    fold = folds_of({p.name: p.article.text for p in parsed}, k)
    rows_by_fold: dict[int, Rows] = {}
    kind_models: dict[int, KindModel | None] = dict.fromkeys(range(k))
    for i in range(k):
        rows_by_fold[i] = training_rows([p for p in parsed if fold[p.name] == i], base)
    if kinds:
        for i in range(k):
            train_part = [p for p in parsed if fold[p.name] != i]
            kind_models[i] = train_kind(*kind_rows(train_part, base), KINDS)
    trials = []
    # settings that differ only in threshold share one model per fold
    by_model: dict[Settings, list[Settings]] = defaultdict(list)
    for s in grid:
        by_model[Settings(**{**s.__dict__, "threshold": 0.5})].append(s)
    for model_settings, variants in by_model.items():
        models: dict[int, ForecastModel] = {}
        for i in range(k):
            rows = Rows()
            for j in range(k):
                if j != i:
                    rows.extend(rows_by_fold[j])
            models[i] = train(rows.features, rows.labels, model_settings, rows.matrix(), rows.hard)
        for s in variants:
            if progress:
                progress(f"{s}")
            scores = Scores()
            for i in range(k):
                finder = ForecastFinder(None, models[i], s.threshold, base.filters, kind_models[i])
                finder.events = base.events
                score([p for p in parsed if fold[p.name] == i], finder, nlp, scores)
            trials.append(Trial(s, scores))
    return trials


def fit(
    parsed: Sequence[Parsed], settings: Settings, base: ForecastFinder | None = None
) -> ForecastModel:
    """The model of `settings` trained on every article: what the package ships."""
    rows = training_rows(parsed, base or ForecastFinder())
    return train(rows.features, rows.labels, settings, rows.matrix(), rows.hard)


def fit_kind(parsed: Sequence[Parsed], base: ForecastFinder | None = None) -> KindModel:
    """The kind model trained on every article."""
    return train_kind(*kind_rows(parsed, base or ForecastFinder()), KINDS)
