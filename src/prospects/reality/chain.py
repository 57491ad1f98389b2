"""The resolution log's hash chain: canonical JSON hashes that make tampering visible.

The log holds resolutions and corrections, in one sequence. Each entry's `hash` is sha256 over
its canonical JSON content *and* the previous entry's hash, so changing, dropping or reordering an
entry breaks every hash after it. `capture_hash` fixes the forecast's wording, probability and
horizon at the time it was resolved, so a forecast edited afterwards (a probability nudged after
the fact) no longer matches its resolutions, unless a correction in the log says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from prospects.records import Correction, Resolution

Entry = TypeVar("Entry", Resolution, Correction)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _instant(moment: datetime | None) -> str | None:
    """A timestamp as naive UTC to the second, so a database that drops the zone or the
    microseconds gives back the same string."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def capture_hash(
    wording: str,
    probability: float | None,
    horizon_start: date | None,
    horizon_end: date | None,
) -> str:
    """The hash of what the forecast said when it was resolved."""
    return sha256(
        canonical_json(
            {
                "wording": wording,
                "probability": None if probability is None else round(probability, 4),
                "horizon_start": _day(horizon_start),
                "horizon_end": _day(horizon_end),
            }
        )
    )


def capture_before(
    wording: str,
    probability: float | None,
    horizon_start: date | None,
    horizon_end: date | None,
    later: Iterable[Correction],
) -> str:
    """The capture hash of a forecast as it was before the corrections `later` (in log order):
    each corrected field as its first such correction found it. So a correction recorded after a
    resolution, which says in the log what changed and why, does not read as a forecast edited
    behind the log's back."""
    reverted: dict[str, Any] = {}
    for entry in later:
        reverted.setdefault(entry.field, entry.old)
    if "probability" in reverted:
        probability = reverted["probability"]
    if "horizon_end" in reverted:
        old = reverted["horizon_end"]
        horizon_end = date.fromisoformat(old) if old else None
    return capture_hash(wording, probability, horizon_start, horizon_end)


def content(entry: Resolution | Correction) -> dict[str, Any]:
    """The hashed fields of an entry: everything but its own hash and its ledger position."""
    if isinstance(entry, Correction):
        return {
            # a resolution's content has no "kind": the hashes of logs written before corrections
            # existed stay as they were
            "kind": "correction",
            "forecast_id": entry.forecast_id,
            "field": entry.field,
            "old": entry.old,
            "new": entry.new,
            "by": entry.by,
            "why": entry.why,
            "on": entry.on.isoformat(),
            "recorded_at": _instant(entry.recorded_at),
            "prev_hash": entry.prev_hash,
        }
    return {
        "forecast_id": entry.forecast_id,
        "outcome": entry.outcome,
        "evidence": entry.evidence,
        "by": entry.by,
        "on": entry.on.isoformat(),
        "reason": entry.reason,
        "method": entry.method,
        "recorded_at": _instant(entry.recorded_at),
        "capture_hash": entry.capture_hash,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry: Resolution | Correction) -> str:
    return sha256(canonical_json(content(entry)))


def seal(entry: Entry, prev_hash: str | None) -> Entry:
    """The entry linked after `prev_hash`, with its timestamp fixed to the second and its hash."""
    recorded = entry.recorded_at or datetime.now(UTC)
    linked = dataclasses.replace(
        entry, prev_hash=prev_hash, recorded_at=recorded.replace(microsecond=0), hash=None
    )
    return dataclasses.replace(linked, hash=entry_hash(linked))


def seal_all(entries: Iterable[Entry], prev_hash: str | None) -> list[Entry]:
    """The entries linked one after another, the first after `prev_hash`."""
    sealed = []
    for entry in entries:
        sealed.append(seal(entry, prev_hash))
        prev_hash = sealed[-1].hash
    return sealed


@dataclass(frozen=True)
class ChainProblem:
    """One way the log fails verification, with the entry it concerns."""

    seq: int | None
    forecast_id: str
    problem: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "entry"
        return f"{where} ({self.forecast_id}): {self.problem}"


def verify(
    entries: Iterable[Resolution | Correction],
    captures: Mapping[str, str] | Callable[[Resolution], str | None] | None = None,
) -> list[ChainProblem]:
    """Every break in the chain, in log order; empty when the log is intact.

    `captures` maps forecast ids to the capture hash of the forecast as it is now, or gives for
    a resolution the capture its forecast should have (as it is now, less the corrections
    recorded after that resolution); a resolution whose capture differs means the forecast was
    changed after it was resolved.
    """
    capture_for = _capture_lookup(captures)
    problems = []
    previous: str | None = None
    for entry in entries:
        if entry.prev_hash != previous:
            problems.append(
                ChainProblem(entry.seq, entry.forecast_id, "does not follow the previous entry")
            )
        if entry.hash != entry_hash(entry):
            problems.append(ChainProblem(entry.seq, entry.forecast_id, "content was changed"))
        if isinstance(entry, Resolution):
            now = capture_for(entry)
            if now is not None and entry.capture_hash is not None and now != entry.capture_hash:
                problems.append(
                    ChainProblem(
                        entry.seq,
                        entry.forecast_id,
                        "the forecast's wording, probability or horizon changed after resolution",
                    )
                )
        previous = entry.hash
    return problems


def _capture_lookup(
    captures: Mapping[str, str] | Callable[[Resolution], str | None] | None,
) -> Callable[[Resolution], str | None]:
    if captures is None:
        return lambda _entry: None
    if callable(captures):
        return captures
    known = captures
    return lambda entry: known.get(entry.forecast_id)
