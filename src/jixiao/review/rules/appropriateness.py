"""适当性: targets match the money and the year — funds add up, cost targets stay
within the project's money, dates fall in the fiscal year, values are not boilerplate,
and what the annual goal promises is carried into the indicators.

88号 (适当性审核): 绩效目标与预算资金量相匹配; 101号: a target carries the
matching cost-control requirement.
"""

from __future__ import annotations

import re
from datetime import date
from operator import itemgetter
from typing import Callable, Iterator

from ...model import Indicator, Value
from ..rule import Context, Example, NotEvaluable, Row, Rule, register
from ._util import (
    C88,
    C101,
    FUNDS_LABEL,
    INTEGER_UNITS,
    MONEY_UNITS,
    PER_UNIT_COST,
    annual_goal_text,
    cost_rows,
    fmt_yuan,
    is_quantitative,
    project_money,
    years_named,
    yuan,
)

_APPROPRIATE = f"{C88}（审核要点：适当性：绩效目标与预算资金量相匹配）"

# a complete, consistent 2024 table (amounts agree with the default header's 1,000,000.00 元)
_TABLE = (
    "成本指标\t经济成本指标\t宣传品制作成本\t≤40万元\n"
    "成本指标\t经济成本指标\t宣传投放成本\t≤60万元\n"
    "产出指标\t数量指标\t公益活动举办次数\t≥3场\n"
    "产出指标\t质量指标\t社交媒体推送合格率\t≥95%\n"
    "产出指标\t时效指标\t活动情况总结提交时间\t2024年12月底前\n"
    "效益指标\t社会效益指标\t推文平均阅读量\t≥800人次\n"
    "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥85%"
)


def _tolerance(ctx: Context) -> float:
    return float(ctx.params.get("tolerance_yuan", 1.0))


@register
class FundsDoNotAddUp(Rule):
    code = "JX-A401"
    title = "资金合计不符"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性）；申报表「年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金」"
    severity = "error"
    description = ("年度资金申请总额应等于其中的当年财政拨款、上年结转资金、其他资金之和；相差超过 `tolerance_yuan`"
                   "（默认1元）时报告。年度资金或财政拨款未印出时不评价；上年结转、其他资金未印出（不少地方的表没有这两栏）"
                   "时按0计并在消息中说明，`blank_as_zero: false` 则改为不评价。自评表的资金是「年初预算/全年预算/执行数」"
                   "矩阵，各栏口径不同，不适用。")
    fix = "核对资金来源：年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金，并统一单位（元或万元）。"
    params = {"tolerance_yuan": 1.0, "blank_as_zero": True}
    applies_to = ("declaration", "department_overall")
    bad = [
        Example(_TABLE, "1,000,000 ≠ 900,000 + 50,000 + 0", header={"其中：当年财政拨款": "900,000.00", "上年结转资金": "50,000.00"}),
        Example(_TABLE, "没有结转、其他资金栏，年度资金与财政拨款不等", header={"其中：当年财政拨款": "800,000.00", "上年结转资金": "", "其他资金": ""}),
    ]
    good = [
        Example(_TABLE),
        Example(_TABLE, "有结转资金", header={"其中：当年财政拨款": "800,000.00", "上年结转资金": "150,000.00", "其他资金": "50,000.00"}),
        Example(_TABLE, "没有结转、其他资金栏", header={"上年结转资金": "", "其他资金": ""}),
    ]

    def check(self, ctx: Context) -> None:
        f = ctx.form.funds
        fields = f.__dict__  # the fields, without pydantic's attribute hook
        parts = {"annual": fields["annual"], "fiscal": fields["fiscal"], "carryover": fields["carryover"], "other": fields["other"]}
        if parts["annual"] is None or parts["fiscal"] is None or not ctx.params.get("blank_as_zero", True):
            needed = ("annual", "fiscal") if ctx.params.get("blank_as_zero", True) else tuple(parts)
            missing = [k for k in needed if parts[k] is None]
            if missing:
                raise NotEvaluable(f"未印出{'、'.join(FUNDS_LABEL[k] for k in missing)} / funds not printed: {', '.join(missing)}")
        total = (parts["fiscal"] or 0) + (parts["carryover"] or 0) + (parts["other"] or 0)
        diff = (parts["annual"] or 0) - total
        if abs(diff) > _tolerance(ctx):
            blank = [FUNDS_LABEL[k] for k in ("carryover", "other") if parts[k] is None]
            note = f"（{'、'.join(blank)}未印出，按0计）" if blank else ""
            ctx.report(
                f"年度资金申请总额 {f.annual or 0:,.2f}元 ≠ 当年财政拨款 {f.fiscal or 0:,.2f} + 上年结转 {f.carryover or 0:,.2f}"
                f" + 其他资金 {f.other or 0:,.2f} = {total:,.2f}元（相差 {diff:,.2f}元）{note} / "
                "annual funds ≠ fiscal + carryover + other",
                field="funds.annual")


