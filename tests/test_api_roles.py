"""Role limits enforced by the API, by URL: 填报人 of another unit, 审核人 editing, anonymous clients."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from api_helpers import ALL_FORMS, FILES, PZH_FORMS, SH_FORMS, Api, error_of
from jixiao.store.tables import AuditEntry, StoredDocument, StoredForm

pytest_plugins = ("api_plugin",)  # the api fixture

#: every route about one form: (method, path template, JSON body or None, query)
FORM_ROUTES = [
    ("GET", "/api/v1/forms/{id}", None, None),
    ("PATCH", "/api/v1/forms/{id}", {"version": 1, "project": {"name": "x"}}, None),
    ("GET", "/api/v1/forms/{id}/findings", None, None),
    ("POST", "/api/v1/forms/{id}/review", {}, None),
    ("PATCH", "/api/v1/forms/{id}/indicators/0", {"version": 1, "target": "≥1次"}, None),
    ("POST", "/api/v1/forms/{id}/indicators", {"version": 1, "name": "新指标"}, None),
    ("DELETE", "/api/v1/forms/{id}/indicators/0", None, {"version": 1}),
    ("POST", "/api/v1/forms/{id}/submit", {"version": 1}, None),
    ("POST", "/api/v1/forms/{id}/approve", {"version": 1}, None),
    ("POST", "/api/v1/forms/{id}/return", {"version": 1, "comment": "请修改"}, None),
    ("POST", "/api/v1/forms/{id}/score", {"version": 1, "actuals": []}, None),
    ("GET", "/api/v1/forms/{id}/export", None, {"format": "json"}),
    ("GET", "/api/v1/forms/{id}/export", None, {"format": "csv"}),
    ("GET", "/api/v1/forms/{id}/audit", None, None),
]
#: the form routes that change content (a 审核人 may not take them)
EDIT_ROUTES = [r for r in FORM_ROUTES if r[0] in ("PATCH", "DELETE") or r[1].endswith(("/indicators", "/score", "/submit"))]


def call(c, method: str, path: str, body, query, form_id: int):
    return c.request(method, path.format(id=form_id), json=body, params=query)


def unchanged(api: Api) -> tuple:
    with api.db.session() as s:
        return (tuple(s.execute(select(StoredForm.id, StoredForm.version, StoredForm.status).order_by(StoredForm.id))),
                s.scalar(select(func.count()).select_from(AuditEntry)))


def test_a_filler_gets_403_on_every_route_of_another_units_form(api: Api):
    before = unchanged(api)
    c = api.client("filler")  # 上海世界城市日事务协调中心
    for form_id in (12, 22):  # 上海市绿化和市容宣传教育中心, 攀枝花市区委宣传部
        for method, path, body, query in FORM_ROUTES:
            r = call(c, method, path, body, query, form_id)
            assert r.status_code == 403, (method, path, form_id, r.status_code, r.text)
            assert error_of(r)["code"] == "forbidden"
        r = c.post(f"/api/v1/forms/{form_id}/score/workbook", data={"version": "1"},
                   files={"file": ("a.xlsx", io.BytesIO(b"PK"), "application/octet-stream")})
        assert r.status_code == 403, r.text
    # the documents of those forms, too
    for doc_id in (3, 5):
        assert c.get(f"/api/v1/documents/{doc_id}").status_code == 403
        assert c.get(f"/api/v1/documents/{doc_id}/file").status_code == 403
    assert c.get("/api/v1/documents/2").status_code == 200
    assert c.get("/api/v1/documents/2/file").content == FILES[1].read_bytes()
    # an unknown id is still 404
    assert c.get("/api/v1/forms/999").status_code == 404
    assert unchanged(api) == before


def test_a_filler_reads_and_edits_own_units_forms(api: Api):
    c = api.client("filler")
    r = c.get("/api/v1/forms", params={"per_page": 200})
    assert r.json()["total"] == 11 and [f["id"] for f in r.json()["items"]] == SH_FORMS
    assert c.get("/api/v1/forms", params={"unit": "攀枝花市区委宣传部"}).json()["total"] == 0
    r = c.patch("/api/v1/forms/3", json={"version": api.version(3), "goals": {"annual": "年度目标（修订）"}})
    assert r.status_code == 200, r.text
    assert c.get("/api/v1/stats").json()["totals"]["forms"] == 11
    c2 = api.client("filler2")
    assert [f["id"] for f in c2.get("/api/v1/forms").json()["items"]] == PZH_FORMS
    # a filler may not approve, even their own unit's form
    v = api.version(3)
    assert c.post("/api/v1/forms/3/submit", json={"version": v}).status_code == 200
    r = c.post("/api/v1/forms/3/approve", json={"version": v + 1})
    assert r.status_code == 403 and "审核人" in error_of(r)["message"]
    # nor read the whole audit log
    assert c.get("/api/v1/audit").status_code == 403


def test_a_reviewer_reads_all_but_cannot_edit_or_upload(api: Api):
    before = unchanged(api)
    c = api.client("reviewer")
    assert c.get("/api/v1/forms", params={"per_page": 200}).json()["total"] == 24
    for form_id in (2, 22):
        assert c.get(f"/api/v1/forms/{form_id}").status_code == 200
        for method, path, body, query in EDIT_ROUTES:
            r = call(c, method, path, body, query, form_id)
            assert r.status_code == 403, (method, path, r.text)
            assert error_of(r)["code"] == "forbidden"
    r = c.post("/api/v1/documents", files={"file": ("a.txt", io.BytesIO(b"x"), "text/plain")})
    assert r.status_code == 403 and error_of(r)["code"] == "forbidden"
    assert unchanged(api) == before
    with api.db.session() as s:
        assert s.scalar(select(func.count()).select_from(StoredDocument)) == 5


def test_anonymous_clients_get_401_on_every_route(api: Api):
    c = api.client()
    for method, path, body, query in FORM_ROUTES:
        r = call(c, method, path, body, query, 2)
        assert r.status_code == 401, (method, path, r.text)
    for path in ("/api/v1/forms", "/api/v1/stats", "/api/v1/audit", "/api/v1/documents/1", "/api/v1/documents/1/file",
                 "/api/v1/forms/2/audit"):
        assert c.get(path).status_code == 401, path
    assert c.post("/api/v1/documents", files={"file": ("a.txt", io.BytesIO(b"x"), "text/plain")}).status_code == 401


def test_admin_reaches_every_form(api: Api):
    c = api.client("admin")
    assert [f["id"] for f in c.get("/api/v1/forms", params={"per_page": 200}).json()["items"]] == ALL_FORMS
    assert c.get("/api/v1/audit").status_code == 200
