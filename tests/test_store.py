"""Storage: migrations from empty on both backends, idempotent storing, the form round trip, users."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from typer.testing import CliRunner

import jixiao
from jixiao.cli import app
from jixiao.store import Database, form_model, store_document
from jixiao.store.db import current_revision, head_revision
from jixiao.store.tables import AuditEntry, Base, StoredDocument, StoredFinding, StoredForm, StoredIndicator, User
from jixiao.store.users import UserError, add_user, authenticate, set_password

def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """The search index of migration 0003 is not in the models (FTS5 tables, a pg_trgm index)."""
    return not (name or "").startswith(("forms_search", "ix_forms_search_trgm"))


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED_001 = EXAMPLES / "001_d4da09846475aa3c.txt"

TABLES = ["alembic_version", "audit_log", "auth_tokens", "documents", "findings", "forms", "indicators",
          "ingest_failures", "scores", "users"]


def test_migrations_from_empty_give_the_models_schema(db_url):
    db = Database(db_url, migrate=False)
    assert current_revision(db.engine) is None
    assert db.table_names() == []
    jixiao.store.upgrade(db.engine)
    assert [t for t in db.table_names() if not t.startswith("forms_search")] == TABLES
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        opts = {"compare_type": True, "include_object": include_object}
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []
    jixiao.store.upgrade(db.engine)  # again: nothing to do, no error
    db.dispose()


def test_storing_a_file_twice_adds_nothing(db):
    data = SEED_001.read_bytes()
    doc = jixiao.parse(SEED_001)
    with db.session() as s:
        row, created = store_document(s, doc, data)
        assert created and len(row.forms) == 10
    with db.session() as s:
        again, created = store_document(s, jixiao.parse(data, "copy-under-another-name.txt"), data)
        assert not created and again.filename == str(SEED_001)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StoredDocument)) == 1
        assert s.scalar(select(func.count()).select_from(StoredForm)) == 10
        assert s.scalar(select(func.count()).select_from(StoredIndicator)) == sum(len(f.indicators) for f in doc.forms)
        assert s.scalar(select(StoredDocument.content)) == data
        assert [a.action for a in s.scalars(select(AuditEntry))] == ["document.create"]


def test_a_stored_form_reads_back_as_the_parsed_form(db):
    doc = jixiao.parse(SEED_001)
    with db.session() as s:
        store_document(s, doc, SEED_001.read_bytes())
    with db.session() as s:
        rows = s.scalars(select(StoredForm).order_by(StoredForm.position)).all()
        assert [form_model(r) for r in rows] == doc.forms
        # the printed 实施单位 owns the form; the money column is the annual amount
        assert {r.owner_unit for r in rows} == {"上海世界城市日事务协调中心"}
        assert rows[0].amount == doc.forms[0].funds.annual


def test_review_findings_are_stored_with_counts(db):
    doc = jixiao.parse(SEED_001)
    review = jixiao.review.review_document(doc)
    with db.session() as s:
        store_document(s, doc, SEED_001.read_bytes())
    with db.session() as s:
        rows = s.scalars(select(StoredForm).order_by(StoredForm.position)).all()
        for row, fr in zip(rows, review.forms, strict=True):
            assert (row.errors, row.warnings_count, row.infos) == (fr.counts["error"], fr.counts["warning"], fr.counts["info"])
            assert [(f.code, f.indicator) for f in row.findings] == [(f.code, f.indicator) for f in fr.findings]
        assert s.scalar(select(func.count()).select_from(StoredFinding)) == sum(len(f.findings) for f in review.forms)


def test_users_passwords_and_roles(db):
    with db.session() as s:
        add_user(s, "admin", "correct horse", "管理员")
        add_user(s, "li", "battery staple", "filler", unit="上海世界城市日事务协调中心")
    with db.session() as s:
        user = authenticate(s, "admin", "correct horse")
        assert user is not None and user.role == "admin"
        assert user.password_hash.startswith("$argon2id$")
        assert authenticate(s, "admin", "wrong password") is None
        assert authenticate(s, "nobody", "correct horse") is None
        with pytest.raises(UserError, match="已存在"):
            add_user(s, "admin", "another one", "reviewer")
        with pytest.raises(UserError, match="未知角色"):
            add_user(s, "x", "long enough", "boss")
        with pytest.raises(UserError, match="所属单位"):
            add_user(s, "y", "long enough", "填报人")
        with pytest.raises(UserError, match="至少 8"):
            add_user(s, "z", "short", "reviewer")
    with db.session() as s:
        set_password(s, "li", "a new password")
    with db.session() as s:
        assert authenticate(s, "li", "battery staple") is None
        assert authenticate(s, "li", "a new password").unit == "上海世界城市日事务协调中心"
        actions = [(a.action, a.actor) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == [("user.add", "cli"), ("user.add", "cli"), ("user.passwd", "cli")]
        assert all("hash" not in str(a.after) for a in s.scalars(select(AuditEntry)))


def test_cli_db_and_user_commands(db_url):
    runner = CliRunner()
    r = runner.invoke(app, ["db", "current", "--db", db_url])
    assert r.exit_code == 0 and "空库" in r.output
    r = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert r.exit_code == 0 and "已是最新结构" in r.output
    r = runner.invoke(app, ["user", "add", "wang", "--role", "reviewer", "--password-stdin", "--db", db_url], input="secret-pass\n")
    assert r.exit_code == 0, r.output
    assert "已添加用户 wang（审核人 reviewer）" in r.output
    r = runner.invoke(app, ["user", "add", "wang", "--role", "reviewer", "--password-stdin", "--db", db_url], input="secret-pass\n")
    assert r.exit_code == 1 and "已存在" in r.output
    r = runner.invoke(app, ["user", "passwd", "wang", "--password-stdin", "--db", db_url], input="another-pass\n")
    assert r.exit_code == 0 and "已修改 wang 的密码" in r.output
    r = runner.invoke(app, ["user", "list", "--db", db_url])
    assert r.exit_code == 0 and "wang" in r.output and "审核人 reviewer" in r.output
    db = Database(db_url)
    with db.session() as s:
        assert authenticate(s, "wang", "another-pass") is not None
        assert s.scalar(select(func.count()).select_from(User)) == 1
    db.dispose()


def test_unreachable_database_is_a_clear_error():
    r = CliRunner().invoke(app, ["db", "upgrade", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/none"])
    assert r.exit_code == 2
    assert "无法连接或使用数据库 postgresql+psycopg://nobody@127.0.0.1:9/none" in r.output
    assert "Traceback" not in r.output
    r = CliRunner().invoke(app, ["db", "upgrade", "--db", "not a url"])
    assert r.exit_code == 2 and "数据库地址无法识别" in r.output
    for url in ("mysql://root@127.0.0.1/test", "postgresql+psycopg2://u@h/db", "notaurl://"):
        r = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
        assert r.exit_code == 2, (url, r.output)
        assert "不支持的数据库" in r.output and "jixiao 支持 SQLite 和 PostgreSQL" in r.output, r.output
        assert r.exception is None or isinstance(r.exception, SystemExit), (url, r.exception)


def test_a_plain_postgresql_url_gets_the_installed_driver(db_url):
    """``postgresql://`` (what a DBA writes) and ``postgres://`` mean PostgreSQL through psycopg, the driver
    jixiao installs; SQLite URLs are used as given."""
    from sqlalchemy.engine import make_url

    if db_url.startswith("sqlite"):
        assert Database(db_url).url == db_url
        return
    for scheme in ("postgresql", "postgres"):
        plain = make_url(db_url).set(drivername=scheme).render_as_string(hide_password=False)
        database = Database(plain)
        assert database.url == db_url
        assert database.table_names() == TABLES
        database.dispose()


def test_search_migration_fills_existing_forms(db):
    """Migration 0003 fills search_text from the rows already stored (down to 0002 and up again)."""
    from alembic import command

    from jixiao.store.db import _alembic_config

    doc = jixiao.parse(SEED_001)
    with db.session() as s:
        store_document(s, doc, SEED_001.read_bytes())
        before = dict(s.execute(select(StoredForm.id, StoredForm.search_text)).all())
    assert before[1] == "\n".join([doc.forms[0].project.name] + [i.name for i in doc.forms[0].indicators]).lower()
    command.downgrade(_alembic_config(db.engine), "0002")
    assert current_revision(db.engine) == "0002"
    command.upgrade(_alembic_config(db.engine), "head")
    with db.session() as s:
        assert dict(s.execute(select(StoredForm.id, StoredForm.search_text)).all()) == before


def test_a_reading_session_refuses_to_write(db):
    """GET requests read through ``Database.reading``: a write there is an error, never silently lost or
    committed outside a transaction."""
    from sqlalchemy import update

    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
        s.add(User(username="x", password_hash="-", role="admin"))
        with pytest.raises(RuntimeError, match="read-only session"):
            s.flush()
    with db.reading() as s:
        with pytest.raises(RuntimeError, match="read-only session"):
            s.execute(update(User).values(active=False))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0  # nothing was written


def test_reading_on_postgresql_needs_no_transaction(db):
    """On PostgreSQL a reading session's connection is in autocommit mode (no BEGIN/COMMIT round trips);
    SQLite reads in a transaction as before."""
    with db.reading() as s:
        conn = s.connection()
        if db.engine.dialect.name == "postgresql":
            assert conn.get_execution_options()["isolation_level"] == "AUTOCOMMIT"
            assert conn.connection.driver_connection.autocommit is True  # psycopg sends no BEGIN
        else:
            assert "isolation_level" not in conn.get_execution_options()
