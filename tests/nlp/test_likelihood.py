"""Likelihood: stated numbers, the survey lexicon, scales, modals, degrees, negation, hedges."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from tests.conftest import ROOT, shared_path

from prospects.nlp import likelihood


def test_survey_words_take_the_survey_median_and_quartiles():
    likely = likelihood.phrase("likely")
    assert likely is not None
    assert (likely.probability, likely.low, likely.high) == (0.75, 0.67, 0.8)
    assert likely.basis == "survey:CAPphrase"
    unlikely = likelihood.phrase("unlikely")
    assert unlikely is not None and unlikely.probability == pytest.approx(0.2)


def test_words_no_survey_covers_fall_back_to_a_scale():
    very_likely = likelihood.phrase("very likely")
    assert very_likely is not None and very_likely.basis == "scale:ICD203"
    assert (very_likely.low, very_likely.high) == (0.8, 0.95)
    impossible = likelihood.phrase("virtually impossible")
    assert impossible is not None and impossible.probability <= 0.01


def test_degree_words_compose_towards_the_nearer_extreme():
    likely = likelihood.phrase("likely")
    increasingly = likelihood.phrase("increasingly likely")
    extremely_unlikely_ish = likelihood.phrase("almost unlikely")  # not in the lexicon: composed
    assert likely and increasingly and extremely_unlikely_ish
    assert increasingly.probability > likely.probability
    assert extremely_unlikely_ish.probability < 0.2
    assert likelihood.phrase("now unlikely") == likelihood.phrase("unlikely")


def test_negation_flips_the_probability_and_the_range():
    likely = likelihood.phrase("likely")
    assert likely is not None
    flipped = likely.negated()
    assert flipped.probability == pytest.approx(0.25)
    assert (flipped.low, flipped.high) == pytest.approx((0.2, 0.33))


def test_modals_and_expectations_have_documented_values():
    could = likelihood.modal("could")
    assert could is not None and could.basis == "survey:CAPphrase" and could.probability == 0.4
    would = likelihood.modal("would")
    assert would is not None and would.basis.startswith("convention:prospects")
    poised = likelihood.expectation("poised")
    scheduled = likelihood.expectation("scheduled")
    assert poised and scheduled and 0.55 <= poised.probability <= 0.95
    assert scheduled.probability > poised.probability


def test_hedge_caps_a_certain_will():
    will = likelihood.modal("will")
    think = likelihood.hedge("think")
    assert will and think
    assert 0.6 <= will.capped(think).probability < will.probability


@pytest.mark.parametrize(
    ("text", "p"),
    [
        ("polls give a 71 percent chance of a recount", 0.71),
        ("The model gives Clinton an 85% chance of winning", 0.85),
        ("bookmakers offer odds of 3 to 1", 0.75),
        ("a one-in-five chance of rain", 0.2),
    ],
)
def test_stated_probabilities_are_taken_as_stated(text, p):
    found = likelihood.stated(text)
    assert found is not None
    cue, value = found
    assert value.probability == pytest.approx(p) and value.basis == "stated"
    assert cue in text


def test_no_number_no_stated_probability():
    assert likelihood.stated("the bill will pass by 2 votes") is None


def test_lexicon_is_reproducible_from_the_shared_data():
    shared = shared_path("data", "estimative")
    spec = importlib.util.spec_from_file_location(
        "build_lexicon", ROOT / "scripts" / "build_estimative_lexicon.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    packaged = Path(ROOT / "src" / "prospects" / "nlp" / "data" / "estimative.csv")
    assert module.build(shared) == packaged.read_text(encoding="utf-8")
