"""API sign-in: sessions with cookie + CSRF token, bearer tokens, refusals."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from api_helpers import PASSWORD, UNIT_SH, Api, error_of, make_api
from jixiao.server.app import create_app
from jixiao.store.tables import AuditEntry, AuthToken, StoredForm, utcnow
from jixiao.store.users import set_password

pytest_plugins = ("api_plugin",)  # the api fixture


def login(api: Api, username: str = "filler", **kw):
    c = api.client(**kw)
    r = c.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c, r


def test_login_me_logout(api: Api):
    c, r = login(api)
    body = r.json()
    assert body["user"]["username"] == "filler" and body["user"]["role"] == "filler" and body["user"]["unit"] == UNIT_SH
    assert body["user"]["role_zh"] == "填报人" and "password_hash" not in str(body)
    csrf = body["csrf_token"]
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("jixiao_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Path=/" in cookie
    assert "Secure" not in cookie  # http://testserver: not https
    me = c.get("/api/v1/auth/me").json()
    assert me["user"]["username"] == "filler" and me["auth"] == "session" and me["csrf_token"] == csrf
    # only the hash of the cookie's token is stored
    secret = c.cookies["jixiao_session"]
    with api.db.session() as s:
        stored = [t.token_hash for t in s.scalars(select(AuthToken).where(AuthToken.kind == "session"))]
    assert secret not in stored and len(stored) == 1 and len(stored[0]) == 64
    # logout needs the CSRF token too, then the session is revoked
    assert c.post("/api/v1/auth/logout").status_code == 403
    r = c.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json() == {"ok": True}
    c.cookies.set("jixiao_session", secret)  # even if the browser kept it
    r = c.get("/api/v1/auth/me")
    assert r.status_code == 401 and error_of(r)["code"] == "session-expired"


def test_wrong_credentials_get_one_answer(api: Api):
    c = api.client()
    wrong_password = c.post("/api/v1/auth/login", json={"username": "filler", "password": "not the password"})
    no_user = c.post("/api/v1/auth/login", json={"username": "nobody", "password": PASSWORD})
    assert wrong_password.status_code == no_user.status_code == 401
    assert error_of(wrong_password) == error_of(no_user)
    assert error_of(no_user)["message"].startswith("用户名或密码错误")
    assert "set-cookie" not in no_user.headers
    r = c.post("/api/v1/auth/tokens", json={"username": "admin", "password": "nope-nope"})
    assert r.status_code == 401 and error_of(r)["code"] == "bad-credentials"


def test_secure_cookie_over_https_or_when_forced(db):
    api = make_api(db, documents=False)
    _, r = login(api, base_url="https://testserver")
    assert "Secure" in r.headers["set-cookie"]
    api.app = create_app(db, cookie_secure=True)
    _, r = login(api)
    assert "Secure" in r.headers["set-cookie"]
    api.app = create_app(db, cookie_secure=False)
    _, r = login(api, base_url="https://testserver")
    assert "Secure" not in r.headers["set-cookie"]


def test_bearer_tokens_for_scripts(api: Api):
    c = api.client()
    r = c.post("/api/v1/auth/tokens", json={"username": "reviewer", "password": PASSWORD, "name": "nightly report"})
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    assert r.json()["name"] == "nightly report"
    assert r.json()["expires_at"] > (utcnow() + timedelta(days=89)).isoformat()
    script = api.client()
    script.headers["Authorization"] = f"Bearer {token}"
    me = script.get("/api/v1/auth/me").json()
    assert me["user"]["username"] == "reviewer" and me["auth"] == "bearer" and me["csrf_token"] is None
    # a bearer request needs no CSRF token
    assert script.post("/api/v1/forms/2/review", json={}).status_code == 200
    # the creation is audited, without the token
    with api.db.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "token.create"))
        assert entry.actor == "reviewer" and entry.entity == "auth_token"
        assert entry.after["name"] == "nightly report" and token not in str(entry.after) and entry.before is None
    # a wrong or revoked token is refused
    bad = api.client()
    bad.headers["Authorization"] = "Bearer not-a-token"
    r = bad.get("/api/v1/forms")
    assert r.status_code == 401 and error_of(r)["code"] == "bad-token" and r.headers["www-authenticate"] == "Bearer"
    assert script.post("/api/v1/auth/logout").status_code == 200
    assert script.get("/api/v1/forms").status_code == 401


def test_expired_token_and_changed_password(api: Api):
    c, r = login(api, "admin")
    with api.db.session() as s:
        for t in s.scalars(select(AuthToken).where(AuthToken.kind == "bearer")):
            t.expires_at = utcnow() - timedelta(seconds=1)
    assert api.client("admin").get("/api/v1/forms").status_code == 401
    assert c.get("/api/v1/auth/me").status_code == 200
    with api.db.session() as s:
        set_password(s, "admin", "a brand new password")
    r = c.get("/api/v1/auth/me")
    assert r.status_code == 401  # sessions issued before the change are void


def test_cookie_posts_without_the_csrf_token_are_refused(api: Api):
    c, r = login(api)
    csrf = r.json()["csrf_token"]
    before = api.version(2)
    for headers in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": ""}):
        r = c.patch("/api/v1/forms/2", json={"version": before, "project": {"name": "被篡改"}}, headers=headers)
        assert r.status_code == 403 and error_of(r)["code"] == "csrf", r.text
        assert "CSRF" in error_of(r)["message"]
        r = c.post("/api/v1/forms/2/submit", json={"version": before}, headers=headers)
        assert r.status_code == 403 and error_of(r)["code"] == "csrf"
        r = c.post("/api/v1/forms/2/indicators", json={"version": before, "name": "新指标"}, headers=headers)
        assert r.status_code == 403 and error_of(r)["code"] == "csrf"
        r = c.delete("/api/v1/forms/2/indicators/0", params={"version": before}, headers=headers)
        assert r.status_code == 403 and error_of(r)["code"] == "csrf"
    with api.db.session() as s:
        row = s.get(StoredForm, 2)
        assert (row.name, row.status, row.version, row.indicator_count) == ("城市日宣传推广", "draft", before, 27)
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "form")).all() == []
    # reads need no CSRF token; with the right one, the write goes through
    assert c.get("/api/v1/forms/2").status_code == 200
    r = c.patch("/api/v1/forms/2", json={"version": before, "project": {"name": "城市日宣传推广（修订）"}},
                headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["form"]["project"]["name"] == "城市日宣传推广（修订）"


def test_anonymous_requests_get_401(api: Api):
    c = api.client()
    assert c.get("/api/v1/health").status_code == 200  # the only open route besides sign-in
    for method, url in [("GET", "/api/v1/forms"), ("GET", "/api/v1/forms/2"), ("PATCH", "/api/v1/forms/2"),
                        ("GET", "/api/v1/stats"), ("GET", "/api/v1/audit"), ("POST", "/api/v1/documents"),
                        ("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/logout")]:
        r = c.request(method, url, json={"version": 1})
        assert r.status_code == 401, (method, url, r.text)
        assert error_of(r)["code"] == "unauthenticated"
