"""The HTML reader: grids from web pages, and whole forms read from them.

Fixtures (tests/fixtures/html/) reproduce seed forms as government websites publish them:

* ``sh001_gov_page.html`` — a CMS article page (top bar, ``<nav>``, left column, ``<footer>``,
  a layout table wrapping the article) holding forms 1 and 2 of seed 001 in the Shanghai
  财政项目支出绩效目标申报表 layout, merged cells as the editor exports them;
* ``sh001_gov_page_gbk.html`` — the same forms on an old GBK page (upper-case tags, unquoted
  attributes, unclosed ``<TD>``/``<TR>``, ``<FONT>``, nested layout tables);
* ``sc004_selfeval_word.htm`` — seed 004 form 1 (Sichuan 自评表) saved from Word as a web page;
* ``sc004_selfeval_pipe_br.md`` — the same form as a markdown pipe table with ``<br>`` in cells
  (read by the text reader);
* ``article_no_form.html`` — a news article with an unrelated table: no form.

The forms are compared field by field with the hand-written seed goldens.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import jixiao
from goldens import diff_into as _diff
from goldens import load_golden as golden
from jixiao import errors
from jixiao.readers import detect_format, read_bytes
from jixiao.readers.html import read_html
from jixiao.textnorm import clean_cell

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "html"
GOLDEN = ROOT / "tests" / "golden"

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score")


G001 = "001_d4da09846475aa3c"
G004 = "004_118172d649d3c167"


def compare_forms(expected_forms: list[dict], got_forms: list[dict]) -> list[str]:
    out: list[str] = []
    if len(expected_forms) != len(got_forms):
        out.append(f"forms: expected {len(expected_forms)}, got {len(got_forms)}")
    for i, (e, g) in enumerate(zip(expected_forms, got_forms)):
        p = f"forms[{i}]({e['project']['name']})"
        for k in FORM_KEYS:
            _diff(e[k], g[k], f"{p}.{k}", out)
        ei, gi = e["indicators"], g["indicators"]
        if len(ei) != len(gi):
            out.append(f"{p}.indicators: expected {len(ei)}, got {len(gi)}")
        for j, (a, b) in enumerate(zip(ei, gi)):
            for k in INDICATOR_KEYS:
                _diff(a[k], b[k], f"{p}.indicators[{j}]({a['name']}).{k}", out)
    return out


def parsed(source, name: str | None = None) -> dict:
    return json.loads(jixiao.parse(source, name=name).model_dump_json())


def name_lines(text: str, name: str) -> set[int]:
    """Lines of the ``<td>`` tags whose cell holds ``name`` (the cell may open lines above its text)."""
    lines = text.splitlines()
    pattern = re.compile(r">\s*" + re.escape(name) + r"\s*(<|$)")
    out = set()
    for i, line in enumerate(lines):
        if pattern.search(line):
            j = i
            while j >= 0 and "<td" not in lines[j].lower():
                j -= 1
            out.add(j + 1)
    return out


# ---------------------------------------------------------------------------------------------
# whole forms against the seed goldens

SH_PAGES = {
    "sh001_gov_page.html": ("utf-8", 1),  # (encoding, number of the first form's table)
    "sh001_gov_page_gbk.html": ("gbk", 2),  # the layout table's own banner/nav rows are 表1
}


@pytest.mark.parametrize("fixture", sorted(SH_PAGES))
def test_shanghai_page_matches_golden(fixture):
    doc = parsed(FIX / fixture)
    exp = golden(G001)
    assert doc["source"]["format"] == "html"
    assert doc["title"] == exp["title"] == "上海世界城市日事务协调中心2024年度项目绩效目标汇总表"
    assert doc["warnings"] == []
    assert compare_forms(exp["forms"][:2], doc["forms"]) == []
    assert [len(f["indicators"]) for f in doc["forms"]] == [27, 28]
    for form in doc["forms"]:
        assert form["warnings"] == []  # nav, footer, hidden blocks and scripts are not read


@pytest.mark.parametrize("fixture", sorted(SH_PAGES))
def test_shanghai_page_where(fixture):
    encoding, first_table = SH_PAGES[fixture]
    text = (FIX / fixture).read_bytes().decode(encoding)
    doc = parsed(FIX / fixture)
    for k, form in enumerate(doc["forms"]):
        previous = 0
        for i, ind in enumerate(form["indicators"]):
            where = ind["where"]
            # 绩效指标 | 一级 | 二级 | 三级 | 指标值: the 三级 name is grid column 4; indicators start on <tr> 11
            assert where["cell"] == f"表{first_table + k} 第{11 + i}行第4列", ind["name"]
            assert where["page"] is None
            assert where["line"] in name_lines(text, ind["name"]), ind["name"]
            assert where["line"] > previous
            previous = where["line"]


def test_gbk_fixture_is_really_gbk():
    data = (FIX / "sh001_gov_page_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b'<meta charset="gbk">' in data
    assert "财政项目支出绩效目标申报表".encode("gbk") in data
    assert detect_format(data) == "html"
    # bytes in, the dispatcher decodes: same forms as the UTF-8 page
    assert compare_forms(parsed(FIX / "sh001_gov_page.html")["forms"], parsed(data, name="page.html")["forms"]) == []


def test_minified_page_reads_the_same():
    """The whole page on one line (a CMS that strips newlines): lines no longer tell rows apart."""
    text = (FIX / "sh001_gov_page.html").read_text(encoding="utf-8")
    one_line = "".join(line.strip() for line in text.splitlines())
    doc = parsed(one_line.encode("utf-8"), name="min.html")
    assert doc["title"] == golden(G001)["title"]
    assert compare_forms(golden(G001)["forms"][:2], doc["forms"]) == []
    assert {i["where"]["line"] for f in doc["forms"] for i in f["indicators"]} == {1}


def test_sichuan_word_page_matches_golden():
    path = FIX / "sc004_selfeval_word.htm"
    doc = parsed(path)
    exp = golden(G004)
    assert doc["source"]["format"] == "html"
    assert doc["title"] == exp["title"] == "2022年50万元以上（含）特定目标类部门预算项目绩效目标自评"
    assert compare_forms(exp["forms"][:1], doc["forms"]) == []
    form = doc["forms"][0]
    assert form["kind"] == "self_evaluation"
    # the row printing no 一级 is flagged, nothing else
    assert [w["code"] for w in form["warnings"]] == ["level-inferred"]
    text = path.read_text(encoding="utf-8")
    for i, ind in enumerate(form["indicators"]):
        # 年度绩效指标完成情况 | 一级 | 二级 | 三级 | 预期 | 实际: the name is column 4, rows from <tr> 9
        assert ind["where"]["cell"] == f"表1 第{9 + i}行第4列"
        assert ind["where"]["line"] in name_lines(text, ind["name"])


def test_markdown_pipe_table_with_br_matches_golden():
    """``<br>`` inside pipe-table cells (labels, names, values, prose) read by the text reader."""
    path = FIX / "sc004_selfeval_pipe_br.md"
    text = path.read_text(encoding="utf-8")
    assert text.count("<br") >= 12
    doc = parsed(path)
    exp = golden(G004)
    assert doc["source"]["format"] == "markdown"
    assert doc["title"] == exp["title"]
    assert compare_forms(exp["forms"][:1], doc["forms"]) == []
    lines = text.splitlines()
    for ind in doc["forms"][0]["indicators"]:
        row = lines[ind["where"]["line"] - 1]
        assert ind["name"] in clean_cell(row.replace("<br>", ""))


def test_article_without_form_is_no_form():
    path = FIX / "article_no_form.html"
    data = path.read_bytes()
    assert detect_format(data) == "html"  # read by the HTML reader (it has a table), not as text
    grid = read_bytes(data)
    assert grid.format == "html" and any(r.table == 1 for r in grid.rows)
    with pytest.raises(errors.ReadError) as info:
        jixiao.parse(path)
    assert info.value.code == "no-form"
    assert info.value.path == str(path)


def test_fixtures_dispatch_as_html():
    for name in ("sh001_gov_page.html", "sh001_gov_page_gbk.html", "sc004_selfeval_word.htm", "article_no_form.html"):
        assert detect_format((FIX / name).read_bytes()) == "html", name


# ---------------------------------------------------------------------------------------------
# the grid


def cells(row):
    return [(c.text, c.covered) for c in row.cells]


def test_grid_of_the_shanghai_form():
    grid = read_html((FIX / "sh001_gov_page.html").read_text(encoding="utf-8"))
    assert grid.format == "html" and grid.regular_columns is True
    tables = [r for r in grid.rows if r.table == 1]
    assert len(tables) == 10 + 27
    assert all(len(r.cells) == 6 for r in tables)
    assert [c.col for c in tables[0].cells] == [0, 1, 2, 3, 4, 5]
    # 项目资金 (元) rowspan=4, 其中：财政资金 and its empty amount rowspan=2, labels colspan=2
    assert cells(tables[3]) == [("项目资金 (元)", False), ("项目资金总额", False), ("", False),
                                ("年度资金申请总额", False), ("", True), ("1,102,000.00", False)]
    assert cells(tables[5]) == [("项目资金 (元)", True), ("其中：财政资金", True), ("", True),
                                ("上年结转资金", False), ("", True), ("0.00", False)]
    first = tables[3].cells[0]
    assert (first.rowspan, first.colspan, first.ref) == (4, 1, "表1 第4行第1列")
    assert tables[5].cells[0].ref == "表1 第4行第1列"  # a covered position points at its anchor
    assert tables[5].cells[3].ref == "表1 第6行第4列"
    # goals: the long text is one cell; <br> between Chinese characters leaves no space
    goal = tables[8].cells[3]
    assert goal.colspan == 3 and goal.text == golden(G001)["forms"][0]["goals"]["annual"]
    assert cells(tables[8])[:3] == [("项目绩效目标", True), ("", False), ("", True)]
    # 绩效指标 side caption over the header and all 27 indicator rows
    assert tables[9].cells[0].rowspan == 28
    assert all(r.cells[0].text == "绩效指标" and r.cells[0].covered for r in tables[10:])
    # 一级/二级 merged over their groups: every row carries its labels
    assert cells(tables[12])[:4] == [("绩效指标", True), ("成本指标", True), ("经济成本指标", True), ("工作人员劳务成本", False)]
    assert tables[10].cells[1].rowspan == 6 and tables[10].cells[2].rowspan == 3
    assert cells(tables[-1])[2:] == [("服务对象满意度指标", True), ("活动参与满意度", False), ("≥80.00(%)", False), ("", True)]
    # lines: <tr> and <td> source lines
    text_lines = (FIX / "sh001_gov_page.html").read_text(encoding="utf-8").splitlines()
    for r in tables:
        assert text_lines[r.line - 1].strip() == "<tr>"
        for c in r.cells:
            if not c.covered:
                assert text_lines[c.line - 1].lstrip().startswith("<td")


def test_text_outside_tables_in_reading_order():
    grid = read_html((FIX / "sh001_gov_page.html").read_text(encoding="utf-8"))
    texts = [r.cells[0].text for r in grid.rows if r.table is None]
    assert texts == [
        "当前位置：首页 > 政务公开 > 预算决算",
        "预算决算", "部门预算", "部门决算", "绩效目标",  # the layout table's left column
        "上海世界城市日事务协调中心2024年度项目绩效目标汇总表",
        "发布日期：2024-02-05 来源：上海世界城市日事务协调中心 浏览次数：1286 【打印】 【关闭】",
        "财政项目支出绩效目标申报表", "(2024年度)",
        "财政项目支出绩效目标申报表", "(2024年度)",  # one <p> split by <br />
    ]
    # not read: <script>, <style>, <title>, <nav>, <footer>, form controls, display:none, .hide{display:none}
    everything = " ".join(c.text for r in grid.rows for c in r.cells)
    for absent in ("首页 机构概况", "搜索", "请输入关键字", "版权所有", "printPage", "测试项目"):
        assert absent not in everything
    assert not any("一级指标" in t for t in texts)  # the display:none <p>
    assert [r.table for r in grid.rows if r.table is not None][0] == 1
    assert {r.table for r in grid.rows} == {None, 1, 2}  # the wrapping layout table is no table


def test_rowspan_colspan_expansion():
    html = """<table>
<tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
<tr><td>C</td></tr>
<tr><td>D</td><td colspan="2">E</td></tr>
<tr><td>F</td></tr>
</table>"""
    rows = read_html(html).rows
    assert [cells(r) for r in rows] == [
        [("A", False), ("", True), ("B", False)],
        [("A", True), ("", True), ("C", False)],
        [("D", False), ("E", False), ("", True)],
        [("F", False), ("", False), ("", False)],  # a short row is padded with empty cells
    ]
    assert [r.line for r in rows] == [2, 3, 4, 5]
    assert [r.table for r in rows] == [1, 1, 1, 1]
    a = rows[0].cells[0]
    assert (a.rowspan, a.colspan, a.ref, a.line) == (2, 2, "表1 第1行第1列", 2)
    assert rows[1].cells[0].ref == rows[1].cells[1].ref == "表1 第1行第1列"
    assert rows[2].cells[1].ref == "表1 第3行第2列" and rows[2].cells[1].colspan == 2
    assert rows[3].cells[2].ref == "表1 第4行第3列"


def test_rowspans_end_with_their_row_group():
    html = ("<table><thead><tr><th rowspan=5>H</th><th>h</th></tr></thead>"
            "<tbody><tr><td rowspan=0>Z</td><td>1</td></tr><tr><td>2</td></tr></tbody>"
            "<tbody><tr><td>3</td><td>4</td></tr></tbody></table>")
    rows = read_html(html).rows
    assert [cells(r) for r in rows] == [
        [("H", False), ("h", False)],
        [("Z", False), ("1", False)],
        [("Z", True), ("2", False)],
        [("3", False), ("4", False)],
    ]
    assert rows[0].cells[0].rowspan == 1 and rows[1].cells[0].rowspan == 2


def test_odd_span_values():
    rows = read_html('<table><tr><td colspan="x" rowspan="-1">a</td><td colspan="2.7">b</td><td colspan=0>c</td></tr></table>').rows
    assert cells(rows[0]) == [("a", False), ("b", False), ("", True), ("c", False)]


def test_absurd_spans_do_not_explode():
    html = "<table>" + "<tr><td rowspan=0 colspan=1000>x</td><td>y</td></tr>" * 5000 + "</table>"
    rows = read_html(html).rows
    assert len(rows) == 5000
    assert cells(rows[0]) == [("x", False), ("y", False)]  # read without the spans


def test_cell_text():
    html = """<table><tr>