_SELF_EVAL_HEADER = {"表头": "项目支出绩效自评表", "年度": "(2023年度)", "计划开始日期": "", "计划完成日期": "",
                     "年度资金申请总额": "", "其中：当年财政拨款": "", "上年结转资金": "", "其他资金": "", "年度总体目标": "",
                     "预期目标": "完成农村供水工程维修养护200处。"}
_SELF_EVAL_TABLE = ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\n"
                    "产出指标\t数量指标\t维修养护农村供水工程\t≥200处\t205处\n"
                    "产出指标\t质量指标\t维修养护工程验收合格率\t=100%\t100%\n"
                    "满意度指标\t服务对象满意度指标\t受益群众满意度\t≥90%\t93%")


def _money_costs(ctx: Context) -> list[tuple[int, Indicator, float]]:
    """The cost indicators whose target caps spending, with the cap in 元 (once per form, in row order)."""
    costs = ctx.shared.get("money_costs")
    if costs is None:
        costs = ctx.shared["money_costs"] = []
        targets = ctx.target_fields  # targets[i]: the fields of ind.target
        for i, ind, _ in cost_rows(ctx):
            v = targets[i]  # money_cap_yuan(ind), on the fields
            if v is None or v["value"] is None or v["op"] not in ("<=", "<", "="):
                continue
            amount = yuan(v["value"], "万元" if v["unit"] == "万" else v["unit"])
            if amount is not None:
                costs.append((i, ind, amount))
    return costs


@register
class CostOverFunds(Rule):
    code = "JX-A403"
    title = "成本指标超过项目资金"
    dimension = "适当性"
    citation = f"{_APPROPRIATE}；{C101}（成本指标与资金相匹配）"
    severity = "error"
    description = ("以金额表示的成本指标（单位元/万元/亿元，运算符 ≤、< 或 =）不应超过项目资金（年度资金申请总额，"
                   "没有时用项目资金总额，再没有时用预算数）。比较前统一换算为元——资金常以元填报、成本指标常以万元填报，"
                   "单位弄错会差一万倍。没有资金或没有金额型成本指标时不评价。")
    fix = "核对成本指标的金额和单位（元/万元）；成本指标应在项目资金范围内，并与资金测算明细一致。"
    params = {"tolerance_yuan": 1.0}
    bad = [Example(_TABLE.replace("≤40万元", "≤400000万元"), "把元当成万元填写：40万元写成400000万元")]
    good = [Example(_TABLE), Example(_TABLE.replace("≤40万元", "≤400000元"), "以元填写")]

    def check(self, ctx: Context) -> None:
        money = project_money(ctx.form)
        if money is None:
            raise NotEvaluable("未印出项目资金 / no funds printed")
        costs = _money_costs(ctx)
        if not costs:
            raise NotEvaluable("没有以金额表示的成本指标 / no money-valued cost indicator")
        field, amount = money
        for i, ind, cap in costs:
            if cap - amount > _tolerance(ctx):
                hint = "，疑为元与万元混用" if amount > 0 and cap / amount >= 1000 else ""
                ctx.report(f"成本指标「{ind.name}」{ind.target.raw if ind.target else ''}（合 {cap:,.2f}元）超过{FUNDS_LABEL[field]} "
                           f"{fmt_yuan(amount)}{hint} / cost target exceeds the project's funds", indicator=i)


_TOTAL_COST = re.compile(r"总额|总成本|总费用|总经费|总投入|总预算|合计|总计|全部")


