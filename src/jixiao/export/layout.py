"""The printed layout of a form: one grid of cells, shared by the xlsx and docx writers.

A form is laid out the way Shanghai prints it, so that a person recognises the official
form and a reader (any of jixiao's readers) reads the same model back:

* above the table (paragraphs in Word, merged rows in Excel): the document title (a
  ``…汇总表`` title, on the first form only), the form heading
  (``财政项目支出绩效目标申报表`` / ``项目支出绩效自评表`` / ``部门整体支出绩效目标申报表``, or the
  document's own heading when it names every form) and ``(2024年度)``;
* the table: header fields as ``label | value`` pairs (the value cell is always right of
  its label, merged across the columns it needs), the 项目资金 block with amounts in the
  unit the form printed, the goals, then the indicator table with the 一级 and 二级 cells
  merged vertically over their groups and a side caption (``绩效指标``) merged over the
  header and all indicator rows.

Nothing in the model is dropped: fields outside the official layout (``project.extra``,
同名项目上年预算额, 主管部门及代码 on a 申报表 …) are printed as extra labelled rows. Extra
labels end with ``：`` so that a reader knows them as labels.

The grid is ``FormLayout.cells``: top-left cells of merges with ``rowspan``/``colspan``;
every other position of the grid is empty.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Literal

from ..model import Document, Form, Funds, Indicator, Value

Role = Literal["label", "caption", "header", "value", "amount", "long", "number"]

HEADING = {
    "declaration": "财政项目支出绩效目标申报表",
    "self_evaluation": "项目支出绩效自评表",
    "department_overall": "部门整体支出绩效目标申报表",
}
INDICATOR_CAPTION = {"declaration": "绩效指标", "department_overall": "绩效指标", "self_evaluation": "年度绩效指标完成情况"}

# value columns of the indicator table: model attribute -> header text per kind
COLUMN_HEADERS = {
    "longterm": "中期指标值",
    "target": "年度(/项目)指标值",
    "target_self": "预期指标值",
    "actual": "实际完成指标值",
    "weight": "分值",
    "score": "得分",
    "reason": "偏差原因分析及改进措施",
}
BASE_COLUMNS = 6  # 项目名称 | name | 项目性质 | nature | 项目类别 | category

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def safe_text(text: str | None) -> str:
    """Text without the control characters XML (xlsx, docx) cannot hold."""
    return _ILLEGAL.sub("", text or "")


@dataclass
class LCell:
    row: int
    col: int
    text: str = ""
    role: Role = "value"
    rowspan: int = 1
    colspan: int = 1
    number: float | None = None  # amounts: the number in the printed unit
    number_format: str | None = None

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class FormLayout:
    """One form: the lines above the table and the table grid."""

    index: int
    form: Form
    sheet_name: str
    preamble: list[tuple[str, str]]  # (text, "title" | "heading" | "year")
    ncols: int
    widths: list[float]  # column widths in Excel character units (a CJK character ≈ 2)
    cells: list[LCell] = field(default_factory=list)
    nrows: int = 0
    indicator_header_row: int | None = None  # table row of 一级指标 | 二级指标 | …
    indicator_rows: tuple[int, int] | None = None  # first and last table row of the indicators
    value_columns: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# formatting


def fmt_number(x: float) -> str:
    """A printed number: ``10``, ``2.5`` (no exponent, no trailing zeros)."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    s = f"{x:.10f}".rstrip("0").rstrip(".")
    return s


def amount_text(v: float, unit: str | None) -> tuple[str, float, str]:
    """(printed text, number in the printed unit, Excel number format) for an amount in 元.

    Yuan print as ``1,102,000.00``; 万元 as ``114.56`` with as many decimals as it takes to
    give the same yuan back (a reader multiplies by 10000 and rounds to fen).
    """
    scale = 10000.0 if unit == "万元" else 1.0
    x = v / scale
    for d in range(2, 9):
        s = f"{x:,.{d}f}"
        n = float(s.replace(",", ""))
        if round(n * scale, 2) == round(v, 2):
            fmt = "#,##0.00" + ("#" * (d - 2) if d > 2 else "")
            return s, n, fmt
    return f"{x:,.10f}", x, "#,##0.00########"


def value_text(v: Value | None) -> str:
    return v.raw if v is not None else ""


WORD_JOINER = "\u2060"
EN_SPACE = "\u2002"


