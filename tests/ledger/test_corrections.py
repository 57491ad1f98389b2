"""Corrections on SQLite and PostgreSQL: every reader sees them, a re-ingest keeps them, they
share the resolutions' hash chain, and a refused one records nothing. Rejected question matches."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text, update

from ledger.ledger_records import KOFMAN_TEXT, group, make_record, person
from prospects import reality as R
from prospects.ledger import Ledger, LedgerError, export, schema
from prospects.records import Question

BREAKTHROUGH = "a major breakthrough by Russia is now unlikely"
GAINS = "Russia is unlikely to make gains this year"


def record(pipeline: str = "prospects test; v1", gains_probability: float = 0.25, **kw):
    return make_record(
        KOFMAN_TEXT,
        [
            {"text": BREAKTHROUGH, "source": "s1", "probability": 0.2},
            {
                "text": GAINS,
                "source": "s2",
                "probability": gains_probability,
                "horizon_end": date(2024, 12, 31),
            },
        ],
        [
            person(
                "s1", "Michael Kofman", "Carnegie Endowment for International Peace", KOFMAN_TEXT
            ),
            group("s2", "U.S. officials"),
        ],
        pipeline=pipeline,
        **kw,
    )


def stored(ledger: Ledger) -> tuple[str, str]:
    ids = ledger.store(record()).forecast_ids
    return ids[0], ids[1]


def counters(ledger: Ledger) -> dict[str, int]:
    return {s.name or s.id: s.forecasts for s in ledger.sources()}


def test_each_field_is_one_chained_entry_and_every_reader_sees_the_correction(ledger) -> None:
    _, gains = stored(ledger)
    made = R.correct(
        ledger,
        gains[:6],
        {
            "source": "Lloyd Austin",
            "proposition": "Russia makes gains in Ukraine this year",
            "kind": "Expectation",
            "probability": 0.4,
            "horizon_end": "2025-06-30",
            "condition": "no new aid arrives",
        },
        by="ann",
        why="Austin said it at the briefing; the article paraphrases him",
    )
    assert [c.field for c in made] == [
        "source",
        "proposition",
        "kind",
        "probability",
        "horizon_end",
        "condition",
    ]
    assert [c.seq for c in made] == [1, 2, 3, 4, 5, 6]
    assert made[0].prev_hash is None
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(made))
    assert made[0].summary == "source: U.S. officials → Lloyd Austin"
    assert made[3].summary == "probability: 0.25 → 0.4"
    assert made[4].to_dict()["old"] == "2024-12-31" and made[5].old is None
    assert {c.kind for c in made} == {"correction"}
    assert ledger.corrections() == made

    row = ledger.forecast(gains)
    assert row is not None
    assert (row.source.name, row.source.type) == ("Lloyd Austin", "person")
    assert row.proposition == "Russia makes gains in Ukraine this year"
    assert row.kind == "expectation" and row.condition == "no new aid arrives"
    assert row.likelihood is not None
    assert (row.likelihood.probability, row.likelihood.low, row.likelihood.high) == (0.4,) * 3
    assert row.horizon is not None and row.horizon.end == date(2025, 6, 30)

    assert [f.id for f in ledger.forecasts(kind="expectation")] == [gains]
    assert [f.id for f in ledger.forecasts(source="Austin")] == [gains]
    assert [f.id for f in ledger.forecasts(min_prob=0.35)] == [gains]
    article = ledger.article(row.article.id)
    assert article is not None
    assert {f.id: f.proposition for f in article.forecasts}[gains] == row.proposition
    flat = {r["id"]: r for r in export.rows(ledger, "forecasts")}
    assert (flat[gains]["source_name"], flat[gains]["probability"]) == ("Lloyd Austin", 0.4)
    view = R.view_of(row)
    assert (view.probability, view.horizon_end, view.kind) == (
        0.4,
        date(2025, 6, 30),
        "expectation",
    )
    assert counters(ledger)["Lloyd Austin"] == 1 and counters(ledger)["U.S. officials"] == 0
    assert R.verify(ledger) == []


def test_a_reingest_of_the_article_keeps_the_corrections(ledger) -> None:
    breakthrough, gains = stored(ledger)
    R.correct(
        ledger, gains, {"probability": 0.6, "source": "michael kofman"}, by="ann", why="misread"
    )
    R.correct(ledger, breakthrough, {"not_a_forecast": True}, by="ann", why="a description")
    again = ledger.store(record(pipeline="prospects test; v2", gains_probability=0.3))
    assert again.status == "updated" and again.forecast_ids == (breakthrough, gains)

    row = ledger.forecast(gains)
    assert row is not None and row.pipeline == "prospects test; v2"
    assert (row.probability, row.source.name) == (0.6, "Michael Kofman")
    assert [f.id for f in ledger.forecasts()] == [gains]
    marked = ledger.forecast(breakthrough)
    assert marked is not None and marked.not_a_forecast and not marked.retired
    assert counters(ledger) == {
        "Michael Kofman": 1,
        "U.S. officials": 0,
        "author (Example Times)": 0,
    }
    # the entries still say what the analysis had said
    officials = next(s for s in ledger.sources() if s.name == "U.S. officials")
    assert [(c.field, c.old) for c in ledger.corrections(gains)] == [
        ("source", {"id": officials.id, "name": "U.S. officials"}),
        ("probability", 0.25),
    ]
    assert R.verify(ledger) == []


def test_not_a_forecast_leaves_listings_and_scores_but_stays_reachable(ledger) -> None:
    breakthrough, gains = stored(ledger)
    R.resolve(ledger, gains, "no", "ISW", by="ann", on=date(2025, 1, 2))
    R.resolve(ledger, breakthrough, "no", "ISW", by="ann", on=date(2025, 1, 2))
    R.correct(
        ledger, gains, {"not_a_forecast": "true"}, by="bob", why="reports a plan, no forecast"
    )
    assert [f.id for f in ledger.forecasts()] == [breakthrough]
    assert ledger.counts()["forecasts"] == 1
    assert counters(ledger)["U.S. officials"] == 0
    groups, views = R.scores(ledger, today=date(2026, 1, 1))
    assert [v.id for v in views] == [breakthrough]
    assert "U.S. officials" not in {g.name for g in groups}
    row = ledger.forecast(gains)
    assert row is not None and row.not_a_forecast and row.to_dict()["not_a_forecast"] is True
    article = ledger.article(row.article.id)
    assert article is not None and {f.id for f in article.forecasts} == {breakthrough, gains}
    assert [e.kind for e in R.history(ledger, gains).entries] == ["resolution", "correction"]

    R.correct(ledger, gains, {"not_a_forecast": False}, by="bob", why="it is one after all")
    assert {f.id for f in ledger.forecasts()} == {breakthrough, gains}
    assert counters(ledger)["U.S. officials"] == 1
    assert R.verify(ledger) == []


@pytest.mark.parametrize(
    ("changes", "by", "why", "message"),
    [
        ({"outcome": "yes"}, "ann", "x", "'outcome' cannot be corrected: use one of source,"),
        ({}, "ann", "x", "a correction needs a change"),
        ({"kind": "guess"}, "ann", "x", "kind 'guess' is not one of prediction,"),
        ({"probability": 1.5}, "ann", "x", "probability 1.5 is not a number from 0 to 1"),
        ({"probability": "likely"}, "ann", "x", "is not a number from 0 to 1"),
        ({"horizon_end": "next year"}, "ann", "x", "is not a date like"),
        ({"horizon_end": "2024-01-01"}, "ann", "x", "is before the horizon's start 2024-07-10"),
        ({"proposition": "  "}, "ann", "x", "proposition needs a text"),
        ({"not_a_forecast": "maybe"}, "ann", "x", "not_a_forecast is true or false"),
        ({"kind": "Prediction", "probability": 0.9}, "ann", "x", "kind is already prediction"),
        ({"probability": 0.25}, "ann", "x", "probability is already 0.25"),
        ({"source": "u.s. officials"}, "ann", "x", "source is already U.S. officials"),
        ({"condition": ""}, "ann", "x", "condition is already empty"),
        ({"probability": 0.5}, " ", "x", "needs the name of who makes it"),
        ({"probability": 0.5}, "ann", "", "needs a reason"),
    ],
)
def test_a_refused_correction_records_nothing(ledger, changes, by, why, message) -> None:
    _, gains = stored(ledger)
    before = ledger.forecast(gains)
    with pytest.raises(R.CorrectionError) as caught:
        R.correct(ledger, gains, changes, by=by, why=why)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, R.ResolveError)
    assert ledger.corrections() == [] and ledger.forecast(gains) == before
    assert len(ledger.sources()) == 3


def test_an_unknown_forecast_is_refused(ledger) -> None:
    stored(ledger)
    with pytest.raises(R.ResolveError, match="no forecast 'ffffffff'"):
        R.correct(ledger, "ffffffff", {"probability": 0.5}, by="ann", why="x")


def test_a_source_is_an_id_a_prefix_an_exact_name_or_a_new_person(ledger) -> None:
    breakthrough, gains = stored(ledger)
    kofman = next(s for s in ledger.sources() if s.name == "Michael Kofman")
    officials = next(s for s in ledger.sources() if s.name == "U.S. officials")

    first = R.correct(ledger, gains, {"source": kofman.id[:5]}, by="ann", why="his words")
    assert first[0].new == {"id": kofman.id, "name": "Michael Kofman"}
    again = R.correct(ledger, gains, {"source": "U.S. OFFICIALS"}, by="ann", why="theirs")
    assert again[0].new == {"id": officials.id, "name": "U.S. officials"}
    made = R.correct(ledger, breakthrough, {"source": "Anna Kofman"}, by="ann", why="his wife")
    new_id = made[0].new["id"]
    created = ledger.source(new_id)
    assert created is not None and (created.name, created.type, created.forecasts) == (
        "Anna Kofman",
        "person",
        1,
    )
    assert ledger.source(kofman.id).forecasts == 0  # type: ignore[union-attr]
    # a merged source stands for the one it was merged into, now and after a re-ingest
    ledger.merge_sources(kofman.id, new_id)
    assert ledger.forecast(breakthrough).source.id == kofman.id  # type: ignore[union-attr]
    ledger.store(record(pipeline="prospects test; v2"))
    assert ledger.forecast(breakthrough).source.id == kofman.id  # type: ignore[union-attr]
    moved = R.correct(ledger, gains, {"source": new_id}, by="ann", why="the merged one")
    assert moved[0].new["id"] == kofman.id
    assert counters(ledger)["Michael Kofman"] == 2
    assert R.verify(ledger) == []


def test_corrections_and_resolutions_share_one_chain_and_verify(ledger) -> None:
    _, gains = stored(ledger)
    first = R.resolve(ledger, gains, "no", "ISW map", by="ann", on=date(2025, 1, 2))
    fixed = R.correct(
        ledger, gains, {"probability": 0.1, "horizon_end": date(2025, 3, 1)}, by="bob", why="x"
    )
    second = R.resolve(ledger, gains, "yes", "DeepState", by="cy", on=date(2025, 3, 2))
    assert fixed[0].prev_hash == first.hash and second.prev_hash == fixed[-1].hash
    assert [e.seq for e in (first, *fixed, second)] == [1, 2, 3, 4]
    h = R.history(ledger, gains)
    assert [e.kind for e in h.entries] == ["resolution", "correction", "correction", "resolution"]
    assert h.current == second and h.resolutions == (first, second)
    assert h.corrections == tuple(fixed)
    assert ledger.forecast(gains).resolution == "yes"  # type: ignore[union-attr]
    assert R.verify(ledger) == []

    # an edit behind the log's back is still found, and so is a changed correction entry
    with ledger.engine.begin() as conn:
        conn.execute(
            update(schema.forecasts).where(schema.forecasts.c.id == gains).values(probability=0.9)
        )
        conn.execute(
            update(schema.corrections)
            .where(schema.corrections.c.seq == fixed[0].seq)
            .values(why="nothing")
        )
    problems = {(p.seq, p.problem) for p in R.verify(ledger)}
    assert (2, "content was changed") in problems
    assert (4, "the forecast's wording, probability or horizon changed after resolution") in (
        problems
    )


def test_an_append_after_another_writer_is_sealed_again(ledger, monkeypatch) -> None:
    _, gains = stored(ledger)
    first = R.resolve(ledger, gains, "no", "ISW map", by="ann", on=date(2025, 1, 2))
    real = ledger.last_resolution_hash
    calls: list[str | None] = []

    def stale_once() -> str | None:  # as if another writer appended after this one looked
        calls.append(None if not calls else real())
        return calls[-1]

    monkeypatch.setattr(ledger, "last_resolution_hash", stale_once)
    made = R.correct(ledger, gains, {"probability": 0.5}, by="bob", why="misread")
    assert (made[0].seq, made[0].prev_hash) == (2, first.hash) and len(calls) == 2
    assert R.verify(ledger) == []


def test_rejected_matches_are_kept_and_left_out_of_proposals(ledger) -> None:
    _, gains = stored(ledger)
    question = Question(
        "test:1",
        "test",
        "Will Russia make gains in Ukraine this year?",
        0,
        resolve_date=date(2024, 12, 31),
        open_date=date(2024, 7, 1),
    )
    ledger.load_questions([question, replace(question, id="test:2")])
    proposed = {(m.forecast_id, m.question.id) for m in R.match(ledger, min_score=0)}
    assert (gains, "test:1") in proposed and (gains, "test:2") in proposed
    ledger.reject_match(gains[:6], "test:1", by="ann")
    ledger.reject_match(gains, "test:1", by="bob")  # once is enough
    assert ledger.rejected_matches() == {(gains, "test:1")}
    proposed = {(m.forecast_id, m.question.id) for m in R.match(ledger, min_score=0)}
    assert (gains, "test:1") not in proposed and (gains, "test:2") in proposed
    with pytest.raises(LedgerError, match="no forecast"):
        ledger.reject_match("ffffffff", "test:1", by="ann")


def test_version_2_ledgers_are_upgraded_to_corrections(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        _, gains = stored(ledger)
        with ledger.engine.begin() as conn:
            conn.execute(text("DROP TABLE corrections"))
            conn.execute(text("DROP TABLE rejected_matches"))
            conn.execute(text("ALTER TABLE forecasts DROP COLUMN not_a_forecast"))
            # version 4's horizon index as version 2 had it
            conn.execute(text(f"DROP INDEX {schema.SORT_INDEXES['horizon']}"))
            conn.execute(
                text(
                    "CREATE INDEX ix_forecasts_horizon ON forecasts "
                    "((horizon_end IS NULL), horizon_end, id)"
                )
            )
            # as a ledger made at version 2 (a new ledger is made at the latest in one step)
            conn.execute(
                update(schema.schema_version)
                .where(schema.schema_version.c.version == schema.SCHEMA_VERSION)
                .values(version=2)
            )
    with Ledger(db_url) as ledger:
        assert ledger.schema_version() == schema.SCHEMA_VERSION
        R.correct(ledger, gains, {"not_a_forecast": True}, by="ann", why="a plan")
        assert ledger.forecasts() != [] and ledger.forecast(gains).not_a_forecast  # type: ignore[union-attr]
        ledger.reject_match(gains, "q", by="ann")
        assert ledger.rejected_matches() == {(gains, "q")}
