"""Shared by the API tests (tests/test_api_*.py): a seeded database and signed-in clients.

The ``api`` fixture (tests/api_plugin.py) builds on conftest's ``db`` (so every API test runs on SQLite and on
PostgreSQL): four users and the five example files (24 forms), then an app over it.
Bearer tokens are issued directly (argon2 is slow on purpose; the sign-in routes have
their own tests). Seeded ids are stable: documents are stored in file order, so

* form 1 — examples/000 (2020, 上海世界城市日事务协调中心, no 主管部门);
* forms 2–11 — examples/001 (2024, 上海世界城市日事务协调中心, 上海市住房和城乡建设管理委员会);
* forms 12–16 — examples/002 (2023, 上海市绿化和市容宣传教育中心, 上海市绿化和市容管理局);
* forms 17–21 — examples/003 (2024, 中共上海市委对外宣传办公室, 中国共产党上海市委员会宣传部);
* forms 22–24 — examples/004 (2022 自评表, 攀枝花市区委宣传部, no 主管部门).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

import jixiao
from jixiao.model import Document
from jixiao.review import FormReview, load_profile, review_form
from jixiao.server.app import create_app
from jixiao.store import Database, store_document
from jixiao.store.access import issue_token
from jixiao.store.tables import User
from jixiao.store.users import hash_password

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FILES = sorted(EXAMPLES.glob("*.txt"))
UNIT_SH = "上海世界城市日事务协调中心"
UNIT_PZH = "攀枝花市区委宣传部"
PASSWORD = "correct horse battery"
#: user name -> (role, unit)
USERS = {"admin": ("admin", None), "reviewer": ("reviewer", None), "filler": ("filler", UNIT_SH),
         "filler2": ("filler", UNIT_PZH)}

SH_FORMS = list(range(1, 12))
PZH_FORMS = [22, 23, 24]
ALL_FORMS = list(range(1, 25))


@lru_cache(maxsize=1)
def examples() -> list[tuple[bytes, Document, list[FormReview]]]:
    """The example files read and reviewed once per test session."""
    profile = load_profile()
    out = []
    for path in FILES:
        data = path.read_bytes()
        doc = jixiao.parse(data, path.name)
        out.append((data, doc, [review_form(f, i, profile) for i, f in enumerate(doc.forms)]))
    return out


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class Api:
    """The app over a seeded database, with a client per user."""

    db: Database
    app: Any
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def client(self, who: str | None = None, **kw: Any) -> TestClient:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return TestClient(self.app, headers=headers, **kw)

    def version(self, form_id: int) -> int:
        return self.client("admin").get(f"/api/v1/forms/{form_id}").json()["version"]


def seed(db: Database, *, documents: bool = True) -> tuple[dict[str, str], dict[str, int]]:
    tokens, ids = {}, {}
    with db.session() as s:
        for name, (role, unit) in USERS.items():
            user = User(username=name, display_name=name.title(), password_hash=password_hash(), role=role, unit=unit)
            s.add(user)
            s.flush()
            ids[name] = user.id
            tokens[name] = issue_token(s, user, "bearer", name="tests")[0]
        if documents:
            for data, doc, reviews in examples():
                store_document(s, doc, data, reviews, by="ingest")
    return tokens, ids


def make_api(db: Database, *, documents: bool = True, **app_options: Any) -> Api:
    tokens, ids = seed(db, documents=documents)
    return Api(db, create_app(db, **app_options), tokens, ids)


def error_of(response) -> dict[str, Any]:
    """The ``error`` object of a JSON error response (asserting the shape)."""
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert {"code", "message"} <= set(err), err
    assert " / " in err["message"], err["message"]
    return err