@register
class CostSumOverFunds(Rule):
    code = "JX-A404"
    title = "成本指标合计超过项目资金"
    dimension = "适当性"
    citation = f"{_APPROPRIATE}；{C101}（成本指标与资金相匹配）"
    severity = "warning"
    description = ("各项金额型成本指标（≤/</= 金额）之和不应超过年度资金（自评表用预算数）。人均、单位、每场等单位成本"
                   "和「总额/合计」类指标不计入合计（前者不是资金的一部分，后者已包含各分项）；可计入的不足两项时不评价"
                   "（单项超过资金见 JX-A403）。")
    fix = "核对各项成本指标的金额和单位，使其合计与年度资金及资金测算明细相符。"
    params = {"tolerance_yuan": 1.0}
    bad = [Example(_TABLE.replace("≤60万元", "≤80万元"), "40万元 + 80万元 > 100万元")]
    good = [Example(_TABLE), Example(_TABLE + "\n成本指标\t经济成本指标\t人均活动成本\t≤200元", "单位成本不计入合计")]

    def check(self, ctx: Context) -> None:
        money = project_money(ctx.form, ("annual", "budget"))
        if money is None:
            raise NotEvaluable("未印出年度资金 / no annual funds printed")
        fields = ctx.row_fields
        parts = [(i, ind, cap) for i, ind, cap in _money_costs(ctx)
                 if not PER_UNIT_COST.search(fields[i]["name"]) and not _TOTAL_COST.search(fields[i]["name"])]
        if len(parts) < 2:
            raise NotEvaluable("可合计的金额型成本指标不足两项 / fewer than two money-valued cost indicators to add up")
        field, amount = money
        total = sum(cap for _, _, cap in parts)
        if total - amount > _tolerance(ctx):
            names = "、".join(f"「{ind.name}」" for _, ind, _ in parts)
            ctx.report(f"{len(parts)}项成本指标合计 {fmt_yuan(total)}，超过{FUNDS_LABEL[field]} {fmt_yuan(amount)}（{names}） / "
                       "cost targets add up to more than the annual funds", field="indicators")


def _as_printed(ctx: Context, subset: str, test: Callable[[Value], bool]) -> list[Row]:
    """``ctx.rows(subset)`` for a rule that reads each target as printed: with, in row order, the rows
    whose target is printed blank (:meth:`Context.rows` gives None for those; rare) and passes ``test``."""
    rows = ctx.rows(subset)
    blank = [row for row in ctx.rows("blank") if test(row[1].target)]  # type: ignore[arg-type]
    return sorted(rows + blank, key=itemgetter(0)) if blank else rows


def _in_percent(v: Value) -> bool:
    return v.unit == "%"


def _is_full_mark(ind: Indicator) -> bool:
    v = ind.target
    return v is not None and v.unit == "%" and v.op in ("=", ">=") and v.value == 100


@register
class BoilerplateValues(Rule):
    code = "JX-A405"
    title = "指标值千篇一律"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性、可行性：指标值合理可行）"
    severity = "warning"
    description = ("定量指标中「=100%」「≥100%」占比不低于 `share`（默认0.6）且至少 `min_count`（默认5）个时报告："
                   "指标值照抄满分，没有结合项目实际测算。计数类指标（场、册、人次）不会是100%，所以按全部定量指标计算占比时"
                   "0.8 过高（上海2020年样表63个指标中37个为100%，占定量指标的65%），默认取0.6。")
    fix = "按项目实际和历史水平逐项测算指标值：合格率、完成率等写可达到的水平，过程性的「及时率=100%」换成具体时限。"
    params = {"share": 0.6, "min_count": 5}
    bad = [Example(
        "产出指标\t数量指标\t宣传品发放\t≥5000册\n"
        "产出指标\t数量指标\t城市日配套活动的广告、媒体和形象设计完成率\t=100%\n"
        "产出指标\t质量指标\t网站信息更新达标率\t=100%\n"
        "产出指标\t质量指标\t宣传品发放达标率\t=100%\n"
        "产出指标\t时效指标\t网站信息更新及时率\t=100%\n"
        "产出指标\t时效指标\t宣传品发放及时率\t=100%\n"
        "效益指标\t社会效益指标\t线下活动现场环境清洁度\t=100%\n"
        "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥80%", "8个定量指标中6个为100%")]
    good = [Example(_TABLE)]

    def check(self, ctx: Context) -> None:
        if ctx.rows("blank"):  # rare: a target printed blank, counted as printed
            n = len(_as_printed(ctx, "quantitative", is_quantitative))
            full = [ind for _, ind, _ in _as_printed(ctx, "percent", _in_percent) if _is_full_mark(ind)]  # a full mark is in %
        else:
            n = len(ctx.rows("quantitative"))
            targets = ctx.target_fields  # _is_full_mark of a printed % target, on its fields
            full = [ind for i, ind, _ in ctx.rows("percent") if targets[i]["op"] in ("=", ">=") and targets[i]["value"] == 100]
        if not n:
            raise NotEvaluable("没有定量指标 / no quantitative targets")
        share = len(full) / n
        if len(full) >= int(ctx.params["min_count"]) and share >= float(ctx.params["share"]):
            examples = "、".join(f"「{ind.name}」" for ind in full[:3])
            ctx.report(f"{n}个定量指标中有{len(full)}个（{share:.0%}）为=100%/≥100%（如{examples}），疑为套用 / "
                       f"{len(full)} of {n} quantitative targets are 100%: boilerplate", field="indicators")


