"""The records that pass between stages, and the `prospects.article/1` JSON shape.

Every stage speaks these frozen dataclasses and nothing else (see docs/architecture.md).
`ArticleRecord.to_dict()` / `ArticleRecord.from_dict()` are the only place where the JSON
contract of docs/record.md is written down in code, so a field is renamed in one place or
nowhere.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

SCHEMA = "prospects.article/1"

PUBLISHED_BASES = ("given", "metadata", "inferred")
SOURCE_TYPES = ("person", "organization", "group", "author")
QUOTE_KINDS = ("direct", "indirect", "mixed")
GENRES = ("opinion", "news")
FORECAST_KINDS = ("prediction", "conditional", "expectation", "pledge")
PRECISIONS = ("day", "week", "month", "season", "year", "vague", "event")

NO_DATE_WARNING = "no publication date: horizons are left unresolved"

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")


def text_id(text: str) -> str:
    """The article id: sha256 of the analysed text, so one text read twice is one article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Words as a reader counts them (hyphenated and dotted words once), whatever the model."""
    return sum(1 for _ in _WORD.finditer(text))


@dataclass(frozen=True)
class Span:
    """A stretch of `article.text`: code-point offsets, end exclusive."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        if d is None:
            return None
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])


@dataclass(frozen=True)
class IngestError:
    """A bad input, as a value: the CLI prints `input: reason` and goes on with the batch."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(frozen=True)
class Article:
    """What ingest produces: the text to analyse and what is known about it."""

    text: str
    title: str | None = None
    published: date | None = None
    published_basis: str | None = None
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str = "en"
    retrieved: datetime | None = None
    warnings: tuple[str, ...] = ()
    # Who wrote it (byline or bio line), as printed; empty when unknown.
    authors: tuple[str, ...] = ()
    # "opinion" (op-ed, column, letter, editorial) or "news" when the source says so, else None.
    genre: str | None = None

    # Derived from the text, computed once: the ledger and the CLI read them many times.
    @cached_property
    def id(self) -> str:
        return text_id(self.text)

    @cached_property
    def words(self) -> int:
        return count_words(self.text)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_basis": self.published_basis,
            "path": self.path,
            "url": self.url,
            "outlet": self.outlet,
            "language": self.language,
            "words": self.words,
            "retrieved": self.retrieved.isoformat() if self.retrieved else None,
            "authors": list(self.authors),
            "genre": self.genre,
        }
        if include_text:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str | None = None) -> Article:
        body = d.get("text") if text is None else text
        if body is None:
            raise ValueError(
                "article record has no text: a record is stored with its article's text"
            )
        published = d.get("published")
        retrieved = d.get("retrieved")
        return cls(
            text=body,
            title=d.get("title"),
            published=date.fromisoformat(published) if published else None,
            published_basis=d.get("published_basis"),
            path=d.get("path"),
            url=d.get("url"),
            outlet=d.get("outlet"),
            language=d.get("language") or "en",
            retrieved=datetime.fromisoformat(retrieved) if retrieved else None,
            # Both added to the contract later: records written before them still load.
            authors=tuple(str(a) for a in d.get("authors") or ()),
            genre=d.get("genre"),
        )


@dataclass(frozen=True)
class Source:
    """One real speaker of an article, with every mention of them."""

    id: str
    name: str | None
    type: str
    anonymous: bool = False
    affiliation: str | None = None
    role: str | None = None
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "anonymous": self.anonymous,
            "affiliation": self.affiliation,
            "role": self.role,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(
            id=d["id"],
            name=d.get("name"),
            type=d["type"],
            anonymous=bool(d.get("anonymous", False)),
            affiliation=d.get("affiliation"),
            role=d.get("role"),
            mentions=tuple(s for s in (Span.from_dict(m) for m in d.get("mentions", [])) if s),
        )


AUTHOR = Source(id="author", name=None, type="author")


@dataclass(frozen=True)
class Quote:
    id: str
    kind: str
    content: Span
    cue: Span | None = None
    source_mention: Span | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "source_mention": self.source_mention.to_dict() if self.source_mention else None,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        content = Span.from_dict(d["content"])
        assert content is not None
        return cls(
            id=d["id"],
            kind=d["kind"],
            content=content,
            cue=Span.from_dict(d.get("cue")),
            source_mention=Span.from_dict(d.get("source_mention")),
            source=d.get("source"),
        )


@dataclass(frozen=True)
class Likelihood:
    cue: str | None
    probability: float
    low: float
    high: float
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "cue": self.cue,
            "probability": round(self.probability, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "basis": self.basis,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Likelihood | None:
        if d is None:
            return None
        return cls(
            d.get("cue"), float(d["probability"]), float(d["low"]), float(d["high"]), d["basis"]
        )


@dataclass(frozen=True)
class Horizon:
    """When a forecast is due. `anchor` is the date the interval was computed from."""

    cue: str
    start: date | None
    end: date | None
    precision: str
    anchor: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cue": self.cue,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "anchor": self.anchor.isoformat() if self.anchor else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Horizon | None:
        if d is None:
            return None

        def day(key: str) -> date | None:
            v = d.get(key)
            return date.fromisoformat(v) if v else None

        return cls(d["cue"], day("start"), day("end"), d["precision"], day("anchor"))


@dataclass(frozen=True)
class Forecast:
    id: str
    start: int
    end: int
    text: str
    proposition: str
    kind: str
    source: str = "author"
    quote: str | None = None
    likelihood: Likelihood | None = None
    horizon: Horizon | None = None
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Derived from the fields, so a new field reaches the JSON contract with no edit here.
        return {f.name: _json_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Forecast:
        values = {}
        for f in fields(cls):
            if f.default is not MISSING and d.get(f.name) is None:
                continue  # absent or null: the default ("author" for a record without a source)
            value = d[f.name]
            values[f.name] = _FROM_JSON[f.type](value) if f.type in _FROM_JSON else value
        return cls(**values)


def _json_value(value: Any) -> Any:
    """A field as JSON: a nested record by its own `to_dict`, anything else as it is."""
    return value.to_dict() if isinstance(value, Likelihood | Horizon) else value


# How a forecast field is read back from JSON, by its declared type (a string: see the
# `__future__` import); a type not named here is taken as JSON gives it.
_FROM_JSON: dict[Any, Callable[[Any], Any]] = {
    "int": int,
    "Likelihood | None": Likelihood.from_dict,
    "Horizon | None": Horizon.from_dict,
}


@dataclass(frozen=True)
class Headline:
    """Whether the headline's words are borne out by the body it sits on."""

    text: str | None
    supported: bool | None
    unsupported_terms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "supported": self.supported,
            "unsupported_terms": list(self.unsupported_terms),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Headline:
        if d is None:
            return cls(None, None)
        return cls(d.get("text"), d.get("supported"), tuple(d.get("unsupported_terms", [])))


