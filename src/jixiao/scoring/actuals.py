"""The actuals workbook (实际完成值填报表): a declaration plus the year's actuals.

``jixiao template actuals FILE`` writes, with :func:`write_template`, an XLSX that a
person fills in; ``jixiao score FILE --actuals filled.xlsx`` reads it back with
:func:`read_actuals` into a self-evaluation.

The workbook has three sheets, all text in 简体中文:

* 「填报说明」 — how to fill it in, the source file's name and SHA-256;
* 「指标实际完成值」 — a header row, then one row per indicator of every form::

      表单序号 | 项目名称 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 分值 |
      实际完成值 | 完成等级 | 得分（可选） | 偏差原因分析及改进措施 | 行标识

  (the four columns 实际完成值 … 偏差原因分析及改进措施 are the input; 行标识 is
  ``表单序号-指标序号``, e.g. ``1-3``);
* 「预算执行」 — one row per form::

      表单序号 | 项目名称 | 金额单位 | 预算数 | 执行数 | 执行偏差原因 | 行标识

  (预算数, 执行数 and 执行偏差原因 are the input; 行标识 is the form number).

Every sheet is protected without a password; only the input cells are unlocked (white),
the columns copied from the form are grey. 完成等级 has a list validation with the three
grades, the number columns a decimal validation (≥ 0). Input cells are pre-filled with
what the form already has, so a parsed 自评表 reads back unchanged.

Reading checks the whole workbook before merging anything: every problem (a missing
sheet, a changed header, an unknown, duplicated or missing 行标识, a 三级指标 or 项目名称
that is not the source's, text or a negative number in a number cell, a grade that is
not one of the three, …) is collected with its sheet, row and column, and one
:class:`ActualsError` lists them all. Blank rows are ignored.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import ReadError
from ..export.layout import amount_text, display_width, fmt_number, safe_text
from ..export.xlsx import FONT_NAME, set_text
from ..model import Document, Warning
from ..values import format_value, parse_value

__all__ = [
    "FUNDS_HEADERS",
    "GRADES",
    "INDICATOR_HEADERS",
    "SHEET_FUNDS",
    "SHEET_GUIDE",
    "SHEET_INDICATORS",
    "ActualsError",
    "build_template",
    "read_actuals",
    "write_template",
]

SHEET_GUIDE = "填报说明"
SHEET_INDICATORS = "指标实际完成值"
SHEET_FUNDS = "预算执行"

GRADES = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")

INDICATOR_HEADERS = (
    "表单序号", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值",
    "实际完成值", "完成等级", "得分（可选）", "偏差原因分析及改进措施", "行标识",
)
FUNDS_HEADERS = ("表单序号", "项目名称", "金额单位", "预算数", "执行数", "执行偏差原因", "行标识")

# 0-based column indexes
_I_NAME, _I_ACTUAL, _I_GRADE, _I_SCORE, _I_REASON, _I_KEY = 4, 7, 8, 9, 10, 11
_F_PROJECT, _F_UNIT, _F_BUDGET, _F_EXECUTED, _F_REASON, _F_KEY = 1, 2, 3, 4, 5, 6
_INDICATOR_INPUTS = (_I_ACTUAL, _I_GRADE, _I_SCORE, _I_REASON)
_FUNDS_INPUTS = (_F_BUDGET, _F_EXECUTED, _F_REASON)

_INDICATOR_WIDTHS = (8.0, 20.0, 12.0, 12.0, 28.0, 16.0, 7.0, 16.0, 22.0, 10.0, 30.0, 8.0)
_FUNDS_WIDTHS = (8.0, 28.0, 10.0, 14.0, 14.0, 36.0, 8.0)
_GUIDE_WIDTHS = (16.0, 96.0)

EXTRA_REASON = "执行偏差原因"  # project.extra key of the funds deviation reason
DEFAULT_UNIT = "万元"
MAX_LISTED = 30

_FONT = Font(name=FONT_NAME, size=10.5)
_FONT_BOLD = Font(name=FONT_NAME, size=10.5, bold=True)
_FONT_TITLE = Font(name=FONT_NAME, size=16, bold=True)
_GREY = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")
_GREY_HEADER = PatternFill(fill_type="solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
_THIN = Side(style="thin", color="FF808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_EPOCH = _dt.datetime(2000, 1, 1)  # the created/modified stamp of every template (byte-identical output)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class ActualsError(ReadError):
    """The actuals workbook could not be used; ``problems`` lists every problem found."""

    def __init__(self, code: str, zh: str, en: str, hint: str = "", *, path: str | None = None,
                 problems: list[str] | None = None):
        super().__init__(code, zh, en, hint, path=path)
        self.problems = list(problems or [])


# ---------------------------------------------------------------------------------------
# writing


def _key(form_no: int, ind_no: int | None = None) -> str:
    return f"{form_no}" if ind_no is None else f"{form_no}-{ind_no}"


def _put(ws: Worksheet, row: int, col: int, value: Any, *, locked: bool, header: bool = False,
         align: Alignment = _WRAP, number_format: str | None = None) -> None:
    """One table cell: text never becomes a formula; locked cells are grey."""
    c = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = safe_text(value)
        if text:
            set_text(c, text)
    elif value is not None:
        c.value = value
    if number_format:
        c.number_format = number_format
    c.font = _FONT_BOLD if header else _FONT
    c.alignment = _CENTER if header else align
    c.border = _BORDER
    c.protection = _LOCKED if locked else _UNLOCKED
    if header:
        c.fill = _GREY_HEADER
    elif locked:
        c.fill = _GREY


def _lines(text: str, width: float) -> int:
    if not text:
        return 1
    return sum(max(1, math.ceil(display_width(part) / max(width - 1.0, 4.0))) for part in text.split("\n"))


def _row_height(values: list[Any], widths: tuple[float, ...]) -> float:
    n = 1
    for v, w in zip(values, widths):
        if isinstance(v, str):
            n = max(n, _lines(v, w))
    return n * 15.0 + 3.0


def _setup_sheet(ws: Worksheet, headers: tuple[str, ...], widths: tuple[float, ...]) -> None:
    for k, (head, w) in enumerate(zip(headers, widths), start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
        _put(ws, 1, k, head, locked=True, header=True)
    ws.row_dimensions[1].height = _row_height(list(headers), widths)
    ws.freeze_panes = "A2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _protect(ws: Worksheet) -> None:
    """Sheet protection without a password; rows and columns may still be resized."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _amount(v: float | None, unit: str) -> tuple[float | None, str]:
    if v is None:
        return None, "#,##0.00"
    _, number, fmt = amount_text(v, unit)
    return number, fmt


