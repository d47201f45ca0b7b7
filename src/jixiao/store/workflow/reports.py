"""Statistics per department and year (the 仪表盘's aggregates included), and the audit history.

:func:`stats` aggregates the forms a user may read (a 填报人: their unit's) in four
grouped queries: the forms, their indicator rows, their latest scores, and the most
frequent finding codes. Averages use each form's latest score only. :func:`dashboard` adds
what the 仪表盘 charts: indicator rows by 一级/二级 category, the projects with the most
money, and the latest scores by grade and in 10-point bins.

:func:`form_history` is everything the audit log says about one form (its edits, rows,
transitions, scorings and reviews, and the upload of its document); :func:`audit_log`
is the whole log, for 管理员.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from ..access import can_read, can_read_audit_log, visible
from ..tables import STATUSES, AuditEntry, StoredFinding, StoredForm, StoredIndicator, StoredScore, User
from .errors import Forbidden, form_not_found, other_unit

TOP_FINDINGS = 10


def _scope(stmt: Select, user: User, department: str | None, year: int | None) -> Select:
    stmt = visible(stmt, user)
    if department is not None:
        stmt = stmt.where(StoredForm.department == department)
    if year is not None:
        stmt = stmt.where(StoredForm.fiscal_year == year)
    return stmt


def _round(x: float | None, n: int = 2) -> float | None:
    return None if x is None else round(float(x), n)


def stats(session: Session, user: User, *, department: str | None = None, year: int | None = None) -> dict[str, Any]:
    """Per (department, year): forms, indicators, quantitative share, findings, money, statuses, scores."""
    dept, yr = StoredForm.department, StoredForm.fiscal_year
    status_cols = [func.sum(case((StoredForm.status == s, 1), else_=0)).label(s) for s in STATUSES]
    forms_q = _scope(select(
        dept, yr, func.count(StoredForm.id).label("forms"), func.sum(StoredForm.errors).label("errors"),
        func.sum(StoredForm.warnings_count).label("warnings"), func.sum(StoredForm.infos).label("infos"),
        func.sum(case((StoredForm.errors > 0, 1), else_=0)).label("with_errors"),
        func.sum(StoredForm.amount).label("amount"), *status_cols,
    ), user, department, year).group_by(dept, yr)
    groups: dict[tuple[str | None, int | None], dict[str, Any]] = {}
    for r in session.execute(forms_q):
        groups[(r.department, r.fiscal_year)] = {
            "department": r.department, "year": r.fiscal_year, "forms": r.forms, "indicators": 0,
            "quantitative_indicators": 0, "quantitative_share": None, "errors": r.errors or 0,
            "warnings": r.warnings or 0, "infos": r.infos or 0, "forms_with_errors": r.with_errors or 0,
            "amount": _round(r.amount), "statuses": {s: getattr(r, s) or 0 for s in STATUSES},
            "scored": 0, "average_score": None, "grades": {},
        }
    rows_q = _scope(select(
        dept, yr, func.count(StoredIndicator.id).label("n"),
        func.sum(case((StoredIndicator.quantitative.is_(True), 1), else_=0)).label("quant"),
    ).select_from(StoredForm).join(StoredIndicator, StoredIndicator.form_id == StoredForm.id),
        user, department, year).group_by(dept, yr)
    for r in session.execute(rows_q):
        g = groups[(r.department, r.fiscal_year)]
        g["indicators"], g["quantitative_indicators"] = r.n, r.quant or 0
        g["quantitative_share"] = _round((r.quant or 0) / r.n, 4) if r.n else None
    latest = select(StoredScore.form_id, func.max(StoredScore.id).label("sid")).group_by(StoredScore.form_id).subquery()
    scores_q = _scope(select(
        dept, yr, StoredScore.grade, func.count(StoredScore.id).label("n"), func.sum(StoredScore.total).label("sum"),
    ).select_from(StoredForm).join(latest, latest.c.form_id == StoredForm.id).join(StoredScore, StoredScore.id == latest.c.sid),
        user, department, year).group_by(dept, yr, StoredScore.grade)
    sums: dict[tuple[str | None, int | None], float] = {}
    for r in session.execute(scores_q):
        key = (r.department, r.fiscal_year)
        g = groups[key]
        g["scored"] += r.n
        sums[key] = sums.get(key, 0.0) + float(r.sum or 0.0)
        grade = r.grade or "未定级"
        g["grades"][grade] = g["grades"].get(grade, 0) + r.n
    for key, total in sums.items():
        groups[key]["average_score"] = _round(total / groups[key]["scored"])
    top_q = _scope(select(
        StoredFinding.code, StoredFinding.severity, StoredFinding.rule, func.count(StoredFinding.id).label("n"),
    ).select_from(StoredForm).join(StoredFinding, StoredFinding.form_id == StoredForm.id), user, department, year).group_by(
        StoredFinding.code, StoredFinding.severity, StoredFinding.rule
    ).order_by(func.count(StoredFinding.id).desc(), StoredFinding.code).limit(TOP_FINDINGS)
    top = [{"code": r.code, "severity": r.severity, "rule": r.rule, "count": r.n} for r in session.execute(top_q)]
    ordered = sorted(groups.values(), key=lambda g: (g["department"] is None, g["department"] or "",
                                                      g["year"] is None, g["year"] or 0))
    totals = {k: sum(g[k] for g in ordered) for k in ("forms", "indicators", "quantitative_indicators", "errors",
                                                      "warnings", "infos", "forms_with_errors", "scored")}
    totals["amount"] = _round(sum(g["amount"] or 0.0 for g in ordered))
    totals["quantitative_share"] = _round(totals["quantitative_indicators"] / totals["indicators"], 4) if totals["indicators"] else None
    totals["average_score"] = _round(sum(sums.values()) / totals["scored"]) if totals["scored"] else None
    return {"groups": ordered, "totals": totals, "top_findings": top}


# ---------------------------------------------------------------------------------------
# dashboard

#: 一级 categories in the order of the indicator hierarchy (others follow by name, uncategorised rows last).
CATEGORY_ORDER = ("产出指标", "效益指标", "满意度指标", "成本指标")
#: canonical 二级 names in the order of the hierarchy (others follow by name).
SUBCATEGORY_ORDER = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
                     "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
GRADES = ("优", "良", "中", "差")
UNGRADED = "未定级"
TOP_PROJECTS = 20
#: score histogram: 10-point bins, [0, 10) … [80, 90), and [90, 100] (scores outside 0–100 go to the end bins)
SCORE_BINS = tuple((lo, lo + 10) for lo in range(0, 100, 10))


def _order(value: str | None, canonical: tuple[str, ...]) -> tuple[int, str]:
    if value is None:
        return (len(canonical) + 1, "")
    return (canonical.index(value), "") if value in canonical else (len(canonical), value)


def _group_key(department: str | None, year: int | None) -> tuple[bool, str, bool, int]:
    return (department is None, department or "", year is None, year or 0)


def dashboard(session: Session, user: User, *, department: str | None = None, year: int | None = None) -> dict[str, Any]:
    """Everything the 仪表盘 shows, over the forms ``user`` may read (a 填报人: their unit's), optionally one
    department and/or one year; grouped queries only (seven in all, four of them :func:`stats`'s).

    * ``totals``, ``groups`` (per department and year) and ``top_findings`` — as :func:`stats` gives them;
    * ``categories`` — indicator rows per (department, year, 一级, 二级): ``count`` and ``quantitative``;
    * ``projects`` — the :data:`TOP_PROJECTS` forms with the most money (``amount`` in 元), largest first;
    * ``grades`` — the latest score of each scored form by grade (优/良/中/差, then 未定级 for none);
    * ``histogram`` — the same scores in 10-point bins (``from``, ``to``, ``count``; scores without a total
      are left out).
    """
    base = stats(session, user, department=department, year=year)
    dept, yr = StoredForm.department, StoredForm.fiscal_year
    ind = StoredIndicator
    cat_q = _scope(select(
        dept, yr, ind.category, ind.subcategory, func.count(ind.id).label("n"),
        func.sum(case((ind.quantitative.is_(True), 1), else_=0)).label("quant"),
    ).select_from(StoredForm).join(ind, ind.form_id == StoredForm.id), user, department, year).group_by(
        dept, yr, ind.category, ind.subcategory)
    categories = [{"department": r.department, "year": r.fiscal_year, "category": r.category,
                   "subcategory": r.subcategory, "count": r.n, "quantitative": r.quant or 0}
                  for r in session.execute(cat_q)]
    categories.sort(key=lambda c: (_group_key(c["department"], c["year"]), _order(c["category"], CATEGORY_ORDER),
                                   _order(c["subcategory"], SUBCATEGORY_ORDER)))
    proj_q = _scope(select(
        StoredForm.id, StoredForm.name, dept, yr, StoredForm.kind, StoredForm.implementing_unit, StoredForm.owner_unit,
        StoredForm.amount,
    ).where(StoredForm.amount.is_not(None)), user, department, year).order_by(
        StoredForm.amount.desc(), StoredForm.id).limit(TOP_PROJECTS)
    projects = [{"id": r.id, "name": r.name, "department": r.department, "year": r.fiscal_year, "kind": r.kind,
                 "unit": r.implementing_unit or r.owner_unit, "amount": _round(r.amount)}
                for r in session.execute(proj_q)]
    grades = {g: 0 for g in (*GRADES, UNGRADED)}
    for g in base["groups"]:
        for grade, n in g["grades"].items():
            grades[grade if grade in grades else UNGRADED] += n
    total = StoredScore.total
    bin_of = case(*((total < hi, i) for i, (_, hi) in enumerate(SCORE_BINS[:-1])), else_=len(SCORE_BINS) - 1)
    latest = select(StoredScore.form_id, func.max(StoredScore.id).label("sid")).group_by(StoredScore.form_id).subquery()
    hist_q = _scope(select(bin_of.label("bin"), func.count(StoredScore.id).label("n")).select_from(StoredForm).join(
        latest, latest.c.form_id == StoredForm.id).join(StoredScore, StoredScore.id == latest.c.sid).where(
        total.is_not(None)), user, department, year).group_by(bin_of)
    counts = {int(r.bin): r.n for r in session.execute(hist_q)}
    histogram = [{"from": lo, "to": hi, "count": counts.get(i, 0)} for i, (lo, hi) in enumerate(SCORE_BINS)]
    return {"filters": {"department": department, "year": year}, "totals": base["totals"], "groups": base["groups"],
            "categories": categories, "top_findings": base["top_findings"], "projects": projects, "grades": grades,
            "histogram": histogram}


# ---------------------------------------------------------------------------------------
# audit


def entry_view(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat() if e.at else None, "user_id": e.user_id, "actor": e.actor,
            "action": e.action, "entity": e.entity, "entity_id": e.entity_id, "before": e.before, "after": e.after}


_AUDIT_COLUMNS = (AuditEntry.id, AuditEntry.at, AuditEntry.user_id, AuditEntry.actor, AuditEntry.action,
                  AuditEntry.entity, AuditEntry.entity_id, AuditEntry.before, AuditEntry.after)
# built once, values bound at execution (the detail page asks for it on every view)
_FORM_OWNER = select(StoredForm.owner_unit, StoredForm.document_id).where(StoredForm.id == bindparam("form_id"))
_FORM_HISTORY = select(*_AUDIT_COLUMNS).where(or_(
    (AuditEntry.entity == "form") & (AuditEntry.entity_id == bindparam("form_id")),
    (AuditEntry.entity == "document") & (AuditEntry.entity_id == bindparam("document_id")),
)).order_by(AuditEntry.id)


def form_history(session: Session, user: User, form_id: int) -> list[dict[str, Any]]:
    """The audit entries about a form, oldest first (the upload of its document included).

    The same access rule as :func:`jixiao.store.workflow.form_for` (404 / 403), read with
    two Core queries.
    """
    conn = session.connection()
    r = conn.execute(_FORM_OWNER, {"form_id": form_id}).first()
    if r is None:
        raise form_not_found(form_id)
    if not can_read(user, r):  # the row has the form's owner_unit
        raise other_unit()
    return [entry_view(e) for e in conn.execute(_FORM_HISTORY, {"form_id": form_id, "document_id": r.document_id})]


def audit_log(session: Session, user: User, *, entity: str | None = None, entity_id: int | None = None,
              actor: str | None = None, action: str | None = None, page: int = 1,
              per_page: int = 50) -> tuple[list[dict[str, Any]], int]:
    """One page of the whole audit log, newest first (管理员 only)."""
    if not can_read_audit_log(user):
        raise Forbidden("forbidden", "只有管理员可以查看全部审计日志", "only an administrator can read the whole audit log")
    stmt = select(AuditEntry)
    for col, value in ((AuditEntry.entity, entity), (AuditEntry.entity_id, entity_id), (AuditEntry.actor, actor),
                       (AuditEntry.action, action)):
        if value is not None:
            stmt = stmt.where(col == value)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return [entry_view(e) for e in rows], total
