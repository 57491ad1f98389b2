"""Keep the command examples of README.md true: run them and paste what they print.

A block in README.md looks like

    <!-- run: prospects forecasts --source Kofman -->
    ```console
    $ prospects forecasts --source Kofman
    ...what it printed...
    ```

`python scripts/readme.py` runs every `run:` command in order, in the repository root, against a
fresh ledger (PROSPECTS_DB points at a temporary file, so commands build on each other as they do
for a user), 100 columns wide, and rewrites the block below each marker. An optional `lines=N`
after the command keeps the first N lines of output; `exit=N` says it is meant to exit N.
tests/test_readme.py runs the same commands and fails when one of them no longer exits as
stated, so the README cannot drift into fiction.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARKER = re.compile(
    r"<!-- run: (?P<command>.+?)(?: lines=(?P<lines>\d+))?(?: exit=(?P<exit>\d+))? -->\n"
    r"```console\n.*?```",
    re.S,
)
WIDTH = "100"


@dataclass(frozen=True)
class Example:
    command: str
    lines: int | None = None
    exit: int = 0

    @classmethod
    def of(cls, match: re.Match[str]) -> Example:
        lines = int(match["lines"]) if match["lines"] else None
        return cls(match["command"], lines, int(match["exit"] or 0))


def examples(text: str) -> list[Example]:
    return [Example.of(m) for m in MARKER.finditer(text)]


def environment(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PROSPECTS_DB=str(db), COLUMNS=WIDTH, NO_COLOR="1", TERM="dumb")
    return env


def run(example: Example, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one README command with the project's own `prospects` (the one beside this Python)."""
    argv = shlex.split(example.command)
    if argv[0] == "prospects":
        argv[0] = str(Path(sys.executable).with_name("prospects"))
    return subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def shown(example: Example, result: subprocess.CompletedProcess[str]) -> str:
    output = (result.stdout + result.stderr).rstrip("\n").splitlines()
    output = [line.rstrip() for line in output]
    if example.lines is not None and len(output) > example.lines:
        output = [*output[: example.lines], "…"]
    return "\n".join([f"$ {example.command}", *output])


def rewrite() -> int:
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp) / "readme.db")
        failures = 0

        def block(match: re.Match[str]) -> str:
            nonlocal failures
            example = Example.of(match)
            print(f"$ {example.command}", file=sys.stderr)
            result = run(example, env)
            if result.returncode != example.exit:
                failures += 1
                print(f"  exit {result.returncode}: {result.stderr.strip()}", file=sys.stderr)
            head = match.group(0).split("\n", 1)[0]
            return f"{head}\n```console\n{shown(example, result)}\n```"

        text = MARKER.sub(block, text)
    README.write_text(text, encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(rewrite())
