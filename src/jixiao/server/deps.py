"""Request dependencies: the database session and the signed-in user.

One session per request (``db_session``); handlers that change data call
:func:`commit` themselves before answering, so a failed commit is an error response
and never a success that did not happen. An exception rolls the session back.

Authentication (:func:`signed_in`), in this order:

1. ``Authorization: Bearer <token>`` — a bearer token for scripts; needs no CSRF token;
2. the ``jixiao_session`` cookie — a browser session; every unsafe request
   (POST/PATCH/PUT/DELETE) must carry ``X-CSRF-Token`` equal to the session's CSRF token
   (returned by login and by ``GET /api/v1/auth/me``), else 403 ``csrf``;
3. neither — 401 ``unauthenticated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, AsyncIterator

import orjson
from fastapi import Depends, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..store.access import SignedIn, csrf_matches, find_token
from ..store.tables import User
from ..store.workflow.errors import stale
from .errors import ApiError

COOKIE = "jixiao_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAFE = frozenset({"GET", "HEAD"})

bearer_scheme = HTTPBearer(auto_error=False, scheme_name="bearer",
                           description="脚本用的令牌（POST /api/v1/auth/tokens）/ a token from POST /api/v1/auth/tokens")
cookie_scheme = APIKeyCookie(name=COOKIE, auto_error=False, scheme_name="session",
                             description="浏览器会话（POST /api/v1/auth/login）；写操作须带 X-CSRF-Token 请求头 / "
                                         "browser session; unsafe requests need the X-CSRF-Token header")


async def db_session(request: Request) -> AsyncIterator[Session]:
    """The request's session. An async generator on purpose: FastAPI runs a sync generator dependency
    in a worker thread on the way in and again on the way out; opening a Session touches no
    database (it connects at the first query, in the handler's thread) and closing one only hands
    the connection back, so both are done on the event loop."""
    db = request.app.state.database
    if request.method in SAFE:  # GET and HEAD only read: a write there raises (ReadOnlySession), in every test that calls one
        with db.reading() as s:
            yield s
    else:
        with db.session() as s:
            yield s


DB = Annotated[Session, Depends(db_session)]


def commit(session: Session) -> None:
    """Commit now, turning a lost optimistic-locking race into 409 ``stale``."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        e = stale(None, None)
        raise ApiError(409, e.code, e.zh, e.en, e.detail) from None


@dataclass
class Principal:
    """The signed-in user (a detached, read-only copy), the token that proved it, and how it was sent."""

    user: User
    token: SignedIn
    via: str  # "session" | "bearer"


class FastJSONResponse(JSONResponse):
    """JSON rendered by orjson (UTF-8, about ten times faster than the standard library's encoder)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def fast_json(content: Any, status_code: int = 200) -> JSONResponse:
    """A JSON response built from plain data without re-validating it against the response model.

    The hot routes (list, detail, edits) build their JSON from the store directly in the
    documented shape; FastAPI would otherwise validate every item through pydantic again.
    """
    return FastJSONResponse(content, status_code=status_code)


def unauthenticated(zh: str = "请先登录", en: str = "authentication required", code: str = "unauthenticated") -> ApiError:
    return ApiError(401, code, zh, en, headers={"WWW-Authenticate": "Bearer"})


async def signed_in(
    request: Request,
    session: DB,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
    cookie: Annotated[str | None, Security(cookie_scheme)] = None,
) -> Principal:
    """The signed-in principal of the request (see the module docstring).

    ``async def`` on purpose: it is one indexed query with a prebuilt statement, run on the
    event loop rather than in a worker thread for every request (FastAPI runs a plain
    ``def`` dependency in the thread pool).
    """
    if bearer is not None:
        row = find_token(session, bearer.credentials, "bearer")
        if row is None:
            raise unauthenticated("令牌无效、已过期或已撤销", "the token is invalid, expired or revoked", "bad-token")
        return Principal(row.user, row, "bearer")
    if cookie:
        row = find_token(session, cookie, "session")
        if row is None:
            raise unauthenticated("登录已过期或已退出，请重新登录", "the session has expired or ended; sign in again",
                                  "session-expired")
        if request.method in UNSAFE and not csrf_matches(row, request.headers.get(CSRF_HEADER)):
            raise ApiError(403, "csrf", f"缺少或错误的 CSRF 令牌（请求头 {CSRF_HEADER}），请求被拒绝",
                           f"missing or wrong CSRF token (header {CSRF_HEADER})")
        return Principal(row.user, row, "session")
    raise unauthenticated()


Auth = Annotated[Principal, Depends(signed_in)]
