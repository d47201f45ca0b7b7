"""Export to the official layouts: xlsx, docx, pdf, csv, json — and reading them back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn

import jixiao
from jixiao.export import (
    ExportError,
    export,
    write_csv,
    write_docx,
    write_json,
    write_pdf,
    write_xlsx,
)
from jixiao.export.csv import COLUMNS, neutralise
from jixiao.export.layout import (
    amount_text,
    layout_document,
    sheet_names,
    to_grid,
    wrap_safe,
)
from jixiao.model import Document, Form, Funds, Indicator, Project, Source
from jixiao.recognize import recognize
from jixiao.values import parse_value

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
S000 = EX / "000_36237d3f1f8eb074.txt"
S001 = EX / "001_d4da09846475aa3c.txt"
S004 = EX / "004_118172d649d3c167.txt"
EXAMPLES = sorted(EX.glob("*.txt"))
SAMPLES = sorted(p for p in (ROOT / "tests" / "samples").glob("s[0-9][0-9]_*") if p.suffix in (".txt", ".md"))

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score",
                  "target_longterm", "deviation_reason")


def same_model(a: Document, title: str | None, forms: list[Form]) -> list[str]:
    """Every difference between a document and what was read back (positions and warnings aside)."""
    out: list[str] = []
    if a.title != title:
        out.append(f"title {a.title!r} != {title!r}")
    if len(a.forms) != len(forms):
        out.append(f"forms {len(a.forms)} != {len(forms)}")
    for i, (fa, fb) in enumerate(zip(a.forms, forms)):
        da, db = fa.model_dump(mode="json"), fb.model_dump(mode="json")
        out += [f"forms[{i}].{k}: {da[k]!r} != {db[k]!r}" for k in FORM_KEYS if da[k] != db[k]]
        if len(da["indicators"]) != len(db["indicators"]):
            out.append(f"forms[{i}].indicators {len(da['indicators'])} != {len(db['indicators'])}")
        for j, (ia, ib) in enumerate(zip(da["indicators"], db["indicators"])):
            out += [f"forms[{i}].indicators[{j}].{k}: {ia[k]!r} != {ib[k]!r}" for k in INDICATOR_KEYS if ia[k] != ib[k]]
    return out


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], check=False, capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=300, env=env)


@pytest.fixture(scope="module")
def doc001() -> Document:
    return jixiao.parse(S001)


@pytest.fixture(scope="module")
def xlsx001(doc001: Document, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "001.xlsx"
    write_xlsx(doc001, path)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def docx001(doc001: Document, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("docx") / "001.docx"
    write_docx(doc001, path)
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def pdf001(doc001: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "001.pdf"
    write_pdf(doc001, path)
    return path


def injection_doc() -> Document:
    """A model whose texts a spreadsheet would run as formulas."""
    names = ["=1+1", "@SUM(A1)", "-2", "+3", "普通指标"]
    return Document(
        source=Source(path="evil.txt", sha256="0" * 64, format="text"),
        title="=HYPERLINK(\"http://x\")",
        forms=[Form(kind="declaration", fiscal_year=2024,
                    project=Project(name="=cmd|' /C calc'!A0", department="@dept", implementing_unit="-unit"),
                    funds=Funds(unit_printed="元", annual=-5.0),
                    indicators=[Indicator(level1="产出指标", level2="数量指标", name=n, category="产出指标",
                                          subcategory="数量指标", target=parse_value("=100%" if k == 0 else "-2"))
                                for k, n in enumerate(names)])],
    )


# ------------------------------------------------------------------------------------
# the layout itself: read back through the recognizer, no file format involved


@pytest.mark.parametrize("path", EXAMPLES + SAMPLES, ids=[p.stem[:3] for p in EXAMPLES + SAMPLES])
def test_layout_reads_back_as_the_same_model(path: Path) -> None:
    doc = jixiao.parse(path)
    title, forms, _ = recognize(to_grid(layout_document(doc)))
    assert same_model(doc, title, forms) == []


def test_layout_of_a_self_evaluation_follows_the_sichuan_form() -> None:
    doc = jixiao.parse(S004)
    lay = layout_document(doc)[0]
    rows: dict[int, list[str]] = {}
    for c in sorted(lay.cells, key=lambda c: (c.row, c.col)):
        rows.setdefault(c.row, []).append(c.text)
    assert lay.preamble == [("2022年50万元以上（含）特定目标类部门预算项目绩效目标自评", "heading"), ("(2022年度)", "year")]
    assert rows[0] == ["项目名称", "2022年媒体合作项目"]
    assert rows[1] == ["主管部门及代码", "109101", "实施单位", "攀枝花市区委宣传部"]
    assert rows[2] == ["项目预算执行情况（万元）", "预算数：", "100.00", "执行数：", "16.00"]
    assert rows[3] == ["其中：财政拨款", "100.00", "其中：财政拨款", "16.00"]
    assert rows[4] == ["其他资金", "", "其他资金", ""]
    assert rows[5] == ["年度总体目标完成情况", "预期目标", "目标实际完成情况"]
    assert rows[7] == ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值"]
    assert rows[8][:3] == ["完成指标", "数量指标", "完成各级媒体宣传报道"] and rows[8][-1] == "已完成"
    assert lay.value_columns == ["target", "actual"]


def test_amounts_print_in_the_unit_of_the_form() -> None:
    assert amount_text(1102000.0, "元") == ("1,102,000.00", 1102000.0, "#,##0.00")
    assert amount_text(1145600.0, "万元") == ("114.56", 114.56, "#,##0.00")
    assert amount_text(1234.56, "万元") == ("0.123456", 0.123456, "#,##0.00####")
    assert amount_text(0.0, None) == ("0.00", 0.0, "#,##0.00")


def test_sheet_names_are_legal_and_unique() -> None:
    long = "一" * 40
    assert sheet_names(["城市日宣传推广", "a/b:c*d?[e]", "城市日宣传推广", None, long, long, "History"]) == [
        "城市日宣传推广", "a_b_c_d__e_", "城市日宣传推广(2)", "表4", "一" * 31, "一" * 28 + "(2)", "表7"]


def test_wrap_safe_ties_latin_punctuation_and_widens_spaces() -> None:
    assert wrap_safe("80%-90%") == "80\u2060%\u2060-\u206090\u2060%"
    assert wrap_safe("目标：1) 组织") == "目标：1\u2060)\u2002组织"
    assert wrap_safe("显著提升") == "显著提升"
    assert wrap_safe("x" * 30, limit=12) == "x" * 30


# ------------------------------------------------------------------------------------
# xlsx


def test_xlsx_one_sheet_per_form_named_after_the_project(xlsx001: openpyxl.Workbook, doc001: Document) -> None:
    assert xlsx001.sheetnames == [f.project.name for f in doc001.forms]
    assert xlsx001.sheetnames[:3] == ["城市日宣传推广", "城市日管理研究", "2024年“上海奖”工作"]


def test_xlsx_header_and_amounts_as_printed(xlsx001: openpyxl.Workbook) -> None:
    ws = xlsx001["城市日宣传推广"]
    assert ws["A1"].value == "上海世界城市日事务协调中心2024年度项目绩效目标汇总表"
    assert ws["A2"].value == "财政项目支出绩效目标申报表"
    assert ws["A3"].value == "(2024年度)"
    assert [ws.cell(4, k).value for k in range(1, 7)] == ["项目名称", "城市日宣传推广", "项目性质", "其他一次性项目", "项目类别", "特定目标类"]
    assert [ws.cell(5, k).value for k in range(1, 5)] == ["主管部门", "上海市住房和城乡建设管理委员会", "实施单位", "上海世界城市日事务协调中心"]
    assert [ws.cell(6, k).value for k in range(1, 5)] == ["计划开始日期", "2024-01-01", "计划完成日期", "2024-12-31"]
    assert [ws.cell(7, k).value for k in range(1, 5)] == ["项目资金（元）", "项目资金总额", None, "年度资金申请总额"]
    assert (ws["E7"].value, ws["E7"].number_format) == (1102000, "#,##0.00")
    assert (ws["D8"].value, ws["E8"].value, ws["D9"].value, ws["E9"].value) == ("其中：当年财政拨款", 1102000, "上年结转资金", 0)
    assert (ws["A11"].value, ws["B11"].value, ws["D11"].value) == ("项目绩效目标", "项目总目标", "年度总体目标")
    assert ws["D12"].value.startswith("根据上海市委、市政府对世界城市日展示中国式现代化生动现实图景")
    assert [ws.cell(13, k).value for k in range(1, 6)] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度(/项目)指标值"]


def test_xlsx_merged_groups(xlsx001: openpyxl.Workbook) -> None:
    ws = xlsx001["城市日宣传推广"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 一级: 成本指标 rows 14-19, 产出指标 20-30, 效益指标 31-38, 满意度指标 39-40
    assert {"B14:B19", "B20:B30", "B31:B38", "B39:B40"} <= merged
    assert [ws[c].value for c in ("B14", "B20", "B31", "B39")] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    # 二级 inside 成本指标: 经济成本 14-16, 社会成本 17-18, 生态环境成本 19 alone (not merged)
    assert {"C14:C16", "C17:C18"} <= merged and not any(r.startswith("C19") for r in merged)
    assert [ws[c].value for c in ("C14", "C17", "C19")] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
    # the side caption over the header and all 27 indicator rows; the title rows across the table
    assert {"A13:A40", "A1:F1", "A2:F2", "A3:F3", "A7:A10", "A11:A12", "D12:F12"} <= merged
    assert ws.max_row == 40


def test_xlsx_targets_are_the_raw_texts(xlsx001: openpyxl.Workbook, doc001: Document) -> None:
    ws = xlsx001["城市日宣传推广"]
    inds = doc001.forms[0].indicators
    assert [ws.cell(14 + n, 4).value for n in range(len(inds))] == [i.name for i in inds]
    assert [ws.cell(14 + n, 5).value for n in range(len(inds))] == [i.target.raw for i in inds]
    assert (ws["D20"].value, ws["E20"].value) == ("公众号信息每周更新次数", "≥3.00(次)")


def test_xlsx_style_and_print_setup(xlsx001: openpyxl.Workbook) -> None:
    for ws in xlsx001.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert ws.page_setup.orientation == "portrait"
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
    ws = xlsx001.worksheets[0]
    assert {k: ws.column_dimensions[k].width for k in "ABCDEF"} == {"A": 14, "B": 16, "C": 16, "D": 26, "E": 19, "F": 14}
    assert ws["A4"].font.b and ws["C4"].font.b and ws["B13"].font.b and ws["B14"].font.b
    assert not ws["B4"].font.b and not ws["D14"].font.b
    assert ws["A2"].font.b and ws["A2"].font.sz == 16
    assert ws["D12"].alignment.wrap_text and ws["B14"].alignment.vertical == "center"
    assert ws["A4"].border.left.style == "thin" and ws["F40"].border.bottom.style == "thin"
    assert ws.row_dimensions[12].height > ws.row_dimensions[14].height  # the long goal gets room


def test_xlsx_never_stores_a_formula(tmp_path: Path) -> None:
    path = write_xlsx(injection_doc(), tmp_path / "evil.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("=1+1", "@SUM(A1)", "-2", "+3", "=100%", "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert ws.title == "=cmd|' _C calc'!A0"


def test_xlsx_self_evaluation_columns_and_units(tmp_path: Path) -> None:
    doc = jixiao.parse(ROOT / "tests" / "samples" / "s03_zhejiang_selfeval_10hao.txt")
    ws = openpyxl.load_workbook(write_xlsx(doc, tmp_path / "s03.xlsx")).worksheets[0]
    header = next(r for r in ws.iter_rows(values_only=True) if r[1] == "一级指标")
    assert header == ("年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值", "分值", "得分", "偏差原因分析及改进措施")
    rows = list(ws.iter_rows(values_only=True))
    # the header rows keep six logical columns over the nine of the table: B:C, D, E:F, G:I
    assert next(r for r in rows if r[1] == "预算数：") == ("项目预算执行情况（万元）", "预算数：", None, 480, "执行数：", None, 456, None, None)
    assert next(r for r in rows if r[4] == "年度资金申请总额") == ("项目资金（万元）", "项目资金总额", None, None, "年度资金申请总额", None, 500, None, None)
    assert {"B9:C9", "E9:F9", "G9:I9", "B16:F16", "G16:I16", "B3:I3"} <= {str(r) for r in ws.merged_cells.ranges}
    assert [r[:2] for r in rows if r[0] in ("预算执行分值：", "预算执行率：", "预算执行得分：")] == [
        ("预算执行分值：", "10"), ("预算执行率：", "95.00%"), ("预算执行得分：", "9.50")]
    assert [ws.column_dimensions[k].width for k in "ABCDEFGHI"] == [14, 12, 13, 20, 19, 18, 9, 9, 18]


# ------------------------------------------------------------------------------------
# docx


def test_docx_one_table_and_section_per_form(docx001, doc001: Document) -> None:
    assert len(docx001.tables) == len(doc001.forms) == 10
    assert len(docx001.sections) == 10
    for s in docx001.sections:
        assert (round(s.page_width.mm), round(s.page_height.mm), s.orientation) == (210, 297, 0)
    assert all(s.start_type == WD_SECTION.NEW_PAGE for s in docx001.sections[1:])
    assert [p.text for p in docx001.paragraphs[:3]] == ["上海世界城市日事务协调中心2024年度项目绩效目标汇总表", "财政项目支出绩效目标申报表", "(2024年度)"]
    assert sum(p.text == "财政项目支出绩效目标申报表" for p in docx001.paragraphs) == 10
    assert sum(p.text == "上海世界城市日事务协调中心2024年度项目绩效目标汇总表" for p in docx001.paragraphs) == 1


def test_docx_merged_cells_and_texts(docx001) -> None:
    t = docx001.tables[0]
    assert (len(t.rows), len(t.columns)) == (37, 6)
    assert [t.cell(0, k).text for k in range(6)] == ["项目名称", "城市日宣传推广", "项目性质", "其他一次性项目", "项目类别", "特定目标类"]
    assert t.cell(3, 4).text == "1,102,000.00" and t.cell(3, 3).text == "年度资金申请总额"
    # 成本指标 spans table rows 10-15, 经济成本指标 rows 10-12; the caption spans rows 9-36
    assert all(t.cell(r, 1)._tc is t.cell(10, 1)._tc for r in range(10, 16)) and t.cell(16, 1)._tc is not t.cell(10, 1)._tc
    assert t.cell(10, 1).text == "成本指标" and t.cell(16, 1).text == "产出指标"
    assert t.cell(12, 2)._tc is t.cell(10, 2)._tc and t.cell(13, 2)._tc is not t.cell(10, 2)._tc
    assert t.cell(9, 0)._tc is t.cell(36, 0)._tc and t.cell(9, 0).text == "绩效指标"
    assert (t.cell(10, 3).text, t.cell(10, 4).text, t.cell(16, 4).text) == ("宣传品制作成本", "合理", "≥3.00(次)")


def test_docx_bold_labels_and_cjk_font(docx001) -> None:
    t = docx001.tables[0]
    assert t.cell(0, 0).paragraphs[0].runs[0].bold and t.cell(9, 1).paragraphs[0].runs[0].bold
    assert not t.cell(0, 1).paragraphs[0].runs[0].bold and not t.cell(10, 3).paragraphs[0].runs[0].bold
    fonts = docx001.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert docx001.paragraphs[1].runs[0].bold


# ------------------------------------------------------------------------------------
# pdf


def test_pdf_is_produced_with_the_forms(pdf001: Path) -> None:
    data = pdf001.read_bytes()
    assert data.startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf001)], capture_output=True, text=True, check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert 10 <= pages <= 30  # one or more A4 pages per form
    assert "x 841.89 pts (A4)" in info  # A4 portrait
    text = subprocess.run(["pdftotext", str(pdf001), "-"], capture_output=True, text=True, check=True).stdout
    assert "城市日宣传推广" in text
    assert text.count("财政项目支出绩效目标申报表") == 10
    assert "≥3.00(次)" in text and "宣传品制作成本" in text


def test_pdf_reads_back_as_the_same_model(pdf001: Path, doc001: Document) -> None:
    again = jixiao.parse(pdf001)
    assert again.source.format == "pdf"
    assert same_model(doc001, again.title, again.forms) == []


def test_pdf_without_libreoffice_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc001: Document) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE", str(tmp_path / "no-soffice"))
    with pytest.raises(ExportError) as err:
        write_pdf(doc001, tmp_path / "x.pdf")
    assert err.value.code == "needs-libreoffice"
    assert "LibreOffice" in err.value.message and "需要" in err.value.message
    assert not (tmp_path / "x.pdf").exists()


# ------------------------------------------------------------------------------------
# csv and json


def read_csv(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_one_row_per_indicator(tmp_path: Path) -> None:
    total = 0
    for path in EXAMPLES:
        raw, rows = read_csv(write_csv(jixiao.parse(path), tmp_path / f"{path.stem}.csv"))
        assert raw.startswith(b"\xef\xbb\xbf")
        assert rows[0] == COLUMNS
        total += len(rows) - 1
    assert total == 458


def test_csv_fields(tmp_path: Path, doc001: Document) -> None:
    _, rows = read_csv(write_csv(doc001, tmp_path / "001.csv"))
    head, first = rows[0], dict(zip(rows[0], rows[1]))
    assert head[:5] == ["source", "document_title", "form_index", "kind", "fiscal_year"]
    assert first["document_title"] == "上海世界城市日事务协调中心2024年度项目绩效目标汇总表"
    assert (first["form_index"], first["kind"], first["fiscal_year"], first["project_name"]) == ("1", "declaration", "2024", "城市日宣传推广")
    assert (first["department"], first["implementing_unit"], first["annual_funds_yuan"]) == ("上海市住房和城乡建设管理委员会", "上海世界城市日事务协调中心", "1102000")
    assert (first["level1"], first["level2"], first["name"], first["target_raw"]) == ("成本指标", "经济成本指标", "宣传品制作成本", "合理")
    assert first["where_line"] == "19"
    row = dict(zip(head, next(r for r in rows if r[head.index("name")] == "公众号信息每周更新次数")))
    assert (row["target_raw"], row["target_op"], row["target_value"], row["target_unit"], row["target_kind"]) == ("≥3.00(次)", ">=", "3", "次", "number")
    assert len({r[head.index("form_index")] for r in rows[1:]}) == 10


def test_csv_neutralises_formula_injection(tmp_path: Path) -> None:
    _, rows = read_csv(write_csv(injection_doc(), tmp_path / "evil.csv"))
    head = rows[0]
    names = [r[head.index("name")] for r in rows[1:]]
    assert names == ["'=1+1", "'@SUM(A1)", "'-2", "'+3", "普通指标"]
    first = dict(zip(head, rows[1]))
    assert first["document_title"] == "'=HYPERLINK(\"http://x\")"
    assert (first["project_name"], first["department"], first["implementing_unit"]) == ("'=cmd|' /C calc'!A0", "'@dept", "'-unit")
    assert first["target_raw"] == "'=100%"
    second = dict(zip(head, rows[2]))
    assert (second["target_raw"], second["target_value"]) == ("'-2", "-2")  # numbers stay numbers
    assert first["annual_funds_yuan"] == "-5"
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for r in rows for cell in r)
    assert (neutralise("\tx"), neutralise("\rx"), neutralise(1.5), neutralise(None)) == ("'\tx", "'\rx", "1.5", "")


def test_json_is_the_contract(tmp_path: Path, doc001: Document) -> None:
    path = write_json(doc001, tmp_path / "001.json")
    assert json.loads(path.read_text(encoding="utf-8")) == doc001.to_json_dict()
    r = run("parse", str(S001), "--json")
    assert json.loads(r.stdout) == json.loads(path.read_text(encoding="utf-8"))


def test_export_rejects_an_unknown_format(doc001: Document, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(doc001, "odt", tmp_path / "x.odt")


# ------------------------------------------------------------------------------------
# round trip through the files: model -> xlsx / docx -> read -> the same model


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
@pytest.mark.parametrize("path", EXAMPLES + SAMPLES, ids=[p.stem[:3] for p in EXAMPLES + SAMPLES])
def test_file_round_trip(path: Path, fmt: str, tmp_path: Path) -> None:
    doc = jixiao.parse(path)
    again = jixiao.parse(export(doc, fmt, tmp_path / f"{path.stem}.{fmt}"))
    assert again.source.format == fmt
    assert same_model(doc, again.title, again.forms) == []


# ------------------------------------------------------------------------------------
# the command line


def test_cli_export_writes_one_file_per_input(tmp_path: Path) -> None:
    r = run("export", str(S000), str(S004), "--to", "xlsx", "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["000_36237d3f1f8eb074.xlsx", "004_118172d649d3c167.xlsx"]
    assert "004_118172d649d3c167.xlsx（3 张表，18 个指标 / 3 forms, 18 indicators）" in r.stdout
    wb = openpyxl.load_workbook(tmp_path / "out" / "004_118172d649d3c167.xlsx")
    assert wb.sheetnames == ["2022年媒体合作项目", "创建全国文明城市", "仁和区重大对外宣传活动及重要外宣产品专项"]


def test_cli_export_defaults_to_the_current_folder_and_names_one_file(tmp_path: Path) -> None:
    r = run("export", str(S004), "--to", "csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["004_118172d649d3c167.csv"]
    r = run("export", str(S004), "--to", "docx", "--out", str(tmp_path / "sub" / "mine.docx"))
    assert r.returncode == 0, r.stderr
    assert len(docx.Document(str(tmp_path / "sub" / "mine.docx")).tables) == 3
    r = run("export", str(S004), str(S000), "--to", "json", "--out", str(tmp_path / "two.json"))
    assert r.returncode == 2
    assert "只能用于一个输入" in r.stderr


def test_cli_export_never_overwrites_its_input(tmp_path: Path) -> None:
    src = tmp_path / "a.xlsx"
    write_xlsx(jixiao.parse(S004), src)
    before = src.read_bytes()
    r = run("export", str(src), "--to", "xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert src.read_bytes() == before
    assert (tmp_path / "a-2.xlsx").exists()


def test_cli_export_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run("export", str(empty), str(S004), str(tmp_path / "missing.txt"), "--to", "json", "--out", str(tmp_path / "o"))
    assert r.returncode == 1
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["004_118172d649d3c167.json"]
    assert f"✗ {empty}：文件为空 / the file is empty" in r.stderr
    assert "missing.txt：文件不存在 / no such file" in r.stderr
    assert "2 个文件导出失败，1 个成功 / 2 failed, 1 exported" in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_export_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    r = run("export", str(S004), "--to", "odt", cwd=tmp_path)
    assert r.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_cli_pdf_without_libreoffice(tmp_path: Path) -> None:
    env = dict(os.environ, JIXIAO_SOFFICE=str(tmp_path / "no-soffice"))
    r = run("export", str(S004), "--to", "pdf", cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert "导出 PDF 需要 LibreOffice" in r.stderr and "PDF export needs LibreOffice" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_pdf(tmp_path: Path) -> None:
    r = run("export", str(S004), "--to", "pdf", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    pdf = tmp_path / "004_118172d649d3c167.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "攀枝花市区委宣传部" in text and "年度绩效指标完成情况" in text and "2022年媒体合作项目" in text
