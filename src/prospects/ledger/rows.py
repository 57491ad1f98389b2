"""How records lie in the ledger's tables: the column values a store writes (built here for every
writer, `Ledger.store` and the benchmark alike), and the frozen rows that every reader (CLI, web,
reality) gets back."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from prospects.records import (
    ArticleRecord,
    Forecast,
    Horizon,
    Likelihood,
    Quote,
    Resolution,
    Source,
    Span,
)

# How a forecast lies in the columns of the forecasts table and of the flat exports, derived from
# the record so that a field is added once, in records.py. A field of the forecast is a column of
# its own name, except `id` and `source`, which the ledger replaces by its own: the record's are
# kept as `local_id` and the ledger's source as `source_id`. A field of its likelihood or horizon
# is a column of its bare name (`probability`, `precision`) unless the forecast or its other
# nested record has a field of that name too; then the nested record's name is its prefix
# (`likelihood_cue`, `horizon_cue`, `horizon_start`). These are the columns of schema version 1.
_RENAMED = {"id": "local_id", "source": "source_id"}
_NESTED: dict[str, type[Likelihood] | type[Horizon]] = {
    "likelihood": Likelihood,
    "horizon": Horizon,
}


@dataclass(frozen=True)
class _Column:
    name: str
    field: str  # the forecast's field
    part: str | None = None  # the nested record's field, for likelihood and horizon


def _columns() -> tuple[_Column, ...]:
    names = Counter(f.name for f in fields(Forecast) if f.name not in _NESTED)
    for nested in _NESTED.values():
        names.update(f.name for f in fields(nested))
    columns = []
    for f in fields(Forecast):
        if f.name not in _NESTED:
            columns.append(_Column(_RENAMED.get(f.name, f.name), f.name))
            continue
        for part in fields(_NESTED[f.name]):
            name = part.name if names[part.name] == 1 else f"{f.name}_{part.name}"
            columns.append(_Column(name, f.name, part.name))
    return tuple(columns)


FORECAST_COLUMNS = _columns()
# The columns the ledger adds to a record's: its stable id, where the forecast was read (the
# article's date and outlet are denormalised for listings), by what, when it was retired, and
# whether a person's correction says it is no forecast.
LEDGER_COLUMNS = (
    "id",
    "article_id",
    "published",
    "outlet",
    "pipeline",
    "retired_at",
    "not_a_forecast",
)


def forecast_columns(forecast: Forecast) -> dict[str, Any]:
    """A record's forecast as column values: nested records flattened, absent ones as nulls."""
    values = {}
    for column in FORECAST_COLUMNS:
        value = getattr(forecast, column.field)
        if column.part is not None:
            value = getattr(value, column.part) if value is not None else None
        values[column.name] = value
    return values


def content_hash(record_dict: Mapping[str, Any]) -> str:
    """What makes a second store of one article "unchanged": a hash of its record's `to_dict()`
    without where it was read (path, url, retrieved), so a copy found elsewhere is the same."""
    article = {k: v for k, v in record_dict["article"].items() if k not in _PLACE}
    unplaced = {**record_dict, "article": article}
    return hashlib.sha256(json.dumps(unplaced, sort_keys=True).encode("utf-8")).hexdigest()


_PLACE = ("path", "url", "retrieved")


def article_row(
    record: ArticleRecord, record_dict: Mapping[str, Any], digest: str, now: datetime
) -> dict[str, Any]:
    """The articles row of a record first stored `now`; `record_dict` is its `to_dict()` (made
    once by the caller, who also hashed it into `digest`)."""
    article = record.article
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "published_basis": article.published_basis,
        "path": article.path,
        "url": article.url,
        "outlet": article.outlet,
        "language": article.language,
        "words": record_dict["article"]["words"],
        "sentences": record.sentences,
        "text": article.text,
        "record": json.dumps(record_dict, ensure_ascii=False),
        "record_hash": digest,
        "pipeline": record.pipeline,
        "stored_at": now,
        "updated_at": now,
    }


# What storing an article again leaves as it was: its key, and when it was first stored.
ARTICLE_KEPT_ON_UPDATE = ("id", "stored_at")


def mention_row(record: ArticleRecord, source: Source, source_id: str) -> dict[str, Any]:
    """The source_mentions row of one of the record's speakers, stored as `source_id`."""
    return {
        "article_id": record.article.id,
        "local_id": source.id,
        "source_id": source_id,
        "name": source.name,
        "type": source.type,
        "anonymous": source.anonymous,
        "affiliation": source.affiliation,
        "role": source.role,
        "mentions": json.dumps([m.to_dict() for m in source.mentions], ensure_ascii=False),
        "pipeline": record.pipeline,
    }


