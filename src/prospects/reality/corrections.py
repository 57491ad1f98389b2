"""Corrections: a person fixes what the extractor got wrong in a stored forecast (its source,
proposition, kind, probability, horizon end or condition, or that it is a forecast at all).

Each changed field is one `Correction` entry, with who and why, sealed into the same hash chain as
the resolutions and appended in one transaction with the change to the forecast; nothing is ever
edited in place without an entry saying so. Every reader of the ledger, the scores among them,
sees the corrected forecast, and a new analysis of its article keeps the corrections
(docs/reality.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from prospects.ledger import Ledger, LedgerError, SourceRef
from prospects.ledger.corrections import same, value_of
from prospects.reality import chain
from prospects.reality.resolve import ResolveError
from prospects.records import CORRECTABLE, FORECAST_KINDS, Correction


class CorrectionError(ResolveError):
    """A correction that cannot be recorded (nothing is); the message is one line. `need` names
    what to give instead: "change" (a field and its new value), "why", "by"."""


def correct(
    ledger: Ledger, forecast_id: str, changes: Mapping[str, Any], by: str, why: str
) -> list[Correction]:
    """Correct a stored forecast: one `Correction` per changed field, all recorded or none.

    `changes` maps fields of `CORRECTABLE` to new values: `source` a source id (or a unique
    prefix), else a name (the source of exactly that name, any case, or a new person of that
    name); `proposition` and `condition` text (an empty condition clears it); `kind` one of
    prediction, conditional, expectation, pledge; `probability` a number from 0 to 1;
    `horizon_end` a date or ISO text; `not_a_forecast` true (or false, to take that back).
    Refused (`CorrectionError`, a `ResolveError`): an unknown field, a bad value, a value the
    forecast already has, no `by`, no `why`.
    """
    who, reason = (by or "").strip(), (why or "").strip()
    if not who:
        raise CorrectionError("a correction needs the name of who makes it", need="by")
    if not reason:
        raise CorrectionError("a correction needs a reason: why the forecast is wrong", need="why")
    if not changes:
        raise CorrectionError(
            f"a correction needs a change: one of {', '.join(CORRECTABLE)}", need="change"
        )
    unknown = [name for name in changes if name not in CORRECTABLE]
    if unknown:
        raise CorrectionError(
            f"{unknown[0]!r} cannot be corrected: use one of {', '.join(CORRECTABLE)}",
            need="change",
        )
    wanted = {name: checked(name, changes[name]) for name in CORRECTABLE if name in changes}

    def attempt() -> list[Correction]:
        # run again from here when another writer appended first: `old` must be what the forecast
        # says when the entries are appended, and the ledger checks it under its write lock
        row = ledger.forecast(forecast_id)
        if row is None:
            raise CorrectionError(f"no forecast {forecast_id!r} in the ledger")
        now = datetime.now(UTC)
        entries, new_source = [], None
        for name, value in wanted.items():
            old = value_of(name, row)
            if name == "source":
                source, is_new = _source(ledger, value)
                value = {"id": source.id, "name": source.name}
                new_source = source if is_new else None
            start = row.horizon.start if row.horizon else None
            if name == "horizon_end" and start and date.fromisoformat(value) < start:
                raise CorrectionError(
                    f"horizon_end {value} is before the horizon's start {start.isoformat()}",
                    need="change",
                )
            if same(name, old, value):
                raise CorrectionError(
                    f"the forecast's {name} is already {_said(value)}: nothing to correct",
                    need="change",
                )
            entries.append(Correction(row.id, name, old, value, who, reason, now.date(), now))
        sealed = chain.seal_all(entries, ledger.last_resolution_hash())
        return ledger.append_corrections(sealed, new_source=new_source)

    return ledger.retrying(attempt)


def checked(name: str, value: Any) -> Any:
    """A new value as the log keeps it (JSON), or `CorrectionError` saying why it cannot be."""
    if name in ("source", "proposition"):
        if not isinstance(value, str) or not value.strip():
            raise CorrectionError(f"{name} needs a text, not {value!r}", need="change")
        return " ".join(value.split())
    if name == "condition":
        if value is None:
            return None
        if not isinstance(value, str):
            raise CorrectionError(f"condition needs a text, not {value!r}", need="change")
        return " ".join(value.split()) or None
    if name == "kind":
        word = value.strip().lower() if isinstance(value, str) else value
        if word not in FORECAST_KINDS:
            raise CorrectionError(
                f"kind {value!r} is not one of {', '.join(FORECAST_KINDS)}", need="change"
            )
        return word
    if name == "probability":
        return _probability(value)
    if name == "horizon_end":
        return _day(value).isoformat()
    if name == "not_a_forecast":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise CorrectionError(f"not_a_forecast is true or false, not {value!r}", need="change")
        return value
    raise CorrectionError(
        f"{name!r} cannot be corrected: use one of {', '.join(CORRECTABLE)}", need="change"
    )


def _probability(value: Any) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError
        p = float(value)
    except (TypeError, ValueError):
        raise CorrectionError(
            f"probability {value!r} is not a number from 0 to 1", need="change"
        ) from None
    if not math.isfinite(p) or not 0.0 <= p <= 1.0:
        raise CorrectionError(f"probability {value!r} is not a number from 0 to 1", need="change")
    return round(p, 4)


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise CorrectionError(
            f"horizon_end {value!r} is not a date like 2025-01-31", need="change"
        ) from None


def _source(ledger: Ledger, value: str) -> tuple[SourceRef, bool]:
    try:
        return ledger.source_for(value)
    except LedgerError as exc:
        if exc.__cause__ is not None:  # the database's: `retrying` decides
            raise
        raise CorrectionError(str(exc), need="change") from None  # an ambiguous id prefix


def _said(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id"))
    return "empty" if value is None else str(value)