_DATE_LABELS = {"start_date": "计划开始日期", "end_date": "计划完成日期"}


def _year_of(iso: str | None) -> int | None:
    try:
        return date.fromisoformat(iso).year if iso else None
    except ValueError:
        return None


@register
class DatesOutsideYear(Rule):
    code = "JX-A406"
    title = "计划日期不在预算年度内"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性）；年度绩效目标以预算年度为期"
    severity = "warning"
    description = ("年度申报表的计划开始、完成日期应在预算年度内。日期的年份与预算年度不同时报告；跨年度项目"
                   "（项目资金总额大于年度资金）的计划期覆盖预算年度时不报告。没有日期或年度时不评价。")
    fix = "核对计划开始/完成日期与预算年度；跨年度项目请填写项目资金总额并在年度指标中写明本年度的阶段性目标。"
    bad = [Example(_TABLE, "2024年度的表，计划完成日期2025年6月", header={"计划完成日期": "2025-06-30"})]
    good = [
        Example(_TABLE),
        Example(_TABLE, "跨年度项目：资金总额大于年度资金", header={"计划开始日期": "2023-07-01", "计划完成日期": "2025-06-30",
                                                     "项目资金总额": "3,000,000.00"}),
    ]

    def check(self, ctx: Context) -> None:
        form = ctx.form
        year = form.fiscal_year
        p = form.project
        dates = {"start_date": p.start_date, "end_date": p.end_date}
        years = {}
        for k, v in dates.items():
            y = _year_of(v)
            if y is not None:
                years[k] = y
        if year is None:
            raise NotEvaluable("表上没有预算年度 / fiscal year unknown")
        if not years:
            raise NotEvaluable("未印出计划开始、完成日期 / no plan dates printed")
        f = form.funds
        multi_year = f.total is not None and f.annual is not None and f.total > f.annual + 1
        start, end = years.get("start_date"), years.get("end_date")
        if multi_year and (start is None or start <= year) and (end is None or end >= year):
            return
        for k, y in years.items():
            if y != year:
                ctx.report(f"{_DATE_LABELS[k]} {dates[k]} 不在{year}预算年度内 / plan date outside the fiscal year {year}",
                           field=f"project.{k}")


@register
class EndBeforeStart(Rule):
    code = "JX-A407"
    title = "计划完成日期早于开始日期"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性、可行性）"
    severity = "error"
    description = "计划完成日期早于计划开始日期时报告（多为填反或年份笔误）。两个日期缺一时不评价。"
    fix = "核对并改正计划开始日期和计划完成日期。"
    bad = [Example(_TABLE, "完成日期写成了2023年", header={"计划完成日期": "2023-12-31"})]
    good = [Example(_TABLE)]

    def check(self, ctx: Context) -> None:
        p = ctx.form.project
        start_date, end_date = p.__dict__["start_date"], p.__dict__["end_date"]
        try:
            start = date.fromisoformat(start_date) if start_date else None
            end = date.fromisoformat(end_date) if end_date else None
        except ValueError:
            raise NotEvaluable("计划日期无法识别 / plan dates not readable") from None
        if start is None or end is None:
            raise NotEvaluable("未印出计划开始或完成日期 / plan start or end date not printed")
        if end < start:
            ctx.report(f"计划完成日期 {p.end_date} 早于计划开始日期 {p.start_date} / end date before start date",
                       field="project.end_date")


