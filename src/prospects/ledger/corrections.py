"""Corrections of stored forecasts: how each correctable field lies in the forecasts row, and the
rows of the log that keep them.

A correction is materialised: the forecasts row holds the corrected values, so every reader, every
filter and index of a listing, the search index and the sources' counters see them without a join
or a second look at the log. The log entries keep what the forecast said before. A new analysis of
the article rewrites its forecasts' rows; the store lays the article's corrections over the new
values again, in log order, before it writes them (`lay_over`), so a re-ingest keeps them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from prospects.ledger import schema
from prospects.ledger.engine import as_utc
from prospects.ledger.rows import ForecastRow
from prospects.records import CORRECTABLE, Correction

C = schema.corrections

# Columns of a horizon or likelihood: when all are empty the forecast has none, and a corrected
# end or probability makes one.
_HORIZON = ("horizon_cue", "horizon_start", "horizon_end", "precision", "anchor")
_LIKELIHOOD = ("likelihood_cue", "probability", "low", "high", "basis")
# A person's probability is a point: the interval read from the wording is no longer what it says.
CORRECTED_BASIS = "correction"


def value_of(field: str, row: ForecastRow) -> Any:
    """The field's value in the stored forecast, as a correction's `old` holds it (JSON)."""
    if field == "source":
        return {"id": row.source.id, "name": row.source.name}
    if field == "probability":
        return None if row.probability is None else round(row.probability, 4)
    if field == "horizon_end":
        end = row.horizon.end if row.horizon else None
        return end.isoformat() if end else None
    if field in ("proposition", "kind", "condition", "not_a_forecast"):
        return getattr(row, field)
    raise ValueError(f"{field!r} cannot be corrected: use one of {', '.join(CORRECTABLE)}")


def same(field: str, a: Any, b: Any) -> bool:
    """Whether two values of a field say the same: a source by its id (its name may have grown
    since), a probability to the four places a record keeps."""
    if field == "source":
        return _source_id(a) == _source_id(b)
    if field == "probability" and a is not None and b is not None:
        return round(float(a), 4) == round(float(b), 4)
    return bool(a == b)


def _source_id(value: Any) -> str | None:
    return value.get("id") if isinstance(value, dict) else None


def changes(entry: Correction, columns: Mapping[Any, Any], source_id: str | None) -> dict[str, Any]:
    """The forecasts columns `entry` sets on a row whose values are `columns`; `source_id` is the
    source its `new` names as the ledger holds it now (after merges), for a source correction."""
    field, new = entry.field, entry.new
    if field == "source":
        if source_id is None:
            raise ValueError("a source correction needs the source it names")
        return {"source_id": source_id}
    if field in ("proposition", "kind"):
        return {field: new}
    if field == "condition":
        return {"condition": new or None}
    if field == "not_a_forecast":
        return {"not_a_forecast": bool(new)}
    if field == "probability":
        p = float(new)
        made = {"probability": p, "low": p, "high": p, "basis": CORRECTED_BASIS}
        if all(columns.get(c) is None for c in _LIKELIHOOD):
            made["likelihood_cue"] = None
        return made
    if field == "horizon_end":
        end = date.fromisoformat(new)
        if all(columns.get(c) is None for c in _HORIZON):
            # no horizon was read: a date given by a person is one to the day, with no cue
            return {"horizon_end": end, "horizon_cue": "", "precision": "day"}
        return {"horizon_end": end}
    raise ValueError(f"{field!r} cannot be corrected: use one of {', '.join(CORRECTABLE)}")


def lay_over(
    columns: Mapping[str, Any],
    entries: Iterable[Correction],
    final_source: Callable[[str], str],
) -> dict[str, Any]:
    """A forecasts row with `entries` (in log order) laid over it; `final_source` follows a
    corrected source's merges to the source that stands for it now."""
    made = dict(columns)
    for entry in entries:
        sid = _source_id(entry.new) if entry.field == "source" else None
        made.update(changes(entry, made, final_source(sid) if sid else None))
    return made


def entry_row(entry: Correction) -> dict[str, Any]:
    """The corrections row of a sealed entry (which has its `seq` and `recorded_at`)."""
    return {
        "seq": entry.seq,
        "forecast_id": entry.forecast_id,
        "field": entry.field,
        "old": json.dumps(entry.old, ensure_ascii=False),
        "new": json.dumps(entry.new, ensure_ascii=False),
        "by": entry.by,
        "why": entry.why,
        "on": entry.on,
        "recorded_at": entry.recorded_at,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def entry_of(row: Any) -> Correction:
    recorded = as_utc(row.recorded_at)
    return Correction(
        forecast_id=row.forecast_id,
        field=row.field,
        old=json.loads(row.old),
        new=json.loads(row.new),
        by=row.by,
        why=row.why,
        on=row.on,
        recorded_at=recorded,
        prev_hash=row.prev_hash,
        hash=row.hash,
        seq=row.seq,
    )


def of_forecasts(conn: Connection, forecast_ids: Sequence[str]) -> dict[str, list[Correction]]:
    """The corrections of these forecasts, each forecast's in log order (none: not a key)."""
    found: dict[str, list[Correction]] = {}
    ids = sorted(set(forecast_ids))
    for i in range(0, len(ids), 500):
        query = select(C).where(C.c.forecast_id.in_(ids[i : i + 500])).order_by(C.c.seq)
        for row in conn.execute(query):
            found.setdefault(row.forecast_id, []).append(entry_of(row))
    return found


def original(entries: Iterable[Correction], field: str) -> tuple[bool, Any]:
    """(True, value) when `field` was corrected: what it said before the first correction."""
    for entry in entries:
        if entry.field == field:
            return True, entry.old
    return False, None
