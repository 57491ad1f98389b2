"""ledger: the store every later stage reads. `Ledger(url)` is the one public entry.

SQLite by default (a file), PostgreSQL as a server; SQLAlchemy Core; one transaction per article.
See docs/ledger.md for identity rules, corrections and the benchmark.
"""

from prospects.ledger.engine import LedgerError, resolve_url
from prospects.ledger.listing import FilterError
from prospects.ledger.rows import (
    ArticleRef,
    ForecastRow,
    SourceRef,
    SourceRow,
    StoredArticle,
    StoreResult,
    TokenRow,
)
from prospects.ledger.store import Ledger, LogMovedOn

__all__ = [
    "ArticleRef",
    "FilterError",
    "ForecastRow",
    "Ledger",
    "LedgerError",
    "LogMovedOn",
    "SourceRef",
    "SourceRow",
    "StoreResult",
    "StoredArticle",
    "TokenRow",
    "resolve_url",
]
