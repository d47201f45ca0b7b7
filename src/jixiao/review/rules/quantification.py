"""细化量化: targets are numbers with units where they can be, and checkable standards where not.

88号 asks that targets be 细化量化: every indicator that can be measured is printed as an
operator, a figure and a unit; the rest name a graded, checkable standard. These rules read
the parsed value (``target.op/value/unit/kind``) and the indicator's name and category.

Division of labour, so that one problem gives one finding: rows that must be numeric —
数量指标 (JX-Q201), economic 成本指标 (JX-Q202) and 时效指标 (JX-Q204) — are reported by
those rules only; JX-Q205 (vague wording) and JX-Q206 (no checkable standard) look at the
other qualitative rows (质量, 效益, 社会/生态成本 …).
"""

from __future__ import annotations

import re

from ...model import Indicator, Value
from ..rule import Context, Example, Rule, register
from ._util import (
    C88,
    C101,
    INTEGER_UNITS,
    direction_words,
    find_words,
    matchers_for,
    has_deadline,
    name_core,
    norm_name,
    satisfaction_name,
)

QUANT = f"{C88}：绩效目标应“细化量化”，绩效指标尽量以量化形式表述，难以量化的以可衡量的定性分级分档形式表述"
COST = f"{C101}：成本指标反映预期提供的公共产品或服务所产生的成本，应量化并与产出相匹配；{C88}（细化量化）"
SATISFACTION = f"{C101}：满意度指标反映服务对象对项目实施效果的满意程度，以百分比设定下限；{C88}（细化量化）"

_VAGUE_DEFAULT = ["显著", "明显", "大幅", "进一步", "有所", "逐步", "稳步", "持续提升", "有效", "较好", "基本", "逐渐",
                  "广泛", "不断", "尽量", "尽可能", "一定程度", "较大", "较高"]
# phrases that contain a vague word but are nouns or standards, not degrees
_VAGUE_ALLOWED = ["有效性", "有效率", "有效期", "有效信息", "有效数", "有效投诉", "有效样本", "基本公共", "基本医疗", "基本养老",
                  "基本农田", "基本建设", "基本情况"]
_COST_SUBCATEGORIES = ["经济成本指标", "成本指标"]
# input / process management (JX-R302 reports these names; JX-Q205/Q206 leave them alone)
PROCESS_WORDS = ["资金到位", "预算执行", "资金使用", "资金支付", "资金拨付", "资金管理", "预算支付", "支付进度", "支付管理",
                 "财务管理", "财务监控", "财务制度", "会计核算", "制度健全", "制度完善", "制度有效", "管理制度", "合同管理",
                 "档案管理", "人员到位", "设备到位", "资产管理", "政府采购", "采购规范", "委托合规", "质量可控", "管理规范性"]
_CN_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万零两]")
_PARTS = re.compile(r"[、，,；;。.\s/]+")
_PARTS_ONLY = re.compile(r"[、，,；;。.\s/]*")
_LONG_PART: dict[int, re.Pattern[str]] = {}  # max_length -> a run of more than max_length characters between separators
_ASCII_DIGIT = re.compile(r"[0-9]")
_UNIT_IN_NAME = re.compile(r"[(（][^()（）]{1,8}[)）]$")
_CADENCE = re.compile(r"每(?:个)?(?:工作日|自然日|日|天|周|星期|旬|月|季度?|半年|年)|当日|当天|次日|即时|实时")


def _target(ind: Indicator) -> Value | None:
    t = ind.target
    if t is None or not (t.raw or "").strip():
        return None
    return t


