"""Shared vocabulary for rules: citations, words, units, directions."""

from __future__ import annotations

import re

from ...model import Indicator, Value

# short names of the source documents (domain.md): cite them by these
C88 = "财政部《中央部门预算绩效目标管理办法》财预〔2015〕88号"
C10 = "财政部《项目支出绩效评价管理办法》财预〔2020〕10号"
C101 = "财政部《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》财预〔2021〕101号"

INTEGER_UNITS = {"个", "次", "人", "人次", "场", "篇", "篇次", "册", "套", "项", "份", "期", "部", "本", "件", "条", "家", "户", "所", "批", "名", "座", "台", "辆", "处", "场次", "万人次"}
MONEY_UNITS = {"元": 1.0, "万元": 10000.0, "亿元": 100000000.0, "千元": 1000.0}
NEGATIVE_WORDS = re.compile(r"成本|费用|投诉|事故|故障|差错|失误|违规|损失|超支|逾期|延误|响应时间|处理时间|时长|等待|污染|排放|浓度|能耗|发生率|发生数")
POSITIVE_RATE = re.compile(r"完成率|覆盖率|满意度|合格率|达标率|到位率|及时率|知晓率|参与率|通过率|优良率|准确率|普及率")


def is_quantitative(v: Value | None) -> bool:
    return v is not None and v.op is not None


def direction(ind: Indicator) -> str | None:
    """'negative' when the name says lower is better (成本, 投诉, 故障率 …), 'positive' for rates to be high."""
    name = ind.name
    if NEGATIVE_WORDS.search(name):
        return "negative"
    if POSITIVE_RATE.search(name):
        return "positive"
    return None


def yuan(value: float, unit: str | None) -> float | None:
    """An amount in 元 for a money unit, else None."""
    if unit in MONEY_UNITS:
        return value * MONEY_UNITS[unit]
    return None


# --- quantification/relevance helpers (JX-Q2xx / JX-R3xx) ---------------------------------

from ..words import find_words, matchers_for, name_core, norm_name, satisfaction_name  # noqa: E402,F401  (re-exported)


# a date or time limit printed in a name or value: 10月31日, 11月底前, 2024年, 24小时以内, 法定期限内
DEADLINE_IN_TEXT = re.compile(
    r"[0-9０-９]{4}年|[0-9０-９一二三四五六七八九十]{1,3}月|[0-9０-９]{1,2}[日号]|月底|年底|月末|年末|年内|季度末|上半年|下半年"
    r"|[0-9０-９]+\s*个?(?:小时|工作日|自然日|天|日|分钟|周|星期|个月)(?:以内|之内|内)|法定期限|规定期限|规定时限|时限内"
)


def has_deadline(text: str | None) -> bool:
    return bool(text and DEADLINE_IN_TEXT.search(text))


def name_direction(name: str | None, negative, positive) -> str | None:
    """'negative' / 'positive' by the word that ends last in the name (the head of a Chinese compound):
    投诉处理满意度 -> positive, 成本节约率 -> positive, 不合格率 -> negative, 故障率 -> negative."""
    return direction_words(negative, positive)(norm_name(name))


class Directions:
    """Two word lists compiled for :func:`name_direction`: the word that ends last in a name wins, the
    longer one where two end together, a negative word where a word is in both lists. One regular
    expression finds it: the words reversed, longest first, searched in the reversed name (its first
    match is the word that ends last)."""

    __slots__ = ("last", "sense")

    def __init__(self, negative, positive) -> None:
        self.sense = {w: "positive" for w in positive if w}
        self.sense.update((w, "negative") for w in negative if w)
        words = sorted(self.sense, key=len, reverse=True)
        self.last = re.compile("|".join(re.escape(w[::-1]) for w in words)) if words else None

    def __call__(self, text: str) -> str | None:
        """The sense of a name without spaces."""
        m = self.last.search(text[::-1]) if self.last is not None else None
        return self.sense[m.group()[::-1]] if m else None


_DIRECTIONS: dict[tuple[int, int], tuple[object, object, Directions]] = {}


