"""Checks that a dict is a valid `prospects.article/1` record (docs/record.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from prospects.records import (
    FORECAST_KINDS,
    GENRES,
    PRECISIONS,
    PUBLISHED_BASES,
    QUOTE_KINDS,
    SCHEMA,
    SOURCE_TYPES,
)


def _span(text: str | None, span: dict[str, Any] | None, where: str) -> None:
    if span is None:
        return
    assert set(span) == {"start", "end", "text"}, where
    assert 0 <= span["start"] <= span["end"], where
    if text is not None:
        assert text[span["start"] : span["end"]] == span["text"], where


def check_record(d: dict[str, Any], text: str | None = None) -> None:
    """Assert every rule of OUTPUT.md that can be checked without gold data."""
    assert d["schema"] == SCHEMA
    a = d["article"]
    text = a.get("text", text)
    for key in ("id", "title", "published", "published_basis", "path", "url", "outlet", "language"):
        assert key in a, key
    assert len(a["id"]) == 64
    assert isinstance(a["words"], int)
    assert all(isinstance(name, str) and name for name in a.get("authors", []))
    assert a.get("genre") is None or a["genre"] in GENRES
    if a["published"] is not None:
        date.fromisoformat(a["published"])
        assert a["published_basis"] in PUBLISHED_BASES
    else:
        assert a["published_basis"] is None
        assert any("no publication date" in w for w in d["warnings"])

    ids = {s["id"] for s in d["sources"]}
    assert "author" in ids
    assert len(ids) == len(d["sources"]), "source ids are unique"
    for s in d["sources"]:
        assert s["type"] in SOURCE_TYPES
        assert isinstance(s["anonymous"], bool)
        for m in s["mentions"]:
            _span(text, m, f"source {s['id']} mention")

    quote_ids = set()
    for q in d["quotes"]:
        quote_ids.add(q["id"])
        assert q["kind"] in QUOTE_KINDS
        _span(text, q["content"], f"quote {q['id']} content")
        _span(text, q["cue"], f"quote {q['id']} cue")
        _span(text, q["source_mention"], f"quote {q['id']} source_mention")
        assert q["source"] is None or q["source"] in ids

    for f in d["forecasts"]:
        assert f["kind"] in FORECAST_KINDS
        assert f["source"] in ids
        assert f["quote"] is None or f["quote"] in quote_ids
        if text is not None:
            assert text[f["start"] : f["end"]] == f["text"]
        lk = f["likelihood"]
        if f["kind"] == "pledge":
            assert lk is None
        if lk is not None:
            assert 0 <= lk["low"] <= lk["probability"] <= lk["high"] <= 1
            assert lk["basis"]
        h = f["horizon"]
        if h is not None:
            assert h["precision"] in PRECISIONS
            assert h["cue"]
        if f["kind"] == "conditional":
            assert f["condition"]

    h = d["headline"]
    assert set(h) >= {"text", "supported", "unsupported_terms"}
    assert isinstance(d["warnings"], list)
