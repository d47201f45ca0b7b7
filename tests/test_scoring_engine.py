"""The scoring engine on small forms whose scores were worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.model import Form, Funds, Indicator, Project
from jixiao.scoring import load_method, score_document, score_form
from jixiao.values import parse_value

HERE = Path(__file__).parent
SEED_004 = HERE.parent / "examples" / "004_118172d649d3c167.txt"  # the published seed, bundled with the examples
ASK = "请选择完成等级（达成/部分达成/未达成）或填写得分"


def ind(name: str, category: str | None, target: str | None, actual: str | None, *, weight: float | None = None,
        score: float | None = None, grade: str | None = None) -> Indicator:
    return Indicator(name=name, category=category, target=parse_value(target) if target else None,
                     actual=parse_value(actual) if actual else None, weight=weight, score=score, actual_grade=grade)


def form(*indicators: Indicator, budget: float | None = 100.0, executed: float | None = 100.0, annual: float | None = None,
         year: int | None = 2023, extra: dict[str, str] | None = None, unit: str = "元") -> Form:
    return Form(kind="self_evaluation", fiscal_year=year, project=Project(extra=extra or {}),
                funds=Funds(unit_printed=unit, budget=budget, executed=executed, annual=annual), indicators=list(indicators))


def full_set(*extra: Indicator) -> list[Indicator]:
    """One indicator per category, all met."""
    return [ind("产量", "产出指标", "≥10个", "10个"), ind("效益", "效益指标", "≥10个", "10个"),
            ind("满意度", "满意度指标", "≥90%", "95%"), *extra]


# --- weights ------------------------------------------------------------------------------


def test_printed_weights_are_used() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥100个", "80个", weight=40), ind("b", "产出指标", "≥1个", "1个", weight=20),
                         ind("c", "效益指标", "≥1个", "1个", weight=25), ind("d", "满意度指标", "≥90%", "90%", weight=5)))
    assert [(r.weight, r.weight_source) for r in ev.indicators] == [(40, "printed"), (20, "printed"), (25, "printed"), (5, "printed")]
    assert [r.score for r in ev.indicators] == [32.0, 20.0, 25.0, 5.0]  # 40 × 80/100 = 32
    assert {k: (c.weight, c.weight_source, c.indicators) for k, c in ev.categories.items()} == {
        "产出指标": (60, "printed", 2), "效益指标": (25, "printed", 1), "满意度指标": (5, "printed", 1)}
    assert ev.max == 100 and ev.total == 92.0 and ev.grade == "优" and ev.complete


def test_equal_split_in_cents_adds_up() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个"), ind("b", "产出指标", "≥1个", "1个"), ind("c", "产出指标", "≥1个", "1个"),
                         ind("d", "效益指标", "≥1个", "1个"), ind("e", "效益指标", "≥1个", "1个"), ind("f", "满意度指标", "≥90%", "95%")))
    assert [(r.weight, r.weight_source) for r in ev.indicators] == [
        (16.67, "equal"), (16.67, "equal"), (16.66, "equal"), (15, "equal"), (15, "equal"), (10, "equal")]
    assert ev.categories["产出指标"].weight == 50 and ev.categories["产出指标"].score == 50
    assert ev.categories["产出指标"].weight_source == "default"
    assert ev.total == 100 and ev.max == 100 and ev.grade == "优"


def test_remainder_goes_to_unprinted_indicators() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个", weight=20), ind("b", "产出指标", "≥1个", "1个"),
                         ind("c", "产出指标", "≥2个", "1个"), *full_set()[1:]))
    assert [(r.weight, r.weight_source) for r in ev.indicators[:3]] == [(20, "printed"), (15, "remainder"), (15, "remainder")]
    assert ev.indicators[2].score == 7.5  # 15 × 1/2
    assert ev.categories["产出指标"].weight == 50 and ev.categories["产出指标"].weight_source == "default"
    assert ev.categories["产出指标"].score == 42.5


def test_no_remainder_left_is_a_problem() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个", weight=50), ind("b", "产出指标", "≥1个", "1个"), *full_set()[1:]))
    b = ev.indicators[1]
    assert b.weight is None and b.score is None
    assert b.problem == "产出指标已印分值合计 50，不少于该类权重 50，未印分值的指标无法分配分值"
    assert not ev.complete and ev.grade is None
    assert ev.problems[0].startswith("第2项「b」：产出指标已印分值合计 50")


def test_a_single_category_takes_all_the_weight() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个"), ind("b", "产出指标", "≥2个", "1个")))
    assert ev.categories["产出指标"].weight == 90 and [r.weight for r in ev.indicators] == [45, 45]
    assert ev.total == 77.5 and ev.grade == "中"  # 10 + 45 + 45 × 1/2


def test_redistribution_when_satisfaction_is_absent() -> None:
    # 满意度 10 goes to 产出/效益 in proportion 50:30, i.e. 62.5% / 37.5%: +6.25 / +3.75 -> 56.25 / 33.75
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个"), ind("b", "产出指标", "≥1个", "1个"), ind("c", "效益指标", "≥1个", "1个")))
    assert {k: (c.weight, c.weight_source) for k, c in ev.categories.items()} == {
        "产出指标": (56.25, "redistributed"), "效益指标": (33.75, "redistributed")}
    assert [r.weight for r in ev.indicators] == [28.13, 28.12, 33.75]
    assert ev.max == 100 and ev.total == 100 and ev.grade == "优"
    assert ev.notes[0] == ("满意度指标没有指标，其权重 10 分按比例分给其余一级指标："
                           "产出指标 +6.25（62.5%）→ 56.25, 效益指标 +3.75（37.5%）→ 33.75。")


def test_no_redistribution_when_weights_are_printed() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个", weight=60), ind("c", "效益指标", "≥1个", "1个", weight=30)))
    assert {k: c.weight for k, c in ev.categories.items()} == {"产出指标": 60, "效益指标": 30}
    assert ev.max == 100 and ev.total == 100
    assert "满意度指标没有指标；表中印有分值，其权重不再分配。" in ev.notes


def test_cost_category_is_pooled_into_output() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", "1个"), ind("成本控制", "成本指标", "≤100万元", "90万元"), *full_set()[1:]))
    assert list(ev.categories) == ["产出指标", "效益指标", "满意度指标"]
    assert ev.categories["产出指标"].indicators == 2 and ev.categories["产出指标"].weight == 50
    cost = ev.indicators[1]
    assert (cost.category, cost.weight, cost.rule, cost.score) == ("成本指标", 25, "reverse", 25)
    assert "成本指标（1项）按评分方法 mof-2020 的设置并入产出指标的权重计分。" in ev.notes
    assert ev.total == 100


def test_legacy_influence_is_pooled_into_benefit() -> None:
    ev = score_form(form(full_set()[0], ind("长效机制", "影响力目标", "≥1项", "1项"), ind("b", "效益指标", "≥1个", "1个"), full_set()[2]))
    assert ev.categories["效益指标"].indicators == 2
    assert [r.weight for r in ev.indicators] == [50, 15, 15, 10]


def test_unweighted_category_is_not_scored() -> None:
    ev = score_form(form(*full_set(ind("资金到位率", "投入与管理", "=100%", "100%"))))
    r = ev.indicators[3]
    assert r.score is None and r.weight is None
    assert r.problem == "一级指标「投入与管理」不在评分方法 mof-2020 的权重中，不计分"
    assert ev.total == 100 and not ev.complete and ev.grade is None


def test_printed_execution_weight_wins() -> None:
    ev = score_form(form(*full_set(), budget=100, executed=50, extra={"预算执行分值": "20"}))
    assert (ev.execution.weight, ev.execution.weight_source, ev.execution.score) == (20, "printed", 10)
    assert ev.max == 110  # 20 + 50 + 30 + 10
    assert ev.total == 100  # 10 + 90; graded on 100/110 × 100 = 90.91 -> 优
    assert ev.grade == "优" and "满分为 110，按百分制折算为 90.91 分后评定等级。" in ev.notes


# --- quantitative ---------------------------------------------------------------------------


def test_direction_from_the_operator_and_the_name() -> None:
    ev = score_form(form(ind("运营成本", "产出指标", "=100万元", "120万元", weight=10),  # = with a 成本 name: 反向
                         ind("设备台数", "产出指标", "=100台", "90台", weight=10),  # =: 等值
                         ind("响应时长", "产出指标", "≤24小时", "30小时", weight=10),  # ≤: 反向 R1
                         ind("覆盖人数", "产出指标", "≥1000人", "1500人", weight=10),  # ≥: 正向, over-achieved
                         ind("合格率", "产出指标", "80%-90%", "70%", weight=10)))  # 区间 below
    assert [r.rule for r in ev.indicators] == ["reverse", "equal", "reverse", "positive", "between"]
    assert [r.score for r in ev.indicators] == [8.0, 9.0, 7.5, 10.0, 8.75]
    assert [r.ratio for r in ev.indicators] == [1.2, 0.9, 1.25, 1.5, None]
    assert ev.indicators[0].note == "反向（R1）：w×max(0,(2A−B)/A) = 10×max(0,(2×100−120)/100) = 8.00"
    assert ev.indicators[1].note == "等值（按正向）：B/A×w = 90/100×10 = 9.00"
    assert ev.indicators[3].flags == ["over-achievement"]
    assert ev.indicators[3].note.startswith("正向：B ≥ A（1500 ≥ 1000），得满分 10；B/A = 150.00%，达到超额阈值 130%")
    assert ev.indicators[4].note == "区间：B < 下限，按正向对下限计：B/A×w = 70/80×10 = 8.75"
    assert "第4项「覆盖人数」实际值超过目标 30% 以上，请说明原因。" in ev.notes


def test_equal_with_zero_target() -> None:
    ev = score_form(form(ind("安全事故", "产出指标", "=0次", "0次", weight=10), ind("设备损坏数", "产出指标", "=0台", "1台", weight=10),
                         ind("返工数", "产出指标", "=0次", "2次", weight=10)))
    # 事故 is a lower-is-better name: 反向 with A = 0; 设备损坏数 has no direction word: 等值 with A = 0
    assert [(r.rule, r.score) for r in ev.indicators] == [("reverse", 10.0), ("equal", 0.0), ("equal", 0.0)]
    assert ev.indicators[1].note == "等值：A = 0，B = 1 > 0，得 0 分"


def test_actual_with_operator_uses_its_value_and_range_is_a_problem() -> None:
    ev = score_form(form(ind("达标率", "产出指标", "≥100%", "≥95%", weight=10), ind("覆盖率", "产出指标", "≥90%", "90%-95%", weight=10)))
    assert ev.indicators[0].score == 9.5
    assert ev.indicators[1].score is None
    assert ev.indicators[1].problem == "实际完成值是区间「90%-95%」，无法计算；请填写一个实际数值"


def test_unit_conversion() -> None:
    ev = score_form(form(ind("资金规模", "产出指标", "≥50万元", "480000元", weight=10),
                         ind("培训人次", "产出指标", "≥2万人次", "23500人次", weight=10),
                         ind("维修处数", "产出指标", "≥200处", "190", weight=10),
                         ind("受益金额", "产出指标", "≥50万元", "3人次", weight=10)))
    a, b, c, d = ev.indicators
    assert (a.score, a.ratio) == (9.6, 0.96)  # 48万元 / 50万元 × 10
    assert a.note == "实际 480000元 = 48万元；正向：B/A×w = 48/50×10 = 9.60"
    assert (b.score, b.ratio) == (10.0, 1.175)  # 2.35万人次 ≥ 2万人次
    assert b.note == "实际 23500人次 = 2.35万人次；正向：B ≥ A（2.35 ≥ 2），得满分 10"
    assert c.score == 9.5 and c.flags == ["unit-assumed"]
    assert c.note == "实际完成值未写单位，按目标单位「处」计；正向：B/A×w = 190/200×10 = 9.50"
    assert d.score is None and d.problem == "单位不一致（目标「万元」，实际「人次」），无法换算"


def test_printed_score_that_differs_is_flagged_not_used() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥100个", "80个", weight=10, score=9)))
    assert ev.indicators[0].score == 8.0 and ev.indicators[0].flags == ["printed-score-differs"]
    assert ev.indicators[0].note.endswith("（表中得分 9）")


# --- qualitative ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "grade", "score"),
    [
        ("已完成", "达成", 10.0),
        ("已按时完成。", "达成", 10.0),  # trailing punctuation removed
        ("达 标", "达成", 10.0),  # spaces removed
        ("是", "达成", 10.0),
        ("基本完成", "部分达成", 8.0),
        ("部分达成年度指标并具有一定效果", "部分达成", 8.0),
        ("未完成", "未达成", 6.0),
        ("否", "未达成", 6.0),
    ],
)
def test_wording_map(actual: str, grade: str, score: float) -> None:
    r = score_form(form(ind("宣传效果", "效益指标", "显著提升", actual, weight=10))).indicators[0]
    assert (r.rule, r.grade, r.score) == ("qualitative", grade, score)


@pytest.mark.parametrize("actual", ["未支付完成", "已完成大部分", "完成了", "良好"])
def test_unknown_wording_is_reported_not_guessed(actual: str) -> None:
    r = score_form(form(ind("宣传效果", "效益指标", "显著提升", actual, weight=10))).indicators[0]
    assert r.score is None and r.grade is None
    assert r.problem == f"无法识别的完成情况「{actual}」，{ASK}"


def test_unknown_wording_with_a_given_score_uses_the_score() -> None:
    r = score_form(form(ind("宣传效果", "效益指标", "显著提升", "效果良好", weight=10, score=9))).indicators[0]
    assert (r.score, r.grade) == (9.0, None)
    assert r.note == "定性：完成情况「效果良好」没有对应的等级，采用表中得分 9（不超过分值 10）"


def test_grade_band_with_a_given_score() -> None:
    ev = score_form(form(ind("a", "效益指标", "显著提升", "已完成", weight=10, score=9),
                         ind("b", "效益指标", "显著提升", "已完成", weight=10, score=7),
                         ind("c", "效益指标", "显著提升", "有所提升", weight=10, grade="部分达成年度指标并具有一定效果"),
                         ind("d", "效益指标", "显著提升", "有所提升", weight=10, grade="未达成年度指标且效果较差", score=3)))
    a, b, c, d = ev.indicators
    assert (a.grade, a.score) == ("达成", 9.0)
    assert a.note == "定性：「已完成」 → 达成（80%–100%），采用表中得分 9（在 8.00–10.00 之内）"
    assert (b.grade, b.score) == ("达成", None)
    assert b.problem == "定性：「已完成」 → 达成（80%–100%），表中得分 7 不在该档 8.00–10.00 之内，请核对完成等级或得分"
    assert (c.grade, c.score) == ("部分达成", 8.0)  # the top of 60%–80%
    assert (d.grade, d.score) == ("未达成", 3.0)


def test_unknown_grade_is_reported() -> None:
    r = score_form(form(ind("a", "效益指标", "显著提升", "有所提升", weight=10, grade="良好"))).indicators[0]
    assert r.score is None and r.problem == "无法识别的完成等级「良好」，请选择 达成/部分达成/未达成"


def test_numeric_actual_against_text_target() -> None:
    ev = score_form(form(ind("a", "效益指标", "显著提升", "95%", weight=10),
                         ind("b", "效益指标", "显著提升", "95%", weight=10, grade="达成")))
    assert ev.indicators[0].score is None
    assert ev.indicators[0].problem == f"指标值为文字描述「显著提升」，实际完成值「95%」无法按公式比较；{ASK}"
    assert (ev.indicators[1].rule, ev.indicators[1].grade, ev.indicators[1].score) == ("qualitative", "达成", 10.0)


def test_wording_against_a_numeric_target() -> None:
    r = score_form(form(*full_set()[:2], ind("满意度", "满意度指标", "≥90%", "已完成"))).indicators[2]
    assert (r.rule, r.grade, r.score, r.weight) == ("qualitative", "达成", 10.0, 10)


def test_missing_actual() -> None:
    ev = score_form(form(ind("a", "产出指标", "≥1个", None), ind("b", "产出指标", "≥1个", None, grade="达成"), *full_set()[1:]))
    assert ev.indicators[0].score is None and ev.indicators[0].problem == "缺少实际完成值"
    assert ev.indicators[1].score == 25.0
    assert "第1项「a」：缺少实际完成值" in ev.problems


# --- deadlines ------------------------------------------------------------------------------


def test_deadline_met() -> None:
    ev = score_form(form(ind("完工时间", "产出指标", "2023年11月底前", "2023年11月30日", weight=10),
                         ind("完工时间", "产出指标", "12月底前", "12月20日", weight=10),  # year from fiscal_year
                         ind("完工时间", "产出指标", "2024年6月30日前", "2024-06-30", weight=10),
                         ind("完工时间", "产出指标", "2023年11月底前", "按时完成", weight=10)))
    assert [(r.rule, r.score) for r in ev.indicators] == [("deadline", 10.0), ("deadline", 10.0), ("deadline", 10.0), ("qualitative", 10.0)]
    assert ev.indicators[0].note == "时限：实际 2023-11-30 不晚于期限 2023-11-30，得满分 10"
    assert ev.indicators[1].note == "时限：实际 2023-12-20 不晚于期限 2023-12-31，得满分 10"


def test_deadline_missed_asks_for_a_grade() -> None:
    ev = score_form(form(ind("完工时间", "产出指标", "2023年11月底前", "2023年12月5日", weight=10),
                         ind("完工时间", "产出指标", "2023年11月底前", "2023年12月5日", weight=10, grade="部分达成"),
                         ind("完工时间", "产出指标", "10日内完成", "8日", weight=10),
                         ind("完工时间", "产出指标", "12月底前", "12月20日", weight=10)), )
    a, b, c, _ = ev.indicators
    assert (a.rule, a.score) == ("deadline", None)
    assert a.problem == f"实际完成日期 2023-12-05 晚于期限 2023-11-30，{ASK}"
    assert (b.rule, b.grade, b.score) == ("qualitative", "部分达成", 8.0)
    assert b.note.startswith("实际完成日期 2023-12-05 晚于期限 2023-11-30；定性：完成等级「部分达成」 → 部分达成")
    assert c.score is None and c.problem.startswith("无法读取期限「10日内完成」")


def test_deadline_without_any_year() -> None:
    r = score_form(form(ind("完工时间", "产出指标", "12月底前", "12月20日", weight=10), year=None)).indicators[0]
    assert r.score is None and r.problem == f"无法读取期限「12月底前」（缺少年份或日期），{ASK}"


# --- execution ------------------------------------------------------------------------------


def test_execution_rate() -> None:
    ex = score_form(form(*full_set(), budget=1_000_000, executed=160_000, unit="万元")).execution
    assert (ex.budget, ex.executed, ex.rate, ex.weight, ex.score) == (1_000_000, 160_000, 0.16, 10, 1.6)
    assert ex.note == "执行率 = 16.00 / 100.00 = 16.00%；得分 = 16.00% × 10 = 1.60；执行率低于 90%，需说明原因"
    assert ex.flags == ["low-execution"]


def test_execution_falls_back_to_the_annual_amount_and_caps_at_the_weight() -> None:
    ex = score_form(form(*full_set(), budget=None, annual=200_000, executed=210_000)).execution
    assert (ex.budget, ex.rate, ex.score, ex.flags) == (200_000, 1.05, 10.0, ["over-execution"])
    assert ex.note == "执行率 = 210000.00 / 200000.00 = 105.00%；得分 = min(105.00%, 100%) × 10 = 10.00；执行数大于预算数，请核对"


@pytest.mark.parametrize(
    ("budget", "executed", "problem"),
    [(None, 10.0, "缺少预算数，无法计算预算执行率"), (10.0, None, "缺少执行数，无法计算预算执行率"),
     (None, None, "缺少预算数、执行数，无法计算预算执行率"), (0.0, 0.0, "预算数为 0，无法计算预算执行率")],
)
def test_execution_not_scored(budget, executed, problem) -> None:
    ev = score_form(form(*full_set(), budget=budget, executed=executed))
    assert ev.execution.score is None and ev.execution.problem == problem
    assert ev.problems == [f"预算执行率：{problem}"]
    assert ev.total == 90 and not ev.complete and ev.grade is None


# --- totals and grades ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b", "total", "grade"),
    [(100, 90.0, "优"), (99.98, 89.99, "良"), (80, 80.0, "良"), (79.98, 79.99, "中"), (40, 60.0, "中"), (39.98, 59.99, "差")],
)
def test_grade_at_band_edges(b: float, total: float, grade: str) -> None:
    # execution 0/100 -> 0; 产出 50 × b/100; 效益 30 and 满意度 10 full
    f = form(ind("a", "产出指标", "≥100个", f"{b}个", weight=50), ind("b", "效益指标", "≥1个", "1个", weight=30),
             ind("c", "满意度指标", "≥90%", "90%", weight=10), budget=100, executed=0)
    ev = score_form(f)
    assert (ev.total, ev.grade, ev.complete) == (total, grade, True)


def test_parsed_text_form() -> None:
    text = "\n".join([
        "项目支出绩效自评表", "（2023年度）", "项目名称\t测试项目", "主管部门\t某厅\t实施单位\t某中心",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t100.00\t100.00\t80.00\t10\t80.00%\t8.00",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "\t产出指标\t数量指标\t培训人次\t≥2万人次\t23500人次\t\t\t",
        "\t\t\t资金规模\t≥50万元\t480000元\t\t\t",
        "\t\t时效指标\t完成时间\t12月底前\t12月20日\t\t\t",
        "\t效益指标\t社会效益指标\t投诉次数\t≤5次\t6次\t\t\t",
        "\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t基本完成\t\t\t",
    ])
    ev = score_form(jixiao.parse(text.encode(), name="x.txt").forms[0])
    # 8.00 + 产出 50/3 -> 16.67, 16.67, 16.66: 2.35 ≥ 2 -> 16.67; 16.67 × 48/50 = 16.0032 -> 16.00; deadline met -> 16.66
    # 投诉次数 ≤5, 6: 30 × (10 − 6)/5 = 24.00; 基本完成 -> 部分达成, top 80% × 10 = 8.00
    assert [r.score for r in ev.indicators] == [16.67, 16.0, 16.66, 24.0, 8.0]
    assert (ev.execution.score, ev.total, ev.grade, ev.complete) == (8.0, 89.33, "良", True)


# --- end to end -----------------------------------------------------------------------------


def test_s03_scores_as_printed() -> None:
    doc = jixiao.parse(HERE / "samples" / "s03_zhejiang_selfeval_10hao.txt")
    f = doc.forms[0]
    ev = score_form(f)
    assert (ev.total, ev.max, ev.complete, ev.grade) == (98.97, 100, True, "优")
    assert (ev.execution.rate, ev.execution.score) == (0.95, 9.5)
    assert ev.execution.note == "执行率 = 456.00 / 480.00 = 95.00%；得分 = 95.00% × 10 = 9.50"
    assert [r.score for r in ev.indicators] == [ind.score for ind in f.indicators]
    assert [r.score for r in ev.indicators] == [20, 9.47, 10, 10, 15, 15, 10]
    assert ev.indicators[1].note == "正向：B/A×w = 1420/1500×10 = 9.47"
    assert ev.indicators[3].rule == "deadline"
    assert all(not r.flags for r in ev.indicators) and ev.problems == []


def _seed_forms() -> list[Form]:
    return jixiao.parse(SEED_004).forms


# 004: 产出 (完成指标) has 4 rows -> 12.5 each; the 成本 row's 「未支付完成」 is unknown wording.
# 效益 30 and 满意度 10 with 已完成 -> full.
@pytest.mark.parametrize(
    ("i", "rate", "execution", "total"),
    [
        (0, 0.16, 1.6, 79.1),  # 16 / 100; 1.6 + 37.5 + 30 + 10
        (1, 0.8697, 8.7, 86.2),  # 99.63 / 114.56 = 86.97% -> 8.6968 -> 8.70; 8.7 + 77.5
        (2, 0.1905, 1.9, 79.4),  # 40 / 210 = 19.05% -> 1.9048 -> 1.90; 1.9 + 77.5
    ],
)
def test_seed_004(i: int, rate: float, execution: float, total: float) -> None:
    ev = score_form(_seed_forms()[i])
    assert (ev.execution.rate, ev.execution.score) == (rate, execution)
    assert [r.weight for r in ev.indicators] == [12.5, 12.5, 12.5, 12.5, 30, 10]
    assert [r.score for r in ev.indicators] == [12.5, 12.5, 12.5, None, 30, 10]
    assert [r.grade for r in ev.indicators] == ["达成", "达成", "达成", None, "达成", "达成"]
    assert ev.indicators[3].problem == f"无法识别的完成情况「未支付完成」，{ASK}"
    assert {k: c.score for k, c in ev.categories.items()} == {"产出指标": 37.5, "效益指标": 30, "满意度指标": 10}
    assert (ev.total, ev.complete, ev.grade) == (total, False, None)
    assert "low-execution" in ev.execution.flags


def test_score_document_fills_a_copy() -> None:
    doc = jixiao.parse(HERE / "samples" / "s03_zhejiang_selfeval_10hao.txt")
    scored = score_document(doc)
    assert doc.forms[0].evaluation is None
    ev = scored.forms[0].evaluation
    assert ev["method"] == "mof-2020" and ev["method_version"] == "2020.1" and ev["total"] == 98.97
    assert ev["categories"]["产出指标"] == {"weight": 50.0, "score": 49.47, "indicators": 4, "weight_source": "printed"}
    assert scored.forms[0].indicators[1].score == 9.47  # the printed score is untouched


def test_score_document_leaves_declarations_alone() -> None:
    doc = jixiao.parse(HERE / "samples" / "s01_hunan_declaration.txt")
    assert all(f.evaluation is None for f in score_document(doc, load_method()).forms)
