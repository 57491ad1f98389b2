"""The demo of `make run`: the seed article, analysed by the real pipeline, resolved by the bundled
rule file and scored. Guards that the rule file's words still find what the extractor produces."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import SEED
from prospects import reality as R
from prospects.ledger import Ledger
from prospects.nlp import analyze
from prospects.records import Article

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "examples" / "rules" / "seed-2024-07.yaml"
TODAY = date(2026, 9, 1)


def test_seed_article_resolved_from_bundled_data_and_scored(nlp, tmp_path):
    article = Article(text=SEED.read_text(), published=date(2024, 7, 10), published_basis="given")
    with Ledger(tmp_path / "demo.db") as ledger:
        ledger.store(analyze(article, nlp))
        report = R.apply_rule_file(ledger, RULES, today=TODAY)
        assert [str(s) for s in report.skipped] == []
        assert len(report.recorded) == 9
        assert (
            sorted(r.outcome for r in report.recorded) == ["no", "no"] + ["void"] * 3 + ["yes"] * 4
        )
        assert R.verify(ledger) == []
        rows, _ = R.scores(ledger, by="source", today=TODAY)
    kofman = next(r for r in rows if r.name == "Michael Kofman")
    assert kofman.n == 1 and kofman.brier is not None and kofman.brier < 0.1