<td><p>一级</p><p>指标</p></td>
<td>二级<br>指标</td>
<td>Total&nbsp;&nbsp;amount<br/>(元)</td>
<td>完成各级媒体
    宣传报道</td>
<td><span>&gt;=</span><b>5</b><i>次</i></td>
<td>&nbsp;</td>
<td>a<script>document.write("x")</script><style>td{}</style><span style="display:none">隐藏</span><!-- 注释 -->b</td>
<td><div>满意</div>度<font>指标</font></td>
</tr></table>"""
    (row,) = read_html(html).rows
    assert row.texts() == ["一级指标", "二级指标", "Total amount (元)", "完成各级媒体宣传报道", ">=5次", "", "ab", "满意度指标"]


def test_unclosed_cells_and_rows():
    html = "<TABLE border=1><TR><TD rowSpan=2>成本指标<TD>经济成本指标<TD>成本控制\n<TR><TD>社会成本指标<TD>合规性\n</TABLE>"
    rows = read_html(html).rows
    assert [cells(r) for r in rows] == [
        [("成本指标", False), ("经济成本指标", False), ("成本控制", False)],
        [("成本指标", True), ("社会成本指标", False), ("合规性", False)],
    ]


def test_nested_tables_keep_the_data_tables():
    html = """<html><body>
