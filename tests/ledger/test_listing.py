"""The listing's filters, sort orders and counts on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ledger.ledger_records import group, make_record, person
from prospects.ledger import FilterError, Ledger, LedgerError, listing
from prospects.records import Resolution, Source

TODAY = date(2025, 1, 1)

TEXT_A = (
    "Kofman said Russia will probably not take Kharkiv by spring. "
    "Officials said talks will resume by March. Acme Corp said exports will rise."
)
TEXT_B = "Analysts said rates will fall next year. The editors expect a deal eventually."


def record_a():
    return make_record(
        TEXT_A,
        [
            {
                "text": "Russia will probably not take Kharkiv by spring",
                "source": "s1",
                "probability": 0.3,
                "horizon_end": date(2024, 9, 30),
            },
            {
                "text": "talks will resume by March",
                "source": "s2",
                "probability": 0.7,
                "horizon_end": date(2025, 3, 31),
            },
            {"text": "exports will rise", "source": "s3", "probability": None},
        ],
        [
            person("s1", "Michael Kofman", "Carnegie", TEXT_A),
            group("s2", "officials"),
            Source("s3", "Acme Corp", "organization"),
        ],
        published=date(2024, 7, 10),
    )


def record_b():
    return make_record(
        TEXT_B,
        [
            {
                "text": "rates will fall next year",
                "source": "s1",
                "probability": 0.6,
                "horizon_end": date(2024, 12, 31),
            },
            {"text": "a deal eventually", "source": "author", "probability": 0.5},
        ],
        [group("s1", "Analysts")],
        published=date(2024, 8, 1),
        outlet="Other Post",
    )


KHARKIV = "Russia will probably not take Kharkiv by spring"
TALKS = "talks will resume by March"
EXPORTS = "exports will rise"
RATES = "rates will fall next year"
DEAL = "a deal eventually"


@pytest.fixture
def stored(ledger: Ledger) -> Ledger:
    ledger.store(record_a())
    ledger.store(record_b())
    ids = {f.text: f.id for f in ledger.forecasts()}
    last = None
    # KHARKIV resolved no; RATES resolved yes and then corrected to partly; TALKS void
    for text, outcome in [(KHARKIV, "no"), (RATES, "yes"), (TALKS, "void"), (RATES, "partly")]:
        entry = Resolution(
            ids[text],
            outcome,
            "evidence",
            "tester",
            TODAY,
            reason="question withdrawn" if outcome == "void" else None,
            prev_hash=last,
            hash=f"h-{outcome}",
        )
        ledger.append_resolution(entry)
        last = entry.hash
    return ledger


def texts(ledger: Ledger, **filters) -> list[str]:
    rows = ledger.forecasts(today=TODAY, **filters)
    counted = {k: v for k, v in filters.items() if k != "sort"}
    assert ledger.count_forecasts(today=TODAY, **counted) == len(rows)
    return [r.text for r in rows]


def test_source_type(stored: Ledger) -> None:
    assert texts(stored, source_type="person") == [KHARKIV]
    assert set(texts(stored, source_type="group")) == {TALKS, RATES}
    assert texts(stored, source_type="organization") == [EXPORTS]
    assert texts(stored, source_type="author") == [DEAL]
    assert texts(stored, source_type="group", outlet="other post") == [RATES]


def test_status(stored: Ledger) -> None:
    assert set(texts(stored, status="resolved")) == {KHARKIV, TALKS, RATES}
    # open: no resolution, and the horizon not ended or none
    assert set(texts(stored, status="open")) == {EXPORTS, DEAL}
    assert texts(stored, status="due") == []
    assert texts(stored, status="no") == [KHARKIV]
    assert texts(stored, status="void") == [TALKS]
    # the latest resolution's outcome counts: RATES was yes, then partly
    assert texts(stored, status="partly") == [RATES]
    assert texts(stored, status="yes") == []
    assert texts(stored, status="partly", source_type="person") == []


def test_due_and_open_follow_today(ledger: Ledger) -> None:
    ledger.store(record_a())
    on = {"today": date(2024, 12, 1)}
    due = ledger.forecasts(status="due", **on)
    assert [f.text for f in due] == [KHARKIV]
    assert {f.text for f in ledger.forecasts(status="open", **on)} == {TALKS, EXPORTS}
    assert ledger.count_forecasts(status="due", **on) == 1
    # the old flags still work, alone and with status
    assert [f.text for f in ledger.forecasts(due=True, **on)] == [KHARKIV]
    assert ledger.forecasts(due=True, status="open", **on) == []


def test_horizon_range(stored: Ledger) -> None:
    assert texts(stored, horizon_since=date(2024, 12, 31)) == [RATES, TALKS]
    assert texts(stored, horizon_until=date(2024, 12, 31)) == [RATES, KHARKIV]
    assert texts(stored, horizon_since=date(2024, 10, 1), horizon_until=date(2024, 12, 31)) == [
        RATES
    ]
    assert texts(stored, horizon_since=date(2026, 1, 1)) == []


def test_sort_orders(stored: Ledger) -> None:
    # newest article first, then position in the article
    newest = [RATES, DEAL, KHARKIV, TALKS, EXPORTS]
    assert texts(stored) == newest
    assert texts(stored, sort="newest") == newest
    assert texts(stored, sort="oldest") == [KHARKIV, TALKS, EXPORTS, RATES, DEAL]
    # soonest horizon end first, none last
    horizon = texts(stored, sort="horizon")
    assert horizon[:3] == [KHARKIV, RATES, TALKS] and set(horizon[3:]) == {EXPORTS, DEAL}
    # most likely first, none last
    assert texts(stored, sort="probability") == [TALKS, RATES, DEAL, KHARKIV, EXPORTS]
    by_source = stored.forecasts(sort="source")
    assert [f.source.name for f in by_source] == [
        "Acme Corp",
        "Analysts",
        "author (Other Post)",
        "Michael Kofman",
        "officials",
    ]
    assert texts(stored, sort="probability", status="resolved") == [TALKS, RATES, KHARKIV]


def test_pages_and_counts(stored: Ledger) -> None:
    everything = texts(stored, sort="probability")
    pages = [stored.forecasts(sort="probability", limit=2, offset=o) for o in (0, 2, 4)]
    assert [f.text for page in pages for f in page] == everything
    assert stored.count_forecasts() == 5
    # a page's arguments change nothing in a count: the web passes the same filters to both
    assert stored.count_forecasts(source_type="group", sort="horizon", limit=1, offset=9) == 2
    assert stored.count_forecasts(include_retired=True) == 5


def test_unsorted_sources_last_and_undated_articles_last(ledger: Ledger) -> None:
    ledger.store(record_b())
    undated = make_record(
        "Nobody knows if the dam will hold.",
        [{"text": "the dam will hold", "probability": 0.9}],
        published=None,
        outlet=None,
        title=None,
    )
    ledger.store(undated)
    assert [f.text for f in ledger.forecasts(sort="newest")][-1] == "the dam will hold"
    assert [f.text for f in ledger.forecasts(sort="oldest")][-1] == "the dam will hold"
    # the author of an article without an outlet has no name
    assert [f.text for f in ledger.forecasts(sort="source")][-1] == "the dam will hold"


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("status", "closed"),
        ("sort", "random"),
        ("source_type", "robot"),
        ("horizon_since", "2024-01-01"),
        ("horizon_until", 20240101),
        ("since", "yesterday"),
        ("limit", -1),
        ("offset", -5),
        ("min_prob", "high"),
        ("search", 42),
    ],
)
def test_bad_values_name_the_argument(ledger: Ledger, argument: str, value: object) -> None:
    with pytest.raises(FilterError, match=f"^{argument}: ") as caught:
        ledger.iter_forecasts(**{argument: value})  # at the call, not at the first row
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, LedgerError)
    assert caught.value.argument == argument
    if argument not in ("sort", "limit", "offset"):
        with pytest.raises(FilterError, match=f"^{argument}: "):
            ledger.count_forecasts(**{argument: value})


@pytest.mark.parametrize("sort", ["newest", "oldest", "horizon", "probability", "source"])
def test_a_narrow_horizon_filter_sorts_the_same(
    stored: Ledger, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """Few forecasts in a horizon filter are fetched by the horizon index and sorted
    (`ForecastFilters.narrow`); many are read in the order's own index. Same rows either way."""
    filters = {"horizon_since": date(2024, 9, 1), "horizon_until": date(2025, 6, 30), "sort": sort}
    fetched = texts(stored, **filters)
    monkeypatch.setattr(listing, "NARROW", -1)
    assert texts(stored, **filters) == fetched
    assert len(fetched) == 3


