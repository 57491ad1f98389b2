"""Crash safety and concurrency with real processes: kill -9 mid-ingest, two ingests at once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from prospects.ledger import Ledger, ledger_bench, schema

ROOT = Path(__file__).resolve().parents[2]
PER_ARTICLE = 10  # ledger_bench._record makes ten forecasts and three sources per article


def write_records(path: Path, numbers: range) -> None:
    """Article i is the same record in every file."""
    with path.open("w", encoding="utf-8") as out:
        for i in numbers:
            record = ledger_bench._record(random.Random(i), i, people=50)
            out.write(json.dumps(record.to_dict(include_text=True)) + "\n")


def ingest(records: Path, db_url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "prospects", "ingest", "--records", str(records), "--db", db_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def article_count(db_url: str) -> int:
    try:
        with Ledger(db_url, create=False) as ledger:
            return ledger.counts()["articles"]
    except Exception:
        return 0  # not created yet


def assert_whole_articles(db_url: str) -> tuple[int, int]:
    """Every stored article has all its forecasts and mentions; returns (articles, forecasts)."""
    with Ledger(db_url) as ledger, ledger.engine.connect() as conn:
        F, M = schema.forecasts, schema.source_mentions
        per_article = conn.execute(
            select(F.c.article_id, func.count()).group_by(F.c.article_id)
        ).all()
        mentions = conn.execute(select(M.c.article_id, func.count()).group_by(M.c.article_id)).all()
        articles = ledger.counts()["articles"]
        assert {n for _, n in per_article} <= {PER_ARTICLE}
        assert {n for _, n in mentions} <= {3}
        assert len(per_article) == len(mentions) == articles
        ids = conn.execute(select(F.c.id)).scalars().all()
        assert len(ids) == len(set(ids))
        return articles, len(ids)


def test_kill_9_leaves_whole_articles_and_rerun_finishes(db_url: str, tmp_path: Path) -> None:
    total = 1200  # enough that a busy machine still kills it mid-way
    records = tmp_path / "records.jsonl"
    write_records(records, range(total))
    process = ingest(records, db_url)
    deadline = time.monotonic() + 120
    while article_count(db_url) < 20:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "ingest stored nothing in two minutes"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stored, _ = assert_whole_articles(db_url)
    assert 20 <= stored < total, "the kill came too late to test anything"

    rerun = ingest(records, db_url)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{total - stored} new" in err and f"{stored} already stored" in err
    assert assert_whole_articles(db_url) == (total, total * PER_ARTICLE)


def test_two_ingests_at_once_both_succeed(db_url: str, tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_records(first, range(0, 150))
    write_records(second, range(100, 250))  # 50 articles in both
    Ledger(db_url).close()  # create the schema first, as `prospects db upgrade` would
    a, b = ingest(first, db_url), ingest(second, db_url)
    out_a, out_b = a.communicate(timeout=300), b.communicate(timeout=300)
    assert a.returncode == 0, out_a[1]
    assert b.returncode == 0, out_b[1]
    assert assert_whole_articles(db_url) == (250, 250 * PER_ARTICLE)
    with Ledger(db_url) as ledger:
        names = [s.name for s in ledger.sources(type="person")]
        assert len(names) == len(set(names)), "one person became two sources"
