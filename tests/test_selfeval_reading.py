"""The 10号 项目支出绩效自评表 read from text and from native formats, totals and grade included.

The expected values below were typed from the printed form (tests/samples/s03_zhejiang_
selfeval_10hao.txt, the form the fixtures in tests/fixtures/selfeval/ reproduce with a
``自评等级 | 优`` row added), not copied from the program's output:

* funds are printed in 万元: 全年预算数 480.00 -> budget 4,800,000 元, 全年执行数 456.00 ->
  executed 4,560,000 元; the 当年财政拨款 row 480.00 / 456.00 -> fiscal / fiscal_executed;
  上年结转资金 and 其他资金 print 0.00 everywhere;
* the funds row 年度资金总额 prints 分值 10, 执行率 95.00%, 得分 9.50 -> extra 预算执行分值 /
  预算执行率 / 预算执行得分, as printed;
* the ``总分 | 100 | 98.97`` row is no indicator: 100 sits in the 分值 column -> extra 总分值,
  98.97 in the 得分 column -> extra 总得分 (the seven indicator scores add up to 89.47, plus the
  9.50 of the budget execution: 98.97);
* ``自评等级 | 优`` -> extra 自评等级 '优' (the fixtures only; s03 prints no grade).

Fixtures: ``.venv/bin/python tests/fixtures/selfeval/build.py`` (committed, deterministic).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "selfeval"
S03 = ROOT / "tests" / "samples" / "s03_zhejiang_selfeval_10hao.txt"
NATIVE = {ext: FIX / f"selfeval_10hao.{ext}" for ext in ("xlsx", "docx", "html")}
FIXTURE_TEXT = FIX / "selfeval_10hao.txt"

PROJECT = {
    "name": "农村供水保障工程维修养护",
    "department": "浙江省水利厅",
    "department_code": None,
    "implementing_unit": "浙江省农村水利管理中心",
}
FUNDS = {
    "unit_printed": "万元",
    "total": None,
    "budget": 4_800_000.0,
    "executed": 4_560_000.0,
    "fiscal": 4_800_000.0,
    "fiscal_executed": 4_560_000.0,
    "carryover": 0.0,
    "other": 0.0,
    "other_executed": 0.0,
}
GOALS = {
    "overall": None,
    "annual": "完成全省农村供水工程维修养护200处，农村自来水普及率稳定在99%以上，水质达标率达到92%以上。",
    "annual_actual": "完成农村供水工程维修养护205处，农村自来水普及率99.2%，水质达标率93.5%。",
}
EXTRA_S03 = {
    "预算执行分值": "10",
    "预算执行率": "95.00%",
    "预算执行得分": "9.50",
    "总分值": "100",
    "总得分": "98.97",
}
EXTRA_FIXTURES = {**EXTRA_S03, "自评等级": "优"}
# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施)
INDICATORS = [
    ("产出指标", "数量指标", "维修养护农村供水工程", "≥200处", "205处", 20, 20, None),
    ("产出指标", "数量指标", "水质检测覆盖行政村数", "≥1500个", "1420个", 10, 9.47, "部分偏远山区村检测延后，下年度优先安排"),
    ("产出指标", "质量指标", "维修养护工程验收合格率", "=100%", "100%", 10, 10, None),
    ("产出指标", "时效指标", "维修养护完工时间", "2023年11月底前", "2023年11月28日", 10, 10, None),
    ("效益指标", "社会效益指标", "农村自来水普及率", "≥99%", "99.2%", 15, 15, None),
    ("效益指标", "社会效益指标", "农村供水水质达标率", "≥92%", "93.5%", 15, 15, None),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", 10, 10, None),
]

CASES = {"s03_text": (S03, EXTRA_S03), "fixture_text": (FIXTURE_TEXT, EXTRA_FIXTURES)}
CASES.update({ext: (path, EXTRA_FIXTURES) for ext, path in NATIVE.items()})


def _form(path: Path):
    doc = jixiao.parse(path)
    assert len(doc.forms) == 1, [f.project.name for f in doc.forms]
    return doc, doc.forms[0]


@pytest.mark.parametrize("case", list(CASES))
def test_10hao_selfeval_reads_as_printed(case: str) -> None:
    path, extra = CASES[case]
    doc, form = _form(path)
    assert doc.title == "项目支出绩效自评表"
    assert form.kind == "self_evaluation"
    assert form.fiscal_year == 2023
    project = form.project.model_dump()
    assert {k: project[k] for k in PROJECT} == PROJECT
    assert form.project.extra == extra
    funds = form.funds.model_dump()
    assert {k: funds[k] for k in FUNDS} == FUNDS
    assert form.goals.model_dump() == GOALS
    got = [
        (i.level1, i.level2, i.name, i.target.raw if i.target else None, i.actual.raw if i.actual else None,
         i.weight, i.score, i.deviation_reason)
        for i in form.indicators
    ]
    assert got == INDICATORS
    assert [(i.category, i.subcategory) for i in form.indicators] == [(a, b) for a, b, *_ in INDICATORS]
    assert not [w for w in form.warnings if w.code in ("ignored-row", "no-indicators")]


def _comparable(path: Path) -> dict:
    doc = jixiao.parse(path).to_json_dict()
    forms = doc["forms"]
    for f in forms:
        for ind in f["indicators"]:
            ind.pop("where")  # line numbers / cell references differ by format
        f.pop("warnings")
    return {"title": doc["title"], "forms": forms}


@pytest.mark.parametrize("ext", list(NATIVE))
def test_native_fixture_reads_like_the_text(ext: str) -> None:
    """Every native fixture gives the very form the tab text of the same table gives."""
    assert _comparable(NATIVE[ext]) == _comparable(FIXTURE_TEXT)


def test_the_text_fixture_is_s03_plus_the_grade_row() -> None:
    """The fixtures reproduce s03: its text rendering is s03 with one more row."""
    s03 = S03.read_text(encoding="utf-8").splitlines()
    fixture = FIXTURE_TEXT.read_text(encoding="utf-8").splitlines()
    assert fixture == s03[:22] + ["自评等级\t优"] + s03[22:]


def test_fixtures_are_committed_and_merged_like_a_real_form() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(NATIVE["xlsx"]).worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 项目资金（万元） over the funds rows, 绩效指标 down the table, 产出指标 over its four rows,
    # 数量指标 over two, 总分 across the six left columns
    assert {"A6:B10", "A13:A20", "B14:B17", "C14:C15", "A21:F21", "A22:F22"} <= merged
    assert (ws["G21"].value, ws["H21"].value) == (100, 98.97)
    assert (ws["H7"].value, ws["H7"].number_format) == (0.95, "0.00%")
    html = NATIVE["html"].read_text(encoding="utf-8")
    assert '<td rowspan="8">绩效指标</td>' in html and '<td colspan="6">总分</td>' in html
    import zipfile

    xml = zipfile.ZipFile(NATIVE["docx"]).read("word/document.xml").decode("utf-8")
    assert '<w:vMerge w:val="restart"/>' in xml and '<w:gridSpan w:val="6"/>' in xml


# ---- totals: the column decides ------------------------------------------------------

HEAD = [
    "项目支出绩效自评表",
    "（2023年度）",
    "项目名称\t某项目",
    "主管部门\t某厅\t实施单位\t某中心",
]
TABLE_10HAO = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
ROWS_10HAO = [
    "\t产出指标\t数量指标\t培训人次\t≥600人次\t650人次\t60\t60\t",
    "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t88%\t40\t39\t个别课程安排偏紧",
]


def _parse_lines(lines: list[str]):
    doc = jixiao.parse(("\n".join(lines) + "\n").encode("utf-8"), name="t.txt")
    assert len(doc.forms) == 1
    return doc.forms[0]


def _totals(form) -> dict:
    return {k: v for k, v in form.project.extra.items() if k in ("总分值", "总得分", "自评等级")}


@pytest.mark.parametrize(
    ("total_row", "expected"),
    [
        # the merged label became one cell; the trailing tab (the empty 偏差原因 cell) aligns the row
        ("总分\t100\t99\t", {"总分值": "100", "总得分": "99"}),
        ("合计\t100\t99\t", {"总分值": "100", "总得分": "99"}),
        ("总得分\t100\t99", {"总分值": "100", "总得分": "99"}),
        # every column printed: the column says which
        ("总分\t\t\t\t\t\t100\t99\t", {"总分值": "100", "总得分": "99"}),
        ("总分\t\t\t\t\t\t\t99\t", {"总得分": "99"}),
        ("总分\t\t\t\t\t\t100\t\t", {"总分值": "100"}),
        # one figure in the 得分 column (or with nothing to place it by): the score
        ("总分\t99\t", {"总得分": "99"}),
        ("总分\t99", {"总得分": "99"}),
        ("总分：99", {"总得分": "99"}),
        # a group subtotal is dropped and never taken for the total
        ("小计\t100\t99\t", {}),
    ],
)
def test_total_row_read_by_column(total_row: str, expected: dict) -> None:
    form = _parse_lines(HEAD + [TABLE_10HAO] + ROWS_10HAO + [total_row])
    assert [i.name for i in form.indicators] == ["培训人次", "学员满意度"]
    assert _totals(form) == expected


def test_declaration_total_row_prints_the_weight_only() -> None:
    """A 申报表 with a 分值 column: its 合计 row prints the total weight (and is still no indicator)."""
    form = _parse_lines(HEAD[:1] + ["2024年度项目支出绩效目标申报表"] + HEAD[2:] + [
        "一级指标\t二级指标\t三级指标\t指标值\t分值",
        "产出指标\t数量指标\t培训人次\t≥600人次\t60",
        "满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t40",
        "合计\t\t\t\t100",
    ])
    assert [(i.name, i.weight) for i in form.indicators] == [("培训人次", 60.0), ("学员满意度", 40.0)]
    assert _totals(form) == {"总分值": "100"}


def _html(total_cells: str, grade_row: str = "") -> bytes:
    rows = "".join(
        f"<tr>{''.join(f'<td>{c}</td>' for c in r.split(chr(9)))}</tr>" for r in [TABLE_10HAO] + ROWS_10HAO
    )
    return (
        "<html><body><p>项目支出绩效自评表</p><p>（2023年度）</p><table>"
        '<tr><td>项目名称</td><td colspan="8">某项目</td></tr>'
        f"{rows}<tr>{total_cells}</tr>{grade_row}</table></body></html>"
    ).encode("utf-8")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ('<td colspan="6">总分</td><td>100</td><td>99</td><td></td>', {"总分值": "100", "总得分": "99"}),
        ('<td colspan="7">总分</td><td>99</td><td></td>', {"总得分": "99"}),
        ('<td colspan="6">总分</td><td>100</td><td colspan="2"></td>', {"总分值": "100"}),
        ('<td colspan="6">合计</td><td colspan="2">99</td><td></td>', {}),  # spans both: no telling
    ],
)
def test_native_total_row_read_by_column(cells: str, expected: dict) -> None:
    doc = jixiao.parse(_html(cells), name="t.html")
    form = doc.forms[0]
    assert len(form.indicators) == 2
    assert _totals(form) == expected


# ---- grade ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade_rows", "grade"),
    [
        (["自评等级\t优"], "优"),
        (["评价等级：良"], "良"),
        (["等级\t良好"], "良好"),
        (["自评结论\t合格"], "合格"),
        (["自评等级\t\t\t\t\t\t较差\t\t"], "较差"),
        (["总分\t100\t99\t自评等级：优秀"], "优秀"),
        (["自评等级\t优□良□中□差□"], None),  # a box to tick, nothing ticked: no grade
    ],
)
def test_grade_printed_after_the_table(grade_rows: list[str], grade: str | None) -> None:
    form = _parse_lines(HEAD + [TABLE_10HAO] + ROWS_10HAO + grade_rows)
    assert [i.name for i in form.indicators] == ["培训人次", "学员满意度"]
    assert form.project.extra.get("自评等级") == grade


def test_grade_printed_in_the_header() -> None:
    form = _parse_lines(HEAD + ["评价等级：良"] + [TABLE_10HAO] + ROWS_10HAO)
    assert form.project.extra.get("自评等级") == "良"
    form = _parse_lines(HEAD + ["自评等级\t优"] + [TABLE_10HAO] + ROWS_10HAO)
    assert form.project.extra.get("自评等级") == "优"


def test_native_grade_row() -> None:
    grade = '<tr><td colspan="6">评价等级</td><td colspan="3">良</td></tr>'
    form = jixiao.parse(_html('<td colspan="6">总分</td><td>100</td><td>99</td><td></td>', grade), name="t.html").forms[0]
    assert _totals(form) == {"总分值": "100", "总得分": "99", "自评等级": "良"}
    assert len(form.indicators) == 2
