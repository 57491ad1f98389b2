"""`prospects analyze` end to end through the CLI, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, SEED
from prospects.cli import analyze as analyze_cli
from prospects.cli import app, options
from record_check import check_record

runner = CliRunner()


@pytest.fixture(autouse=True)
def _one_model_load(nlp, monkeypatch):
    # The CLI loads the model per invocation; tests share the session's pipeline instead.
    real = options.load_model
    monkeypatch.setattr(analyze_cli, "load_model", lambda model: real(model) if model else nlp)


def test_one_article_prints_one_pretty_json_record():
    result = runner.invoke(app, ["analyze", str(SEED), "--published", "2024-07-10"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    check_record(record, SEED.read_text(encoding="utf-8"))
    assert record["article"]["published"] == "2024-07-10"
    assert record["article"]["published_basis"] == "given"
    assert "text" not in record["article"]


def test_include_text_puts_the_text_in():
    result = runner.invoke(app, ["analyze", str(SEED), "--include-text"])
    record = json.loads(result.stdout)
    assert record["article"]["text"] == SEED.read_text(encoding="utf-8")
    check_record(record)


def test_folder_gives_json_lines(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(
            f"Story {i}\n\nThe vote will pass on Tuesday, aides said.\n"
        )
    result = runner.invoke(app, ["analyze", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    for line in lines:
        check_record(json.loads(line))


def test_json_format_with_many_articles_is_one_array(tmp_path: Path):
    for i in range(2):
        (tmp_path / f"a{i}.txt").write_text(f"Story {i}\n\nIt may rain.\n")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "json"])
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 2


def test_json_format_with_one_article_is_one_object(tmp_path: Path):
    # the option's help promises one pretty object for one article
    (tmp_path / "a.txt").write_text("Story\n\nIt may rain tomorrow.\n")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert isinstance(record, dict)
    check_record(record)


def test_glob_and_stdin(tmp_path: Path):
    (tmp_path / "x.txt").write_text("Headline here\n\nPrices will rise.\n")
    result = runner.invoke(app, ["analyze", str(tmp_path / "*.txt"), "--format", "jsonl"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1
    result = runner.invoke(app, ["analyze", "-"], input="Markets may fall next week.\n")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["article"]["path"] is None


def test_table_format_is_for_people():
    result = runner.invoke(app, ["analyze", str(SEED), "--format", "table"])
    assert result.exit_code == 0
    assert "Prospects and Reality" in result.stdout
    assert "words" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_bad_input_is_one_line_and_the_batch_goes_on(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Rates\n\nThe bank will cut rates.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["analyze", str(empty), str(good), str(missing), "-f", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 2
    assert any("empty.txt" in line for line in errors)
    assert any("missing.txt" in line for line in errors)
    assert "Traceback" not in result.output


def test_unparseable_published_is_a_usage_error():
    result = runner.invoke(app, ["analyze", str(SEED), "--published", "not a date"])
    assert result.exit_code == 2
    assert "not a date" in result.stderr
    assert result.stdout == ""


def test_unknown_model_is_a_usage_error():
    result = runner.invoke(app, ["analyze", str(SEED), "--model", "no_such_pipeline"])
    assert result.exit_code == 2
    assert "no_such_pipeline" in result.stderr
    assert "Traceback" not in result.output


def test_bundled_examples_all_analyse():
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 4  # the seed, an HTML page, a feed's entries, a WARC
    for record in records:
        check_record(record)
    assert any(r["article"]["retrieved"] for r in records), "the WARC record keeps its fetch date"