@dataclass(frozen=True)
class ArticleRecord:
    """The analysed article: `prospects.article/1`."""

    article: Article
    sources: tuple[Source, ...] = (AUTHOR,)
    quotes: tuple[Quote, ...] = ()
    forecasts: tuple[Forecast, ...] = ()
    headline: Headline = field(default_factory=lambda: Headline(None, None))
    warnings: tuple[str, ...] = ()
    sentences: int | None = None
    pipeline: str | None = None

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        article = self.article.to_dict(include_text=include_text)
        article["sentences"] = self.sentences
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "article": article,
            "sources": [s.to_dict() for s in self.sources],
            "quotes": [q.to_dict() for q in self.quotes],
            "forecasts": [f.to_dict() for f in self.forecasts],
            "headline": self.headline.to_dict(),
            "warnings": list(self.warnings),
        }
        if self.pipeline is not None:
            d["pipeline"] = self.pipeline
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str | None = None) -> ArticleRecord:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} record (schema: {d.get('schema')!r})")
        return cls(
            article=Article.from_dict(d["article"], text=text),
            sources=tuple(Source.from_dict(s) for s in d.get("sources", [])),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", [])),
            forecasts=tuple(Forecast.from_dict(f) for f in d.get("forecasts", [])),
            headline=Headline.from_dict(d.get("headline")),
            warnings=tuple(d.get("warnings", [])),
            sentences=d["article"].get("sentences"),
            pipeline=d.get("pipeline"),
        )

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


