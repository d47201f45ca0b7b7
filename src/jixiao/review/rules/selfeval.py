"""自评: the checks on a self-evaluation (绩效自评表) and its printed scores.

10号 (单位自评) asks for a 自评表 that is 内容完整、权重合理、数据真实、结果客观: every
indicator has its 实际完成值, 得分 never exceeds 分值, the printed totals add up, a
shortfall or a large over-achievement is explained, 执行数 stays within 预算数, and the
grade follows the total (90 优, 80 良, 60 中, below 差). The scores are recomputed by
:mod:`jixiao.scoring` under a named method (default ``mof-2020``, see ``docs/scoring.md``);
only printed figures are checked, nothing is guessed.

These rules apply to self-evaluation forms only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...model import Indicator
from ..rule import Context, Example, NotEvaluable, Rule, register
from ._util import C10, fmt_yuan

if TYPE_CHECKING:  # the scoring package imports the rule helpers: import it lazily
    from ...scoring import Evaluation, Method

_SHEET = f"{C10}《项目支出绩效自评表》"
_SCORING = f"{_SHEET}及其评分规则（单位自评：定量指标按完成值与指标值的比例计分，定性指标分三档计分）"
_GRADES = f"{C10}（评价结果：90（含）–100分为优、80（含）–90分为良、60（含）–80分为中、60分以下为差）"

_PUNCT_ONLY = re.compile(r"[\W_]*")  # CJK, letters and digits are \w: nothing but punctuation and spaces
_NUMBER = re.compile(r"[-+]?\d+(?:\.(\d+))?")
_EPS = 1e-9

# ------------------------------------------------------------------ examples
# a 10号 自评表: funds matrix (万元) with the 预算执行率 row, then the indicator table with
# 分值 / 得分 / 偏差原因 and the 总分 row. 456/480 = 95% -> 9.50; 1420/1500×20 = 18.93;
# 分值 30+20+30+10 (+10) = 100; 得分 30+18.93+30+10 (+9.50) = 98.43 -> 优.
_HEAD = {
    "表头": "项目支出绩效自评表", "年度": "(2023年度)", "项目名称": "农村供水保障工程维修养护",
    "计划开始日期": "", "计划完成日期": "", "年度资金申请总额": "", "其中：当年财政拨款": "", "上年结转资金": "",
    "其他资金": "", "年度总体目标": "", "预期目标": "完成全省农村供水工程维修养护200处，农村自来水普及率稳定在99%以上。",
}


def _matrix(budget: str = "480.00", executed: str = "456.00", weight: str = "10", rate: str = "95.00%", score: str = "9.50") -> dict[str, str]:
    """The header with a 10号 funds matrix (年度资金总额: 全年预算数, 全年执行数, 分值, 执行率, 得分)."""
    return {**_HEAD, "项目资金（万元）": (
        "\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        f"\t年度资金总额\t500.00\t{budget}\t{executed}\t{weight}\t{rate}\t{score}")}


def _funds(budget: str = "480.00", executed: str = "456.00") -> dict[str, str]:
    """The header with 预算数 / 执行数 only (no printed 预算执行率 分值/得分)."""
    return {**_HEAD, "预算数（万元）": budget, "执行数（万元）": executed}


_COLUMNS = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
_R1 = "产出指标\t数量指标\t维修养护农村供水工程\t≥200处\t205处\t30\t30\t"
_R2 = "产出指标\t数量指标\t水质检测覆盖行政村数\t≥1500个\t1420个\t20\t18.93\t部分偏远山区村检测延后，下年度优先安排"
_R3 = "效益指标\t社会效益指标\t农村自来水普及率\t≥99%\t99.2%\t30\t30\t"
_R4 = "满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\t93%\t10\t10\t"


def _table(*rows: str, total: str | None = "总分\t100\t98.43\t", grade: str | None = None) -> str:
    lines = [_COLUMNS, *rows]
    if total is not None:
        lines.append(total)
    if grade is not None:
        lines.append(f"自评等级\t{grade}")
    return "\n".join(lines)


_GOOD = _table(_R1, _R2, _R3, _R4)

# ------------------------------------------------------------------ helpers


def _blank(text: str | None) -> bool:
    return text is None or bool(_PUNCT_ONLY.fullmatch(text))


def _printed(ctx: Context, label: str) -> tuple[float, int] | None:
    """A number printed in ``project.extra`` (``"9.50"``, ``"10分"``, ``"95.00%"``) and its decimals; None when not a number."""
    text = (ctx.form.project.extra.get(label) or "").replace(",", "").replace("，", "").strip()
    m = _NUMBER.fullmatch(re.sub(r"\s*(分|%|％)$", "", text))
    if not m:
        return None
    return float(m.group(0)), len(m.group(1) or "")


def _n(x: float) -> str:
    """A printed figure without trailing zeros: 10.0 -> '10', 18.93 -> '18.93'."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x - round(x, 2)) < _EPS else f"{x:g}"


