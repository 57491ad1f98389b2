"""The README's examples are real: each `run:` command still exits as the README says."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_tool():
    spec = importlib.util.spec_from_file_location("readme_tool", ROOT / "scripts" / "readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


readme = _readme_tool()
EXAMPLES = readme.examples((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_the_two_setup_commands_and_examples():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    assert len(EXAMPLES) >= 10


@pytest.mark.slow
def test_every_readme_command_exits_as_stated(tmp_path):
    if not (Path(sys.executable).parent / "prospects").exists() and not shutil.which("prospects"):
        pytest.fail("the prospects command is not installed beside this Python")
    env = readme.environment(tmp_path / "readme.db")
    for example in EXAMPLES:
        result = readme.run(example, env)
        assert result.returncode == example.exit, (example.command, result.stderr[-2000:])
        assert "Traceback" not in result.stderr, example.command