OUTCOMES = ("yes", "no", "partly", "void")
RESOLUTION_METHODS = ("manual", "indicator", "question")


@dataclass(frozen=True)
class Resolution:
    """One entry of the append-only resolution log: what happened to a forecast, who said so, why.

    A later entry for the same forecast supersedes an earlier one; none is ever erased. `hash`
    covers the entry's content and `prev_hash` (the previous entry of the whole log); `capture_hash`
    covers the forecast's wording, probability and horizon as they were when it was resolved, so
    `prospects verify` can tell when either the log or the forecast was changed afterwards.
    """

    forecast_id: str
    outcome: str
    evidence: str
    by: str
    on: date
    reason: str | None = None
    method: str = "manual"
    recorded_at: datetime | None = None
    capture_hash: str | None = None
    prev_hash: str | None = None
    hash: str | None = None
    seq: int | None = None

    @property
    def kind(self) -> str:
        """What kind of log entry this is, beside `Correction`s in one history."""
        return "resolution"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seq": self.seq,
            "forecast_id": self.forecast_id,
            "outcome": self.outcome,
            "evidence": self.evidence,
            "by": self.by,
            "on": self.on.isoformat(),
            "reason": self.reason,
            "method": self.method,
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "capture_hash": self.capture_hash,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


# What a user may correct in a stored forecast, each one `Correction` of the log. Values as JSON:
# source {"id", "name"} (the ledger's source), proposition and kind as text, condition text or
# null, probability a number, horizon_end an ISO date, not_a_forecast true or false.
CORRECTABLE = (
    "source",
    "proposition",
    "kind",
    "probability",
    "horizon_end",
    "condition",
    "not_a_forecast",
)


@dataclass(frozen=True)
class Correction:
    """One entry of the same append-only log as `Resolution`s: a person's fix of one field of a
    stored forecast, with who made it and why.

    `old` and `new` are the field's values as JSON (see `CORRECTABLE`). The ledger's forecast
    shows the latest correction of each field, over any later analysis of its article; the
    entries keep what the forecast said before. `hash` and `prev_hash` chain it with the
    resolutions, so `prospects verify` checks both.
    """

    forecast_id: str
    field: str
    old: Any
    new: Any
    by: str
    why: str
    on: date
    recorded_at: datetime | None = None
    prev_hash: str | None = None
    hash: str | None = None
    seq: int | None = None

    @property
    def kind(self) -> str:
        return "correction"

    @property
    def summary(self) -> str:
        """One line for a person: "source: U.S. officials → Lloyd Austin"."""
        if self.field == "not_a_forecast":
            return "marked not a forecast" if self.new else "marked a forecast again"
        return f"{self.field}: {_said(self.old)} → {_said(self.new)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seq": self.seq,
            "forecast_id": self.forecast_id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "summary": self.summary,
            "by": self.by,
            "why": self.why,
            "on": self.on.isoformat(),
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def _said(value: Any) -> str:
    """A correction's value as a person reads it: a source by its name."""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id"))
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Question:
    """A resolved question of a forecasting platform (Metaculus, Polymarket, GJP, ...)."""

    id: str
    platform: str
    question: str
    outcome: int
    resolve_date: date | None = None
    open_date: date | None = None
    close_date: date | None = None
    url: str | None = None
    resolution_criteria: str | None = None
    background: str | None = None
    topics: tuple[str, ...] = ()
    license: str | None = None
