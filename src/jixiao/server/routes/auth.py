"""Signing in and out: browser sessions (cookie + CSRF token) and bearer tokens for scripts.

* ``POST /auth/login`` sets the ``jixiao_session`` cookie (HttpOnly, SameSite=Lax, Path=/,
  Secure per :func:`jixiao.server.app.create_app`'s ``cookie_secure``) for 12 hours and
  returns the CSRF token; only the SHA-256 of the cookie's token is stored;
* ``POST /auth/logout`` revokes the token the request was made with and clears the cookie;
* ``GET /auth/me`` is the signed-in user and (for a session) the CSRF token again;
* ``POST /auth/tokens`` takes a user name and password and returns a bearer token valid
  90 days (audited, without the token).

Wrong user name and wrong password get the same 401 answer. Signing in is not audited;
creating a token is.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ...store import audit
from ...store.access import BEARER_TTL, SESSION_TTL, issue_token, revoke_token
from ...store.users import authenticate, public
from ..deps import COOKIE, DB, Auth, commit
from ..errors import ApiError
from ..schemas import LoginIn, LoginOut, MeOut, OkOut, TokenIn, TokenOut, errors

router = APIRouter(prefix="/auth", tags=["auth 登录"])


def _bad_credentials() -> ApiError:
    return ApiError(401, "bad-credentials", "用户名或密码错误", "wrong user name or password")


def _secure(request: Request) -> bool:
    forced = request.app.state.cookie_secure
    return request.url.scheme == "https" if forced is None else bool(forced)


@router.post("/login", response_model=LoginOut, responses=errors(401, 422))
def login(body: LoginIn, request: Request, response: Response, session: DB) -> dict:
    """登录（浏览器）：设置会话 Cookie，返回 CSRF 令牌 / sign in: sets the session cookie, returns the CSRF token."""
    user = authenticate(session, body.username, body.password)
    if user is None:
        raise _bad_credentials()
    secret, row = issue_token(session, user, "session")
    info = {"user": public(user), "csrf_token": row.csrf_token, "expires_at": row.expires_at.isoformat()}
    commit(session)
    response.set_cookie(COOKIE, secret, max_age=int(SESSION_TTL.total_seconds()), path="/", httponly=True,
                        samesite="lax", secure=_secure(request))
    return info


@router.post("/logout", response_model=OkOut, responses=errors(401, 403))
def logout(auth: Auth, request: Request, response: Response, session: DB) -> dict:
    """退出登录：撤销当前会话或令牌 / sign out: revokes the session (or the bearer token used)."""
    revoke_token(session, auth.token.token_id)
    commit(session)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return {"ok": True}


@router.get("/me", response_model=MeOut, responses=errors(401))
def me(auth: Auth) -> dict:
    """当前用户 / the signed-in user (and the session's CSRF token)."""
    t = auth.token
    return {"user": public(auth.user), "auth": auth.via, "csrf_token": t.csrf_token if auth.via == "session" else None,
            "expires_at": t.expires_at.isoformat() if t.expires_at else None}


@router.post("/tokens", response_model=TokenOut, status_code=201, responses=errors(401, 422))
def create_token(body: TokenIn, session: DB) -> dict:
    """为脚本创建访问令牌（90 天）/ create a bearer token for scripts (90 days)."""
    user = authenticate(session, body.username, body.password)
    if user is None:
        raise _bad_credentials()
    secret, row = issue_token(session, user, "bearer", name=body.name, ttl=BEARER_TTL)
    audit.record(session, user, "token.create", "auth_token", row.id, None,
                 {"kind": "bearer", "name": row.name, "user": user.username, "expires_at": row.expires_at.isoformat()})
    commit(session)
    return {"token": secret, "name": row.name, "expires_at": row.expires_at.isoformat()}