def _char_width(ch: str) -> float:
    """Printed width in units of half a CJK character (ASCII glyphs are a little wider than half)."""
    return 1.2 if ord(ch) < 0x80 else 2.0


def _tie(atom: str) -> str:
    """Word joiners around the punctuation of a non-CJK run (letters and digits never wrap)."""
    out = [atom[0]]
    for prev, ch in pairwise(atom):
        if not (prev.isalnum() and ch.isalnum()):
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


def wrap_safe(text: str, limit: float = 12.0) -> str:
    """Text whose line wraps a PDF reader can undo (used for the PDF only).

    A PDF keeps no line-wrap marks: a reader joins the lines of a cell with a space only
    where two latin characters meet (a wrap in Chinese text is never a space), and sees
    a space inside a line only as a gap. So the writer makes sure that

    * a run of latin characters with punctuation inside (``80%-90%``, ``1+3``,
      ``2,000.00``) does not wrap inside — word joiners (U+2060, invisible; readers drop
      zero-width characters) tie it, as long as it fits in ``limit`` display units (a CJK
      character is 2); letters and digits never wrap anyway;
    * a space is an en space (U+2002): LibreOffice prints it as a real character, where a
      plain space leaves only a gap (a quarter of a CJK character, which a reader may not
      take for a space, and never between two CJK characters). It is still a wrap point;
      a space at a wrap is lost (no reader can see it), which the column widths make rare.
    """
    if not text:
        return text
    atoms = re.findall(r"[!-~]+|.", text, flags=re.DOTALL)  # runs of printable ASCII, other characters one by one
    out = []
    for atom in atoms:
        if len(atom) > 1 and sum(map(_char_width, atom)) <= limit:
            atom = _tie(atom)
        out.append(atom)
    return "".join(out).replace(" ", EN_SPACE)


def display_width(text: str) -> float:
    """Width of a text in Excel character units: CJK and full-width count 2."""
    w = 0.0
    for ch in text:
        w += 2.0 if ord(ch) > 0x2E7F else 1.0
    return w


def sheet_names(names: list[str | None]) -> list[str]:
    """Excel sheet names: ≤ 31 characters, unique, no ``[]:*?/\\``, not blank."""
    out: list[str] = []
    used: set[str] = set()
    for i, name in enumerate(names, start=1):
        base = _SHEET_ILLEGAL.sub("_", safe_text(name or "")).strip().strip("'").strip()
        if not base or base.lower() == "history":
            base = f"表{i}"
        base = base[:31]
        cand, n = base, 2
        while cand.lower() in used:
            suffix = f"({n})"
            cand = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(cand.lower())
        out.append(cand)
    return out


# ---------------------------------------------------------------------------------------
# the builder


class _Grid:
    """Cells being placed. Header rows use six logical columns (label | value | label |
    value | label | value), each one or more physical columns of the indicator table
    (``spans``); the indicator table uses the physical columns (``logical = False``)."""

    def __init__(self, ncols: int, spans: list[tuple[int, int]]) -> None:
        self.ncols = ncols
        self.spans = spans
        self.logical = True
        self.cells: list[LCell] = []
        self.row = 0

    def put(self, col: int, text: str | None, role: Role = "value", *, colspan: int = 1, rowspan: int = 1, to_end: bool = False,
            number: float | None = None, number_format: str | None = None, row: int | None = None) -> LCell:
        r = self.row if row is None else row
        if self.logical:
            first = self.spans[col][0]
            last = self.ncols - 1 if to_end else self.spans[col + colspan - 1][1]
            col, colspan, to_end = first, last - first + 1, False
        if to_end:
            colspan = self.ncols - col
        cell = LCell(r, col, safe_text(text), role, rowspan, colspan, number, number_format)
        self.cells.append(cell)
        return cell

    def next(self, n: int = 1) -> None:
        self.row += n


def _pairs(g: _Grid, pairs: list[tuple[str, str | None]]) -> None:
    """One row of ``label | value`` pairs over the six base columns; the last value reaches the end."""
    if len(pairs) == 1:
        g.put(0, pairs[0][0], "label")
        g.put(1, pairs[0][1], "long" if len(pairs[0][1] or "") > 40 else "value", to_end=True)
    elif len(pairs) == 2:
        g.put(0, pairs[0][0], "label")
        g.put(1, pairs[0][1])
        g.put(2, pairs[1][0], "label")
        g.put(3, pairs[1][1], to_end=True)
    else:
        for k, (label, value) in enumerate(pairs[:3]):
            g.put(2 * k, label, "label")
            g.put(2 * k + 1, value, to_end=(k == 2))
    g.next()


