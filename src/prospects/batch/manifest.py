"""`DIR/manifest.json`: which partitions are done (and where their files are), which failed.

Only the client writes it, always whole (write.atomically), so a run killed at any moment
leaves the manifest of an earlier moment: the partitions it lists as done are whole on disk,
and any other `part-*.parquet` file is not yet part of the output. Readers take the output
from the manifest's `done` list, never by listing the directories. The format is in
docs/scale.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from prospects.batch.write import atomically

SCHEMA = "prospects.batch/1"
NAME = "manifest.json"


class ManifestError(ValueError):
    """DIR holds a manifest that is not one of ours, or is of another version."""


@dataclass
class Manifest:
    """The state of one output directory; `done` and `failed` map partition ids to entries."""

    options: dict[str, Any]
    inputs: list[str]
    partitions: int = 0
    input_errors: list[str] = field(default_factory=list)
    done: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": self.inputs,
            "options": self.options,
            "partitions": self.partitions,
            "input_errors": self.input_errors,
            "done": list(self.done.values()),
            "failed": list(self.failed.values()),
        }

    def save(self, out: Path) -> None:
        write(out, self.to_dict())


def write(out: Path, found: dict[str, Any]) -> None:
    """Replace the manifest in `out` with `found`, whole (see the module docstring)."""
    data = json.dumps(found, ensure_ascii=False, indent=1).encode("utf-8")

    def put(handle: BinaryIO) -> None:
        handle.write(data)

    atomically(out / NAME, put)


def load(out: Path) -> dict[str, Any] | None:
    """The manifest in `out` as written, or None when there is none yet."""
    path = out / NAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise ManifestError(f"{path} is not a {SCHEMA} manifest (schema: {found!r})")
    return data


def require(out: Path) -> dict[str, Any]:
    """The manifest in `out`, for a reader of a finished output: FileNotFoundError when there
    is none."""
    found = load(out)
    if found is None:
        raise FileNotFoundError(f"no {NAME} in {out}: not a prospects batch output")
    return found
