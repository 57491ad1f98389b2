"""A ledger that cannot be used says so in one line and writes nothing."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from ledger.ledger_records import KOFMAN_TEXT, make_record
from ledger.pg_cluster import free_port
from prospects.cli import app
from prospects.ledger import Ledger, LedgerError, migrations, schema

runner = CliRunner()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record():
    return make_record(KOFMAN_TEXT, [{"text": "a major breakthrough by Russia is now unlikely"}])


def one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("content", [b"hello, this is not a database\n" * 40, os.urandom(8192)])
def test_non_sqlite_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match="not a prospects ledger"):
        Ledger(path)
    line = one_line_error(["ingest", "--records", "-", "--db", str(path)])
    assert "not a SQLite database" in line
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_sqlite_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE stuff (x INTEGER)"))
    engine.dispose()
    before = digest(path)
    with pytest.raises(LedgerError, match="not a prospects ledger"):
        Ledger(path)
    assert digest(path) == before


def test_newer_schema_is_refused(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.store(record())
        with ledger.engine.begin() as conn:
            conn.execute(
                schema.schema_version.insert().values(
                    version=schema.SCHEMA_VERSION + 5, applied_at=schema_now(), note="future"
                )
            )
    with pytest.raises(LedgerError, match="newer than this prospects supports") as caught:
        Ledger(db_url)
    assert "\n" not in str(caught.value)
    line = one_line_error(["forecasts", "--db", db_url])
    assert "upgrade prospects" in line


def schema_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_unreachable_server() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing"
    with pytest.raises(LedgerError, match="cannot reach the database server"):
        Ledger(url)
    line = one_line_error(["forecasts", "--db", url])
    assert "cannot reach the database server at" in line


def test_read_only_file_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with Ledger(path) as ledger:
        ledger.store(record())
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        before = digest(path)
        with Ledger(path) as ledger:
            assert len(ledger.forecasts()) == 1
            other = make_record(
                "Another text where a deal is likely.", [{"text": "a deal is likely"}]
            )
            with pytest.raises(LedgerError, match="read-only"):
                ledger.store(other)
        records = tmp_path / "r.jsonl"
        import json

        records.write_text(json.dumps(other.to_dict(include_text=True)) + "\n")
        line = one_line_error(["ingest", "--records", str(records), "--db", str(path)])
        assert "read-only" in line
        assert digest(path) == before
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="does not exist"):
        Ledger(tmp_path / "no" / "such" / "ledger.db")


def test_a_missing_ledger_is_named_in_library_terms(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as refused:
        Ledger(tmp_path / "none.db", create=False)
    assert refused.value.need == "articles" and "prospects" not in str(refused.value)


def test_migration_runner_brings_an_old_ledger_forward(db_url: str) -> None:
    with Ledger(db_url) as ledger:
        ledger.store(record())
        engine = ledger.engine

        def add_notes(conn) -> None:
            conn.execute(text("ALTER TABLE articles ADD COLUMN notes TEXT"))

        step = migrations.Migration(schema.SCHEMA_VERSION + 1, "articles.notes", add_notes)
        before, after = migrations.upgrade(engine, latest=schema.SCHEMA_VERSION + 1, steps=[step])
        assert (before, after) == (schema.SCHEMA_VERSION, schema.SCHEMA_VERSION + 1)
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("articles")}
            assert "notes" in columns
            assert migrations.current_version(conn) == schema.SCHEMA_VERSION + 1
        # run again: nothing to do
        assert migrations.upgrade(engine, latest=schema.SCHEMA_VERSION + 1, steps=[step]) == (
            schema.SCHEMA_VERSION + 1,
            schema.SCHEMA_VERSION + 1,
        )
        assert len(ledger.forecasts()) == 1
