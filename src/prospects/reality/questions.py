"""Resolved questions of forecasting platforms: load them, and find those that ask what a forecast
says, in an overlapping period (BM25 over the question text, dates as a filter).

The JSONL schema is in src/prospects/reality/data/README.md (from shared/data/reality/).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from prospects.reality.due_dates import due_date
from prospects.reality.views import ForecastView
from prospects.records import Question, Resolution

REQUIRED = ("id", "platform", "question", "outcome")
BUNDLED = "data/questions.jsonl"
# How far a question's period may lie from the forecast's and still count as overlapping: a
# platform often opens a question a little after the news that prompted it.
DATE_SLACK = timedelta(days=31)
# Below this BM25 score a proposal shares only a common word or two ("Russia", "Ukraine").
MIN_SCORE = 6.0


class QuestionFileError(ValueError):
    """A question file that cannot be loaded; the message is one line naming file and line."""


def bundled_questions_path() -> Path:
    """The questions.jsonl that ships with prospects."""
    return Path(str(resources.files("prospects.reality").joinpath(BUNDLED)))


def _day(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


def question_from_dict(d: dict[str, Any]) -> Question:
    """One JSONL object as a `Question`; KeyError/ValueError on missing or bad fields."""
    missing = [k for k in REQUIRED if d.get(k) in (None, "")]
    if missing:
        raise KeyError(missing[0])
    outcome = d["outcome"]
    if outcome not in (0, 1) or isinstance(outcome, bool):
        raise ValueError(f"outcome must be 0 or 1, not {outcome!r}")
    return Question(
        id=str(d["id"]),
        platform=str(d["platform"]),
        question=str(d["question"]),
        outcome=int(outcome),
        resolve_date=_day(d.get("resolve_date")),
        open_date=_day(d.get("open_date")),
        close_date=_day(d.get("close_date")),
        url=d.get("url"),
        resolution_criteria=d.get("resolution_criteria"),
        background=d.get("background"),
        topics=tuple(d.get("topics") or ()),
        license=d.get("license"),
    )


def load_questions(path: str | Path) -> list[Question]:
    """Every question of a JSONL file, or QuestionFileError for the first bad line (none loaded)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot read ({exc.strerror})") from exc
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError("not a JSON object")
            q = question_from_dict(d)
        except json.JSONDecodeError as exc:
            raise QuestionFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        except KeyError as exc:
            raise QuestionFileError(f"{path}:{number}: missing field {exc.args[0]!r}") from exc
        except ValueError as exc:
            raise QuestionFileError(f"{path}:{number}: {exc}") from exc
        if q.id in seen:
            raise QuestionFileError(f"{path}:{number}: question id {q.id!r} appears twice")
        seen.add(q.id)
        questions.append(q)
    return questions


# ------------------------------------------------------------------------------------ BM25

_TOKEN = re.compile(r"[a-z0-9]+")


@cache
def stopwords() -> frozenset[str]:
    text = resources.files("prospects.reality").joinpath("data/stopwords.txt").read_text()
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


def _stem(word: str) -> str:
    # Plural and third-person endings only: enough for "negotiations" to meet "negotiation".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased content words, lightly stemmed."""
    stop = stopwords()
    return [_stem(w) for w in _TOKEN.findall(text.lower()) if w not in stop]


class BM25:
    """Okapi BM25 over a fixed list of documents (k1 = 1.5, b = 0.75)."""

    def __init__(self, documents: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(tokens(d)) for d in documents]
        self.lengths = [sum(c.values()) for c in self.docs]
        self.avg = sum(self.lengths) / len(self.docs) if self.docs else 0.0
        df: Counter[str] = Counter()
        for c in self.docs:
            df.update(c.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str, candidates: Iterable[int] | None = None) -> dict[int, float]:
        """Score of each candidate document (all by default) that shares a term with the query."""
        terms = set(tokens(query))
        result: dict[int, float] = {}
        for i in candidates if candidates is not None else range(len(self.docs)):
            doc, total = self.docs[i], 0.0
            for t in terms & doc.keys():
                tf = doc[t]
                norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / (self.avg or 1))
                total += self.idf[t] * tf * (self.k1 + 1) / (tf + norm)
            if total > 0:
                result[i] = total
        return result