def _indicator_sheet(ws: Worksheet, doc: Document) -> int:
    _setup_sheet(ws, INDICATOR_HEADERS, _INDICATOR_WIDTHS)
    r = 1
    for fi, form in enumerate(doc.forms, start=1):
        project = form.project.name or ""
        for ii, ind in enumerate(form.indicators, start=1):
            r += 1
            values: list[Any] = [
                fi, project, ind.level1 or "", ind.level2 or "", ind.name,
                format_value(ind.target) if ind.target is not None else "",
                ind.weight,
                ind.actual.raw if ind.actual is not None else None,
                ind.actual_grade,
                ind.score,
                ind.deviation_reason,
                _key(fi, ii),
            ]
            for k, v in enumerate(values):
                inputs = k in _INDICATOR_INPUTS
                align = _CENTER if k in (0, 8, 11) else (_RIGHT if k in (6, _I_SCORE) else _WRAP)
                fmt = "@" if k in (_I_ACTUAL, _I_GRADE, _I_REASON) else None
                _put(ws, r, k + 1, v, locked=not inputs, align=align, number_format=fmt)
            ws.row_dimensions[r].height = _row_height(values, _INDICATOR_WIDTHS)
    n = r - 1
    if n:
        last = r
        grade = DataValidation(
            type="list", formula1='"' + ",".join(GRADES) + '"', allow_blank=True,
            showErrorMessage=True, showInputMessage=True, errorStyle="stop",
            errorTitle="完成等级", error="请从下拉列表中选择：" + "、".join(GRADES) + "。",
            promptTitle="完成等级", prompt="从下拉列表中选择，可留空。",
        )
        grade.add(f"{get_column_letter(_I_GRADE + 1)}2:{get_column_letter(_I_GRADE + 1)}{last}")
        score = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, showInputMessage=True, errorStyle="stop",
            errorTitle="得分", error="请填写不小于 0 的数字。", promptTitle="得分（可选）", prompt="不小于 0 的数字，可留空。",
        )
        score.add(f"{get_column_letter(_I_SCORE + 1)}2:{get_column_letter(_I_SCORE + 1)}{last}")
        ws.add_data_validation(grade)
        ws.add_data_validation(score)
    _protect(ws)
    return n


