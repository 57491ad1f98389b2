"""The reality commands end to end on a SQLite ledger holding the seed forecasts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prospects.cli import app
from prospects.ledger import Ledger
from reality_ledger import question_file, seed_record

ROOT = Path(__file__).resolve().parents[2]
RULES = str(ROOT / "examples" / "rules" / "seed-2024-07.yaml")
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        ledger.store(seed_record())
    return str(path)


def run(*args: str):
    return runner.invoke(app, list(args))


def gains_id(db: str) -> str:
    with Ledger(db) as ledger:
        return ledger.forecasts(search="territorial gains")[0].id


def test_resolve_history_verify(db):
    fid = gains_id(db)
    r = run("resolve", fid, "--outcome", "no", "--evidence", "map", "--by", "ann", "--db", db)
    assert r.exit_code == 0, r.output
    r = run(
        "resolve",
        fid,
        "--outcome",
        "yes",
        "--evidence",
        "https://deepstatemap.live",
        "--by",
        "bob",
        "--on",
        "2025-01-10",
        "--reason",
        "six months",
        "--db",
        db,
    )
    assert r.exit_code == 0, r.output
    r = run("history", fid, "--format", "json", "--db", db)
    entries = json.loads(r.stdout)
    assert [(e["seq"], e["outcome"], e["by"]) for e in entries] == [
        (1, "no", "ann"),
        (2, "yes", "bob"),
    ]
    assert entries[1]["prev_hash"] == entries[0]["hash"]
    assert run("verify", "--db", db).exit_code == 0


def test_a_bad_outcome_word_is_one_line_and_records_nothing(db):
    fid = gains_id(db)
    r = run("resolve", fid, "--outcome", "maybe", "--evidence", "e", "--by", "ann", "--db", db)
    assert r.exit_code == 2
    assert r.output.strip() == "error: outcome 'maybe' is not allowed: use yes, no, partly, void"
    with Ledger(db) as ledger:
        assert ledger.resolutions() == []


@pytest.mark.parametrize(
    ("given", "line"),
    [
        (
            ["--outcome", "yes", "--evidence", " ", "--by", "ann"],
            "error: a resolution needs evidence (a text or a URL): give --evidence TEXT_OR_URL",
        ),
        (
            ["--outcome", "yes", "--evidence", "e", "--by", " "],
            "error: a resolution needs the name of who resolves it: give --by NAME",
        ),
        (
            ["--outcome", "void", "--evidence", "e", "--by", "ann"],
            "error: a void outcome needs a reason (e.g. no measurable event; condition never met; "
            "ambiguous wording): give --reason WHY",
        ),
    ],
)
def test_what_a_resolution_lacks_is_named_by_its_flag(db, given, line):
    r = run("resolve", gains_id(db), *given, "--db", db)
    assert r.exit_code == 2
    assert " ".join(r.output.split()) == line


def test_rules_then_score_json_and_plot(db, tmp_path):
    r = run("resolve", "--rules", RULES, "--today", "2026-09-01", "--db", db)
    assert r.exit_code == 0, r.output
    r = run(
        "score",
        "--by",
        "source",
        "--format",
        "json",
        "--today",
        "2026-09-01",
        "--plot",
        str(tmp_path / "cal.svg"),
        "--group",
        "officials",
        "--db",
        db,
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    by_name = {row["name"]: row for row in rows}
    officials = by_name["U.S. officials"]
    assert officials["type"] == "group" and officials["n"] == 2
    assert officials["brier"] == pytest.approx((0.64 + 0.0025) / 2, abs=1e-4)
    for key in ("log_score", "brier_low", "brier_high", "bins"):
        assert key in officials
    assert by_name["American officials"]["n"] == 0  # both void: shown, with nothing scored
    assert by_name["American officials"]["warning"] == "no resolved forecast"
    assert (tmp_path / "cal.svg").read_text().count("<svg") == 1
    csv_out = run("score", "--by", "type", "--format", "csv", "--today", "2026-09-01", "--db", db)
    assert csv_out.stdout.splitlines()[0].startswith("name,type,forecasts,due,n,")


def test_a_rule_file_with_an_unknown_series_is_one_line(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n  - id: x\n    match: {words: [gains]}\n    series: nowhere.csv\n"
        "    test: value(at=latest) > 1\n    when_true: yes\n    when_false: no\n"
        "    evidence: e\n"
    )
    r = run("resolve", "--rules", str(bad), "--db", db)
    assert r.exit_code == 2
    assert len(r.output.strip().splitlines()) == 1
    assert "unknown series 'nowhere.csv'" in r.output


def test_questions_load_match_accept(db, tmp_path):
    path = question_file(tmp_path)
    assert run("questions", "load", str(path), "--db", db).exit_code == 0
    r = run("match", "--format", "json", "--min-score", "0", "--db", db)
    proposals = json.loads(r.stdout)
    best = max(proposals, key=lambda p: p["score"])
    assert best["question_id"] == "m:1"
    r = run("match", "--accept", best["forecast_id"], "m:1", "--by", "ann", "--db", db)
    assert r.exit_code == 0, r.output
    with Ledger(db) as ledger:
        assert ledger.forecast(best["forecast_id"]).resolution == "yes"  # type: ignore[union-attr]


def test_a_question_file_with_missing_fields_is_one_line(db, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "platform": "p", "question": "Q?"}\n')
    r = run("questions", "load", str(path), "--db", db)
    assert r.exit_code == 2
    assert r.output.strip() == f"error: {path}:1: missing field 'outcome'"


def test_due_lists_oldest_first(db):
    r = run("due", "--today", "2026-09-01", "--format", "json", "--db", db)
    assert [d["due"] for d in json.loads(r.stdout)] == ["2024-07-14", "2025-01-10"]
