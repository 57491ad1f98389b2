"""Estimative words -> `records.Likelihood`: stated numbers, the survey lexicon, modals, degrees.

Data: `data/estimative.csv` (survey medians and quartiles, official scales; built by
scripts/build_estimative_lexicon.py) and `data/modals.yaml` (modal verbs, expectation phrases,
hedges and degree words, with the convention each non-survey value follows). Loaded once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from prospects import wordlists
from prospects.records import Likelihood

STATED = "stated"


@dataclass(frozen=True)
class Estimate:
    probability: float
    low: float
    high: float
    basis: str

    def negated(self) -> Estimate:
        """The estimate for the opposite event: negation flips the probability, not the event."""
        return Estimate(1 - self.probability, 1 - self.high, 1 - self.low, self.basis)

    def capped(self, cap: Estimate) -> Estimate:
        """A hedge ("I think ...") can only lower confidence towards the hedge's value."""
        if self.probability <= cap.probability:
            return self
        return Estimate(cap.probability, min(self.low, cap.low), self.high, self.basis)

    def pulled(self, share: float) -> Estimate:
        """Move `share` of the way towards the nearer extreme (a degree word: "highly")."""
        if share == 0 or self.probability == 0.5:
            return self
        target = 1.0 if self.probability > 0.5 else 0.0

        def move(x: float) -> float:
            return x + (target - x) * share

        return Estimate(move(self.probability), move(self.low), move(self.high), self.basis)

    def likelihood(self, cue: str | None) -> Likelihood:
        p = min(max(self.probability, 0.0), 1.0)
        low = min(max(self.low, 0.0), p)
        high = max(min(self.high, 1.0), p)
        return Likelihood(cue, p, low, high, self.basis)


def _data(name: str) -> str:
    return (resources.files("prospects.nlp") / "data" / name).read_text(encoding="utf-8")


@cache
def lexicon() -> dict[str, Estimate]:
    """The estimative lexicon: phrase -> survey or scale estimate."""
    rows = csv.DictReader(line for line in _data("estimative.csv").splitlines() if line[:1] != "#")
    return {
        r["phrase"]: Estimate(
            float(r["probability"]), float(r["low"]), float(r["high"]), r["basis"]
        )
        for r in rows
    }


def _entry(value: dict[str, Any]) -> Estimate:
    if "lexicon" in value:
        return lexicon()[value["lexicon"]]
    return Estimate(
        float(value["probability"]),
        float(value["low"]),
        float(value["high"]),
        f"convention:prospects (near {value['near']})",
    )


@cache
def modal_table() -> dict[str, dict[str, Any]]:
    """The tables of data/modals.yaml, their values as estimates (degrees: shares), read once."""

    def table(key: str) -> dict[str, Any]:
        return wordlists.table("prospects.nlp", "modals.yaml", key)

    return {
        "modals": {k: _entry(v) for k, v in table("modals").items()},
        "expectations": {k: _entry(v) for k, v in table("expectations").items()},
        "hedges": {k: _entry(v) for k, v in table("hedges").items()},
        "degrees": {k: float(v) for k, v in table("degrees").items()},
        "risk_levels": {k: _entry(v) for k, v in table("risk_levels").items()},
    }


def modal(word: str) -> Estimate | None:
    return modal_table()["modals"].get(word.lower())


def expectation(word: str) -> Estimate | None:
    return modal_table()["expectations"].get(word.lower())


def hedge(word: str) -> Estimate | None:
    return modal_table()["hedges"].get(word.lower())


def risk_level(word: str) -> Estimate | None:
    """ "the risk is low": the level word of a risk, chance or odds noun."""
    return modal_table()["risk_levels"].get(word.lower())


def degree(word: str) -> float | None:
    return modal_table()["degrees"].get(word.lower())


def phrase(words: str) -> Estimate | None:
    """A likelihood phrase from the lexicon, with a leading degree word composed if needed."""
    key = " ".join(words.lower().split())
    table = lexicon()
    if key in table:
        return table[key]
    head, _, rest = key.partition(" ")
    share = degree(head)
    if share is not None and rest in table:
        return table[rest].pulled(share)
    return None


_NUMBER = r"(\d{1,3}(?:\.\d+)?)"
_PERCENT = re.compile(
    _NUMBER + r"\s*(?:%|percent|per cent|-percent)\s+(?:chance|probability|likelihood|odds)",
    re.IGNORECASE,
)
_ODDS = re.compile(r"odds\s+(?:of\s+|are\s+)?(\d+)\s*(?:to|-|:)\s*(\d+)", re.IGNORECASE)
_WORDS = wordlists.phrases("prospects.nlp", "modals.yaml", "number_words")
_SMALL = {w: i for i, w in enumerate(_WORDS, 1)}
_COUNT = r"(\d+|" + "|".join(_SMALL) + ")"
_ONE_IN = re.compile(r"\b" + _COUNT + r"[\s-]+in[\s-]+" + _COUNT + r"[\s-]+chance", re.IGNORECASE)


def stated(text: str) -> tuple[str, Likelihood] | None:
    """A probability the text states outright: "a 71 percent chance", "odds of 3 to 1"."""
    m = _PERCENT.search(text)
    if m:
        p = float(m.group(1)) / 100
        if 0 <= p <= 1:
            return m.group(0), Likelihood(m.group(0), p, p, p, STATED)
    m = _ONE_IN.search(text)
    if m:
        a = _SMALL.get(m.group(1).lower()) or int(m.group(1))
        b = _SMALL.get(m.group(2).lower()) or int(m.group(2))
        if 0 < a <= b:
            return m.group(0), Likelihood(m.group(0), a / b, a / b, a / b, STATED)
    m = _ODDS.search(text)
    if m:
        # "odds of 3 to 1" read as 3 to 1 in favour, the common journalistic usage.
        a, b = int(m.group(1)), int(m.group(2))
        if a + b > 0:
            p = a / (a + b)
            return m.group(0), Likelihood(m.group(0), p, p, p, STATED)
    return None
