"""Header block of a form: project fields, 项目资金, goals.

Labels are matched by their text (spaces, a trailing colon and a unit in brackets
ignored); a label's value is the next non-empty cell that is not itself a label
(or, in a Word export where columns are exact, the next cell). ``申报单位名称：X`` in one
cell is a label with its value. Unknown labels ending with a colon go to
``project.extra``; so do the known descriptive fields of the 2020 layout. A grade label
(``自评等级``, ``评价等级`` …) with a grade word (``优``, ``良好`` …) is ``extra['自评等级']``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from ..grid import Row
from ..model import Funds, Goals, Project
from ..textnorm import clean_cell, clean_long, compact
from . import vocab
from .table import grade_label, is_grade

PROJECT_FIELDS: dict[str, str] = {
    "项目名称": "name",
    "项目性质": "nature",
    "项目类别": "category",
    "主管部门": "department",
    "主管部门名称": "department",
    "主管单位": "department",
    "预算部门": "department",
    "部门名称": "department",
    "部门（单位）名称": "department",
    "部门(单位)名称": "department",
    "单位名称": "implementing_unit",
    "预算单位": "implementing_unit",
    "项目实施主体": "implementing_unit",
    "主管部门及代码": "department_code",
    "主管部门及编码": "department_code",
    "实施单位": "implementing_unit",
    "项目实施单位": "implementing_unit",
    "申报单位": "implementing_unit",
    "申报单位名称": "implementing_unit",
    "项目单位": "implementing_unit",
    "计划开始日期": "start_date",
    "项目开始日期": "start_date",
    "开始日期": "start_date",
    "计划完成日期": "end_date",
    "计划结束日期": "end_date",
    "项目完成日期": "end_date",
    "完成日期": "end_date",
}
# label -> (funds field, side) ; side "L" = the total column of the Shanghai block
FUNDS_FIELDS: dict[str, str] = {
    "项目资金总额": "total",
    "中期资金总额": "total",
    "项目总投资": "total",
    "项目总预算": "total",
    "项目总金额": "total",
    "年度资金申请总额": "annual",
    "年度资金总额": "annual",
    "项目当年预算": "annual",
    "当年预算": "annual",
    "其中：当年财政拨款": "fiscal",
    "其中:当年财政拨款": "fiscal",
    "当年财政拨款": "fiscal",
    "其中：财政拨款": "fiscal*",
    "其中:财政拨款": "fiscal*",
    "财政拨款": "fiscal*",
    "其中：财政资金": "fiscal_total",
    "其中:财政资金": "fiscal_total",
    "财政资金": "fiscal_total",
    "上年结转资金": "carryover",
    "其中：上年结转资金": "carryover",
    "其他资金": "other*",
    "同名项目上年预算额": "prior_year_budget",
    "同名项目上年预算执行数": "prior_year_executed",
    "预算数": "budget",
    "全年预算数": "budget",
    "年度预算数": "budget",
    "执行数": "executed",
    "全年执行数": "executed",
}
GOAL_FIELDS: dict[str, str] = {
    "项目总目标": "overall",
    "总体目标": "overall",
    "中长期目标": "overall",
    "中期目标": "overall",
    "长期目标": "overall",
    "项目中长期目标": "overall",
    "整体目标": "overall",
    "年度总体目标": "annual",
    "年度目标": "annual",
    "年度绩效目标": "annual",
    "预期目标": "annual",
    "目标实际完成情况": "annual_actual",
    "实际完成情况": "annual_actual",
}
# captions: labels of a block, never fields themselves
CAPTIONS = {
    "项目资金", "项目预算执行情况", "项目绩效目标", "年度总体目标完成情况", "本项目上年度市级财政资金使用情况",
    "项目资金情况", "资金情况", "绩效目标", "年度绩效指标完成情况", "项目基本情况",
    "任务名称", "主要内容", "预算金额", "资金来源及金额",
}
# a funds block printed as a matrix: column headers, then one row per source of money
FUNDS_COLUMNS: dict[str, str] = {
    "年初预算数": "initial", "全年预算数": "budget", "调整后预算数": "budget", "预算数": "budget",
    "全年执行数": "executed", "执行数": "executed", "实际执行数": "executed",
    "分值": "weight", "执行率": "rate", "预算执行率": "rate", "得分": "score",
    "总额": "all", "合计": "all", "小计": "all", "财政拨款": "fiscal", "财政资金": "fiscal", "其他资金": "other",
}
FUNDS_ROWS: dict[str, str] = {
    "年度资金总额": "all", "资金总额": "all", "金额合计": "all", "合计": "all", "项目资金总额": "all",
    "年度资金申请总额": "all", "总额": "all",
    "其中：当年财政拨款": "fiscal", "其中:当年财政拨款": "fiscal", "当年财政拨款": "fiscal",
    "其中：财政拨款": "fiscal", "其中:财政拨款": "fiscal", "财政拨款": "fiscal", "财政资金": "fiscal",
    "上年结转资金": "carryover", "其中：上年结转资金": "carryover", "上年结转": "carryover",
    "其他资金": "other",
}
MATRIX: dict[tuple[str, str], str] = {
    ("all", "initial"): "annual", ("all", "all"): "annual", ("all", "budget"): "budget", ("all", "executed"): "executed",
    ("all", "fiscal"): "fiscal", ("all", "other"): "other",
    ("fiscal", "budget"): "fiscal", ("fiscal", "executed"): "fiscal_executed", ("fiscal", "all"): "fiscal",
    ("carryover", "budget"): "carryover", ("carryover", "all"): "carryover",
    ("other", "budget"): "other", ("other", "executed"): "other_executed", ("other", "all"): "other",
}
MATRIX_EXTRA = {"weight": "预算执行分值", "rate": "预算执行率", "score": "预算执行得分"}
EXTRA_LABELS = {
    "是否含有政府购买服务", "绩效类型", "项目概况", "立项依据", "项目设立的必要性", "保证项目实施的制度、措施",
    "项目实施计划", "总目标及阶段性目标", "项目负责人", "联系电话", "联系人", "项目期限", "实施期限", "项目编码", "项目代码",
    "年度主要任务", "项目属性", "资金来源", "实施周期", "项目实施周期", "部门职能", "主要职能", "预算年度", "填报单位", "填报日期",
    "项目主要内容", "项目内容", "绩效目标", "项目立项依据", "部门编码", "单位编码", "项目期",
}
LONG_FIELDS = {"annual", "overall", "annual_actual"}

_UNIT = re.compile(r"[（(]\s*(万元|元)\s*[)）]")
_AMOUNT = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?$")


def label_key(text: str) -> str:
    return vocab.key(text)


@lru_cache(maxsize=1 << 16)
def classify(text: str) -> tuple[str, str] | None:
    """(kind, field) for a header label cell: kind in project/funds/goal/caption/extra."""
    if re.fullmatch(r"[（(](万元|元)[)）]", compact(text)):
        return "caption", "unit"  # 项目资金 / （万元） wrapped onto its own line
    k = label_key(text)
    if not k:
        return None
    if k in PROJECT_FIELDS:
        return "project", PROJECT_FIELDS[k]
    if k in FUNDS_FIELDS:
        return "funds", FUNDS_FIELDS[k]
    if k in GOAL_FIELDS:
        return "goal", GOAL_FIELDS[k]
    if k in CAPTIONS or re.fullmatch(r"\d{4}年(度)?绩效目标", k):
        return "caption", k
    if k in EXTRA_LABELS or grade_label(k):
        return "extra", k
    if compact(text).endswith(("：", ":")) and 1 < len(k) <= 20:
        return "extra", k
    return None


def split_inline(text: str) -> tuple[str, str] | None:
    """``申报单位名称：上海XX`` -> (label, value) when the prefix is a known label."""
    m = re.match(r"^([^：:]{2,20})[：:]\s*(.+)$", text)
    if not m:
        return None
    lab = m.group(1)
    if classify(lab + "：") and classify(lab + "：")[0] != "extra" or label_key(lab) in EXTRA_LABELS or grade_label(lab):
        return lab, m.group(2)
    return None


def parse_amount(text: str | None) -> tuple[float | None, str | None]:
    """(amount, unit printed in the cell) for ``1,102,000.00`` / ``480.00万元`` / ``—``."""
    if not text:
        return None, None
    t = compact(text).replace("，", ",")
    unit = None
    if t.endswith("万元"):
        unit, t = "万元", t[:-2]
    elif t.endswith("元"):
        unit, t = "元", t[:-1]
    if not _AMOUNT.match(t):
        return None, None
    return float(t.replace(",", "")), unit


def _cjk(a: str, b: str) -> bool:
    """Join two pieces of one wrapped cell without a space (Chinese) or with one."""
    return not (a[-1:].isascii() and b[:1].isascii())


def parse_date(text: str | None) -> str | None:
    if not text:
        return None
    t = compact(text)
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", t)
    if m:
        y, mo, d = map(int, m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})月?", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None


@dataclass
class HeaderState:
    project: dict[str, str | None] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    funds: dict[str, float | None] = field(default_factory=dict)
    goals: dict[str, str | None] = field(default_factory=dict)
    unit: str | None = None
    self_eval_funds: bool = False
    goal_columns: list[tuple[int, str]] = field(default_factory=list)
    fund_columns: list[tuple[int, str]] = field(default_factory=list)
    cell_units: dict[str, str] = field(default_factory=dict)
    _last_long: tuple[str, str, int] | None = None  # the prose field a wrapped next line continues
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)

    # ------------------------------------------------------------------
    def feed(self, row: Row, regular: bool) -> bool:
        """Read a header row; return False when nothing in it was a header field."""
        cells = [(c.col, c.text, c.line) for c in row.cells]
        cleaned = row.cleaned()
        found = False
        seen_funds: dict[str, int] = {}
        self._row_counts: dict[str, int] = {}
        for t in cleaned:
            c = classify(t) if t else None
            if c and c[0] == "funds":
                self._row_counts[c[1]] = self._row_counts.get(c[1], 0) + 1
        label_cols: list[tuple[int, str]] = []
        i = 0
        # goal texts under a goal header row
        covered = [c.covered for c in row.cells]
        # a repeated merged caption (项目绩效目标, 年度总体目标完成情况) does not stop a row of goal texts
        skip = [cov or (bool(t) and classify(t) is not None and classify(t)[0] == "caption") for t, cov in zip(cleaned, covered)]
        if self.goal_columns and not any(classify(t) for t, sk in zip(cleaned, skip) if t and not sk):
            texts = [(col, clean_long(t)) for (col, t, _), sk in zip(cells, skip) if clean_long(t) and not sk]
            if texts:
                self._place_goals(texts)
                self.goal_columns = []
                return True
        self.goal_columns = []
        if self._funds_matrix(row, cleaned):
            return True
        filled = [t for t in cleaned if t]
        if (not regular and len(filled) == 1 and self._last_long and classify(filled[0]) is None
                and row.line is not None and row.line - self._last_long[2] == 1):
            # extracted text wraps a long cell onto the next line; native cells are already whole
            kind, fld, _ = self._last_long
            target = self.goals if kind == "goal" else self.extra
            text = clean_long(next(t for _, t, _ in cells if clean_cell(t)))
            target[fld] += text if _cjk(target[fld][-1:], text[:1]) else " " + text
            self._last_long = (kind, fld, row.line)
            return True
        self._last_long = None
        while i < len(cells):
            col, raw, line = cells[i]
            text = cleaned[i]
            i += 1
            if not text:
                continue
            inline = None
            cls = classify(text)
            if cls is None:
                sp = split_inline(text)
                if sp:
                    lab, inline = sp
                    cls = classify(lab + "：")
                    text = lab
            if cls is None:
                continue
            found = True
            kind, fld = cls
            unit = _UNIT.search(text)
            if unit:
                self.unit = unit.group(1)
            if kind == "caption":
                continue
            # the value: inline, or the next cell(s)
            value = inline
            j = i
            if value is None:
                if regular:
                    while j < len(cells) and covered[j] and not cleaned[j]:
                        j += 1  # the label cell spans several columns
                    if j < len(cells) and not classify(cleaned[j]):
                        value = cells[j][1]
                        i = j + 1
                else:
                    while j < len(cells) and not cleaned[j]:
                        j += 1
                    if j < len(cells) and not classify(cleaned[j]) and not split_inline(cleaned[j]):
                        value = cells[j][1]
                        i = j + 1
            if kind == "goal":
                if value is not None and clean_long(value):
                    self.goals[fld] = clean_long(value)
                    self._last_long = ("goal", fld, row.line)
                else:
                    label_cols.append((col, fld))
                continue
            if kind == "project":
                self._project(fld, value)
            elif kind == "extra":
                if grade_label(fld) and value is not None and is_grade(clean_cell(value)):
                    self.extra["自评等级"] = clean_cell(value)  # 评价等级 | 良 -> the grade, as printed
                elif value is not None and clean_long(value):
                    self.extra[label_key(text)] = clean_long(value)
                    self._last_long = ("extra", label_key(text), row.line)
            elif kind == "funds":
                n = seen_funds.get(fld, 0)
                seen_funds[fld] = n + 1
                self._funds(fld, value, n, text, line)
        if label_cols:
            self.goal_columns = label_cols
        return found

    def _funds_matrix(self, row: Row, cleaned: list[str]) -> bool:
        """Funds printed as a matrix (10号 自评表, 部门整体支出表). True when the row was part of one."""
        cols = [(c.col, FUNDS_COLUMNS[label_key(t)]) for c, t in zip(row.cells, cleaned) if t and label_key(t) in FUNDS_COLUMNS]
        amounts = [t for t in cleaned if t and parse_amount(t)[0] is not None]
        if len(cols) >= 2 and not amounts:
            self.fund_columns = cols
            for t in cleaned:
                unit = _UNIT.search(t)
                if unit:
                    self.unit = unit.group(1)
            return True
        if not self.fund_columns:
            return False
        labels = [(i, FUNDS_ROWS[label_key(t)]) for i, t in enumerate(cleaned) if t and label_key(t) in FUNDS_ROWS]
        if not labels:
            if amounts and not any(classify(t) for t in cleaned if t):
                return True  # a detail line of the matrix (年度主要任务 …)
            self.fund_columns = []
            return False
        start, kind = labels[0]
        by_col = {c.col: t for c, t in zip(row.cells, cleaned)}
        values = [(k, by_col.get(col, "")) for col, k in self.fund_columns]
        if not any(v for _, v in values):
            after = [t for t in cleaned[start + 1:] if t]
            values = list(zip([k for _, k in self.fund_columns], after))
        has_budget = any(k == "budget" for _, k in self.fund_columns)
        for col_kind, text in values:
            if not text:
                continue
            if col_kind in MATRIX_EXTRA and kind == "all":
                self.extra[MATRIX_EXTRA[col_kind]] = text
                continue
            fld = MATRIX.get((kind, col_kind))
            if fld is None and col_kind == "initial" and not has_budget:
                fld = MATRIX.get((kind, "budget"))
            if fld is None:
                continue
            amount, unit = parse_amount(text)
            if amount is not None:
                if fld in ("budget", "executed", "fiscal_executed", "other_executed"):
                    self.self_eval_funds = True
                self.funds[fld] = amount
                if unit:
                    self.cell_units[fld] = unit
        return True

    def _project(self, fld: str, value: str | None) -> None:
        text = clean_cell(value) if value is not None else ""
        if not text:
            return
        if fld in ("start_date", "end_date"):
            self.project[fld] = parse_date(text) or text
        elif fld == "department_code":
            lead = re.fullmatch(r"[\[【（(]?\s*([0-9]{3,})\s*[\]】）)]?\s*[-－—:：]?\s*(\D.*)", text)
            if lead:  # [123001]某某厅
                self.project["department_code"] = lead.group(1)
                self.project["department"] = lead.group(2).strip()
                return
            m = re.fullmatch(r"(.*?)[\s\[（(]*([0-9A-Za-z]{3,})[\]）)]*", text)
            if m and m.group(1):
                self.project["department"] = m.group(1).strip()
                self.project["department_code"] = m.group(2)
            elif m:
                self.project["department_code"] = m.group(2)
            else:
                self.project["department"] = text
        else:
            self.project[fld] = text

    def _funds(self, fld: str, value: str | None, nth: int, label: str, line: int | None) -> None:
        if fld in ("budget", "executed"):
            self.self_eval_funds = True
        amount, cell_unit = parse_amount(clean_cell(value)) if value is not None else (None, None)
        if value is not None and clean_cell(value) and amount is None:
            self.warnings.append(("funds-unreadable", f"第{line}行「{label}」的金额「{clean_cell(value)}」无法识别 / amount not a number", line))
        if fld == "fiscal*":
            if self.self_eval_funds:
                fld = "fiscal_executed" if nth == 1 else "fiscal"
            elif nth == 0 and self._row_counts.get("fiscal*", 0) >= 2:
                fld = "fiscal_total"  # 中期资金总额 其中：财政拨款 (left column)
            else:
                fld = "fiscal"
        elif fld == "other*":
            if self.self_eval_funds:
                fld = "other_executed" if nth == 1 else "other"
            elif nth == 0 and self._row_counts.get("other*", 0) >= 2:
                fld = "other_total"  # Shanghai block: the left 其他资金 belongs to 项目资金总额
            else:
                fld = "other"
        if amount is None:
            self.funds.setdefault(fld, None)
            return
        self.funds[fld] = amount
        if cell_unit:
            self.cell_units[fld] = cell_unit

    def _place_goals(self, texts: list[tuple[int, str]]) -> None:
        cols = self.goal_columns
        if len(texts) >= len(cols):
            for (_, text), (_, fld) in zip(sorted(texts)[-len(cols):], sorted(cols)):
                self.goals[fld] = text
            return
        for tc, text in texts:
            best = min(cols, key=lambda c: (abs(c[0] - tc), c[1] != "annual"))
            self.goals[best[1]] = text

    # ------------------------------------------------------------------
    def build(self) -> tuple[Project, Funds, Goals]:
        p = self.project
        project = Project(
            name=p.get("name"),
            nature=p.get("nature"),
            category=p.get("category"),
            department=p.get("department"),
            department_code=p.get("department_code"),
            implementing_unit=p.get("implementing_unit"),
            start_date=p.get("start_date"),
            end_date=p.get("end_date"),
            extra=dict(self.extra),
        )
        unit = self.unit
        if unit is None and self.cell_units:
            units = set(self.cell_units.values())
            unit = units.pop() if len(units) == 1 else "元"
        f: dict[str, float | None] = {}
        for k, v in self.funds.items():
            scale = 10000.0 if (self.cell_units.get(k) or unit) == "万元" else 1.0
            f[k] = None if v is None else round(v * scale, 2)
        funds = Funds(
            unit_printed=unit if self.funds else None,
            total=f.get("total"),
            annual=f.get("annual"),
            fiscal=f.get("fiscal"),
            carryover=f.get("carryover"),
            other=f.get("other"),
            prior_year_budget=f.get("prior_year_budget"),
            prior_year_executed=f.get("prior_year_executed"),
            budget=f.get("budget"),
            executed=f.get("executed"),
            fiscal_executed=f.get("fiscal_executed"),
            other_executed=f.get("other_executed"),
            total_fiscal=f.get("fiscal_total"),
            total_other=f.get("other_total"),
        )
        goals = Goals(overall=self.goals.get("overall"), annual=self.goals.get("annual"), annual_actual=self.goals.get("annual_actual"))
        return project, funds, goals
