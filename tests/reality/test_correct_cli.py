"""`prospects correct`, `history` with corrections, and `match --reject` on a SQLite ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prospects.cli import app
from prospects.ledger import Ledger
from reality_ledger import question_file, seed_record

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        ledger.store(seed_record())
    return str(path)


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def gains_id(db: str) -> str:
    with Ledger(db) as ledger:
        return ledger.forecasts(search="territorial gains")[0].id


def test_correct_then_history_shows_both_kinds_of_entry(db):
    fid = gains_id(db)
    r = run("resolve", fid, "--outcome", "yes", "--evidence", "map", "--by", "ann", "--db", db)
    assert r.exit_code == 0, r.output
    r = run(
        "correct",
        fid,
        "--source",
        "Lloyd Austin",
        "--probability",
        "0.3",
        "--why",
        "Austin said it",
        "--db",
        db,
        env={"USER": "bob"},
    )
    assert r.exit_code == 0, r.output
    lines = r.output.strip().splitlines()
    assert lines[0] == f"corrected {fid}: source: U.S. officials → Lloyd Austin (entry 2, by bob)"
    assert lines[1] == f"corrected {fid}: probability: 0.2 → 0.3 (entry 3, by bob)"

    r = run("history", fid, "--db", db)
    assert r.exit_code == 0, r.output
    text = r.output
    assert "#1  yes" in text and "in force" in text
    assert "#2  correction  on" in text and "by bob" in text
    assert "source: U.S. officials → Lloyd Austin" in text and "why: Austin said it" in text
    entries = json.loads(run("history", fid, "--format", "json", "--db", db).stdout)
    assert [e["kind"] for e in entries] == ["resolution", "correction", "correction"]
    assert entries[2]["new"] == 0.3 and entries[2]["prev_hash"] == entries[1]["hash"]
    r = run("verify", "--db", db)
    assert r.exit_code == 0 and "3 entries verified" in r.output


def test_not_a_forecast_leaves_the_listing(db):
    fid = gains_id(db)
    r = run("correct", fid, "--not-a-forecast", "--why", "a plan", "--by", "ann", "--db", db)
    assert r.exit_code == 0, r.output
    assert "marked not a forecast" in r.output
    listed = json.loads(run("forecasts", "--format", "json", "--db", db).stdout)
    assert fid not in {f["id"] for f in listed}
    assert "(not a forecast)" in run("history", fid, "--db", db).output


@pytest.mark.parametrize(
    ("given", "line"),
    [
        (
            ["--probability", "0.5", "--by", "ann"],
            "error: a correction needs a reason: why the forecast is wrong: give --why TEXT",
        ),
        (
            ["--probability", "0.5", "--why", "x", "--by", " "],
            "error: a correction needs the name of who makes it: give --by NAME",
        ),
        (
            ["--kind", "guess", "--why", "x", "--by", "ann"],
            "error: kind 'guess' is not one of prediction, conditional, expectation, pledge",
        ),
        (
            ["--why", "x", "--by", "ann"],
            "error: give what to correct: --source, --proposition, "
            "--kind, --probability, --horizon-end, --condition or --not-a-forecast",
        ),
    ],
)
def test_a_refused_correction_is_one_line_naming_its_flag(db, given, line):
    r = run("correct", gains_id(db), *given, "--db", db)
    assert r.exit_code == 2
    assert " ".join(r.output.split()) == line
    with Ledger(db) as ledger:
        assert ledger.corrections() == []


def test_match_reject_drops_a_proposal(db, tmp_path):
    path = question_file(tmp_path)
    assert run("questions", "load", str(path), "--db", db).exit_code == 0
    r = run("match", "--format", "json", "--min-score", "0", "--db", db)
    proposals = json.loads(r.stdout)
    pairs = {(p["forecast_id"], p["question_id"]) for p in proposals}
    fid = next(f for f, q in pairs if q == "m:1")
    r = run("match", "--reject", fid, "m:1", "--db", db)
    assert r.exit_code == 2 and "--reject needs --by NAME" in r.output
    r = run("match", "--reject", fid, "m:1", "--by", "ann", "--db", db)
    assert r.exit_code == 0, r.output
    r = run("match", "--format", "json", "--min-score", "0", "--db", db)
    assert (fid, "m:1") not in {(p["forecast_id"], p["question_id"]) for p in json.loads(r.stdout)}
    r = run("match", "--reject", "ffffffff", "m:1", "--by", "ann", "--db", db)
    assert r.exit_code == 2 and "no forecast 'ffffffff'" in r.output


def test_show_lists_a_forecasts_corrections(db):
    fid = gains_id(db)
    r = run("correct", fid, "--kind", "expectation", "--why", "an agenda", "--by", "ed", "--db", db)
    assert r.exit_code == 0, r.output
    shown = run("show", fid, "--db", db)
    assert "kind: prediction → expectation" in shown.stdout and "why: an agenda" in shown.stdout
    data = json.loads(run("show", fid, "--db", db, "--json").stdout)
    assert data["corrections"][0]["field"] == "kind"
