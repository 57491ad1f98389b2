"""One place where what a reader found becomes an `Article`, with the date chosen by trust."""

from __future__ import annotations

from datetime import date, datetime

from prospects.ingest.dates import choose
from prospects.records import Article


def assemble(
    text: str,
    *,
    path: str | None,
    given: date | None,
    found_date: date | None = None,
    name: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    retrieved: datetime | None = None,
    warnings: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    genre: str | None = None,
) -> Article:
    """`name` is the file name a date may be inferred from (None for archive and feed members)."""
    published, basis = choose(given, found_date, name)
    return Article(
        text=text,
        title=title,
        published=published,
        published_basis=basis,
        path=path,
        url=url,
        outlet=outlet,
        retrieved=retrieved,
        warnings=tuple(dict.fromkeys(warnings)),
        authors=authors,
        genre=genre,
    )