<table class="layout"><tr>
  <td><table><tr><td>首页</td></tr></table></td>
  <td><h2>财政项目支出绩效目标申报表</h2>
      <table><tr><td>项目名称</td><td>X</td></tr></table>
      <p>附注</p></td>
</tr>
<tr><td colspan="2">版权所有</td></tr>
</table>
<table><tr><td>tail</td></tr></table>
</body></html>"""
    rows = read_html(html).rows
    assert [(r.table, r.texts()) for r in rows] == [
        (1, ["首页"]),
        (None, ["财政项目支出绩效目标申报表"]),
        (2, ["项目名称", "X"]),
        (None, ["附注"]),
        (3, ["版权所有", ""]),  # the layout table's own data row, numbered when first met
        (4, ["tail"]),
    ]
    assert rows[2].cells[1].ref == "表2 第1行第2列"
    # a change of table (or from a table to text) is a gap, like a blank line
    assert [r.gap_before for r in rows] == [False, True, True, True, True, True]


def test_caption_and_br_outside_tables():
    html = "<body><p>财政项目支出绩效目标申报表<br>(2024年度)</p>正文<table><caption>附表1</caption><tr><td>a</td></tr></table></body>"
    rows = read_html(html).rows
    assert [(r.table, r.texts()) for r in rows] == [
        (None, ["财政项目支出绩效目标申报表"]), (None, ["(2024年度)"]), (None, ["正文"]), (None, ["附表1"]), (1, ["a"]),
    ]


def test_hidden_elements():
    html = """<html><head><style>
