"""The ledger's tables, as SQLAlchemy 2 Core metadata (the latest schema version).

Article-level rows carry the `pipeline` string that produced them (`prospects.nlp.version()`), so
a re-analysis with a newer pipeline can be told from the old one. Forecast rows also carry the
article's publication date and outlet: listings filter and sort by them over a million rows, and
a join for every page would cost more than the few bytes per row.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 1

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the text: one text is one article
    Column("title", Text),
    Column("published", Date, index=True),
    Column("published_basis", String(16)),
    Column("path", Text),
    Column("url", Text),
    Column("outlet", Text, index=True),
    Column("language", String(16)),
    Column("words", Integer),
    Column("sentences", Integer),
    Column("text", Text, nullable=False),
    # the whole prospects.article/1 record without its text, for export and `show`
    Column("record", Text, nullable=False),
    Column("record_hash", String(64), nullable=False),
    Column("pipeline", Text),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("name", Text),
    Column("norm_name", Text, nullable=False, index=True),  # lower-case, no punctuation
    Column("surname", Text, index=True),  # persons only: the candidates for a match
    Column("anonymous", Boolean, nullable=False),
    Column("affiliation", Text),
    Column("role", Text),
    # a source merged into another points at it; lookups follow the pointer
    Column("merged_into", String(16), ForeignKey("sources.id"), index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # kept up to date by every write that moves mentions or forecasts, so that `prospects sources`
    # lists 20,000 sources by count without counting a million forecasts each time
    Column("n_articles", Integer, nullable=False, server_default="0"),
    Column("n_forecasts", Integer, nullable=False, server_default="0"),
    Index("ix_sources_listing", "merged_into", "n_forecasts"),
)

source_mentions = Table(
    "source_mentions",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("local_id", String(32), primary_key=True),  # the record's "s1"
    Column("source_id", String(16), ForeignKey("sources.id"), nullable=False, index=True),
    Column("name", Text),
    Column("type", String(16), nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("affiliation", Text),
    Column("role", Text),
    Column("mentions", Text, nullable=False),  # JSON list of spans
    Column("pipeline", Text),
)

# A user's correction that pins one article's mention (by normalised name) to a source, so that
# `sources split` survives a re-ingest of that article.
source_pins = Table(
    "source_pins",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("norm_name", Text, primary_key=True),
    Column("source_id", String(16), ForeignKey("sources.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id"), primary_key=True),
    Column("local_id", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("cue", Text),  # JSON span or null
    Column("source_mention", Text),  # JSON span or null
    Column("source_id", String(16), ForeignKey("sources.id")),
    Column("pipeline", Text),
)

forecasts = Table(
    "forecasts",
    metadata,
    Column("id", String(16), primary_key=True),  # stable across pipeline versions (identity.py)
    Column("article_id", String(64), ForeignKey("articles.id"), nullable=False, index=True),
    Column("local_id", String(32), nullable=False),  # the record's "f1", not stable
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("proposition", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("source_id", String(16), ForeignKey("sources.id"), nullable=False, index=True),
    Column("quote", String(32)),
    Column("likelihood_cue", Text),
    Column("probability", Float),
    Column("low", Float),
    Column("high", Float),
    Column("basis", Text),
    Column("horizon_cue", Text),
    Column("horizon_start", Date),
    Column("horizon_end", Date, index=True),
    Column("precision", String(16)),
    Column("anchor", Date),
    Column("condition", Text),
    Column("published", Date),  # the article's, denormalised for listings
    Column("outlet", Text),  # the article's, denormalised for listings
    Column("pipeline", Text),
    # set when a newer analysis of the article no longer finds this forecast; kept for its history
    Column("retired_at", DateTime(timezone=True)),
    Index("ix_forecasts_outlet", "outlet", "published"),
)

# The listing order (newest article first, then position in the article) as an index, so the
# first page of `prospects forecasts` reads a hundred index entries instead of sorting a million
# rows. Undated articles come last on both databases: SQLite sorts NULL last in DESC by itself,
# PostgreSQL is told so (and cannot take NULLS LAST in SQLite's CREATE INDEX).
LISTING_ORDER = ("published", "article_id", "start", "id")
Index(
    "ix_forecasts_listing_sqlite",
    forecasts.c.published.desc(),
    forecasts.c.article_id,
    forecasts.c.start,
    forecasts.c.id,
).ddl_if(dialect="sqlite")
Index(
    "ix_forecasts_listing_pg",
    forecasts.c.published.desc().nulls_last(),
    forecasts.c.article_id,
    forecasts.c.start,
    forecasts.c.id,
).ddl_if(dialect="postgresql")

resolutions = Table(
    "resolutions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("forecast_id", String(16), nullable=False),  # no FK: the log outlives any row
    Column("outcome", String(16), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("on", Date, nullable=False),
    Column("reason", Text),
    Column("method", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("capture_hash", String(128)),
    Column("prev_hash", String(128), unique=True),  # one successor per entry: the chain can't fork
    Column("hash", String(128)),
    Index("ix_resolutions_forecast", "forecast_id", "seq"),
)

questions = Table(
    "questions",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("platform", String(64), nullable=False),
    Column("question", Text, nullable=False),
    Column("outcome", Integer, nullable=False),
    Column("resolve_date", Date),
    Column("open_date", Date),
    Column("close_date", Date),
    Column("url", Text),
    Column("resolution_criteria", Text),
    Column("background", Text),
    Column("topics", Text, nullable=False),  # JSON list
    Column("license", Text),
)
