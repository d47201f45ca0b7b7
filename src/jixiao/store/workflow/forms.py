"""Reading forms as a signed-in user: the access gate, the detail view and the filtered list.

:func:`form_for` is the one door to a stored form: it answers *not found* for an id
that does not exist and *forbidden* for a form the user may not read or act on (a
填报人 asking for another unit's form gets ``forbidden``, never ``not found``, on every
route). Lists never refuse: they are silently limited to what the user may read.

:func:`list_forms` runs one query for the page (only the summary columns, no per-row
loads) and its ``count(*)`` with the same filters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Integer, Select, bindparam, func, select, text, update
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ...model import Funds, Goals, Value
from ...model import Warning as JxWarning
from ..access import can_decide, can_edit, can_read, can_submit, visible, visible_owner
from ..documents import form_model
from ..tables import STATUS_ZH, StoredDocument, StoredFinding, StoredForm, StoredIndicator, StoredScore, User, utcnow
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


def _score(s: Any) -> dict[str, Any]:
    """A scoring (an ORM row or a Core row of the same columns) as the API shows it."""
    return {"id": s.id, "method": s.method, "total": s.total, "grade": s.grade, "complete": s.complete,
            "created_at": _time(s.created_at), "created_by": s.created_by, "evaluation": s.evaluation}


def score_view(row: StoredForm) -> dict[str, Any] | None:
    """The latest scoring of the form (with its evaluation), or None."""
    return _score(row.scores[-1]) if row.scores else None


def _detail(session: Session, r: Any, document: dict[str, Any], form: dict[str, Any], findings: list[dict[str, Any]],
            score: dict[str, Any] | None) -> dict[str, Any]:
    """The detail of a form from its columns ``r`` (an ORM row or a Core row: the same names) and the
    parts read apart: one shape for :func:`form_detail` and :func:`detail`."""
    return {
        "id": r.id, "version": r.version, "status": r.status, "status_zh": STATUS_ZH.get(r.status, r.status),
        "status_by": user_ref(session, r.status_by), "status_at": _time(r.status_at),
        "status_comment": r.status_comment, "owner_unit": r.owner_unit, "position": r.position,
        "document": document, "form": form, "findings": findings,
        "counts": {"error": r.errors, "warning": r.warnings_count, "info": r.infos},
        "indicators": r.indicator_count, "quantitative_share": r.quantitative_share,
        "review_profile": r.review_profile, "coverage": r.coverage, "score": score,
        "created_at": _time(r.created_at), "updated_at": _time(r.updated_at),
    }


def form_detail(session: Session, row: StoredForm) -> dict[str, Any]:
    """Everything about one form: state, document, the jixiao/v1 form, findings, counts, latest score."""
    doc = row.document
    return _detail(session, row, {"id": doc.id, "filename": doc.filename, "format": doc.format, "sha256": doc.sha256},
                   form_model(row).model_dump(mode="json"), [finding_view(f) for f in row.findings], score_view(row))


# ---------------------------------------------------------------------------------------
# the detail, read without ORM objects

_DETAIL_FORM = (
    StoredForm.id, StoredForm.version, StoredForm.status, StoredForm.status_by, StoredForm.status_at,
    StoredForm.status_comment, StoredForm.owner_unit, StoredForm.position, StoredForm.kind, StoredForm.fiscal_year,
    StoredForm.name, StoredForm.nature, StoredForm.category, StoredForm.department, StoredForm.department_code,
    StoredForm.implementing_unit, StoredForm.start_date, StoredForm.end_date, StoredForm.extra, StoredForm.funds,
    StoredForm.goals, StoredForm.warnings, StoredForm.errors, StoredForm.warnings_count, StoredForm.infos,
    StoredForm.indicator_count, StoredForm.quantitative_share, StoredForm.review_profile, StoredForm.coverage,
    StoredForm.created_at, StoredForm.updated_at, StoredDocument.id.label("doc_id"), StoredDocument.filename,
    StoredDocument.format, StoredDocument.sha256,
)
_DETAIL_INDICATOR = (
    StoredIndicator.level1, StoredIndicator.level2, StoredIndicator.name, StoredIndicator.category,
    StoredIndicator.subcategory, StoredIndicator.target, StoredIndicator.actual, StoredIndicator.weight,
    StoredIndicator.score, StoredIndicator.target_longterm, StoredIndicator.deviation_reason,
    StoredIndicator.actual_grade, StoredIndicator.where_page, StoredIndicator.where_line, StoredIndicator.where_cell,
)
_DETAIL_FINDING = (StoredFinding.id, *(getattr(StoredFinding, k) for k in FINDING_FIELDS))
_DETAIL_SCORE = (StoredScore.id, StoredScore.method, StoredScore.total, StoredScore.grade, StoredScore.complete,
                 StoredScore.created_at, StoredScore.created_by, StoredScore.evaluation)
# built once: executing the very statement that was compiled skips SQLAlchemy's per-execution
# mapping of a cached compilation onto a new, equal statement (costly for 35 columns)
_FORM_ID = bindparam("form_id", type_=Integer)
_Q_FORM = select(*_DETAIL_FORM).join(StoredDocument, StoredDocument.id == StoredForm.document_id).where(StoredForm.id == _FORM_ID)
_Q_INDICATORS = select(*_DETAIL_INDICATOR).where(StoredIndicator.form_id == _FORM_ID).order_by(StoredIndicator.position)
_Q_FINDINGS = select(*_DETAIL_FINDING).where(StoredFinding.form_id == _FORM_ID).order_by(StoredFinding.id)
_Q_SCORE = select(*_DETAIL_SCORE).where(StoredScore.form_id == _FORM_ID).order_by(StoredScore.id.desc()).limit(1)
#: the keys of the jixiao/v1 models, in their order, with their defaults (what ``model_dump`` gives)
_VALUE_KEYS = {k: f.get_default() for k, f in Value.model_fields.items()}
_FUNDS_KEYS = {k: f.get_default() for k, f in Funds.model_fields.items()}
_GOALS_KEYS = {k: f.get_default() for k, f in Goals.model_fields.items()}
_WARNING_KEYS = {k: f.get_default() for k, f in JxWarning.model_fields.items()}


def _dump_value(d: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if d is None else {**_VALUE_KEYS, **d}


def detail(session: Session, user: User, form_id: int) -> dict[str, Any]:
    """:func:`form_detail` of the form ``form_id`` for ``user`` (same access rules as :func:`form_for`),
    read with four Core queries into plain data, without ORM objects or models.

    Reading a form is what the API's ``GET /forms/{id}`` and the detail page do most; the
    ORM path (:func:`load_form` then :func:`form_detail`) builds objects and a pydantic
    model only to dump them again. The result is the same value (``tests/test_api_forms.py``
    compares both for every example form).
    """
    conn = session.connection()
    key = {"form_id": form_id}
    r = conn.execute(_Q_FORM, key).first()
    if r is None:
        raise form_not_found(form_id)
    if not can_read(user, r):  # the row has the form's owner_unit
        raise other_unit()
    indicators = [{
        "level1": i.level1, "level2": i.level2, "name": i.name, "category": i.category, "subcategory": i.subcategory,
        "target": _dump_value(i.target), "actual": _dump_value(i.actual), "weight": i.weight, "score": i.score,
        "target_longterm": _dump_value(i.target_longterm), "deviation_reason": i.deviation_reason,
        "actual_grade": i.actual_grade, "where": {"page": i.where_page, "line": i.where_line, "cell": i.where_cell},
    } for i in conn.execute(_Q_INDICATORS, key)]
    findings = [dict(f._mapping) for f in conn.execute(_Q_FINDINGS, key)]
    s = conn.execute(_Q_SCORE, key).first()
    score = None if s is None else _score(s)
    form = {
        "kind": r.kind, "fiscal_year": r.fiscal_year,
        "project": {"name": r.name, "nature": r.nature, "category": r.category, "department": r.department,
                    "department_code": r.department_code, "implementing_unit": r.implementing_unit,
                    "start_date": r.start_date, "end_date": r.end_date, "extra": dict(r.extra or {})},
        "funds": {**_FUNDS_KEYS, **(r.funds or {})}, "goals": {**_GOALS_KEYS, **(r.goals or {})},
        "indicators": indicators, "evaluation": score["evaluation"] if score else None,
        "warnings": [{**_WARNING_KEYS, **w} for w in r.warnings or []],
    }
    document = {"id": r.doc_id, "filename": r.filename, "format": r.format, "sha256": r.sha256}
    return _detail(session, r, document, form, findings, score)


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


#: the list's filters: FormFilter field -> column (compared with ``=``)
_EQUAL_FILTERS = (("department", StoredForm.department), ("unit", StoredForm.owner_unit),
                  ("year", StoredForm.fiscal_year), ("kind", StoredForm.kind), ("status", StoredForm.status))


def _filter_shape(user: User, f: FormFilter, dialect: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Which conditions the list needs (its shape) and the values to bind to them.

    The search ``q`` matches the project name or any indicator name: it looks in
    ``forms.search_text`` (names, lower case) through its trigram index (migration 0003):
    on SQLite the FTS5 table ``forms_search`` answers a phrase query for ``q`` of 3
    characters or more (a trigram phrase is exactly a substring); shorter ones scan the
    column. On PostgreSQL ``LIKE '%q%'`` uses the ``pg_trgm`` GIN index. Wildcards in ``q``
    are literal.
    """
    shape: list[str] = []
    params: dict[str, Any] = {}
    owner = visible_owner(user)
    if owner is not None:
        shape.append("owner")
        params["owner"] = owner
    for name, _col in _EQUAL_FILTERS:
        value = getattr(f, name)
        if value is not None:
            shape.append(name)
            params[name] = value
    if f.has_errors is not None:
        shape.append("with-errors" if f.has_errors else "without-errors")
    q = (f.q or "").strip().lower()
    if q:
        if dialect == "sqlite" and len(q) >= 3:
            shape.append("phrase")
            params["phrase"] = '"' + q.replace('"', '""') + '"'
        else:
            shape.append("like")
            params["like"] = "%" + q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    return tuple(shape), params