def shown(raw: str, limit: int = 40) -> str:
    """A printed value for a message, long ones cut."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def _process_rows(ctx: Context) -> dict[int, list[str]]:
    """The rows whose name (its core) names input / process management (``PROCESS_WORDS``)."""
    rows = ctx.shared.get("process")
    if rows is None:
        rows = ctx.shared["process"] = ctx.hits("core", PROCESS_WORDS)
    return rows


def _is_cost_row(ind: Indicator, subcategories: list[str]) -> bool:
    if ind.subcategory in subcategories:
        return True
    return ind.category == "成本指标" and not ind.subcategory


def _numeric_rows(ctx: Context) -> set[int]:
    """Rows whose qualitative target is reported by JX-Q201 / JX-Q202 / JX-Q204 (default scopes): 数量指标,
    时效指标 and the rows of ``_is_cost_row(ind, _COST_SUBCATEGORIES)``; from the form's subsets, once per form."""
    rows = ctx.shared.get("numeric")
    if rows is None:
        get = ctx.rows
        rows = ctx.shared["numeric"] = {row[0] for key in _NUMERIC_GROUPS for row in get(key)}
        fields = ctx.row_fields
        for row in get("sub:"):  # the rows without a 二级: 一级 成本指标 among them
            if fields[row[0]]["category"] == "成本指标":
                rows.add(row[0])
    return rows


_NUMERIC_GROUPS = tuple("sub:" + sub for sub in ("数量指标", "时效指标", *_COST_SUBCATEGORIES))


def is_satisfaction(ind: Indicator) -> bool:
    """A satisfaction indicator: 满意度/满意率 in the name (not 不满意), or an 认可度/好评 row under 满意度指标."""
    return satisfaction_name(name_core(ind.name), ind.category)


def _where(ind: Indicator) -> str:
    return ind.subcategory or ind.category or "未分类"


@register
class QuantityNotQuantified(Rule):
    code = "JX-Q201"
    title = "数量指标未量化"
    dimension = "细化量化"
    citation = QUANT
    severity = "warning"
    description = ("数量指标说明提供多少产品或服务，应是「运算符+数值+单位」（如 ≥3场）。二级指标为数量指标、"
                   "指标值却是文字（每周一次、若干、按需）或日期时报告；一段含多个数字的描述也报告，应拆成几个指标分别量化。")
    fix = "把指标值改为「≥/≤/= 数值+单位」，如「每个工作日一次」改为「巡查次数 ≥250次」；多项内容拆成多个数量指标。"
    bad = [
        Example("产出指标\t数量指标\t设备巡查\t每周一次", "频次写成文字"),
        Example("产出指标\t数量指标\t宣传报道\t刊发稿件不少于12篇，推送信息不低于100条", "多项内容写在一格"),
    ]
    good = [Example("产出指标\t数量指标\t设备巡查次数\t≥52次\n产出指标\t质量指标\t巡查记录规范性\t符合《设备巡查规程》")]

    def check(self, ctx: Context) -> None:
        rows = ctx.rows("sub:数量指标")
        if not rows:
            return
        process, targets = _process_rows(ctx), ctx.target_fields  # targets[i]: the fields of t
        for i, ind, t in rows:
            if t is None or targets[i]["op"] is not None or i in process:
                continue
            if t.kind == "date":
                why = "是日期，不是数量"
            elif _ASCII_DIGIT.search(t.raw):
                why = "是含多个数值的文字描述，应拆分为若干数量指标分别量化"
            else:
                why = "是定性表述，未量化"
            ctx.report(f"数量指标「{ind.name}」的指标值「{shown(t.raw)}」{why}；应写作「≥数值+单位」", indicator=i)


@register
class CostNotQuantified(Rule):
    code = "JX-Q202"
    title = "成本指标未量化"
    dimension = "细化量化"
    citation = COST
    severity = "warning"
    description = ("成本指标是与产出相匹配的成本控制要求，应给出金额（如 ≤10万元、人均 ≤800元）。一级指标为成本指标或"
                   "二级指标在 `subcategories`（默认 经济成本指标、产出指标下的成本指标）中、指标值却是文字（合理、"
                   "有效控制、节约）时报告。社会成本指标、生态环境成本指标常以定性表述，默认不在此列（由 JX-Q205/Q206 检查）。")
    fix = "写出成本上限及单位，如「宣传品制作成本 ≤10万元」「人均培训成本 ≤800元/人」，并与预算金额一致。"
    params = {"subcategories": list(_COST_SUBCATEGORIES)}
    bad = [Example("成本指标\t经济成本指标\t宣传品制作成本\t合理"),
           Example("产出指标\t成本指标\t项目成本\t有效控制", "2021年前的表：成本指标在产出指标下")]
    good = [Example("成本指标\t经济成本指标\t宣传品制作成本\t≤10万元\n成本指标\t生态环境成本指标\t宣传品材料\t使用可降解材料")]

    def check(self, ctx: Context) -> None:
        subs = ctx.params["subcategories"]
        fields = ctx.row_fields  # fields[i]: the fields of ind
        for i, ind, t in ctx.rows("qualitative"):
            f = fields[i]
            sub = f["subcategory"]  # _is_cost_row(ind, subs), inlined
            if sub not in subs and (sub or f["category"] != "成本指标"):
                continue
            ctx.report(f"成本指标「{ind.name}」的指标值「{shown(t.raw)}」未量化；应给出金额上限（如「≤10万元」）或控制比例", indicator=i)