def _ind(ctx: Context, i: int) -> str:
    return f"第{i + 1}项「{ctx.form.indicators[i].name}」"


@lru_cache(maxsize=16)
def _method(name: str) -> Method:
    from ...scoring import load_method

    return load_method(name)


def _evaluation(ctx: Context) -> tuple[Evaluation, Method]:
    """The form scored under the rule's ``method`` (computed once per form and method, shared by the rules)."""
    from ...scoring import score_form

    method = _method(str(ctx.params.get("method") or "mof-2020"))
    key = "scoring:" + method.label
    ev = ctx.shared.get(key)
    if ev is None:
        ev = ctx.shared[key] = score_form(ctx.form, method)
    return ev, method  # type: ignore[return-value]


def _rate(ctx: Context) -> tuple[float, float, float, str]:
    """(执行数, 预算数, 执行率, 预算数的名称): 预算数 is the 全年预算数, else the 年度资金总额 (as the scoring)."""
    f = ctx.form.funds
    budget, label = (f.budget, "预算数") if f.budget is not None else (f.annual, "年度资金总额")
    if budget is None or f.executed is None:
        raise NotEvaluable("未印出预算数或执行数 / budget or executed amount not printed")
    if budget <= 0:
        raise NotEvaluable("预算数为0，无法计算预算执行率 / budget is 0")
    return f.executed, budget, f.executed / budget, label


def _scored_rows(ctx: Context) -> list[int]:
    """Rows printing both 分值 and 得分."""
    return [i for i, ind in ctx.indicators() if ind.weight is not None and ind.score is not None]


# ------------------------------------------------------------------ rules


@register
class MissingActual(Rule):
    code = "JX-S501"
    title = "缺少实际完成值"
    dimension = "自评"
    citation = f"{_SHEET}（实际完成值：每项绩效指标都要填写）"
    severity = "error"
    description = ("自评表的每个绩效指标都要填写实际完成值（或给出完成等级），否则无法评分。实际完成值未填、空白或只有标点"
                   "（如「—」「/」），且没有完成等级时，逐项报告；全部指标都没有实际完成值时只在表上报告一次。"
                   "表中没有指标时不评价。")
    fix = "逐项填写实际完成值：定量指标写实际数值和单位（如「205处」），定性指标写完成情况（达成/部分达成/未达成及依据）。"
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1, "产出指标\t数量指标\t水质检测覆盖行政村数\t≥1500个\t\t20\t\t", _R3, _R4, total=None),
                   "第二项没有实际完成值", header=_funds())]
    good = [Example(_GOOD, header=_matrix())]

    def check(self, ctx: Context) -> None:
        rows = ctx.form.indicators
        if not rows:
            raise NotEvaluable("表中没有绩效指标 / no indicators")
        missing = [i for i, ind in enumerate(rows)
                   if (ind.actual is None or _blank(ind.actual.raw)) and _blank(ind.actual_grade)]
        if len(missing) == len(rows) and len(rows) > 1:
            ctx.report(f"全部{len(rows)}个指标都没有填写实际完成值 / no indicator has an actual value", field="indicators")
            return
        for i in missing:
            ind = rows[i]
            shown = f"「{ind.actual.raw}」" if ind.actual is not None and ind.actual.raw else "空白"
            target = f"（指标值「{ind.target.raw}」）" if ind.target is not None and ind.target.raw else ""
            ctx.report(f"指标「{ind.name}」{target}的实际完成值为{shown} / indicator has no actual value", indicator=i)