/* template */ .tpl, div.x-hide { display : none } .shown { color: red }
</style></head><body>
<p hidden>项目名称 A</p><p class="tpl">项目名称 B</p><div class="x-hide other">项目名称 C</div>
<p style="DISPLAY: NONE">项目名称 D</p><p style="visibility:hidden">项目名称 E</p>
<p style="mso-hide:all">项目名称 F</p><input type="hidden" value="项目名称 G">
<p class="shown">shown</p>
<table><tr style="display:none"><td>hidden row</td></tr><tr><td style="display:none">x</td><td>kept</td></tr></table>
</body></html>"""
    rows = read_html(html).rows
    assert [r.texts() for r in rows] == [["shown"], ["kept"]]


def test_lines_of_text_rows():
    html = "<html>\n<body>\n<h1>标题</h1>\n<div>\n<p>第一段</p>\n<br>\n第二段\n</div>\n</body>\n</html>"
    rows = read_html(html).rows
    assert [(r.texts(), r.line) for r in rows] == [(["标题"], 3), (["第一段"], 5), (["第二段"], 6)]


def test_empty_and_tableless_pages():
    assert read_html("").rows == []
    assert read_html("<html><body></body></html>").rows == []
    assert [r.texts() for r in read_html("<p>只有一段文字</p>").rows] == [["只有一段文字"]]


def test_utf8_bom_and_xml_declaration():
    data = '\ufeff<?xml version="1.0" encoding="gbk"?>\n<html><body><table><tr><td>项目名称</td></tr></table></body></html>'.encode("utf-8")
    grid = read_bytes(data)
    assert grid.format == "html"
    assert [r.texts() for r in grid.rows] == [["项目名称"]]


def test_indicator_table_nested_in_a_form_cell():
    """A Word-style form whose indicator table sits inside a cell of the outer form table."""
    html = """<html><body>
<p>财政项目支出绩效目标申报表</p><p>(2024年度)</p>
<table border="1">
<tr><td>项目名称</td><td>城市日宣传推广</td><td>项目类别</td><td>特定目标类</td></tr>
<tr><td>主管部门</td><td>上海市住房和城乡建设管理委员会</td><td>实施单位</td><td>上海世界城市日事务协调中心</td></tr>
<tr><td>绩效指标</td><td colspan="3">
  <table border="1">
  <tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度(/项目)指标值</th></tr>
  <tr><td rowspan="2">产出指标</td><td rowspan="2">数量指标</td><td>公众号信息每周更新次数</td><td>≥3.00(次)</td></tr>
  <tr><td>公益活动举办次数</td><td>≥3.00(次)</td></tr>
  <tr><td>满意度指标</td><td>服务对象满意度指标</td><td>工作人员满意度</td><td>≥80.00(%)</td></tr>
  </table>
</td></tr>
</table>
</body></html>"""
    doc = parsed(html.encode("utf-8"), name="nested.html")
    (form,) = doc["forms"]
    assert form["fiscal_year"] == 2024
    assert form["project"]["name"] == "城市日宣传推广"
    assert form["project"]["implementing_unit"] == "上海世界城市日事务协调中心"
    got = [(i["category"], i["subcategory"], i["name"], i["target"]["op"], i["target"]["value"], i["target"]["unit"], i["where"]["cell"])
           for i in form["indicators"]]
    assert got == [
        ("产出指标", "数量指标", "公众号信息每周更新次数", ">=", 3.0, "次", "表2 第2行第3列"),
        ("产出指标", "数量指标", "公益活动举办次数", ">=", 3.0, "次", "表2 第3行第3列"),
        ("满意度指标", "服务对象满意度指标", "工作人员满意度", ">=", 80.0, "%", "表2 第4行第3列"),
    ]


def test_misplaced_content_inside_a_table_comes_before_it():
    html = "<table>财政项目支出绩效目标申报表<tbody><p>(2024年度)</p><tr><td>项目名称</td><td>X</td></tr></tbody></table>"
    rows = read_html(html).rows
    assert [(r.table, r.texts()) for r in rows] == [
        (None, ["财政项目支出绩效目标申报表"]), (None, ["(2024年度)"]), (1, ["项目名称", "X"]),
    ]


def test_a_hidden_nested_table_does_not_make_a_layout_row():
    html = '<table><tr><td>项目名称</td><td>X<table style="display:none"><tr><td>h</td></tr></table></td></tr></table>'
    assert [(r.table, r.texts()) for r in read_html(html).rows] == [(1, ["项目名称", "X"])]


def test_deep_nesting_does_not_overflow():
    n = 5000
    html = "<div>" * n + "<table><tr><td>" + "<span>" * n + "深" + "</span>" * n + "</td></tr></table>" + "</div>" * n
    assert [r.texts() for r in read_html(html).rows] == [["深"]]
    html = "<table><tr><td>" * 400 + "<p>甲</p>" + "</td></tr></table>" * 400
    assert [r.texts() for r in read_html(html).rows] == [["甲"]]


def test_no_warnings_for_xhtml_or_tiny_pages():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_html('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>标题</p></body></html>')
        read_html("index.html")
        read_html("http://example.com/a.html")
