"""Schema versions 2 (search, sort indexes, tokens), 3 (corrections, rejected matches), 4 (the
horizon order's index by a horizon's end or never) and 5 (the source index on source_id alone):
an old ledger upgraded is the same as a new one, and what it held before is searchable."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ledger.ledger_records import group, make_record, person
from prospects.cli import app
from prospects.ledger import Ledger, migrations, schema

TEXT = "Kofman said a ceasefire is unlikely before the winter. Officials expect talks in May."

# Version 1's tables and indexes (of schema.py at version 1), to check the downgrade below
VERSION_1_TABLES = {
    "schema_version",
    "articles",
    "sources",
    "source_mentions",
    "source_pins",
    "quotes",
    "forecasts",
    "resolutions",
    "questions",
}


def record(**kw):
    return make_record(
        TEXT,
        [
            {"text": "a ceasefire is unlikely before the winter", "source": "s1"},
            {"text": "Officials expect talks in May", "source": "s2"},
        ],
        [person("s1", "Michael Kofman", "Carnegie", TEXT), group("s2", "Officials")],
        **kw,
    )


def objects(engine: Engine) -> set[tuple[str, str, str]]:
    """(kind, name, definition) of every table, index, trigger and function."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                text("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            ).all()
            # a table by its columns: ALTER TABLE ADD COLUMN (version 3) writes the new column's
            # definition after the table's constraints in the stored text, CREATE TABLE before
            return {
                (kind, name, _columns(conn, name) if kind == "table" else " ".join(sql.split()))
                for kind, name, sql in rows
            }
        queries = [
            "SELECT 'table', tablename, '' FROM pg_tables WHERE schemaname = 'public'",
            "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
            "SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE NOT tgisinternal",
            "SELECT 'function', proname, prosrc FROM pg_proc p JOIN pg_namespace n "
            "ON n.oid = p.pronamespace WHERE nspname = 'public'",
        ]
        found = set()
        for query in queries:
            found.update((k, n, " ".join(d.split())) for k, n, d in conn.execute(text(query)))
        return found


def _columns(conn, table: str) -> str:
    info = conn.execute(text(f"PRAGMA table_info('{table}')")).all()
    return "; ".join(" ".join(str(v) for v in column[1:]) for column in info)


def downgrade_to_version_1(engine: Engine) -> None:
    """What version 1 was, made from a new ledger: what versions 2 to 5 added, taken out
    again."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        for name in ("corrections", "rejected_matches"):
            conn.execute(text(f"DROP TABLE {name}"))
        conn.execute(text("ALTER TABLE forecasts DROP COLUMN not_a_forecast"))
        if sqlite:
            triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for (name,) in triggers.all():
                conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            triggers = conn.execute(
                text(
                    "SELECT t.tgname, c.relname FROM pg_trigger AS t "
                    "JOIN pg_class AS c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                )
            )
            for name, table in triggers.all():
                conn.execute(text(f"DROP TRIGGER {name} ON {table}"))
            functions = conn.execute(
                text(
                    "SELECT proname FROM pg_proc AS p JOIN pg_namespace AS n "
                    "ON n.oid = p.pronamespace WHERE nspname = 'public'"
                )
            )
            for (name,) in functions.all():
                conn.execute(text(f"DROP FUNCTION {name}"))
        for name in ("forecast_search_vocabulary", "forecast_search", "forecast_search_keys"):
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
        conn.execute(text("DROP TABLE tokens"))
        for index in [*migrations._VERSION_2_INDEXES, schema.SORT_INDEXES["horizon"]]:
            conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
        conn.execute(
            text("CREATE INDEX IF NOT EXISTS ix_forecasts_source_id ON forecasts (source_id)")
        )
        conn.execute(schema.schema_version.delete())
        conn.execute(
            schema.schema_version.insert().values(
                version=1, applied_at=datetime.now(UTC), note="created"
            )
        )
    tables = {name for kind, name, _ in objects(engine) if kind == "table"}
    assert tables == VERSION_1_TABLES


def test_upgrade_from_version_1_equals_a_new_ledger(db_url: str, tmp_path) -> None:
    with Ledger(db_url) as ledger:
        created = objects(ledger.engine)
        ledger.store(record())
        downgrade_to_version_1(ledger.engine)
        assert ledger.schema_version() == 1

    # an old ledger is upgraded by `prospects db upgrade` (opening it would upgrade it too)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"1 -> {schema.SCHEMA_VERSION}" in result.stderr

    with Ledger(db_url) as ledger:
        assert ledger.schema_version() == schema.SCHEMA_VERSION == 5
        assert objects(ledger.engine) == created
        # what was stored before the upgrade is in the index, and later writes keep it there
        assert [f.text for f in ledger.forecasts(search="ceasefire kofman")] == [
            "a ceasefire is unlikely before the winter"
        ]
        ledger.store(record(title="Talks in May", pipeline="prospects test; v2"))
        assert len(ledger.forecasts(search="talks may")) == 2
        row, secret = ledger.create_token("after upgrade")
        assert ledger.check_token(secret) == row
        assert len(ledger.forecasts(sort="horizon")) == 2


def test_opening_an_old_ledger_upgrades_it(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.store(record())
        downgrade_to_version_1(ledger.engine)
    with Ledger(db_url) as ledger:
        assert ledger.schema_version() == schema.SCHEMA_VERSION
        assert ledger.count_forecasts(search="officials") == 1
