"""登录 / 退出: the sign-in page and signing out (see :mod:`jixiao.web.auth` for the CSRF scheme)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ...store.access import SESSION_TTL, find_token, issue_token, revoke_token
from ...store.users import authenticate
from ...server.deps import COOKIE, DB
from ..auth import LOGIN_CSRF_COOKIE, check_csrf, current_viewer, login_token_matches, new_login_token, safe_next
from ..templating import render

router = APIRouter()


def _secure(request: Request) -> bool:
    forced = request.app.state.cookie_secure
    return request.url.scheme == "https" if forced is None else bool(forced)


def _login_page(request: Request, next_url: str, username: str = "", error: str | None = None,
                status: int = 200) -> Response:
    token = new_login_token()
    response = render(request, "login.html", {"next": next_url, "username": username, "error": error,
                                              "login_csrf": token, "viewer": None,
                                              "hint": getattr(request.app.state, "login_hint", None)}, status=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict",
                        secure=_secure(request))
    return response


@router.get("/login", include_in_schema=False)
def login_page(request: Request, session: DB, next: str | None = None) -> Response:
    """The sign-in form; an already signed-in browser goes straight on."""
    target = safe_next(next)
    cookie = request.cookies.get(COOKIE)
    if cookie and find_token(session, cookie, "session") is not None:
        return RedirectResponse(target, status_code=303)
    return _login_page(request, target)


@router.post("/login", include_in_schema=False)
def login_submit(request: Request, session: DB, username: Annotated[str, Form(max_length=64)] = "",
                 password: Annotated[str, Form(max_length=1024)] = "",
                 csrf_token: Annotated[str, Form(max_length=128)] = "", next: Annotated[str, Form(max_length=2048)] = "") -> Response:
    target = safe_next(next)
    if not login_token_matches(request, csrf_token):
        return _login_page(request, target, username, "页面已过期，请重新输入后登录 / the page expired, please sign in again", 403)
    user = authenticate(session, username.strip(), password)
    if user is None:
        return _login_page(request, target, username, "用户名或密码错误 / wrong user name or password", 401)
    secret, _row = issue_token(session, user, "session")
    session.commit()
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, secret, max_age=int(SESSION_TTL.total_seconds()), path="/", httponly=True,
                        samesite="lax", secure=_secure(request))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: DB, csrf_token: Annotated[str, Form(max_length=128)] = "") -> Response:
    viewer = current_viewer(request, session)
    check_csrf(viewer, csrf_token)
    revoke_token(session, viewer.token_id)
    session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response