def _funds_sheet(ws: Worksheet, doc: Document) -> None:
    _setup_sheet(ws, FUNDS_HEADERS, _FUNDS_WIDTHS)
    r = 1
    for fi, form in enumerate(doc.forms, start=1):
        r += 1
        f = form.funds
        unit = f.unit_printed or DEFAULT_UNIT
        budget, fmt_b = _amount(f.budget if f.budget is not None else f.annual, unit)
        executed, fmt_e = _amount(f.executed, unit)
        values: list[Any] = [fi, form.project.name or "", unit, budget, executed,
                             form.project.extra.get(EXTRA_REASON), _key(fi)]
        fmts = {_F_BUDGET: fmt_b, _F_EXECUTED: fmt_e, _F_REASON: "@"}
        for k, v in enumerate(values):
            align = _CENTER if k in (0, _F_UNIT, _F_KEY) else (_RIGHT if k in (_F_BUDGET, _F_EXECUTED) else _WRAP)
            _put(ws, r, k + 1, v, locked=k not in _FUNDS_INPUTS, align=align, number_format=fmts.get(k))
        ws.row_dimensions[r].height = _row_height(values, _FUNDS_WIDTHS)
    if doc.forms:
        dv = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
            showErrorMessage=True, showInputMessage=True, errorStyle="stop",
            errorTitle="金额", error="请只填写不小于 0 的数字（单位见「金额单位」列）。",
            promptTitle="金额", prompt="只填数字，单位见「金额单位」列。",
        )
        dv.add(f"{get_column_letter(_F_BUDGET + 1)}2:{get_column_letter(_F_EXECUTED + 1)}{r}")
        ws.add_data_validation(dv)
    _protect(ws)


def _guide_paragraphs() -> list[str]:
    g = "」「".join(GRADES)
    return [
        ("在「指标实际完成值」表中，每个三级指标占一行。请只填写白色的四列：实际完成值、完成等级、得分（可选）、偏差原因分析及改进措施。"
         "灰色的列（表单序号、项目名称、一级指标、二级指标、三级指标、年度指标值、分值、行标识）抄自原文件，已锁定，请勿修改。"),
        ("实际完成值：按原表的写法填写，带上单位，例如「205处」「93.5%」「≥95%」「2023年11月28日」「已完成」。"
         "该列为文本格式，输入「95%」不会被换算成 0.95。留空表示没有实际完成值。"),
        f"完成等级：从下拉列表中选择其一：「{g}」；可以留空。",
        "得分（可选）：填写不小于 0 的数字，不带单位和文字；留空表示不给出得分。",
        "偏差原因分析及改进措施：未达成或有偏差的指标，请说明原因和改进措施。",
        ("在「预算执行」表中，每张表单占一行：按「金额单位」列的单位（万元或元）填写预算数和执行数，只填数字；"
         "执行数与预算数有差异时，在「执行偏差原因」中说明。"),
        ("请勿增删行、调整行的顺序、修改表头或「行标识」列，也不要改动工作表的名称。完全空白的行会被忽略。"
         "各工作表已保护（无密码），只有白色单元格可以编辑；可以调整行高和列宽。"),
        ("填好后保存为 .xlsx 文件，运行：jixiao score 原文件 --actuals 本文件。"
         "如有问题，程序会逐条列出所在的工作表、行和列；全部改正之前，不会合并任何数据，也不会计算得分。"),
    ]


