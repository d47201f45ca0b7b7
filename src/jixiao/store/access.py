"""Who may do what with a form, and the sign-in tokens (browser sessions and bearer tokens).

Roles (see :mod:`jixiao.store.users`):

* ``admin`` 管理员 — everything;
* ``reviewer`` 审核人 — reads every unit's forms, re-runs the review, approves or returns
  submitted forms (a return needs a comment); never edits content and never uploads;
* ``filler`` 填报人 — reads, edits, scores and submits only the forms whose
  ``owner_unit`` is the user's ``unit``; uploads files of that unit.

The predicates here are the single source of these rules: the REST API
(:mod:`jixiao.server`) and the web pages both ask them, through
:mod:`jixiao.store.workflow`.

Tokens: a random secret is handed to the client once; only its SHA-256 is stored in
``auth_tokens``. A browser session (``kind="session"``, 12 hours) also has a CSRF token
that the page must echo in ``X-CSRF-Token`` on every unsafe request; a bearer token
(``kind="bearer"``, 90 days) is for scripts. A token is void once revoked, expired, its
user deactivated, or the user's password changed after the token was issued.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from .tables import AuthToken, StoredForm, User, utcnow

SESSION_TTL = timedelta(hours=12)
BEARER_TTL = timedelta(days=90)
TokenKind = Literal["session", "bearer"]


# ---------------------------------------------------------------------------------------
# permissions


def owns(user: User, owner_unit: str | None) -> bool:
    """True when ``user`` is a 填报人 of the unit that owns a form."""
    return user.role == "filler" and bool(user.unit) and owner_unit == user.unit


def can_read(user: User, form: StoredForm) -> bool:
    """管理员 and 审核人 read every form; a 填报人 only their unit's."""
    return user.role in ("admin", "reviewer") or owns(user, form.owner_unit)


def can_edit(user: User, form: StoredForm) -> bool:
    """Content edits (header, indicator rows, actuals and scoring): 管理员, or the owning 填报人."""
    return user.role == "admin" or owns(user, form.owner_unit)


def can_submit(user: User, form: StoredForm) -> bool:
    """草稿/已退回 → 已提交: 管理员, or the owning 填报人."""
    return can_edit(user, form)


def can_decide(user: User) -> bool:
    """已提交 → 已审核 / 已退回: 管理员 and 审核人."""
    return user.role in ("admin", "reviewer")


def can_upload(user: User) -> bool:
    """Uploading documents: 管理员 and 填报人 (a 审核人 does not add content)."""
    return user.role in ("admin", "filler")


def can_read_audit_log(user: User) -> bool:
    """The whole audit log: 管理员 only (others see a form's history through the form)."""
    return user.role == "admin"


def visible_owner(user: User) -> str | None:
    """The owning unit ``user``'s reads are limited to (a 填报人's unit; one that matches nothing when
    they have none), or None when they read every form."""
    if user.role == "filler":
        return user.unit or "\x00never"
    return None


def visible(stmt: Select, user: User) -> Select:
    """``stmt`` (selecting from ``forms``) limited to what ``user`` may read."""
    owner = visible_owner(user)
    return stmt if owner is None else stmt.where(StoredForm.owner_unit == owner)


# ---------------------------------------------------------------------------------------
# tokens


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(session: Session, user: User, kind: TokenKind, *, name: str | None = None,
                ttl: timedelta | None = None) -> tuple[str, AuthToken]:
    """A new token for ``user``: returns the secret (shown once) and its row (only the hash is stored)."""
    secret = secrets.token_urlsafe(32)
    row = AuthToken(token_hash=token_hash(secret), user_id=user.id, kind=kind, name=name,
                    csrf_token=secrets.token_urlsafe(32) if kind == "session" else None,
                    created_at=utcnow(), expires_at=utcnow() + (ttl or (SESSION_TTL if kind == "session" else BEARER_TTL)))
    row.user = user
    session.add(row)
    session.flush()
    return secret, row


@dataclass
class SignedIn:
    """A valid token and its user, read in one query (the user is a detached copy: read-only)."""

    token_id: int
    kind: str
    csrf_token: str | None
    expires_at: datetime | None
    user: User


_TOKEN_COLUMNS = (AuthToken.id, AuthToken.kind, AuthToken.csrf_token, AuthToken.created_at, AuthToken.expires_at,
                  AuthToken.revoked_at, User.id.label("uid"), User.username, User.display_name, User.role, User.unit,
                  User.active, User.password_changed_at)


#: built once (see :func:`find_token`)
_TOKEN_QUERY = (select(*_TOKEN_COLUMNS).join(User, User.id == AuthToken.user_id)
                .where(AuthToken.token_hash == bindparam("token_hash")))


def find_token(session: Session, secret: str, kind: TokenKind) -> SignedIn | None:
    """The valid token of ``kind`` with this secret and its user, else None.

    One Core query per request (no ORM loading): this runs on every API call and page. The
    statement is built once and its value bound at execution, so SQLAlchemy reuses its
    compilation without re-mapping it onto a new statement each time.
    """
    if not secret or len(secret) > 512:
        return None
    r = session.connection().execute(_TOKEN_QUERY, {"token_hash": token_hash(secret)}).first()
    if r is None or r.kind != kind or r.revoked_at is not None:
        return None
    created, expires, changed = (_utc(r.created_at), _utc(r.expires_at), _utc(r.password_changed_at))
    if expires is not None and expires <= utcnow():
        return None
    if not r.active or (changed is not None and created is not None and created < changed):
        return None
    user = User(id=r.uid, username=r.username, display_name=r.display_name, role=r.role, unit=r.unit, active=r.active)
    return SignedIn(r.id, r.kind, r.csrf_token, expires, user)


def _utc(t: datetime | None) -> datetime | None:
    return t.replace(tzinfo=timezone.utc) if t is not None and t.tzinfo is None else t


def csrf_matches(signed_in: SignedIn, sent: str | None) -> bool:
    """The CSRF token sent with an unsafe request equals the session's (constant time)."""
    if not signed_in.csrf_token or not sent:
        return False
    return hmac.compare_digest(signed_in.csrf_token.encode(), sent.encode("utf-8", "surrogatepass"))


def revoke_token(session: Session, token_id: int) -> None:
    """Void a token (signing out)."""
    session.execute(update(AuthToken).where(AuthToken.id == token_id, AuthToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