def direction_words(negative, positive) -> Directions:
    """The :class:`Directions` of two word lists, compiled once per pair of lists."""
    key = (id(negative), id(positive))
    hit = _DIRECTIONS.get(key)
    if hit is None or hit[0] is not negative or hit[1] is not positive:
        hit = _DIRECTIONS[key] = (negative, positive, Directions(negative, positive))
    return hit[2]


# --- completeness/appropriateness helpers
from operator import itemgetter  # noqa: E402

from ...model import Form  # noqa: E402
from ..rule import Context, Row  # noqa: E402

CANONICAL_CATEGORIES = ("产出指标", "效益指标", "满意度指标", "成本指标")
COST_SUBCATEGORIES = {"成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"}
# a per-unit cost (人均, 单位, 每场 …) is not a share of the project's money
PER_UNIT_COST = re.compile(r"人均|户均|单位|单价|每|平均|次均|场均|/")


def is_cost(ind: Indicator) -> bool:
    """A cost indicator: 一级 成本指标 (101号) or 二级 成本指标 under 产出 (pre-2021), or a 成本 二级."""
    return ind.category == "成本指标" or ind.subcategory in COST_SUBCATEGORIES


def has_cost_indicator(indicators: list[Indicator]) -> bool:
    return any(is_cost(ind) for ind in indicators)


def cost_rows(ctx: Context) -> list[Row]:
    """The rows of the :func:`is_cost` indicators, in row order, from the form's subsets (:meth:`Context.rows`; once per form)."""
    rows = ctx.shared.get("cost")
    if rows is None:
        rows, fields = ctx.rows("cat:成本指标"), ctx.row_fields
        more = [row for sub in COST_SUBCATEGORIES for row in ctx.rows("sub:" + sub) if fields[row[0]]["category"] != "成本指标"]
        rows = ctx.shared["cost"] = sorted(rows + more, key=itemgetter(0)) if more else rows
    return rows


def money_cap_yuan(ind: Indicator) -> float | None:
    """The amount in 元 of a cost indicator's target that caps spending (``≤``/``<``/``=`` with a money unit).

    A bare ``万`` after a cost is read as 万元. None for anything else (rates, ``≥`` amounts, wording).
    """
    v = ind.target
    if v is None or v.value is None or v.op not in ("<=", "<", "="):
        return None
    unit = "万元" if v.unit == "万" else v.unit
    return yuan(v.value, unit)


def project_money(form: Form, order: tuple[str, ...] = ("annual", "total", "budget")) -> tuple[str, float] | None:
    """The first printed amount among ``order`` (Funds field names), in 元, with its field name."""
    funds = form.funds.__dict__  # (the fields, without pydantic's attribute hook)
    for name in order:
        amount = funds[name]
        if amount is not None:
            return name, amount
    return None


FUNDS_LABEL = {"annual": "年度资金申请总额", "total": "项目资金总额", "budget": "预算数", "fiscal": "当年财政拨款",
               "carryover": "上年结转资金", "other": "其他资金", "executed": "执行数"}


def fmt_yuan(amount: float) -> str:
    """``1,102,000.00元（110.2万元）`` for messages."""
    if abs(amount) < 10000:
        return f"{amount:,.2f}元"
    wan = f"{amount / 10000:,.2f}".rstrip("0").rstrip(".")
    return f"{amount:,.2f}元（{wan}万元）"


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|(?=[-./—~至到]\s*\d))")


def years_named(text: str) -> list[int]:
    """Calendar years a text names (``2025年6月底前``, ``2025-06-30``, ``2024年1-12月``), in order, unique."""
    return list(dict.fromkeys(int(m.group(1)) for m in _YEAR.finditer(text or "")))


# the 2020 Shanghai layout prints "总目标及阶段性目标" instead of 年度总体目标; its stage targets are the year's
STAGE_GOAL_LABELS = ("总目标及阶段性目标", "阶段性目标", "年度目标", "年度绩效目标")


def annual_goal_text(form: Form) -> str | None:
    """年度总体目标 (自评表: 预期目标), else the old layout's 总目标及阶段性目标; None when neither is printed."""
    annual = form.goals.annual
    if annual and annual.strip():
        return annual.strip()
    for label in STAGE_GOAL_LABELS:
        text = (form.project.extra.get(label) or "").strip()
        if text:
            return text
    return None