@register
class DeadlineOutsideYear(Rule):
    code = "JX-A408"
    title = "时效指标期限超出年度"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性）；年度绩效目标以预算年度为期"
    severity = "warning"
    description = ("年度指标值中的日期、期限（如「2025年6月底前」）应落在预算年度内。指标值为日期/期限、且写明的年份"
                   "与预算年度不同时报告；只写月份（「12月底前」）的不报告。没有年度或没有日期型指标值时不评价。")
    fix = "把期限改为预算年度内的日期；确需跨年完成的，年度指标写本年度应完成的阶段性节点。"
    bad = [Example(_TABLE.replace("2024年12月底前", "2025年6月底前"), "2024年度的表，期限在2025年")]
    good = [Example(_TABLE), Example(_TABLE.replace("2024年12月底前", "12月底前"), "只写月份")]

    def check(self, ctx: Context) -> None:
        year = ctx.form.fiscal_year
        if year is None:
            raise NotEvaluable("表上没有预算年度 / fiscal year unknown")
        dated = [(i, ind) for i, ind, _ in _as_printed(ctx, "date", _is_date)]
        if not dated:
            raise NotEvaluable("没有日期、期限型的指标值 / no date or deadline targets")
        for i, ind in dated:
            other = [y for y in years_named(ind.target.raw) if y != year]
            if other:
                ctx.report(f"指标「{ind.name}」的指标值「{ind.target.raw}」写的是{'、'.join(map(str, other))}年，"
                           f"不在{year}预算年度内 / deadline outside the fiscal year", indicator=i)


def _is_date(v: Value) -> bool:
    return v.kind == "date"


# -- JX-A409: numbers promised in the annual goal -------------------------------------------------

_GOAL_UNITS = sorted(
    INTEGER_UNITS | set(MONEY_UNITS) | {"%", "天", "日", "小时", "个月", "周", "课时", "学时", "平方米", "公里", "千米", "米", "亩",
                                        "公顷", "吨", "集", "幅", "张", "棵", "株", "间", "栋", "门", "节", "种", "类", "所", "位",
                                        "讲", "课", "轮", "季", "版", "首", "段", "组", "支", "单", "网点"},
    key=len, reverse=True)
_GOAL_UNIT_RE = re.compile(r"\s*(" + "|".join(map(re.escape, _GOAL_UNITS)) + ")")
# a digit is an ASCII or a full-width one (the readers print full-width digits as ASCII already; a form
# built by hand may not): two ranges the regex engine checks at once, where \d asks Unicode's tables
_D = "0-9０-９"
_NUMBER = re.compile(rf"(?<![{_D}.])([{_D}]+(?:,[{_D}]{{3}})*(?:\.[{_D}]+)?)(\s*[万亿])?")
# _NUMBER without its look-behind, and starting with a character class: the regex engine skips ahead
# to the next digit instead of trying the look-behind at every character (see _numbers)
_NUMBER_AHEAD = re.compile(rf"([{_D}][{_D}]*(?:,[{_D}]{{3}})*(?:\.[{_D}]+)?)(\s*[万亿])?")
_DIGIT_OR_DOT = re.compile(rf"[{_D}.]")
# verbs and comparisons after which a bare number is a promised amount (阅读量达到3000)
_AMOUNT_LEAD = re.compile(r"(?:达到|达|超过|突破|不少于|不低于|不超过|多于|高于|保持|稳定在|控制在|提升至|提高到|提高至|增至|增加到|完成)\s*$")
_LATIN_END = re.compile(r"[A-Za-z]$")  # a code: 5G, No. …
_LATIN = re.compile(r"[A-Za-z]")
_MONTH_END = re.compile(r"月\s*$")
_NOT_AN_AMOUNT = re.compile(r"\s*(?:年|月|日|号|时|:|：|点|、|\.|\)|）|届|级|批次)")  # after: a year, date, time, list marker, ordinal
_OPEN_END = re.compile(r"[(（]\s*$")
# a character after a number that no unit starts with and that _NOT_AN_AMOUNT takes: no amount
_SKIP_AFTER = frozenset(c for c in "年月日号时:：点、.)）届级批次"
                        if not c.isspace() and not _GOAL_UNIT_RE.match(c) and not any(u.startswith(c) for u in _GOAL_UNITS)
                        and _NOT_AN_AMOUNT.fullmatch(c))