@register
class MissingUnit(Rule):
    code = "JX-Q203"
    title = "定量指标缺少计量单位"
    dimension = "细化量化"
    citation = QUANT
    severity = "warning"
    description = ("定量指标须注明计量单位，否则数值无法核验（≥95 是百分比还是分？）。指标值是数值或区间、没有单位时报告。"
                   "名称已带单位的不报告：名称末尾括注单位（完成率(%)、时长(小时)），或名称含 `unitless_words`"
                   "（系数、指数、倍数、比值、得分、评分、等级、排名）；数值为0（=0 即无）也不报告。")
    fix = "在数值后写单位，如「≥95%」「≥3次」「≤10万元」；比率写%。"
    params = {"unitless_words": ["系数", "指数", "倍数", "比值", "得分", "评分", "分值", "等级", "排名", "名次", "位次"]}
    bad = [Example("产出指标\t质量指标\t推送合格率\t≥95"), Example("产出指标\t数量指标\t培训人数\t80-100", "区间也要单位")]
    good = [Example("产出指标\t质量指标\t推送合格率\t≥95%\n产出指标\t质量指标\t验收合格率(%)\t=100\n"
                    "效益指标\t社会效益指标\t城市可持续发展指数\t≥0.8\n效益指标\t社会效益指标\t安全事故发生数\t=0")]

    def check(self, ctx: Context) -> None:
        rows = ctx.rows("unitless")  # the quantitative rows without a unit
        if not rows:
            return
        words = ctx.params["unitless_words"]
        targets = ctx.target_fields
        for i, ind, t in rows:
            if targets[i]["value"] == 0 and targets[i]["high"] is None:
                continue
            name = norm_name(ind.name)
            if _UNIT_IN_NAME.search(name) or find_words(name, words):
                continue
            hint = "，比率应写%" if ctx.texts("core")[i].endswith("率") else ""
            ctx.report(f"「{ind.name}」的指标值「{shown(t.raw)}」没有计量单位{hint}", indicator=i)


_TIME_UNIT = re.compile(r"个?(?:工作日|自然日|小时|分钟|秒|天|日|周|星期|旬|月|季度|年)(?:以内|之内|内)?")