def _conditions(shape: tuple[str, ...]) -> list[Any]:
    """The WHERE conditions of a filter shape, with named bound parameters (:func:`_filter_shape`)."""
    out: list[Any] = []
    for part in shape:
        if part == "owner":
            out.append(StoredForm.owner_unit == bindparam("owner"))
        elif part == "with-errors":
            out.append(StoredForm.errors > 0)
        elif part == "without-errors":
            out.append(StoredForm.errors == 0)
        elif part == "phrase":
            out.append(StoredForm.id.in_(text("SELECT rowid FROM forms_search WHERE forms_search MATCH :phrase")
                                         .columns(rowid=Integer)))
        elif part == "like":
            out.append(StoredForm.search_text.like(bindparam("like"), escape="/"))
        else:
            out.append(dict(_EQUAL_FILTERS)[part] == bindparam(part))
    return out


def _order(sort: str, dialect: str) -> list[Any]:
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    col = SORTS[key]
    if key in _TEXT_SORTS and dialect == "postgresql":
        col = col.collate("C")
    order = col.desc() if desc else col.asc()
    if key not in _NOT_NULL_SORTS:
        order = order.nulls_last()
    return [order] if key == "id" else [order, StoredForm.id.desc() if desc else StoredForm.id.asc()]


_LIMIT, _OFFSET = bindparam("limit", type_=Integer), bindparam("offset", type_=Integer)
_list_statements: dict[tuple[Any, ...], Select] = {}


