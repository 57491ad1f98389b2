"""The Doc extensions that prospects' components read and write.

Components exchange records (prospects.records) through these attributes, with offsets into
`doc.text`, so what a component writes is already what the article record holds.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = {
    "published": None,  # datetime.date | None: anchors horizons; set before the pipeline runs
    "authors": (),  # tuple[str, ...]: the article's byline (Article.authors); set before the run
    "genre": None,  # "opinion" | "news" | None (Article.genre); set before the pipeline runs
    "quotes": None,  # list[records.Quote], written by prospects_quotes
    "sources": None,  # list[records.Source], written by prospects_quotes
    "forecasts": None,  # list[records.Forecast], written by prospects_forecasts
    "warnings": None,  # list[str], anything a component wants the record to warn about
}


def register() -> None:
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