@register
class TimelinessVague(Rule):
    code = "JX-Q204"
    title = "时效指标既非比率也非期限"
    dimension = "细化量化"
    citation = QUANT
    severity = "info"
    description = ("时效指标说明何时完成，应是完成期限（2024年10月底前、≤24小时）或及时率（=100%）。二级指标为时效指标、"
                   "指标值既不是%比率，也不是日期/期限，也不是以时间为单位的数值（≤3个工作日）时报告。"
                   "「按时完成」「及时」「顺利召开」「按计划实施」说不出何时算按时，也报告——但名称里已写明期限"
                   "（如「10月31日前完成主场活动」「24小时以内召开发布会」）时不报告；固定频次（每个工作日一期、每年一次）"
                   "视为期限，不报告；以次数、个数作时效指标值的（≥2次）报告。投入/过程管理指标（预算支付管理规范性）由 JX-R302 报告。")
    fix = "写明完成期限（如「2024年10月31日前」「≤3个工作日」），或改为及时率（如「发布及时率 =100%」）。"
    bad = [Example("产出指标\t时效指标\t活动资料归档整理\t按时完成"),
           Example("产出指标\t时效指标\t专家审稿次数\t≥2次", "次数不是时效")]
    good = [Example("产出指标\t时效指标\t活动资料归档时间\t2024年12月底前\n产出指标\t时效指标\t推送及时率\t=100%\n"
                    "产出指标\t时效指标\t故障响应时间\t≤24小时\n产出指标\t时效指标\t10月31日前完成主场活动\t按时完成\n"
                    "产出指标\t时效指标\t舆情监测频次\t每个工作日一期")]

    def check(self, ctx: Context) -> None:
        rows = ctx.rows("sub:时效指标")
        if not rows:
            return
        process, fields, targets = _process_rows(ctx), ctx.row_fields, ctx.target_fields
        for i, ind, t in rows:
            if t is None or i in process:
                continue
            t = targets[i]  # the fields of t
            unit = t["unit"]
            if t["kind"] == "date" or unit == "%" or unit == "‰":
                continue
            raw = t["raw"]
            if t["op"] is not None:
                if unit and _TIME_UNIT.fullmatch(unit):
                    continue
                ctx.report(f"时效指标「{fields[i]['name']}」的指标值「{shown(raw)}」不是期限或及时率", indicator=i)
                continue
            name = fields[i]["name"]
            if has_deadline(raw) or _CADENCE.search(raw) or has_deadline(name):
                continue
            ctx.report(f"时效指标「{name}」的指标值「{shown(raw)}」没有写明期限，无法判断是否按时", indicator=i)


@register
class VagueTarget(Rule):
    code = "JX-Q205"
    title = "指标值使用模糊表述"
    dimension = "细化量化"
    citation = QUANT
    severity = "warning"
    description = ("「显著提升」「逐步扩大」「有效控制」之类的表述没有可核验的程度，年终无法判断是否达成。"
                   "文字指标值含 `vague_words` 中的词时报告（`allowed` 中的词组如「有效性」「基本公共服务」除外）。"
                   "只有一个词的值（「有效」）由 JX-Q206 报告；数量、经济成本、时效指标的文字值由 JX-Q201/Q202/Q204 报告，"
                   "投入/过程管理指标由 JX-R302 报告，这里不重复。")
    fix = "改为可核验的量化值（如「知晓率 ≥60%」「较上年提高5个百分点」），或写明分级分档的判断标准。"
    params = {"vague_words": list(_VAGUE_DEFAULT), "allowed": list(_VAGUE_ALLOWED)}
    bad = [Example("效益指标\t社会效益指标\t城市可持续发展理念认可度\t显著提升"),
           Example("成本指标\t社会成本指标\t活动覆盖面\t逐渐扩大")]
    good = [Example("效益指标\t社会效益指标\t城市日社会知晓率\t≥60%\n效益指标\t可持续影响指标\t财务监控制度有效性\t"
                    "年内无审计整改事项")]

    def check(self, ctx: Context) -> None:
        words, allowed = ctx.params["vague_words"], ctx.params["allowed"]
        vague = ctx.hits("qualitative", words, allowed)
        if not vague:
            return
        process, numeric = _process_rows(ctx), _numeric_rows(ctx)
        fields, targets = ctx.row_fields, ctx.target_fields
        for i, found in vague.items():
            if i in numeric or i in process:
                continue  # reported by JX-Q201/Q202/Q204/R302
            raw = targets[i]["raw"]
            if _PARTS.sub("", raw) in words:
                continue  # a bare word (JX-Q206)
            ctx.report(f"「{fields[i]['name']}」的指标值「{shown(raw)}」使用模糊表述（{'、'.join(found)}），无法核验", indicator=i)