def _amount_cell(g: _Grid, col: int, v: float | None, unit: str | None, *, colspan: int = 1, to_end: bool = False) -> None:
    if v is None:
        g.put(col, "", "amount", colspan=colspan, to_end=to_end)
        return
    text, number, fmt = amount_text(v, unit)
    g.put(col, text, "amount", colspan=colspan, to_end=to_end, number=number, number_format=fmt)


def _unit_suffix(unit: str | None) -> str:
    return f"（{unit}）" if unit else ""


_DECL_FUNDS = ("total", "annual", "total_fiscal", "carryover", "total_other")
_SELF_FUNDS = ("budget", "executed", "fiscal_executed", "other_executed")
_SHARED_FUNDS = ("fiscal", "other")


def _any(f: Funds, names: tuple[str, ...]) -> bool:
    return any(getattr(f, n) is not None for n in names)


def _funds_block(g: _Grid, caption: str, unit: str | None, rows: list[tuple[str, float | None, str, float | None]]) -> None:
    """A two-column funds block: caption merged down the left, then per row
    left label | left amount | right label | right amount (an empty left label leaves the pair blank)."""
    top = g.row
    g.put(0, caption + _unit_suffix(unit), "caption", rowspan=len(rows))
    for left, left_value, right, right_value in rows:
        g.put(1, left, "label")
        if left:
            _amount_cell(g, 2, left_value, unit)
        else:
            g.put(2, "", "amount")
        g.put(3, right, "label")
        _amount_cell(g, 4, right_value, unit, to_end=True)
        g.next()
    assert g.row == top + len(rows)


def _declaration_funds(g: _Grid, f: Funds) -> None:
    """项目资金（元）| 项目资金总额 | … | 年度资金申请总额 | …  (four rows, Shanghai block)."""
    _funds_block(g, "项目资金", f.unit_printed, [
        ("项目资金总额", f.total, "年度资金申请总额", f.annual),
        ("其中：财政资金", f.total_fiscal, "其中：当年财政拨款", f.fiscal),
        ("", None, "上年结转资金", f.carryover),
        ("其他资金", f.total_other, "其他资金", f.other),
    ])


def _self_eval_funds(g: _Grid, f: Funds) -> None:
    """项目预算执行情况（万元）| 预算数： | … | 执行数： | …  (three rows, 自评表 block)."""
    _funds_block(g, "项目预算执行情况", f.unit_printed, [
        ("预算数：", f.budget, "执行数：", f.executed),
        ("其中：财政拨款", f.fiscal, "其中：财政拨款", f.fiscal_executed),
        ("其他资金", f.other, "其他资金", f.other_executed),
    ])


def _prior_year(g: _Grid, f: Funds) -> None:
    u = _unit_suffix(f.unit_printed)
    g.put(0, "同名项目上年预算额" + u, "label", colspan=2)
    _amount_cell(g, 2, f.prior_year_budget, f.unit_printed)
    g.put(3, "同名项目上年预算执行数" + u, "label")
    _amount_cell(g, 4, f.prior_year_executed, f.unit_printed, to_end=True)
    g.next()


def _funds(g: _Grid, form: Form) -> None:
    f = form.funds
    self_eval = form.kind == "self_evaluation"
    has_shared = _any(f, _SHARED_FUNDS) or f.unit_printed is not None
    need_decl = _any(f, _DECL_FUNDS) or (not self_eval and has_shared)
    need_self = _any(f, _SELF_FUNDS) or (self_eval and has_shared and not need_decl)
    if need_decl:
        _declaration_funds(g, f)
    if need_self:
        _self_eval_funds(g, f)
    if f.prior_year_budget is not None or f.prior_year_executed is not None:
        _prior_year(g, f)


