"""Scoring a stored form with the year's actuals (实际完成值).

:func:`score_form_with` applies the actuals given (each row's 实际完成值 as printed,
完成等级, 得分, 偏差原因; the 预算数 / 执行数 in 元 and the 执行偏差原因) to the stored
rows — an edit like any other: the owning 填报人 or 管理员, an editable status, the
client's version, a version bump, the review re-run, one audit entry — and then scores
the form with :func:`jixiao.scoring.score_form` under a built-in method. The evaluation
(with the self-evaluation checks JX-S5xx attached as ``checks``, as ``jixiao score``
does) is stored as a new ``scores`` row; the latest one is the form's current score.

A form given actuals becomes a 自评表 (``kind = self_evaluation``), as
``jixiao score --actuals`` does. :func:`score_with_workbook` takes the actuals workbook
written by ``jixiao template actuals`` instead, read with
:func:`jixiao.scoring.actuals.read_actuals` against the stored document.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ...errors import ReadError
from ...model import Document, Form, Source
from ...scoring import Method, builtin_methods, load_method, score_form
from ...review import review_form
from ...scoring.actuals import EXTRA_REASON, read_actuals
from .. import audit
from ..documents import form_model, rereview, set_header
from ..tables import StoredForm, StoredScore, User
from .edits import _changed_indicator, form_profile, indicator_snapshot, set_indicator
from .errors import Invalid
from .forms import check_editable, check_version, flush, form_for, touch

ACTUAL_FIELDS = ("actual", "actual_grade", "score", "deviation_reason")


@lru_cache(maxsize=8)
def method_named(name: str | None) -> Method:
    """A built-in scoring method by name (default mof-2020); never a path on the server."""
    if name is None:
        return load_method(None)
    if name not in builtin_methods():
        raise Invalid("bad-method", f"未知的评分方法「{name}」（可选：{'、'.join(builtin_methods())}）",
                      f"unknown scoring method {name!r}")
    return load_method(name)


def _funds_snapshot(row: StoredForm) -> dict[str, Any]:
    funds = row.funds or {}
    return {"kind": row.kind, "funds.budget": funds.get("budget"), "funds.executed": funds.get("executed"),
            f"project.extra.{EXTRA_REASON}": (row.extra or {}).get(EXTRA_REASON)}


def _apply_execution(form: Form, has_rows: bool, funds: dict[str, Any], reason: tuple[bool, str | None]) -> None:
    """Set the budget execution (``funds``: budget / executed in 元) and the 执行偏差原因 (``reason`` is
    ``(given, text)``) on ``form``; a form given any actuals becomes a 自评表."""
    if has_rows or funds or reason[0]:
        form.kind = "self_evaluation"
    for k, v in funds.items():
        setattr(form.funds, k, v)
    if reason[0]:
        if reason[1]:
            form.project.extra[EXTRA_REASON] = reason[1]
        else:
            form.project.extra.pop(EXTRA_REASON, None)


def _apply_and_score(session: Session, user: User, row: StoredForm, method: Method,
                     rows: dict[int, dict[str, Any]], funds: dict[str, Any], reason: tuple[bool, str | None],
                     *, source: str) -> StoredScore:
    n = len(row.indicators)
    bad = sorted(p for p in rows if not 0 <= p < n)
    if bad:
        raise Invalid("invalid", f"指标序号 {bad[0]} 不存在（本表共 {n} 项，序号从 0 开始）",
                      f"no indicator at position {bad[0]} (the form has {n}, 0-based)", {"positions": bad})
    before: dict[str, Any] = {**_funds_snapshot(row), "version": row.version}
    after: dict[str, Any] = {}
    current = form_model(row)
    touch(row)
    for p in sorted(rows):
        ind = row.indicators[p]
        b = indicator_snapshot(ind)
        set_indicator(ind, _changed_indicator(current.indicators[p], rows[p]))
        a = indicator_snapshot(ind)
        for k in ACTUAL_FIELDS:
            if b[k] != a[k]:
                before[f"indicators[{p}].{k}"], after[f"indicators[{p}].{k}"] = b[k], a[k]
    form: Form = form_model(row)
    _apply_execution(form, bool(rows), funds, reason)
    set_header(row, form)
    review = rereview(row, form_profile(row))
    evaluation = score_form(form_model(row), method).model_dump(mode="json")
    evaluation["checks"] = [f.model_dump(mode="json") for f in review.findings if f.code.startswith("JX-S")]
    score = StoredScore(method=method.label, total=evaluation["total"], grade=evaluation["grade"],
                        complete=evaluation["complete"], evaluation=evaluation, created_by=user.id)
    row.scores.append(score)
    flush(session)
    for k, v in _funds_snapshot(row).items():
        if before.get(k) != v:
            after[k] = v
        else:
            before.pop(k, None)
    after.update({"version": row.version, "method": method.label, "total": score.total, "grade": score.grade,
                  "complete": score.complete, "source": source})
    audit.record(session, user, "form.score", "form", row.id, before, after)
    return score


def _actual_rows(actuals: list[dict[str, Any]] | None) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    for item in actuals or []:
        p = item["position"]
        rows.setdefault(p, {}).update({k: v for k, v in item.items() if k in ACTUAL_FIELDS})
    return rows


def preview_score(session: Session, user: User, form_id: int, *, method: str | None = None,
                  actuals: list[dict[str, Any]] | None = None, funds: dict[str, Any] | None = None,
                  execution_reason: tuple[bool, str | None] = (False, None)) -> dict[str, Any]:
    """The evaluation the form would get with these actuals, computed and not stored.

    The same inputs and the same result as :func:`score_form_with` (the JX-S5xx checks as
    ``checks``), but nothing is written, no version is needed and anyone who may read the
    form may ask: it is what the 自评 page shows while actuals are being typed.
    """
    row = form_for(session, user, form_id, "read")
    m = method_named(method)
    rows = _actual_rows(actuals)
    form = form_model(row)
    n = len(form.indicators)
    bad = sorted(p for p in rows if not 0 <= p < n)
    if bad:
        raise Invalid("invalid", f"指标序号 {bad[0]} 不存在（本表共 {n} 项，序号从 0 开始）",
                      f"no indicator at position {bad[0]} (the form has {n}, 0-based)", {"positions": bad})
    for p in sorted(rows):
        form.indicators[p] = _changed_indicator(form.indicators[p], rows[p])
    _apply_execution(form, bool(rows), funds or {}, execution_reason)
    evaluation = score_form(form, m).model_dump(mode="json")
    review = review_form(form, row.position, form_profile(row))
    evaluation["checks"] = [f.model_dump(mode="json") for f in review.findings if f.code.startswith("JX-S")]
    return evaluation


def score_form_with(session: Session, user: User, form_id: int, version: int, *, method: str | None = None,
                    actuals: list[dict[str, Any]] | None = None, funds: dict[str, Any] | None = None,
                    execution_reason: tuple[bool, str | None] = (False, None)) -> tuple[StoredForm, StoredScore]:
    """Apply ``actuals`` (``[{position, actual?, actual_grade?, score?, deviation_reason?}]``, only the keys
    given change) and ``funds`` (``budget`` / ``executed`` in 元), then score and store the evaluation.

    ``execution_reason`` is ``(given, text)``: the 执行偏差原因 is changed only when given.
    """
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    m = method_named(method)
    rows = _actual_rows(actuals)
    score = _apply_and_score(session, user, row, m, rows, dict(funds or {}), execution_reason, source="json")
    return row, score


def score_with_workbook(session: Session, user: User, form_id: int, version: int, data: bytes, *,
                        method: str | None = None, filename: str | None = None) -> tuple[StoredForm, StoredScore]:
    """Apply this form's rows of a filled actuals workbook (``jixiao template actuals``), then score."""
    row = form_for(session, user, form_id, "edit", lock=True)
    check_version(row, version)
    check_editable(row)
    m = method_named(method)
    stored = row.document
    doc = Document(source=Source(path=stored.filename, sha256=stored.sha256, format=stored.format),  # type: ignore[arg-type]
                   title=stored.title, forms=[form_model(f) for f in stored.forms])
    with tempfile.TemporaryDirectory(prefix="jixiao-actuals-") as tmp:
        path = Path(tmp) / "actuals.xlsx"
        path.write_bytes(data)
        try:
            merged = read_actuals(path, doc)
        except ReadError as exc:
            problems = getattr(exc, "problems", None)
            zh = exc.zh + (f"：{'；'.join(problems[:5])}" if problems else "")
            raise Invalid(exc.code, zh, exc.en, {"problems": problems or [], "file": filename}) from None
    form = merged.forms[row.position]
    rows = {i: {"actual": ind.actual.raw if ind.actual else None, "actual_grade": ind.actual_grade,
                "score": ind.score, "deviation_reason": ind.deviation_reason}
            for i, ind in enumerate(form.indicators)}
    funds = {"budget": form.funds.budget, "executed": form.funds.executed}
    if row.funds.get("unit_printed") is None and form.funds.unit_printed is not None:
        funds["unit_printed"] = form.funds.unit_printed
    reason = (True, form.project.extra.get(EXTRA_REASON))
    score = _apply_and_score(session, user, row, m, rows, funds, reason, source="workbook")
    return row, score
