"""Every command explains itself, with an example."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from prospects.cli import app

runner = CliRunner()


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for info in group.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        found.append((*prefix, name))
    for sub in group.registered_groups:
        assert sub.name and sub.typer_instance
        found.extend(_commands(sub.typer_instance, (*prefix, sub.name)))
    return found


def test_top_level_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "analyze" in result.output and "bench" in result.output


def _groups(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for sub in group.registered_groups:
        assert sub.name and sub.typer_instance
        found.append((*prefix, sub.name))
        found.extend(_groups(sub.typer_instance, (*prefix, sub.name)))
    return found


def test_every_command_group_has_help_with_an_example():
    for path in _groups(app):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, f"prospects {' '.join(path)} --help has no example"


def test_every_command_has_help_with_an_example():
    commands = _commands(app)
    assert ("analyze",) in commands
    for path in commands:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, f"prospects {' '.join(path)} --help has no example"
