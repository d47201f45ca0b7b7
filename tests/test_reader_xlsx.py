"""The Excel readers (.xlsx with openpyxl, .xls with xlrd) against the hand-written goldens.

The fixtures (tests/fixtures/xlsx/, made by make_fixtures.py there) put the Shanghai
申报表 layout in worksheets with real merged ranges, number formats, dates, a formula,
hidden rows/columns/sheets; one form per sheet and several stacked on one sheet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pytest

import jixiao
from goldens import field_differences as differences
from goldens import load_golden
from jixiao.errors import ReadError
from jixiao.readers import read_bytes
from jixiao.readers import xlsx as xlsx_reader
from jixiao.readers.xlsx import format_datetime, format_number, read_xls

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "xlsx"
GOLDEN = ROOT / "tests" / "golden"
S001, S003 = "001_d4da09846475aa3c", "003_ea31b5d267bb2ca2"

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score")

# fixture stem -> (seed, golden forms, per form: (sheet reference, sheet index, 三级 column, first indicator row))
SHEETS_001 = [("城市日宣传推广", 1, "D", 15), ("城市日管理研究", 2, "E", 13), ("'2024年“上海奖”工作'", 3, "D", 13)]
STACKED_003 = [("汇总", 1, "D", 15), ("汇总", 1, "D", 51), ("汇总", 1, "D", 88)]
HIDDEN_001 = [("城市日宣传推广", 1, "D", 14)]
CASES = {
    "shanghai_001_sheets": (S001, [0, 1, 2], SHEETS_001),
    "shanghai_003_stacked": (S003, [0, 1, 2], STACKED_003),
    "hidden_001": (S001, [0], HIDDEN_001),
}
HIDDEN_ROW = 22  # the row hidden inside the 数量指标 group of hidden_001


def compare_with_golden(stem: str, ext: str) -> tuple[list[str], dict]:
    seed, forms, places = CASES[stem]
    golden = load_golden(seed)
    doc = jixiao.parse(FIX / f"{stem}.{ext}").to_json_dict()
    out = differences(golden["title"], doc["title"], "title")
    out += differences(ext, doc["source"]["format"], "source.format")
    if len(doc["forms"]) != len(forms):
        out.append(f"forms: expected {len(forms)}, got {len(doc['forms'])}")
    for k, (i, got) in enumerate(zip(forms, doc["forms"])):
        exp = golden["forms"][i]
        p = f"forms[{k}]({exp['project']['name']})"
        for key in FORM_KEYS:
            out += differences(exp[key], got[key], f"{p}.{key}")
        if len(exp["indicators"]) != len(got["indicators"]):
            out.append(f"{p}.indicators: expected {len(exp['indicators'])}, got {len(got['indicators'])}")
        sheet, index, col, row = places[k]
        for j, (a, b) in enumerate(zip(exp["indicators"], got["indicators"])):
            q = f"{p}.indicators[{j}]({a['name']})"
            for key in INDICATOR_KEYS:
                out += differences(a[key], b[key], f"{q}.{key}")
            if stem == "hidden_001" and row == HIDDEN_ROW:
                row += 1  # the hidden row is not read
            out += differences({"page": index, "line": row, "cell": f"{sheet}!{col}{row}"}, b["where"], f"{q}.where")
            row += 1
    return out, doc


@pytest.mark.parametrize("ext", ["xlsx", "xls"])
@pytest.mark.parametrize("stem", list(CASES))
def test_fixture_parses_to_the_golden_forms(stem: str, ext: str) -> None:
    diffs, doc = compare_with_golden(stem, ext)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs)
    assert all(i["where"]["cell"] for f in doc["forms"] for i in f["indicators"])


def test_xlsx_and_xls_give_the_same_model() -> None:
    for stem in CASES:
        a = jixiao.parse(FIX / f"{stem}.xlsx").to_json_dict()
        b = jixiao.parse(FIX / f"{stem}.xls").to_json_dict()
        assert a["forms"] == b["forms"], stem


# ---------------------------------------------------------------------------
# the grid conventions


def grid(name: str):
    return read_bytes((FIX / name).read_bytes())


@pytest.mark.parametrize("ext", ["xlsx", "xls"])
def test_grid_of_one_form_per_sheet(ext: str) -> None:
    g = grid(f"shanghai_001_sheets.{ext}")
    assert g.format == ext and g.regular_columns and g.warnings == []
    assert {len(r.cells) for r in g.rows} == {6}  # the form starting in column B is trimmed to its columns
    assert sorted({(r.page, r.table) for r in g.rows}) == [(1, 1), (2, 2), (3, 3)]
    first = g.rows[0]
    assert (first.line, first.page, first.gap_before) == (1, 1, True)
    assert [(c.text, c.covered, c.colspan) for c in first.cells[:2]] == [("上海世界城市日事务协调中心2024年度项目绩效目标汇总表", False, 6), ("", True, 1)]
    rows = {r.line: r for r in g.rows if r.page == 1}
    assert rows[3].gap_before and not rows[4].gap_before  # an empty row above the heading
    assert rows[7].texts()[:4] == ["计划开始日期", "2024-01-01", "计划完成日期", "2024-12-31"]  # real dates
    assert rows[8].texts() == ["项目资金 (元)", "项目资金总额", "", "年度资金申请总额", "1,102,000.00", ""]  # #,##0.00
    assert [(c.text, c.covered) for c in rows[10].cells[:3]] == [("项目资金 (元)", True), ("其中：财政资金", True), ("", True)]
    assert (rows[8].cells[0].rowspan, rows[9].cells[1].rowspan) == (4, 2)
    assert rows[16].texts()[:4] == ["绩效指标", "成本指标", "经济成本指标", "宣传投放成本"]
    assert [c.covered for c in rows[16].cells] == [True, True, True, False, False, True]
    assert rows[16].cells[3].ref == "城市日宣传推广!D16" and rows[16].cells[3].line == 16 and rows[16].cells[3].page == 1
    second = [r for r in g.rows if r.page == 2]
    assert second[0].cells[0].ref == "城市日管理研究!B1"
    third = [r for r in g.rows if r.page == 3]
    assert third[0].cells[0].ref == "'2024年“上海奖”工作'!A1"


@pytest.mark.parametrize("ext", ["xlsx", "xls"])
def test_grid_of_forms_stacked_on_one_sheet(ext: str) -> None:
    g = grid(f"shanghai_003_stacked.{ext}")
    assert {r.page for r in g.rows} == {1}
    starts = [(r.line, r.table, r.texts()[0]) for r in g.rows if r.gap_before]
    assert starts == [(1, 1, "中共上海市委对外宣传办公室2024年度项目绩效目标汇总表"), (3, 1, "财政项目支出绩效目标申报表"),
                      (39, 2, "财政项目支出绩效目标申报表"), (76, 3, "财政项目支出绩效目标申报表")]


def test_formulas_read_their_cached_values() -> None:
    import openpyxl

    wb = openpyxl.load_workbook(FIX / "shanghai_003_stacked.xlsx")
    assert wb["汇总"]["E8"].value == "=E9+E10"
    g = grid("shanghai_003_stacked.xlsx")
    assert next(r for r in g.rows if r.line == 8).texts()[4] == "1,017,000.00"


@pytest.mark.parametrize("ext", ["xlsx", "xls"])
def test_hidden_rows_columns_and_sheets_are_not_read(ext: str) -> None:
    g = grid(f"hidden_001.{ext}")
    texts = " ".join(t for r in g.rows for t in r.texts())
    assert "隐藏行中的指标" not in texts and "内部备注" not in texts and "城市日管理研究" not in texts
    assert HIDDEN_ROW not in {r.line for r in g.rows}
    assert {r.page for r in g.rows} == {1} and {len(r.cells) for r in g.rows} == {6}
    assert [(code, line) for code, _, line in g.warnings] == [("hidden-skipped", HIDDEN_ROW), ("hidden-skipped", None)]
    assert "隐藏行（第22行）和隐藏列（G列）" in g.warnings[0][1] and "「草稿」已隐藏" in g.warnings[1][1]
    names = [i.name for f in jixiao.parse(FIX / f"hidden_001.{ext}").forms for i in f.indicators]
    assert len(names) == 27 and "隐藏行中的指标（不应读出）" not in names


# ---------------------------------------------------------------------------
# values as Excel shows them


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1102000, "#,##0.00", "1,102,000.00"),
        (1102000.0, "General", "1102000"),
        (114.56, "General", "114.56"),
        (0.1 + 0.2, "General", "0.3"),
        (0.95, "0%", "95%"),
        (0.955, "0.0%", "95.5%"),
        (0.035, "0.00%", "3.50%"),
        (2.5, "0", "3"),
        (3.14159, "0.00", "3.14"),
        (0, "#,##0.00", "0.00"),
        (-1234.5, "#,##0.00", "-1,234.50"),
        (-1234.5, "#,##0.00_);[Red]\\(#,##0.00\\)", "(1,234.50)"),
        (5, "0.00_ ", "5.00"),
        (100, '#,##0"元"', "100元"),
        (45, '0"%"', "45%"),
        (12, "[$¥-804]#,##0.00", "¥12.00"),
        (0.5, "#.00", ".50"),
        (1234567, "#,##0,", "1,235"),
        (7, "000", "007"),
        (1.5, "0.##", "1.5"),
        (12, "@", "12"),
        (1e20, "General", "1E+20"),
        (True, "General", "TRUE"),
    ],
)
def test_number_formats(value, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_dates_and_times() -> None:
    assert format_datetime(datetime(2024, 1, 1)) == "2024-01-01"
    assert format_datetime(date(2024, 12, 31)) == "2024-12-31"
    assert format_datetime(datetime(2024, 1, 1, 8, 30)) == "2024-01-01 08:30"
    assert format_datetime(time(9, 5)) == "09:05"


# ---------------------------------------------------------------------------
# bad files: a clear error naming the file, and the batch goes on


@pytest.mark.parametrize(
    ("name", "code", "zh"),
    [
        ("truncated.xlsx", "corrupt", "压缩文件已损坏"),
        ("broken_xml.xlsx", "corrupt", "XLSX 文件已损坏，无法打开（工作簿内容无法解析）"),
        ("encrypted.xlsx", "encrypted", "Office 文件设有打开密码（已加密）"),
        ("truncated.xls", "corrupt", "Office 文件已损坏，无法打开"),
    ],
)
def test_bad_excel_files_are_clear_errors(name: str, code: str, zh: str) -> None:
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / name)
    err = info.value
    assert err.code == code
    assert err.message.startswith(f"{FIX / name}：{zh}")
    assert " / " in err.message and err.hint


def test_a_word_document_is_not_a_workbook() -> None:
    data = (ROOT / "tests" / "fixtures" / "docx" / "sichuan_004.doc").read_bytes()
    with pytest.raises(ReadError) as info:
        read_xls(data)
    assert info.value.code == "corrupt" and "这是 Word 文档而不是 Excel 工作簿" in info.value.message


@pytest.mark.parametrize("ext", ["xlsx", "xls"])
def test_too_many_cells_is_refused(ext: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 100)
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / f"shanghai_001_sheets.{ext}")
    assert info.value.code == "too-large" and "单元格过多" in info.value.message


def test_batch_goes_on_after_bad_excel_files() -> None:
    files = [FIX / "encrypted.xlsx", FIX / "shanghai_001_sheets.xls", FIX / "truncated.xls", FIX / "broken_xml.xlsx", FIX / "hidden_001.xlsx"]
    r = subprocess.run([sys.executable, "-m", "jixiao", "parse", *map(str, files), "--json"],
                       check=False, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 1
    assert [len(d["forms"]) for d in json.loads(r.stdout)] == [3, 1]
    assert "Traceback" not in r.stderr
    for f in (files[0], files[2], files[3]):
        assert f"{f}：" in r.stderr, f


def test_a_merged_range_to_the_end_of_the_sheet_is_cut_to_the_used_area() -> None:
    """``A:A`` merged would make openpyxl build a million cells: the range is cut to the cells in use."""
    import io
    import re
    import time
    import zipfile

    src = (FIX / "shanghai_001_sheets.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # the 绩效指标 caption merged to the last row
                body, n = re.subn(rb'ref="A14:A\d+"', b'ref="A14:A1048576"', body)
                assert n == 1
            zout.writestr(info, body)
    start = time.monotonic()
    g = read_bytes(out.getvalue())
    assert time.monotonic() - start < 10
    sheet1 = [r for r in g.rows if r.page == 1]
    assert sheet1[-1].line == 41 and sheet1[-1].texts()[:4] == ["绩效指标", "满意度指标", "服务对象满意度指标", "活动参与满意度"]
    assert len(jixiao.parse(out.getvalue(), name="x.xlsx").forms[0].indicators) == 27