@register
class ScoreOverWeight(Rule):
    code = "JX-S502"
    title = "得分超过分值"
    dimension = "自评"
    citation = f"{_SCORING}；得分不超过该指标的分值"
    severity = "error"
    description = ("每项指标的得分不能超过它的分值（10号：完成指标值的记该指标所赋全部分值，不加分）；预算执行率的得分"
                   "也不能超过其分值。表上印出的得分大于分值时报告。没有一项同时印出分值和得分时不评价。")
    fix = "核对得分：得分以该指标的分值为上限；超额完成也只记全部分值。"
    applies_to = ("self_evaluation",)
    bad = [
        Example(_table(_R1.replace("\t30\t30\t", "\t30\t32\t"), _R2, _R3, _R4, total="总分\t100\t100.43\t"),
                "超额完成仍不能超过分值：分值30、得分32", header=_matrix()),
        Example(_GOOD.replace("总分\t100\t98.43", "总分\t100\t99.43"), "预算执行率：分值10、得分10.5",
                header=_matrix(executed="504.00", rate="105.00%", score="10.50")),
    ]
    good = [Example(_GOOD, header=_matrix())]

    def check(self, ctx: Context) -> None:
        rows = _scored_rows(ctx)
        w, s = _printed(ctx, "预算执行分值"), _printed(ctx, "预算执行得分")
        if not rows and (w is None or s is None):
            raise NotEvaluable("表中没有同时印出分值和得分 / no printed weight and score")
        if w is not None and s is not None and s[0] > w[0] + _EPS:
            ctx.report(f"预算执行率得分 {_n(s[0])} 超过分值 {_n(w[0])} / budget execution score exceeds its weight",
                       field="funds.executed")
        for i in rows:
            ind = ctx.form.indicators[i]
            if ind.score > ind.weight + _EPS:  # type: ignore[operator]
                ctx.report(f"指标「{ind.name}」得分 {_n(ind.score)} 超过分值 {_n(ind.weight)} / "  # type: ignore[arg-type]
                           "score exceeds the indicator's weight", indicator=i)


