"""The word lists of the package are data files; YAML 1.1 reads some bare words as booleans
("on", "off", "yes", "no"), which would silently drop them from a list. None may be read so."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(str(resources.files("prospects")))
FILES = sorted(PACKAGE.rglob("*.yaml"))


def _booleans(value: object, path: str) -> list[str]:
    if isinstance(value, bool):
        return [path]
    if isinstance(value, dict):
        found = [f"{path} (key)" for k in value if isinstance(k, bool)]
        for k, v in value.items():
            found += _booleans(v, f"{path}.{k}")
        return found
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _booleans(v, f"{path}[{i}]")]
    return []


def test_there_are_data_files():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_word_of_a_data_file_is_read_as_a_boolean(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _booleans(data, path.name) == []
