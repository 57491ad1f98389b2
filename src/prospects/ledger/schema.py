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
    event,
    false,
    func,
    literal_column,
)
from sqlalchemy.schema import DDL

SCHEMA_VERSION = 5

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
# the listing sorted by source name, unnamed sources last (see SORT_ORDERS below)
SOURCE_NAME_ORDER = (sources.c.name.is_(None), func.lower(sources.c.name), sources.c.id)
Index("ix_sources_name", *SOURCE_NAME_ORDER)

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
    # set by a person's correction (the corrections table): left out of listings and scores as a
    # retired forecast is, and read again over every later analysis of the article
    Column("not_a_forecast", Boolean, nullable=False, server_default=false()),
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

# A horizon's end, and for a forecast without a horizon a day after every end (the literal is
# written out, so that a query's expression is the index's): sorted by it, no horizon comes last,
# and "ends on or after a day, or never" (an open forecast) is one range of one index.
HORIZON_OR_NEVER = func.coalesce(forecasts.c.horizon_end, literal_column("'9999-12-31'"))

# The other sort orders of a listing, each as an index so that their first page reads a hundred
# entries too. Empty values come last in every order; SQLite cannot put NULLs last in an index,
# so both databases sort by `column IS NULL` first (or, for the horizon, by HORIZON_OR_NEVER), and
# one definition serves both.
SORT_ORDERS = {
    "oldest": (
        forecasts.c.published.is_(None),
        forecasts.c.published,
        forecasts.c.article_id,
        forecasts.c.start,
        forecasts.c.id,
    ),
    "horizon": (HORIZON_OR_NEVER, forecasts.c.id),
    "probability": (
        forecasts.c.probability.is_(None),
        forecasts.c.probability.desc(),
        forecasts.c.id,
    ),
}
SORT_INDEXES = {
    "oldest": "ix_forecasts_oldest",
    "horizon": "ix_forecasts_by_horizon",  # version 4; version 2's ix_forecasts_horizon began
    "probability": "ix_forecasts_probability",  # with `horizon_end IS NULL`
}
for _sort, _order in SORT_ORDERS.items():
    Index(SORT_INDEXES[_sort], *_order)

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
    # the listing's status filter by outcome (latest outcome yes, no, partly or void)
    Index("ix_resolutions_outcome", "outcome", "forecast_id", "seq"),
)