@register
class TotalsDoNotAddUp(Rule):
    code = "JX-S503"
    title = "自评表合计不符"
    dimension = "自评"
    citation = f"{_SHEET}（总分由各项指标得分汇总形成；预算执行率 = 执行数 / 预算数）"
    severity = "error"
    description = ("表上印出的总分要由各项加总：各指标分值之和（加预算执行率分值）应等于总分值，各指标得分之和"
                   "（加预算执行率得分）应等于总得分，相差超过 `tolerance_per_row` × 相加的行数（默认每行0.01分，"
                   "各项得分各自四舍五入）时报告（错误）。预算执行率的分值、得分没有印出时，总分等于各指标之和、"
                   "或等于各指标之和加评分方法 `method` 的预算执行率分值（默认10分）及按印出的预算数、执行数算出的得分，"
                   "都视为相符。另外，印出的预算执行率应等于执行数 / 预算数（全年预算数，没有时用年度资金总额），"
                   "相差超过 `rate_tolerance_pct` 个百分点（默认0.01，印出的位数更少时放宽到末位的一半，如「87%」"
                   "允许±0.5）时报告（警告；配置把本规则设为提示时也为提示）。有指标没有印分值（得分）时不核对该行合计；"
                   "总分、执行率都没有印出时不评价。")
    fix = "重新加总：总分值 = 各指标分值 + 预算执行率分值（通常为100），总得分 = 各指标得分 + 预算执行率得分；执行率按执行数 / 预算数重算。"
    params = {"tolerance_per_row": 0.01, "rate_tolerance_pct": 0.01, "method": "mof-2020"}
    applies_to = ("self_evaluation",)
    bad = [
        Example(_table(_R1, _R2, _R3, _R4, total="总分\t100\t97.43\t"), "得分合计应为 88.93 + 9.50 = 98.43，印为 97.43",
                header=_matrix()),
        Example(_table(_R1.replace("\t30\t30\t", "\t35\t35\t"), _R2, _R3, _R4, total="总分\t100\t103.43\t"),
                "分值合计 35 + 20 + 30 + 10 + 10 = 105，印为100", header=_matrix()),
    ]
    good = [
        Example(_GOOD, header=_matrix()),
        Example(_GOOD, "没有印预算执行率的分值和得分：总分含按执行数、预算数计算的9.50分", header=_funds()),
    ]

    def check(self, ctx: Context) -> None:
        extra = ctx.form.project.extra
        rows = ctx.form.indicators
        total_w, total_s, rate_p = _printed(ctx, "总分值"), _printed(ctx, "总得分"), _printed(ctx, "预算执行率")
        if total_w is None and total_s is None and rate_p is None:
            raise NotEvaluable("表上没有印出总分或预算执行率 / no printed totals or execution rate")
        checked = False
        tol = float(ctx.params["tolerance_per_row"])
        for label, total, attr, part_label, what in (("分值", total_w, "weight", "预算执行分值", "weights"),
                                                      ("得分", total_s, "score", "预算执行得分", "scores")):
            if total is None or not rows or any(getattr(ind, attr) is None for ind in rows):
                continue
            checked = True
            parts = [float(getattr(ind, attr)) for ind in rows]
            own = sum(parts)
            printed_part = _printed(ctx, part_label)
            if printed_part is not None:
                expected = [own + printed_part[0]]
                shown = f"各指标{label}合计 {_n(own)} + 预算执行率{label} {_n(printed_part[0])} = {_n(expected[0])}"
            else:
                ev, method = _evaluation(ctx)
                unprinted = method.execution_weight if attr == "weight" else ev.execution.score
                expected = [own] + ([own + unprinted] if unprinted is not None else [])
                shown = f"各指标{label}合计 {_n(own)}（未印预算执行率{label}）"
                if unprinted is not None:
                    shown += f"，加预算执行率{label} {_n(unprinted)} 为 {_n(own + unprinted)}"
            n = len(parts) + 1  # the rows added up, the 预算执行率 row counted (each rounded on its own)
            if all(abs(total[0] - e) > tol * n + _EPS for e in expected):
                diff = abs(total[0] - expected[-1])
                ctx.report(f"{shown}，表中总{label} {extra.get('总' + label)}（相差 {_n(diff)}） / "
                           f"the printed total of {what} is not the sum of the parts", field=f"project.extra.总{label}")
        if rate_p is not None:
            f = ctx.form.funds
            base = f.budget if f.budget is not None else f.annual
            if base is not None and base > 0 and f.executed is not None:  # else _rate would end the rule
                executed, budget, rate, label = _rate(ctx)
                text = (extra.get("预算执行率") or "").strip()
                pct, decimals = rate_p
                if not text.endswith(("%", "％")) and pct <= 1:  # printed as a fraction: 0.95
                    pct, decimals = pct * 100, max(decimals - 2, 0)
                allowed = max(float(ctx.params["rate_tolerance_pct"]), 0.5 * 10 ** -decimals)
                checked = True
                if abs(pct - rate * 100) > allowed + _EPS:
                    ctx.report(f"表中预算执行率「{text}」与执行数 {fmt_yuan(executed)} / {label} {fmt_yuan(budget)} = "
                               f"{rate:.2%} 不符 / the printed execution rate is not executed / budget",
                               field="project.extra.预算执行率", severity="info" if ctx.severity == "info" else "warning")
        if not checked:
            raise NotEvaluable("有指标没有印出分值或得分，无法核对合计 / totals cannot be checked: some indicators print no weight or score")


