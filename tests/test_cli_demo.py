"""``jixiao demo``: the examples ingested into the database, demo accounts added once, then the workbench.

The serving part is uvicorn's (the browser tests run the same app); here ``--no-serve``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store import Database
from jixiao.store.tables import StoredDocument, StoredForm, User
from jixiao.store.users import authenticate

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_demo_ingests_the_examples_and_adds_the_accounts_once(db_url):
    runner = CliRunner()
    first = runner.invoke(app, ["demo", str(EXAMPLES), "--db", db_url, "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "新入库 5 个（24 张表）" in first.output
    assert "jixiao-demo" in first.output
    db = Database(db_url)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StoredDocument)) == 5
        assert s.scalar(select(func.count()).select_from(StoredForm)) == 24
        users = {u.username: (u.role, u.unit) for u in s.scalars(select(User))}
        # the filler belongs to the unit with the most forms: 上海世界城市日事务协调中心 (examples/000 and /001, 11 forms)
        assert users == {"admin": ("admin", None), "reviewer": ("reviewer", None),
                         "filler": ("filler", "上海世界城市日事务协调中心")}
        assert authenticate(s, "filler", "jixiao-demo") is not None
    # again: nothing new, an existing account keeps its password
    with db.session() as s:
        from jixiao.store.users import set_password

        set_password(s, "admin", "a new secret password")
    second = runner.invoke(app, ["demo", str(EXAMPLES), "--db", db_url, "--no-serve"])
    assert second.exit_code == 0, second.output
    assert "新入库 0 个（0 张表），已在库中 5 个" in second.output
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StoredForm)) == 24
        assert authenticate(s, "admin", "a new secret password") is not None
        assert authenticate(s, "admin", "jixiao-demo") is None
    db.dispose()
