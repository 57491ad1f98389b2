"""`prospects analyze`: print the article record of each input."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from prospects.cli.app import app, error_line, out
from prospects.cli.options import (
    DEFAULT_MAX_BYTES,
    Authors,
    BatchSize,
    GenreOption,
    InputReader,
    Inputs,
    Jobs,
    MaxBytes,
    Model,
    Published,
    load_model,
    parse_published,
    with_byline,
)
from prospects.cli.progress import article_progress
from prospects.cli.render import print_table
from prospects.records import ArticleRecord, IngestError


class Format(StrEnum):
    auto = "auto"
    json = "json"
    jsonl = "jsonl"
    table = "table"


class RecordWriter:
    """Writes records to stdout as they come, in the chosen format.

    Both `auto` and `json` hold the first record back: alone it is printed as one pretty JSON
    object. With others, `auto` prints JSON lines and `json` one JSON array, so that the output
    is always valid JSON.
    """

    def __init__(self, fmt: Format, include_text: bool) -> None:
        self.fmt = fmt
        self.include_text = include_text
        self.count = 0
        self.held: ArticleRecord | None = None

    def _dump(self, record: ArticleRecord, indent: int | None) -> str:
        data = record.to_dict(include_text=self.include_text)
        return json.dumps(data, ensure_ascii=False, indent=indent)

    def write(self, record: ArticleRecord) -> None:
        self.count += 1
        if self.fmt is Format.table:
            print_table(out, record)
        elif self.fmt is Format.jsonl:
            print(self._dump(record, None), flush=True)
        elif self.count == 1:
            self.held = record
        else:
            array = self.fmt is Format.json
            indent = 2 if array else None
            if self.held is not None:
                if array:
                    print("[", flush=True)
                print(self._dump(self.held, indent), flush=True)
                self.held = None
            if array:
                print(",", flush=True)
            print(self._dump(record, indent), flush=True)

    def close(self) -> None:
        if self.fmt is Format.json and self.count > 1:
            print("]", flush=True)
        if self.held is not None:
            print(self._dump(self.held, 2), flush=True)


@app.command()
def analyze(
    inputs: Inputs,
    published: Published = None,
    author: Authors = None,
    genre: GenreOption = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="json: one pretty object for one article, an array for several; jsonl: one "
            "record per line; table: for people. auto: json for one article, jsonl for several.",
        ),
    ] = Format.auto,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Put the analysed text into article.text.")
    ] = False,
    model: Model = None,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    batch_size: BatchSize = 8,
    jobs: Jobs = 1,
) -> None:
    """Extract sources, quotes and forecasts from articles; print prospects.article/1 records.

    Exits 1 when any input could not be read (after analysing the others), 2 on a usage error.

    Example: prospects analyze examples/articles --format table
    """
    from prospects.nlp import analyze_many

    anchor = parse_published(published)
    nlp = load_model(model)
    reader = InputReader()
    articles = with_byline(reader.articles(inputs, anchor, max_bytes), author, genre)
    writer = RecordWriter(fmt, include_text)
    failed = 0
    with article_progress("analysing") as progress:
        for record in progress.track(analyze_many(articles, nlp, batch_size=batch_size, jobs=jobs)):
            if isinstance(record, IngestError):
                error_line(str(record))
                failed += 1
                continue
            writer.write(record)
    writer.close()
    if reader.failed or failed or writer.count == 0:
        raise typer.Exit(1)