_LEAD_BREAK = re.compile(r"[，。；、：,;:！？\s（(）)“”《》]")


def _GROUPS(m: re.Match[str]) -> tuple[str, str]:
    return m.groups("")


def _numbers(text: str) -> Iterator[re.Match[str]]:
    """``_NUMBER.finditer(text)``, faster on long texts with few numbers."""
    pos = 0
    while (m := _NUMBER_AHEAD.search(text, pos)) is not None:
        start = m.start()
        if start and _DIGIT_OR_DOT.match(text, start - 1):
            pos = start + 1  # inside a number: _NUMBER's look-behind fails here
            continue
        yield m
        pos = m.end()


def _goal_numbers(text: str) -> list[tuple[float, str]]:
    """Numbers the annual goal promises: with a unit (``完成6期``, ``200处``, ``99%``) or after 达到/不少于 …
    (``阅读量达到3000``). Years, dates, ordinals (第3期), list markers (1、), document numbers (36号) and
    codes (5G) are left out. Returns (value, as printed)."""
    found: list[tuple[float, str]] = []
    for m in _numbers(text):
        # a window around the number is all the checks below look at (no copy of the whole text)
        start, end = m.span()
        if text[end: end + 1] in _SKIP_AFTER:
            continue  # 2024年, 10月, 1、: no unit, and not an amount (the checks below, on one character)
        after = text[end: end + 12]
        um = _GOAL_UNIT_RE.match(after)
        unit = um.group(1) if um else None
        if unit is None and _NOT_AN_AMOUNT.match(after):
            continue  # a year, date, time, list marker, ordinal (the most common case: checked first)
        before = text[max(0, start - 40): start]
        if before.endswith(("第", "No.", "NO.", "[", "〔")) or _LATIN_END.search(before) or _LATIN.match(after):
            continue
        num, wan = m.group(1), (m.group(2) or "").strip()
        value = float(num.replace(",", ""))
        if unit in ("日",) and _MONTH_END.search(before):
            continue  # 10月1日 is a date
        if unit is None:
            if _OPEN_END.search(before):
                continue  # an ordinal in brackets
            if not _AMOUNT_LEAD.search(before):
                continue
        elif 1900 <= value <= 2100 and not wan and unit in ("年",):
            continue
        if wan:
            value *= 10000 if wan == "万" else 100000000
        lead = _LEAD_BREAK.split(before)[-1][-12:]
        shown = (lead + text[start: end] + (after[: len(unit)] if unit and after.startswith(unit) else "")).strip()
        found.append((value, shown))
    return found


def _indicator_numbers(ctx: Context) -> Iterator[set[float]]:
    """The numbers a promised figure may be found as, in parts, the cheapest first: the values read from the
    targets (money also in 元) and the funds; the numbers printed in the values; those in the names."""
    form, row_fields = ctx.form, ctx.row_fields
    nums: set[float] = set()
    raws: list[str] = []
    for fields, target in zip(row_fields, ctx.target_fields):  # the rows' fields (without pydantic's attribute hook)
        longterm = fields["target_longterm"]
        for v in (target, longterm.__dict__ if longterm is not None else None):
            if v is None:
                continue
            unit = v["unit"]
            for x in (v["value"], v["high"]):
                if x is not None:
                    nums.add(x)
                    if unit in MONEY_UNITS:
                        nums.add(x * MONEY_UNITS[unit])
            raws.append(v["raw"])
    f = form.funds
    nums.update(x for x in (f.total, f.annual, f.fiscal, f.budget) if x is not None)
    yield nums
    # one scan each over the printed values and the names; "|" neither joins nor splits a number
    # (_numbers(text) is _NUMBER.finditer(text), faster; m.groups("") as _NUMBER.findall(text) gives them)
    yield {float(num.replace(",", "")) * (10000 if wan.strip() == "万" else 1) for num, wan in map(_GROUPS, _numbers("|".join(raws)))}
    yield {float(num.replace(",", "")) for num, _ in map(_GROUPS, _numbers("|".join([f["name"] for f in row_fields])))}