@register
class BareQualitative(Rule):
    code = "JX-Q206"
    title = "定性指标缺少可核验标准"
    dimension = "细化量化"
    citation = QUANT
    severity = "info"
    description = ("定性指标应写明据以判断的标准（符合《XX规范》、通过验收、无审计问题），不能只写一个形容词或动词。"
                   "文字指标值（按顿号、逗号分开的每一段）都不超过 `max_length`（默认4）个字、不含数字、"
                   "也不含 `checkable_words`（合格、通过、达标、验收、无 …）时报告，如「合理」「规范」「健全」「提升」"
                   "「及时、安全、顺畅」。名称已写明期限的「按时完成」不报告；含模糊词的由 JX-Q205 报告，"
                   "数量、经济成本、时效指标由 JX-Q201/Q202/Q204 报告，投入/过程管理指标（资金使用规范性、制度健全性）由 JX-R302 报告。")
    fix = "写明判断标准，如「规范」改为「符合《XX资金管理办法》，审计无问题」，「健全」改为「制定并印发XX制度」。"
    params = {"max_length": 4,
              "checkable_words": ["合格", "通过", "达标", "验收", "符合", "无", "未发生", "是", "否", "不超", "完成率", "获批",
                                  "印发", "出台", "建成", "上线", "出版"]}
    bad = [Example("成本指标\t生态环境成本指标\t能源消耗情况\t合理"),
           Example("产出指标\t质量指标\t机要通信\t及时、安全、顺畅。", "三个形容词"),
           Example("产出指标\t质量指标\t法律保障有效性\t有效", "只答了「有效」")]
    good = [Example("成本指标\t生态环境成本指标\t施工建材合规情况\t符合《绿色建材评价标准》\n产出指标\t质量指标\t网站开发验收\t验收合格\n"
                    "产出指标\t质量指标\t主办单位审核\t审核通过\n效益指标\t社会效益指标\t网信办传播力排名\t前十名")]

    def check(self, ctx: Context) -> None:
        limit = int(ctx.params["max_length"])
        long_part = _LONG_PART.get(limit)
        if long_part is None:
            long_part = _LONG_PART[limit] = re.compile(r"[^、，,；;。.\s/]{%d}" % max(limit + 1, 0))
        rows = ctx.rows("text")
        if not rows:
            return
        checkable, checkable_words = ctx.params["checkable_words"], None
        process, numeric = _process_rows(ctx), _numeric_rows(ctx)
        vague_words, allowed = VagueTarget.params["vague_words"], VagueTarget.params["allowed"]
        vague = ctx.hits("qualitative", vague_words, allowed)  # the rows' texts are their qualitative targets
        texts, fields = ctx.texts("qualitative"), ctx.row_fields  # texts[i] is t.raw for these rows
        for i, ind, t in rows:
            if i in numeric or i in process:
                continue
            text = texts[i]
            if long_part.search(text) or _PARTS_ONLY.fullmatch(text):
                continue  # a description long enough to hold a standard (or no words at all)
            if i in vague and _PARTS.sub("", text) not in vague_words:
                continue  # vague wording: JX-Q205's (a value that is nothing but one vague word, 「有效」, is a bare word)
            name = fields[i]["name"]
            if _CN_NUMERAL.search(text):
                continue
            if checkable_words is None:
                checkable_words = matchers_for(checkable)  # find_words(text, checkable) is checkable_words.find(text)
            if checkable_words.find(text) or has_deadline(name):
                continue
            ctx.report(f"「{name}」的指标值「{shown(text)}」只是定性词，未写明据以核验的标准", indicator=i)


@register
class RateOver100(Rule):
    code = "JX-Q207"
    title = "比率超过100%"
    dimension = "细化量化"
    citation = QUANT
    severity = "error"
    description = ("完成率、合格率、覆盖率、满意度等比率以总量为分母，不可能超过100%。单位为%、数值或区间上限大于100时报告；"
                   "名称含 `growth_words`（增长、增幅、提高、同比 …）的增长率可以超过100%，不报告。")
    fix = "核对口径：比率最高为100%（如「完成率 =100%」）；若指增长，请在名称中写明「增长率」「较上年提高」。"
    params = {"growth_words": ["增长", "增幅", "增加", "增速", "提高", "提升", "上升", "同比", "环比", "较上年", "比上年", "超额", "倍"]}
    bad = [Example("产出指标\t质量指标\t宣传品发放完成率\t≥120%")]
    good = [Example("产出指标\t质量指标\t宣传品发放完成率\t=100%\n效益指标\t经济效益指标\t线上访问量增长率\t≥150%")]

    def check(self, ctx: Context) -> None:
        growth = ctx.params["growth_words"]
        targets = ctx.target_fields
        for i, ind, t in ctx.rows("percent"):
            value, high = targets[i]["value"], targets[i]["high"]  # t.value, t.high
            if not ((value is not None and value > 100) or (high is not None and high > 100)) or find_words(ind.name, growth):
                continue  # the cheap test first: most rates are at most 100%
            ctx.report(f"「{ind.name}」的指标值「{shown(t.raw)}」超过100%，比率不可能达到", indicator=i)


