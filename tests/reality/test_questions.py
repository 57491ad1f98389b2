"""Platform questions: loading (one clear line for a bad file), BM25, date filter, accepting."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from prospects.reality.questions import (
    BM25,
    QuestionFileError,
    QuestionIndex,
    bundled_questions_path,
    load_questions,
    match_questions,
    overlaps,
    resolution_from_question,
    tokens,
)
from prospects.reality.views import ForecastView
from prospects.records import Question


def q(i: str, text: str, outcome: int = 0, **kw) -> Question:
    return Question(id=i, platform="metaculus", question=text, outcome=outcome, **kw)


def forecast(**kw) -> ForecastView:
    base = dict(
        id="f1",
        proposition="Russia starts a second mobilization wave",
        kind="prediction",
        probability=0.2,
        published=date(2024, 7, 10),
        horizon_end=date(2024, 12, 31),
        horizon_precision="year",
    )
    base.update(kw)
    return ForecastView(**base)


def test_the_bundled_file_loads_whole():
    questions = load_questions(bundled_questions_path())
    assert len(questions) == 1457
    assert sum(q.outcome for q in questions) == 382
    mobilization = next(q for q in questions if q.id == "forecastbench:metaculus:20895")
    assert mobilization.outcome == 0 and mobilization.resolve_date == date(2024, 12, 31)


def test_a_question_file_with_a_missing_field_is_one_clear_line(tmp_path: Path):
    path = tmp_path / "q.jsonl"
    good = {"id": "a", "platform": "gjp_ace", "question": "Will X?", "outcome": 1}
    bad = {"id": "b", "platform": "gjp_ace", "question": "Will Y?"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(QuestionFileError) as info:
        load_questions(path)
    assert str(info.value) == f"{path}:2: missing field 'outcome'"
    path.write_text(json.dumps(good) + "\n{not json\n")
    with pytest.raises(QuestionFileError, match=r"q\.jsonl:2: not JSON"):
        load_questions(path)
    path.write_text(json.dumps({**good, "outcome": "maybe"}) + "\n")
    with pytest.raises(QuestionFileError, match=r"q\.jsonl:1: outcome must be 0 or 1"):
        load_questions(path)


def test_bm25_by_hand():
    # two documents; "mobilization" occurs in one: idf = ln(1 + (2 - 1 + 0.5) / (1 + 0.5)) = ln 2
    bm = BM25(["russia mobilization wave", "russia ceasefire"])
    scores = bm.scores("mobilization")
    assert set(scores) == {0}
    length, avg = 3, 2.5
    norm = 1.5 * (1 - 0.75 + 0.75 * length / avg)
    assert scores[0] == pytest.approx(math.log(2) * 1 * 2.5 / (1 + norm))
    assert tokens("Will the negotiations start?") == ["negotiation", "start"]


def test_match_ranks_the_same_question_first_and_filters_by_date():
    questions = [
        q(
            "mob",
            "Will Russia start a second mobilization wave before 2025?",
            0,
            open_date=date(2024, 1, 1),
            resolve_date=date(2024, 12, 31),
        ),
        q(
            "old",
            "Will Russia start a second mobilization wave before 2013?",
            0,
            open_date=date(2012, 1, 1),
            resolve_date=date(2012, 12, 31),
        ),
        q(
            "other",
            "Will Russia hold an election in 2024?",
            1,
            open_date=date(2024, 1, 1),
            resolve_date=date(2024, 3, 17),
        ),
    ]
    index = QuestionIndex(questions)
    found = index.match(forecast(), min_score=0)
    assert found[0].question.id == "mob"
    assert "old" not in {m.question.id for m in found}  # 2012 does not overlap 2024
    assert not overlaps(forecast(), questions[1])
    resolved = forecast(id="f2", outcome="no")
    proposals = match_questions([forecast(), resolved], questions, min_score=0)
    assert {m.forecast_id for m in proposals} == {"f1"}


def test_accepting_a_match_gives_a_question_resolution_citing_it():
    question = q(
        "metaculus:20895",
        "Will Russia start a second mobilization wave?",
        0,
        resolve_date=date(2024, 12, 31),
        url="https://example.org/q/20895",
    )
    r = resolution_from_question(forecast(), question, by="alice")
    assert (r.outcome, r.method, r.on, r.by) == ("no", "question", date(2024, 12, 31), "alice")
    assert "metaculus:20895" in r.evidence and "https://example.org/q/20895" in r.evidence
    flipped = resolution_from_question(forecast(), question, by="alice", invert=True)
    assert flipped.outcome == "yes" and "opposite" in (flipped.reason or "")
