"""The actuals workbook: ``write_template`` → filled in a spreadsheet → ``read_actuals``."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

import jixiao
from jixiao.errors import ReadError
from jixiao.model import Document
from jixiao.scoring.actuals import (
    FUNDS_HEADERS,
    GRADES,
    INDICATOR_HEADERS,
    SHEET_FUNDS,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    ActualsError,
    read_actuals,
    write_template,
)
from jixiao.values import format_value, parse_value

ROOT = Path(__file__).resolve().parent.parent
_SEED_NAME = "000_36237d3f1f8eb074.txt"
SEED = ROOT.parent / "shared" / "seeds" / _SEED_NAME
if not SEED.exists():  # the same file is kept in examples/
    SEED = ROOT / "examples" / _SEED_NAME
SELF_EVAL = ROOT / "tests" / "samples" / "s03_zhejiang_selfeval_10hao.txt"

INPUT_COLUMNS = {"H", "I", "J", "K"}
FUNDS_INPUT_COLUMNS = {"D", "E", "F"}


@pytest.fixture(scope="module")
def seed() -> Document:
    return jixiao.parse(SEED)


@pytest.fixture(scope="module")
def selfeval() -> Document:
    return jixiao.parse(SELF_EVAL)


@pytest.fixture
def template(tmp_path, seed) -> Path:
    return write_template(seed, tmp_path / "actuals.xlsx")


def edit(path: Path, fn) -> Path:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def problems_of(path: Path, doc: Document) -> list[str]:
    before = doc.model_dump()
    with pytest.raises(ReadError) as info:
        read_actuals(path, doc)
    err = info.value
    assert isinstance(err, ActualsError)
    assert err.code == "actuals-invalid"
    assert err.path == str(path)
    assert doc.model_dump() == before  # nothing merged
    for p in err.problems[:30]:
        assert f"\n  {p}" in err.message
    return err.problems


# ---------------------------------------------------------------------------------------
# the template


def test_template_sheets_and_headers(template, seed):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [SHEET_GUIDE, SHEET_INDICATORS, SHEET_FUNDS]
    assert [c.value for c in wb[SHEET_INDICATORS][1]] == list(INDICATOR_HEADERS)
    assert INDICATOR_HEADERS == (
        "表单序号", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值",
        "实际完成值", "完成等级", "得分（可选）", "偏差原因分析及改进措施", "行标识",
    )
    assert [c.value for c in wb[SHEET_FUNDS][1]] == list(FUNDS_HEADERS)
    assert FUNDS_HEADERS == ("表单序号", "项目名称", "金额单位", "预算数", "执行数", "执行偏差原因", "行标识")
    guide = [v for row in wb[SHEET_GUIDE].iter_rows(values_only=True) for v in row if v is not None]
    assert _SEED_NAME in guide
    assert seed.source.sha256 in guide
    text = "\n".join(map(str, guide))
    for needle in ("实际完成值", "完成等级", *GRADES, "万元", "灰色", "jixiao score 原文件 --actuals 本文件", "无密码"):
        assert needle in text
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2" or ws.title == SHEET_GUIDE


def test_template_one_row_per_indicator_in_order(template, seed):
    ws = openpyxl.load_workbook(template)[SHEET_INDICATORS]
    inds = seed.forms[0].indicators
    assert len(inds) == 63
    assert ws.max_row == 1 + len(inds)
    for n, ind in enumerate(inds, start=1):
        row = [c.value for c in ws[n + 1]]
        assert row[0] == 1
        assert row[1] == "城市日宣传推广"
        assert row[2:5] == [ind.level1, ind.level2, ind.name]
        assert row[5] == format_value(ind.target)
        assert row[6] is None  # the declaration prints no 分值
        assert row[7:11] == [None, None, None, None]
        assert row[11] == f"1-{n}"
    row11 = [c.value for c in ws[12]]
    assert row11[4] == "宣传品发放" and row11[5] == "≥5000册"
    assert ws["F2"].value == "=100%" and ws["F2"].data_type == "s"  # a target, not a formula
    funds = openpyxl.load_workbook(template)[SHEET_FUNDS]
    assert [c.value for c in funds[2]] == [1, "城市日宣传推广", "元", 2800000, None, None, "1"]
    assert funds.max_row == 2


def test_template_validations(template, seed):
    wb = openpyxl.load_workbook(template)
    n = len(seed.forms[0].indicators)
    dvs = wb[SHEET_INDICATORS].data_validations.dataValidation
    lists = [dv for dv in dvs if dv.type == "list"]
    assert len(lists) == 1
    assert str(lists[0].sqref) == f"I2:I{n + 1}"
    assert lists[0].formula1.strip('"').split(",") == list(GRADES)
    assert GRADES == ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")
    assert lists[0].showErrorMessage
    decimals = [dv for dv in dvs if dv.type == "decimal"]
    assert [(str(dv.sqref), dv.operator, dv.formula1) for dv in decimals] == [(f"J2:J{n + 1}", "greaterThanOrEqual", "0")]
    fdv = wb[SHEET_FUNDS].data_validations.dataValidation
    assert [(str(dv.sqref), dv.type, dv.operator, dv.formula1) for dv in fdv] == [("D2:E2", "decimal", "greaterThanOrEqual", "0")]


def test_template_locked_structure(template, seed):
    wb = openpyxl.load_workbook(template)
    assert wb.security.lockStructure
    for ws in wb.worksheets:
        assert ws.protection.sheet
        assert not ws.protection.password
    ws = wb[SHEET_INDICATORS]
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=len(INDICATOR_HEADERS)):
        for c in row:
            unlocked = c.row > 1 and c.column_letter in INPUT_COLUMNS
            assert c.protection.locked is (not unlocked), c.coordinate
            grey = c.fill.fill_type == "solid"
            assert grey is (not unlocked), c.coordinate
    assert ws.cell(row=ws.max_row + 1, column=8).protection.locked  # no room for extra rows
    fs = wb[SHEET_FUNDS]
    for c in fs[2]:
        assert c.protection.locked is (c.column_letter not in FUNDS_INPUT_COLUMNS), c.coordinate
    assert all(c.protection.locked for c in fs[1])
    assert all(c.protection.locked for row in wb[SHEET_GUIDE].iter_rows() for c in row)


def test_template_neutralises_formula_like_text(tmp_path, seed):
    doc = seed.model_copy(deep=True)
    doc.forms[0].project.name = "+cmd|' /C calc'!A0"
    doc.forms[0].indicators[0].name = '=HYPERLINK("http://example.invalid","点我")'
    doc.forms[0].indicators[1].level1 = "@SUM(1+1)"
    doc.forms[0].indicators[2].name = "-1+2"
    path = write_template(doc, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path)[SHEET_INDICATORS]
    for coord, text in (("E2", doc.forms[0].indicators[0].name), ("C3", "@SUM(1+1)"), ("E4", "-1+2"), ("B2", doc.forms[0].project.name)):
        assert ws[coord].value == text
        assert ws[coord].data_type == "s"
        assert ws[coord].quotePrefix
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    # and it still reads back against the same document
    back = read_actuals(path, doc)
    assert back.forms[0].indicators[0].name == doc.forms[0].indicators[0].name


def test_template_is_deterministic(tmp_path, seed):
    a = write_template(seed, tmp_path / "a.xlsx").read_bytes()
    b = write_template(seed, tmp_path / "b.xlsx").read_bytes()
    assert a == b


# ---------------------------------------------------------------------------------------
# round trips


def test_round_trip_filled(template, seed):
    def fill(wb):
        ws = wb[SHEET_INDICATORS]
        ws["H2"] = "100%"
        ws["I2"] = GRADES[0]
        ws["J2"] = 5
        ws["H3"] = 0.935  # a number typed as a percentage
        ws["H3"].number_format = "0.0%"
        ws["I3"] = GRADES[1]
        ws["J3"] = 4.5
        ws["K3"] = "年底部分合同尚未结算，下年度加快支付进度"
        ws["H12"] = 5200  # 宣传品发放: a plain number
        ws["J12"] = "  3.25 "  # a number kept as text
        ws["H13"] = 4800000.0
        ws["I13"] = GRADES[2]
        ws["J13"] = 0
        ws["K13"] = "  广告投放  推迟 "
        ws["H40"] = dt.datetime(2020, 10, 31)
        ws["H52"] = "显著提升"
        fs = wb[SHEET_FUNDS]
        fs["D2"] = 2750000.5
        fs["E2"] = "2,600,000"
        fs["F2"] = "部分活动因故取消"

    back = read_actuals(edit(template, fill), seed)
    assert seed.forms[0].kind == "declaration" and seed.forms[0].indicators[0].actual is None  # the input is untouched
    form = back.forms[0]
    assert form.kind == "self_evaluation"
    got = {
        n: (i.actual.raw if i.actual else None, i.actual_grade, i.score, i.deviation_reason)
        for n, i in enumerate(form.indicators, start=1)
        if i.actual or i.actual_grade or i.score is not None or i.deviation_reason
    }
    assert got == {
        1: ("100%", GRADES[0], 5.0, None),
        2: ("93.5%", GRADES[1], 4.5, "年底部分合同尚未结算，下年度加快支付进度"),
        11: ("5200", None, 3.25, None),
        12: ("4800000", GRADES[2], 0.0, "广告投放 推迟"),
        39: ("2020年10月31日", None, None, None),
        51: ("显著提升", None, None, None),
    }
    assert form.indicators[0].actual == parse_value("100%")
    assert form.indicators[1].actual.op == "=" and form.indicators[1].actual.value == 93.5 and form.indicators[1].actual.unit == "%"
    assert form.indicators[10].actual.value == 5200.0 and form.indicators[10].actual.unit is None
    assert form.indicators[38].actual.kind == "date"
    assert form.indicators[50].actual.kind == "text"
    assert form.funds.unit_printed == "元"
    assert form.funds.budget == 2750000.5
    assert form.funds.executed == 2600000.0
    assert form.funds.annual == seed.forms[0].funds.annual
    assert form.project.extra["执行偏差原因"] == "部分活动因故取消"
    # everything else is the declaration's
    assert [i.name for i in form.indicators] == [i.name for i in seed.forms[0].indicators]
    assert [i.target for i in form.indicators] == [i.target for i in seed.forms[0].indicators]
    assert back.source == seed.source and back.warnings == seed.warnings


def test_round_trip_untouched_declaration(template, seed):
    back = read_actuals(template, seed)
    form = back.forms[0]
    assert form.kind == "self_evaluation"
    assert all(i.actual is None and i.score is None and i.actual_grade is None and i.deviation_reason is None for i in form.indicators)
    assert form.funds.budget == 2800000.0  # pre-filled from 年度资金申请总额
    assert form.funds.executed is None
    assert "执行偏差原因" not in form.project.extra


def test_round_trip_in_wan_yuan(tmp_path, seed):
    doc = seed.model_copy(deep=True)
    doc.forms[0].funds.unit_printed = None  # no printed unit: the template asks in 万元
    path = write_template(doc, tmp_path / "w.xlsx")
    assert openpyxl.load_workbook(path)[SHEET_FUNDS]["C2"].value == "万元"

    def fill(wb):
        wb[SHEET_FUNDS]["D2"] = 280
        wb[SHEET_FUNDS]["E2"] = 263.4567

    back = read_actuals(edit(path, fill), doc)
    f = back.forms[0].funds
    assert (f.unit_printed, f.budget, f.executed) == ("万元", 2800000.0, 2634567.0)


def test_round_trip_self_evaluation_unchanged(tmp_path, selfeval):
    path = write_template(selfeval, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(path)[SHEET_FUNDS]
    assert [c.value for c in ws[2]] == [1, "农村供水保障工程维修养护", "万元", 480, 456, None, "1"]
    back = read_actuals(path, selfeval)
    for a, b in zip(back.forms[0].indicators, selfeval.forms[0].indicators, strict=True):
        assert (a.actual, a.score, a.deviation_reason, a.actual_grade) == (b.actual, b.score, b.deviation_reason, b.actual_grade)
    assert back.forms[0].indicators[1].actual.raw == "1420个"
    assert back.forms[0].indicators[1].score == 9.47
    assert back.forms[0].indicators[1].deviation_reason == "部分偏远山区村检测延后，下年度优先安排"
    assert back.forms[0].funds == selfeval.forms[0].funds
    assert back.model_dump() == selfeval.model_dump()


def test_blank_rows_are_ignored(template, seed):
    def fill(wb):
        ws = wb[SHEET_INDICATORS]
        ws.insert_rows(10, 2)  # two empty rows in the middle
        ws["H10"] = "   "
        ws.cell(row=ws.max_row + 3, column=11, value=" ")  # whitespace below the table
        ws["H11"].value = None
        ws["H12"] = "98%"  # the row that was row 10: 1-9 资金到位率

    back = read_actuals(edit(template, fill), seed)
    assert back.forms[0].indicators[8].actual.raw == "98%"


def test_source_from_another_file_warns(template, seed):
    doc = seed.model_copy(deep=True)
    doc.source.sha256 = "0" * 64  # the same form read from another copy (docx, pdf …)
    back = read_actuals(template, doc)
    assert [w.code for w in back.warnings] == ["actuals-other-source"]
    assert read_actuals(template, seed).warnings == []


# ---------------------------------------------------------------------------------------
# malformed workbooks: every problem with its sheet, row and column, nothing merged


def test_wrong_column_header(template, seed):
    def fill(wb):
        wb[SHEET_INDICATORS]["H1"] = "实际值"
        wb[SHEET_INDICATORS]["M1"] = "备注"
        wb[SHEET_FUNDS]["D1"] = None

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第1行第H列的表头应为「实际完成值」，读到「实际值」",
        "「指标实际完成值」第1行第M列多出表头「备注」（表头应为「表单序号｜项目名称｜一级指标｜二级指标｜三级指标｜年度指标值｜分值｜实际完成值｜完成等级｜得分（可选）｜偏差原因分析及改进措施｜行标识」）",
        "「预算执行」第1行第D列的表头应为「预算数」，读到空白",
    ]


def test_reordered_columns(template, seed):
    def fill(wb):
        ws = wb[SHEET_INDICATORS]
        for r in range(1, ws.max_row + 1):
            ws.cell(row=r, column=8).value, ws.cell(row=r, column=10).value = ws.cell(row=r, column=10).value, ws.cell(row=r, column=8).value

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第1行第H列的表头应为「实际完成值」，读到「得分（可选）」",
        "「指标实际完成值」第1行第J列的表头应为「得分（可选）」，读到「实际完成值」",
    ]


def test_header_width_forms_are_accepted(template, seed):
    edit(template, lambda wb: wb[SHEET_INDICATORS].cell(row=1, column=10, value=" 得分(可选) "))
    assert read_actuals(template, seed).forms[0].kind == "self_evaluation"


def test_text_in_number_cells(template, seed):
    def fill(wb):
        wb[SHEET_INDICATORS]["J7"] = "九十"
        wb[SHEET_INDICATORS]["J8"] = "9.5分"
        wb[SHEET_FUNDS]["D2"] = "约280万"
        wb[SHEET_FUNDS]["E2"] = True

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第7行「得分（可选）」应为数字，读到「九十」",
        "「指标实际完成值」第8行「得分（可选）」应为数字，读到「9.5分」",
        "「预算执行」第2行「预算数」应为数字，读到「约280万」",
        "「预算执行」第2行「执行数」应为数字，读到「是」",
    ]


def test_negative_numbers_and_bad_grade(template, seed):
    def fill(wb):
        wb[SHEET_INDICATORS]["J5"] = -1
        wb[SHEET_INDICATORS]["I6"] = "基本达成"
        wb[SHEET_INDICATORS]["I9"] = " 达成年度指标 "  # spaces around a grade are fine
        wb[SHEET_FUNDS]["E2"] = "-5"

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第5行「得分（可选）」不能为负数，读到「-1」",
        "「指标实际完成值」第6行「完成等级」应为「达成年度指标」「部分达成年度指标并具有一定效果」「未达成年度指标且效果较差」之一，读到「基本达成」",
        "「预算执行」第2行「执行数」不能为负数，读到「-5」",
    ]


def test_extra_row_with_unknown_key(template, seed):
    def fill(wb):
        ws = wb[SHEET_INDICATORS]
        ws.append([1, "城市日宣传推广", "产出目标", "数量", "新增指标", "≥1次", None, "2次", None, None, None, "1-64"])
        ws.append([None, None, None, None, None, None, None, "3次"])
        wb[SHEET_FUNDS].append([2, "另一个项目", "万元", 10, 9, None, "2"])

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第65行「行标识」「1-64」在原文件中不存在（多出的行，或来自其他文件）",
        "「指标实际完成值」第66行「行标识」为空（请勿新增行或清除行标识）",
        "「预算执行」第3行「行标识」「2」在原文件中不存在（多出的行，或来自其他文件）",
    ]


def test_duplicated_row(template, seed):
    def fill(wb):
        ws = wb[SHEET_INDICATORS]
        ws.append([c.value for c in ws[3]])

    assert problems_of(edit(template, fill), seed) == ["「指标实际完成值」第65行「行标识」「1-2」与第3行重复"]


def test_deleted_rows(template, seed):
    def fill(wb):
        wb[SHEET_INDICATORS].delete_rows(5)
        wb[SHEET_FUNDS].delete_rows(2)

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」缺少行标识为「1-4」的行（三级指标「财务管理制度健全性」；请勿删除行）",
        "「预算执行」缺少行标识为「1」的行（项目「城市日宣传推广」；请勿删除行）",
    ]


def test_changed_names(template, seed):
    def fill(wb):
        wb[SHEET_INDICATORS]["E3"] = "预算执行率（改）"
        wb[SHEET_FUNDS]["B2"] = "农村供水保障工程维修养护"

    assert problems_of(edit(template, fill), seed) == [
        "「指标实际完成值」第3行「三级指标」应为「预算执行率」，读到「预算执行率（改）」（此行不属于这份原文件，或名称被改动）",
        "「预算执行」第2行「项目名称」应为「城市日宣传推广」，读到「农村供水保障工程维修养护」（此行不属于这份原文件，或名称被改动）",
    ]


def test_sheet_of_another_file(tmp_path, seed, selfeval):
    path = write_template(selfeval, tmp_path / "other.xlsx")
    problems = problems_of(path, seed)
    assert problems[0] == (
        "「填报说明」填报表生成自「s03_zhejiang_selfeval_10hao.txt」（SHA-256 7084f1ace07d…），"
        "不是「000_36237d3f1f8eb074.txt」（SHA-256 4e239193d20c…）：可能用错了填报表或原文件"
    )
    assert problems[1] == "「指标实际完成值」第2行「三级指标」应为「预算资金到位率」，读到「维修养护农村供水工程」（此行不属于这份原文件，或名称被改动）"
    assert problems[8] == "「指标实际完成值」缺少行标识为「1-8」的行（三级指标「项目管理制度健全性」；请勿删除行）"
    assert problems[-1] == "「预算执行」第2行「项目名称」应为「城市日宣传推广」，读到「农村供水保障工程维修养护」（此行不属于这份原文件，或名称被改动）"
    assert len(problems) == 1 + 7 + 56 + 1
    with pytest.raises(ActualsError) as info:
        read_actuals(path, seed)
    message = info.value.message
    assert message.startswith(f"{path}：实际完成值填报表有65处问题，未合并任何数据 / the actuals workbook has 65 problems; nothing was merged。")
    assert message.endswith("\n  …另有35处")
    assert message.count("\n  「") == 30


def test_text_outside_the_table(template, seed):
    edit(template, lambda wb: wb[SHEET_INDICATORS].cell(row=4, column=14, value="备注：待核实"))
    assert problems_of(template, seed) == ["「指标实际完成值」第4行第N列在表格之外，读到「备注：待核实」（请只在白色单元格中填写）"]


def test_formula_without_result(template, seed):
    edit(template, lambda wb: wb[SHEET_INDICATORS].cell(row=2, column=10, value="=1+2"))
    assert problems_of(template, seed) == [
        "「指标实际完成值」第2行「得分（可选）」是公式，但文件里没有保存计算结果（请直接填写数值，或在 Excel 中重新计算后保存）",
    ]


def test_missing_sheet(template, seed):
    def fill(wb):
        del wb[SHEET_FUNDS]

    assert problems_of(edit(template, fill), seed) == [
        "「预算执行」工作表缺失（工作簿里只有「填报说明」「指标实际完成值」；请勿删除或重命名工作表）",
    ]


@pytest.mark.parametrize(("content", "what"), [
    (b"\xe9\xa1\xb9\xe7\x9b\xae\xe5\x90\x8d\xe7\xa7\xb0,\xe5\xae\x9e\xe9\x99\x85\xe5\xae\x8c\xe6\x88\x90\xe5\x80\xbc\n", "不是 XLSX 文件"),
    (b"", "不是 XLSX 文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "这是旧版 Excel（.xls）或其他 OLE 文件，不是 XLSX"),
    (b"PK\x03\x04broken", "文件已损坏或不是 XLSX 工作簿"),
])
def test_not_an_xlsx(tmp_path, seed, content, what):
    path = tmp_path / "actuals.xlsx"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_actuals(path, seed)
    err = info.value
    assert err.code == "actuals-unreadable"
    assert err.path == str(path)
    assert err.zh == f"无法读取实际完成值填报表：{what}"
    assert err.message.startswith(f"{path}：无法读取实际完成值填报表：{what} / ")


def test_missing_file(tmp_path, seed):
    with pytest.raises(ReadError) as info:
        read_actuals(tmp_path / "nope.xlsx", seed)
    assert info.value.code == "actuals-unreadable"
    assert info.value.zh == "无法读取实际完成值填报表：找不到或无法打开文件"


def test_several_forms(tmp_path, seed, selfeval):
    doc = seed.model_copy(deep=True)
    second = selfeval.forms[0].model_copy(deep=True)
    empty = seed.forms[0].model_copy(deep=True, update={"kind": "department_overall", "indicators": []})
    empty.project.name = "部门整体"
    empty.funds.unit_printed = None
    empty.funds.annual = None
    doc.forms += [second, empty]
    path = write_template(doc, tmp_path / "multi.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_INDICATORS]
    assert ws.max_row == 1 + 63 + 7
    assert [ws.cell(row=r, column=12).value for r in (64, 65, 71)] == ["1-63", "2-1", "2-7"]
    assert [ws.cell(row=r, column=1).value for r in (64, 65)] == [1, 2]
    assert [[c.value for c in row] for row in wb[SHEET_FUNDS].iter_rows(min_row=2)] == [
        [1, "城市日宣传推广", "元", 2800000, None, None, "1"],
        [2, "农村供水保障工程维修养护", "万元", 480, 456, None, "2"],
        [3, "部门整体", "万元", None, None, None, "3"],
    ]

    def fill(wb):
        wb[SHEET_INDICATORS]["H71"] = "95%"
        wb[SHEET_FUNDS]["D4"] = 12.5
        wb[SHEET_FUNDS]["F3"] = "结余资金上缴"

    back = read_actuals(edit(path, fill), doc)
    assert [f.kind for f in back.forms] == ["self_evaluation"] * 3
    assert back.forms[1].indicators[6].actual.raw == "95%"
    assert back.forms[1].project.extra["执行偏差原因"] == "结余资金上缴"
    assert (back.forms[2].funds.unit_printed, back.forms[2].funds.budget, back.forms[2].funds.executed) == ("万元", 125000.0, None)
    assert back.forms[0].indicators == read_actuals(write_template(seed, tmp_path / "one.xlsx"), seed).forms[0].indicators
