"""Storing a read and reviewed document, and rebuilding jixiao/v1 forms from the rows.

:func:`store_document` is idempotent on the file's sha256: storing the same bytes
again returns the existing row and adds nothing. Everything about one file (the
original bytes, its forms, their indicator rows and review findings, the audit entry)
goes in the caller's transaction, so a file is stored whole or not at all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..model import Document, Form, Funds, Goals, Indicator, Project, Value, Warning, Where
from ..review import FormReview, Profile, load_profile, review_form
from . import audit
from .tables import StoredDocument, StoredFinding, StoredForm, StoredIndicator, User

_FINDING_FIELDS = ("code", "severity", "message", "rule", "dimension", "indicator", "indicator_name", "field",
                   "line", "page", "cell", "fix", "citation")


def find_document(session: Session, sha256: str) -> StoredDocument | None:
    return session.scalar(select(StoredDocument).where(StoredDocument.sha256 == sha256))


def _value(v: Value | None) -> dict[str, Any] | None:
    return None if v is None else v.model_dump(mode="json")


def _amount(funds: Funds) -> float | None:
    for v in (funds.annual, funds.budget, funds.total):
        if v is not None:
            return v
    return None


def indicator_values(position: int, ind: Indicator) -> dict[str, Any]:
    """The column values of an indicator row."""
    return dict(
        position=position, level1=ind.level1, level2=ind.level2, name=ind.name, category=ind.category,
        subcategory=ind.subcategory, target=_value(ind.target), target_raw=ind.target.raw if ind.target else None,
        quantitative=bool(ind.target is not None and ind.target.op is not None),
        actual=_value(ind.actual), target_longterm=_value(ind.target_longterm), weight=ind.weight, score=ind.score,
        deviation_reason=ind.deviation_reason, actual_grade=ind.actual_grade,
        where_page=ind.where.page, where_line=ind.where.line, where_cell=ind.where.cell,
    )


def indicator_row(position: int, ind: Indicator) -> StoredIndicator:
    return StoredIndicator(**indicator_values(position, ind))


def _finding_values(f) -> dict[str, Any]:
    return {k: getattr(f, k) for k in _FINDING_FIELDS}


def set_header(row: StoredForm, form: Form) -> None:
    """Copy the form's header, funds, goals and warnings onto ``row``."""
    p = form.project
    row.kind = form.kind
    row.fiscal_year = form.fiscal_year
    row.name, row.department, row.department_code = p.name, p.department, p.department_code
    row.implementing_unit, row.nature, row.category = p.implementing_unit, p.nature, p.category
    row.start_date, row.end_date = p.start_date, p.end_date
    row.extra = dict(p.extra)
    row.funds = form.funds.model_dump(mode="json")
    row.amount = _amount(form.funds)
    row.goals = form.goals.model_dump(mode="json")
    row.warnings = [w.model_dump(mode="json") for w in form.warnings]


def search_text(form: Form) -> str:
    """What the search looks in: the project name and every indicator name, lower case, one per line."""
    names = [form.project.name or ""] + [ind.name for ind in form.indicators]
    return "\n".join(names).lower()


def set_review(row: StoredForm, review: FormReview, profile: Profile, *, findings: bool = True) -> None:
    """Replace the stored findings (unless ``findings=False``) and the counts of ``row`` with ``review``."""
    if findings:
        row.findings = [StoredFinding(**_finding_values(f)) for f in review.findings]
    row.review_profile = profile.label
    row.errors = review.counts.get("error", 0)
    row.warnings_count = review.counts.get("warning", 0)
    row.infos = review.counts.get("info", 0)
    row.indicator_count = review.indicators
    row.quantitative_share = review.quantitative_share
    row.coverage = review.coverage.model_dump(mode="json")


