"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "ukraine-prospects-2024-07.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared (evaluation data). Missing data skips locally and fails in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"evaluation data {path} is missing (../shared is not beside this checkout)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def nlp():
    from prospects.nlp import load

    return load()


@pytest.fixture(scope="session")
def rule_nlp():
    """The pipeline with the rule finder (`model: null`): the filters of FORECASTS.md decide.
    Tests of the hand-written rule cases use it; the learned default is measured on the corpus."""
    from prospects.nlp import load

    nlp = load()
    nlp.replace_pipe("prospects_forecasts", "prospects_forecasts",
                     config={"model": None, "kind_model": None})  # fmt: skip
    return nlp