def quote_row(record: ArticleRecord, quote: Quote, source_id: str | None) -> dict[str, Any]:
    """The quotes row of one of the record's quotes, its speaker stored as `source_id`."""
    return {
        "article_id": record.article.id,
        "local_id": quote.id,
        "kind": quote.kind,
        "start": quote.content.start,
        "end": quote.content.end,
        "text": quote.content.text,
        "cue": _span_json(quote.cue),
        "source_mention": _span_json(quote.source_mention),
        "source_id": source_id,
        "pipeline": record.pipeline,
    }


def _span_json(span: Span | None) -> str | None:
    return json.dumps(span.to_dict()) if span else None


def forecast_row(
    record: ArticleRecord, forecast: Forecast, forecast_id: str, source_id: str
) -> dict[str, Any]:
    """The forecasts row of one of the record's forecasts, current (not retired), with the
    ledger's id and source."""
    return {
        "id": forecast_id,
        "article_id": record.article.id,
        **forecast_columns(forecast),
        "source_id": source_id,
        "published": record.article.published,
        "outlet": record.article.outlet,
        "pipeline": record.pipeline,
        "retired_at": None,
        # an analysis never says so; a correction does, and the store lays it over this row
        "not_a_forecast": False,
    }


# What a new analysis leaves as it was in a forecast it still finds: its key.
FORECAST_KEPT_ON_UPDATE = ("id", "article_id")


def resolution_row(entry: Resolution, recorded_at: datetime) -> dict[str, Any]:
    """The resolutions row of a log entry; `seq` only when the entry has one (else the database
    numbers it)."""
    row = {
        "forecast_id": entry.forecast_id,
        "outcome": entry.outcome,
        "evidence": entry.evidence,
        "by": entry.by,
        "on": entry.on,
        "reason": entry.reason,
        "method": entry.method,
        "recorded_at": recorded_at,
        "capture_hash": entry.capture_hash,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }
    if entry.seq is not None:
        row["seq"] = entry.seq
    return row


def forecast_fields(columns: Mapping[str, Any]) -> dict[str, Any]:
    """Column values back as the forecast's fields (by field name): a likelihood or horizon whose
    columns are all null is absent."""
    values: dict[str, Any] = {}
    parts: dict[str, dict[str, Any]] = {name: {} for name in _NESTED}
    for column in FORECAST_COLUMNS:
        if column.part is None:
            values[column.field] = columns[column.name]
        else:
            parts[column.field][column.part] = columns[column.name]
    for name, nested in _NESTED.items():
        given = parts[name]
        values[name] = nested(**given) if any(v is not None for v in given.values()) else None
    return values


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
    not_a_forecast: bool = False  # a person's correction says it is no forecast

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any]) -> ForecastRow:
        """A row of the forecasts table, joined with its article's title, its source's name, type
        and anonymity (`source_name`, ...) and its latest `resolution`."""
        record = forecast_fields(columns)
        local_id = record.pop("id")
        del record["source"]  # the ledger's source, with its context, is given below
        return cls(
            **record,
            id=columns["id"],
            local_id=local_id,
            article=ArticleRef(
                columns["article_id"],
                columns["article_title"],
                columns["published"],
                columns["outlet"],
            ),
            source=SourceRef(
                columns["source_id"],
                columns["source_name"],
                columns["source_type"],
                bool(columns["source_anonymous"]),
            ),
            resolution=columns["resolution"],
            pipeline=columns["pipeline"],
            retired=columns["retired_at"] is not None,
            not_a_forecast=bool(columns.get("not_a_forecast")),
        )

    @property
    def probability(self) -> float | None:
        return self.likelihood.probability if self.likelihood else None

    def forecast(self) -> Forecast:
        """The record's forecast, with the ledger's stable id and source id."""
        own = {f.name: getattr(self, f.name) for f in fields(Forecast)}
        return Forecast(**{**own, "source": self.source.id})

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
            "not_a_forecast": self.not_a_forecast,
        }

    def flat(self) -> dict[str, Any]:
        """One flat row for CSV, Parquet and pandas: context, then the forecast's columns."""
        columns = forecast_columns(self.forecast())
        lead = {name: columns.pop(name) for name in _EXPORT_LEAD}
        for name in _NOT_EXPORTED:
            del columns[name]
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
            **lead,
            **columns,
            "resolution": self.resolution,
            "pipeline": self.pipeline,
            "retired": self.retired,
        }


# The flat export's columns are a published layout (README's CSV header): what a reader scans
# comes first, the rest follow in the record's order. `local_id` and `quote` are ids local to one
# analysis, `source_id` leads with the source's context, and `anchor` was left out when the layout
# was published; adding it now would move the columns of every spreadsheet built on it.
_EXPORT_LEAD = ("kind", "proposition", "text")
_NOT_EXPORTED = ("local_id", "source_id", "quote", "anchor")


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


@dataclass(frozen=True)
class TokenRow:
    """An API token, without its secret (the ledger keeps only the secret's hash)."""

    id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "revoked": self.revoked,
        }
