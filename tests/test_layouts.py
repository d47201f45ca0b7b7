"""Targeted tests: one layout feature each, on small excerpts shaped like the seeds.

Expected values are written from the excerpt as printed, not from the program.
"""

from __future__ import annotations

import jixiao
from jixiao.model import Form

HEADER = [
    "财政项目支出绩效目标申报表",
    "",
    "(2024年度)",
    "",
    "项目名称\t测试项目\t项目性质\t其他一次性项目\t项目类别\t特定目标类",
    "主管部门\t某某委员会\t实施单位\t某某中心\t\t",
    "计划开始日期\t2024-01-01\t计划完成日期\t2024-12-31\t\t",
    "项目资金 (元)\t项目资金总额\t\t年度资金申请总额\t1,200,000.00\t",
    "\t其中：财政资金\t\t其中：当年财政拨款\t1,000,000.00\t",
    "\t\t\t上年结转资金\t150,000.00\t",
    "\t其他资金\t\t其他资金\t50,000.00\t",
    "项目绩效 目标\t项目总目标\t\t年度总体目标\t\t",
    "\t\t\t完成测试工作。\t\t",
    "一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t\t",
]


def parse_lines(lines: list[str], name: str = "t.txt") -> jixiao.Document:
    return jixiao.parse("\n".join(lines).encode("utf-8"), name=name)


def one_form(table: list[str]) -> Form:
    doc = parse_lines(HEADER + table)
    assert len(doc.forms) == 1
    return doc.forms[0]


def rows(form: Form) -> list[tuple]:
    return [(i.level1, i.level2, i.name, i.target.raw if i.target else None) for i in form.indicators]


def codes(form: Form) -> list[tuple[str, int | None]]:
    return [(w.code, w.line) for w in form.warnings]


# ---- header, funds, goals ------------------------------------------------------------

def test_shanghai_header_funds_and_goals() -> None:
    form = one_form(["产出指标\t数量指标\t测试次数\t≥3.00(次)"])
    p, f = form.project, form.funds
    assert (p.name, p.nature, p.category, p.department, p.implementing_unit) == ("测试项目", "其他一次性项目", "特定目标类", "某某委员会", "某某中心")
    assert (p.start_date, p.end_date, form.fiscal_year, form.kind) == ("2024-01-01", "2024-12-31", 2024, "declaration")
    assert (f.unit_printed, f.total, f.annual, f.fiscal, f.carryover, f.other) == ("元", None, 1200000.0, 1000000.0, 150000.0, 50000.0)
    assert (form.goals.overall, form.goals.annual) == (None, "完成测试工作。")


def test_legacy_2020_header_goes_to_extra() -> None:
    lines = [
        "财政项目支出绩效目标表\t\t\t",
        "(2020年度)\t\t\t",
        "申报单位名称：某某中心\t\t\t",
        "项目名称：\t旧项目\t项目类别：\t其他一次性项目",
        "计划开始日期：\t2020-01-01\t计划完成日期：\t2020-12-31",
        "是否含有政府购买服务：\t否\t绩效类型：\t事业/专业类",
        "项目概况：\t概况  文字。\t\t",
        "项目总预算（元）：\t2,800,000\t项目当年预算（元）：\t2,800,000",
        "同名项目上年预算额（元）：\t3,274,000\t同名项目上年预算执行数（元）：\t3,000,000",
        "一级目标\t二级目标\t三级目标\t指标目标值\t",
        "投入与管理\t投入管理\t预算执行率\t=100%\t",
        "\t产出目标\t数量\t宣传品发放\t>=5000册",
        "效果目标\t环境效益\t现场清洁度\t=100%",
        "满意度\t群众满意度\t>=60%\t",
        "影响力目标\t长效管理\t人员到位率\t=100%",
    ]
    doc = parse_lines(lines)
    form = doc.forms[0]
    assert doc.title == "财政项目支出绩效目标表"
    assert form.fiscal_year == 2020
    assert form.project.implementing_unit == "某某中心"
    assert form.project.category == "其他一次性项目" and form.project.nature is None
    assert form.project.extra == {"是否含有政府购买服务": "否", "绩效类型": "事业/专业类", "项目概况": "概况 文字。"}
    f = form.funds
    assert (f.total, f.annual, f.prior_year_budget, f.prior_year_executed, f.fiscal) == (2800000.0, 2800000.0, 3274000.0, 3000000.0, None)
    assert [(i.level1, i.level2, i.category, i.subcategory) for i in form.indicators] == [
        ("投入与管理", "投入管理", "投入与管理", "投入管理"),
        ("产出目标", "数量", "产出指标", "数量指标"),
        ("效果目标", "环境效益", "效益指标", "生态效益指标"),
        ("效果目标", "满意度", "满意度指标", "服务对象满意度指标"),
        ("影响力目标", "长效管理", "影响力目标", "长效管理"),
    ]