@register
class ShortfallWithoutReason(Rule):
    code = "JX-S504"
    title = "扣分未说明偏差原因"
    dimension = "自评"
    citation = f"{_SHEET}（偏差原因分析及改进措施）；{C10}（单位自评：偏离绩效目标的要分析原因并提出改进措施）"
    severity = "warning"
    description = ("得分低于分值说明该指标未完全完成，应在「偏差原因分析及改进措施」中写明原因和改进措施。"
                   "表上印出的得分小于分值、而偏差原因为空或只有标点时报告。没有一项同时印出分值和得分时不评价。")
    fix = "在偏差原因分析及改进措施栏写明未完成的原因（客观或主观）和下年度的改进措施。"
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1, _R2.replace("部分偏远山区村检测延后，下年度优先安排", ""), _R3, _R4), "得分18.93低于分值20，偏差原因空白",
                   header=_matrix())]
    good = [Example(_GOOD, header=_matrix())]

    def check(self, ctx: Context) -> None:
        rows = _scored_rows(ctx)
        if not rows:
            raise NotEvaluable("表中没有同时印出分值和得分 / no printed weight and score")
        for i in rows:
            ind = ctx.form.indicators[i]
            if ind.score < ind.weight - _EPS and _blank(ind.deviation_reason):  # type: ignore[operator]
                ctx.report(f"指标「{ind.name}」得分 {_n(ind.score)} 低于分值 {_n(ind.weight)}，未填写偏差原因分析及改进措施 / "  # type: ignore[arg-type]
                           "score below the weight without a deviation reason", indicator=i)


@register
class ExecutedOverBudgetSelfEval(Rule):
    code = "JX-S505"
    title = "执行数大于预算数"
    dimension = "自评"
    citation = f"{_SHEET}（预算执行率 = 执行数 / 预算数，得分以分值为上限）"
    severity = "error"
    description = ("自评表的执行数不能大于预算数（全年预算数，没有时用年度资金总额）；其中财政拨款、其他资金印出预算数和"
                   "执行数的，也逐项核对。执行数超过预算数 `tolerance_yuan`（默认1元）以上时报告，多半是填错或元与万元混用。"
                   "预算数和执行数都未印出时不评价。")
    fix = "核对预算数（调整后的全年预算数）和执行数及其单位；确有超支的，说明资金来源并按调整后的预算填报。"
    params = {"tolerance_yuan": 1.0}
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1, _R2, _R3, _R4, total=None), "执行504万元，全年预算480万元", header=_funds(executed="504.00"))]
    good = [Example(_table(_R1, _R2, _R3, _R4, total=None), header=_funds())]

    def check(self, ctx: Context) -> None:
        f = ctx.form.funds
        budget, label = (f.budget, "预算数") if f.budget is not None else (f.annual, "年度资金总额")
        pairs = [(label, budget, "执行数", f.executed, "funds.executed"),
                 ("其中：财政拨款预算数", f.fiscal, "财政拨款执行数", f.fiscal_executed, "funds.fiscal_executed"),
                 ("其他资金预算数", f.other, "其他资金执行数", f.other_executed, "funds.other_executed")]
        pairs = [p for p in pairs if p[1] is not None and p[3] is not None]
        if not pairs:
            raise NotEvaluable("未印出预算数或执行数 / budget or executed amount not printed")
        tol = float(ctx.params["tolerance_yuan"])
        for b_label, b, e_label, e, field in pairs:
            if e - b > tol:  # type: ignore[operator]
                rate = f"（执行率 {e / b:.2%}）" if b else ""  # type: ignore[operator]
                ctx.report(f"{e_label} {fmt_yuan(e)} 大于{b_label} {fmt_yuan(b)}{rate} / executed exceeds the budget",  # type: ignore[arg-type]
                           field=field)


_MONEY_WORDS = ("资金", "预算", "经费", "支付", "执行", "拨付", "结算", "结余", "结转")


