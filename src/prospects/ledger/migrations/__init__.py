"""A small versioned migration runner: a `schema_version` table and ordered migration steps.

A new ledger is created from `schema.py` at the latest version in one go. An existing ledger at an
older version is brought forward by running, in order, every step whose version is above its own,
each in its own transaction together with the row that records it; so a ledger made by an older
release opens in a newer one, and a crash mid-upgrade leaves a ledger at some whole version.

To change the schema: edit `schema.py`, bump `SCHEMA_VERSION`, and append a step here (a
`Migration(version, note, function)` whose function alters an existing database from the
previous version to this one with `Connection.execute`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, inspect, select, text

from prospects.ledger import schema


@dataclass(frozen=True)
class Migration:
    version: int
    note: str
    apply: Callable[[Connection], None]


def _search_sorts_and_tokens(conn: Connection) -> None:
    """Version 2, for the web UI: full-text search over each forecast's proposition, evidence,
    source name and article title (filled in for the forecasts already stored), the indexes of
    the listing's sort orders, and the API tokens table."""
    dialect = conn.dialect.name
    schema.tokens.create(conn)
    # the new index on (source_id, listing order) serves what the one on source_id alone did
    conn.execute(text("DROP INDEX ix_forecasts_source_id"))
    for table in (schema.forecasts, schema.sources, schema.resolutions):
        for index in table.indexes:
            if index.name in _VERSION_2_INDEXES:
                index.create(conn)
    # the horizon order's index and the source's in listing order as version 2 had them
    # (versions 4 and 5 replace them)
    conn.execute(
        text(
            "CREATE INDEX ix_forecasts_horizon ON forecasts "
            "((horizon_end IS NULL), horizon_end, id)"
        )
    )
    newest = "published DESC NULLS LAST" if dialect == "postgresql" else "published DESC"
    by_source = (
        "ix_forecasts_by_source_pg" if dialect == "postgresql" else "ix_forecasts_by_source_sqlite"
    )
    conn.execute(
        text(f"CREATE INDEX {by_source} ON forecasts (source_id, {newest}, article_id, start, id)")
    )
    for statement in schema.SEARCH_DDL[dialect]:
        conn.exec_driver_sql(statement)


_VERSION_2_INDEXES = {
    "ix_forecasts_oldest",
    "ix_forecasts_probability",
    "ix_sources_name",
    "ix_resolutions_outcome",
}


# Version 1 is the first schema.
def _corrections(conn: Connection) -> None:
    """Version 3: corrections of forecasts in the log beside the resolutions, the forecasts'
    `not_a_forecast` flag (false for every forecast stored before), rejected question matches."""
    schema.corrections.create(conn)
    schema.rejected_matches.create(conn)
    false = "false" if conn.dialect.name == "postgresql" else "0"
    conn.execute(
        text(f"ALTER TABLE forecasts ADD COLUMN not_a_forecast BOOLEAN NOT NULL DEFAULT {false}")
    )


def _horizon_order(conn: Connection) -> None:
    """Version 4: the horizon order's index by HORIZON_OR_NEVER (schema.py), of which an open
    forecast's horizon and a horizon filter are one range; version 2's, which began with
    `horizon_end IS NULL`, left the planner no range, and a listing of open forecasts by horizon
    read past every horizon that had ended."""
    conn.execute(text("DROP INDEX ix_forecasts_horizon"))
    for index in schema.forecasts.indexes:
        if index.name == schema.SORT_INDEXES["horizon"]:
            index.create(conn)


def _source_index(conn: Connection) -> None:
    """Version 5: the forecasts' index on source_id alone, as in version 1, instead of version
    2's on (source_id, listing order): that one cost a tenth of the ingest rate on the
    million-forecast bench and no listing read faster with it (a source's forecasts, or the
    listing sorted by source name, sort a source's few rows as fast)."""
    for name in ("ix_forecasts_by_source_sqlite", "ix_forecasts_by_source_pg"):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_forecasts_source_id ON forecasts (source_id)"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "full-text search, sort indexes, API tokens", _search_sorts_and_tokens),
    Migration(3, "corrections, not-a-forecast flag, rejected question matches", _corrections),
    Migration(4, "the horizon order's index as one range for open forecasts", _horizon_order),
    Migration(5, "the forecasts' source index on source_id alone again", _source_index),
)


class SchemaTooNewError(RuntimeError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"the ledger has schema version {found}, newer than this prospects supports "
            f"({supported}): upgrade prospects"
        )
        self.found = found
        self.supported = supported


def current_version(conn: Connection) -> int | None:
    """The ledger's schema version, 0 for an empty database, None when it holds something else."""
    names = set(inspect(conn).get_table_names())
    if schema.schema_version.name not in names:
        return None if names else 0
    found = conn.execute(select(func.max(schema.schema_version.c.version))).scalar()
    return int(found or 0)


def upgrade(
    engine: Engine,
    *,
    latest: int = schema.SCHEMA_VERSION,
    steps: Sequence[Migration] = MIGRATIONS,
) -> tuple[int, int]:
    """Bring the ledger to `latest`; returns (version before, version after)."""
    with engine.begin() as conn:
        before = current_version(conn)
        if before is None:
            raise RuntimeError("the database has tables but no prospects schema_version")
        if before > latest:
            raise SchemaTooNewError(before, latest)
        if before == 0:
            schema.metadata.create_all(conn)
            _stamp(conn, latest, "created")
            return 0, latest
    version = before
    for step in sorted(steps, key=lambda m: m.version):
        if step.version <= version or step.version > latest:
            continue
        with engine.begin() as conn:
            step.apply(conn)
            _stamp(conn, step.version, step.note)
        version = step.version
    return before, version


def _stamp(conn: Connection, version: int, note: str) -> None:
    conn.execute(
        schema.schema_version.insert().values(
            version=version, applied_at=datetime.now(UTC), note=note
        )
    )
