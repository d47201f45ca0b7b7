"""Shared fixtures: fresh databases on both backends.

Storage, ingest and API tests run against SQLite *and* a real PostgreSQL server. The
server is ``JIXIAO_TEST_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``,
the CI machine's); each test gets its own new database on it, dropped afterwards. If
the server cannot be reached the PostgreSQL tests fail (they are never skipped).
"""

from __future__ import annotations

import os
import uuid

import pytest

PG_URL = os.environ.get("JIXIAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _pg_admin():
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(PG_URL)
    try:
        return psycopg.connect(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username, password=u.password,
                               dbname=u.database or "postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required for these tests and is not reachable at {u.render_as_string()}: {exc}. "
                    "Start it or set JIXIAO_TEST_POSTGRES_URL.", pytrace=False)


def new_database(backend: str, tmp_path, request) -> str:
    """The URL of a new empty database on ``backend``; a PostgreSQL one is dropped after the test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'jixiao.db'}"
    from sqlalchemy.engine import make_url

    name = f"jixiao_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A new, empty (unmigrated) database URL, once per backend."""
    return new_database(request.param, tmp_path, request)


@pytest.fixture
def db(db_url):
    """A migrated :class:`jixiao.store.Database` on a new database, once per backend."""
    from jixiao.store import Database

    database = Database(db_url)
    yield database
    database.dispose()
