"""Small hand-made article records for the ledger tests (no spaCy needed)."""

from __future__ import annotations

from datetime import date

from prospects.records import (
    AUTHOR,
    Article,
    ArticleRecord,
    Forecast,
    Horizon,
    Likelihood,
    Source,
    Span,
)


def make_record(
    text: str,
    forecasts: list[dict],
    sources: list[Source] = (),  # type: ignore[assignment]
    *,
    published: date | None = date(2024, 7, 10),
    outlet: str | None = "Example Times",
    title: str | None = "A title",
    pipeline: str = "prospects test; v1",
    path: str | None = None,
) -> ArticleRecord:
    """A record whose forecasts are given by their evidence `text` (found in the article text)."""
    made = []
    for i, spec in enumerate(forecasts, 1):
        start = text.index(spec["text"])
        end = start + len(spec["text"])
        prob = spec.get("probability", 0.3)
        horizon_end = spec.get("horizon_end")
        made.append(
            Forecast(
                id=f"f{i}",
                start=start,
                end=end,
                text=spec["text"],
                proposition=spec.get("proposition", spec["text"]),
                kind=spec.get("kind", "prediction"),
                source=spec.get("source", "author"),
                likelihood=None
                if prob is None
                else Likelihood("likely", prob, max(0.0, prob - 0.1), min(1.0, prob + 0.1), "test"),
                horizon=Horizon("by then", published, horizon_end, "day", published)
                if horizon_end
                else None,
                condition=spec.get("condition"),
            )
        )
    return ArticleRecord(
        article=Article(
            text=text,
            title=title,
            published=published,
            published_basis="given" if published else None,
            path=path,
            outlet=outlet,
        ),
        sources=(*sources, AUTHOR),
        forecasts=tuple(made),
        pipeline=pipeline,
    )


def person(local: str, name: str, affiliation: str | None = None, text: str = "") -> Source:
    mentions = ()
    if text and name in text:
        start = text.index(name)
        mentions = (Span(start, start + len(name), name),)
    return Source(local, name, "person", False, affiliation, None, mentions)


def group(local: str, name: str, anonymous: bool = True) -> Source:
    return Source(local, name, "group", anonymous)


KOFMAN_TEXT = (
    "Michael Kofman, a senior fellow at the Carnegie Endowment, said a major breakthrough by "
    "Russia is now unlikely. U.S. officials said Russia is unlikely to make gains this year."
)
