"""prospects: keep the news honest about the future.

The library API, what a notebook imports:

    >>> import prospects
    >>> nlp = prospects.load()                                 # doctest: +SKIP
    >>> ledger = prospects.Ledger("prospects.db")              # doctest: +SKIP
    >>> for item in prospects.read(["examples/articles"]):     # doctest: +SKIP
    ...     if isinstance(item, prospects.Article):
    ...         ledger.store(prospects.analyze(item, nlp))
    >>> groups, _ = prospects.score(ledger, by="source")       # doctest: +SKIP
"""

__version__ = "0.1.0"

from prospects.records import Article, ArticleRecord, IngestError

__all__ = [
    "Article",
    "ArticleRecord",
    "IngestError",
    "Ledger",
    "__version__",
    "analyze",
    "analyze_many",
    "load",
    "read",
    "score",
]

# Each name is imported when first used, so `import prospects` (and `prospects --help`) stay
# fast: spaCy, SQLAlchemy and numpy load only for the stage a user touches.
_LAZY = {
    "analyze": ("prospects.nlp", "analyze"),
    "analyze_many": ("prospects.nlp", "analyze_many"),
    "load": ("prospects.nlp", "load"),
    "read": ("prospects.ingest", "read"),
    "Ledger": ("prospects.ledger", "Ledger"),
    "score": ("prospects.reality.resolve", "scores"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'prospects' has no attribute {name!r}")
    import importlib

    module, attr = _LAZY[name]
    return getattr(importlib.import_module(module), attr)
