"""Resolution over a SQLite ledger: each path, supersession, verification, due list, scores."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from prospects import reality as R
from prospects.ledger import Ledger
from prospects.reality.indicators import RuleError
from reality_ledger import seed_record

ROOT = Path(__file__).resolve().parents[2]
SEED_RULES = ROOT / "examples" / "rules" / "seed-2024-07.yaml"
TODAY = date(2026, 9, 1)


@pytest.fixture
def ledger(tmp_path: Path):
    with Ledger(tmp_path / "ledger.db") as led:
        led.store(seed_record())
        yield led


def fid(ledger: Ledger, words: str) -> str:
    return next(f.id for f in ledger.forecasts(search=words))


def test_manual_resolution_is_kept_and_superseded_never_erased(ledger):
    gains = fid(ledger, "significant territorial gains")
    first = R.resolve(ledger, gains, "no", "ISW map", by="alice", on=date(2024, 10, 1))
    second = R.resolve(
        ledger,
        gains,
        "YES",
        "DeepState +2,599 km²",
        by="bob",
        on=date(2025, 1, 10),
        reason="six months, not three",
    )
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash and second.capture_hash
    h = R.history(ledger, gains)
    assert [(e.outcome, e.by) for e in h.entries] == [("no", "alice"), ("yes", "bob")]
    assert h.current is not None and h.current.reason == "six months, not three"
    assert ledger.forecast(gains).resolution == "yes"  # type: ignore[union-attr]
    assert R.verify(ledger) == []


@pytest.mark.parametrize(
    ("outcome", "reason", "message"),
    [
        ("maybe", None, "outcome 'maybe' is not allowed: use yes, no, partly, void"),
        ("void", None, "a void outcome needs a reason"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_is_recorded(ledger, outcome, reason, message):
    with pytest.raises(R.ResolveError, match=message) as refused:
        R.resolve(ledger, fid(ledger, "breakthrough"), outcome, "e", by="alice", reason=reason)
    assert "--" not in str(refused.value)  # the library names no flag: the CLI adds them
    assert ledger.resolutions() == []
    with pytest.raises(R.ResolveError, match="no forecast 'nope'"):
        R.resolve(ledger, "nope", "yes", "e", by="alice")


def test_an_entry_is_sealed_again_when_another_writer_appended_first(ledger, monkeypatch):
    gains = fid(ledger, "significant territorial gains")
    theirs = R.resolve(ledger, gains, "no", "ISW map", by="alice")
    read = ledger.last_resolution_hash
    seen: list[str | None] = []

    def last_hash_read_before_theirs() -> str | None:
        seen.append(None if not seen else read())
        return seen[-1]

    monkeypatch.setattr(ledger, "last_resolution_hash", last_hash_read_before_theirs)
    ours = R.resolve(ledger, gains, "yes", "DeepState", by="bob")
    assert seen == [None, theirs.hash]
    assert (ours.seq, ours.prev_hash) == (2, theirs.hash)
    assert R.verify(ledger) == []


def test_a_conditional_whose_condition_did_not_occur_is_void(ledger):
    progress = fid(ledger, "significant progress")
    r = R.resolve(
        ledger,
        progress,
        "void",
        "no second mobilization wave",
        by="alice",
        reason="condition never met",
    )
    assert r.outcome == "void"
    rows, _ = R.scores(ledger, by="source", today=TODAY)
    american = next(row for row in rows if row.name == "American officials")
    assert american.n == 0  # void never counts


def test_verify_notices_a_forecast_changed_after_resolution(ledger):
    gains = fid(ledger, "significant territorial gains")
    R.resolve(ledger, gains, "yes", "DeepState", by="alice")
    ledger.store(seed_record(probability_shift=0.1, pipeline="reality test; v2"))
    problems = [str(p) for p in R.verify(ledger)]
    assert any("changed after resolution" in p for p in problems), problems


def test_due_lists_ended_unresolved_forecasts_oldest_first(ledger):
    listed = R.due(ledger, today=TODAY)
    assert [d.due for d in listed] == [date(2024, 7, 14), date(2025, 1, 10)]
    R.resolve(ledger, listed[0].forecast.id, "yes", "declaration", by="alice")
    assert [d.due for d in R.due(ledger, today=TODAY)] == [date(2025, 1, 10)]
    assert R.due(ledger, today=date(2024, 7, 12)) == []
    with_open = R.due(ledger, today=TODAY, no_horizon=True)
    assert len(with_open) == 8 and with_open[-1].default_window


def test_the_seed_rules_resolve_the_seed_forecasts_once(ledger):
    report = R.apply_rule_file(ledger, SEED_RULES, today=TODAY)
    assert report.skipped == []
    got = {ledger.forecast(r.forecast_id).proposition: r.outcome for r in report.recorded}  # type: ignore[union-attr]
    assert got == {
        "Russia makes significant territorial gains in Ukraine": "yes",
        "a major breakthrough by Russia": "no",
        "leaders pledge new funding for Ukraine": "yes",
        "allied leaders approve language promising Kiev membership": "yes",
        "Ukraine recaptures all of its territory": "no",
        "Ukraine emerges victorious from the war": "void",
        "Russia makes significant progress": "void",
        "Trump initiates peace negotiations between Russia and Ukraine": "yes",
        "Ukraine cedes large swathes of territory": "void",
    }
    assert {r.method for r in report.recorded} == {"indicator", "manual"}
    again = R.apply_rule_file(ledger, SEED_RULES, today=TODAY)
    assert again.recorded == [] and len(again.unchanged) == 9
    assert R.verify(ledger) == []
    rows, _ = R.scores(ledger, by="source", today=TODAY)
    officials = next(row for row in rows if row.name == "U.S. officials")
    assert officials.n == 2
    assert officials.brier == pytest.approx((0.64 + 0.05**2) / 2)
    trump = next(row for row in rows if row.name == "Donald J. Trump")
    assert trump.pledges.kept == 1 and trump.n == 0


def test_a_human_resolution_is_kept_unless_superseded(ledger):
    gains = fid(ledger, "significant territorial gains")
    R.resolve(ledger, gains, "no", "my reading", by="alice")
    report = R.apply_rule_file(ledger, SEED_RULES, today=TODAY)
    assert [k[0].forecast_id for k in report.kept] == [gains]
    forced = R.apply_rule_file(ledger, SEED_RULES, today=TODAY, supersede=True)
    assert [r.forecast_id for r in forced.recorded] == [gains]


def test_a_bad_rule_file_records_nothing(ledger, tmp_path):
    good = SEED_RULES.read_text().replace("../../src", str(ROOT / "src"))
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        good + "  - id: oops\n    match: {words: [x]}\n    outcome: perhaps\n    evidence: e\n"
    )
    with pytest.raises(RuleError, match="rule 'oops'"):
        R.apply_rule_file(ledger, bad, today=TODAY)
    assert ledger.resolutions() == []


def test_loading_questions_matching_and_accepting(ledger, tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "m:1",
            "platform": "metaculus",
            "outcome": 1,
            "resolve_date": "2025-02-20",
            "open_date": "2024-06-01",
            "question": "Will Trump initiate peace negotiations between Russia and Ukraine?",
        },
        {
            "id": "m:2",
            "platform": "metaculus",
            "outcome": 0,
            "resolve_date": "2025-01-01",
            "open_date": "2024-01-01",
            "question": "Will it snow in Paris?",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert R.load_question_file(ledger, path) == 2
    proposals = R.match(ledger, min_score=0)
    trump = fid(ledger, "peace negotiations")
    best = max(proposals, key=lambda m: m.score)
    assert (best.forecast_id, best.question.id) == (trump, "m:1")
    r = R.accept(ledger, trump, "m:1", by="alice")
    assert (r.outcome, r.method, r.on) == ("yes", "question", date(2025, 2, 20))
    assert "m:1" in r.evidence
    with pytest.raises(R.ResolveError, match="no question 'm:9'") as refused:
        R.accept(ledger, trump, "m:9", by="alice")
    assert refused.value.need == "question"


def test_a_bad_question_file_loads_nothing(ledger, tmp_path):
    from prospects.reality.questions import QuestionFileError

    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "platform": "p", "question": "Q?", "outcome": 1}\n{"id": "b"}\n')
    with pytest.raises(QuestionFileError, match=r"q\.jsonl:2: missing field 'platform'"):
        R.load_question_file(ledger, path)
    assert ledger.questions() == []
