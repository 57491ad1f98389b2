"""The learned files a pipeline component reads (weights, lexicons), loaded in `initialize()`
and written by `to_disk()`.

A component keeps the bytes it read, not only the objects parsed from them, so that
`nlp.to_disk()` saves exactly what the component used and `spacy.load()` of that folder
analyses as the original did, with no need of the package's data folder or of the paths the
config named.

A setting is "shipped" (the file in prospects.nlp's data/ folder), a path, or None (the
component works without it: the rules alone).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

SHIPPED = "shipped"
_MANIFEST = "artefacts.json"


@dataclass(frozen=True)
class Artefact:
    """One learned file: its setting's name in the component config, its file name (in data/
    and in a saved component folder) and how its bytes become the object the component uses."""

    setting: str
    file: str
    parse: Callable[[bytes], Any]


class Artefacts:
    """The artefacts of one component, as read; `get(setting)` is the parsed object or None."""

    def __init__(self, kinds: Sequence[Artefact]) -> None:
        self.kinds = {k.setting: k for k in kinds}
        self.blobs: dict[str, bytes] = {}
        self.parsed: dict[str, Any] = {}
        self.loaded = False

    def load(self, settings: Mapping[str, str | None]) -> None:
        """Read each artefact as its setting says. A shipped file that is missing or unusable
        gives a warning and None (the rules then work alone); a named path that is, an error."""
        self.blobs, self.parsed = {}, {}
        for name, kind in self.kinds.items():
            setting = settings.get(name)
            if setting is None:
                continue
            if setting == SHIPPED:
                ref = resources.files("prospects.nlp").joinpath("data", kind.file)
                if not ref.is_file():
                    continue
                self._add(kind, ref.read_bytes(), shipped=True)
            else:
                self._add(kind, Path(setting).read_bytes(), shipped=False)
        self.loaded = True

    def _add(self, kind: Artefact, blob: bytes, *, shipped: bool) -> None:
        try:
            parsed = kind.parse(blob)
        except (OSError, KeyError, ValueError) as exc:
            if not shipped:
                raise ValueError(f"{kind.setting}: {kind.file} is unusable: {exc}") from exc
            warnings.warn(
                f"{kind.file} unusable ({exc}); the component works without it",
                RuntimeWarning,
                stacklevel=3,
            )
            return
        self.blobs[kind.setting] = blob
        self.parsed[kind.setting] = parsed

    def hold(self, setting: str, parsed: Any, blob: bytes) -> None:
        """An object already in memory, with the bytes that `to_disk` is to write for it."""
        self.blobs[setting], self.parsed[setting] = blob, parsed
        self.loaded = True

    def get(self, setting: str) -> Any:
        return self.parsed.get(setting)

    def to_disk(self, path: str | Path) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, blob in self.blobs.items():
            (folder / self.kinds[name].file).write_bytes(blob)
        # which settings had no file: a saved "none" must not become "shipped" on reload
        manifest = {name: name in self.blobs for name in self.kinds}
        (folder / _MANIFEST).write_text(json.dumps(manifest, sort_keys=True), "utf-8")

    def from_disk(self, path: str | Path) -> None:
        folder = Path(path)
        manifest = json.loads((folder / _MANIFEST).read_text("utf-8"))
        self.load(
            {n: str(folder / self.kinds[n].file) if manifest.get(n) else None for n in self.kinds}
        )
