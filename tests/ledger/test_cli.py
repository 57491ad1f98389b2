"""The ledger commands, end to end in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ledger.ledger_records import KOFMAN_TEXT, group, make_record, person
from prospects.cli import app
from prospects.ledger.schema import SCHEMA_VERSION

runner = CliRunner()


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    record = make_record(
        KOFMAN_TEXT,
        [
            {"text": "a major breakthrough by Russia is now unlikely", "source": "s1"},
            {
                "text": "Russia is unlikely to make gains this year",
                "source": "s2",
                "probability": 0.9,
            },
        ],
        [person("s1", "Michael Kofman", "Carnegie", KOFMAN_TEXT), group("s2", "U.S. officials")],
    )
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record.to_dict(include_text=True)) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_list_show_export(db_url: str, records_file: Path, tmp_path: Path) -> None:
    code, _, err = run("ingest", "--records", str(records_file), "--db", db_url)
    assert code == 0, err
    assert "1 new" in err
    code, _, err = run("ingest", "--records", str(records_file), "--db", db_url)
    assert code == 0 and "already stored" in err and "0 new" in err

    code, out, _ = run("forecasts", "--db", db_url, "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 2
    assert {r["source_name"] for r in rows} == {"Michael Kofman", "U.S. officials"}
    assert rows[0]["article"]["published"] == "2024-07-10"
    assert all(r["resolution"] is None for r in rows)

    code, out, _ = run("forecasts", "--db", db_url, "--format", "json", "--min-prob", "0.8")
    assert [r["probability"] for r in (x["likelihood"] for x in json.loads(out))] == [0.9]
    code, out, _ = run("forecasts", "--db", db_url, "--format", "csv", "--source", "kofman")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["source_name"] for r in table] == ["Michael Kofman"]

    fid = rows[0]["id"]
    code, out, _ = run("show", fid[:6], "--db", db_url)
    assert code == 0 and rows[0]["text"] in out and "unresolved" in out
    code, out, _ = run("show", rows[0]["article"]["id"][:10], "--db", db_url)
    assert code == 0 and "A title" in out and fid in out
    code, _, err = run("show", "0000000000", "--db", db_url)
    assert code != 0 and "no forecast, article or source" in err

    code, out, _ = run("sources", "--db", db_url, "--format", "json")
    names = {s["name"]: s for s in json.loads(out)}
    assert names["Michael Kofman"]["forecasts"] == 1

    code, out, _ = run("export", "--db", db_url)
    line = json.loads(out.splitlines()[0])
    assert line["schema"] == "prospects.article/1" and line["article"]["text"] == KOFMAN_TEXT
    code, out, _ = run("export", "--db", db_url, "--format", "csv", "--what", "forecasts")
    forecast_table = list(csv.DictReader(io.StringIO(out)))
    assert len(forecast_table) == 2
    # csv with no --what is the table of forecasts users expect, not articles with their text
    code, out, _ = run("export", "--db", db_url, "--format", "csv")
    assert list(csv.DictReader(io.StringIO(out))) == forecast_table
    code, _, err = run("export", "--db", db_url, "--format", "parquet")
    assert code != 0 and "-o" in err
    target = tmp_path / "f.parquet"
    code, _, err = run(
        "export", "--db", db_url, "--format", "parquet", "--what", "forecasts", "-o", str(target)
    )
    assert code == 0, err
    import pyarrow.parquet as pq

    assert pq.read_table(target).num_rows == 2

    # a jsonl export re-imports into another ledger as the same articles
    exported = tmp_path / "export.jsonl"
    run("export", "--db", db_url, "-o", str(exported))
    other = tmp_path / "other.db"
    code, _, err = run("ingest", "--records", str(exported), "--db", str(other))
    assert code == 0 and "1 new" in err


def test_sources_merge_and_split_commands(db_url: str, records_file: Path) -> None:
    run("ingest", "--records", str(records_file), "--db", db_url)
    _, out, _ = run("sources", "--db", db_url, "--format", "json")
    ids = {s["name"]: s["id"] for s in json.loads(out)}
    code, _, err = run(
        "sources", "merge", ids["Michael Kofman"], ids["U.S. officials"], "--db", db_url
    )
    assert code == 0, err
    _, out, _ = run("sources", "--db", db_url, "--format", "json")
    merged = {s["name"]: s for s in json.loads(out)}
    assert "U.S. officials" not in merged and merged["Michael Kofman"]["forecasts"] == 2
    _, out, _ = run("forecasts", "--db", db_url, "--format", "json")
    article = json.loads(out)[0]["article"]["id"]
    code, _, err = run(
        "sources", "split", ids["Michael Kofman"], article[:8], "--name", "Other", "--db", db_url
    )
    assert code == 0, err
    assert "new source" in err
    code, _, err = run("sources", "merge", "zzzz", ids["Michael Kofman"], "--db", db_url)
    assert code == 2 and "no source" in err


def test_db_upgrade_reports_version(db_url: str) -> None:
    code, _, err = run("db", "upgrade", "--db", db_url)
    assert code == 0 and f"0 -> {SCHEMA_VERSION}" in err
    code, _, err = run("db", "upgrade", "--db", db_url)
    assert code == 0 and "up to date" in err


def test_reading_a_missing_ledger_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("forecasts", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no ledger at" in err and len(err.strip().splitlines()) == 1
    assert "store articles with `prospects ingest` first" in err
    assert not (tmp_path / "none.db").exists()


def test_bench_ledger_tiny(tmp_path: Path) -> None:
    code, out, err = run("bench", "ledger", "--scale", "0.0005", "--repeats", "2", "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["forecasts"] == 500 and figures["articles"] == 50
    assert figures["ingest_forecasts_per_s"] > 0
    assert {q["name"] for q in figures["queries"]} >= {"forecasts --due", "sources", "show"}


def test_show_takes_the_source_ids_that_sources_prints(db_url: str, records_file: Path) -> None:
    run("ingest", "--records", str(records_file), "--db", db_url)
    _, out, _ = run("sources", "--db", db_url, "--format", "json")
    kofman = next(s for s in json.loads(out) if s["name"] == "Michael Kofman")
    code, out, err = run("show", kofman["id"], "--db", db_url)
    assert code == 0, err
    assert "Michael Kofman" in out and kofman["id"] in out
    code, out, err = run("show", kofman["id"][:8], "--json", "--db", db_url)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["id"] == kofman["id"] and len(shown["forecasts"]) == kofman["forecasts"] >= 1
    code, _, err = run("show", "ffffffffffff", "--db", db_url)
    assert code != 0 and "no forecast, article or source" in err


def test_ingest_summaries_add_up() -> None:
    from prospects.ledger.loading import IngestSummary

    total = IngestSummary(new=1, forecasts=2)
    total += IngestSummary(new=2, unchanged=1, failed=1, forecasts=3)
    assert (total.new, total.unchanged, total.failed, total.forecasts) == (3, 1, 1, 5)
    assert total.line() == "3 new, 0 updated, 1 already stored, 1 failed; 5 forecasts written"


def test_forecasts_search_filters_and_sort(db_url: str, records_file: Path) -> None:
    run("ingest", "--records", str(records_file), "--db", db_url)

    def listed(*options: str) -> list[str]:
        code, out, err = run("forecasts", "--db", db_url, "--format", "json", *options)
        assert code == 0, err
        return [r["text"] for r in json.loads(out)]

    assert listed("--search", "breakthrough RUSS") == [
        "a major breakthrough by Russia is now unlikely"
    ]
    assert listed("--search", '"Kofman" * (') == listed("--search", "kofman") != []
    assert listed("--source-type", "group") == ["Russia is unlikely to make gains this year"]
    assert listed("--sort", "probability")[0] == "Russia is unlikely to make gains this year"
    assert listed("--status", "open", "--horizon-since", "2024-01-01") == []
    assert len(listed("--status", "open")) == 2
    code, _, err = run("forecasts", "--db", db_url, "--status", "closed")
    assert code == 2 and "closed" in err
    code, _, err = run("forecasts", "--db", db_url, "--horizon-until", "soon")
    assert code == 2 and "--horizon-until" in err


def test_the_commands_choices_are_the_ledgers() -> None:
    from prospects.cli import ledger as commands
    from prospects.ledger import listing
    from prospects.records import SOURCE_TYPES

    assert tuple(commands.Status) == listing.STATUSES
    assert tuple(commands.Sort) == listing.SORTS
    assert tuple(commands.SourceType) == SOURCE_TYPES