def test_open_forecasts_by_horizon(stored: Ledger) -> None:
    ledger = stored
    ledger.store(
        make_record(
            "Officials said the bridge will reopen by June.",
            [
                {
                    "text": "the bridge will reopen by June",
                    "probability": 0.8,
                    "horizon_end": date(2025, 6, 30),
                }
            ],
            outlet="City Paper",
        )
    )
    # the soonest end first, those without a horizon last; ended and resolved ones left out
    assert texts(ledger, status="open", sort="horizon")[0] == "the bridge will reopen by June"
    assert set(texts(ledger, status="open", sort="horizon")[1:]) == {EXPORTS, DEAL}


def test_statistics_for_the_planner(db_url: str, tmp_path: Path) -> None:
    """SQLite keeps no statistics unless asked: `prospects ingest` asks, once it has stored."""
    from typer.testing import CliRunner

    from prospects.cli import app

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record_a().to_dict(include_text=True)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", "--records", str(path), "--db", db_url])
    assert result.exit_code == 0, result.output
    with Ledger(db_url) as ledger, ledger.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            analysed = conn.exec_driver_sql("SELECT DISTINCT idx FROM sqlite_stat1").scalars()
        else:
            analysed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            ).scalars()
        assert set(analysed) >= (
            {"ix_forecasts_listing_sqlite", "ix_sources_name"}
            if conn.dialect.name == "sqlite"
            else {"forecasts", "sources"}
        )
