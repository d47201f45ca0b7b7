"""The Word reader: .docx natively, .doc through LibreOffice, against the hand-written goldens.

The fixtures (tests/fixtures/docx/, made by make_fixtures.py there) reproduce the official
layouts with real merged cells, filled with the goldens' content: a correct reader parses
them to the same model as the seed texts, field by field.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao
from goldens import field_differences as differences
from goldens import load_golden
from jixiao.errors import ReadError
from jixiao.readers import docx as docx_reader
from jixiao.readers import read_bytes

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "docx"
GOLDEN = ROOT / "tests" / "golden"

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score")

# fixture -> (seed, forms of the golden it reproduces, first indicator row of each table, table of each form)
CASES = {
    "shanghai_001.docx": ("001_d4da09846475aa3c", [0, 1, 2], 11, [1, 2, 3]),
    "shanghai_003.docx": ("003_ea31b5d267bb2ca2", [0, 1], 11, [1, 2]),
    "framed_003.docx": ("003_ea31b5d267bb2ca2", [2], 11, [2]),  # table 1 is the frame around it
    "sichuan_004.docx": ("004_118172d649d3c167", [0, 1, 2], 9, [1, 2, 3]),
    "shanghai_001.doc": ("001_d4da09846475aa3c", [0, 1, 2], 11, [1, 2, 3]),
    "sichuan_004.doc": ("004_118172d649d3c167", [0, 1, 2], 9, [1, 2, 3]),
}


def compare_with_golden(name: str) -> tuple[list[str], dict]:
    seed, forms, first_row, tables = CASES[name]
    golden = load_golden(seed)
    doc = jixiao.parse(FIX / name).to_json_dict()
    out = differences(golden["title"], doc["title"], "title")
    out += differences("docx", doc["source"]["format"], "source.format")
    if len(doc["forms"]) != len(forms):
        out.append(f"forms: expected {len(forms)}, got {len(doc['forms'])}")
    for k, (i, got) in enumerate(zip(forms, doc["forms"])):
        exp = golden["forms"][i]
        p = f"forms[{k}]({exp['project']['name']})"
        for key in FORM_KEYS:
            out += differences(exp[key], got[key], f"{p}.{key}")
        if len(exp["indicators"]) != len(got["indicators"]):
            out.append(f"{p}.indicators: expected {len(exp['indicators'])}, got {len(got['indicators'])}")
        for j, (a, b) in enumerate(zip(exp["indicators"], got["indicators"])):
            q = f"{p}.indicators[{j}]({a['name']})"
            for key in INDICATOR_KEYS:
                out += differences(a[key], b[key], f"{q}.{key}")
            # the 三级指标 cell: column 4 of the form's table, one row per indicator
            out += differences({"page": None, "line": None, "cell": f"表{tables[k]} 第{first_row + j}行第4列"}, b["where"], f"{q}.where")
    return out, doc


@pytest.mark.parametrize("name", list(CASES))
def test_fixture_parses_to_the_golden_forms(name: str) -> None:
    diffs, doc = compare_with_golden(name)
    assert not diffs, f"{len(diffs)} differences:\n" + "\n".join(diffs)
    assert all(i["where"]["cell"] for f in doc["forms"] for i in f["indicators"])


def test_word_doc_and_docx_give_the_same_model() -> None:
    a = jixiao.parse(FIX / "sichuan_004.docx").to_json_dict()
    b = jixiao.parse(FIX / "sichuan_004.doc").to_json_dict()
    assert a["forms"] == b["forms"] and a["title"] == b["title"]


# ---------------------------------------------------------------------------
# the grid conventions


def grid(name: str):
    return read_bytes((FIX / name).read_bytes())


def test_grid_of_merged_header_and_indicator_cells() -> None:
    g = grid("shanghai_001.docx")
    assert g.format == "docx" and g.regular_columns
    assert [r.cells[0].text for r in g.rows[:3]] == ["上海世界城市日事务协调中心2024年度项目绩效目标汇总表", "财政项目支出绩效目标申报表", "(2024年度)"]
    assert all(len(r.cells) == 1 and r.table is None and r.line is None and r.page is None for r in g.rows[:3])
    table = [r for r in g.rows if r.table == 1]
    assert {len(r.cells) for r in table} == {6}
    funds = table[3:7]
    # 项目资金 (元): wrapped over two paragraphs, merged over four rows
    assert [(c.text, c.rowspan, c.covered) for c in (r.cells[0] for r in funds)] == [("项目资金 (元)", 4, False)] + [("项目资金 (元)", 1, True)] * 3
    # 其中：财政资金 merged over two rows; the amount spans two grid columns
    assert [(c.text, c.covered) for c in funds[2].cells] == [
        ("项目资金 (元)", True), ("其中：财政资金", True), ("", True), ("上年结转资金", False), ("0.00", False), ("", True)]
    assert (funds[0].cells[4].text, funds[0].cells[4].colspan) == ("1,102,000.00", 2)
    # the long goal spans three columns
    goal = table[8]
    assert goal.cells[3].text.startswith("根据上海市委") and goal.cells[3].colspan == 3 and [c.covered for c in goal.cells[4:]] == [True, True]
    # indicator rows: 绩效指标 caption and the 一级/二级 labels repeated (covered) on every row of their group
    rows = table[10:]
    assert rows[0].texts()[:5] == ["绩效指标", "成本指标", "经济成本指标", "宣传品制作成本", "合理"]
    assert rows[1].texts()[:5] == ["绩效指标", "成本指标", "经济成本指标", "宣传投放成本", "合理"]
    assert [c.covered for c in rows[1].cells] == [True, True, True, False, False, True]
    assert rows[0].cells[1].rowspan == 6 and rows[0].cells[2].rowspan == 3
    assert rows[-2].texts()[2] == "服务对象满意度指标"  # wrapped label joined without a space
    assert rows[0].cells[3].ref == "表1 第11行第4列"


def test_grid_mechanics() -> None:
    """gridSpan, vMerge, legacy hMerge, gridBefore, content controls, hidden/deleted/inserted text, text boxes, nested tables."""
    g = grid("merges.docx")

    def show(row):
        return [(c.text, c.rowspan, c.colspan, c.covered) for c in row.cells]

    # a text box's text comes before its paragraph's (once, though Word stores it twice); a line break splits a paragraph
    assert [r.texts() for r in g.rows[:5]] == [["标题一"], ["框内标题"], ["框外"], ["第一行"], ["第二行"]]
    t1 = [r for r in g.rows if r.table == 1]
    assert show(t1[0]) == [("横向合并", 1, 2, False), ("", 1, 1, True), ("C", 1, 1, False), ("D", 1, 1, False)]
    assert show(t1[1]) == [("纵向合并", 3, 1, False), ("甲", 1, 1, False), ("乙", 1, 1, False), ("丙", 1, 1, False)]
    # hidden text and the deleted revision are not read, the inserted one is; the cell in a content control is
    assert show(t1[2]) == [("纵向合并", 1, 1, True), ("有效", 1, 1, False), ("≥95%", 1, 1, False), ("x", 1, 1, False)]
    # a nested table in a filled row is flattened into its cell; w:hMerge widens the cell on its left
    assert show(t1[3]) == [("纵向合并", 1, 1, True), ("丁内1 内2 内3 内4", 1, 1, False), ("横并", 1, 2, False), ("", 1, 1, True)]
    assert [c.ref for c in t1[3].cells] == ["表1 第4行第1列", "表1 第4行第2列", "表1 第4行第3列", "表1 第4行第4列"]
    t2 = [r for r in g.rows if r.table == 2]
    assert show(t2[1]) == [("", 1, 1, False), ("右", 1, 1, False), ("末", 1, 1, False)]  # w:gridBefore
    assert t1[0].gap_before and t2[0].gap_before and not t1[1].gap_before


def test_framed_form_reads_the_frame_as_the_body() -> None:
    g = grid("framed_003.docx")
    singles = [r.texts()[0] for r in g.rows if len(r.cells) == 1]
    assert singles[:3] == ["中共上海市委对外宣传办公室2024年度项目绩效目标汇总表", "财政项目支出绩效目标申报表", "(2024年度)"]
    assert {r.table for r in g.rows if len(r.cells) > 1} == {2}


def test_sichuan_wrapped_labels() -> None:
    g = grid("sichuan_004.docx")
    table = [r for r in g.rows if r.table == 1]
    assert table[2].texts()[:4] == ["项目预算执行情况（万元）", "预算数：", "100", "执行数："]
    assert table[3].texts()[1] == "其中：财政拨款"
    assert table[7].texts() == ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "预期指标值", "实际完成指标值"]
    social = next(r for r in table if r.texts()[2] == "社会效益指标")
    assert social.texts()[1] == "" and not social.cells[1].covered  # the row prints no 一级
    assert social.texts()[3] == "提升仁和城市形象"


# ---------------------------------------------------------------------------
# bad files: a clear error naming the file, and the batch goes on


@pytest.mark.parametrize(
    ("name", "code", "zh"),
    [
        ("truncated.docx", "corrupt", "压缩文件已损坏"),
        ("broken_xml.docx", "corrupt", "DOCX 文件已损坏，无法打开（word/document.xml 不是有效的 XML）"),
        ("encrypted.docx", "encrypted", "Office 文件设有打开密码（已加密）"),
        ("truncated.doc", "corrupt", "Office 文件已损坏，无法打开"),
    ],
)
def test_bad_word_files_are_clear_errors(name: str, code: str, zh: str) -> None:
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / name)
    err = info.value
    assert err.code == code
    assert err.message.startswith(f"{FIX / name}：{zh}")
    assert " / " in err.message and err.hint


def test_doc_without_libreoffice_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE", "")
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "sichuan_004.doc")
    err = info.value
    assert err.code == "needs-libreoffice"
    assert "请安装 LibreOffice，或在 Office/WPS 中另存为 .docx" in err.message and str(FIX / "sichuan_004.doc") in err.message


def test_doc_conversion_failure_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(fake))
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "sichuan_004.doc")
    assert info.value.code == "corrupt" and "LibreOffice could not convert it: Error: source file could not be loaded" in info.value.message


def test_doc_conversion_timeout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("JIXIAO_SOFFICE", str(fake))
    monkeypatch.setattr(docx_reader, "CONVERT_TIMEOUT", 1)
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "sichuan_004.doc")
    assert info.value.code == "conversion-failed" and "超时" in info.value.message


def test_oversized_package_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 10_000)
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "shanghai_001.docx")
    assert info.value.code == "too-large" and "解压后过大" in info.value.message
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "shanghai_001.docx", max_size=1000)
    assert info.value.code == "too-large" and str(FIX / "shanghai_001.docx") in info.value.message


def test_unreadable_body_is_corrupt_not_a_crash() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<?xml version='1.0'?><w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>")
    with pytest.raises(ReadError) as info:
        jixiao.parse(buf.getvalue(), name="x.docx")
    assert info.value.code == "corrupt" and "w:body" in info.value.message


def test_batch_goes_on_after_bad_word_files() -> None:
    files = [FIX / "truncated.docx", FIX / "encrypted.docx", FIX / "sichuan_004.docx", FIX / "broken_xml.docx"]
    r = subprocess.run([sys.executable, "-m", "jixiao", "parse", *map(str, files), "--json"],
                       check=False, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 1
    assert [len(d["forms"]) for d in json.loads(r.stdout)] == [3]
    assert "Traceback" not in r.stderr
    for f in (files[0], files[1], files[3]):
        assert re.search(re.escape(str(f)) + "：", r.stderr), f
