"""Every ledger test runs twice: on a SQLite file and on a PostgreSQL server the tests start."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from ledger.pg_cluster import Cluster, start_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except (FileNotFoundError, KeyError) as exc:
        message = f"PostgreSQL tests need Debian's postgresql package: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield cluster
    cluster.stop()


def _new_database(cluster: Cluster) -> tuple[str, str]:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return name, cluster.url(name)


def _drop_database(cluster: Cluster, name: str) -> None:
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty ledger location of each kind."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    name, url = _new_database(cluster)
    yield url
    _drop_database(cluster, name)


@pytest.fixture
def ledger(db_url: str):
    from prospects.ledger import Ledger

    with Ledger(db_url) as opened:
        yield opened