# ---- indicator table ----------------------------------------------------------------

def test_merged_labels_carry_down_and_shifted_cells() -> None:
    form = one_form([
        "产出指标\t数量指标\t甲\t≥1(次)",
        "\t\t乙\t≥2(次)",
        "丙\t\t\t≥3(次)",  # name in column 0, value in column 3
        "\t质量指标\t丁\t=100%",
    ])
    assert rows(form) == [
        ("产出指标", "数量指标", "甲", "≥1(次)"),
        ("产出指标", "数量指标", "乙", "≥2(次)"),
        ("产出指标", "数量指标", "丙", "≥3(次)"),
        ("产出指标", "质量指标", "丁", "=100%"),
    ]
    assert form.warnings == []


def test_centred_label_covers_rows_above_with_warning() -> None:
    n = len(HEADER)
    form = one_form([
        "\t\t宣传品制作成本\t合理",
        "\t经济成本指标\t宣传投放成本\t合理",
        "成本指标\t\t劳务成本\t合理",
        "\t社会成本指标\t覆盖面\t逐渐扩大",
    ])
    assert [(i.level1, i.level2) for i in form.indicators] == [("成本指标", "经济成本指标")] * 3 + [("成本指标", "社会成本指标")]
    assert codes(form) == [("level-carried-up", n + 1)]


def test_level1_from_hierarchy_when_not_printed() -> None:
    n = len(HEADER)
    form = one_form(["产出指标\t时效指标\t甲\t按时完成", "\t经济效益指标\t乙\t显著提升"])
    assert [(i.level1, i.category) for i in form.indicators] == [("产出指标", "产出指标"), ("效益指标", "效益指标")]
    assert codes(form) == [("level-inferred", n + 2)]


def test_captions_furniture_separators_and_repeated_header() -> None:
    form = one_form([
        "绩效指标\t产出指标\t数量指标\t甲\t≥1(次)",
        "",
        "一级指标\t二级指标\t三级指标\t年度(/项目)指标值",
        "绩效 指标\t\t乙\t≥2(次)",
        "-------\t-------\t-------\t-------",
        "放行批注\t\t\t\t",
        "指标\t质量指标\t丙\t=100%",
    ])
    assert rows(form) == [
        ("产出指标", "数量指标", "甲", "≥1(次)"),
        ("产出指标", "数量指标", "乙", "≥2(次)"),
        ("产出指标", "质量指标", "丙", "=100%"),
    ]
    assert form.warnings == []


def test_latex_residue_is_decoded() -> None:
    form = one_form(["满意度指标\t服务对象满意度指标\t甲满意度\t$\\geq 80.00\\text{ (%)}$", "\t\t乙满意度\t$\\geq 90.00\\%$"])
    t = [i.target for i in form.indicators]
    assert [(v.raw, v.op, v.value, v.unit) for v in t] == [("≥80.00(%)", ">=", 80.0, "%"), ("≥90.00%", ">=", 90.0, "%")]


def test_combined_label_cell_is_split() -> None:
    form = one_form(["效益指标\t社会效益指标\t甲\t显著提升", "\t满意度指标 服务对象满意度 指标\t公众满意度\t≥80%"])
    assert [(i.level1, i.level2) for i in form.indicators][1] == ("满意度指标", "服务对象满意度指标")


def test_label_wrapped_over_two_lines_is_joined() -> None:
    n = len(HEADER)
    form = one_form(["产出指标\t数量指标\t甲\t≥1(次)", "满意度指\t服务对象满意度指标\t乙满意度\t≥90%", "标\t\t丙满意度\t≥95%"])
    assert [(i.level1, i.name) for i in form.indicators] == [("产出指标", "甲"), ("满意度指标", "乙满意度"), ("满意度指标", "丙满意度")]
    assert ("label-joined", n + 2) in codes(form)


