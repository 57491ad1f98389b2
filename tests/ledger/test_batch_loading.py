"""`prospects ingest --from DIR`: a batch output's done partitions stored as `ingest` stores."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from prospects.batch import tables, write
from prospects.batch.manifest import Manifest
from prospects.cli import app
from prospects.ingest import read
from prospects.ledger import Ledger
from prospects.nlp import analyze_many
from prospects.records import ArticleRecord

ROOT = Path(__file__).parents[2]
runner = CliRunner()


def _batch_output(out: Path, nlp) -> list[ArticleRecord]:
    """A batch output of examples/articles as the runner writes it: two done partitions and a
    failed one, whose files (there are none) must never be read."""
    articles = [a for a in read([str(ROOT / "examples" / "articles")]) if not hasattr(a, "reason")]
    records = [r for r in analyze_many(articles, nlp) if isinstance(r, ArticleRecord)]
    assert len(records) >= 3
    state = Manifest(options={}, inputs=["examples/articles"], partitions=3)
    for pid, part in (("a" * 16, records[:2]), ("b" * 16, records[2:])):
        files = write.partition(out, pid, tables.of(part))
        state.done[pid] = {
            "id": pid,
            "input": {"kind": "files", "paths": []},
            "files": files,
            "counts": {"articles": len(part)},
            "errors": [],
        }
    state.failed["c" * 16] = {
        "id": "c" * 16,
        "input": {"kind": "files", "paths": ["x.txt"]},
        "error": "OSError: gone",
        "attempts": 2,
    }
    state.save(out)
    return records


def _forecasts(url: str) -> list[tuple[str, str, str | None]]:
    with Ledger(url) as ledger:
        return sorted((f.id, f.article.id, f.source.name) for f in ledger.forecasts())


def test_ingest_from_a_batch_output_twice_equals_ingest_of_the_inputs(
    db_url: str, tmp_path: Path, nlp
) -> None:
    out = tmp_path / "batch-out"
    records = _batch_output(out, nlp)
    first = runner.invoke(app, ["ingest", "--from", str(out), "--db", db_url])
    assert first.exit_code == 1, first.stderr  # the failed partition is reported
    unique = len({r.article.id for r in records})  # the examples hold one text twice
    assert f"{unique} new" in first.stderr
    assert "failed in the batch run, not loaded: OSError: gone" in first.stderr
    second = runner.invoke(app, ["ingest", "--from", str(out), "--db", db_url])
    assert f"0 new, 0 updated, {len(records)} already stored" in second.stderr

    direct = str(tmp_path / "direct.db")
    made = runner.invoke(app, ["ingest", str(ROOT / "examples" / "articles"), "--db", direct])
    assert made.exit_code == 0, made.stderr
    assert _forecasts(db_url) == _forecasts(direct)
    assert _forecasts(db_url)


def test_ingest_from_a_folder_without_a_manifest_is_refused(db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--from", str(tmp_path), "--db", db_url])
    assert result.exit_code == 2 and "not a prospects batch output" in result.stderr


def test_link_copies_names_the_first_printing_of_a_syndicated_story(tmp_path: Path, nlp) -> None:
    import pyarrow.parquet as pq

    from prospects.batch.copies import link_copies
    from prospects.batch.manifest import load

    out = tmp_path / "batch-out"
    records = _batch_output(out, nlp)
    table = link_copies(out)
    assert load(out)["syndication"] == "syndication.parquet"
    assert pq.read_table(out / "syndication.parquet").equals(table)
    assert table.column("article_id").to_pylist() == list(
        dict.fromkeys(r.article.id for r in records)
    )
    assert table.column("copy_of").null_count == len(table)  # the examples are distinct stories