@register
class GoalNumbersNotInIndicators(Rule):
    code = "JX-A409"
    title = "年度目标中的数字未在指标中体现"
    dimension = "适当性"
    citation = f"{C88}（审核要点：相关性、适当性：指标是年度目标的细化）"
    severity = "info"
    description = ("年度总体目标里写明的数量（「完成6期」「阅读量达到3000」「维修养护200处」「99%以上」）应在指标值中体现。"
                   "取年度总体目标中带单位的数字和「达到/不少于/完成」后的数字，逐一与指标值、指标名称中的数字及项目资金比较，"
                   "找不到相同数字时每个数字报告一次。年份、日期、序号（第3期、1、）、文号不算。没有年度总体目标时不评价。")
    fix = "为年度目标中承诺的每个数量设置对应的指标（如「《上海绿化市容》出版期数 ≥6期」），或修改年度目标使二者一致。"
    bad = [Example(_TABLE, "目标承诺6期专版、阅读量3000，指标里没有",
                   header={"年度总体目标": "1、完成《绿化市容》专版6期；2、微信头条平均阅读量达到3000。"})]
    good = [Example(_TABLE, "目标中的3场、800人次都有对应指标",
                    header={"年度总体目标": "2024年举办公益活动3场，推文平均阅读量达到800人次，12月底前完成总结。"})]

    def check(self, ctx: Context) -> None:
        goal = annual_goal_text(ctx.form)
        if not goal:
            raise NotEvaluable("没有年度总体目标 / no annual goal")
        promised = _goal_numbers(goal)
        if not promised:
            return  # nothing promised in figures: nothing to look up
        figures: dict[float, str] = {}
        for value, shown in promised:
            figures.setdefault(value, shown)  # each figure once, as first printed
        missing = list(figures.items())
        for have in _indicator_numbers(ctx):  # a figure found in one part needs no look in the next
            missing = [(value, shown) for value, shown in missing
                       if value not in have and not any(abs(value - x) <= 1e-9 * max(1.0, abs(x)) for x in have)]
            if not missing:
                break
        for value, shown in missing:
            number = f"{value:g}" if value < 1e15 else str(value)
            ctx.report(f"年度总体目标中的「{shown}」（{number}）在指标值中没有对应 / "
                       f"the annual goal's figure {number} appears in no indicator", field="goals.annual")


@register
class TotalBelowAnnual(Rule):
    code = "JX-A410"
    title = "项目资金总额小于年度资金"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性）；项目资金总额含各年度资金"
    severity = "error"
    description = "项目资金总额（整个实施期）不应小于年度资金申请总额。两者都印出且总额小于年度资金超过 `tolerance_yuan` 时报告。"
    fix = "核对项目资金总额与年度资金申请总额及单位；跨年度项目的资金总额应包含本年度资金。"
    params = {"tolerance_yuan": 1.0}
    bad = [Example(_TABLE, "总额80万元，年度100万元", header={"项目资金总额": "800,000.00"})]
    good = [Example(_TABLE, header={"项目资金总额": "3,000,000.00"})]

    def check(self, ctx: Context) -> None:
        f = ctx.form.funds
        if f.total is None or f.annual is None:
            raise NotEvaluable("未印出项目资金总额或年度资金 / total or annual funds not printed")
        if f.annual - f.total > _tolerance(ctx):
            ctx.report(f"项目资金总额 {fmt_yuan(f.total)} 小于年度资金申请总额 {fmt_yuan(f.annual)} / total funds below annual funds",
                       field="funds.total")


# Always "not evaluated" today: no form prints last year's actuals. The rule is registered so
# that coverage says so on every form (a skipped check is never a pass); it becomes evaluable
# when the database holds history (the check then compares the target with last year's actual).
@register
class BelowLastYear(Rule):
    code = "JX-A411"
    title = "指标值低于上年实际"
    dimension = "适当性"
    citation = f"{C88}（审核要点：适当性：指标值参考历史水平）；{C101}（指标取值参考历史标准）"
    severity = "info"
    description = ("正向指标的年度指标值不应低于同一指标上年的实际完成值（反向指标不应高于）。表上没有上年实际完成值，"
                   "目前总是不评价；数据库保存了历年自评结果后（下一步），按项目和指标名称取上年实际即可评价。")
    fix = "参考上年实际完成值设定指标值；确需调低的，说明原因（如资金减少、任务调整）。"
    needs = "history"
    bad = [Example(_TABLE, "（待有历史数据后可评价）")]
    good = [Example(_TABLE)]

    def check(self, ctx: Context) -> None:
        raise NotEvaluable("没有上年实际完成值 / no history")
