"""`prospects analyze --jobs N`: worker processes give the records of one process."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from prospects.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def test_jobs_give_the_records_of_one_process() -> None:
    runner = CliRunner()
    one = runner.invoke(app, ["analyze", str(EXAMPLES), "--format", "jsonl"])
    two = runner.invoke(app, ["analyze", str(EXAMPLES), "--format", "jsonl", "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.stdout == one.stdout
    assert len(one.stdout.splitlines()) >= 5