@register
class AtLeast100(Rule):
    code = "JX-Q208"
    title = "「≥100%」应写作「=100%」"
    dimension = "细化量化"
    citation = QUANT
    severity = "info"
    description = ("比率最高为100%，「≥100%」实际就是「=100%」，写成≥容易让人误以为可以超过。运算符为≥、数值100、单位%时报告"
                   "（满意度指标除外：其规范写法是≥x%，由 JX-Q209 检查）。")
    fix = "改写为「=100%」；若目标并非全部完成，写实际可达的下限，如「≥95%」。"
    bad = [Example("产出指标\t质量指标\t验收合格率\t≥100%")]
    good = [Example("产出指标\t质量指标\t验收合格率\t=100%\n满意度指标\t服务对象满意度指标\t参训人员满意度\t≥90%")]

    def check(self, ctx: Context) -> None:
        targets = ctx.target_fields
        for i, ind, t in ctx.rows("percent"):
            if targets[i]["op"] != ">=" or targets[i]["value"] != 100 or any(r[0] == i for r in ctx.rows("satisfaction")):
                continue
            ctx.report(f"「{ind.name}」的指标值「{shown(t.raw)}」：比率不会超过100%，应写作「=100%」", indicator=i)


@register
class SatisfactionValue(Rule):
    code = "JX-Q209"
    title = "满意度指标值不规范"
    dimension = "细化量化"
    citation = SATISFACTION
    severity = "warning"
    description = ("满意度是抽样调查的比例，目标应是下限「≥x%」或「>x%」，0 < x ≤ 100。名称含满意度（或满意度指标下的认可度）"
                   "的指标，指标值是文字（满意）、等值（=80%，=100%）、区间、反向（≤）、单位不在 `units`（默认 %；"
                   "以分计的地方可加「分」）或数值越界时报告。")
    fix = "写作「≥x%」，x 按往年调查结果取合理值，如「服务对象满意度 ≥90%」。"
    params = {"units": ["%"]}
    bad = [Example("满意度指标\t服务对象满意度指标\t服务对象满意度\t=80%"),
           Example("满意度指标\t服务对象满意度指标\t社会公众满意度\t满意"),
           Example("满意度指标\t服务对象满意度指标\t活动参与满意度\t≥90分", "单位不是%")]
    good = [Example("满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\n满意度指标\t服务对象满意度指标\t用户满意度\t>95%\n"
                    "满意度指标\t服务对象满意度指标\t参评单位认可度\t≥85%")]

    def check(self, ctx: Context) -> None:
        units = ctx.params["units"]
        targets = ctx.target_fields
        for i, ind, t in ctx.rows("satisfaction"):
            if t is None:
                continue
            t = targets[i]  # the fields of t
            op, unit, value = t["op"], t["unit"], t["value"]
            if op is None:
                why = "是文字，不是比例"
            elif op in ("=", "between"):
                why = "是等值或区间，满意度应设下限"
            elif op in ("<", "<="):
                why = "设了上限，方向反了"
            elif unit not in units:
                why = f"单位「{unit or '无'}」不是{'/'.join(units)}"
            elif value is None or value <= 0 or value > 100 or (op == ">" and value >= 100):
                why = "数值不在 0–100% 之间"
            else:
                continue
            ctx.report(f"满意度指标「{ind.name}」的指标值「{shown(t['raw'])}」{why}；应写作「≥x%」", indicator=i)


_NEGATIVE = ["成本", "费用", "经费", "投诉", "事故", "故障", "差错", "失误", "违规", "违纪", "损失", "超支", "逾期", "延误",
             "响应时间", "处理时间", "等待时间", "等候时间", "污染", "排放", "能耗", "发生率", "发生数", "返工", "缺陷",
             "不合格率", "不满意率", "不达标率", "不合格", "不满意", "误差", "流失率", "空置率"]
