"""Scores against values computed by hand on small cases."""

from __future__ import annotations

import math
from datetime import date

import pytest

from prospects.reality import scoring
from prospects.reality.views import ForecastView

TODAY = date(2026, 1, 1)


def view(i: int, p: float | None, outcome: str | None, **kw) -> ForecastView:
    base = dict(
        id=f"f{i}",
        proposition=f"event {i}",
        kind="prediction",
        probability=p,
        horizon_end=date(2025, 1, 1),
        horizon_precision="day",
        published=date(2024, 7, 10),
        source_name="Kofman",
        source_type="person",
        outcome=outcome,
    )
    base.update(kw)
    return ForecastView(**base)


def test_brier_of_a_02_forecast_that_came_true_is_064():
    assert scoring.brier([0.2], [1.0]) == pytest.approx(0.64)
    assert scoring.brier([0.2, 0.9], [1.0, 0.0]) == pytest.approx((0.64 + 0.81) / 2)


def test_log_score_is_minus_ln_of_the_probability_given_to_what_happened():
    assert scoring.log_score([0.8], [1.0]) == pytest.approx(-math.log(0.8))
    assert scoring.log_score([0.8], [0.0]) == pytest.approx(-math.log(0.2))
    # clipped: "impossible" that happened costs ln 100, not infinity
    assert scoring.log_score([0.0], [1.0]) == pytest.approx(math.log(100))


def test_auc_counts_ordered_pairs_and_ties_half():
    assert scoring.auc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]) == 1.0
    assert scoring.auc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0]) == 0.0
    assert scoring.auc([0.5, 0.5, 0.5, 0.5], [1, 1, 0, 0]) == 0.5
    # pairs (0.7 vs 0.3, 0.7 vs 0.1, 0.2 vs 0.1) win, (0.2 vs 0.3) loses: 3/4
    assert scoring.auc([0.7, 0.2, 0.3, 0.1], [1, 1, 0, 0]) == 0.75
    assert scoring.auc([0.7, 0.2], [1, 1]) is None


def test_auc_and_intervals_are_undefined_on_too_few_forecasts():
    # one of each outcome gives 0 or 1 by chance alone; one forecast has no spread to resample
    assert scoring.auc([0.1, 0.9], [1, 0]) is None
    assert scoring.auc([0.9, 0.8, 0.1], [1, 1, 0]) is None
    assert scoring.bootstrap_interval([0.9], [1.0], scoring._brier_rows) is None
    assert scoring.bootstrap_interval([0.9, 0.2], [1.0, 0.0], scoring._brier_rows) is not None


def test_reliability_table_bins_and_observed_frequency():
    table = scoring.reliability_table([0.05, 0.15, 0.12, 1.0], [0, 1, 0, 1])
    assert len(table) == 10
    assert (table[0].n, table[0].observed) == (1, 0.0)
    assert table[1].n == 2
    assert table[1].mean_probability == pytest.approx(0.135)
    assert table[1].observed == pytest.approx(0.5)
    assert (table[9].n, table[9].observed) == (1, 1.0)  # 1.0 falls in the last bin


def test_murphy_decomposition_by_hand_and_identity():
    # bin 0.2: forecasts 0.2, 0.2 with outcomes 1, 0; bin 0.8: forecasts 0.8, 0.8 with 1, 1
    ps, os = [0.2, 0.2, 0.8, 0.8], [1, 0, 1, 1]
    m = scoring.murphy(ps, os)
    assert m is not None
    base = 0.75
    assert m.uncertainty == pytest.approx(base * (1 - base))
    assert m.reliability == pytest.approx((2 * (0.2 - 0.5) ** 2 + 2 * (0.8 - 1.0) ** 2) / 4)
    assert m.resolution == pytest.approx((2 * (0.5 - base) ** 2 + 2 * (1.0 - base) ** 2) / 4)
    # forecasts equal their bin means here, so the binned Brier is the Brier score itself
    assert m.brier_binned == pytest.approx(scoring.brier(ps, os))
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(m.brier_binned)


def test_murphy_identity_holds_on_the_bins_terms_with_spread_and_partly():
    ps = [0.03, 0.07, 0.33, 0.38, 0.61, 0.95, 0.99, 0.5]
    os = [0, 1, 0, 0.5, 1, 1, 0, 1]
    m = scoring.murphy(ps, os)
    assert m is not None
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(m.brier_binned)