# A person's corrections of stored forecasts: entries of the same hash-chained log as the
# resolutions, numbered in one sequence with them (`seq` is given by the writer, never by the
# table). `old` and `new` are JSON. The forecasts row holds the corrected values (corrections.py).
corrections = Table(
    "corrections",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("forecast_id", String(16), nullable=False),  # no FK: the log outlives any row
    Column("field", String(32), nullable=False),
    Column("old", Text, nullable=False),
    Column("new", Text, nullable=False),
    Column("by", Text, nullable=False),
    Column("why", Text, nullable=False),
    Column("on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("prev_hash", String(128), unique=True),  # one successor per entry: the chain can't fork
    Column("hash", String(128)),
    Index("ix_corrections_forecast", "forecast_id", "seq"),
)

# Question matches a person rejected: `prospects match` never proposes the pair again.
rejected_matches = Table(
    "rejected_matches",
    metadata,
    Column("forecast_id", String(16), primary_key=True),
    Column("question_id", String(200), primary_key=True),
    Column("by", Text, nullable=False),
    Column("rejected_at", DateTime(timezone=True), nullable=False),
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

# API tokens for the web UI's writers. The secret is 32 random bytes shown once; only its sha256
# is kept, so a copy of the ledger gives no one a usable token. Revoked tokens stay, for the record
# of who could write when.
tokens = Table(
    "tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# -- full-text search ---------------------------------------------------------------------------
#
# Every forecast has one search document: its proposition, its evidence sentence, its source's
# name and its article's title. SQLite keeps them in an FTS5 table, PostgreSQL as a tsvector with a
# GIN index; `search.py` turns a user's words into a query of either.
#
# Triggers keep the documents in step with the rows, rather than updates made by each writer:
# the document joins three tables, and every statement that changes one of its parts (a store or
# re-ingest, a merge or split moving forecasts, a speaker's fuller name, a new title, the
# benchmark's bulk inserts, a hand-made fix in a SQL shell) then updates it in the same
# transaction without knowing about search. Retiring a forecast does not change its document: it
# stays searchable for `include_retired`, and the listing's own filter leaves it out.
#
# An FTS5 table is keyed by an integer rowid, and the forecasts table's own rowid can change with
# VACUUM (its key is a string), so SQLite maps forecast ids to search keys in a table of its own.
# Tokens are the same on both databases as far as they can be: no stemming, no stop words, case
# folded, accents kept (PostgreSQL's "simple" configuration; unicode61 without removing
# diacritics).

_SQLITE_SEARCH = (
    """CREATE TABLE forecast_search_keys (
        key INTEGER PRIMARY KEY,
        forecast_id VARCHAR(16) NOT NULL UNIQUE
    )""",
    """CREATE VIRTUAL TABLE forecast_search USING fts5(
        proposition, evidence, source, title, tokenize = 'unicode61 remove_diacritics 0'
    )""",
    # the indexed words, for spelling a prefix out (search.py)
    "CREATE VIRTUAL TABLE forecast_search_vocabulary USING fts5vocab(forecast_search, 'row')",
    """CREATE TRIGGER forecast_search_insert AFTER INSERT ON forecasts BEGIN
        INSERT INTO forecast_search_keys (forecast_id) VALUES (NEW.id);
        INSERT INTO forecast_search (rowid, proposition, evidence, source, title) VALUES (
            (SELECT key FROM forecast_search_keys WHERE forecast_id = NEW.id),
            NEW.proposition,
            NEW.text,
            (SELECT name FROM sources WHERE id = NEW.source_id),
            (SELECT title FROM articles WHERE id = NEW.article_id)
        );
    END""",
    # a re-ingest rewrites every column of the forecasts it keeps: only a change is indexed again
    """CREATE TRIGGER forecast_search_update
    AFTER UPDATE OF id, text, proposition, source_id, article_id ON forecasts
    WHEN OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text
        OR OLD.proposition IS NOT NEW.proposition OR OLD.source_id IS NOT NEW.source_id
        OR OLD.article_id IS NOT NEW.article_id
    BEGIN
        UPDATE forecast_search_keys SET forecast_id = NEW.id WHERE forecast_id = OLD.id;
        UPDATE forecast_search SET
            proposition = NEW.proposition,
            evidence = NEW.text,
            source = (SELECT name FROM sources WHERE id = NEW.source_id),
            title = (SELECT title FROM articles WHERE id = NEW.article_id)
        WHERE rowid = (SELECT key FROM forecast_search_keys WHERE forecast_id = NEW.id);
    END""",
    """CREATE TRIGGER forecast_search_delete AFTER DELETE ON forecasts BEGIN
        DELETE FROM forecast_search
        WHERE rowid = (SELECT key FROM forecast_search_keys WHERE forecast_id = OLD.id);
        DELETE FROM forecast_search_keys WHERE forecast_id = OLD.id;
    END""",
    """CREATE TRIGGER forecast_search_source AFTER UPDATE OF name ON sources
    WHEN OLD.name IS NOT NEW.name BEGIN
        UPDATE forecast_search SET source = NEW.name WHERE rowid IN (
            SELECT k.key FROM forecasts AS f
            JOIN forecast_search_keys AS k ON k.forecast_id = f.id
            WHERE f.source_id = NEW.id
        );
    END""",
    """CREATE TRIGGER forecast_search_article AFTER UPDATE OF title ON articles
    WHEN OLD.title IS NOT NEW.title BEGIN
        UPDATE forecast_search SET title = NEW.title WHERE rowid IN (
            SELECT k.key FROM forecasts AS f
            JOIN forecast_search_keys AS k ON k.forecast_id = f.id
            WHERE f.article_id = NEW.id
        );
    END""",
    # the forecasts stored before the index existed (none in a new ledger)
    "INSERT INTO forecast_search_keys (forecast_id) SELECT id FROM forecasts ORDER BY id",
    """INSERT INTO forecast_search (rowid, proposition, evidence, source, title)
    SELECT k.key, f.proposition, f.text, s.name, a.title
    FROM forecast_search_keys AS k
    JOIN forecasts AS f ON f.id = k.forecast_id
    LEFT JOIN sources AS s ON s.id = f.source_id
    LEFT JOIN articles AS a ON a.id = f.article_id""",
)

_PG_SEARCH = (
    """CREATE FUNCTION forecast_search_document(
        proposition text, evidence text, source text, title text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT setweight(to_tsvector('simple', coalesce(proposition, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(evidence, '')), 'B')
            || setweight(to_tsvector('simple', coalesce(source, '')), 'C')
            || setweight(to_tsvector('simple', coalesce(title, '')), 'D')
    $$""",
    """CREATE TABLE forecast_search (
        forecast_id VARCHAR(16) PRIMARY KEY,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX ix_forecast_search_document ON forecast_search USING gin (document)",
    # one statement's new forecasts at once (an article's, or a bulk insert's thousands)
    """CREATE FUNCTION forecast_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO forecast_search (forecast_id, document)
        SELECT n.id, forecast_search_document(n.proposition, n.text, s.name, a.title)
        FROM new_forecasts AS n
        LEFT JOIN sources AS s ON s.id = n.source_id
        LEFT JOIN articles AS a ON a.id = n.article_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER forecast_search_insert AFTER INSERT ON forecasts
    REFERENCING NEW TABLE AS new_forecasts
    FOR EACH STATEMENT EXECUTE FUNCTION forecast_search_inserted()""",
    """CREATE FUNCTION forecast_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE forecast_search SET
            forecast_id = NEW.id,
            document = forecast_search_document(
                NEW.proposition,
                NEW.text,
                (SELECT name FROM sources WHERE id = NEW.source_id),
                (SELECT title FROM articles WHERE id = NEW.article_id)
            )
        WHERE forecast_id = OLD.id;
        RETURN NULL;
    END $$""",
    # a re-ingest rewrites every column of the forecasts it keeps: only a change is indexed again
    """CREATE TRIGGER forecast_search_update
    AFTER UPDATE OF id, text, proposition, source_id, article_id ON forecasts
    FOR EACH ROW WHEN (
        OLD.id IS DISTINCT FROM NEW.id OR OLD.text IS DISTINCT FROM NEW.text
        OR OLD.proposition IS DISTINCT FROM NEW.proposition
        OR OLD.source_id IS DISTINCT FROM NEW.source_id
        OR OLD.article_id IS DISTINCT FROM NEW.article_id
    ) EXECUTE FUNCTION forecast_search_updated()""",
    """CREATE FUNCTION forecast_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM forecast_search WHERE forecast_id = OLD.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER forecast_search_delete AFTER DELETE ON forecasts
    FOR EACH ROW EXECUTE FUNCTION forecast_search_deleted()""",
    """CREATE FUNCTION forecast_search_source_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE forecast_search AS fs
        SET document = forecast_search_document(f.proposition, f.text, NEW.name, a.title)
        FROM forecasts AS f LEFT JOIN articles AS a ON a.id = f.article_id
        WHERE f.source_id = NEW.id AND fs.forecast_id = f.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER forecast_search_source AFTER UPDATE OF name ON sources
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION forecast_search_source_renamed()""",
    """CREATE FUNCTION forecast_search_article_retitled() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE forecast_search AS fs
        SET document = forecast_search_document(f.proposition, f.text, s.name, NEW.title)
        FROM forecasts AS f LEFT JOIN sources AS s ON s.id = f.source_id
        WHERE f.article_id = NEW.id AND fs.forecast_id = f.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER forecast_search_article AFTER UPDATE OF title ON articles
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION forecast_search_article_retitled()""",
    # the forecasts stored before the index existed (none in a new ledger)
    """INSERT INTO forecast_search (forecast_id, document)
    SELECT f.id, forecast_search_document(f.proposition, f.text, s.name, a.title)
    FROM forecasts AS f
    LEFT JOIN sources AS s ON s.id = f.source_id
    LEFT JOIN articles AS a ON a.id = f.article_id""",
)

SEARCH_DDL = {"sqlite": _SQLITE_SEARCH, "postgresql": _PG_SEARCH}

for _dialect, _statements in SEARCH_DDL.items():
    for _statement in _statements:
        event.listen(metadata, "after_create", DDL(_statement).execute_if(dialect=_dialect))
