"""Conditions: if, unless, provided that, as long as, in case, inverted should, if elected,
participles and premise subjects."""

from __future__ import annotations

from datetime import date

import pytest


def forecasts(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.published = date(2024, 7, 10)
    return nlp(doc)._.forecasts


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Russia could make significant progress if a major strategic shift occurred.",
         "a major strategic shift occurred"),
        ("The strike will continue unless the company raises wages.",
         "unless the company raises wages"),
        ("Prices will fall provided that the harvest is good.", "the harvest is good"),
        ("The coalition will survive as long as the greens stay in it.", "the greens stay in it"),
        ("Should the talks fail, the union will strike in March.", "the talks fail"),
        ("If elected, she would raise taxes on the rich.", "elected"),
        ("Forced to choose, Beijing will pick stability.", "Forced to choose"),
        ("A swift negotiation would likely force Ukraine to cede territory.",
         "A swift negotiation"),
    ],
)  # fmt: skip
def test_condition_is_found_in_the_articles_words(nlp, text, words):
    (f,) = forecasts(nlp, text)
    assert f.kind in ("conditional", "pledge")
    assert f.condition is not None and words.lower() in f.condition.lower()


def test_unconditional_forecast_has_no_condition(nlp):
    (f,) = forecasts(nlp, "The central bank will raise rates next month.")
    assert f.condition is None and f.kind != "conditional"


def test_a_pledge_keeps_its_condition(nlp):
    (f,) = forecasts(nlp, "Trump has pledged to initiate peace negotiations if elected.")
    assert f.kind == "pledge" and f.condition == "elected" and f.likelihood is None


def test_the_condition_is_not_part_of_the_proposition(nlp):
    (f,) = forecasts(
        nlp, "Russia could make significant progress if a major strategic shift occurred."
    )
    assert "shift" not in f.proposition and "progress" in f.proposition


@pytest.fixture(scope="module")
def nlp(rule_nlp):
    # these cases document the rule finder (candidates and filters); the learned default is
    # chosen and measured on the corpus (docs/corpus.md, docs/evaluation.md)
    return rule_nlp
