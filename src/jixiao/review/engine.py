"""Run the rules of a profile over forms and documents."""

from __future__ import annotations

import os

from .. import errors
from ..api import parse
from ..model import Document, Form
from .model import SEVERITIES, Coverage, DocumentReview, Finding, FormReview
from .profile import Profile, load_profile
from .rule import REGISTRY, Context, NotEvaluable, Rule


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


KIND_ZH = {"declaration": "申报表", "self_evaluation": "自评表", "department_overall": "部门整体支出表"}


def _plan(profile: Profile) -> list[tuple[str, Rule | None, object]]:
    """The profile's rules in code order, instantiated once (rules are stateless)."""
    plan = profile.__dict__.get("_plan")
    if plan is None or len(plan) != len(REGISTRY):
        plan = []
        for code in sorted(REGISTRY):
            setting = profile.setting(code)
            plan.append((code, REGISTRY[code]() if setting.enabled else None, setting))
        profile.__dict__["_plan"] = plan
    return plan


def review_form(form: Form, index: int = 0, profile: Profile | None = None) -> FormReview:
    profile = profile or load_profile()
    coverage = Coverage()
    findings: list[Finding] = []
    shared: dict[str, object] = {}  # facts about the form computed once, read by many rules
    for code, rule, setting in _plan(profile):
        if rule is None:
            coverage.disabled.append(code)
            continue
        if form.kind not in rule.applies_to:
            kind = KIND_ZH.get(form.kind, form.kind)
            coverage.not_evaluated[code] = f"不适用于{kind} / not applicable to {form.kind} forms"
            continue
        ctx = Context(form, index, setting.params, setting.severity, rule, shared)
        try:
            rule.check(ctx)
        except NotEvaluable as exc:
            coverage.not_evaluated[code] = str(exc)
            continue
        if ctx.findings:
            coverage.failed.append(code)
            findings.extend(ctx.findings)
        else:
            coverage.passed.append(code)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order[f.severity], f.indicator if f.indicator is not None else -1, f.code))
    n = len(form.indicators)
    quant = sum(1 for i in form.indicators if i.target is not None and i.target.op is not None)
    return FormReview.model_construct(
        form=index, project=form.project.name, kind=form.kind, findings=findings, coverage=coverage,
        counts=_counts(findings), indicators=n, quantitative_share=(quant / n) if n else None,
    )


def review_document(doc: Document, profile: Profile | None = None) -> DocumentReview:
    profile = profile or load_profile()
    forms = [review_form(f, i, profile) for i, f in enumerate(doc.forms)]
    all_findings = [f for r in forms for f in r.findings]
    return DocumentReview(path=doc.source.path, title=doc.title, profile=profile.label, forms=forms, counts=_counts(all_findings))


def review_path(path: str | os.PathLike[str], profile: Profile | None = None) -> DocumentReview:
    """Read and review a file; an unreadable file gives a JX-P001 finding, not an exception."""
    profile = profile or load_profile()
    try:
        doc = parse(path)
    except errors.ReadError as exc:
        finding = Finding(code="JX-P001", severity="error", message=exc.with_path(str(path)).message, rule="无法读取的文件",
                          dimension="读取", form=-1, fix=exc.hint or None, citation=None)
        return DocumentReview(path=str(path), title=None, profile=profile.label, forms=[], error=finding,
                              counts=_counts([finding]))
    return review_document(doc, profile)
