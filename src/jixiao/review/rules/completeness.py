"""完整性: the form has what 88号 requires — the indicator categories, their 二级
branches, names and values, the annual goal, the project name and money.

88号 asks a reviewer to check 完整性 first (是否完整, 指标是否全面); 101号
adds 成本指标 as a first-level category and makes 产出/效益/满意度/成本 the core set.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ..rule import Context, Example, NotEvaluable, Rule, register
from ._util import C10, C88, C101, CANONICAL_CATEGORIES, annual_goal_text, cost_rows

_PUNCT_ONLY = re.compile(r"[\W_]*")  # CJK, letters and digits are \w: nothing but punctuation and spaces
_PUNCT_LINE = re.compile(r"\n[\W_]*\n")  # \W takes in the newline: the first line of a match has no word


def _any_punct_only(ctx: Context, source: str) -> bool:
    """Whether a row's text (:meth:`Context.texts`) may be nothing but punctuation: one scan over every
    row (a line between two newlines that has no word in it; a text with a newline of its own may give a
    false alarm, never a miss)."""
    return _PUNCT_LINE.search(f"\n{ctx.joined(source)}\n") is not None

# a complete 2024 table (101号): 成本, 产出 数量/质量/时效, 效益, 满意度
_FULL = (
    "成本指标\t经济成本指标\t宣传品制作成本\t≤20万元\n"
    "产出指标\t数量指标\t公益活动举办次数\t≥3场\n"
    "产出指标\t质量指标\t社交媒体推送合格率\t≥95%\n"
    "产出指标\t时效指标\t活动情况总结提交时间\t2024年12月底前\n"
    "效益指标\t社会效益指标\t推文平均阅读量\t≥800人次\n"
    "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥85%"
)


@register
class MissingOutput(Rule):
    code = "JX-C101"
    title = "缺少产出指标"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C101}（产出、效益、满意度、成本四类指标）"
    severity = "error"
    description = ("绩效目标须有产出指标（数量、质量、时效），说明项目提供什么、提供多少。表中没有一级指标为"
                   "「产出指标」（或旧版「产出目标」「完成指标」）的行时报告。")
    fix = "补充产出指标：至少设置数量指标、质量指标、时效指标各一项，指标值量化并注明单位。"
    bad = [Example("效益指标\t社会效益指标\t城市日社会知晓度提高率\t≥20%\n满意度指标\t服务对象满意度指标\t活动参与满意度\t≥80%\n"
                   "成本指标\t经济成本指标\t宣传品制作成本\t≤20万元", "只有效益、满意度和成本指标")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        if not ctx.rows("cat:产出指标"):
            ctx.report(f"表中没有产出指标（共{len(ctx.form.indicators)}个指标） / no output (产出) indicators", field="indicators")


@register
class MissingOutcome(Rule):
    code = "JX-C102"
    title = "缺少效益指标"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C101}（产出、效益、满意度、成本四类指标）"
    severity = "error"
    description = ("绩效目标须有效益指标（经济、社会、生态效益或可持续影响），说明项目带来的效果。表中没有一级指标为"
                   "「效益指标」（或旧版「效果目标」）的行时报告。")
    fix = "补充效益指标：写明项目实施后对服务对象或社会产生的可衡量的效果，如受益人数、知晓率、阅读量等。"
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n产出指标\t质量指标\t社交媒体推送合格率\t≥95%\n"
                   "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥80%", "只有产出和满意度")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        if not ctx.rows("cat:效益指标"):
            ctx.report(f"表中没有效益指标（共{len(ctx.form.indicators)}个指标） / no outcome (效益) indicators", field="indicators")


@register
class MissingSatisfaction(Rule):
    code = "JX-C103"
    title = "缺少满意度指标"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C101}（满意度指标）"
    severity = "warning"
    description = ("项目有服务对象（参与者、受益群众、使用单位）时应设置服务对象满意度指标，这是常态；"
                   "表中没有满意度指标时报告。项目确无服务对象的，可在配置中关闭或由审核人判断。")
    fix = "补充满意度指标（二级「服务对象满意度指标」），如「活动参与者满意度 ≥90%」；确无服务对象的请在申报说明中写明。"
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n效益指标\t社会效益指标\t推文平均阅读量\t≥800人次\n"
                   "成本指标\t经济成本指标\t宣传品制作成本\t≤20万元")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        if not ctx.rows("cat:满意度指标"):
            ctx.report("表中没有满意度指标；有服务对象的项目通常应设置服务对象满意度指标 / "
                       "no satisfaction indicator; expected where the project has service recipients", field="indicators")


@register
class MissingCost(Rule):
    code = "JX-C104"
    title = "缺少成本指标"
    dimension = "完整性"
    citation = f"{C101}（成本指标列为一级指标）"
    severity = "warning"
    description = ("101号把成本指标列为一级指标，绩效目标应包含与产出相匹配的成本控制要求。预算年度不早于"
                   "`since_year`（默认2022）且表中既无一级「成本指标」、也无产出指标下的二级「成本指标」时报告；"
                   "表上看不出预算年度时不评价。101号针对项目支出，部门整体支出表不适用。")
    fix = "补充成本指标（经济成本指标为主），如「宣传品制作成本 ≤20万元」「人均培训成本 ≤800元」，与项目资金相匹配。"
    params = {"since_year": 2022}
    applies_to = ("declaration", "self_evaluation")
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n效益指标\t社会效益指标\t推文平均阅读量\t≥800人次\n"
                   "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥80%", "2024年的表没有成本指标")]
    good = [
        Example(_FULL),
        Example("产出指标\t数量指标\t培训人次\t≥500人次\n产出指标\t成本指标\t人均培训成本\t≤800元\n"
                "效益指标\t社会效益指标\t培训合格率\t≥95%", "2023年前后的表把成本指标列在产出指标下", header={"年度": "(2023年度)"}),
        Example("产出指标\t数量指标\t宣传品发放\t≥5000册\n效益指标\t社会效益指标\t城市日社会知晓度提高率\t≥20%",
                "2020年的表不要求成本指标", header={"年度": "(2020年度)", "计划开始日期": "2020-01-01", "计划完成日期": "2020-12-31"}),
    ]

    def check(self, ctx: Context) -> None:
        year = ctx.form.fiscal_year
        if year is None:
            raise NotEvaluable("表上没有预算年度 / fiscal year unknown")
        since = int(ctx.params["since_year"])
        if year < since:
            return
        if not cost_rows(ctx):
            ctx.report(f"{year}年度的绩效目标没有成本指标（{since}年起应设置，101号） / "
                       f"no cost indicator (required from {since})", field="indicators")


class _OutputBranch(Rule):
    """产出指标 present, but one of its 二级 (数量/质量/时效) missing."""

    branch: ClassVar[str]
    branch_en: ClassVar[str]
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C101}（产出、效益、满意度、成本四类指标）"
    severity = "warning"

    def check(self, ctx: Context) -> None:
        outputs = ctx.rows("cat:产出指标")
        if not outputs:
            raise NotEvaluable("表中没有产出指标（见 JX-C101） / no output indicators")
        fields = ctx.row_fields
        for i, _, _ in ctx.rows("sub:" + self.branch):
            if fields[i]["category"] == "产出指标":
                return
        have = "、".join(dict.fromkeys(ind.subcategory or "未填二级" for _, ind, _ in outputs))
        ctx.report(f"产出指标下没有{self.branch}（现有：{have}） / output indicators lack a {self.branch_en} indicator",
                   field="indicators")


_NO_QUANTITY = ("产出指标\t质量指标\t社交媒体推送合格率\t≥95%\n产出指标\t时效指标\t活动情况总结提交时间\t2024年12月底前\n"
                "效益指标\t社会效益指标\t推文平均阅读量\t≥800人次")
_NO_QUALITY = ("产出指标\t数量指标\t公益活动举办次数\t≥3场\n产出指标\t时效指标\t活动情况总结提交时间\t2024年12月底前\n"
               "效益指标\t社会效益指标\t推文平均阅读量\t≥800人次")
_NO_TIMELINESS = ("产出指标\t数量指标\t公益活动举办次数\t≥3场\n产出指标\t质量指标\t社交媒体推送合格率\t≥95%\n"
                  "效益指标\t社会效益指标\t推文平均阅读量\t≥800人次")


@register
class MissingQuantity(_OutputBranch):
    code = "JX-C105"
    title = "产出指标缺少数量指标"
    branch = "数量指标"
    branch_en = "quantity (数量)"
    description = "产出指标应说明提供多少（场次、人次、册数等）。有产出指标、但其下没有二级「数量指标」时报告。"
    fix = "在产出指标下补充数量指标，如「公益活动举办次数 ≥3场」「宣传品制作数量 ≥500套」。"
    bad = [Example(_NO_QUANTITY)]
    good = [Example(_FULL)]


@register
class MissingQuality(_OutputBranch):
    code = "JX-C106"
    title = "产出指标缺少质量指标"
    branch = "质量指标"
    branch_en = "quality (质量)"
    description = "产出指标应说明达到什么标准（合格率、验收通过率、达标率等）。有产出指标、但其下没有二级「质量指标」时报告。"
    fix = "在产出指标下补充质量指标，如「社交媒体推送合格率 ≥95%」「课题验收通过率 =100%」。"
    bad = [Example(_NO_QUALITY)]
    good = [Example(_FULL)]


@register
class MissingTimeliness(_OutputBranch):
    code = "JX-C107"
    title = "产出指标缺少时效指标"
    branch = "时效指标"
    branch_en = "timeliness (时效)"
    description = "产出指标应说明何时完成（完成时限、及时率）。有产出指标、但其下没有二级「时效指标」时报告。"
    fix = "在产出指标下补充时效指标，如「活动情况总结提交时间 2024年12月底前」「推送及时率 ≥95%」。"
    bad = [Example(_NO_TIMELINESS)]
    good = [Example(_FULL)]


@register
class EmptyName(Rule):
    code = "JX-C108"
    title = "指标名称为空"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）"
    severity = "error"
    description = "每个指标须有三级指标名称，说明考核什么。名称为空或只有标点（如「—」「/」）时报告。"
    fix = "填写三级指标名称，写明考核的对象和口径，如「公益活动举办次数」。"
    bad = [Example("产出指标\t数量指标\t——\t≥10次\n产出指标\t质量指标\t社交媒体推送合格率\t≥95%", "名称只印了破折号")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        if not _any_punct_only(ctx, "core"):  # a name that is nothing but punctuation has such a core
            return  # every name has a word in it (the common case)
        for i, ind in ctx.indicators():
            if _PUNCT_ONLY.fullmatch(ind.name or ""):
                shown = f"「{ind.name}」" if ind.name else "空白"
                where = "/".join(x for x in (ind.level1, ind.level2) if x) or "未填一级/二级"
                ctx.report(f"第{i + 1}个指标（{where}，指标值「{ind.target.raw if ind.target else ''}」）的名称为{shown} / "
                           "indicator name is empty", indicator=i)


@register
class EmptyValue(Rule):
    code = "JX-C109"
    title = "指标值为空"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）"
    severity = "error"
    description = "每个指标须有指标值（年度目标值），否则无法考核。指标值未填、空白或只有标点（如「—」「/」）时报告。"
    fix = "填写指标值：定量指标写运算符、数值和单位（如「≥3场」），定性指标写可核验的标准。"
    bad = [
        Example("产出指标\t数量指标\t公益活动举办次数\t\n产出指标\t质量指标\t社交媒体推送合格率\t≥95%", "指标值空白"),
        Example("产出指标\t数量指标\t宣传品制作数量\t/\n产出指标\t质量指标\t社交媒体推送合格率\t≥95%", "指标值只印了斜杠"),
    ]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        if not _any_punct_only(ctx, "target"):
            return  # every row has a target with a word in it (the common case)
        for i, ind in ctx.indicators():
            if ind.target is None or _PUNCT_ONLY.fullmatch(ind.target.raw or ""):
                shown = f"「{ind.target.raw}」" if ind.target and ind.target.raw else "空白"
                ctx.report(f"指标「{ind.name}」的指标值为{shown} / indicator has no target value", indicator=i)


@register
class MissingAnnualGoal(Rule):
    code = "JX-C110"
    title = "缺少年度总体目标"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C10}（单位自评表：年度总体目标·预期目标）"
    severity = "error"
    description = ("绩效目标表须写明年度总体目标（自评表为「预期目标」），指标是它的分解。未填时报告。"
                   "旧版上海表（约2020年）没有该栏，印的是「总目标及阶段性目标」，其中的阶段性目标视同年度目标，不报告。")
    fix = "填写年度总体目标：概述本年度要完成的主要任务、产出和预期效果，与下方指标一一对应。"
    bad = [
        Example(_FULL, "年度总体目标未填", header={"年度总体目标": ""}),
        Example(_FULL, "只有项目总目标", header={"年度总体目标": "", "项目总目标": "打造城市可持续发展交流平台，提升城市国际影响力。"}),
    ]
    good = [
        Example(_FULL),
        Example(_FULL, "旧版上海表：总目标及阶段性目标", header={
            "年度总体目标": "", "总目标及阶段性目标": "计划于2024年3月完成年度工作方案，10月完成线下宣传活动。"}),
    ]

    def check(self, ctx: Context) -> None:
        goals = ctx.form.goals
        if annual_goal_text(ctx.form):
            return
        label = "预期目标" if ctx.form.kind == "self_evaluation" else "年度总体目标"
        also = "（只填了项目总目标）" if goals.overall and goals.overall.strip() else ""
        ctx.report(f"未填写{label}{also} / no annual goal", field="goals.annual")


@register
class TooFewIndicators(Rule):
    code = "JX-C111"
    title = "指标数量过少"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性：指标是否全面）"
    severity = "warning"
    description = ("指标过少难以全面反映产出和效益。指标个数少于 `min_indicators`（默认3，"
                   "多地要求的下限；上海等地更高，可在配置中调整）时报告。")
    fix = "按产出（数量、质量、时效）、效益、满意度、成本分别设置指标，使指标全面反映项目的产出和效果。"
    params = {"min_indicators": 3}
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n效益指标\t社会效益指标\t推文平均阅读量\t≥800人次", "只有2个指标")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        n = len(ctx.form.indicators)
        least = int(ctx.params["min_indicators"])
        if n < least:
            ctx.report(f"只有{n}个绩效指标，少于{least}个 / only {n} indicators (fewer than {least})", field="indicators")


@register
class MissingLevel2(Rule):
    code = "JX-C112"
    title = "二级指标缺失"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）；{C101}（产出、效益、满意度、成本四类指标）"
    severity = "info"
    description = ("指标应按一级、二级、三级逐级细化。一级是规范类别（产出/效益/满意度/成本）的指标没有填二级指标时，"
                   "每个一级报告一次（落在该组第一行，说明共几行）。")
    fix = "为每个指标填写二级指标，如产出指标下的数量指标/质量指标/时效指标、效益指标下的社会效益指标等。"
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3场\n效益指标\t\t推文平均阅读量\t≥800人次\n"
                   "满意度指标\t服务对象满意度指标\t活动参与满意度\t≥80%", "效益指标下没有二级")]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        groups: dict[str, list[int]] = {}
        for i, ind, _ in ctx.rows("sub:"):  # no canonical 二级
            if ind.category in CANONICAL_CATEGORIES and not ind.level2:
                groups.setdefault(ind.category, []).append(i)
        for category, rows in groups.items():
            first = ctx.form.indicators[rows[0]].name
            more = f"等{len(rows)}个指标" if len(rows) > 1 else ""
            ctx.report(f"{category}下「{first}」{more}未填二级指标 / {len(rows)} indicator(s) under {category} have no 二级",
                       indicator=rows[0])


@register
class MissingProjectName(Rule):
    code = "JX-C113"
    title = "缺少项目名称"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性）"
    severity = "error"
    description = ("绩效目标表须写明项目名称，否则无法与预算项目对应。表上读不到项目名称时报告。"
                   "部门整体支出绩效目标表没有项目名称，以部门（单位）名称代替。")
    fix = "填写与预算项目库一致的项目名称（部门整体支出表填写部门或单位名称）。"
    bad = [Example(_FULL, "项目名称未填", header={"项目名称": ""})]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        p = ctx.form.project
        name = p.name
        if name and not _PUNCT_ONLY.fullmatch(name):
            return  # the common case
        names = [name]
        if ctx.form.kind == "department_overall":
            names += [p.department, p.implementing_unit]
        if not any(n and not _PUNCT_ONLY.fullmatch(n) for n in names):
            what = "部门（单位）名称" if ctx.form.kind == "department_overall" else "项目名称"
            ctx.report(f"未填写{what} / no project name", field="project.name")


@register
class MissingFunds(Rule):
    code = "JX-C114"
    title = "未填报项目资金"
    dimension = "完整性"
    citation = f"{C88}（审核要点：完整性；适当性：目标与资金相匹配）"
    severity = "warning"
    description = ("绩效目标要与项目资金相匹配，表上应有资金。项目资金总额、年度资金申请总额、当年财政拨款、"
                   "预算数（自评表）都没有印出时报告。")
    fix = "填写项目资金：年度资金申请总额及其中的当年财政拨款、上年结转资金、其他资金（注明元或万元）。"
    bad = [Example(_FULL, "资金栏全空", header={"年度资金申请总额": "", "其中：当年财政拨款": "", "上年结转资金": "", "其他资金": ""})]
    good = [Example(_FULL)]

    def check(self, ctx: Context) -> None:
        f = ctx.form.funds.__dict__  # the fields, without pydantic's attribute hook
        if f["annual"] is None and f["total"] is None and f["fiscal"] is None and f["budget"] is None:
            ctx.report("未填报项目资金（资金总额、年度资金、财政拨款、预算数均未印出） / no project funds printed", field="funds")
