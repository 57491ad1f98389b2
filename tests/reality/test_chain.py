"""The hash chain notices changed, dropped and reordered entries and edited forecasts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

from prospects.reality import chain
from prospects.records import Correction, Resolution


def log(n: int = 3) -> list[Resolution]:
    entries: list[Resolution] = []
    prev = None
    for i in range(n):
        raw = Resolution(
            forecast_id=f"f{i % 2}",
            outcome="yes" if i % 2 else "no",
            evidence=f"evidence {i}",
            by="tester",
            on=date(2025, 1, 1 + i),
            recorded_at=datetime(2026, 1, 1, 12, 0, i, 123456, tzinfo=UTC),
            capture_hash=chain.capture_hash(f"wording {i % 2}", 0.2, None, date(2025, 1, 1)),
        )
        sealed = dataclasses.replace(chain.seal(raw, prev), seq=i + 1)
        entries.append(sealed)
        prev = sealed.hash
    return entries


def test_an_intact_chain_verifies_and_hashes_are_canonical():
    entries = log()
    assert chain.verify(entries) == []
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].prev_hash is None
    assert entries[0].recorded_at is not None and entries[0].recorded_at.microsecond == 0
    assert len({e.hash for e in entries}) == 3
    assert chain.canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_a_database_that_drops_the_time_zone_still_verifies():
    entries = log()
    naive = [
        dataclasses.replace(e, recorded_at=e.recorded_at.replace(tzinfo=None))  # type: ignore[union-attr]
        for e in entries
    ]
    assert chain.verify(naive) == []
    shifted = [
        dataclasses.replace(
            e,
            recorded_at=e.recorded_at.astimezone(timezone(timedelta(hours=2))),  # type: ignore[union-attr]
        )
        for e in entries
    ]
    assert chain.verify(shifted) == []


def test_changed_dropped_and_reordered_entries_are_found():
    entries = log()
    changed = [entries[0], dataclasses.replace(entries[1], outcome="no"), entries[2]]
    assert [str(p) for p in chain.verify(changed)] == ["entry 2 (f1): content was changed"]
    dropped = [entries[0], entries[2]]
    assert [p.problem for p in chain.verify(dropped)] == ["does not follow the previous entry"]
    swapped = [entries[1], entries[0], entries[2]]
    assert len(chain.verify(swapped)) == 3


def test_a_forecast_edited_after_resolution_is_found():
    entries = log(1)
    same = chain.capture_hash("wording 0", 0.2, None, date(2025, 1, 1))
    nudged = chain.capture_hash("wording 0", 0.3, None, date(2025, 1, 1))
    assert chain.verify(entries, {"f0": same}) == []
    problems = chain.verify(entries, {"f0": nudged})
    assert [p.problem for p in problems] == [
        "the forecast's wording, probability or horizon changed after resolution"
    ]


def test_corrections_are_links_of_the_same_chain_and_keep_old_hashes():
    entries = log(2)
    before = [e.hash for e in entries]
    fix = Correction(
        forecast_id="f0",
        field="probability",
        old=0.2,
        new=0.4,
        by="ann",
        why="the cue was misread",
        on=date(2025, 2, 1),
        recorded_at=datetime(2026, 2, 1, 9, 30, 0, 999, tzinfo=UTC),
    )
    sealed = [
        dataclasses.replace(e, seq=3 + i)
        for i, e in enumerate(chain.seal_all([fix, fix], entries[-1].hash))
    ]
    assert sealed[0].prev_hash == entries[-1].hash and sealed[1].prev_hash == sealed[0].hash
    assert chain.content(sealed[0])["kind"] == "correction"
    assert "kind" not in chain.content(entries[0])  # resolutions hash as they always did
    assert [e.hash for e in entries] == before
    assert chain.verify([*entries, *sealed]) == []
    changed = dataclasses.replace(sealed[0], why="no reason")
    assert [str(p) for p in chain.verify([*entries, changed, sealed[1]])] == [
        "entry 3 (f0): content was changed"
    ]


def test_a_correction_after_a_resolution_is_not_an_edit_behind_its_back():
    entries = log(1)
    fix = Correction("f0", "probability", 0.2, 0.4, "ann", "misread", date(2025, 2, 1))
    as_resolved = chain.capture_before("wording 0", 0.4, None, date(2025, 1, 1), [fix])
    assert as_resolved == entries[0].capture_hash
    assert chain.verify(entries, lambda _entry: as_resolved) == []
    moved = Correction(
        "f0", "horizon_end", "2025-01-01", "2025-03-01", "ann", "x", date(2025, 2, 1)
    )
    assert chain.capture_before("wording 0", 0.2, None, date(2025, 3, 1), [moved]) == (
        entries[0].capture_hash
    )