def form_model(row: StoredForm) -> Form:
    """The jixiao/v1 form stored in ``row`` (indicators in row order)."""
    def value(d: dict[str, Any] | None) -> Value | None:
        return None if d is None else Value.model_validate(d)

    inds = [
        Indicator(
            level1=i.level1, level2=i.level2, name=i.name, category=i.category, subcategory=i.subcategory,
            target=value(i.target), actual=value(i.actual), weight=i.weight, score=i.score,
            target_longterm=value(i.target_longterm), deviation_reason=i.deviation_reason,
            actual_grade=i.actual_grade, where=Where(page=i.where_page, line=i.where_line, cell=i.where_cell),
        )
        for i in row.indicators
    ]
    evaluation = row.scores[-1].evaluation if row.scores else None
    return Form(
        kind=row.kind, fiscal_year=row.fiscal_year,
        project=Project(name=row.name, nature=row.nature, category=row.category, department=row.department,
                        department_code=row.department_code, implementing_unit=row.implementing_unit,
                        start_date=row.start_date, end_date=row.end_date, extra=dict(row.extra or {})),
        funds=Funds.model_validate(row.funds or {}), goals=Goals.model_validate(row.goals or {}),
        indicators=inds, evaluation=evaluation,
        warnings=[Warning.model_validate(w) for w in row.warnings or []],
    )


def rereview(row: StoredForm, profile: Profile | None = None) -> FormReview:
    """Review the stored form again (after an edit) and store the new findings."""
    profile = profile or load_profile()
    form = form_model(row)
    review = review_form(form, row.position, profile)
    set_review(row, review, profile)
    text = search_text(form)
    if row.search_text != text:
        row.search_text = text
    return review


def store_document(
    session: Session,
    doc: Document,
    content: bytes,
    reviews: list[FormReview] | None = None,
    *,
    profile: Profile | None = None,
    by: User | str = "ingest",
    owner_unit: str | None = None,
) -> tuple[StoredDocument, bool]:
    """Store ``doc`` read from ``content``; returns ``(row, created)``.

    ``reviews`` are the forms' reviews under ``profile`` (computed here when not given,
    e.g. by an ingest worker process). ``owner_unit`` is the unit a form belongs to when it
    prints no 实施单位 (the uploading 填报人's unit). Nothing is committed here.
    """
    existing = find_document(session, doc.source.sha256)
    if existing is not None:
        return existing, False
    profile = profile or load_profile()
    if reviews is None:
        reviews = [review_form(f, i, profile) for i, f in enumerate(doc.forms)]
    user = by if isinstance(by, User) else None
    row = StoredDocument(
        sha256=doc.source.sha256, filename=doc.source.path, format=doc.source.format, size=len(content),
        content=content, title=doc.title, warnings=[w.model_dump(mode="json") for w in doc.warnings],
        uploaded_by=user.id if user else None,
    )
    pairs = list(zip(doc.forms, reviews, strict=True))
    for position, (form, review) in enumerate(pairs):
        f = StoredForm(position=position, status="draft", owner_unit=form.project.implementing_unit or owner_unit)
        set_header(f, form)
        set_review(f, review, profile, findings=False)
        f.search_text = search_text(form)
        row.forms.append(f)
    session.add(row)
    session.flush()
    # indicator and finding rows in two multi-row INSERTs (a national corpus has millions)
    ind_rows = [{"form_id": f.id, **indicator_values(n, ind)}
                for f, (form, _) in zip(row.forms, pairs) for n, ind in enumerate(form.indicators)]
    find_rows = [{"form_id": f.id, **_finding_values(x)} for f, (_, review) in zip(row.forms, pairs) for x in review.findings]
    if ind_rows:
        session.execute(insert(StoredIndicator), ind_rows)
    if find_rows:
        session.execute(insert(StoredFinding), find_rows)
    for f in row.forms:
        session.expire(f, ["indicators", "findings"])
    audit.record(session, by, "document.create", "document", row.id, None,
                 {"sha256": row.sha256, "filename": row.filename, "forms": [f.id for f in row.forms]})
    return row, True
