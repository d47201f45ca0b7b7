"""The database tables (SQLAlchemy 2 ORM): documents, forms, indicators, findings, scores, users, audit.

One schema serves SQLite and PostgreSQL; Alembic migrations in ``migrations/``
create it (``jixiao db upgrade``). Design decisions:

* ``documents.sha256`` is unique: the original bytes are kept once, and storing the
  same file again adds nothing.
* A form's header, funds and goals are columns/JSON on ``forms``; its indicator rows
  are rows of ``indicators`` (queried for statistics and search). The jixiao/v1
  :class:`jixiao.model.Form` is rebuilt from them (:func:`jixiao.store.documents.form_model`).
* ``forms.version`` is SQLAlchemy's optimistic-locking counter: an update that does not
  see the version it read fails instead of overwriting someone else's change.
* ``forms.owner_unit`` decides which 填报人 may see the form: the printed 实施单位, or
  the uploading 填报人's unit when none is printed.
* Times are UTC.
* Search over names uses ``forms.search_text`` with a trigram index: an FTS5 table
  ``forms_search`` kept in step by triggers on SQLite, a ``pg_trgm`` GIN index on
  PostgreSQL (both made by migration 0003, not by these models).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on both databases (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


#: Roles: 管理员 / 审核人 / 填报人.
ROLES = ("admin", "reviewer", "filler")
ROLE_ZH = {"admin": "管理员", "reviewer": "审核人", "filler": "填报人"}
#: Form statuses: 草稿 → 已提交 → 已审核 / 已退回.
STATUSES = ("draft", "submitted", "approved", "returned")
STATUS_ZH = {"draft": "草稿", "submitted": "已提交", "approved": "已审核", "returned": "已退回"}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(255), doc="the 填报人's 实施单位")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuthToken(Base):
    """A browser session (cookie + CSRF token) or a bearer token for scripts; only the hash is kept."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), doc="session | bearer")
    csrf_token: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="joined")


class StoredDocument(Base):
    """One original file, kept byte for byte."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str | None] = mapped_column(String(1024))
    format: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    title: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[list[Any]] = mapped_column(default=list)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    forms: Mapped[list["StoredForm"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="StoredForm.position"
    )


class IngestFailure(Base):
    """A file that could not be read, with the reason; ``key`` is its sha256 (or its path if unreadable)."""

    __tablename__ = "ingest_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(1100), unique=True)
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredForm(Base):
    __tablename__ = "forms"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        Index("ix_forms_dept_year_updated", "department", "fiscal_year", "updated_at", "id"),  # one department-year, newest first
        Index("ix_forms_updated_at", "updated_at", "id"),  # "recently changed" pages, ties by id, both directions
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, doc="0-based index of the form in its document")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    fiscal_year: Mapped[int | None] = mapped_column(Integer, index=True)
    name: Mapped[str | None] = mapped_column(String(1024))
    department: Mapped[str | None] = mapped_column(String(255))
    department_code: Mapped[str | None] = mapped_column(String(64))
    implementing_unit: Mapped[str | None] = mapped_column(String(255))
    owner_unit: Mapped[str | None] = mapped_column(String(255), index=True)
    nature: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(255))
    start_date: Mapped[str | None] = mapped_column(String(10))
    end_date: Mapped[str | None] = mapped_column(String(10))
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    funds: Mapped[dict[str, Any]] = mapped_column(default=dict)
    amount: Mapped[float | None] = mapped_column(Float, index=True, doc="the project's money in 元 for statistics: annual, else budget, else total")
    goals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    warnings: Mapped[list[Any]] = mapped_column(default=list)

    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    status_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status_at: Mapped[datetime | None] = mapped_column()
    status_comment: Mapped[str | None] = mapped_column(Text)

    review_profile: Mapped[str | None] = mapped_column(String(128))
    errors: Mapped[int] = mapped_column(Integer, default=0, index=True)
    warnings_count: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    indicator_count: Mapped[int] = mapped_column(Integer, default=0)
    quantitative_share: Mapped[float | None] = mapped_column(Float)
    coverage: Mapped[dict[str, Any]] = mapped_column(default=dict)
    search_text: Mapped[str | None] = mapped_column(
        Text, doc="project name and indicator names, lower case, one per line: what the search ``q`` looks in")

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    document: Mapped[StoredDocument] = relationship(back_populates="forms")
    indicators: Mapped[list["StoredIndicator"]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="StoredIndicator.position"
    )
    findings: Mapped[list["StoredFinding"]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="StoredFinding.id"
    )
    scores: Mapped[list["StoredScore"]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="StoredScore.id"
    )

    __mapper_args__ = {"version_id_col": version}


class StoredIndicator(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("form_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, doc="0-based row index in the form")
    level1: Mapped[str | None] = mapped_column(String(255))
    level2: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64), index=True)
    subcategory: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    target_raw: Mapped[str | None] = mapped_column(Text)
    quantitative: Mapped[bool] = mapped_column(Boolean, default=False)
    actual: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    target_longterm: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    deviation_reason: Mapped[str | None] = mapped_column(Text)
    actual_grade: Mapped[str | None] = mapped_column(String(64))
    where_page: Mapped[int | None] = mapped_column(Integer)
    where_line: Mapped[int | None] = mapped_column(Integer)
    where_cell: Mapped[str | None] = mapped_column(String(255))

    form: Mapped[StoredForm] = relationship(back_populates="indicators")


class StoredFinding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(255))
    dimension: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[int | None] = mapped_column(Integer, doc="0-based indicator row, when about one")
    indicator_name: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(64))
    line: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer)
    cell: Mapped[str | None] = mapped_column(String(255))
    fix: Mapped[str | None] = mapped_column(Text)
    citation: Mapped[str | None] = mapped_column(Text)

    form: Mapped[StoredForm] = relationship(back_populates="findings")


class StoredScore(Base):
    """One scoring of a self-evaluation under a method (the latest is the current one)."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(128))
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(8))
    complete: Mapped[bool] = mapped_column(Boolean)
    evaluation: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    form: Mapped[StoredForm] = relationship(back_populates="scores")


class AuditEntry(Base):
    """Every change: who, when, what, before, after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(128), doc="username at the time, or 'cli' / 'ingest'")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
