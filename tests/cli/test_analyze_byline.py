"""`prospects analyze --author ... --genre ...`: the byline given for every input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prospects.cli import analyze as analyze_cli
from prospects.cli import app, options

runner = CliRunner()


@pytest.fixture(autouse=True)
def _one_model_load(nlp, monkeypatch):
    real = options.load_model
    monkeypatch.setattr(analyze_cli, "load_model", lambda model: real(model) if model else nlp)


def article_of(output: str) -> dict:
    return json.loads(output)["article"]


def test_author_and_genre_options_beat_the_article(tmp_path: Path):
    path = tmp_path / "op-ed.txt"
    path.write_text("By Jane Doe\n\nRates will probably rise in May.\n", encoding="utf-8")
    plain = runner.invoke(app, ["analyze", str(path)])
    assert plain.exit_code == 0, plain.output
    assert article_of(plain.stdout)["authors"] == ["Jane Doe"]
    assert article_of(plain.stdout)["genre"] is None
    args = ["analyze", str(path), "--author", "Tom Rogan", "--author", "Ann  Lee"]
    given = runner.invoke(app, [*args, "--genre", "opinion"])
    assert given.exit_code == 0, given.output
    assert article_of(given.stdout)["authors"] == ["Tom Rogan", "Ann Lee"]
    assert article_of(given.stdout)["genre"] == "opinion"


def test_unknown_genre_is_a_usage_error(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Rates will rise.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--genre", "satire"])
    assert result.exit_code == 2
