"""Run the rules of a profile over forms and documents."""

from __future__ import annotations

import os
from typing import Callable

from .. import errors
from ..api import parse
from ..model import Document, Form
from .model import SEVERITIES, Coverage, DocumentReview, Finding, FormReview, fast_construct
from .profile import Profile, RuleSetting, load_profile
from .rule import REGISTRY, Context, NotEvaluable, Rule


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


KIND_ZH = {"declaration": "申报表", "self_evaluation": "自评表", "department_overall": "部门整体支出表"}

# A step of the plan: (code, rule, its check, setting, why) where ``why`` is the coverage note of
# a rule that does not apply to the form's kind (the rule is then not run).
_Step = tuple[str, Rule, Callable[[Context], None], RuleSetting, "str | None"]


def _plan(profile: Profile, kind: str) -> tuple[list[str], list[_Step]]:
    """The profile's rules for one kind of form, in code order, instantiated once (rules are
    stateless): the disabled codes, and a step for every enabled rule. Kept on the profile."""
    plans = profile.__dict__.get("_plans")
    if plans is None or plans[0] != len(REGISTRY):
        plans = profile.__dict__["_plans"] = (len(REGISTRY), {})
    plan = plans[1].get(kind)
    if plan is None:
        disabled: list[str] = []
        steps: list[_Step] = []
        for code in sorted(REGISTRY):
            setting = profile.setting(code)
            if not setting.enabled:
                disabled.append(code)
                continue
            rule = REGISTRY[code]()
            why = None
            if kind not in rule.applies_to:
                why = f"不适用于{KIND_ZH.get(kind, kind)} / not applicable to {kind} forms"
            steps.append((code, rule, rule.check, setting, why))
        plan = plans[1][kind] = (disabled, steps)
    return plan


def review_form(form: Form, index: int = 0, profile: Profile | None = None) -> FormReview:
    profile = profile or load_profile()
    disabled, steps = _plan(profile, form.kind)
    passed: list[str] = []
    failed: list[str] = []
    not_evaluated: dict[str, str] = {}
    ctx = Context(form, index, {}, "warning", None, None)  # one per form, pointed at each rule in turn
    findings = ctx.findings  # every rule reports into the form's list (and its sort key into ctx.keys)
    keys = ctx.keys
    for code, rule, check, setting, why in steps:
        if why is not None:
            not_evaluated[code] = why
            continue
        ctx.rule = rule
        ctx.params = setting.params
        ctx.severity = setting.severity
        n = len(findings)
        try:
            check(ctx)
        except NotEvaluable as exc:
            del findings[n:]  # what the rule reported before it gave up does not count
            del keys[n:]
            not_evaluated[code] = str(exc)
            continue
        if len(findings) > n:
            failed.append(code)
        else:
            passed.append(code)
    counts = dict.fromkeys(SEVERITIES, 0)
    if keys:
        for key in keys:
            counts[SEVERITIES[key[0]]] += 1
        if len(keys) > 1:  # by severity, indicator (form-level first), code; a rule's own order kept (stable)
            findings = [findings[i] for i in sorted(range(len(keys)), key=keys.__getitem__)]
    coverage = fast_construct(Coverage, {"passed": passed, "failed": failed, "not_evaluated": not_evaluated,
                                         "disabled": list(disabled)}, fields_set=())
    n = len(form.indicators)
    quant = len(ctx.rows("quantitative"))  # as printed: with the blank-printed targets that have an operator
    blank = ctx.rows("blank")
    if blank:
        quant += sum(1 for _, ind, _ in blank if ind.target.op is not None)
    return fast_construct(FormReview, {
        "form": index, "project": form.project.name, "kind": form.kind, "findings": findings, "coverage": coverage,
        "counts": counts, "indicators": n, "quantitative_share": (quant / n) if n else None,
    })


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
