"""The one loader of the word lists and rule tables kept in each stage's `data/` folder.

Rules are data: a list of words lives in a YAML file beside the code that reads it, with its
provenance in the file's comments, and code asks for it by file and key. A key that is missing,
or holds the wrong shape, is an error naming the file and the key, raised when the pipeline is
built rather than deep inside an article.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


class WordListError(ValueError):
    """A data file lacks a key, or the key holds the wrong kind of value."""


@cache
def data_file(package: str, name: str) -> dict[str, Any]:
    """The parsed YAML file `data/<name>` of `package` ("prospects.nlp"), read once per process."""
    import yaml

    text = resources.files(package).joinpath("data", name).read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise WordListError(f"{package}/data/{name}: expected a mapping of keys at the top")
    return data


def _value(package: str, name: str, key: str) -> Any:
    data = data_file(package, name)
    if key not in data:
        raise WordListError(f"{package}/data/{name}: no key {key!r}")
    return data[key]


def phrases(package: str, name: str, key: str) -> tuple[str, ...]:
    """A list of strings, in the file's order (for lists where the first match wins)."""
    value = _value(package, name, key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WordListError(f"{package}/data/{name}: {key!r} must be a list of strings")
    return tuple(value)


@cache
def words(package: str, name: str, key: str) -> frozenset[str]:
    """A set of strings, lower-cased: membership tests against lemmas or lower-cased text."""
    return frozenset(w.lower() for w in phrases(package, name, key))


def table(package: str, name: str, key: str) -> dict[str, Any]:
    """A mapping under `key`, as written."""
    value = _value(package, name, key)
    if not isinstance(value, dict):
        raise WordListError(f"{package}/data/{name}: {key!r} must be a mapping")
    return value


def integer(package: str, name: str, key: str) -> int:
    """A whole number under `key` (a limit: at most so many words, names, paragraphs)."""
    value = _value(package, name, key)
    # YAML reads "yes" as True, and True is an int to Python: a flag is no limit
    if isinstance(value, bool) or not isinstance(value, int):
        raise WordListError(f"{package}/data/{name}: {key!r} must be a whole number")
    return value


def number(package: str, name: str, key: str) -> float:
    """A number under `key` (a share or a threshold), whole or not."""
    value = _value(package, name, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WordListError(f"{package}/data/{name}: {key!r} must be a number")
    return float(value)
