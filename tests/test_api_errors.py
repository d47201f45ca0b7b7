"""Every API error is JSON with a code and a Chinese message; health and the OpenAPI document."""

from __future__ import annotations

import pytest

from jixiao.store.db import head_revision

from api_helpers import Api, error_of

pytest_plugins = ("api_plugin",)  # the api fixture


def test_errors_are_json_with_a_chinese_message(api: Api):
    c = api.client("admin")
    r = c.get("/api/v1/nothing-here")
    assert r.status_code == 404 and error_of(r)["code"] == "not-found" and error_of(r)["message"].startswith("未找到")
    assert api.client().get("/not-an-api-page").status_code == 404
    r = c.put("/api/v1/forms/2", json={})
    assert r.status_code == 405 and error_of(r)["code"] == "method-not-allowed" and "GET" in r.headers["allow"]
    r = c.patch("/api/v1/forms/2", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "JSON" in error_of(r)["message"]
    r = c.patch("/api/v1/forms/2", json={"version": "one"})
    err = error_of(r)
    assert r.status_code == 422 and err["code"] == "invalid"
    assert err["message"].startswith("请求参数无效：请求体「version」应为整数")
    assert err["detail"][0] == {"location": "请求体", "field": "version", "type": "int_parsing", "message": "应为整数",
                                "message_en": err["detail"][0]["message_en"]}
    r = c.patch("/api/v1/forms/2", json={"version": 1, "colour": "red"})
    assert r.status_code == 422 and "「colour」不是可用的字段" in error_of(r)["message"]
    r = c.patch("/api/v1/forms/2", json={"version": 1, "project": {"name": "a\x00b"}})
    assert r.status_code == 422 and "空字符" in error_of(r)["message"]
    r = c.patch("/api/v1/forms/2", json={"version": 1, "project": {"department": "长" * 300}})
    assert r.status_code == 422 and "过长（最多 255 个字符）" in error_of(r)["message"]
    r = c.get("/api/v1/forms", params={"page": 0, "year": "二〇二四"})
    assert r.status_code == 422 and "另有 1 处问题" in error_of(r)["message"]
    assert {d["field"] for d in error_of(r)["detail"]} == {"page", "year"}
    r = c.post("/api/v1/forms/2/review", json={"profile": "../../etc/passwd"})
    assert r.status_code == 422 and error_of(r)["code"] == "bad-profile"
    assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff"


def test_health_and_openapi(api: Api):
    c = api.client()
    h = c.get("/api/v1/health").json()
    assert h == {"status": "ok", "database": api.db.engine.dialect.name, "schema": head_revision()}
    spec = c.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/auth/login", "/api/v1/forms", "/api/v1/forms/{form_id}", "/api/v1/forms/{form_id}/indicators/{position}",
            "/api/v1/forms/{form_id}/export", "/api/v1/documents", "/api/v1/stats", "/api/v1/audit"} <= paths
    assert all(p.startswith("/api/v1/") for p in paths)
    assert {"bearer", "session"} <= set(spec["components"]["securitySchemes"])
    assert c.get("/docs").status_code == 200


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite has no server connection to lose
def test_a_dropped_database_connection_costs_one_request_at_most(api: Api):
    """No ``pool_pre_ping`` (a round trip per request): when the server drops the pooled connections
    (a restart), the request that meets a dead one gets 503 with a Chinese message, and the next
    one reconnects and succeeds."""
    admin = api.client("admin")
    assert admin.get("/api/v1/forms/1").status_code == 200  # a pooled connection now exists
    import psycopg

    url = api.db.engine.url
    with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                         autocommit=True) as c:
        killed = c.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()[0]
    assert killed >= 1
    first = admin.get("/api/v1/forms/1")  # the pool's one connection is dead: this request fails, clearly
    assert first.status_code == 503
    assert error_of(first)["code"] == "database-unavailable"
    assert "数据库暂时不可用" in error_of(first)["message"]
    assert admin.get("/api/v1/forms/1").status_code == 200
    assert admin.get("/api/v1/forms").status_code == 200
