"""Editing a stored form: header fields and indicator rows, with optimistic locking and audit.

Every edit:

1. loads the form through the access gate (``edit``: 管理员 or the owning 填报人);
2. checks the client's ``version`` (409 ``stale`` on a mismatch, nothing written) and
   that the form is 草稿 or 已退回 (409 ``not-editable``);
3. applies the change through the jixiao/v1 model (so a value like ``≥5000册`` is parsed
   with :func:`jixiao.values.parse_value`, as the recognizer does, and categories are
   derived from the printed 一级/二级指标 with the recognizer's vocabulary);
4. bumps the form's version by one (also when only a row changed), re-runs the review so
   the findings are current, and writes one audit entry with only the changed keys.

Indicator positions are 0-based, as stored; inserting or deleting a row renumbers the
rows after it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ...model import Form, Funds, Goals, Indicator, Project
from ...recognize.vocab import categorize
from ...review import DEFAULT_PROFILE, Profile, builtin_profiles, load_profile
from ...values import parse_value
from .. import audit
from ..documents import form_model, indicator_row, rereview, set_header
from ..tables import StoredForm, StoredIndicator, User
from .errors import Forbidden, Invalid, NotFound
from .forms import check_editable, check_version, flush, form_for, touch

PROJECT_FIELDS = tuple(Project.model_fields)
FUNDS_FIELDS = tuple(Funds.model_fields)
GOALS_FIELDS = tuple(Goals.model_fields)
INDICATOR_FIELDS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "target_longterm",
                    "weight", "score", "deviation_reason", "actual_grade")
VALUE_FIELDS = ("target", "actual", "target_longterm")
_ROW_COLUMNS = ("level1", "level2", "name", "category", "subcategory", "target", "target_raw", "quantitative", "actual",
                "target_longterm", "weight", "score", "deviation_reason", "actual_grade")


@lru_cache(maxsize=16)
def profile_named(name: str | None) -> Profile:
    """A built-in review profile (only built-in names: a path would read the server's files)."""
    name = name or DEFAULT_PROFILE
    if name not in builtin_profiles():
        raise Invalid("bad-profile", f"未知的审核配置「{name}」（可选：{'、'.join(builtin_profiles())}）",
                      f"unknown review profile {name!r}")
    return load_profile(name)


def form_profile(row: StoredForm) -> Profile:
    """The profile the form was last reviewed under (built-in), else the default."""
    name = (row.review_profile or "").split("@")[0]
    return profile_named(name if name in builtin_profiles() else None)


def _invalid(exc: ValidationError) -> Invalid:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return Invalid("invalid", f"字段「{where}」的值无效", f"invalid value for {where}: {first.get('msg', '')}",
                   [{"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")} for e in exc.errors()])


# ---------------------------------------------------------------------------------------
# snapshots for the audit log


def header_snapshot(row: StoredForm) -> dict[str, Any]:
    """The header as flat keys (``project.name``, ``funds.annual`` …) for before/after."""
    out: dict[str, Any] = {"kind": row.kind, "fiscal_year": row.fiscal_year, "owner_unit": row.owner_unit}
    project = {"name": row.name, "nature": row.nature, "category": row.category, "department": row.department,
               "department_code": row.department_code, "implementing_unit": row.implementing_unit,
               "start_date": row.start_date, "end_date": row.end_date, "extra": dict(row.extra or {})}
    out.update({f"project.{k}": v for k, v in project.items()})
    out.update({f"funds.{k}": (row.funds or {}).get(k) for k in FUNDS_FIELDS})
    out.update({f"goals.{k}": (row.goals or {}).get(k) for k in GOALS_FIELDS})
    return out


def indicator_snapshot(ind: StoredIndicator) -> dict[str, Any]:
    """An indicator row as printed text (values by their printed ``raw``)."""
    out: dict[str, Any] = {}
    for k in INDICATOR_FIELDS:
        v = getattr(ind, k)
        out[k] = v.get("raw") if k in VALUE_FIELDS and isinstance(v, dict) else v
    return out


