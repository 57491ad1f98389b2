"""The Doc extensions that prospects' components read and write.

Components exchange records (prospects.records) through these attributes, with offsets into
`doc.text`, so what a component writes is already what the article record holds.

Each extension is a getter and setter over plain data in `doc.user_data` (dicts, lists, strings,
numbers: what msgpack holds), so a processed Doc serialises as any spaCy Doc does: `to_bytes`,
DocBin with user data, and `nlp.pipe(n_process=N)`, which ships Docs between processes as bytes.
The getters build the records from that data on each read; the setters store a record's `to_dict`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc

from prospects.records import Forecast, Quote, Source

# doc.user_data keys are (namespace, name) tuples; spaCy's own attribute extensions use "._."
NAMESPACE = "prospects"


@dataclass(frozen=True)
class Extension:
    """One Doc attribute: what it holds, its value when unset, and its plain form both ways."""

    doc: str
    default: Any
    to_plain: Callable[[Any], Any]
    from_plain: Callable[[Any], Any]


def _records(cls: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def to_plain(values: Any) -> Any:
        return None if values is None else [v.to_dict() for v in values]

    def from_plain(plain: Any) -> Any:
        return None if plain is None else [cls.from_dict(d) for d in plain]

    return to_plain, from_plain


def _same(value: Any) -> Any:
    return value


def _date_to_plain(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date_from_plain(plain: str | None) -> date | None:
    return date.fromisoformat(plain) if plain else None


def _strings_to_plain(values: Any) -> Any:
    return None if values is None else list(values)


EXTENSIONS: dict[str, Extension] = {
    "published": Extension(
        "datetime.date | None: anchors horizons; set before the pipeline runs",
        None,
        _date_to_plain,
        _date_from_plain,
    ),
    "authors": Extension(
        "tuple[str, ...]: the article's byline (Article.authors); set before the run",
        (),
        _strings_to_plain,
        lambda plain: tuple(plain or ()),
    ),
    "genre": Extension(
        '"opinion" | "news" | None (Article.genre); set before the pipeline runs',
        None,
        _same,
        _same,
    ),
    "quotes": Extension("list[records.Quote], written by prospects_quotes", None, *_records(Quote)),
    "sources": Extension(
        "list[records.Source], written by prospects_quotes and prospects_forecasts",
        None,
        *_records(Source),
    ),
    "forecasts": Extension(
        "list[records.Forecast], written by prospects_forecasts", None, *_records(Forecast)
    ),
    "warnings": Extension(
        "list[str], anything a component wants the record to warn about",
        None,
        _strings_to_plain,
        lambda plain: None if plain is None else list(plain),
    ),
}


def key(name: str) -> tuple[str, str]:
    """Where the extension `name` keeps its plain data in `doc.user_data`."""
    return (NAMESPACE, name)


def _getter(name: str, ext: Extension) -> Callable[[Doc], Any]:
    def get(doc: Doc) -> Any:
        user_data: dict[Any, Any] = doc.user_data  # spaCy's stub says str keys; tuples are its own
        plain = user_data.get(key(name))
        return ext.default if plain is None else ext.from_plain(plain)

    return get


def _setter(name: str, ext: Extension) -> Callable[[Doc, Any], None]:
    def set_(doc: Doc, value: Any) -> None:
        user_data: dict[Any, Any] = doc.user_data
        user_data[key(name)] = ext.to_plain(value)

    return set_


def register() -> None:
    for name, ext in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_getter(name, ext), setter=_setter(name, ext))


register()
