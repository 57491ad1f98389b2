"""What the ledger hands back: frozen rows that every reader (CLI, web, reality) shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from prospects.records import ArticleRecord, Forecast, Horizon, Likelihood


def likelihood_horizon_columns(lk: Likelihood | None, hz: Horizon | None) -> dict[str, Any]:
    """A forecast's likelihood and horizon as the flat columns of the table and of exports."""
    return {
        "likelihood_cue": lk.cue if lk else None,
        "probability": lk.probability if lk else None,
        "low": lk.low if lk else None,
        "high": lk.high if lk else None,
        "basis": lk.basis if lk else None,
        "horizon_cue": hz.cue if hz else None,
        "horizon_start": hz.start if hz else None,
        "horizon_end": hz.end if hz else None,
        "precision": hz.precision if hz else None,
    }


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str | None
    published: date | None
    outlet: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
        }


@dataclass(frozen=True)
class SourceRef:
    id: str
    name: str | None
    type: str
    anonymous: bool


@dataclass(frozen=True)
class ForecastRow:
    """A stored forecast: the record's forecast fields with the ledger's stable `id`, its article,
    its source (the ledger's cross-article source) and the outcome of its latest resolution."""

    id: str
    start: int
    end: int
    text: str
    proposition: str
    kind: str
    article: ArticleRef
    source: SourceRef
    quote: str | None = None
    likelihood: Likelihood | None = None
    horizon: Horizon | None = None
    condition: str | None = None
    resolution: str | None = None  # latest outcome: yes | no | partly | void; None when unresolved
    pipeline: str | None = None
    local_id: str | None = None  # the record's "f1" in the latest analysis
    retired: bool = False  # a newer analysis of the article no longer finds it

    @property
    def probability(self) -> float | None:
        return self.likelihood.probability if self.likelihood else None

    def forecast(self) -> Forecast:
        """The record's forecast, with the ledger's stable id and source id."""
        return Forecast(
            id=self.id,
            start=self.start,
            end=self.end,
            text=self.text,
            proposition=self.proposition,
            kind=self.kind,
            source=self.source.id,
            quote=self.quote,
            likelihood=self.likelihood,
            horizon=self.horizon,
            condition=self.condition,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `prospects forecasts --format json`: the record's forecast, and context."""
        return {
            **self.forecast().to_dict(),
            "source_name": self.source.name,
            "source_type": self.source.type,
            "source_anonymous": self.source.anonymous,
            "article": self.article.to_dict(),
            "resolution": self.resolution,
            "resolved": self.resolution is not None,
            "pipeline": self.pipeline,
            "retired": self.retired,
        }

    def flat(self) -> dict[str, Any]:
        """One flat row for CSV, Parquet and pandas."""
        lk, hz = self.likelihood, self.horizon
        return {
            "id": self.id,
            "article_id": self.article.id,
            "article_title": self.article.title,
            "published": self.article.published,
            "outlet": self.article.outlet,
            "source_id": self.source.id,
            "source_name": self.source.name,
            "source_type": self.source.type,
            "source_anonymous": self.source.anonymous,
            "kind": self.kind,
            "proposition": self.proposition,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            **likelihood_horizon_columns(lk, hz),
            "condition": self.condition,
            "resolution": self.resolution,
            "pipeline": self.pipeline,
            "retired": self.retired,
        }


@dataclass(frozen=True)
class SourceRow:
    id: str
    name: str | None
    type: str
    anonymous: bool
    affiliation: str | None
    role: str | None
    articles: int
    forecasts: int
    merged_into: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "anonymous": self.anonymous,
            "affiliation": self.affiliation,
            "role": self.role,
            "articles": self.articles,
            "forecasts": self.forecasts,
            "merged_into": self.merged_into,
        }


@dataclass(frozen=True)
class StoreResult:
    article_id: str
    status: str  # "new" | "unchanged" | "updated"
    forecast_ids: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: its record (with text) and its forecasts as ledger rows."""

    record: ArticleRecord
    forecasts: tuple[ForecastRow, ...]
    pipeline: str | None