def _record(session: Session, user: User, row: StoredForm, action: str, before: dict[str, Any],
            after: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
    b, a = audit.changed(before, after)
    b = {**(extra or {}), **b, "version": before.get("version")}
    a = {**(extra or {}), **a, "version": row.version}
    audit.record(session, user, action, "form", row.id, b, a)


# ---------------------------------------------------------------------------------------
# header


def patch_header(session: Session, user: User, form_id: int, version: int, changes: dict[str, Any]) -> StoredForm:
    """Change header fields: ``changes`` may hold ``fiscal_year`` and partial ``project`` / ``funds`` / ``goals``.

    A key present with ``None`` clears the field. A 填报人 may only name their own unit as
    实施单位; when an administrator changes the 实施单位 the form moves to that unit.
    """
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    form = form_model(row)
    data = form.model_dump()
    if "fiscal_year" in changes:
        data["fiscal_year"] = changes["fiscal_year"]
    for part, fields in (("project", PROJECT_FIELDS), ("funds", FUNDS_FIELDS), ("goals", GOALS_FIELDS)):
        for k, v in (changes.get(part) or {}).items():
            if k not in fields:
                raise Invalid("invalid", f"未知字段「{part}.{k}」", f"unknown field {part}.{k}")
            data[part][k] = ({} if v is None else dict(v)) if k == "extra" else v
    try:
        new = Form.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None
    unit = (new.project.implementing_unit or "").strip()
    if user.role == "filler" and unit and unit != user.unit:
        raise Forbidden("forbidden", f"填报人只能以本单位（{user.unit}）为实施单位", "a filler can only name their own unit")
    before = {**header_snapshot(row), "version": row.version}
    touch(row)
    set_header(row, new)
    if unit:
        row.owner_unit = unit
    rereview(row, form_profile(row))
    flush(session)
    _record(session, user, row, "form.update", before, header_snapshot(row))
    return row


# ---------------------------------------------------------------------------------------
# indicator rows


def _indicator_at(row: StoredForm, position: int) -> StoredIndicator:
    if not 0 <= position < len(row.indicators):
        raise NotFound("not-found", f"指标序号 {position} 不存在（本表共 {len(row.indicators)} 项，序号从 0 开始）",
                       f"no indicator at position {position} (the form has {len(row.indicators)}, 0-based)")
    return row.indicators[position]


def _changed_indicator(current: Indicator, changes: dict[str, Any]) -> Indicator:
    data = current.model_dump()
    for k, v in changes.items():
        if k not in INDICATOR_FIELDS:
            raise Invalid("invalid", f"未知字段「{k}」", f"unknown indicator field {k}")
        if k in VALUE_FIELDS:
            text = (v or "").strip()
            parsed = parse_value(text) if text else None
            data[k] = parsed.model_dump() if parsed is not None else None
        elif k == "name":
            data[k] = v or ""
        else:
            data[k] = v
    if ("level1" in changes or "level2" in changes) and not ({"category", "subcategory"} & changes.keys()):
        data["category"], data["subcategory"] = categorize(data["level1"], data["level2"])
    try:
        return Indicator.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None


def set_indicator(dst: StoredIndicator, ind: Indicator) -> None:
    """Copy an indicator's values onto a stored row (keeping its position and where it was read)."""
    fresh = indicator_row(dst.position, ind)
    for col in _ROW_COLUMNS:
        setattr(dst, col, getattr(fresh, col))


def _renumber(session: Session, moves: list[tuple[StoredIndicator, int]]) -> None:
    """Give rows new positions in two steps, so (form, position) stays unique at every statement."""
    moves = [(r, p) for r, p in moves if r.position != p]
    for r, p in moves:
        r.position = -(p + 1)
    flush(session)
    for r, p in moves:
        r.position = p
    flush(session)


def patch_indicator(session: Session, user: User, form_id: int, position: int, version: int,
                    changes: dict[str, Any]) -> StoredForm:
    """Change fields of the indicator row at ``position`` (targets and actuals as printed text)."""
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    target = _indicator_at(row, position)
    before = {**indicator_snapshot(target), "version": row.version}
    new = _changed_indicator(form_model(row).indicators[position], changes)
    touch(row)
    set_indicator(target, new)
    rereview(row, form_profile(row))
    flush(session)
    _record(session, user, row, "indicator.update", before, indicator_snapshot(target), {"position": position})
    return row


def add_indicator(session: Session, user: User, form_id: int, version: int, fields: dict[str, Any],
                  position: int | None = None) -> StoredForm:
    """Insert a new indicator row at ``position`` (default: at the end); later rows move down."""
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    n = len(row.indicators)
    at = n if position is None else position
    if not 0 <= at <= n:
        raise Invalid("invalid", f"插入位置 {at} 无效（可为 0–{n}）", f"position {at} out of range 0..{n}")
    ind = _changed_indicator(Indicator(name=""), fields)
    before_version = row.version
    rows = list(row.indicators)
    _renumber(session, [(r, i + 1) for i, r in enumerate(rows) if i >= at])
    touch(row)  # after the renumbering flushes: the form is updated (and its version bumped) once
    new = indicator_row(at, ind)
    row.indicators.insert(at, new)
    rereview(row, form_profile(row))
    flush(session)
    audit.record(session, user, "indicator.add", "form", row.id, {"position": at, "version": before_version},
                 {"position": at, **indicator_snapshot(new), "version": row.version})
    return row


def delete_indicator(session: Session, user: User, form_id: int, position: int, version: int) -> StoredForm:
    """Delete the indicator row at ``position``; later rows move up."""
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    target = _indicator_at(row, position)
    before = {**indicator_snapshot(target), "version": row.version}
    row.indicators.remove(target)
    flush(session)
    _renumber(session, list(zip(row.indicators, range(len(row.indicators)))))
    touch(row)  # after the renumbering flushes: the form is updated (and its version bumped) once
    rereview(row, form_profile(row))
    flush(session)
    audit.record(session, user, "indicator.delete", "form", row.id, {"position": position, **before},
                 {"position": position, "version": row.version})
    return row