def test_cost_indicator_as_pre_2021_second_level() -> None:
    form = one_form(["产出指标\t时效指标\t甲\t按时", "\t成本指标\t人均成本控制率\t=100%", "效益指标\t社会效益指标\t乙\t提升"])
    ind = form.indicators[1]
    assert (ind.level1, ind.level2, ind.category, ind.subcategory) == ("产出指标", "成本指标", "产出指标", "成本指标")


def test_unknown_label_before_known_level2_is_noise() -> None:
    n = len(HEADER)
    form = one_form(["效益指标\t经济效益指标\t甲\t提升", "双语指标\t生态效益指标\t乙\t显著提升"])
    assert [(i.level1, i.level2) for i in form.indicators] == [("效益指标", "经济效益指标"), ("效益指标", "生态效益指标")]
    assert codes(form) == [("level-conflict", n + 2)]


def test_labels_printed_beside_the_wrong_row() -> None:
    """003-like: 时效指标 printed one row low, 效益指标 beside a 满意度 row, the block twice."""
    n = len(HEADER)
    form = one_form([
        "产出指标\t质量指标\t甲认可度\t≥80%",
        "\t\t评选\t每年一次",
        "\t时效指标\t社会效益指标\t覆盖面\t≥85%",
        "\t\t\t覆盖人群\t≥1000(万人次)",
        "\t效益指标\t服务对象满意度指标\t使用单位满意度\t≥85%",
        "\t\t\t参评单位认可度\t≥85%",
        "\t满意度指标\t服务对象满意度指标\t使用单位满意度\t≥85%",
        "参评单位认可度\t\t\t≥85%",
    ])
    assert [(i.level1, i.level2, i.name) for i in form.indicators] == [
        ("产出指标", "质量指标", "甲认可度"),
        ("产出指标", "时效指标", "评选"),
        ("效益指标", "社会效益指标", "覆盖面"),
        ("效益指标", "社会效益指标", "覆盖人群"),
        ("满意度指标", "服务对象满意度指标", "使用单位满意度"),
        ("满意度指标", "服务对象满意度指标", "参评单位认可度"),
    ]
    assert sorted(codes(form)) == sorted([
        ("row-realigned", n + 2),
        ("level-inferred", n + 3),
        ("level-conflict", n + 5),
        ("duplicate-dropped", n + 7),
        ("duplicate-dropped", n + 8),
    ])


def test_non_satisfaction_rows_leave_the_satisfaction_group() -> None:
    n = len(HEADER)
    form = one_form([
        "效益指标\t可持续影响指标\t长效管理机制\t有效",
        "满意度指标\t服务对象满意度指标\t财务监控制度有效性\t有效",
        "\t\t参与人员满意度\t≥80%",
    ])
    assert [i.subcategory for i in form.indicators] == ["可持续影响指标", "可持续影响指标", "服务对象满意度指标"]
    assert codes(form) == [("row-realigned", n + 2)]


def test_counts_leave_the_economic_cost_group() -> None:
    n = len(HEADER)
    form = one_form([
        "成本指标\t经济成本指标\t选题策划费用\t≤57.00(万元)",
        "\t\t网站每月发稿量\t≥80.00(条)",
        "",
        "绩效 指标\t产出指标\t数量指标\t集体采访次数\t≥8.00(次)",
    ])
    assert [i.subcategory for i in form.indicators] == ["经济成本指标", "数量指标", "数量指标"]
    assert codes(form) == [("row-realigned", n + 2)]


def test_hidden_second_level_behind_a_lone_first_level() -> None:
    n = len(HEADER)
    form = one_form([
        "数量指标\t活动参与人数\t≥180(人)",
        "产出指标\t会场布置验收合格率\t=100%",
        "\t流程准确率\t=100%",
        "\t时效指标\t资料归档\t按时完成",
    ])
    assert [i.level2 for i in form.indicators] == ["数量指标", "质量指标", "质量指标", "时效指标"]
    assert codes(form) == [("hidden-level2", n + 2)]


def test_name_printed_twice_in_a_row() -> None:
    form = one_form(["产出指标\t数量指标\t加强合作\t加强合作\t\t≥1.00(个)"])
    assert rows(form) == [("产出指标", "数量指标", "加强合作", "≥1.00(个)")]


