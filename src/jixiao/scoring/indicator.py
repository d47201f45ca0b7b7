"""Scoring one indicator row: choose the path (formula, deadline, qualitative) and run it.

* No actual and no 完成等级 -> not scored ("缺少实际完成值").
* An actual in words (已完成, 部分完成 …), or a 完成等级 given -> qualitative.
* A date target -> deadline: an actual date on or before it scores full.
* A numeric target and a numeric actual -> :mod:`.quantitative`.
* Where a formula cannot score (text target with a numeric actual, a late date, units
  that do not convert …), a given 完成等级 or 得分 is used on the qualitative path;
  otherwise the row is not scored and the problem says what to supply. Where a
  formula can score, it wins over a given 完成等级.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..model import Indicator
from . import formulas as fm
from .dates import last_date, year_named
from .method import Method
from .quantitative import Outcome, s2, score_numeric
from .weights import fmt

ASK = "请选择完成等级（达成/部分达成/未达成）或填写得分"


def _pct(x: float) -> str:
    return f"{fmt(Decimal(str(x)) * 100)}%"


def qualitative(ind: Indicator, w: Decimal, method: Method, wording: str | None, why: str | None = None) -> Outcome:
    """Grade from 完成等级 or the wording map; score = a given score inside the band, else the band position × w."""
    out = Outcome(rule="qualitative")
    given = (ind.actual_grade or "").strip()
    prefix = f"{why}；" if why else ""
    if given:
        out.grade = method.grade_of_wording(given)
        said = f"完成等级「{given}」"
        if out.grade is None:
            out.problem = f"无法识别的完成等级「{given}」，请选择 {'/'.join(method.bands)}"
            return out
    else:
        out.grade = method.grade_of_wording(wording)
        said = f"「{wording}」"
    printed = None if ind.score is None else fm.dec(ind.score)
    if out.grade is None:
        if printed is not None and 0 <= printed <= w:
            out.score = printed
            out.note = f"{prefix}定性：完成情况{said}没有对应的等级，采用表中得分 {fmt(printed)}（不超过分值 {fmt(w)}）"
        elif printed is not None:
            out.problem = f"{prefix}表中得分 {fmt(printed)} 超过分值 {fmt(w)}"
        else:
            out.problem = f"{prefix}无法识别的完成情况{said}，{ASK}"
        return out
    low, high = method.bands[out.grade]
    lo, hi = fm.dec(low) * w, fm.dec(high) * w
    head = f"{prefix}定性：{said} → {out.grade}（{_pct(low)}–{_pct(high)}）"
    if printed is not None:
        if lo <= printed <= hi:
            out.score = printed
            out.note = f"{head}，采用表中得分 {fmt(printed)}（在 {s2(lo)}–{s2(hi)} 之内）"
        else:
            out.problem = f"{head}，表中得分 {fmt(printed)} 不在该档 {s2(lo)}–{s2(hi)} 之内，请核对完成等级或得分"
        return out
    out.score = fm.band_score((low, high), w, method.position)
    where = {"top": "档位上限", "bottom": "档位下限"}.get(method.position, "档位中点")
    share = {"top": high, "bottom": low}.get(method.position, (low + high) / 2)
    out.note = f"{head}，取{where}：{_pct(share)}×{fmt(w)} = {s2(out.score)}"
    return out


def _deadline(ind: Indicator, w: Decimal, fiscal_year: int | None) -> Outcome:
    target, actual = ind.target, ind.actual
    assert target is not None and actual is not None
    out = Outcome(rule="deadline")
    text = target.text or target.raw
    due = last_date(text, fiscal_year or year_named(actual.text or actual.raw))
    if due is None:
        out.problem = f"无法读取期限「{target.raw}」（缺少年份或日期），{ASK}"
        return out
    if actual.kind != "date":
        out.problem = f"目标是期限「{target.raw}」，实际完成值「{actual.raw}」不是日期，无法比较；{ASK}"
        return out
    done: date | None = last_date(actual.text or actual.raw, due.year)
    if done is None:
        out.problem = f"无法读取实际完成日期「{actual.raw}」，{ASK}"
        return out
    if done <= due:
        out.score = w
        out.note = f"时限：实际 {done.isoformat()} 不晚于期限 {due.isoformat()}，得满分 {fmt(w)}"
    else:
        out.problem = f"实际完成日期 {done.isoformat()} 晚于期限 {due.isoformat()}，{ASK}"
    return out


def _formula_path(ind: Indicator, w: Decimal, method: Method, fiscal_year: int | None) -> Outcome:
    target, actual = ind.target, ind.actual
    assert actual is not None
    if target is None or not target.raw.strip():
        return Outcome(problem=f"缺少指标值，无法计算；{ASK}")
    if target.kind == "date":
        return _deadline(ind, w, fiscal_year)
    if target.op is None:
        return Outcome(problem=f"指标值为文字描述「{target.raw}」，实际完成值「{actual.raw}」无法按公式比较；{ASK}")
    if actual.kind == "date":
        return Outcome(problem=f"指标值是数值，实际完成值「{actual.raw}」是日期，无法比较；{ASK}")
    return score_numeric(ind, w, method.reverse, method.over_achievement)


def assess(ind: Indicator, w: Decimal, method: Method, fiscal_year: int | None) -> Outcome:
    """The outcome for ``ind`` with weight ``w`` (score unrounded)."""
    actual = ind.actual
    has_grade = bool((ind.actual_grade or "").strip())
    if actual is None or not actual.raw.strip():
        if has_grade:
            return qualitative(ind, w, method, None)
        return Outcome(problem="缺少实际完成值")
    if actual.kind == "text":
        return qualitative(ind, w, method, actual.text or actual.raw)
    out = _formula_path(ind, w, method, fiscal_year)
    if out.problem and (has_grade or ind.score is not None):
        why = out.problem.replace(f"，{ASK}", "").replace(f"；{ASK}", "")
        rescue = qualitative(ind, w, method, actual.raw, why=why)
        if rescue.score is not None or has_grade:
            return rescue
    return out
