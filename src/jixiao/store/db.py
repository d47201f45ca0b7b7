"""Connecting to the database and migrating it.

The URL comes from ``--db``, else ``JIXIAO_DATABASE_URL``, else the SQLite file
``jixiao.db`` in the current directory (zero set-up). PostgreSQL for teams:
``postgresql+psycopg://user:password@host:5432/dbname``. The same code and the same
Alembic migrations serve both; :func:`upgrade` brings any database to the newest
schema and is what ``jixiao db upgrade`` runs (``ingest`` and ``serve`` run it too,
so a new SQLite file needs no step of its own).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import JixiaoError

DEFAULT_URL = "sqlite:///jixiao.db"
MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(JixiaoError):
    """The database cannot be reached or used; the message says what to do."""

    def __init__(self, zh: str, en: str, hint: str = ""):
        self.zh, self.en, self.hint = zh, en, hint
        super().__init__(f"{zh} / {en}" + (f"。{hint}" if hint else ""))


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("JIXIAO_DATABASE_URL") or DEFAULT_URL


def shown_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    # reads of a large file go through the OS page cache without a system call per page, and each
    # connection keeps up to 16 MiB of pages (the default is 2 MiB): the web pages read many small rows
    cur.execute("PRAGMA mmap_size=268435456")
    cur.execute("PRAGMA cache_size=-16384")
    cur.close()


#: the URL schemes jixiao works with (``postgresql://`` and ``postgres://`` are read as ``postgresql+psycopg://``)
SUPPORTED_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")
EXAMPLE_URLS = "示例：sqlite:///jixiao.db 或 postgresql+psycopg://user@host:5432/db"


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a 30 s busy timeout, memory-mapped reads
    (256 MiB) and a 16 MiB page cache per connection."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"数据库地址无法识别：{url}", "invalid database URL", EXAMPLE_URLS) from None
    if parsed.drivername in ("postgresql", "postgres"):  # the usual PostgreSQL URL: with the driver jixiao installs
        parsed = parsed.set(drivername="postgresql+psycopg")
        url = parsed.render_as_string(hide_password=False)
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseError(f"不支持的数据库：{shown_url(url)}", f"unsupported database driver {parsed.drivername!r}",
                            "jixiao 支持 SQLite 和 PostgreSQL。" + EXAMPLE_URLS)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # No ``pool_pre_ping``: it costs a round trip (``SELECT 1``) on every request. A pooled
        # connection that died (the server restarted) fails the one request that gets it (503,
        # "数据库暂时不可用"), and SQLAlchemy then drops every connection of the pool, so the next
        # requests connect afresh; ``pool_recycle`` replaces connections older than an hour.
        # At most 40 connections a process: what its thread pool (40 threads) plus the event loop can use at
        # once; 10 kept open between bursts.
        engine = create_engine(url, pool_size=10, max_overflow=30, pool_recycle=3600)
    return engine


def _alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the newest)."""
    from alembic import command

    try:
        command.upgrade(_alembic_config(engine), revision)
    except OperationalError as exc:
        raise unreachable(engine, exc) from None


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise unreachable(engine, exc) from None


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def unreachable(engine: Engine, exc: Exception) -> DatabaseError:
    first = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseError(
        f"无法连接或使用数据库 {shown_url(str(engine.url))}",
        f"cannot use the database ({first})",
        "请检查 JIXIAO_DATABASE_URL / --db，确认数据库服务已启动、用户有权限。",
    )


class ReadOnlySession(Session):
    """A session that refuses to write: its ``flush`` (every ORM insert, update, delete) and
    ORM ``insert``/``update``/``delete`` statements raise :class:`RuntimeError`. What
    :meth:`Database.reading` hands out, so a request that should only read and writes after
    all fails loudly (in the tests) instead of writing outside a transaction or losing it."""

    REFUSED = "read-only session: nothing may be written here (a GET request?)"

    def flush(self, objects=None) -> None:  # noqa: ANN001
        if not self._is_clean():  # what Session.flush asks first (cheap: no walk over the loaded objects)
            raise RuntimeError(self.REFUSED)

    def execute(self, statement, *args, **kw):  # noqa: ANN001, ANN002, ANN003
        if getattr(statement, "is_dml", False):
            raise RuntimeError(self.REFUSED)
        return super().execute(statement, *args, **kw)


class Database:
    """An engine plus a session factory: ``with db.session() as s: ...`` commits or rolls back."""

    def __init__(self, url: str | None = None, *, migrate: bool = True):
        self.engine = make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=False)  # as used (postgresql:// gets its driver)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # reads on a database server go without a transaction (see ``reading``); SQLite's are cheap as they are
        reader_bind = self.engine if self.engine.dialect.name == "sqlite" else self.engine.execution_options(
            isolation_level="AUTOCOMMIT")
        self._reader = sessionmaker(reader_bind, class_=ReadOnlySession, expire_on_commit=False)
        if migrate:
            upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        s = self._factory()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only: nothing is committed at the end.

        On PostgreSQL its connection is in autocommit mode: each query is its own
        transaction, which saves the ``BEGIN`` and ``COMMIT`` round trips of a transaction
        around a request's two to five queries (half of a list request's round trips). The price: two queries of one request may see different moments (a list's
        count and its page can disagree by a form written in between), which a page shown
        to a person tolerates. Anything written through it would be committed at once, so
        it is used only where nothing is written (GET requests, see ``jixiao.server.deps``).
        """
        s = self._reader()
        try:
            yield s
        finally:
            s.rollback()
            s.close()

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def dispose(self) -> None:
        self.engine.dispose()