def test_lone_unknown_cell_is_reported_not_dropped_silently() -> None:
    n = len(HEADER)
    form = one_form(["产出指标\t数量指标\t甲\t≥1(次)", "某段说明文字\t\t\t"])
    assert len(form.indicators) == 1
    assert codes(form) == [("ignored-row", n + 2)]


# ---- documents with several forms; Word export ------------------------------------------

def test_summary_title_and_several_forms() -> None:
    table = ["产出指标\t数量指标\t甲\t≥1(次)"]
    second = [line.replace("测试项目", "第二个项目") for line in HEADER]
    doc = parse_lines(["某某中心2024年度项目绩效目标汇总表", ""] + HEADER + table + [""] + second + table)
    assert doc.title == "某某中心2024年度项目绩效目标汇总表"
    assert [f.project.name for f in doc.forms] == ["测试项目", "第二个项目"]
    assert [len(f.indicators) for f in doc.forms] == [1, 1]


WORD_EXPORT = """
\t附件2：
2022年某某项目绩效目标自评
\t

\t项目名称
\t宣传项目

\t主管部门及代码
\t109101
\t实施单位
\t某某部

\t项目预算
执行情况
（万元）
\t 预算数：
\t100
\t 执行数：
\t16

\t
\t其中：
财政拨款
\t100
\t其中：
财政拨款
\t16

\t
\t其他资金
\t
\t其他资金
\t

\t年度总体目标
完成情况
\t预期目标
\t目标实际完成情况

\t
\t做好宣传。
\t已完成。

\t年度绩效指标完成情况
\t一级
指标
\t二级
指标
\t三级
指标
\t预期指标值
\t实际完成指标值

\t
\t完成
指标
\t数量指标
\t报道篇数
\t≥12篇
\t15篇

\t
\t满意
度指标
\t满意度
指标
\t公众满意度
\t满意度≥90%
\t已完成
"""


def test_word_export_one_cell_per_line_self_evaluation() -> None:
    doc = jixiao.parse(WORD_EXPORT.encode(), name="w.txt")
    assert doc.title == "2022年某某项目绩效目标自评"
    form = doc.forms[0]
    assert (form.kind, form.fiscal_year) == ("self_evaluation", 2022)
    assert (form.project.name, form.project.department, form.project.department_code, form.project.implementing_unit) == ("宣传项目", None, "109101", "某某部")
    f = form.funds
    assert (f.unit_printed, f.budget, f.executed, f.fiscal, f.fiscal_executed, f.other, f.other_executed) == ("万元", 1000000.0, 160000.0, 1000000.0, 160000.0, None, None)
    assert (form.goals.annual, form.goals.annual_actual) == ("做好宣传。", "已完成。")
    assert [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw) for i in form.indicators] == [
        ("完成指标", "数量指标", "报道篇数", "≥12篇", "15篇"),
        ("满意度指标", "满意度指标", "公众满意度", "满意度≥90%", "已完成"),
    ]
    assert [(i.category, i.subcategory) for i in form.indicators] == [("产出指标", "数量指标"), ("满意度指标", "服务对象满意度指标")]
    assert (form.indicators[0].actual.op, form.indicators[0].actual.value) == ("=", 15.0)
    assert form.indicators[0].where.line == 59


def test_markdown_pipe_table() -> None:
    md = "\n".join(HEADER[:13] + [
        "| 一级指标 | 二级指标 | 三级指标 | 年度(/项目)指标值 |",
        "|---|---|---|---|",
        "| 产出指标 | 数量指标 | 甲 | ≥3.00(次) |",
        "| | | 乙 | =100% |",
    ])
    form = jixiao.parse(md.encode(), name="t.md").forms[0]
    assert rows(form) == [("产出指标", "数量指标", "甲", "≥3.00(次)"), ("产出指标", "数量指标", "乙", "=100%")]


# ---- other layouts met in practice ------------------------------------------------------

