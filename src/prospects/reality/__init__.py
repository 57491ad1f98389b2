"""Reality: resolve forecasts against what happened and score their sources.

    >>> from prospects import reality                                     # doctest: +SKIP
    >>> reality.resolve(ledger, "4ef94fa987", "yes", "https://x.org/m", by="Ann")  # doctest: +SKIP
    >>> groups, views = reality.scores(ledger, by="type")                 # doctest: +SKIP

Over a `Ledger` (the forecast's id may be a unique prefix):

- `resolve`: record a manual resolution of one forecast (outcome, evidence, who, when, why).
- `record`: seal a prepared `Resolution` into the hash chain and append it.
- `correct`: correct a forecast's source, proposition, kind, probability, horizon end or
  condition, or mark it not a forecast: one `Correction` per field, in the same hash chain.
- `history`: a forecast and all its resolutions and corrections, oldest first (a `History`).
- `verify`: the log's broken links, hashes and forecasts changed since resolved (other than
  by a recorded correction).
- `due`: unresolved forecasts whose horizon has ended, oldest first (`DueForecast`s).
- `apply_rule_file`: resolve from indicator data by a YAML rule file (a `RulesReport`).
- `load_question_file`: load a platform question JSONL into the ledger, all of it or nothing.
- `match`: propose loaded platform questions that ask what unresolved forecasts say (never a
  pair rejected with `Ledger.reject_match`).
- `accept`: record a proposed question's outcome as the forecast's resolution.
- `scores`: scores per source, type or outlet over the whole ledger, and their views.
- `view_of`: the flat `ForecastView` of a ledger row, which the pure functions take.

Pure, on views and files (no database):

- `score`: Brier, log score, AUC and calibration per group of views (`GroupScore`s).
- `score_group`: the scores of one group of views.
- `group_of`: the (name, type) of the group a view falls in when scoring by source/type/outlet.
- `apply_rules`: the outcomes a loaded rule file gives views, and the rules that could not say.
- `load_rules`: read and validate a whole rule file (`RuleError` when it is bad).
- `match_questions`: rank questions against views by BM25 in an overlapping period.
- `load_questions`: read and validate a platform question JSONL (`QuestionFileError`).
- `bundled_questions_path`: the question file shipped with prospects.
- `check_outcome`: the outcome word, or `OutcomeError` (not an outcome, or a void without reason).
- `save_score_plot`: draw a group's calibration diagram and track record to SVG or PNG.

Records and errors:

- `ForecastView`: one forecast with its article, source and latest outcome, flat.
- `Correction`: one correction entry of the log; `CORRECTABLE`: the fields a correction may
  change.
- `History`, `DueForecast`, `RulesReport`, `GroupScore`, `QuestionMatch`: what the above return.
- `OUTCOMES`: the outcome words; `VOID_REASONS`: the usual reasons a forecast is void.
- `AUC_MIN_EACH`: how many of each outcome an AUC needs.
- `ResolveError`, `CorrectionError` (a `ResolveError`), `OutcomeError`, `RuleError`,
  `QuestionFileError`: one-line refusals; nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from prospects.reality.corrections import CorrectionError, correct
from prospects.reality.indicators import RuleError, apply_rules, load_rules
from prospects.reality.outcomes import VOID_REASONS, OutcomeError, check_outcome
from prospects.reality.questions import (
    QuestionFileError,
    QuestionMatch,
    bundled_questions_path,
    load_questions,
    match_questions,
)

# `resolve` the function is bound after `prospects.reality.resolve` the module is imported, so the
# package's `resolve` is the function; the module is still `import prospects.reality.resolve`'s.
from prospects.reality.resolve import (
    DueForecast,
    History,
    ResolveError,
    RulesReport,
    accept,
    apply_rule_file,
    due,
    history,
    load_question_file,
    match,
    record,
    resolve,
    scores,
    verify,
    view_of,
)
from prospects.reality.scoring import AUC_MIN_EACH, GroupScore, group_of, score, score_group
from prospects.reality.views import ForecastView
from prospects.records import CORRECTABLE, OUTCOMES, Correction

__all__ = [
    "AUC_MIN_EACH",
    "CORRECTABLE",
    "OUTCOMES",
    "VOID_REASONS",
    "Correction",
    "CorrectionError",
    "DueForecast",
    "ForecastView",
    "GroupScore",
    "History",
    "OutcomeError",
    "QuestionFileError",
    "QuestionMatch",
    "ResolveError",
    "RuleError",
    "RulesReport",
    "accept",
    "apply_rule_file",
    "apply_rules",
    "bundled_questions_path",
    "check_outcome",
    "correct",
    "due",
    "group_of",
    "history",
    "load_question_file",
    "load_questions",
    "load_rules",
    "match",
    "match_questions",
    "record",
    "resolve",
    "save_score_plot",
    "score",
    "score_group",
    "scores",
    "verify",
    "view_of",
]


def __getattr__(name: str) -> Any:
    # matplotlib loads only for a plot, not for every command that imports reality
    if name == "save_score_plot":
        from prospects.reality.plots import save_score_plot

        return save_score_plot
    raise AttributeError(f"module 'prospects.reality' has no attribute {name!r}")
