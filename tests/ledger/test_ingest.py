"""Analyse-and-store with the real pipeline: the same text twice is stored once."""

from __future__ import annotations

from pathlib import Path

from prospects.ledger import Ledger
from prospects.ledger.loading import ingest_articles
from prospects.records import Article

SEED = (
    Path(__file__).resolve().parents[2] / "examples" / "articles" / "ukraine-prospects-2024-07.txt"
)


def test_ingest_articles_stores_once_and_skips_known_text(nlp, db_url: str) -> None:
    from datetime import date

    text = SEED.read_text(encoding="utf-8")
    first = Article(text=text, published=date(2024, 7, 10), path="a.txt")
    same = Article(text=text, published=date(2024, 7, 10), path="copy/b.html")
    seen: list[tuple[str, str | None]] = []
    with Ledger(db_url) as ledger:
        summary = ingest_articles(
            ledger, [first], nlp, on_stored=lambda r, p: seen.append((r.status, p))
        )
        assert (summary.new, summary.unchanged) == (1, 0)
        again = ingest_articles(
            ledger, [same], nlp, on_stored=lambda r, p: seen.append((r.status, p))
        )
        assert (again.new, again.unchanged) == (0, 1)
        assert seen == [("new", "a.txt"), ("unchanged", "copy/b.html")]
        stored = ledger.article(first.id)
        assert stored is not None and stored.record.article.text == text
        assert stored.pipeline is not None and stored.pipeline.startswith("prospects")
        assert len(stored.forecasts) == summary.forecasts
        assert ledger.counts()["articles"] == 1