@register
class LowExecutionUnexplained(Rule):
    code = "JX-S506"
    title = "预算执行率偏低未说明原因"
    dimension = "自评"
    citation = f"{_SHEET}（预算执行率）；{C10}（单位自评：偏离绩效目标较大的要分析并说明原因）"
    severity = "warning"
    description = ("预算执行率（执行数 / 预算数）低于 `threshold`（默认0.9，即90%，同评分方法 mof-2020）时，要说明资金没有"
                   "按计划执行的原因。表上找不到说明时报告：没有执行偏差原因（实际完成值表中填写的「执行偏差原因」），"
                   "各指标的偏差原因中也没有一条提到资金（其本身或其指标名称含 `words` 中的词：资金、预算、经费、支付、执行、"
                   "拨付 …）。预算数或执行数未印出时不评价。")
    fix = "说明预算执行率偏低的原因（如合同分期支付、项目延期、结算延至下年）和改进措施，填在执行偏差原因或资金相关指标的偏差原因栏。"
    params = {"threshold": 0.9, "words": list(_MONEY_WORDS)}
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1, _R2, _R3, _R4, total=None), "执行400万元、预算480万元，执行率83.33%，没有说明",
                   header=_funds(executed="400.00"))]
    good = [
        Example(_table(_R1, _R2, _R3, _R4, total=None), "执行率95%", header=_funds()),
        Example(_table(_R1, _R2, _R3, _R4, "成本指标\t经济成本指标\t维修养护资金支出\t≤480万元\t400万元\t\t\t部分工程结算延至下年，资金未支付",
                       total=None), "执行率83.33%，资金指标的偏差原因作了说明", header=_funds(executed="400.00")),
    ]

    def check(self, ctx: Context) -> None:
        executed, budget, rate, label = _rate(ctx)
        threshold = float(ctx.params["threshold"])
        if rate >= threshold:
            return
        if not _blank(ctx.form.project.extra.get("执行偏差原因")):
            return
        words = tuple(ctx.params["words"])
        for ind in ctx.form.indicators:
            reason = ind.deviation_reason
            if not _blank(reason) and any(w in reason or w in ind.name for w in words):  # type: ignore[operator]
                return
        ctx.report(f"预算执行率 {rate:.2%}（执行数 {fmt_yuan(executed)} / {label} {fmt_yuan(budget)}）低于 {threshold:.0%}，"
                   f"表上没有说明原因 / execution rate below {threshold:.0%} without an explanation", field="funds.executed")


# printed grade words -> the grades of the method (优/良/中/差); a profile may change the map
_ALIASES = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "及格": "中", "一般": "中", "较差": "差", "不合格": "差"}
_GRADE_WORD = re.compile(r"(不合格|优秀|良好|中等|合格|及格|一般|较差|优|良|中|差)")


def _bands(method: Method) -> str:
    """优 ≥90、良 80–90、中 60–80、差 <60 for the method's grades."""
    out, above = [], None
    for low, name in method.grades:  # highest first
        if above is None:
            out.append(f"{name} ≥{_n(low)}")
        elif low > 0:
            out.append(f"{name} {_n(low)}–{_n(above)}")
        else:
            out.append(f"{name} <{_n(above)}")
        above = low
    return "、".join(out)


@register
class GradeDoesNotMatchTotal(Rule):
    code = "JX-S507"
    title = "自评等级与总分不符"
    dimension = "自评"
    citation = _GRADES
    severity = "error"
    description = ("印出的自评等级要与印出的总得分相符：按评分方法 `method`（默认 mof-2020）的等级，90分（含）以上为优，"
                   "80（含）–90分为良，60（含）–80分为中，60分以下为差；总分值不是100的先折算为百分制。等级按 `grade_aliases`"
                   "读作方法的等级：优秀→优、良好→良、中等/合格/及格/一般→中、较差/不合格→差（四档的本地写法；只分合格/"
                   "不合格两档的地方请在配置中改）。没有印出自评等级或总得分、或等级读不出时不评价。")
    fix = "按总得分重新确定等级（优 ≥90、良 80–90、中 60–80、差 <60），或核对总得分。"
    params = {"method": "mof-2020", "grade_aliases": dict(_ALIASES)}
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1, _R2, _R3, _R4, grade="良"), "总得分98.43应为优，印为良", header=_matrix())]
    good = [
        Example(_table(_R1, _R2, _R3, _R4, grade="优"), header=_matrix()),
        Example(_table(_R1, _R2, _R3, _R4, grade="优秀"), "优秀读作优", header=_matrix()),
    ]

    def check(self, ctx: Context) -> None:
        printed = (ctx.form.project.extra.get("自评等级") or "").strip()
        total = _printed(ctx, "总得分")
        if not printed or total is None:
            raise NotEvaluable("没有印出自评等级或总得分 / no printed grade or total score")
        method = _method(str(ctx.params.get("method") or "mof-2020"))
        names = [g for _, g in method.grades]
        m = _GRADE_WORD.match(re.sub(r"\s+", "", printed))
        word = m.group(1) if m else printed
        aliases: dict[str, Any] = ctx.params.get("grade_aliases") or {}
        grade = word if word in names else aliases.get(word)
        if grade not in names:
            raise NotEvaluable(f"读不出印出的等级「{printed}」（评分方法 {method.label} 的等级：{'/'.join(names)}） / "
                               "the printed grade is not one of the method's grades")
        scale = _printed(ctx, "总分值")
        on_100 = total[0] * 100 / scale[0] if scale is not None and scale[0] > 0 and abs(scale[0] - 100) > _EPS else total[0]
        expected = method.grade_of_total(on_100)
        if expected != grade:
            bands = _bands(method)
            shown = f"「{printed}」" + (f"（读作{grade}）" if printed != grade else "")
            scaled = f"（折合百分制 {on_100:.2f}）" if on_100 != total[0] else ""
            ctx.report(f"自评等级{shown}与总得分 {_n(total[0])}{scaled} 不符，按评分方法 {method.label} 应为「{expected}」（{bands}） / "
                       "the printed grade does not match the total", field="project.extra.自评等级")


