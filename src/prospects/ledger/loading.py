"""Analyse and store articles, or store records analysed elsewhere: one transaction per article."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from prospects.ledger.rows import StoreResult
from prospects.ledger.store import Ledger
from prospects.records import Article, ArticleRecord, IngestError

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class IngestSummary:
    """How an ingest went, article by article counted by status."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    forecasts: int = 0

    def add(self, result: StoreResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status != "unchanged":
            self.forecasts += len(result.forecast_ids)

    def __iadd__(self, other: IngestSummary) -> IngestSummary:
        """Another part of the same ingest (a records file, a set of inputs) added to this one."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def line(self) -> str:
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} already stored{failed}; "
            f"{self.forecasts} forecasts written"
        )


Report = Callable[[StoreResult, str | None], None]


def ingest_articles(
    ledger: Ledger,
    articles: Iterable[Article],
    nlp: Language,
    *,
    on_stored: Report | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    batch_size: int = 8,
) -> IngestSummary:
    """Analyse and store each article. One already stored by this pipeline is not analysed again;
    one the pipeline fails on is counted as failed and reported, and the others go on."""
    from prospects.nlp import analyze_many
    from prospects.nlp.pipeline import version

    summary = IngestSummary()
    pipeline = version(nlp)

    def fresh() -> Iterator[Article]:
        for article in articles:
            if ledger.has_article(article.id, pipeline):
                result = StoreResult(article.id, "unchanged")
                summary.add(result)
                if on_stored:
                    on_stored(result, article.path)
                continue
            yield article

    analysed = analyze_many(fresh(), nlp, batch_size=batch_size)
    return _store_each(ledger, analysed, summary, on_stored, on_error)


def read_records(source: str | Path) -> Iterator[ArticleRecord | IngestError]:
    """`prospects.article/1` JSON lines with text (an export of another ledger); "-" is stdin."""
    name = str(source)
    try:
        stream = sys.stdin if name == "-" else Path(source).open(encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        yield IngestError(name, exc.strerror or str(exc))
        return
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                yield ArticleRecord.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                yield IngestError(f"{name}:{number}", str(exc).splitlines()[0])


def ingest_records(
    ledger: Ledger,
    records: Iterable[ArticleRecord | IngestError],
    *,
    on_stored: Report | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> IngestSummary:
    """Store analysed records as they are (no spaCy): importing another ledger's export."""
    return _store_each(ledger, records, IngestSummary(), on_stored, on_error)


def _store_each(
    ledger: Ledger,
    items: Iterable[ArticleRecord | IngestError],
    summary: IngestSummary,
    on_stored: Report | None,
    on_error: Callable[[IngestError], None] | None,
) -> IngestSummary:
    """Each record stored in a transaction of its own (retried when another writer clashed);
    each error counted and reported, and the rest go on."""
    for item in items:
        if isinstance(item, IngestError):
            summary.failed += 1
            if on_error:
                on_error(item)
            continue
        result = ledger.retrying(lambda r=item: ledger.store(r))  # type: ignore[misc]
        summary.add(result)
        if on_stored:
            on_stored(result, item.article.path)
    return summary
