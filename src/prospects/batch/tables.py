"""The output tables, with explicit Arrow schemas: article records nested, one row per article, and
flat forecasts, quotes and sources, one row per item, keyed by `article_id`.

`articles` holds `ArticleRecord.to_dict(include_text=True)` as it is, one column per key
(`schema`, `article`, `sources`, `quotes`, `forecasts`, `headline`, `warnings`, `pipeline`),
nested records as structs and lists of structs, ISO dates as Arrow dates and `retrieved` as a
UTC timestamp; `record_dict()` gives the dict back, so `ArticleRecord.from_dict` reads a row.
A key of the record that the schema lacks is an error rather than a column silently dropped.

The flat forecast columns are named as the ledger names them (`prospects.ledger.rows`,
`forecast_columns`): a forecast's field is a column of its own name, except `id` and `source`,
kept as `local_id` and `source_id` (ids local to the article); a field of its likelihood or
horizon is a column of its bare name (`probability`, `precision`) unless another field has that
name, then the nested record's name is its prefix (`likelihood_cue`, `horizon_start`). The
speaker's name, type and anonymity, and the article's date and outlet, stand beside them.
Docs/scale.md lists every column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from prospects.records import ArticleRecord

TABLES = ("articles", "forecasts", "quotes", "sources")

_STR = pa.string()
_INT = pa.int64()
_FLOAT = pa.float64()
_BOOL = pa.bool_()
_DATE = pa.date32()
_STRINGS = pa.list_(_STR)

SPAN = pa.struct([("start", _INT), ("end", _INT), ("text", _STR)])
ARTICLE = pa.struct(
    [
        ("id", _STR),
        ("title", _STR),
        ("published", _DATE),
        ("published_basis", _STR),
        ("path", _STR),
        ("url", _STR),
        ("outlet", _STR),
        ("language", _STR),
        ("words", _INT),
        ("retrieved", pa.timestamp("us", tz="UTC")),
        ("authors", _STRINGS),
        ("genre", _STR),
        ("sentences", _INT),
        ("text", _STR),
    ]
)
SOURCE = pa.struct(
    [
        ("id", _STR),
        ("name", _STR),
        ("type", _STR),
        ("anonymous", _BOOL),
        ("affiliation", _STR),
        ("role", _STR),
        ("mentions", pa.list_(SPAN)),
    ]
)
QUOTE = pa.struct(
    [
        ("id", _STR),
        ("kind", _STR),
        ("content", SPAN),
        ("cue", SPAN),
        ("source_mention", SPAN),
        ("source", _STR),
    ]
)
LIKELIHOOD = pa.struct(
    [("cue", _STR), ("probability", _FLOAT), ("low", _FLOAT), ("high", _FLOAT), ("basis", _STR)]
)
HORIZON = pa.struct(
    [("cue", _STR), ("start", _DATE), ("end", _DATE), ("precision", _STR), ("anchor", _DATE)]
)
FORECAST = pa.struct(
    [
        ("id", _STR),
        ("start", _INT),
        ("end", _INT),
        ("text", _STR),
        ("proposition", _STR),
        ("kind", _STR),
        ("source", _STR),
        ("quote", _STR),
        ("likelihood", LIKELIHOOD),
        ("horizon", HORIZON),
        ("condition", _STR),
    ]
)
HEADLINE = pa.struct([("text", _STR), ("supported", _BOOL), ("unsupported_terms", _STRINGS)])

ARTICLES = pa.schema(
    [
        ("schema", _STR),
        ("article", ARTICLE),
        ("sources", pa.list_(SOURCE)),
        ("quotes", pa.list_(QUOTE)),
        ("forecasts", pa.list_(FORECAST)),
        ("headline", HEADLINE),
        ("warnings", _STRINGS),
        ("pipeline", _STR),
    ]
)

_RENAMED = {"id": "local_id", "source": "source_id"}


def _forecast_columns() -> list[tuple[str, tuple[str, ...], pa.DataType]]:
    """(column, path into the forecast's dict, type), by the ledger's naming rule."""
    nested = [f for f in FORECAST if pa.types.is_struct(f.type)]
    names = Counter(f.name for f in FORECAST if not pa.types.is_struct(f.type))
    for outer in nested:
        names.update(part.name for part in outer.type)
    columns: list[tuple[str, tuple[str, ...], pa.DataType]] = []
    for f in FORECAST:
        if not pa.types.is_struct(f.type):
            columns.append((_RENAMED.get(f.name, f.name), (f.name,), f.type))
            continue
        for part in f.type:
            name = part.name if names[part.name] == 1 else f"{f.name}_{part.name}"
            columns.append((name, (f.name, part.name), part.type))
    return columns


FORECAST_COLUMNS = _forecast_columns()
FORECASTS = pa.schema(
    [
        ("article_id", _STR),
        *((name, type_) for name, _, type_ in FORECAST_COLUMNS),
        ("source_name", _STR),
        ("source_type", _STR),
        ("source_anonymous", _BOOL),
        ("published", _DATE),
        ("outlet", _STR),
        ("pipeline", _STR),
    ]
)
QUOTES = pa.schema(
    [
        ("article_id", _STR),
        ("local_id", _STR),
        ("kind", _STR),
        ("start", _INT),
        ("end", _INT),
        ("text", _STR),
        ("cue_start", _INT),
        ("cue_end", _INT),
        ("cue_text", _STR),
        ("source_mention_start", _INT),
        ("source_mention_end", _INT),
        ("source_mention_text", _STR),
        ("source_id", _STR),
    ]
)
SOURCES = pa.schema(
    [
        ("article_id", _STR),
        ("local_id", _STR),
        ("name", _STR),
        ("type", _STR),
        ("anonymous", _BOOL),
        ("affiliation", _STR),
        ("role", _STR),
        ("mentions", pa.list_(SPAN)),
    ]
)
SCHEMAS = {"articles": ARTICLES, "forecasts": FORECASTS, "quotes": QUOTES, "sources": SOURCES}


def of(records: Iterable[ArticleRecord]) -> dict[str, pa.Table]:
    """The four tables of some records, rows in the records' order."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        d = record.to_dict(include_text=True)
        rows["articles"].append(_to_arrow(d, pa.struct(list(ARTICLES))))
        article_id = d["article"]["id"]
        speakers = {s["id"]: s for s in d["sources"]}
        for forecast in d["forecasts"]:
            rows["forecasts"].append(_forecast_row(d, article_id, forecast, speakers))
        for quote in d["quotes"]:
            rows["quotes"].append(_quote_row(article_id, quote))
        for source in d["sources"]:
            row = {_RENAMED.get(k, k): v for k, v in source.items()}
            rows["sources"].append({"article_id": article_id, **row})
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def record_dict(row: dict[str, Any]) -> dict[str, Any]:
    """An `articles` row (as `Table.to_pylist()` gives it) -> the record's `to_dict()`."""
    d: dict[str, Any] = _from_arrow(row, pa.struct(list(ARTICLES)))
    if d.get("pipeline") is None:
        d.pop("pipeline", None)  # to_dict() leaves the key out when there is none
    return d


def _forecast_row(
    d: dict[str, Any], article_id: str, forecast: dict[str, Any], speakers: dict[str, Any]
) -> dict[str, Any]:
    values = _to_arrow(forecast, FORECAST)
    row: dict[str, Any] = {"article_id": article_id}
    for name, path, _ in FORECAST_COLUMNS:
        value = values
        for key in path:
            value = value.get(key) if value is not None else None
        row[name] = value
    speaker = speakers.get(forecast.get("source") or "") or {}
    row["source_name"] = speaker.get("name")
    row["source_type"] = speaker.get("type")
    row["source_anonymous"] = speaker.get("anonymous")
    row["published"] = _to_arrow(d["article"]["published"], _DATE)
    row["outlet"] = d["article"]["outlet"]
    row["pipeline"] = d.get("pipeline")
    return row


def _quote_row(article_id: str, quote: dict[str, Any]) -> dict[str, Any]:
    content = quote["content"]
    cue = quote.get("cue") or {}
    mention = quote.get("source_mention") or {}
    return {
        "article_id": article_id,
        "local_id": quote["id"],
        "kind": quote["kind"],
        "start": content["start"],
        "end": content["end"],
        "text": content["text"],
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "cue_text": cue.get("text"),
        "source_mention_start": mention.get("start"),
        "source_mention_end": mention.get("end"),
        "source_mention_text": mention.get("text"),
        "source_id": quote.get("source"),
    }


def _to_arrow(value: Any, type_: pa.DataType) -> Any:
    """A JSON value of the record as Arrow takes it for `type_` (ISO strings to dates)."""
    if value is None:
        return None
    if pa.types.is_struct(type_):
        unknown = set(value) - {f.name for f in type_}
        if unknown:
            raise ValueError(f"record keys without a column: {', '.join(sorted(unknown))}")
        return {f.name: _to_arrow(value.get(f.name), f.type) for f in type_}
    if pa.types.is_list(type_):
        return [_to_arrow(v, type_.value_type) for v in value]
    if pa.types.is_date(type_):
        return date.fromisoformat(value)
    if pa.types.is_timestamp(type_):
        return datetime.fromisoformat(value)
    return value


def _from_arrow(value: Any, type_: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_struct(type_):
        return {f.name: _from_arrow(value.get(f.name), f.type) for f in type_}
    if pa.types.is_list(type_):
        return [_from_arrow(v, type_.value_type) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