_POSITIVE = ["完成率", "覆盖率", "满意度", "满意率", "合格率", "达标率", "到位率", "及时率", "知晓率", "参与率", "通过率",
             "优良率", "准确率", "普及率", "执行率", "利用率", "使用率", "验收率", "出席率", "解读率", "处理率", "解决率",
             "办结率", "回复率", "响应率", "整改率", "处置率", "控制率", "节约率", "认可度", "知晓度",
             "节约", "节省", "降低", "下降", "减少", "压减", "压降"]


@register
class DirectionMismatch(Rule):
    code = "JX-Q210"
    title = "指标方向与名称不符"
    dimension = "细化量化"
    citation = QUANT
    severity = "warning"
    description = ("反向指标（成本、费用、投诉、事故、故障率、响应时间 …，越低越好）应设上限 ≤/<；正向比率（完成率、覆盖率、"
                   "合格率、满意度 …，越高越好）应设下限 ≥/>。名称的中心词（最后出现的 `negative_words` / "
                   "`positive_words`，故「投诉处理满意度」「成本节约率」是正向）与运算符方向相反时报告。")
    fix = "核对运算符：成本、投诉、故障等写「≤上限」，完成率、合格率等写「≥下限」。"
    params = {"negative_words": list(_NEGATIVE), "positive_words": list(_POSITIVE)}
    bad = [Example("成本指标\t经济成本指标\t宣传投放成本\t≥20万元"), Example("产出指标\t质量指标\t推送合格率\t≤95%")]
    good = [Example("成本指标\t经济成本指标\t宣传投放成本\t≤20万元\n产出指标\t质量指标\t直播故障率\t≤3%\n"
                    "成本指标\t经济成本指标\t成本节约率\t≥5%\n满意度指标\t服务对象满意度指标\t投诉处理满意度\t≥90%")]

    def check(self, ctx: Context) -> None:
        negative = ctx.params["negative_words"]
        direction_of = direction_words(negative, ctx.params["positive_words"])
        fields = ctx.row_fields
        lower, upper = ctx.rows("at_least"), ctx.rows("at_most")  # the rows with a bound (>=, > / <=, <)
        if lower:
            # a lower bound is wrong only where a negative word is in the name: one search over those names first
            names = [norm_name(fields[row[0]]["name"]) for row in lower]  # as name_direction
            any_negative = matchers_for(negative).words
            if any_negative is not None and any_negative.search("\n".join(names)):
                for (i, ind, t), name in zip(lower, names):
                    if direction_of(name) == "negative":
                        ctx.report(f"「{ind.name}」越低越好，指标值「{t.raw}」却设了下限；应写作「≤上限」", indicator=i)
        for i, ind, t in upper:
            if direction_of(norm_name(fields[i]["name"])) == "positive":
                ctx.report(f"「{ind.name}」越高越好，指标值「{t.raw}」却设了上限；应写作「≥下限」", indicator=i)


def _fractional(x: float | None) -> bool:
    return x is not None and not float(x).is_integer()


@register
class FractionalCount(Rule):
    code = "JX-Q211"
    title = "整数计量单位出现小数"
    dimension = "细化量化"
    citation = QUANT
    severity = "warning"
    description = ("次、场、人、个、册等只能是整数，「≥2.5次」无法核验。单位是整数单位、数值有小数部分时报告"
                   "（「≥3.00次」的 .00 是系统格式，不报告；万人次、千册等带量级的单位可以有小数，不报告）。")
    fix = "改为整数，如「≥3次」；若是平均数，在名称中写明「平均」并换用相应口径。"
    bad = [Example("产出指标\t数量指标\t公益活动举办次数\t≥2.5(次)")]
    good = [Example("产出指标\t数量指标\t公益活动举办次数\t≥3.00(次)\n效益指标\t社会效益指标\t线上直播观看人次\t≥1.5(万人次)")]

    def check(self, ctx: Context) -> None:
        targets = ctx.target_fields
        for i, ind, t in ctx.rows("counted"):  # the quantitative rows with a unit (not %)
            unit = targets[i]["unit"]  # t.unit
            if unit not in INTEGER_UNITS or unit[0] in "万千百亿":
                continue
            value, high = targets[i]["value"], targets[i]["high"]  # t.value, t.high
            if (value is not None and not float(value).is_integer()) or (high is not None and not float(high).is_integer()):  # _fractional
                ctx.report(f"「{ind.name}」的指标值「{shown(t.raw)}」：单位「{t.unit}」只能是整数", indicator=i)


