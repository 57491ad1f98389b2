"""Opening a ledger database: where it is, how it is locked, and one-line errors for bad ones."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import make_url

DEFAULT_PATH = "prospects.db"
ENV = "PROSPECTS_DB"
BUSY_TIMEOUT_MS = 60_000
# one constant advisory lock serialises writers on PostgreSQL as SQLite's write lock does
PG_WRITE_LOCK = 7_242_024_060


class LedgerError(RuntimeError):
    """A ledger that cannot be used; the message is one line for a person. `need` names what
    would make it usable when that is for the caller to supply: "articles" (nothing is stored
    there yet) or "upgrade" (its schema is older than this release's)."""

    def __init__(self, message: str, need: str | None = None) -> None:
        super().__init__(message)
        self.need = need


def resolve_url(url_or_path: str | os.PathLike[str] | None = None) -> str:
    """`--db` value, else $PROSPECTS_DB, else ./prospects.db; a bare path is a SQLite file."""
    value = os.fspath(url_or_path) if url_or_path is not None else None
    value = value or os.environ.get(ENV) or DEFAULT_PATH
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().absolute())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_read_only(path: Path) -> bool:
    """A file nobody may write (root ignores permissions, so look at the bits too)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def describe(url: str) -> str:
    """The ledger's location without a password, for messages."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def open_engine(url: str, *, read_only: bool = False) -> Engine:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, read_only=read_only)
    if backend == "postgresql":
        return create_engine(url, connect_args={"connect_timeout": 10})
    raise LedgerError(
        f"unsupported database {describe(url)}: use a SQLite path or postgresql+psycopg://"
    )


def _sqlite_engine(url: str, *, read_only: bool) -> Engine:
    path = sqlite_path(url)
    if read_only and path is not None:
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy's begin() be ours, so writers can BEGIN IMMEDIATE (no lock upgrades that
        # would deadlock two ingests) while readers stay deferred
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # with WAL, NORMAL writes each commit to the log without waiting for the disk: a killed
        # process (kill -9, a crash of prospects) loses no commit and never half of one; only an
        # operating-system crash or power cut can lose the last commits, never the file's integrity
        cursor.execute("PRAGMA synchronous = NORMAL")
        # copy the log back into the file (and wait for the disk) every 64 MiB of log rather than
        # every 4 MiB: a page changed by many articles is copied once, and an ingest waits for
        # the disk about 16 times less often; durability is the same
        cursor.execute("PRAGMA wal_autocheckpoint = 16384")
        # 64 MiB of page cache instead of 2: a million-forecast ledger's indexes stay in memory
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("ledger_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def use_wal(engine: Engine) -> None:
    """Switch a SQLite ledger to write-ahead logging (kept in the file), so readers never block
    the writer and two writers queue on the busy timeout. Done only once the file is known to be
    a ledger: it writes to the file's header."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, holding the ledger's write lock until commit."""
    with engine.connect() as conn:
        conn = conn.execution_options(ledger_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
            yield conn


@contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    """Statements whose answers the caller does not read (inserts, updates), sent to PostgreSQL
    together in psycopg's pipeline mode instead of waiting a round trip for each; an error among
    them is raised on leaving, as SQLAlchemy's error. SQLite has no network: statements run as
    they come. Nothing in the block may read a result, and so no insert may leave its key to the
    database (SQLAlchemy would read the made key back)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    import psycopg

    try:
        with conn.connection.driver_connection.pipeline():  # type: ignore[union-attr]
            yield
    except psycopg.Error as error:
        raise exc.DBAPIError.instance(None, None, error, psycopg.Error) from error


def one_line(url: str, error: BaseException) -> str:
    """A person's message for a database error."""
    where = describe(url)
    raw = str(getattr(error, "orig", None) or error)
    first = raw.strip().splitlines()[0] if raw.strip() else type(error).__name__
    lowered = raw.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a prospects ledger: not a SQLite database, or a corrupt one"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{where} is read-only: nothing was written"
    if "unable to open database file" in lowered:
        return f"cannot open {where}: the file or its folder is missing or not accessible"
    if isinstance(error, exc.OperationalError) and make_url(url).get_backend_name() == "postgresql":
        return f"cannot reach the database server at {where}: {first}"
    return f"{where}: {first}"


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored timestamp with its zone: SQLite drops it, and the ledger writes only UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
