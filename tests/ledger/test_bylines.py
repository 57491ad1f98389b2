"""The ledger keeps an article's authors and genre (inside the stored record JSON)."""

from __future__ import annotations

from dataclasses import replace

from ledger.ledger_records import make_record
from prospects.ledger import Ledger

TEXT = "Rates will probably rise in May, Jane Doe writes.\n\nJane Doe is a fellow at the Institute."


def test_authors_and_genre_round_trip_through_the_ledger(ledger: Ledger) -> None:
    plain = make_record(TEXT, [{"text": "Rates will probably rise in May"}])
    record = replace(plain, article=replace(plain.article, authors=("Jane Doe",), genre="opinion"))
    result = ledger.store(record)
    stored = ledger.article(result.article_id)
    assert stored is not None
    assert stored.record.article.authors == ("Jane Doe",)
    assert stored.record.article.genre == "opinion"
    exported = list(ledger.articles())
    assert [r.article.authors for r in exported] == [("Jane Doe",)]
    assert exported[0].to_dict(include_text=True) == record.to_dict(include_text=True)