def test_bootstrap_interval_is_deterministic_and_shrinks_with_n():
    def interval(n: int) -> tuple[float, float]:
        ps = [0.3, 0.7, 0.6, 0.2] * n
        os = [0, 1, 0, 1] * n
        result = scoring.bootstrap_interval(ps, os, scoring._brier_rows)
        assert result is not None
        return result

    small, large = interval(3), interval(50)
    assert interval(3) == small  # seeded
    assert small[0] <= scoring.brier([0.3, 0.7, 0.6, 0.2], [0, 1, 0, 1]) <= small[1]
    assert (large[1] - large[0]) < (small[1] - small[0]) / 2


def test_which_forecasts_count():
    ended = view(1, 0.2, "yes")
    running = view(2, 0.2, "yes", horizon_end=date(2027, 1, 1))  # early "yes": not yet
    no_horizon = view(3, 0.2, "no", horizon_end=None, horizon_precision=None)
    void = view(4, 0.2, "void")
    unresolved = view(5, 0.2, None)
    pledge = view(6, None, "yes", kind="pledge")
    assert scoring.counts(ended, TODAY)
    assert not scoring.counts(running, TODAY)
    assert scoring.counts(no_horizon, TODAY)
    assert not scoring.counts(void, TODAY)
    assert not scoring.counts(unresolved, TODAY)
    assert not scoring.counts(pledge, TODAY)
    # vague horizon: the default window (183 days from published) decides
    vague = view(7, 0.2, "yes", horizon_end=None, horizon_precision="vague")
    assert scoring.counts(vague, TODAY)
    assert not scoring.counts(vague, date(2024, 12, 1))


def test_score_by_source_with_rate_warning_and_pledges():
    views = [
        view(1, 0.2, "yes"),
        view(2, 0.9, "no"),
        view(3, 0.5, None),  # due, unresolved
        view(4, 0.5, "void"),
        view(5, None, "yes", kind="pledge"),
        view(6, None, "no", kind="pledge"),
        view(7, None, None, kind="pledge"),
        view(8, 0.4, None, source_name="Ciaramella", horizon_end=date(2025, 6, 1)),
    ]
    rows = {r.name: r for r in scoring.score(views, by="source", today=TODAY)}
    kofman = rows["Kofman"]
    assert kofman.n == 2 and kofman.due == 3
    assert kofman.resolution_rate == pytest.approx(2 / 3)
    assert kofman.brier == pytest.approx((0.64 + 0.81) / 2)
    assert kofman.brier_low is not None and kofman.brier_high is not None
    assert kofman.brier_low <= kofman.brier <= kofman.brier_high
    assert kofman.warning == "only 2 resolved forecasts (under 10)"
    assert (kofman.pledges.kept, kofman.pledges.broken, kofman.pledges.pending) == (1, 1, 1)
    assert kofman.forecasts == 4  # pledges apart
    # a source with no resolved forecast is shown as such
    nothing = rows["Ciaramella"]
    assert nothing.n == 0 and nothing.brier is None and nothing.brier_low is None
    assert nothing.warning == scoring.NO_RESOLVED_WARNING
    assert nothing.resolution_rate == 0.0
    d = nothing.to_dict()
    assert d["name"] == "Ciaramella" and d["type"] == "person" and d["bins"] == []


def test_score_by_type_and_outlet_and_no_warning_at_ten():
    views = [
        view(i, 0.1 * (i % 10), "yes" if i % 2 else "no", source_type="group", anonymous=True)
        for i in range(12)
    ]
    views.append(view(99, 0.3, "no", source_name=None, source_type="author", outlet="NYT"))
    by_type = {r.name: r for r in scoring.score(views, by="type", today=TODAY)}
    assert by_type["anonymous group"].n == 12 and by_type["anonymous group"].warning is None
    assert by_type["author"].type == "source type"
    by_outlet = {r.name: r for r in scoring.score(views, by="outlet", today=TODAY)}
    assert set(by_outlet) == {"NYT", "(unknown outlet)"}
    with pytest.raises(ValueError, match="cannot group by"):
        scoring.score(views, by="colour")