def test_separate_operator_value_and_unit_columns() -> None:
    head = HEADER[:-1] + ["一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位"]
    form = parse_lines(head + [
        "产出指标\t数量指标\t宣传册\t≥\t5000\t册",
        "\t质量指标\t合格率\t=\t100\t%",
        "\t时效指标\t完成时间\t定性\t按时完成\t",
    ]).forms[0]
    assert [(i.target.raw, i.target.op, i.target.value, i.target.unit, i.target.text) for i in form.indicators] == [
        ("≥5000册", ">=", 5000.0, "册", None),
        ("=100%", "=", 100.0, "%", None),
        ("按时完成", None, None, None, "按时完成"),
    ]


def test_midterm_and_annual_targets_side_by_side() -> None:
    head = HEADER[:-1] + ["一级指标\t二级指标\t三级指标\t中期指标值\t年度指标值"]
    form = parse_lines(head + ["产出指标\t数量指标\t培训人次\t≥3000人次\t≥1000人次"]).forms[0]
    ind = form.indicators[0]
    assert (ind.target.raw, ind.target_longterm.raw) == ("≥1000人次", "≥3000人次")


def test_self_evaluation_columns_weight_score_reason_and_total_row() -> None:
    head = HEADER[:-1] + ["一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"]
    form = parse_lines(head + [
        "产出指标\t数量指标\t培训人次\t≥600人次\t650人次\t20\t20\t",
        "\t质量指标\t合格率\t≥95%\t90%\t20\t18.95\t部分学员未通过考核",
        "总分\t\t\t\t\t40\t38.95\t",
    ]).forms[0]
    assert [(i.name, i.target.raw, i.actual.raw, i.weight, i.score, i.deviation_reason) for i in form.indicators] == [
        ("培训人次", "≥600人次", "650人次", 20.0, 20.0, None),
        ("合格率", "≥95%", "90%", 20.0, 18.95, "部分学员未通过考核"),
    ]
    assert form.kind == "self_evaluation"


def test_department_code_printed_before_the_name() -> None:
    lines = [line.replace("主管部门\t某某委员会", "主管部门及代码\t[123001]某某厅") for line in HEADER]
    form = parse_lines(lines + ["产出指标\t数量指标\t甲\t≥1(次)"]).forms[0]
    assert (form.project.department, form.project.department_code) == ("某某厅", "123001")


def test_summary_title_wins_over_a_section_heading_before_it() -> None:
    table = ["产出指标\t数量指标\t甲\t≥1(次)"]
    doc = parse_lines(["第三部分 项目支出绩效目标表", "某某中心2024年度项目绩效目标汇总表", ""] + HEADER + table)
    assert doc.title == "某某中心2024年度项目绩效目标汇总表"
    assert len(doc.forms) == 1 and doc.forms[0].fiscal_year == 2024


LINE_BY_LINE = """财政项目支出绩效目标申报表
(2024年度)
兰溪路-真南路下立交工 阶段性项
项目名称 项目性质 项目类别 特定目标类
程 目
主管部门 上海市道路运输管理局 实施单位 上海市城市建设投资开发总公司
计划开始日期 2024-01-01 计划完成日期 2024-12-31
项目资金 (元) 年度资金申请总额 5,000,000.00
其中：当年财政拨款 5,000,000.00
一级指标 二级指标 三级指标 年度(/项目)指标值
产出指标 数量指标 下立交建设长度 ≥985米
质量指标 工程验收 =100%
合格率
效益指标 社会效益指标 通行能力提升 显著提升
"""


def test_text_pulled_line_by_line_from_a_pdf() -> None:
    """Cells joined by single spaces, wrapped cells interleaved around their row (the issue's example)."""
    doc = jixiao.parse(LINE_BY_LINE.encode("utf-8"), name="lines.txt")
    form = doc.forms[0]
    p = form.project
    assert (p.name, p.nature, p.category) == ("兰溪路-真南路下立交工程", "阶段性项目", "特定目标类")
    assert (p.department, p.implementing_unit, p.start_date) == ("上海市道路运输管理局", "上海市城市建设投资开发总公司", "2024-01-01")
    assert (form.funds.annual, form.funds.fiscal) == (5000000.0, 5000000.0)
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in form.indicators] == [
        ("产出指标", "数量指标", "下立交建设长度", "≥985米"),
        ("产出指标", "质量指标", "工程验收合格率", "=100%"),
        ("效益指标", "社会效益指标", "通行能力提升", "显著提升"),
    ]
    assert [w.code for w in doc.warnings] == ["cell-joined"]
    assert [w.code for w in form.warnings] == ["cell-joined"]