@register
class VagueName(Rule):
    code = "JX-Q212"
    title = "指标名称使用模糊表述"
    dimension = "细化量化"
    citation = QUANT
    severity = "info"
    description = ("指标名称应是可计量的对象（XX完成率、XX次数），而不是一句口号。名称含 `vague_words`"
                   "（进一步、显著、有效 …；「有效性」等名词除外）或去掉括注后长于 `max_name_length`（默认30）个字时报告。")
    fix = "把名称改为可计量的对象，如「进一步做好宣传工作」改为「宣传报道刊发篇数」；说明性文字移到备注。"
    params = {"vague_words": ["进一步", "显著", "明显", "大幅", "有所", "逐步", "稳步", "不断", "较好", "有效", "逐渐", "切实",
                              "大力"],
              "allowed": list(_VAGUE_ALLOWED), "max_name_length": 30}
    bad = [Example("效益指标\t社会效益指标\t进一步做好宣传工作\t≥20篇"),
           Example("满意度指标\t服务对象满意度指标\t记者对于中外新闻界联谊会、媒体学术沙龙、跨国企业对外传播沙龙、中外媒体集体采访等活动满意度\t≥90%",
                   "一句话作名称")]
    good = [Example("效益指标\t社会效益指标\t宣传报道刊发篇数\t≥20篇\n效益指标\t可持续影响指标\t财务监控制度有效性\t年内无审计问题\n"
                    "产出指标\t时效指标\t政策解读及时率（根据政策发布情况，在法定期限内权威解读）\t=100%")]

    def check(self, ctx: Context) -> None:
        limit = int(ctx.params["max_name_length"])
        vague = ctx.hits("core", ctx.params["vague_words"], ctx.params["allowed"])
        cores = ctx.texts("core")
        long = {i for i, core in enumerate(cores) if len(core) > limit} if max(map(len, cores), default=0) > limit else ()
        if not vague and not long:
            return  # the common case
        for i in sorted(vague.keys() | long):
            ind, core, found = ctx.form.indicators[i], cores[i], vague.get(i)
            why = []
            if found:
                why.append(f"含模糊表述（{'、'.join(found)}）")
            if len(core) > limit:
                why.append(f"长达{len(core)}字，像一句话")
            if why:
                ctx.report(f"指标名称「{ind.name}」{'，'.join(why)}；应是可计量的对象", indicator=i)


@register
class RateUnit(Rule):
    code = "JX-Q213"
    title = "比率类指标单位不是%"
    dimension = "细化量化"
    citation = QUANT
    severity = "info"
    description = ("名称以「率」结尾的指标是比例，指标值应以%（或‰）表述。数值的单位是别的（「完成率 ≥3个」）时报告；"
                   "没有单位的由 JX-Q203 报告。`not_percent` 中的名称（效率、频率、速率、功率 …）不是比例，不报告。")
    fix = "比率写%（如「完成率 =100%」）；若考核的是个数，把名称改为「XX数量」。"
    params = {"not_percent": ["效率", "频率", "速率", "功率", "帧率", "码率", "汇率"]}
    bad = [Example("产出指标\t数量指标\t课题完成率\t≥3个")]
    good = [Example("产出指标\t数量指标\t课题完成率\t=100%\n产出指标\t数量指标\t课题完成数量\t≥3个\n"
                    "产出指标\t时效指标\t巡查频率\t≥1次/周")]

    def check(self, ctx: Context) -> None:
        exempt = ctx.params["not_percent"]
        cores = ctx.texts("core")
        for i, ind, t in ctx.rows("counted"):  # the quantitative rows with a unit but % and ‰
            core = cores[i]
            if not core.endswith("率"):
                continue
            if any(core.endswith(w) for w in exempt):
                continue
            ctx.report(f"比率指标「{ind.name}」的指标值「{shown(t.raw)}」单位是「{t.unit}」，不是%", indicator=i)