# --------------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class QuestionMatch:
    """A platform question proposed for a forecast, with its BM25 score."""

    forecast_id: str
    question: Question
    score: float

    def to_dict(self) -> dict[str, Any]:
        q = self.question
        return {
            "forecast_id": self.forecast_id,
            "question_id": q.id,
            "score": round(self.score, 3),
            "platform": q.platform,
            "question": q.question,
            "outcome": "yes" if q.outcome else "no",
            "resolve_date": q.resolve_date.isoformat() if q.resolve_date else None,
            "url": q.url,
        }


def _question_period(q: Question) -> tuple[date, date] | None:
    start = q.open_date or q.close_date or q.resolve_date
    end = q.resolve_date or q.close_date or q.open_date
    return (min(start, end), max(start, end)) if start and end else None


def _forecast_period(view: ForecastView) -> tuple[date, date] | None:
    start = view.horizon_start or view.published
    end = due_date(view)
    return (start, max(start, end)) if start and end else None


def overlaps(view: ForecastView, question: Question) -> bool:
    """Whether the question's open…resolved period meets the forecast's published…due period.

    A forecast or question without dates passes: the filter only removes what it can rule out.
    """
    f, q = _forecast_period(view), _question_period(question)
    if f is None or q is None:
        return True
    return q[0] <= f[1] + DATE_SLACK and q[1] >= f[0] - DATE_SLACK


class QuestionIndex:
    """BM25 over the question titles, built once for many forecasts."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)
        self.bm25 = BM25([q.question for q in self.questions])

    def match(
        self,
        view: ForecastView,
        top: int = 3,
        min_score: float = MIN_SCORE,
        rejected: Collection[tuple[str, str]] = (),
    ) -> list[QuestionMatch]:
        """The best questions for one forecast, in an overlapping period, best first; a
        (forecast id, question id) pair in `rejected` is never proposed, and the next best
        takes its place."""
        candidates = [
            i
            for i, q in enumerate(self.questions)
            if (view.id, q.id) not in rejected and overlaps(view, q)
        ]
        scored = self.bm25.scores(view.proposition, candidates)
        best = sorted(scored.items(), key=lambda kv: (-kv[1], self.questions[kv[0]].id))[:top]
        return [QuestionMatch(view.id, self.questions[i], s) for i, s in best if s >= min_score]


def match_questions(
    views: Iterable[ForecastView],
    questions: Sequence[Question],
    top: int = 3,
    min_score: float = MIN_SCORE,
    rejected: Collection[tuple[str, str]] = (),
) -> list[QuestionMatch]:
    """Proposals for every unresolved forecast (resolved ones are left alone), none of the
    (forecast id, question id) pairs in `rejected`."""
    index = QuestionIndex(questions)
    found: list[QuestionMatch] = []
    for view in views:
        if view.outcome is None:
            found.extend(index.match(view, top=top, min_score=min_score, rejected=rejected))
    return found


def resolution_from_question(
    view: ForecastView, question: Question, by: str, invert: bool = False
) -> Resolution:
    """The (unsealed) resolution that accepting a match records: the question's outcome, or its
    opposite when the question asks the forecast's negation (`invert`)."""
    happened = bool(question.outcome) != invert
    said = "YES" if question.outcome else "NO"
    when = question.resolve_date or question.close_date or date.today()
    evidence = f'{question.platform} question {question.id} "{question.question}" resolved {said}'
    if question.url:
        evidence += f" ({question.url})"
    reason = "accepted question match"
    if invert:
        reason += "; the question asks the opposite of the forecast"
    return Resolution(
        forecast_id=view.id,
        outcome="yes" if happened else "no",
        evidence=evidence,
        by=by,
        on=when,
        reason=reason,
        method="question",
    )
