"""`Ledger.revision()` moves with everything a score depends on; `article_text()` reads one text."""

from __future__ import annotations

from datetime import date

from ledger.ledger_records import make_record, person
from prospects import reality

TEXT = "Prices will rise, Ann Lee said. Rates will fall, Bo Chan said."


def _record(pipeline: str = "prospects test; v1"):
    return make_record(
        TEXT,
        [{"text": "Prices will rise", "source": "s1"}, {"text": "Rates will fall", "source": "s2"}],
        [person("s1", "Ann Lee", text=TEXT), person("s2", "Bo Chan", text=TEXT)],
        pipeline=pipeline,
    )


def test_revision_moves_with_each_kind_of_change(ledger) -> None:
    seen = [ledger.revision()]
    ledger.store(_record())
    seen.append(ledger.revision())
    assert ledger.revision() == seen[-1]  # reading does not move it
    first, second = ledger.forecasts()
    reality.resolve(ledger, first.id, "yes", "https://example.org", "tester", date(2025, 1, 1))
    seen.append(ledger.revision())
    reality.correct(ledger, second.id, {"probability": 0.9}, "tester", "the cue was 'very likely'")
    seen.append(ledger.revision())
    ledger.merge_sources(first.source.id, second.source.id)
    seen.append(ledger.revision())
    ledger.store(_record(pipeline="prospects test; v2"))
    seen.append(ledger.revision())
    assert len(set(seen)) == len(seen)


def test_article_text_is_the_stored_text(ledger) -> None:
    ledger.store(_record())
    (row, _) = ledger.forecasts()
    assert ledger.article_text(row.article.id) == TEXT
    assert ledger.article_text("nope") is None
