"""Reading forms as a signed-in user: the access gate, the detail view and the filtered list.

:func:`form_for` is the one door to a stored form: it answers *not found* for an id
that does not exist and *forbidden* for a form the user may not read or act on (a
填报人 asking for another unit's form gets ``forbidden``, never ``not found``, on every
route). Lists never refuse: they are silently limited to what the user may read.

:func:`list_forms` runs one query for the page (only the summary columns, no per-row
loads) and one ``count(*)`` with the same filters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Integer, Select, func, select, text, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..access import can_decide, can_edit, can_read, can_submit, visible
from ..documents import form_model
from ..tables import STATUS_ZH, StoredFinding, StoredForm, User, utcnow
from .errors import Forbidden, form_not_found, not_editable, other_unit, stale

Need = Literal["read", "edit", "submit", "decide"]
#: Statuses whose content (header, indicators, actuals) may be edited.
EDITABLE = ("draft", "returned")

FINDING_FIELDS = ("code", "severity", "message", "rule", "dimension", "indicator", "indicator_name", "field",
                  "line", "page", "cell", "fix", "citation")


def load_form(session: Session, form_id: int, *, full: bool = True) -> StoredForm:
    """The stored form with this id (rows, findings, scores and document loaded when ``full``)."""
    opts = [selectinload(StoredForm.indicators), selectinload(StoredForm.findings), selectinload(StoredForm.scores),
            joinedload(StoredForm.document)] if full else []
    row = session.get(StoredForm, form_id, options=opts)
    if row is None:
        raise form_not_found(form_id)
    return row


def lock_form(session: Session, form_id: int) -> None:
    """Take the form's write lock for the rest of the transaction, before it is read.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the row. SQLite: a write that changes nothing
    takes the database's write lock (SQLite has no row locks). Concurrent edits of one
    form are then serialised, so the version check that follows is exact.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(StoredForm.id).where(StoredForm.id == form_id).with_for_update())
    else:
        session.execute(update(StoredForm).where(StoredForm.id == form_id).values(version=StoredForm.version)
                        .execution_options(synchronize_session=False))


def form_for(session: Session, user: User, form_id: int, need: Need = "read", *, full: bool = True,
             lock: bool = False) -> StoredForm:
    """The form ``form_id`` if ``user`` may do ``need`` with it; else :class:`NotFound` / :class:`Forbidden`.

    ``lock`` (for changes) takes the form's write lock first (:func:`lock_form`).
    """
    if lock:
        lock_form(session, form_id)
    row = load_form(session, form_id, full=full)
    if not can_read(user, row):
        raise other_unit()
    if need == "edit" and not can_edit(user, row):
        raise Forbidden("forbidden", "审核人不能修改表的内容（只能审核、退回）", "a reviewer cannot edit form content")
    if need == "submit" and not can_submit(user, row):
        raise Forbidden("forbidden", "只有本单位填报人或管理员可以提交", "only the unit's filler or an administrator can submit")
    if need == "decide" and not can_decide(user):
        raise Forbidden("forbidden", "只有审核人或管理员可以审核通过或退回", "only a reviewer or an administrator can approve or return")
    return row


def check_version(row: StoredForm, version: int | None) -> None:
    """Optimistic locking: the client's ``version`` must be the stored one, else 409 ``stale``."""
    if version is None or version != row.version:
        raise stale(version, row.version)


def check_editable(row: StoredForm) -> None:
    """Content may change only in 草稿 or 已退回, else 409 ``not-editable``."""
    if row.status not in EDITABLE:
        raise not_editable(row.status)


def touch(row: StoredForm) -> None:
    """Mark the form changed, so its version goes up even when only its rows changed."""
    row.updated_at = utcnow()


def flush(session: Session) -> None:
    """Flush, turning a lost optimistic-locking race into 409 ``stale``."""
    try:
        session.flush()
    except StaleDataError:
        raise stale(None, None) from None


# ---------------------------------------------------------------------------------------
# views