@register
class OverAchievement(Rule):
    code = "JX-S508"
    title = "实际完成值大幅超过目标"
    dimension = "自评"
    citation = f"{_SCORING}；{C10}（完成值高于指标值较多的要分析原因，指标值设定明显偏低的按偏离度适度调减分值）"
    severity = "warning"
    description = ("正向（≥、>）或等值（=）的定量指标，实际完成值达到指标值的 `ratio` 倍以上（默认1.3，即130%，同评分方法"
                   "mof-2020 的超额阈值）时，10号要求分析原因：是否年初指标值设定明显偏低（偏低的可按偏离度调减分值，由评审"
                   "决定，评分不自动扣分）。该行没有填写偏差原因分析时报告；已写明原因的不报告，由审核人阅读判断。"
                   "比较在换算到指标值的单位后进行；没有可比较的定量指标时不评价。")
    fix = "在偏差原因分析中说明超额的原因；若是年初指标值定得偏低，下一年度按实际能力调高指标值，并考虑调减本项得分。"
    params = {"ratio": 1.3, "method": "mof-2020"}
    applies_to = ("self_evaluation",)
    bad = [Example(_table(_R1.replace("205处", "300处"), _R2, _R3, _R4), "目标≥200处，实际300处（150%）", header=_matrix())]
    good = [
        Example(_GOOD, header=_matrix()),
        Example(_table(_R1.replace("205处\t30\t30\t", "300处\t30\t30\t应急抢修任务增加，下年度按实际需求调高指标值"), _R2, _R3, _R4),
                "超额的原因已写明", header=_matrix()),
    ]

    def check(self, ctx: Context) -> None:
        if not any(_comparable(ind) for ind in ctx.form.indicators):  # cheap test first: most forms print no figures
            raise NotEvaluable("没有可与指标值比较的定量实际完成值 / no numeric actual to compare with a target")
        ev, _ = _evaluation(ctx)
        limit = float(ctx.params["ratio"])
        compared = [r for r in ev.indicators if r.ratio is not None and r.rule in ("positive", "equal")]
        if not compared:
            raise NotEvaluable("没有可与指标值比较的定量实际完成值 / no numeric actual to compare with a target")
        for r in compared:
            ind = ctx.form.indicators[r.index]
            if r.ratio >= limit - _EPS and _blank(ind.deviation_reason):  # type: ignore[operator]
                target = ind.target.raw if ind.target else ""
                actual = ind.actual.raw if ind.actual else ""
                ctx.report(f"指标「{ind.name}」实际完成值「{actual}」为指标值「{target}」的 {r.ratio:.0%}（≥{limit:.0%}），未分析原因；"  # type: ignore[str-format]
                           "请说明是否年初指标值定得偏低 / actual far above the target: was the target set too low?",
                           indicator=r.index)


def _comparable(ind: Indicator) -> bool:
    """A 正向 / 等值 numeric target with a numeric actual: what an over-achievement ratio needs."""
    t, a = ind.target, ind.actual
    return t is not None and t.op in (">=", ">", "=") and a is not None and a.value is not None and a.kind == "number"


_PRINTED_NOTE = re.compile(r"（表中得分 [^）]*）")