def _goals(g: _Grid, form: Form) -> None:
    goals = form.goals
    if form.kind == "self_evaluation":
        if goals.overall is not None:
            _pairs(g, [("项目总目标", goals.overall)])
        g.put(0, "年度总体目标完成情况", "caption", rowspan=2)
        g.put(1, "预期目标", "label", colspan=3)
        g.put(4, "目标实际完成情况", "label", to_end=True)
        g.next()
        g.put(1, goals.annual, "long", colspan=3)
        g.put(4, goals.annual_actual, "long", to_end=True)
        g.next()
        return
    g.put(0, "项目绩效目标", "caption", rowspan=2)
    g.put(1, "项目总目标", "label", colspan=2)
    g.put(3, "年度总体目标", "label", to_end=True)
    g.next()
    g.put(1, goals.overall, "long", colspan=2)
    g.put(3, goals.annual, "long", to_end=True)
    g.next()
    if goals.annual_actual is not None:
        _pairs(g, [("目标实际完成情况", goals.annual_actual)])


def _value_columns(form: Form) -> list[str]:
    inds = form.indicators
    self_eval = form.kind == "self_evaluation"
    cols: list[str] = []
    if any(i.target_longterm is not None for i in inds):
        cols.append("longterm")
    cols.append("target")
    if self_eval or any(i.actual is not None for i in inds):
        cols.append("actual")
    has = {
        "weight": any(i.weight is not None for i in inds),
        "score": any(i.score is not None for i in inds),
        "reason": any(i.deviation_reason is not None for i in inds),
    }
    if self_eval and any(has.values()):
        cols += ["weight", "score", "reason"]  # the 10号 自评表 prints the three together
    else:
        cols += [k for k in ("weight", "score", "reason") if has[k]]
    return cols


def _cell_of(ind: Indicator, col: str) -> tuple[str, Role]:
    if col == "longterm":
        return value_text(ind.target_longterm), "value"
    if col == "target":
        return value_text(ind.target), "value"
    if col == "actual":
        return value_text(ind.actual), "value"
    if col == "weight":
        return ("" if ind.weight is None else fmt_number(ind.weight)), "number"
    if col == "score":
        return ("" if ind.score is None else fmt_number(ind.score)), "number"
    return ind.deviation_reason or "", "value"


