"""`prospects.reality` is the one import: every name it lists imports, and says what it is."""

from __future__ import annotations

import importlib
import subprocess
import sys

import prospects.reality as reality


def test_every_listed_name_imports_and_is_described() -> None:
    assert len(set(reality.__all__)) == len(reality.__all__)
    for name in reality.__all__:
        assert getattr(reality, name) is not None, name
        assert f"`{name}`" in (reality.__doc__ or ""), f"{name} has no line in the docstring"


def test_the_functions_are_the_package_names() -> None:
    from prospects.reality import due, history, resolve, score, scores, verify

    module = importlib.import_module("prospects.reality.resolve")
    assert resolve is module.resolve and callable(resolve)
    assert score.__module__ == "prospects.reality.scoring"
    assert {f.__module__ for f in (due, history, scores, verify)} == {module.__name__}


def test_the_package_imports_first_and_alone() -> None:
    """No import cycle: the package is the first reality module a fresh interpreter loads."""
    code = "from prospects.reality import *; import prospects.reality.resolve, prospects.cli"
    subprocess.run([sys.executable, "-c", code], check=True)
