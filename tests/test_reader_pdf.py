"""The PDF reader against the hand-written goldens, and its errors.

The fixtures (tests/fixtures/pdf/, made by make_fixtures.py there with python-docx and
LibreOffice) reproduce the Shanghai 财政项目支出绩效目标申报表 layout filled with the content
of forms of seeds 001 and 003: merged 一级/二级 cells, a ``绩效指标`` side caption, wrapped
cells, tables running over pages (with and without a repeated header row), forms among the
other pages of a 部门预算, an unruled variant and a rotated page. A correct reader parses them
to the same model as the seed texts, field by field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from goldens import field_differences as differences
from goldens import load_golden as golden
from jixiao.errors import ReadError
from jixiao.grid import Grid, Row
from jixiao.readers import detect_format, read_bytes
from jixiao.readers import pdf as pdf_reader

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "pdf"
GOLDEN = ROOT / "tests" / "golden"
S001 = "001_d4da09846475aa3c"
S003 = "003_ea31b5d267bb2ca2"

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score")

# fixture -> (seed, the golden forms it reproduces, expected title: None = the golden's)
CASES = {
    "sh001_forms.pdf": (S001, [0, 6, 8], None),
    "budget003.pdf": (S003, [0, 3], None),
    "rowsplit001.pdf": (S001, [6, 2], None),
    "unruled001.pdf": (S001, [3], None),
    "unruled_centred001.pdf": (S001, [0], "财政项目支出绩效目标申报表"),
    "rotated001.pdf": (S001, [8], "财政项目支出绩效目标申报表"),
    "restricted.pdf": (S001, [8], "财政项目支出绩效目标申报表"),
}


def grid_of(name: str) -> Grid:
    return pdf_reader.read_pdf((FIX / name).read_bytes())


def table_rows(grid: Grid, page: int | None = None) -> list[Row]:
    return [r for r in grid.rows if r.table is not None and (page is None or r.page == page)]


def texts(row: Row) -> list[str]:
    return [c.text for c in row.cells]


# ---- the model: the same as the seed texts ----------------------------------------------

@pytest.mark.parametrize("name", sorted(CASES))
def test_pdf_parses_to_the_golden_forms(name: str) -> None:
    seed, forms, title = CASES[name]
    expected = golden(seed)
    doc = jixiao.parse(FIX / name).to_json_dict()
    out = differences(expected["title"] if title is None else title, doc["title"], "title")
    out += differences("pdf", doc["source"]["format"], "source.format")
    if len(doc["forms"]) != len(forms):
        out.append(f"forms: expected {len(forms)}, got {len(doc['forms'])}")
    for got, index in zip(doc["forms"], forms):
        e = expected["forms"][index]
        p = f"forms[{index}]({e['project']['name']})"
        for k in FORM_KEYS:
            out += differences(e[k], got[k], f"{p}.{k}")
        if len(e["indicators"]) != len(got["indicators"]):
            out.append(f"{p}.indicators: expected {len(e['indicators'])}, got {len(got['indicators'])}")
        for j, (a, b) in enumerate(zip(e["indicators"], got["indicators"])):
            q = f"{p}.indicators[{j}]({a['name']})"
            for k in INDICATOR_KEYS:
                out += differences(a[k], b[k], f"{q}.{k}")
            if not (isinstance(b["where"]["page"], int) and b["where"]["page"] >= 1):
                out.append(f"{q}.where.page: {b['where']['page']!r}")
            if not (b["where"]["cell"] or "").startswith(f"第{b['where']['page']}页 表"):
                out.append(f"{q}.where.cell: {b['where']['cell']!r}")
    assert not out, f"{len(out)} differences:\n" + "\n".join(out)


def test_where_names_page_and_cell_of_every_indicator() -> None:
    doc = jixiao.parse(FIX / "sh001_forms.pdf")
    first, spanning, last = doc.forms
    w = [(i.name, i.where.page, i.where.cell, i.where.line) for i in first.indicators]
    assert w[0] == ("宣传品制作成本", 1, "第1页 表1 R11C4", None)
    assert w[11] == ("社交媒体推送合格率", 2, "第2页 表1 R1C4", None)  # first row on the next page
    assert w[-1] == ("活动参与满意度", 2, "第2页 表1 R16C4", None)
    assert [i.where.page for i in first.indicators].count(1) == 11
    # the split layout: header table 1, indicator table 2; its header row repeats on page 4
    w = [(i.name, i.where.page, i.where.cell) for i in spanning.indicators]
    assert w[0] == ("经济成本控制率", 3, "第3页 表2 R2C3")
    assert w[17] == ("城市日主场活动会场运营保障验收合格率", 4, "第4页 表1 R2C3")
    assert w[-1] == ("宣传参与人员满意度", 4, "第4页 表1 R33C3")
    assert {i.where.page for i in last.indicators} == {5}


# ---- the grid ---------------------------------------------------------------------------

def test_grid_conventions() -> None:
    grid = grid_of("sh001_forms.pdf")
    assert (grid.format, grid.regular_columns) == ("pdf", True)
    assert all(r.line is None and r.page is not None for r in grid.rows)
    assert all(c.page == r.page and c.line is None for r in grid.rows for c in r.cells)
    # titles outside the table are single-cell rows, before the table rows, in reading order
    assert [texts(r) for r in grid.rows[:3]] == [["上海世界城市日事务协调中心2024年度项目绩效目标汇总表"], ["财政项目支出绩效目标申报表"], ["(2024年度)"]]
    assert [r.table for r in grid.rows[:4]] == [None, None, None, 1]
    # every row of a table lists every grid column
    for table in {r.table for r in table_rows(grid)}:
        assert len({len(r.cells) for r in grid.rows if r.table == table}) == 1
        assert all([c.col for c in r.cells] == list(range(len(r.cells))) for r in grid.rows if r.table == table)
    # a new page starts with gap_before
    starts = [r for prev, r in zip(grid.rows, grid.rows[1:]) if r.page != prev.page]
    assert starts and all(r.gap_before for r in starts)
    assert not any(r.gap_before for prev, r in zip(grid.rows, grid.rows[1:]) if r.page == prev.page)


def test_merged_cells_repeat_vertically_and_leave_horizontal_positions_empty() -> None:
    rows = table_rows(grid_of("sh001_forms.pdf"), page=1)
    header = rows[0]
    assert texts(header) == ["项目名称", "城市日宣传推广", "项目性质", "其他一次性项目", "项目类别", "特定目标类"]
    dept = rows[1].cells
    assert (dept[1].text, dept[1].colspan, dept[1].covered) == ("上海市住房和城乡建设管理委员会", 2, False)
    assert (dept[2].text, dept[2].covered) == ("", True)  # covered by a horizontal merge
    funds = rows[3:7]
    # printed 项目资金 / (元) on two lines: a line break between CJK and latin adds no space
    assert (funds[0].cells[0].text, funds[0].cells[0].rowspan, funds[0].cells[0].covered) == ("项目资金(元)", 4, False)
    assert all((r.cells[0].text, r.cells[0].covered) == ("项目资金(元)", True) for r in funds[1:])
    assert [r.cells[4].text for r in funds] == ["1,102,000.00", "1,102,000.00", "0.00", "0.00"]
    # the indicator table: 绩效指标 caption merged over the header and all indicator rows
    head = rows[9]
    assert texts(head) == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度(/项目)指标值", ""]
    assert head.cells[0].rowspan == len(rows) - 9 and head.cells[4].colspan == 2
    first, second = rows[10], rows[11]
    assert texts(first)[:5] == ["绩效指标", "成本指标", "经济成本指标", "宣传品制作成本", "合理"]
    assert [c.covered for c in first.cells] == [True, False, False, False, False, True]
    assert (first.cells[1].rowspan, first.cells[2].rowspan) == (6, 3)
    assert texts(second)[:5] == ["绩效指标", "成本指标", "经济成本指标", "宣传投放成本", "合理"]
    assert [c.covered for c in second.cells] == [True, True, True, False, False, True]
    assert second.cells[1].ref == "第1页 表1 R11C2"  # a covered position points at its anchor
    assert first.cells[3].bbox is not None and first.cells[3].bbox[0] < first.cells[3].bbox[2]


def test_wrapped_cells_are_joined() -> None:
    rows = table_rows(grid_of("sh001_forms.pdf"), page=1)
    assert rows[0].cells[1].text == "城市日宣传推广"  # printed on two lines
    goal = rows[8].cells[3].text
    expected = golden(S001)["forms"][0]["goals"]["annual"]
    assert goal == expected  # 17 lines, CJK joined without spaces, printed spaces kept
    assert "\n" not in goal


def test_table_continued_on_the_next_page_keeps_its_number_grid_and_merged_labels() -> None:
    grid = grid_of("sh001_forms.pdf")
    page1, page2 = table_rows(grid, 1), table_rows(grid, 2)
    assert {r.table for r in page1} == {r.table for r in page2} == {1}
    assert len(page2[0].cells) == len(page1[0].cells) == 6  # page 2 lacks a boundary: mapped onto the grid
    top = page2[0]
    # 绩效指标, 产出指标 and 质量指标 are merged cells cut by the page break: repeated, covered
    assert [(c.text, c.covered) for c in top.cells[:3]] == [("绩效指标", True), ("产出指标", True), ("质量指标", True)]
    assert (top.cells[3].text, top.cells[3].covered) == ("社交媒体推送合格率", False)
    assert top.gap_before
    # the split layout: the indicator table's header row repeats at the top of page 4
    page3, page4 = table_rows(grid, 3), table_rows(grid, 4)
    assert texts(page4[0]) == ["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"]
    assert page4[0].table == page3[-1].table == 3
    assert [(c.text, c.covered) for c in page4[1].cells[:2]] == [("产出指标", True), ("质量指标", False)]


def test_rows_cut_by_a_page_break_are_put_back_together() -> None:
    grid = grid_of("rowsplit001.pdf")
    last1, first2 = table_rows(grid, 1)[-1], table_rows(grid, 2)[0]
    # printed 城市日主场活动国际组织 | ≥5.00(人) at the foot of page 1, 代表参与人数 at the top of page 2
    assert texts(last1)[3:5] == ["城市日主场活动国际组织代表参与人数", "≥5.00(人)"]
    assert texts(first2)[3:5] == ["城市日主场活动国外城市代表参与人数", "≥5.00(人)"]
    assert texts(table_rows(grid, 2)[-1])[3:5] == ["城市可持续发展相关活动参与人数", "≥1000.00(人次)"]
    # a 二级 label merged over the last row of page 4 and the first of page 5 is no cut row
    first5 = table_rows(grid, 5)[0]
    assert texts(first5)[2:5] == ["", "奖项设置包含环保理念", "显著提升"]
    doc = jixiao.parse(FIX / "rowsplit001.pdf")
    where = {i.name: (i.where.page, i.where.cell) for f in doc.forms for i in f.indicators}
    assert where["城市日主场活动国际组织代表参与人数"] == (1, "第1页 表1 R23C4")  # where the row starts
    assert where["奖项设置包含环保理念"] == (5, "第5页 表1 R1C4")


def test_form_pages_are_found_among_other_pages() -> None:
    grid = grid_of("budget003.pdf")
    # pages 1-3 (cover and 目录 naming 项目支出绩效目标表, 收支总表, 项目支出预算表 with a
    # 项目名称 column) and the closing page 7 are not read; page 5 only continues a table
    assert sorted({r.page for r in grid.rows}) == [4, 5, 6]
    assert texts(grid.rows[0]) == ["中共上海市委对外宣传办公室2024年度项目绩效目标汇总表"]
    assert not any("预算数" in c.text or "收入" in c.text for r in grid.rows for c in r.cells)
    assert {r.table for r in table_rows(grid) if r.page in (4, 5)} == {1}  # page 5 continues the table
    # the footer page numbers (- 4 -) are dropped: they would end the table on page 4
    assert not any(c.text.startswith("- ") for r in grid.rows for c in r.cells)
    assert pdf_reader._PAGE_NUMBER.match("- 4 -") and pdf_reader._PAGE_NUMBER.match("第3页 共9页")
    texts_pages, strong = pdf_reader._select(["目录第三部分项目支出绩效目标表", "项目名称项目类别预算数", "一级指标二级指标三级指标", ""])
    assert texts_pages == [False, False, True, False] and strong == [False, False, True, False]
    # a form heading at the foot of a page before the form is selected too
    assert pdf_reader._select(["收支总表……财政项目支出绩效目标申报表", "项目名称对外交流三级指标"])[0] == [True, True]


def test_unruled_table_rows_and_columns() -> None:
    grid = grid_of("unruled001.pdf")
    rows = table_rows(grid)
    assert {r.table for r in rows} == {1} and {len(r.cells) for r in rows} == {6}
    assert texts(rows[0]) == ["项目名称", "课题研究", "项目性质", "其他一次性项目", "项目类别", "特定目标类"]
    assert texts(rows[1])[:5] == ["主管部门", "上海市住房和城乡建设管理委员会", "", "实施单位", "上海世界城市日事务协调中心"]
    assert texts(rows[9])[:5] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度(/项目)指标值"]
    assert texts(rows[10])[:5] == ["", "成本指标", "经济成本指标", "课题成本控制", "有效控制"]
    timely = next(r for r in rows if r.cells[3].text.startswith("《上海手册》"))
    assert texts(timely)[2:5] == ["时效指标", "《上海手册》出版完成及时率", "=100.00(%)"]  # wrapped name joined
    page2 = [r for r in rows if r.page == 2]
    assert texts(page2[0])[3:5] == ["促进城市软实力提升", "显著提升"] and page2[0].gap_before


def test_unruled_centred_labels_cover_their_groups() -> None:
    grid = grid_of("unruled_centred001.pdf")
    rows = table_rows(grid)
    rows = rows[next(k for k, r in enumerate(rows) if r.cells[3].text == "三级指标") + 1:]
    labels = [(r.cells[1].text, r.cells[2].text, r.cells[3].text) for r in rows]
    # 经济成本指标 is printed on the middle one of its three rows; the other two are covered
    assert labels[:3] == [("成本指标", "经济成本指标", "宣传品制作成本"), ("成本指标", "经济成本指标", "宣传投放成本"),
                          ("成本指标", "经济成本指标", "工作人员劳务成本")]
    assert [(c.covered, c.text) for c in rows[0].cells[1:3]] == [(True, "成本指标"), (True, "经济成本指标")]
    assert [c.covered for c in rows[1].cells[1:3]] == [True, False]
    # a group cut by the page break: its rows on page 2 stay empty (the recognizer carries the label)
    top2 = [r for r in rows if r.page == 2][0]
    assert (top2.cells[1].text, top2.cells[2].text, top2.cells[3].text) == ("", "", "公益活动举办次数")
    # a wrapped label centred on two rows stays whole and covers both
    assert labels[-2:] == [("满意度指标", "服务对象满意度指标", "工作人员满意度"), ("满意度指标", "服务对象满意度指标", "活动参与满意度")]


def test_unruled_centred_goal_row() -> None:
    """Without rules the 项目绩效目标 caption, centred on its two rows, is read beside the goal."""
    grid = grid_of("unruled_centred001.pdf")
    rows = table_rows(grid)
    at = next(k for k, r in enumerate(rows) if r.cells[3].text == "年度总体目标")
    assert texts(rows[at])[:4] == ["", "项目总目标", "", "年度总体目标"]
    assert texts(rows[at + 1]) == ["项目绩效目标", "", "", golden(S001)["forms"][0]["goals"]["annual"], "", ""]


def test_rotated_page_is_read_as_displayed() -> None:
    grid = grid_of("rotated001.pdf")
    assert texts(grid.rows[0]) == ["财政项目支出绩效目标申报表"]
    assert texts(table_rows(grid)[0]) == ["项目名称", "涉外资料翻译", "项目性质", "其他一次性项目", "项目类别", "特定目标类"]
    geo = pdf_reader._Geometry(0, 0, 842, 595, 90)  # landscape user space shown portrait
    assert (geo.width, geo.height) == (595, 842)
    assert geo.point(10, 585) == (585, 10)
    assert geo.box(0, 0, 842, 595) == (0, 0, 595, 842)


def test_fake_bold_and_spacing_within_a_line() -> None:
    # (x0, top, x1, bottom, size, text): 财 printed twice 0.3pt apart, then latin words
    chars = [(0, 0, 10, 10, 10, "财"), (0.3, 0, 10.3, 10, 10, "财"), (10, 0, 20, 10, 10, "政"),
             (30, 0, 35, 10, 10, "A"), (35, 0, 40, 10, 10, "B"), (45, 0, 50, 10, 10, "C"),
             (0, 14, 10, 24, 10, "项"), (10, 14, 20, 24, 10, "目")]
    assert pdf_reader._text(chars) == "财政 AB C项目"  # a line break is a space only between latin words
    join = pdf_reader._join_lines
    assert join(["32", "开1000册"]) == "32开1000册" and join(["1月1日", "—2022年"]) == "1月1日—2022年"
    assert join(["Shanghai", "Manual"]) == "Shanghai Manual" and join(["WCS", "2024"]) == "WCS 2024"
    assert join(["2022年1-", "12月"]) == "2022年1-12月" and join(["≥80.00", "(%)"]) == "≥80.00(%)"


# ---- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "code", "zh"),
    [
        ("scanned.pdf", "scanned", "扫描件，没有文字层"),
        ("mixed_scan.pdf", "scanned", "扫描件，没有文字层（第3页是图像，其余页面未找到绩效目标表）"),
        ("encrypted.pdf", "encrypted", "PDF 文件已加密，需要密码才能打开"),
        ("corrupt.pdf", "corrupt", "PDF 文件已损坏，无法读取"),
        ("noform.pdf", "no-form", "未找到绩效目标表或绩效自评表"),
    ],
)
def test_bad_pdfs_give_clear_errors_naming_the_file(name: str, code: str, zh: str) -> None:
    path = FIX / name
    with pytest.raises(ReadError) as info:
        jixiao.parse(path)
    err = info.value
    assert err.code == code
    assert err.message.startswith(f"{path}：{zh}")
    assert " / " in err.message


def test_scanned_message_says_what_to_do() -> None:
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "scanned.pdf")
    assert info.value.en == "scanned PDF with no text layer"
    assert "OCR" in info.value.hint
    with pytest.raises(ReadError) as info:
        jixiao.parse(FIX / "mixed_scan.pdf")
    assert "page 3 is an image" in info.value.en


def test_text_pages_without_a_form_still_give_a_grid() -> None:
    assert pdf_reader.read_pdf((FIX / "noform.pdf").read_bytes()).rows == []


def test_oversized_files_and_too_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    path = FIX / "sh001_forms.pdf"
    with pytest.raises(ReadError) as info:
        jixiao.parse(path, max_size=100_000)
    assert info.value.code == "too-large" and info.value.message.startswith(f"{path}：文件过大")
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 4)
    with pytest.raises(ReadError) as info:
        jixiao.parse(path)
    assert info.value.code == "too-large"
    assert info.value.message.startswith(f"{path}：PDF 页数过多（5 页，上限 4 页）")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"%PDF-1.4\n\x00\x01\x02", b"%PDF", (FIX / "sh001_forms.pdf").read_bytes()[:60_000]],
    ids=["header-only", "garbage", "signature", "truncated"],
)
def test_broken_pdf_bytes_are_corrupt(data: bytes) -> None:
    assert detect_format(data) == "pdf"
    with pytest.raises(ReadError) as info:
        jixiao.parse(data, name="bad.pdf")
    assert info.value.code in ("corrupt", "no-form")
    assert info.value.message.startswith("bad.pdf：")


def test_bytes_are_dispatched_to_the_pdf_reader() -> None:
    grid = read_bytes((FIX / "rotated001.pdf").read_bytes())
    assert grid.format == "pdf" and table_rows(grid)


def test_damaged_pdfs_give_a_grid_or_a_read_error() -> None:
    """Bytes flipped, cut or removed anywhere: a grid (maybe without a form) or a ReadError."""
    import random

    rng = random.Random(20240601)
    sources = [(FIX / n).read_bytes() for n in ("sh001_forms.pdf", "unruled001.pdf", "rotated001.pdf")]
    codes = set()
    for _ in range(24):
        data = bytearray(rng.choice(sources))
        mode = rng.randrange(3)
        if mode == 0:
            for _ in range(rng.randrange(1, 30)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif mode == 1:
            del data[rng.randrange(len(data)):]
        else:
            i = rng.randrange(len(data))
            del data[i : i + rng.randrange(1, 5000)]
        try:
            jixiao.parse(bytes(data), name="damaged.pdf")
            codes.add("ok")
        except ReadError as exc:
            assert exc.message.startswith(("damaged.pdf：", "damaged.pdf（第"))  # the page, when known
            codes.add(exc.code)
    assert codes <= {"ok", "corrupt", "no-form", "scanned"} and "corrupt" in codes
