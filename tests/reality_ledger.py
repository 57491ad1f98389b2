"""A ledger holding the seed article's forecasts as hand-made records (no spaCy needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prospects.records import (
    AUTHOR,
    Article,
    ArticleRecord,
    Forecast,
    Horizon,
    Likelihood,
    Source,
)

ROOT = Path(__file__).resolve().parents[1]
SEED_TEXT = (ROOT / "examples" / "articles" / "ukraine-prospects-2024-07.txt").read_text()
PUBLISHED = date(2024, 7, 10)

SOURCES = (
    Source("s1", "U.S. officials", "group", anonymous=True),
    Source("s2", "Michael Kofman", "person", affiliation="Carnegie Endowment"),
    Source("s3", "American officials", "group", anonymous=True),
    Source("s4", "Donald J. Trump", "person"),
    AUTHOR,
)

# (anchor in the text, proposition, kind, probability, source, horizon end, precision, condition)
SEED_FORECASTS = [
    (
        "Russia is unlikely to make significant territorial gains in Ukraine in the coming months",
        "Russia makes significant territorial gains in Ukraine",
        "prediction",
        0.2,
        "s1",
        date(2025, 1, 10),
        "vague",
        None,
    ),
    (
        "a major breakthrough by Russia is now unlikely",
        "a major breakthrough by Russia",
        "prediction",
        0.2,
        "s2",
        None,
        None,
        None,
    ),
    (
        "leaders are expected to pledge new funding for Ukraine",
        "leaders pledge new funding for Ukraine",
        "expectation",
        0.8,
        "author",
        None,
        None,
        None,
    ),
    (
        "allied leaders are poised to approve language this week",
        "allied leaders approve language promising Kiev membership",
        "expectation",
        0.8,
        "author",
        date(2024, 7, 14),
        "week",
        None,
    ),
    (
        "it will be virtually impossible for Ukraine to recapture all of its territory",
        "Ukraine recaptures all of its territory",
        "prediction",
        0.05,
        "s1",
        None,
        None,
        None,
    ),
    (
        "Ukraine could still emerge victorious from the war",
        "Ukraine emerges victorious from the war",
        "prediction",
        0.4,
        "s3",
        None,
        None,
        None,
    ),
    (
        "Russia could make significant progress if a major strategic shift occurred",
        "Russia makes significant progress",
        "conditional",
        0.4,
        "s3",
        None,
        None,
        "a major strategic shift occurred",
    ),
    (
        "Trump has pledged to initiate peace negotiations between Russia and Ukraine if elected",
        "Trump initiates peace negotiations between Russia and Ukraine",
        "pledge",
        None,
        "s4",
        None,
        None,
        "elected",
    ),
    (
        "a swift negotiation would likely force Ukraine to cede large swathes of territory",
        "Ukraine cedes large swathes of territory",
        "conditional",
        0.7,
        "author",
        None,
        None,
        "a swift negotiation",
    ),
]


def seed_record(
    probability_shift: float = 0.0, pipeline: str = "reality test; v1"
) -> ArticleRecord:
    forecasts = []
    for i, (anchor, prop, kind, p, source, end, precision, condition) in enumerate(
        SEED_FORECASTS, 1
    ):
        start = SEED_TEXT.index(anchor)
        likelihood = None
        if p is not None:
            q = min(1.0, p + probability_shift)
            likelihood = Likelihood("cue", q, max(0.0, q - 0.1), min(1.0, q + 0.1), "test")
        horizon = Horizon("cue", PUBLISHED, end, precision, PUBLISHED) if precision else None
        forecasts.append(
            Forecast(
                id=f"f{i}",
                start=start,
                end=start + len(anchor),
                text=anchor,
                proposition=prop,
                kind=kind,
                source=source,
                likelihood=likelihood,
                horizon=horizon,
                condition=condition,
            )
        )
    article = Article(
        text=SEED_TEXT,
        title="Russia's Withdrawal from Ukraine: Prospects and Reality",
        published=PUBLISHED,
        published_basis="given",
        outlet="Example Times",
    )
    return ArticleRecord(article, SOURCES, (), tuple(forecasts), pipeline=pipeline)


# A resolved platform question that asks what the seed's Trump pledge says.
TRUMP_QUESTION = {
    "id": "m:1",
    "platform": "metaculus",
    "outcome": 1,
    "resolve_date": "2025-02-20",
    "open_date": "2024-06-01",
    "question": "Will Trump initiate peace negotiations between Russia and Ukraine?",
}


def question_file(folder: Path, *questions: dict) -> Path:
    """A question JSONL in `folder` (the Trump question when none is given)."""
    import json

    path = folder / "q.jsonl"
    rows = questions or (TRUMP_QUESTION,)
    path.write_text("".join(json.dumps(q) + "\n" for q in rows))
    return path