def _runs(keys: list[object]) -> list[tuple[int, int]]:
    """(start, end) of runs of equal, non-None keys."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1] == keys[i]:
            j += 1
        if keys[i] is not None:
            runs.append((i, j))
        i = j + 1
    return runs


def _indicators(g: _Grid, form: Form, layout: FormLayout) -> None:
    cols = layout.value_columns
    inds = form.indicators
    g.logical = False
    header_row = g.row
    layout.indicator_header_row = header_row
    g.put(0, INDICATOR_CAPTION[form.kind], "caption", rowspan=1 + len(inds))
    g.put(1, "一级指标", "header")
    g.put(2, "二级指标", "header")
    g.put(3, "三级指标", "header")
    for k, col in enumerate(cols):
        head = COLUMN_HEADERS["target_self" if (col == "target" and form.kind == "self_evaluation") else col]
        g.put(4 + k, head, "header", to_end=(k == len(cols) - 1))
    g.next()
    first = g.row
    l1_keys = [i.level1 or None for i in inds]
    l2_keys = [(i.level1, i.level2) if i.level2 else None for i in inds]
    for a, b in _runs(l1_keys):  # type: ignore[arg-type]
        g.put(1, inds[a].level1, "label", rowspan=b - a + 1, row=first + a)
    for a, b in _runs(l2_keys):  # type: ignore[arg-type]
        g.put(2, inds[a].level2, "label", rowspan=b - a + 1, row=first + a)
    for n, ind in enumerate(inds):
        r = first + n
        g.put(3, ind.name, row=r)
        for k, col in enumerate(cols):
            text, role = _cell_of(ind, col)
            g.put(4 + k, text, role, row=r, to_end=(k == len(cols) - 1))
    g.next(len(inds))
    layout.indicator_rows = (first, first + len(inds) - 1) if inds else None


TOTAL_LABELS = {"总分值": "weight", "总得分": "score"}
GRADE_LABEL = "自评等级"


def _bottom_labels(form: Form, cols: list[str]) -> set[str]:
    """The ``project.extra`` entries printed under the indicator table, as the 自评表 does:
    the 总分 row (in the 分值 and 得分 columns, so only when the table has them) and 自评等级."""
    extra = form.project.extra
    labels = {k for k, col in TOTAL_LABELS.items() if k in extra and col in cols}
    if GRADE_LABEL in extra and form.kind == "self_evaluation":
        labels.add(GRADE_LABEL)
    return labels


def _totals(g: _Grid, form: Form, cols: list[str], labels: set[str]) -> None:
    """``总分 | … | 分值合计 | 得分合计 | …`` and ``自评等级 | 优`` under the indicator table."""
    extra = form.project.extra
    if labels & TOTAL_LABELS.keys():
        g.put(0, "总分", "label", colspan=4)
        for k, col in enumerate(cols):
            label = next((lab for lab, c in TOTAL_LABELS.items() if c == col and lab in labels), None)
            g.put(4 + k, extra[label] if label else "", "number" if label else "value", to_end=(k == len(cols) - 1))
        g.next()
    if GRADE_LABEL in labels:
        g.put(0, GRADE_LABEL, "label", colspan=4)
        g.put(4, extra[GRADE_LABEL], "value", to_end=True)
        g.next()


def _has_actual(form: Form) -> bool:
    return any(i.actual is not None for i in form.indicators) or form.goals.annual_actual is not None or form.funds.executed is not None


def form_kind(heading: str | None, has_actual: bool) -> str:
    """The kind a reader gives a form under ``heading`` (the recognizer's rule)."""
    try:
        from ..recognize import form_kind as recognizer_rule
    except ImportError:  # pragma: no cover - the recognizer always has it
        h = heading or ""
        if "部门整体" in h:
            return "department_overall"
        return "self_evaluation" if ("自评" in h or "评价" in h or has_actual) else "declaration"
    return recognizer_rule(heading, has_actual)


def _heading_names_every_form(doc: Document) -> bool:
    """Whether the document's title is the form heading itself (printed above every form)."""
    t = doc.title
    if not t or "汇总" in t:
        return False
    return all(form_kind(t, _has_actual(f)) == f.kind for f in doc.forms)


# column widths (Excel character units; a CJK character is about 2)
_LEFT = {  # caption | 一级 | 二级 | 三级
    "declaration": [14.0, 16.0, 16.0, 26.0],
    "self_evaluation": [12.0, 11.0, 14.0, 24.0],
}
_LEFT_WIDE = [14.0, 12.0, 13.0, 20.0]  # with more than two value columns
_VALUE = {"target": 19.0, "longterm": 16.0, "actual": 18.0, "weight": 9.0, "score": 9.0, "reason": 18.0}
_HEADER_SHARES = [16.0, 16.0, 26.0, 19.0, 14.0]  # value | label | value | label | value, as the 6-column form


def widths_for(kind: str, value_columns: list[str]) -> list[float]:
    """Column widths that fit Chinese labels and values on A4 portrait."""
    self_eval = kind == "self_evaluation"
    if len(value_columns) > 2:
        left = list(_LEFT_WIDE)
    else:
        left = list(_LEFT["self_evaluation" if self_eval else "declaration"])
    values = [_VALUE[c] for c in value_columns]
    if self_eval and value_columns[:2] == ["target", "actual"] and len(value_columns) == 2:
        values = [26.0, 18.0]
    if len(value_columns) == 1:
        values.append(14.0)  # the sixth column of the header rows (项目类别 | …)
    return left + values


def header_spans(widths: list[float]) -> list[tuple[int, int]]:
    """The physical columns of the six logical header columns.

    Column 0 is its own (labels and captions); the others are split into five runs of
    neighbouring columns whose widths are closest to the proportions of the six-column
    form, so that header labels keep their room when the indicator table has more columns.
    """
    n = len(widths)
    if n <= BASE_COLUMNS:
        return [(k, k) for k in range(n)]
    rest = widths[1:]
    total = sum(rest)
    goal = [w * total / sum(_HEADER_SHARES) for w in _HEADER_SHARES]
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in combinations(range(1, len(rest)), 4):
        bounds = (0, *cuts, len(rest))
        err = sum((sum(rest[a:b]) - g) ** 2 for a, b, g in zip(bounds, bounds[1:], goal))
        if best is None or err < best[0]:
            best = (err, bounds)
    assert best is not None
    bounds = best[1]
    return [(0, 0)] + [(a + 1, b) for a, b in pairwise(bounds)]


def layout_form(doc: Document, index: int, *, sheet_name: str = "", heading: str | None = None, title: str | None = None) -> FormLayout:
    form = doc.forms[index]
    cols = _value_columns(form)
    widths = widths_for(form.kind, cols)
    ncols = len(widths)
    preamble: list[tuple[str, str]] = []
    if title:
        preamble.append((safe_text(title), "title"))
    preamble.append((safe_text(heading or HEADING[form.kind]), "heading"))
    if form.fiscal_year is not None:
        preamble.append((f"({form.fiscal_year}年度)", "year"))
    layout = FormLayout(index=index, form=form, sheet_name=sheet_name, preamble=preamble, ncols=ncols,
                        widths=widths, value_columns=cols)
    g = _Grid(ncols, header_spans(widths))
    p = form.project
    if form.kind == "self_evaluation":
        _pairs(g, [("项目名称", p.name)])
        if p.department is not None:
            _pairs(g, [("主管部门", p.department)])
        _pairs(g, [("主管部门及代码", p.department_code), ("实施单位", p.implementing_unit)])
        if p.nature is not None or p.category is not None:
            _pairs(g, [("项目性质", p.nature), ("项目类别", p.category)])
        if p.start_date is not None or p.end_date is not None:
            _pairs(g, [("计划开始日期", p.start_date), ("计划完成日期", p.end_date)])
    else:
        _pairs(g, [("项目名称", p.name), ("项目性质", p.nature), ("项目类别", p.category)])
        _pairs(g, [("主管部门", p.department), ("实施单位", p.implementing_unit)])
        if p.department_code is not None:
            _pairs(g, [("主管部门及代码", p.department_code)])
        _pairs(g, [("计划开始日期", p.start_date), ("计划完成日期", p.end_date)])
    at_bottom = _bottom_labels(form, cols)
    for label, value in p.extra.items():
        if label not in at_bottom:
            _pairs(g, [(label + "：", value)])
    _funds(g, form)
    _goals(g, form)
    _indicators(g, form, layout)
    _totals(g, form, cols, at_bottom)
    layout.cells = g.cells
    layout.nrows = g.row
    return layout


def layout_document(doc: Document) -> list[FormLayout]:
    """The layouts of every form, in order; the document title on top of the first."""
    names = sheet_names([f.project.name for f in doc.forms])
    heading_is_title = _heading_names_every_form(doc)
    out = []
    for i in range(len(doc.forms)):
        title = doc.title if (i == 0 and doc.title and not heading_is_title) else None
        heading = doc.title if heading_is_title else None
        out.append(layout_form(doc, i, sheet_name=names[i], heading=heading, title=title))
    return out


def row_heights(layout: FormLayout, *, line_height: float = 15.0, padding: float = 3.0) -> list[float]:
    """Estimated row heights (points) so that wrapped text shows: Excel does not fit merged cells.

    With ``line_height=1, padding=0`` the estimated number of lines per row.
    """
    lines = [1.0] * layout.nrows
    for c in layout.cells:
        if not c.text:
            continue
        width = sum(layout.widths[c.col : c.last_col + 1]) - 1.0
        need = max(1, math.ceil(display_width(c.text) / max(width, 4.0)))
        per_row = need / c.rowspan
        for r in range(c.row, c.last_row + 1):
            lines[r] = max(lines[r], per_row)
    return [max(1, math.ceil(n)) * line_height + padding for n in lines]


def to_grid(layouts: list[FormLayout]):
    """The layouts as a reader following :mod:`jixiao.grid`'s conventions reads them.

    Preamble lines are single-cell rows; every table row lists one cell per column; a
    vertically merged cell repeats its text in the rows it covers (``covered=True``), a
    horizontally merged one leaves the covered positions empty (``covered=True``). Used to
    check, without any file format, that the layout reads back as the same model.
    """
    from ..grid import Cell, Grid, Row

    rows: list[Row] = []
    line = 0
    for t, lay in enumerate(layouts, start=1):
        for text, _ in lay.preamble:
            line += 1
            rows.append(Row([Cell(text, 0, line=line, page=t)], line=line, page=t))
        grid: list[list[Cell | None]] = [[None] * lay.ncols for _ in range(lay.nrows)]
        for c in lay.cells:
            for r in range(c.row, c.last_row + 1):
                for k in range(c.col, c.last_col + 1):
                    top, left = r == c.row, k == c.col
                    text = c.text if left else ""
                    grid[r][k] = Cell(text, k, page=t, rowspan=c.rowspan if top and left else 1,
                                      colspan=c.colspan if top and left else 1, covered=not (top and left))
        for r, cells in enumerate(grid):
            line += 1
            row = [c if c is not None else Cell("", k, page=t) for k, c in enumerate(cells)]
            for c in row:
                c.line = line
            rows.append(Row(row, line=line, page=t, table=t))
    return Grid(rows=rows, format="xlsx", regular_columns=True)
