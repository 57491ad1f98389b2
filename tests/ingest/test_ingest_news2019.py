"""The news2019 development texts (../shared) read as a folder: titles and dates from the files."""

from __future__ import annotations

import csv
from datetime import date

from conftest import shared_path
from prospects.ingest import read
from prospects.records import Article


def test_news2019_folder_titles_and_inferred_dates():
    folder = shared_path("data", "news2019", "text")
    with shared_path("data", "news2019", "metadata.tsv").open(encoding="utf-8") as f:
        meta = {row["doc"]: row for row in csv.DictReader(f, delimiter="\t")}
    items = list(read([folder]))
    assert all(isinstance(i, Article) for i in items), [
        i for i in items if not isinstance(i, Article)
    ]
    assert len(items) == len(meta) == 12
    for article in items:
        assert isinstance(article, Article) and article.path is not None
        doc = article.path.rsplit("/", 1)[-1].removesuffix(".txt")
        row = meta[doc]
        assert article.text == (folder / f"{doc}.txt").read_text(encoding="utf-8")
        assert article.title == row["title"], doc
        # the file stem carries the page's own date, so the inferred date is the real one
        assert article.published == date.fromisoformat(row["published"])
        assert article.published_basis == "inferred"
        assert article.warnings == ()
