"""Who is looking at a page, and the CSRF protection of the page forms.

* The pages use the API's browser session: the ``jixiao_session`` cookie (HttpOnly,
  SameSite=Lax) issued at sign-in, checked on every page through
  :func:`jixiao.store.access.find_token`. Without a valid one a page answers
  ``303 → /login?next=<the page>``.
* Every page carries the session's CSRF token (``<meta name="csrf-token">`` and a hidden
  ``csrf_token`` field in each ``<form method="post">``). Page form posts are refused
  with 403 unless the field matches; the scripts send it as ``X-CSRF-Token`` to the API,
  which checks it the same way.
* The sign-in form, posted before there is a session, is protected by a double-submit
  token: ``GET /login`` sets the ``jixiao_login_csrf`` cookie (HttpOnly, SameSite=Strict)
  and the same random value as a hidden field; ``POST /login`` needs both to match (so
  another site cannot sign a visitor in under its own account).
* ``next`` after sign-in is followed only when it is a path on this site (``/…``, never
  ``//host`` or a URL), so the login page cannot be used to send people elsewhere.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from sqlalchemy.orm import Session

from ..store.access import find_token
from ..store.tables import User
from ..server.deps import COOKIE

LOGIN_CSRF_COOKIE = "jixiao_login_csrf"


@dataclass
class Viewer:
    """The signed-in user of a page and the CSRF token of their session."""

    user: User
    csrf: str
    token_id: int

    @property
    def name(self) -> str:
        return self.user.display_name or self.user.username


class LoginRequired(Exception):
    """No valid session: the page redirects to the sign-in page, then back to ``next``."""

    def __init__(self, next_url: str):
        super().__init__(next_url)
        self.next_url = next_url


class PageError(Exception):
    """A page that cannot be shown (status, 中文 message, English message)."""

    def __init__(self, status: int, zh: str, en: str, back: str | None = None):
        super().__init__(f"{zh} / {en}")
        self.status, self.zh, self.en, self.back = status, zh, en, back


def current_viewer(request: Request, session: Session) -> Viewer:
    """The viewer of this request, or :class:`LoginRequired`."""
    cookie = request.cookies.get(COOKIE)
    row = find_token(session, cookie, "session") if cookie else None
    if row is None or not row.csrf_token:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(here)
    v = Viewer(row.user, row.csrf_token, row.token_id)
    request.state.viewer = v
    return v


def check_csrf(viewer: Viewer, sent: str | None) -> None:
    """The ``csrf_token`` field of a page form must be the session's (constant-time compare)."""
    if not sent or not hmac.compare_digest(viewer.csrf.encode(), sent.encode("utf-8", "surrogatepass")):
        raise PageError(403, "页面已过期或请求来源不明（CSRF 令牌不符），请刷新页面后重试",
                        "the page's CSRF token is missing or wrong; reload the page and try again")


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def login_token_matches(request: Request, sent: str | None) -> bool:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    return bool(cookie and sent) and hmac.compare_digest(cookie.encode(), sent.encode("utf-8", "surrogatepass"))


def safe_next(url: str | None, default: str = "/forms") -> str:
    """``url`` when it is a path on this site, else ``default``."""
    if not url or not url.startswith("/") or url.startswith("//") or url.startswith("/\\") or "\n" in url or "\r" in url:
        return default
    return url


def login_url(next_url: str) -> str:
    return "/login?next=" + quote(next_url, safe="/")
