"""Scoring a numeric actual B against a numeric target A (正向, 反向, 等值, 区间).

The direction comes from the target's comparison: ``≥``/``>`` 正向, ``≤``/``<`` 反向,
``=`` 反向 when the name says lower is better (成本, 投诉, 故障 …) and 等值 otherwise,
a range 区间. B is converted into A's unit first (:func:`jixiao.units.convert`); a
pair of units that cannot be converted is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Indicator, Value
from ..review.rules._util import direction
from ..units import convert
from . import formulas as fm
from .formulas import dec
from .weights import fmt


@dataclass
class Outcome:
    """What one scoring path found for an indicator."""

    rule: str | None = None
    score: Decimal | None = None
    ratio: float | None = None
    grade: str | None = None
    note: str | None = None
    problem: str | None = None
    flags: list[str] = field(default_factory=list)


def s2(x: Decimal) -> str:
    """A score as printed in a note: two decimals."""
    return f"{fm.round2(x):.2f}"


def rule_of(ind: Indicator) -> str | None:
    """positive | reverse | equal | between for a numeric target, else None."""
    op = ind.target.op if ind.target else None
    if op in (">=", ">"):
        return "positive"
    if op in ("<=", "<"):
        return "reverse"
    if op == "=":
        return "reverse" if direction(ind) == "negative" else "equal"
    if op == "between":
        return "between"
    return None


def actual_in_target_unit(target: Value, actual: Value) -> tuple[Decimal | None, str | None, str | None]:
    """(B in A's unit, a note about the unit, a problem)."""
    b = actual.value
    assert b is not None
    tu, au = target.unit, actual.unit
    if tu == au:
        return dec(b), None, None
    if au is None:
        return dec(b), f"实际完成值未写单位，按目标单位「{tu}」计", None
    if tu is None:
        return dec(b), f"目标值未写单位，按实际单位「{au}」计", None
    converted = convert(b, au, tu)
    if converted is None:
        return None, None, f"单位不一致（目标「{tu}」，实际「{au}」），无法换算"
    return dec(converted), f"实际 {fmt(b)}{au} = {fmt(converted)}{tu}", None


def _positive_note(label: str, a: Decimal, b: Decimal, w: Decimal, score: Decimal) -> str:
    if b >= a:
        return f"{label}：B ≥ A（{fmt(b)} ≥ {fmt(a)}），得满分 {fmt(w)}"
    if a == 0:
        return f"{label}：A = 0，B = {fmt(b)} < 0，得 0 分"
    return f"{label}：B/A×w = {fmt(b)}/{fmt(a)}×{fmt(w)} = {s2(score)}"


def _reverse_note(a: Decimal, b: Decimal, w: Decimal, score: Decimal, variant: str, label: str = "反向") -> str:
    if b <= a:
        return f"{label}：B ≤ A（{fmt(b)} ≤ {fmt(a)}），得满分 {fmt(w)}"
    if a == 0:
        return f"{label}：A = 0，B = {fmt(b)} > 0，得 0 分"
    if variant == "R2":
        return f"{label}（R2）：w×A/B = {fmt(w)}×{fmt(a)}/{fmt(b)} = {s2(score)}"
    return f"{label}（R1）：w×max(0,(2A−B)/A) = {fmt(w)}×max(0,(2×{fmt(a)}−{fmt(b)})/{fmt(a)}) = {s2(score)}"


def _formula(rule: str, target: Value, b: Decimal, w: Decimal, variant: str) -> tuple[Decimal, str]:
    a = dec(target.value)  # type: ignore[arg-type]
    if rule == "positive":
        score = fm.positive(a, b, w)
        return score, _positive_note("正向", a, b, w, score)
    if rule == "reverse":
        score = fm.reverse(a, b, w, variant)
        return score, _reverse_note(a, b, w, score, variant)
    if rule == "equal":
        score = fm.equal(a, b, w)
        if a != 0:
            return score, _positive_note("等值（按正向）", a, b, w, score)
        if b <= 0:
            return score, f"等值：A = 0，B = {fmt(b)} ≤ 0，得满分 {fmt(w)}"
        return score, f"等值：A = 0，B = {fmt(b)} > 0，得 0 分"
    hi = dec(target.high)  # type: ignore[arg-type]
    score = fm.between(a, hi, b, w, variant)
    if b < a:
        return score, "区间：B < 下限，" + _positive_note("按正向对下限计", a, b, w, score)
    if b > hi:
        return score, "区间：B > 上限，" + _reverse_note(hi, b, w, score, variant, "按反向对上限计")
    return score, f"区间：{fmt(a)} ≤ B ≤ {fmt(hi)}（B = {fmt(b)}），得满分 {fmt(w)}"


def score_numeric(ind: Indicator, w: Decimal, variant: str, over: float) -> Outcome:
    """Score a numeric (or range) target against the actual of ``ind``."""
    target, actual = ind.target, ind.actual
    assert target is not None and actual is not None
    rule = rule_of(ind)
    out = Outcome(rule=rule)
    if actual.kind == "range":
        out.problem = f"实际完成值是区间「{actual.raw}」，无法计算；请填写一个实际数值"
        return out
    if actual.value is None:
        out.problem = f"目标是数值，实际完成值「{actual.raw}」不是数值，无法计算"
        return out
    b, unit_note, problem = actual_in_target_unit(target, actual)
    if problem or b is None or rule is None:
        out.problem = problem or f"无法确定目标值「{target.raw}」的计分方向"
        return out
    score, note = _formula(rule, target, b, w, variant)
    a = dec(target.value)  # type: ignore[arg-type]
    if unit_note:
        note = f"{unit_note}；{note}"
        if actual.unit is None or target.unit is None:
            out.flags.append("unit-assumed")
    if rule != "between" and a != 0:
        ratio = b / a
        out.ratio = float(ratio.quantize(Decimal("0.0001")))
        if rule in ("positive", "equal") and a > 0 and ratio >= dec(over):
            out.flags.append("over-achievement")
            note += (f"；B/A = {ratio * 100:.2f}%，达到超额阈值 {dec(over) * 100:.0f}%，请说明原因"
                     "（10号允许在目标明显偏低时酌情扣分，由评审决定，此处未扣分）")
    out.score, out.note = score, note
    return out