def _time(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def user_ref(session: Session, user_id: int | None) -> dict[str, Any] | None:
    if user_id is None:
        return None
    u = session.get(User, user_id)
    if u is None:
        return {"id": user_id, "username": None, "display_name": None}
    return {"id": u.id, "username": u.username, "display_name": u.display_name}


def finding_view(f: StoredFinding) -> dict[str, Any]:
    return {"id": f.id, **{k: getattr(f, k) for k in FINDING_FIELDS}}


def score_view(row: StoredForm) -> dict[str, Any] | None:
    """The latest scoring of the form (with its evaluation), or None."""
    if not row.scores:
        return None
    s = row.scores[-1]
    return {"id": s.id, "method": s.method, "total": s.total, "grade": s.grade, "complete": s.complete,
            "created_at": _time(s.created_at), "created_by": s.created_by, "evaluation": s.evaluation}


def form_detail(session: Session, row: StoredForm) -> dict[str, Any]:
    """Everything about one form: state, document, the jixiao/v1 form, findings, counts, latest score."""
    doc = row.document
    return {
        "id": row.id,
        "version": row.version,
        "status": row.status,
        "status_zh": STATUS_ZH.get(row.status, row.status),
        "status_by": user_ref(session, row.status_by),
        "status_at": _time(row.status_at),
        "status_comment": row.status_comment,
        "owner_unit": row.owner_unit,
        "position": row.position,
        "document": {"id": doc.id, "filename": doc.filename, "format": doc.format, "sha256": doc.sha256},
        "form": form_model(row).model_dump(mode="json"),
        "findings": [finding_view(f) for f in row.findings],
        "counts": {"error": row.errors, "warning": row.warnings_count, "info": row.infos},
        "indicators": row.indicator_count,
        "quantitative_share": row.quantitative_share,
        "review_profile": row.review_profile,
        "coverage": row.coverage,
        "score": score_view(row),
        "created_at": _time(row.created_at),
        "updated_at": _time(row.updated_at),
    }


# ---------------------------------------------------------------------------------------
# the list


@dataclass
class FormFilter:
    """Filters of the form list; ``None`` means no filter."""

    department: str | None = None
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    status: str | None = None
    has_errors: bool | None = None
    q: str | None = None


SORTS: dict[str, Any] = {
    "name": StoredForm.name, "year": StoredForm.fiscal_year, "department": StoredForm.department,
    "unit": StoredForm.owner_unit, "status": StoredForm.status, "errors": StoredForm.errors,
    "updated_at": StoredForm.updated_at, "amount": StoredForm.amount, "id": StoredForm.id,
}
SORT_KEYS = tuple(SORTS) + tuple(f"-{k}" for k in SORTS)
_TEXT_SORTS = {"name", "department", "unit", "status"}
_NOT_NULL_SORTS = {"id", "status", "errors", "updated_at"}

_COLUMNS = (
    StoredForm.id, StoredForm.version, StoredForm.status, StoredForm.kind, StoredForm.fiscal_year, StoredForm.name,
    StoredForm.department, StoredForm.implementing_unit, StoredForm.owner_unit, StoredForm.amount, StoredForm.errors,
    StoredForm.warnings_count, StoredForm.infos, StoredForm.indicator_count, StoredForm.quantitative_share,
    StoredForm.document_id, StoredForm.position, StoredForm.status_at, StoredForm.updated_at,
)


def _matches(q: str, dialect: str) -> Any:
    """The forms whose project name or an indicator name contains ``q`` (case-insensitive, wildcards literal).

    Looks in ``forms.search_text`` (names, lower case) through its trigram index
    (migration 0003): on SQLite the FTS5 table ``forms_search`` answers a phrase query for
    ``q`` of 3 characters or more (a trigram phrase is exactly a substring); shorter ones
    scan the column. On PostgreSQL ``LIKE '%q%'`` uses the ``pg_trgm`` GIN index.
    """
    q = q.lower()
    if dialect == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        return StoredForm.id.in_(text("SELECT rowid FROM forms_search WHERE forms_search MATCH :phrase")
                                 .bindparams(phrase=phrase).columns(rowid=Integer))
    return StoredForm.search_text.contains(q, autoescape=True)


def filtered(stmt: Select, user: User, f: FormFilter, dialect: str = "sqlite") -> Select:
    """``stmt`` over ``forms`` with the user's visibility and the filters applied.

    The search ``q`` matches the project name or any indicator name (:func:`_matches`).
    """
    stmt = visible(stmt, user)
    if f.department is not None:
        stmt = stmt.where(StoredForm.department == f.department)
    if f.unit is not None:
        stmt = stmt.where(StoredForm.owner_unit == f.unit)
    if f.year is not None:
        stmt = stmt.where(StoredForm.fiscal_year == f.year)
    if f.kind is not None:
        stmt = stmt.where(StoredForm.kind == f.kind)
    if f.status is not None:
        stmt = stmt.where(StoredForm.status == f.status)
    if f.has_errors is not None:
        stmt = stmt.where(StoredForm.errors > 0 if f.has_errors else StoredForm.errors == 0)
    q = (f.q or "").strip()
    if q:
        stmt = stmt.where(_matches(q, dialect))
    return stmt


def summary(r: Any) -> dict[str, Any]:
    """One list item from a row of the summary columns (:data:`_COLUMNS`, unpacked by position: fast)."""
    (id_, version, status, kind, year, name, department, unit, owner, amount, errors, warnings, infos, n_ind,
     share, document_id, position, status_at, updated_at) = r[:19]
    return {
        "id": id_, "version": version, "status": status, "status_zh": STATUS_ZH.get(status, status),
        "kind": kind, "fiscal_year": year, "name": name, "department": department,
        "implementing_unit": unit, "owner_unit": owner, "amount": amount,
        "counts": {"error": errors, "warning": warnings, "info": infos},
        "indicators": n_ind, "quantitative_share": share,
        "document_id": document_id, "position": position,
        "status_at": _time(status_at), "updated_at": _time(updated_at),
    }


#: how long :func:`facets` answers from memory (seconds)
FACETS_TTL = 30.0
_facets_cache: dict[tuple[str, str, str | None, int], tuple[float, dict[str, list[Any]]]] = {}


def facets(session: Session, user: User, limit: int = 500) -> dict[str, list[Any]]:
    """The values the list can be filtered by, among the forms ``user`` may read: departments,
    owning units and years (each sorted, at most ``limit``), for the filter controls.

    They are suggestions for the filter fields, asked on every list page, so each process
    keeps them :data:`FACETS_TTL` seconds per database and visibility (role, unit): a
    department first uploaded seconds ago may be missing from the suggestions for that
    long (typing it still filters). Three ``DISTINCT`` scans saved per page.
    """
    cache_key = (str(session.get_bind().url), user.role if user.role == "filler" else "all",
                 user.unit if user.role == "filler" else None, limit)
    now = time.monotonic()
    hit = _facets_cache.get(cache_key)
    if hit is not None and now - hit[0] < FACETS_TTL:
        return hit[1]
    out: dict[str, list[Any]] = {}
    for key, col in (("departments", StoredForm.department), ("units", StoredForm.owner_unit),
                     ("years", StoredForm.fiscal_year)):
        stmt = visible(select(col).where(col.is_not(None)).distinct(), user).order_by(col).limit(limit)
        out[key] = list(session.scalars(stmt))
    out["years"].reverse()  # newest first
    if len(_facets_cache) > 1000:
        _facets_cache.clear()
    _facets_cache[cache_key] = (now, out)
    return out


def summary_of(form: StoredForm) -> dict[str, Any]:
    """The list item of a loaded form (the same shape as :func:`summary` of its row)."""
    return summary(tuple(getattr(form, c.key) for c in _COLUMNS))


def list_forms(session: Session, user: User, f: FormFilter, *, sort: str = "id", page: int = 1,
               per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
    """One page of the forms ``user`` may read, matching ``f``; returns ``(items, total)``.

    ``sort`` is a key of :data:`SORTS`, ``-`` first for descending; missing values sort
    last, text by code point on both databases, ties by id in the same direction (so an
    index on the sort column serves both directions).

    Two queries: ``count(*)`` and the page (summary columns only). With a search ``q``
    (which scans the indicator rows) it is one query, the total counted by a window
    function; a page past the end then counts separately.
    """
    dialect = session.get_bind().dialect.name
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    col = SORTS[key]
    if key in _TEXT_SORTS and dialect == "postgresql":
        col = col.collate("C")
    order = col.desc() if desc else col.asc()
    if key not in _NOT_NULL_SORTS:
        order = order.nulls_last()
    orders = [order] if key == "id" else [order, StoredForm.id.desc() if desc else StoredForm.id.asc()]
    offset = (page - 1) * per_page
    if (f.q or "").strip():
        stmt = filtered(select(*_COLUMNS, func.count().over().label("total_rows")), user, f, dialect)
        rows = session.execute(stmt.order_by(*orders).limit(per_page).offset(offset)).all()
        if rows:
            return [summary(r) for r in rows], rows[0].total_rows
        if page == 1:
            return [], 0
        return [], session.scalar(filtered(select(func.count()).select_from(StoredForm), user, f, dialect)) or 0
    total = session.scalar(filtered(select(func.count()).select_from(StoredForm), user, f, dialect)) or 0
    if not total or offset >= total:
        return [], total
    rows = session.execute(filtered(select(*_COLUMNS), user, f, dialect).order_by(*orders).limit(per_page).offset(offset)).all()
    return [summary(r) for r in rows], total