@register
class ScoreDiffersFromMethod(Rule):
    code = "JX-S509"
    title = "得分与评分方法不符"
    dimension = "自评"
    citation = _SCORING
    severity = "warning"
    description = ("按评分方法 `method`（默认 mof-2020）重算每项指标的得分：定量指标正向 B/A×分值、反向、等值、区间及时限"
                   "按公式，定性指标按完成情况所在档位（达成80%–100%、部分达成60%–80%、未达成0–60%）。印出的得分与公式得分"
                   "相差超过 `tolerance`（默认0.05分，容许四舍五入到一位小数），或定性指标的得分不在其档位内时报告，消息给出"
                   "两个数和计算过程；预算执行率的得分同样核对。只核对同时印出分值和得分的指标；评分方法算不出的指标"
                   "（单位无法换算等）不核对；没有一项能核对时不评价。")
    fix = "按评分方法重算得分（见消息中的公式）；有意调减的（如指标值定得偏低）在偏差原因中说明依据。"
    params = {"tolerance": 0.05, "method": "mof-2020"}
    applies_to = ("self_evaluation",)
    bad = [
        Example(_table(_R1, _R2.replace("\t18.93\t", "\t20\t"), _R3, _R4, total="总分\t100\t99.50\t"),
                "1420/1500×20 = 18.93，印为满分20", header=_matrix()),
        Example(_table(_R1, _R2, _R3.replace("99.2%\t30\t30\t", "部分完成\t30\t30\t个别山区村管网未通"), _R4),
                "部分完成（60%–80%）却记满分", header=_matrix()),
    ]
    good = [
        Example(_GOOD, header=_matrix()),
        Example(_table(_R1, _R2, _R3.replace("99.2%\t30\t30\t", "部分完成\t30\t22\t个别山区村管网未通"), _R4, total="总分\t100\t90.43\t"),
                "部分完成记22分，在18–24分之内", header=_matrix()),
    ]

    def check(self, ctx: Context) -> None:
        rows = _scored_rows(ctx)
        printed = _printed(ctx, "预算执行得分")
        if not rows and printed is None:
            raise NotEvaluable("表中没有同时印出分值和得分 / no printed weight and score")
        ev, method = _evaluation(ctx)
        tol = float(ctx.params["tolerance"])
        checked = False
        x = ev.execution
        if printed is not None and x.score is not None:
            checked = True
            if abs(printed[0] - x.score) > tol + _EPS:
                note = _PRINTED_NOTE.sub("", x.note or "")
                ctx.report(f"预算执行率得分印为 {_n(printed[0])}，按评分方法 {method.label} 应为 {x.score:.2f}（{note}） / "
                           "the printed execution score differs from the method", field="project.extra.预算执行得分")
        for i in rows:
            ind, r = ctx.form.indicators[i], ev.indicators[i]
            score = float(ind.score)  # type: ignore[arg-type]
            if r.rule == "qualitative" and r.grade in method.bands:
                checked = True
                low, high = method.bands[r.grade]
                lo, hi = low * float(ind.weight), high * float(ind.weight)  # type: ignore[arg-type]
                if score < lo - tol - _EPS or score > hi + tol + _EPS:
                    said = f"完成等级「{ind.actual_grade}」" if not _blank(ind.actual_grade) else f"完成情况「{ind.actual.raw if ind.actual else ''}」"
                    ctx.report(f"{_ind(ctx, i)}得分印为 {_n(score)}，按评分方法 {method.label}：{said}为{r.grade}，"
                               f"得分应在 {lo:.2f}–{hi:.2f} 之间（分值 {_n(float(ind.weight))} 的 {low:.0%}–{high:.0%}） / "  # type: ignore[arg-type]
                               "the printed score is outside the band of the grade", indicator=i)
            elif r.rule != "qualitative" and r.score is not None and r.problem is None:
                checked = True
                if abs(score - r.score) > tol + _EPS:
                    note = _PRINTED_NOTE.sub("", r.note or "")
                    ctx.report(f"{_ind(ctx, i)}得分印为 {_n(score)}，按评分方法 {method.label} 应为 {r.score:.2f}（{note}） / "
                               "the printed score differs from the method", indicator=i)
        if not checked:
            raise NotEvaluable("没有能按评分方法核对的印出得分 / no printed score the method can check")
