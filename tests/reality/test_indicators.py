"""Indicator rules: series tests, fact tests, fixed outcomes, and one clear line for bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prospects.reality.indicators import (
    RuleError,
    apply_rules,
    load_rules,
    load_series,
    parse_test,
)
from prospects.reality.views import ForecastView
from reality_seed import seed_views

ROOT = Path(__file__).resolve().parents[2]
SEED_RULES = ROOT / "examples" / "rules" / "seed-2024-07.yaml"


@pytest.fixture
def series_file(tmp_path: Path) -> Path:
    path = tmp_path / "area.csv"
    path.write_text("date,value\n2024-01-01,100\n2024-02-01,150\n2024-03-01,\n2024-04-01,90\n")
    return path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return path


def forecast(**kw) -> ForecastView:
    base = dict(
        id="f1",
        proposition="Russia makes significant territorial gains",
        kind="prediction",
        probability=0.2,
        published=date(2024, 1, 1),
        horizon_end=date(2024, 3, 15),
        source_name="U.S. officials",
        source_type="group",
    )
    base.update(kw)
    return ForecastView(**base)


def test_series_lookups_take_the_last_value_on_or_before_a_day(series_file: Path):
    s = load_series(series_file)
    assert s.at(date(2024, 3, 20)) == (date(2024, 2, 1), 150.0)  # empty value skipped
    with pytest.raises(RuleError, match="ends on 2024-04-01"):
        s.at(date(2024, 5, 1))
    with pytest.raises(RuleError, match="starts on 2024-01-01"):
        s.at(date(2023, 5, 1))


RULE = """\
rules:
  - id: gains
    match: {{words: [significant, gains], source: officials}}
    series: area.csv
    test: {test}
    when_true: yes
    when_false: no
    evidence: test series
"""


@pytest.mark.parametrize(
    ("test", "outcome"),
    [
        ("change(start=published, end=horizon_end) > 40", "yes"),
        ("change(start=published, end=horizon_end) > 50", "no"),
        ("pct_change(start=published, end=2024-02-01) >= 50", "yes"),
        ("max(start=published, end=latest) > 149", "yes"),
        ("min(start=2024-02-01, end=latest) < 100", "yes"),
        ("value(at=published+31d) == 150", "yes"),
    ],
)
def test_series_rules_resolve_by_their_test(tmp_path, series_file, test, outcome):
    rules = load_rules(write(tmp_path, RULE.format(test=test)))
    outcomes, skips = apply_rules(rules, [forecast(), forecast(id="other", proposition="x")])
    assert skips == []
    assert [(o.forecast_id, o.outcome, o.method) for o in outcomes] == [
        ("f1", outcome, "indicator")
    ]
    assert "test series [area.csv:value:" in outcomes[0].evidence


def test_a_forecast_the_rule_cannot_decide_is_skipped_with_the_reason(tmp_path, series_file):
    rules = load_rules(
        write(tmp_path, RULE.format(test="change(start=published, end=horizon_end) > 1"))
    )
    no_horizon = forecast(horizon_end=None)
    late = forecast(id="f2", horizon_end=date(2025, 1, 1))
    outcomes, skips = apply_rules(rules, [no_horizon, late])
    assert outcomes == []
    assert [str(s) for s in skips] == [
        "rule 'gains' for f1: the forecast has no horizon end",
        "rule 'gains' for f2: area.csv:value ends on 2024-04-01, before 2025-01-01",
    ]
    _, nothing = apply_rules(rules, [])
    assert [str(s) for s in nothing] == ["rule 'gains': matched no forecast"]


def test_the_seed_rule_file_resolves_every_seed_forecast():
    outcomes, skips = apply_rules(load_rules(SEED_RULES), seed_views())
    assert skips == []
    got = {o.forecast_id: o.outcome for o in outcomes}
    assert got == {
        "seed-1": "yes",  # +2,598.8 km² from 2024-07-10 to 2025-01-10
        "seed-2": "no",
        "seed-3": "yes",
        "seed-4": "yes",
        "seed-5": "no",
        "seed-6": "void",
        "seed-7": "void",
        "seed-8": "yes",
        "seed-9": "void",
    }
    gains = next(o for o in outcomes if o.forecast_id == "seed-1")
    assert "change +2,598.8" in gains.evidence and gains.on == date(2025, 1, 10)
    assert all(o.reason for o in outcomes)  # every judgement explicit


BAD = [
    ("rules:\n  - id: x\n    match: {words: [a]\n", r"rules\.yaml:4: YAML syntax error"),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    series: missing.csv\n"
        "    test: value(at=latest) > 1\n    when_true: yes\n    when_false: no\n    evidence: e\n",
        r"rules\.yaml:2: rule 'x': unknown series 'missing.csv'",
    ),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    colour: red\n    outcome: yes\n"
        "    evidence: e\n",
        r"rule 'x': unknown field 'colour'",
    ),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    outcome: maybe\n    evidence: e\n",
        r"rule 'x': outcome 'maybe' is not allowed: use yes, no, partly, void",
    ),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    outcome: void\n    evidence: e\n",
        r"rule 'x': a void outcome needs a reason \(e\.g\. no measurable event",
    ),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    series: area.csv\n"
        "    test: average(start=published) > 1\n    when_true: yes\n    when_false: no\n"
        "    evidence: e\n",
        r"rule 'x': cannot read test",
    ),
    (
        "rules:\n  - id: x\n    match: {words: [a]}\n    series: area.csv\n    column: km2\n"
        "    test: value(at=latest) > 1\n    when_true: yes\n    when_false: no\n    evidence: e\n",
        r"unknown series column 'km2'",
    ),
    (
        "rules:\n  - id: x\n    match: {colour: red}\n    outcome: yes\n    evidence: e\n",
        r"unknown match field 'colour'",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_bad_rule_file_is_one_clear_line(tmp_path, series_file, text, message):
    with pytest.raises(RuleError, match=message) as info:
        load_rules(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_nothing_is_half_applied_a_bad_last_rule_rejects_the_file(tmp_path, series_file):
    good = RULE.format(test="value(at=latest) > 1")
    bad = "  - id: broken\n    match: {words: [a]}\n    outcome: perhaps\n    evidence: e\n"
    with pytest.raises(RuleError, match="rule 'broken'"):
        load_rules(write(tmp_path, good + bad))


def test_parse_test_reads_numbers_with_separators_and_date_offsets():
    t = parse_test("change(start=published-30d, end=horizon_end) > 1_000")
    assert t.number == 1000.0  # type: ignore[union-attr]
    assert str(t.args["start"]) == "published-30d"  # type: ignore[union-attr]
    with pytest.raises(RuleError, match="needs end"):
        parse_test("change(start=published) > 1")