def _list_statement(kind: str, shape: tuple[str, ...], sort: str, dialect: str) -> Select:
    """The list's statement of ``kind`` for a filter shape and sort, built once: ``"count"`` (the
    total alone), ``"page"`` (a page with its total as a scalar subquery: filters that an index
    answers, counted apart from the page) or ``"windowed"`` (a page with its total as a window
    function: the search, whose condition is then evaluated once for both).

    The values are bound at execution: the same statement object runs for every request of
    that shape, so SQLAlchemy neither builds a cache key nor maps a cached compilation onto
    a new statement each time.
    """
    key = (kind, shape, sort, dialect)
    stmt = _list_statements.get(key)
    if stmt is None:
        conditions, order = _conditions(shape), _order(sort, dialect)
        if kind == "count":
            stmt = select(func.count()).select_from(StoredForm).where(*conditions)
        elif kind == "page":
            # a deferred join: the page's ids first (walking an index, skipping ``offset`` entries
            # without reading their rows), then those rows: a deep page costs what the first does;
            # the total rides along as an uncorrelated scalar subquery (counted once), saving a statement
            ids = select(StoredForm.id).where(*conditions).order_by(*order).limit(_LIMIT).offset(_OFFSET)
            total = select(func.count()).select_from(StoredForm).where(*conditions).correlate(None).scalar_subquery()
            stmt = select(*_COLUMNS, total.label("total_rows")).where(StoredForm.id.in_(ids)).order_by(*order)
        elif kind == "windowed":
            stmt = (select(*_COLUMNS, func.count().over().label("total_rows")).where(*conditions)
                    .order_by(*order).limit(_LIMIT).offset(_OFFSET))
        _list_statements[key] = stmt
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

    One query: the page (summary columns only) with its total, counted by a scalar
    subquery, or with a search ``q`` (which scans the indicator rows) by a window function;
    a page past the end (no rows to carry the total) then counts separately.
    """
    dialect = session.get_bind().dialect.name
    shape, params = _filter_shape(user, f, dialect)
    conn = session.connection()
    kind = "windowed" if "phrase" in shape or "like" in shape else "page"
    rows = conn.execute(_list_statement(kind, shape, sort, dialect),
                        {**params, "limit": per_page, "offset": (page - 1) * per_page}).all()
    if rows:
        return [summary(r) for r in rows], rows[0].total_rows
    if page == 1:
        return [], 0  # nothing matches
    return [], conn.execute(_list_statement("count", shape, sort, dialect), params).scalar() or 0
