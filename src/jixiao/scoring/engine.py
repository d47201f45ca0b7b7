"""Scoring a self-evaluation form: 预算执行率 + every indicator, under a method.

Total = execution score + Σ indicator scores, each rounded half-up to two decimals
first. A part that cannot be scored is left out of the total with its problem; the
evaluation is then not ``complete`` and carries no grade.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..model import Form
from . import formulas as fm
from .indicator import assess
from .method import Method, load_method
from .model import CategoryScore, Evaluation, ExecutionScore, IndicatorScore
from .weights import allocate, fmt

EXECUTION_WEIGHT_LABEL = "预算执行分值"


def _printed_number(text: str | None) -> float | None:
    try:
        return float((text or "").strip().rstrip("分"))
    except ValueError:
        return None


def score_execution(form: Form, method: Method) -> ExecutionScore:
    """预算执行率 = 执行数 / 预算数 (预算数: the 全年预算数, else 年度资金总额); score = min(rate, 1) × w."""
    printed_w = _printed_number(form.project.extra.get(EXECUTION_WEIGHT_LABEL))
    w = fm.dec(printed_w if printed_w is not None else method.execution_weight)
    budget = form.funds.budget if form.funds.budget is not None else form.funds.annual
    executed = form.funds.executed
    out = ExecutionScore(budget=budget, executed=executed, weight=float(w),
                         weight_source="printed" if printed_w is not None else "default")
    if budget is None or executed is None:
        missing = "、".join(n for n, v in (("预算数", budget), ("执行数", executed)) if v is None)
        out.problem = f"缺少{missing}，无法计算预算执行率"
        return out
    if budget == 0:
        out.problem = "预算数为 0，无法计算预算执行率"
        return out
    rate, score = fm.execution(budget, executed, w)
    out.rate = float(rate.quantize(Decimal("0.0001")))
    out.score = fm.round2(score)
    scale = Decimal(10000) if form.funds.unit_printed == "万元" else Decimal(1)
    shown = f"{fm.dec(executed) / scale:.2f} / {fm.dec(budget) / scale:.2f}"
    pct = f"{rate * 100:.2f}%"
    factor = pct if rate <= 1 else f"min({pct}, 100%)"
    out.note = f"执行率 = {shown} = {pct}；得分 = {factor} × {fmt(w)} = {out.score:.2f}"
    if rate < fm.dec(method.execution_explain):
        out.flags.append("low-execution")
        out.note += f"；执行率低于 {fm.dec(method.execution_explain) * 100:.0f}%，需说明原因"
    if rate > 1:
        out.flags.append("over-execution")
        out.note += "；执行数大于预算数，请核对"
    printed_score = _printed_number(form.project.extra.get("预算执行得分"))
    if printed_score is not None and abs(printed_score - out.score) > 0.005:
        out.flags.append("printed-score-differs")
        out.note += f"（表中得分 {fmt(printed_score)}）"
    return out


def _indicator(form: Form, i: int, weight: tuple[Decimal, str] | None, problem: str | None, method: Method) -> IndicatorScore:
    ind = form.indicators[i]
    if weight is None:
        return IndicatorScore(index=i, name=ind.name, category=ind.category, problem=problem)
    w, source = weight
    out = assess(ind, w, method, form.fiscal_year)
    score = fm.round2(out.score) if out.score is not None and out.problem is None else None
    flags, note = list(out.flags), out.note
    if score is not None and out.rule != "qualitative" and ind.score is not None and abs(ind.score - score) > 0.005:
        flags.append("printed-score-differs")
        note = f"{note}（表中得分 {fmt(ind.score)}）"
    return IndicatorScore(index=i, name=ind.name, category=ind.category, weight=float(w), weight_source=source,
                          rule=out.rule, ratio=out.ratio, grade=out.grade, score=score, note=note, problem=out.problem,
                          flags=flags)


def _sum(values: list[float]) -> float:
    return fm.round2(sum((fm.dec(v) for v in values), Decimal(0)))


def score_form(form: Form, method: Method | str | Path | None = None) -> Evaluation:
    """Score one form under ``method`` (a :class:`Method`, a name or a path; default mof-2020)."""
    m = method if isinstance(method, Method) else load_method(method)
    execution = score_execution(form, m)
    alloc = allocate(form.indicators, m)
    notes = list(alloc.notes)
    if execution.weight_source == "printed":
        notes.append(f"预算执行率分值按表中印制的 {fmt(execution.weight)} 分计。")
    indicators = [_indicator(form, i, alloc.weights.get(i), alloc.problems.get(i), m) for i in range(len(form.indicators))]
    categories: dict[str, CategoryScore] = {}
    for name, cat in alloc.categories.items():
        scored = [indicators[i].score for i in cat.members if indicators[i].score is not None]
        categories[name] = CategoryScore(weight=float(cat.weight), score=_sum(scored) if scored else None,
                                         indicators=len(cat.members), weight_source=cat.source)
    problems: list[str] = []
    if execution.problem:
        problems.append(f"预算执行率：{execution.problem}")
    if not form.indicators:
        problems.append("表中没有绩效指标")
    for r in indicators:
        if r.problem:
            problems.append(f"第{r.index + 1}项「{r.name}」：{r.problem}")
        if "over-achievement" in r.flags:
            notes.append(f"第{r.index + 1}项「{r.name}」实际值超过目标 {fm.dec(m.over_achievement) * 100 - 100:.0f}% 以上，请说明原因。")
    if "low-execution" in execution.flags:
        notes.append(f"预算执行率 {fm.dec(execution.rate or 0) * 100:.2f}% 低于 {fm.dec(m.execution_explain) * 100:.0f}%，需说明原因。")
    parts = [execution.score] + [r.score for r in indicators]
    total = _sum([p for p in parts if p is not None])  # the sum of the rounded parts
    top = _sum([execution.weight] + [c.weight for c in categories.values()])
    complete = bool(form.indicators) and all(p is not None for p in parts)
    grade = None
    if complete:
        on_100 = total if top == 100 else (total * 100 / top if top else 0.0)
        if top != 100:
            notes.append(f"满分为 {fmt(top)}，按百分制折算为 {on_100:.2f} 分后评定等级。")
        grade = m.grade_of_total(on_100)
    return Evaluation(method=m.name, method_version=m.version, total=total, max=top, complete=complete, grade=grade,
                      execution=execution, categories=categories, indicators=indicators, notes=notes, problems=problems)