def _guide_sheet(ws: Worksheet, doc: Document, n_indicators: int) -> None:
    for k, w in enumerate(_GUIDE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    title = ws.cell(row=1, column=1)
    title.value = "绩效目标实际完成值填报表"
    title.font = _FONT_TITLE
    title.alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    ws.row_dimensions[1].height = 28.0
    src = doc.source
    facts = [
        ("源文件", _name(doc)),
        ("源文件 SHA-256", src.sha256),
        ("表单数", f"{len(doc.forms)} 张表单，共 {n_indicators} 个三级指标"),
    ]
    r = 1
    for label, value in facts:
        r += 1
        _put(ws, r, 1, label, locked=True, header=True)
        _put(ws, r, 2, value, locked=True)
        ws.row_dimensions[r].height = _row_height([label, value], _GUIDE_WIDTHS)
    r += 2
    head = ws.cell(row=r, column=1)
    head.value = "填报方法"
    head.font = _FONT_BOLD
    for n, text in enumerate(_guide_paragraphs(), start=1):
        r += 1
        num = ws.cell(row=r, column=1)
        num.value = f"{n}."
        num.font = _FONT
        num.alignment = Alignment(horizontal="right", vertical="top")
        cell = ws.cell(row=r, column=2)
        cell.value = text
        cell.font = _FONT
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = _lines(text, _GUIDE_WIDTHS[1]) * 15.0 + 4.0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(ws)


def build_template(doc: Document) -> Workbook:
    """The actuals workbook of ``doc`` (not saved)."""
    wb = Workbook()
    guide = wb.active
    guide.title = SHEET_GUIDE
    ind_ws = wb.create_sheet(SHEET_INDICATORS)
    funds_ws = wb.create_sheet(SHEET_FUNDS)
    n = _indicator_sheet(ind_ws, doc)
    _funds_sheet(funds_ws, doc)
    _guide_sheet(guide, doc, n)
    wb.active = 1  # open on the sheet to fill in
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is ind_ws
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = "绩效目标实际完成值填报表"
    wb.properties.creator = "jixiao"
    wb.properties.lastModifiedBy = "jixiao"
    wb.properties.created = _EPOCH
    wb.properties.modified = _EPOCH
    return wb


def _deterministic(data: bytes) -> bytes:
    """The same zip with fixed timestamps (entries and docProps), so a template is byte-identical."""
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            zout.writestr(zi, body)
    return out.getvalue()


def write_template(doc: Document, path: str | os.PathLike[str]) -> Path:
    """Write the actuals workbook of ``doc`` to ``path``; the same document gives the same bytes."""
    buf = io.BytesIO()
    build_template(doc).save(buf)
    out = Path(path)
    out.write_bytes(_deterministic(buf.getvalue()))
    return out


# ---------------------------------------------------------------------------------------
# reading


def _norm(text: str | None) -> str:
    """Text compared across the workbook and the model: control characters dropped, spaces collapsed."""
    return " ".join(safe_text(text).split())


def _head(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _shown(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_text(x: float) -> str:
    return fmt_number(round(x, 10)) if math.isfinite(x) else str(x)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@dataclass
class _Cell:
    value: Any  # None, str, int, float, bool, date/datetime/time
    number_format: str = "General"
    error: str | None = None  # why the cell cannot be read (formula without a result, #N/A …)

    @property
    def blank(self) -> bool:
        return self.error is None and (self.value is None or (isinstance(self.value, str) and not self.value.strip()))

    def text(self) -> str:
        """The cell as text: numbers without a trailing ``.0`` (percent-formatted ones as ``93.5%``)."""
        v = self.value
        if v is None:
            return ""
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, (int, float)):
            if "%" in (self.number_format or ""):
                return _number_text(float(v) * 100) + "%"
            return _number_text(float(v))
        if isinstance(v, _dt.datetime):
            if (v.hour, v.minute, v.second) == (0, 0, 0):
                return f"{v.year}年{v.month}月{v.day}日"
            return f"{v.year}年{v.month}月{v.day}日 {v:%H:%M}"
        if isinstance(v, _dt.date):
            return f"{v.year}年{v.month}月{v.day}日"
        if isinstance(v, _dt.time):
            return v.strftime("%H:%M")
        return " ".join(str(v).split())


class _Book:
    """The workbook and, for cells holding a formula, the values Excel saved with it."""

    def __init__(self, path: Path):
        self.path = path
        self.wb = _open(path)
        self._values = None

    def cached(self, sheet: str, coord: str) -> Any:
        if self._values is None:
            try:
                self._values = load_workbook(self.path, data_only=True)
            except Exception:  # noqa: BLE001 # pragma: no cover - it opened once already
                return None
        return self._values[sheet][coord].value

    def row(self, ws: Worksheet, r: int, ncols: int) -> list[_Cell]:
        width = max(ncols, ws.max_column or 0)
        out = []
        for k in range(1, width + 1):
            c = ws.cell(row=r, column=k)
            if c.data_type == "f":
                v = self.cached(ws.title, c.coordinate)
                if v is None:
                    out.append(_Cell(None, c.number_format, "是公式，但文件里没有保存计算结果（请直接填写数值，或在 Excel 中重新计算后保存）"))
                    continue
                out.append(_Cell(v, c.number_format))
            elif c.data_type == "e":
                out.append(_Cell(None, c.number_format, f"是错误值「{c.value}」"))
            else:
                out.append(_Cell(c.value, c.number_format))
        return out


def _unreadable(path: Path, what: str, en: str) -> ActualsError:
    return ActualsError(
        "actuals-unreadable", f"无法读取实际完成值填报表：{what}", en,
        "请填写由 `jixiao template actuals 原文件` 生成的 .xlsx 文件；旧版 .xls、CSV 等请先在 Excel 中另存为 .xlsx。",
        path=str(path),
    )


def _open(path: Path):
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _unreadable(path, "找不到或无法打开文件", f"cannot open the file ({exc.strerror or exc})") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _unreadable(path, "这是旧版 Excel（.xls）或其他 OLE 文件，不是 XLSX", "an old .xls / OLE file, not XLSX")
    if not head.startswith(b"PK"):
        raise _unreadable(path, "不是 XLSX 文件", "not an XLSX workbook")
    try:
        return load_workbook(path)
    except Exception as exc:  # noqa: BLE001 - zip, XML, missing parts: all mean the same to the user
        raise _unreadable(path, "文件已损坏或不是 XLSX 工作簿", f"not a readable XLSX workbook ({type(exc).__name__})") from None


@dataclass
class _IndicatorRow:
    row: int
    actual: str | None
    grade: str | None
    score: float | None
    reason: str | None


@dataclass
class _FundsRow:
    row: int
    unit: str
    budget: float | None
    executed: float | None
    reason: str | None


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, sheet: str, row: int | None, text: str) -> None:
        where = f"「{sheet}」" + (f"第{row}行" if row is not None else "")
        self.problems.append(where + text)

    def number(self, sheet: str, row: int, column: str, cell: _Cell) -> float | None:
        """A number ≥ 0, or None for a blank cell; a problem for anything else."""
        if cell.error:
            self.add(sheet, row, f"「{column}」{cell.error}")
            return None
        if cell.blank:
            return None
        v = cell.value
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            x = float(v)
        else:
            raw = cell.text()
            t = unicodedata.normalize("NFKC", raw).replace(",", "").replace(" ", "")
            if not _NUMBER.fullmatch(t):
                self.add(sheet, row, f"「{column}」应为数字，读到「{_shown(raw)}」")
                return None
            x = float(t)
        if not math.isfinite(x):
            self.add(sheet, row, f"「{column}」应为数字，读到「{_shown(cell.text())}」")
            return None
        if x < 0:
            self.add(sheet, row, f"「{column}」不能为负数，读到「{_number_text(x)}」")
            return None
        return x + 0.0  # -0.0 -> 0.0

    def text(self, sheet: str, row: int, column: str, cell: _Cell) -> str | None:
        if cell.error:
            self.add(sheet, row, f"「{column}」{cell.error}")
            return None
        t = cell.text()
        return t or None

    def header(self, sheet: str, cells: list[_Cell], expected: tuple[str, ...]) -> bool:
        ok = True
        for k, cell in enumerate(cells):
            got = cell.text()
            letter = get_column_letter(k + 1)
            if k < len(expected):
                if _head(got) != _head(expected[k]):
                    seen = f"「{_shown(got)}」" if got else "空白"
                    self.add(sheet, 1, f"第{letter}列的表头应为「{expected[k]}」，读到{seen}")
                    ok = False
            elif got:
                self.add(sheet, 1, f"第{letter}列多出表头「{_shown(got)}」（表头应为「{'｜'.join(expected)}」）")
                ok = False
        return ok

    def outside(self, sheet: str, row: int, cells: list[_Cell], ncols: int) -> None:
        for k in range(ncols, len(cells)):
            if not cells[k].blank:
                shown = _shown(cells[k].text()) if cells[k].error is None else "错误值或公式"
                self.add(sheet, row, f"第{get_column_letter(k + 1)}列在表格之外，读到「{shown}」（请只在白色单元格中填写）")


def _grade(text: str | None) -> str | None:
    if text is None:
        return None
    t = _head(text)
    for g in GRADES:
        if t == g:
            return g
    return None


def _key_text(cell: _Cell) -> str:
    return cell.text() if cell.error is None else ""


def _keyed_rows(book: _Book, ws: Worksheet, sheet: str, ncols: int, key_col: int, expected: dict[str, Any],
                seen: dict[str, Any], chk: _Checker) -> Iterator[tuple[int, list[_Cell], str, Any]]:
    """``(row, cells, 行标识, what it names)`` for each filled row whose 行标识 is known and new.

    Empty rows are skipped; text outside the table, and an empty, unknown or repeated
    行标识 are reported to ``chk`` and the row left out. The caller records kept rows in ``seen``.
    """
    for r in range(2, (ws.max_row or 1) + 1):
        cells = book.row(ws, r, ncols)
        if all(c.blank for c in cells):
            continue
        chk.outside(sheet, r, cells, ncols)
        key = _key_text(cells[key_col])
        if not key:
            chk.add(sheet, r, "「行标识」为空（请勿新增行或清除行标识）")
        elif key not in expected:
            chk.add(sheet, r, f"「行标识」「{_shown(key)}」在原文件中不存在（多出的行，或来自其他文件）")
        elif key in seen:
            chk.add(sheet, r, f"「行标识」「{key}」与第{seen[key].row}行重复")
        else:
            yield r, cells, key, expected[key]


def _read_indicators(book: _Book, ws: Worksheet, doc: Document, chk: _Checker) -> dict[str, _IndicatorRow] | None:
    sheet = SHEET_INDICATORS
    ncols = len(INDICATOR_HEADERS)
    if not chk.header(sheet, book.row(ws, 1, ncols), INDICATOR_HEADERS):
        return None
    expected = {_key(fi, ii): ind for fi, form in enumerate(doc.forms, start=1) for ii, ind in enumerate(form.indicators, start=1)}
    seen: dict[str, _IndicatorRow] = {}
    for r, cells, key, ind in _keyed_rows(book, ws, sheet, ncols, _I_KEY, expected, seen, chk):
        name = _key_text(cells[_I_NAME])
        if _norm(name) != _norm(ind.name):
            chk.add(sheet, r, f"「三级指标」应为「{_shown(_norm(ind.name))}」，读到「{_shown(name)}」（此行不属于这份原文件，或名称被改动）")
        actual = chk.text(sheet, r, "实际完成值", cells[_I_ACTUAL])
        grade_text = chk.text(sheet, r, "完成等级", cells[_I_GRADE])
        grade = _grade(grade_text)
        if grade_text is not None and grade is None:
            options = "」「".join(GRADES)
            chk.add(sheet, r, f"「完成等级」应为「{options}」之一，读到「{_shown(grade_text)}」")
        score = chk.number(sheet, r, "得分（可选）", cells[_I_SCORE])
        reason = chk.text(sheet, r, "偏差原因分析及改进措施", cells[_I_REASON])
        seen[key] = _IndicatorRow(r, actual, grade, score, reason)
    for key, ind in expected.items():
        if key not in seen:
            chk.add(sheet, None, f"缺少行标识为「{key}」的行（三级指标「{_shown(_norm(ind.name))}」；请勿删除行）")
    return seen


def _read_funds(book: _Book, ws: Worksheet, doc: Document, chk: _Checker) -> dict[str, _FundsRow] | None:
    sheet = SHEET_FUNDS
    ncols = len(FUNDS_HEADERS)
    if not chk.header(sheet, book.row(ws, 1, ncols), FUNDS_HEADERS):
        return None
    expected = {_key(fi): form for fi, form in enumerate(doc.forms, start=1)}
    seen: dict[str, _FundsRow] = {}
    for r, cells, key, form in _keyed_rows(book, ws, sheet, ncols, _F_KEY, expected, seen, chk):
        project = _key_text(cells[_F_PROJECT])
        if _norm(project) != _norm(form.project.name):
            chk.add(sheet, r, f"「项目名称」应为「{_shown(_norm(form.project.name))}」，读到「{_shown(project)}」（此行不属于这份原文件，或名称被改动）")
        unit = _key_text(cells[_F_UNIT])
        if unit not in ("万元", "元"):
            chk.add(sheet, r, f"「金额单位」应为「万元」或「元」，读到「{_shown(unit)}」" if unit else "「金额单位」为空，应为「万元」或「元」")
        budget = chk.number(sheet, r, "预算数", cells[_F_BUDGET])
        executed = chk.number(sheet, r, "执行数", cells[_F_EXECUTED])
        reason = chk.text(sheet, r, "执行偏差原因", cells[_F_REASON])
        seen[key] = _FundsRow(r, unit, budget, executed, reason)
    for key, form in expected.items():
        if key not in seen:
            chk.add(sheet, None, f"缺少行标识为「{key}」的行（项目「{_shown(_norm(form.project.name))}」；请勿删除行）")
    return seen


def _source_facts(book: _Book) -> dict[str, str]:
    """源文件 and 源文件 SHA-256 as 「填报说明」 states them (empty when the sheet is gone)."""
    if SHEET_GUIDE not in book.wb.sheetnames:
        return {}
    ws = book.wb[SHEET_GUIDE]
    out: dict[str, str] = {}
    for r in range(1, min(ws.max_row or 0, 50) + 1):
        label, value = ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value
        if label in ("源文件", "源文件 SHA-256") and value is not None:
            out[label] = str(value).strip()
    return out


def _name(doc: Document) -> str:
    return Path(doc.source.path).name if doc.source.path else "（未命名）"


def _yuan(x: float | None, unit: str) -> float | None:
    if x is None:
        return None
    return round(x * (10000.0 if unit == "万元" else 1.0), 2) + 0.0


def _fail(path: Path, problems: list[str]) -> ActualsError:
    n = len(problems)
    listed = problems[:MAX_LISTED]
    lines = "\n".join(f"  {p}" for p in listed)
    if n > MAX_LISTED:
        lines += f"\n  …另有{n - MAX_LISTED}处"
    return ActualsError(
        "actuals-invalid",
        f"实际完成值填报表有{n}处问题，未合并任何数据",
        f"the actuals workbook has {n} problem{'s' if n != 1 else ''}; nothing was merged",
        "请逐项改正后重试（灰色列、表头、行标识和行数不要改动）：\n" + lines,
        path=str(path),
        problems=problems,
    )


def read_actuals(path: str | os.PathLike[str], doc: Document) -> Document:
    """``doc`` with the actuals of the filled workbook at ``path`` merged, every form a self-evaluation.

    ``doc`` itself is not changed. Raises :class:`ActualsError` (a :class:`ReadError`,
    ``code`` ``actuals-unreadable`` or ``actuals-invalid``) listing every problem; then
    nothing is merged.
    """
    p = Path(path)
    book = _Book(p)
    chk = _Checker()
    sheets: dict[str, Worksheet | None] = {}
    for name in (SHEET_INDICATORS, SHEET_FUNDS):
        if name in book.wb.sheetnames:
            sheets[name] = book.wb[name]
        else:
            sheets[name] = None
            chk.add(name, None, f"工作表缺失（工作簿里只有「{'」「'.join(book.wb.sheetnames)}」；请勿删除或重命名工作表）")
    ws_i, ws_f = sheets[SHEET_INDICATORS], sheets[SHEET_FUNDS]
    indicators = _read_indicators(book, ws_i, doc, chk) if ws_i is not None else None
    funds = _read_funds(book, ws_f, doc, chk) if ws_f is not None else None
    facts = _source_facts(book)
    sha = facts.get("源文件 SHA-256")
    other_source = bool(sha) and sha != doc.source.sha256
    if chk.problems or indicators is None or funds is None:
        if other_source:
            chk.problems.insert(0, f"「{SHEET_GUIDE}」填报表生成自「{_shown(facts.get('源文件', '（未命名）'))}」（SHA-256 {sha[:12]}…），"
                                   f"不是「{_shown(_name(doc))}」（SHA-256 {doc.source.sha256[:12]}…）：可能用错了填报表或原文件")
        raise _fail(p, chk.problems)

    out = doc.model_copy(deep=True)
    for fi, form in enumerate(out.forms, start=1):
        form.kind = "self_evaluation"
        for ii, ind in enumerate(form.indicators, start=1):
            row = indicators[_key(fi, ii)]
            ind.actual = parse_value(row.actual) if row.actual else None
            ind.actual_grade = row.grade
            ind.score = row.score
            ind.deviation_reason = row.reason
        fr = funds[_key(fi)]
        form.funds.budget = _yuan(fr.budget, fr.unit)
        form.funds.executed = _yuan(fr.executed, fr.unit)
        if form.funds.unit_printed is None and (fr.budget is not None or fr.executed is not None):
            form.funds.unit_printed = fr.unit  # type: ignore[assignment]
        if fr.reason:
            form.project.extra[EXTRA_REASON] = fr.reason
        else:
            form.project.extra.pop(EXTRA_REASON, None)
    if other_source:
        out.warnings.append(Warning(
            code="actuals-other-source",
            message=f"填报表生成自另一份文件（SHA-256 {sha[:12]}…），各行的三级指标与本文件一致，已合并 / "
                    "the actuals workbook was made from another file; its indicators match this one, merged",
        ))
    return out
