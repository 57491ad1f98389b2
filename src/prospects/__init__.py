"""prospects: keep the news honest about the future.

The library API, what a notebook imports:

    >>> import prospects
    >>> nlp = prospects.load()                      # doctest: +SKIP
    >>> for item in prospects.read(["examples/articles"]):   # doctest: +SKIP
    ...     record = prospects.analyze(item, nlp)
"""

__version__ = "0.1.0"

from prospects.records import Article, ArticleRecord, IngestError

__all__ = ["Article", "ArticleRecord", "IngestError", "__version__", "analyze", "load", "read"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Lazy, so `import prospects` (and `prospects --help`) do not pay for loading spaCy.
    if name in ("analyze", "analyze_many", "load"):
        from prospects import nlp

        return getattr(nlp, name)
    if name == "read":
        from prospects.ingest import read

        return read
    raise AttributeError(name)
