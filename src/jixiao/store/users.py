"""Users, roles and passwords (argon2).

Roles: ``admin`` 管理员 (everything), ``reviewer`` 审核人 (reads and reviews every unit's
forms, approves or returns them with a comment), ``filler`` 填报人 (reads and edits only
the forms of their own unit, given as ``unit`` = the 实施单位 printed on the forms).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .db import DatabaseError
from .tables import ROLE_ZH, ROLES, User, utcnow

_hasher = PasswordHasher()

#: Accepted spellings of each role (English code, Chinese name).
ROLE_NAMES = {**{r: r for r in ROLES}, **{zh: r for r, zh in ROLE_ZH.items()}}
MIN_PASSWORD = 8


class UserError(DatabaseError):
    """A user operation was refused (duplicate name, bad role, weak password …)."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码至少 {MIN_PASSWORD} 个字符", f"the password needs at least {MIN_PASSWORD} characters")


def role_code(role: str) -> str:
    code = ROLE_NAMES.get(role.strip().lower() if role.isascii() else role.strip())
    if code is None:
        raise UserError(f"未知角色「{role}」", f"unknown role {role!r}",
                        "可选：admin 管理员、reviewer 审核人、filler 填报人。")
    return code


def get_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def add_user(session: Session, username: str, password: str, role: str, *, unit: str | None = None,
             display_name: str | None = None, actor: User | str = "cli") -> User:
    username = username.strip()
    if not username:
        raise UserError("用户名不能为空", "the user name is empty")
    code = role_code(role)
    if code == "filler" and not (unit and unit.strip()):
        raise UserError("填报人必须指定所属单位（--unit，即表中的实施单位）", "a filler needs a unit (--unit)")
    check_password_strength(password)
    if get_user(session, username) is not None:
        raise UserError(f"用户「{username}」已存在", f"user {username!r} already exists", "修改密码请用 jixiao user passwd。")
    user = User(username=username, display_name=display_name, password_hash=hash_password(password), role=code,
                unit=unit.strip() if unit else None)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.add", "user", user.id, None, public(user))
    return user


def set_password(session: Session, username: str, password: str, *, actor: User | str = "cli") -> User:
    user = get_user(session, username)
    if user is None:
        raise UserError(f"用户「{username}」不存在", f"no user {username!r}", "用 jixiao user list 查看用户。")
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "user.passwd", "user", user.id, None, {"password": "（已修改 / changed）"})
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (same answer for either mistake)."""
    user = get_user(session, username)
    if user is None or not user.active:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def public(user: User) -> dict:
    """What may be shown about a user (never the hash)."""
    return {"id": user.id, "username": user.username, "display_name": user.display_name, "role": user.role,
            "role_zh": ROLE_ZH[user.role], "unit": user.unit, "active": user.active}
