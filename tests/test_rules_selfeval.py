"""The 自评 rules (JX-S5xx) on exact cases: totals arithmetic, tolerances, thresholds, grades.

The rules' own examples are tested both ways by ``tests/test_rules.py``; these are the
edges: what adds up within the tolerance, the printed rate's precision, the thresholds
taken from the scoring method, the grade words, and the 10号 sample that must pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.review import REGISTRY, load_profile, review_form
from jixiao.review.examples import form_of
from jixiao.review.rule import Example
from jixiao.review.rules.selfeval import _R1, _R2, _R3, _R4, _funds, _matrix, _table
from jixiao.scoring import load_method

ROOT = Path(__file__).resolve().parent.parent
PROFILE = load_profile()
CODES = sorted(c for c in REGISTRY if c.startswith("JX-S5"))


def found(form, code: str, profile=PROFILE) -> list:
    return [f for f in review_form(form, 0, profile).findings if f.code == code]


def outcome(form, code: str) -> str:
    """failed / passed / not evaluated: a check that did not run is never a pass."""
    c = review_form(form, 0, PROFILE).coverage
    return "failed" if code in c.failed else "passed" if code in c.passed else "not evaluated"


def verdict(reported: bool) -> str:
    return "failed" if reported else "passed"


def example(text: str, header: dict[str, str]):
    return form_of(Example(text, header=header))


def profile_with(tmp_path: Path, rules: str):
    p = tmp_path / "p.yaml"
    p.write_text(f"name: p\nversion: '1'\nextends: national-101\nrules:\n{rules}", encoding="utf-8")
    return load_profile(str(p))


# ---------------------------------------------------------------- the catalogue


def test_nine_selfeval_rules_apply_to_self_evaluations_only() -> None:
    assert CODES == [f"JX-S50{i}" for i in range(1, 10)]
    for code in CODES:
        cls = REGISTRY[code]
        assert cls.dimension == "自评" and cls.applies_to == ("self_evaluation",)
        assert "财预〔2020〕10号" in cls.citation


def test_declarations_are_not_evaluated() -> None:
    review = review_form(form_of(REGISTRY["JX-C101"].good[0]), 0, PROFILE)
    for code in CODES:
        assert review.coverage.not_evaluated[code].startswith("不适用于申报表")


def test_default_thresholds_are_the_methods() -> None:
    m = load_method()
    assert REGISTRY["JX-S506"].params["threshold"] == m.execution_explain
    assert REGISTRY["JX-S508"].params["ratio"] == m.over_achievement


# ---------------------------------------------------------------- the printed samples


@pytest.mark.parametrize("path", ["tests/samples/s03_zhejiang_selfeval_10hao.txt", "tests/fixtures/selfeval/selfeval_10hao.txt",
                                  "tests/fixtures/selfeval/selfeval_10hao.xlsx"])
def test_the_10hao_sample_passes_every_check(path: str) -> None:
    """Hand-checked: 分值 20+10+10+10+15+15+10 + 10 = 100; 得分 89.47 + 9.50 = 98.97; 456/480 = 95.00%;
    every actual printed; 1420/1500×10 = 9.47 with a reason; no ratio ≥ 130%; 98.97 is 优 (where printed)."""
    form = jixiao.parse(ROOT / path).forms[0]
    review = review_form(form, 0, PROFILE)
    assert [f.code for f in review.findings if f.code.startswith("JX-S")] == []
    graded = "自评等级" in form.project.extra
    assert [c for c in CODES if c in review.coverage.passed] == [c for c in CODES if graded or c != "JX-S507"]


def test_seed_004_only_low_execution() -> None:
    doc = jixiao.parse(ROOT / "examples" / "004_118172d649d3c167.txt")
    got = [[(f.code, f.message.split("（")[0]) for f in review_form(form, i, PROFILE).findings if f.code.startswith("JX-S")]
           for i, form in enumerate(doc.forms)]
    assert got == [[("JX-S506", "预算执行率 16.00%")], [("JX-S506", "预算执行率 86.97%")], [("JX-S506", "预算执行率 19.05%")]]


# ---------------------------------------------------------------- JX-S501


def test_every_actual_missing_is_one_form_finding() -> None:
    rows = [r.replace("\t205处\t", "\t\t").replace("\t1420个\t", "\t\t").replace("\t99.2%\t", "\t—\t").replace("\t93%\t", "\t/\t")
            for r in (_R1, _R2, _R3, _R4)]
    got = found(example(_table(*rows, total=None), _funds()), "JX-S501")
    assert [(f.indicator, f.field, f.message) for f in got] == [(None, "indicators", "全部4个指标都没有填写实际完成值 / no indicator has an actual value")]


def test_a_completion_grade_counts_as_an_actual() -> None:
    form = example(_table(_R1, _R2.replace("\t1420个\t", "\t\t"), _R3, _R4, total=None), _funds())
    assert len(found(form, "JX-S501")) == 1
    form.indicators[1].actual_grade = "部分达成"
    assert found(form, "JX-S501") == []


# ---------------------------------------------------------------- JX-S503: totals


def test_totals_message_is_exact() -> None:
    got = found(example(_table(_R1, _R2, _R3, _R4, total="总分\t100\t97.43\t"), _matrix()), "JX-S503")
    assert [(f.severity, f.field, f.message) for f in got] == [
        ("error", "project.extra.总得分", "各指标得分合计 88.93 + 预算执行率得分 9.5 = 98.43，表中总得分 97.43（相差 1） / "
                                        "the printed total of scores is not the sum of the parts")]


@pytest.mark.parametrize(("total", "reported"), [("98.38", False), ("98.48", False), ("98.37", True), ("98.49", True)])
def test_totals_tolerance_is_per_row(total: str, reported: bool) -> None:
    """5 rows added (4 indicators + 预算执行率): 0.05 allowed around 98.43."""
    form = example(_table(_R1, _R2, _R3, _R4, total=f"总分\t100\t{total}\t"), _matrix())
    assert outcome(form, "JX-S503") == verdict(reported)


def test_totals_tolerance_param(tmp_path: Path) -> None:
    form = example(_table(_R1, _R2, _R3, _R4, total="总分\t100\t98.30\t"), _matrix())
    assert found(form, "JX-S503")
    assert not found(form, "JX-S503", profile_with(tmp_path, "  JX-S503: {params: {tolerance_per_row: 0.03}}\n"))


@pytest.mark.parametrize(("total", "reported"), [("88.93", False), ("98.43", False), ("98.93", True), ("99.50", True)])
def test_unprinted_execution_part(total: str, reported: bool) -> None:
    """No 预算执行率 分值/得分 printed: the total may leave it out (88.93) or include the computed 9.50 (98.43)."""
    form = example(_table(_R1, _R2, _R3, _R4, total=f"总分\t100\t{total}\t"), _funds())
    assert outcome(form, "JX-S503") == verdict(reported)


def test_weights_total_without_the_execution_weight() -> None:
    form = example(_table(_R1, _R2, _R3, _R4, total="总分\t90\t88.93\t"), _funds())
    assert not found(form, "JX-S503")
    form = example(_table(_R1, _R2, _R3, _R4, total="总分\t95\t88.93\t"), _funds())
    assert [f.field for f in found(form, "JX-S503")] == ["project.extra.总分值"]


def test_a_total_is_checked_only_when_every_part_is_printed() -> None:
    no_score = _R2.replace("\t18.93\t", "\t\t")
    review = review_form(example(_table(_R1, no_score, _R3, _R4, total="总分\t100\t50\t"), _funds()), 0, PROFILE)
    assert "JX-S503" in review.coverage.passed  # 分值 checked, 得分 not (a row prints none)
    no_weight = _R2.replace("\t20\t18.93\t", "\t\t\t")
    review = review_form(example(_table(_R1, no_weight, _R3, _R4), _funds()), 0, PROFILE)
    assert review.coverage.not_evaluated["JX-S503"].startswith("有指标没有印出分值或得分")


# ---------------------------------------------------------------- JX-S503: the printed rate


@pytest.mark.parametrize(("executed", "rate", "reported"), [
    ("456.00", "95.00%", False),
    ("456.00", "94.00%", True),
    ("458.00", "95.42%", False),   # 95.4167%: rounded to 2 decimals
    ("458.00", "95.40%", True),
    ("458.00", "95%", False),      # printed without decimals: ±0.5
    ("458.00", "96%", True),
    ("456.00", "0.95", False),     # a fraction
])
def test_printed_rate(executed: str, rate: str, reported: bool) -> None:
    score = "9.50" if executed == "456.00" else "9.54"
    total = "98.43" if executed == "456.00" else "98.47"
    form = example(_table(_R1, _R2, _R3, _R4, total=f"总分\t100\t{total}\t"), _matrix(executed=executed, rate=rate, score=score))
    got = found(form, "JX-S503")
    assert outcome(form, "JX-S503") == verdict(reported)
    assert all(f.severity == "warning" and f.field == "project.extra.预算执行率" for f in got)


def test_rate_finding_follows_a_lowered_severity(tmp_path: Path) -> None:
    form = example(_table(_R1, _R2, _R3, _R4), _matrix(rate="94.00%"))
    assert [f.severity for f in found(form, "JX-S503", profile_with(tmp_path, "  JX-S503: {severity: info}\n"))] == ["info"]


# ---------------------------------------------------------------- JX-S502, JX-S504, JX-S505


def test_score_equal_to_weight_is_fine() -> None:
    form = example(_table(_R1, _R2, _R3, _R4), _matrix(executed="480.00", rate="100.00%", score="10"))
    assert not found(form, "JX-S502") and not found(form, "JX-S505")


def test_shortfall_reason_only_for_rows_below_weight() -> None:
    rows = (_R1.replace("\t30\t30\t", "\t30\t29.5\t"), _R2, _R3, _R4.replace("\t10\t10\t", "\t10\t10\t—"))
    got = found(example(_table(*rows, total="总分\t100\t97.93\t"), _matrix()), "JX-S504")
    assert [f.indicator for f in got] == [0]


def test_fiscal_row_over_budget() -> None:
    form = example(_table(_R1, _R2, _R3, _R4, total=None), _funds())
    form.funds.fiscal, form.funds.fiscal_executed = 4_000_000.0, 4_560_000.0
    got = found(form, "JX-S505")
    assert [(f.field, f.message.rsplit(" / ", 1)[0]) for f in got] == [
        ("funds.fiscal_executed", "财政拨款执行数 4,560,000.00元（456万元） 大于其中：财政拨款预算数 4,000,000.00元（400万元）（执行率 114.00%）")]


# ---------------------------------------------------------------- JX-S506


def _low(executed: str = "400.00"):
    return example(_table(_R1, _R2, _R3, _R4, total=None), _funds(executed=executed))


def test_low_execution_explained_by_the_actuals_workbook() -> None:
    form = _low()
    assert found(form, "JX-S506")
    form.project.extra["执行偏差原因"] = "部分工程结算延至2024年"
    assert not found(form, "JX-S506")


def test_low_execution_reason_must_be_about_money() -> None:
    form = _low()
    form.indicators[1].deviation_reason = "部分偏远山区村检测延后"  # not about money
    assert found(form, "JX-S506")
    form.indicators[1].deviation_reason = "检测费用按合同分期支付"
    assert not found(form, "JX-S506")


@pytest.mark.parametrize(("executed", "reported"), [("432.00", False), ("431.99", True)])
def test_low_execution_threshold(executed: str, reported: bool) -> None:
    assert outcome(_low(executed), "JX-S506") == verdict(reported)  # 432/480 = 90%


def test_low_execution_threshold_param(tmp_path: Path) -> None:
    assert not found(_low(), "JX-S506", profile_with(tmp_path, "  JX-S506: {params: {threshold: 0.8}}\n"))


# ---------------------------------------------------------------- JX-S507


def _graded(grade: str, total: str = "98.43", weights: str = "100"):
    form = example(_table(_R1, _R2, _R3, _R4, grade=grade), _matrix())
    form.project.extra.update({"总得分": total, "总分值": weights})
    return form


@pytest.mark.parametrize(("grade", "total", "reported"), [
    ("优", "90", False), ("良", "89.99", False), ("优", "89.99", True), ("良", "80", False), ("中", "79.99", False),
    ("差", "59.99", False), ("中", "59.99", True), ("优秀", "95", False), ("良好", "85", False), ("合格", "70", False),
    ("不合格", "50", False), ("合格", "95", True), ("优（90分以上）", "92", False), ("良等", "92", True),
])
def test_grade_bands(grade: str, total: str, reported: bool) -> None:
    assert outcome(_graded(grade, total), "JX-S507") == verdict(reported)


def test_grade_on_a_scale_other_than_100() -> None:
    assert not found(_graded("优", "45", "50"), "JX-S507")  # 90 on 100
    got = found(_graded("优", "44", "50"), "JX-S507")      # 88 on 100
    assert [f.message.rsplit(" / ", 1)[0] for f in got] == [
        "自评等级「优」与总得分 44（折合百分制 88.00） 不符，按评分方法 mof-2020@2020.1 应为「良」（优 ≥90、良 80–90、中 60–80、差 <60）"]


def test_unknown_grade_is_not_evaluable(tmp_path: Path) -> None:
    form = _graded("优")
    form.project.extra["自评等级"] = "甲"
    review = review_form(form, 0, PROFILE)
    assert "JX-S507" in review.coverage.not_evaluated and "甲" in review.coverage.not_evaluated["JX-S507"]
    two_levels = profile_with(tmp_path, "  JX-S507: {params: {grade_aliases: {合格: 优}}}\n")
    assert not found(_graded("合格", "95"), "JX-S507", two_levels)


# ---------------------------------------------------------------- JX-S508


@pytest.mark.parametrize(("actual", "reported"), [("260处", True), ("259处", False)])
def test_over_achievement_threshold(actual: str, reported: bool) -> None:
    form = example(_table(_R1.replace("205处", actual), _R2, _R3, _R4), _matrix())
    assert outcome(form, "JX-S508") == verdict(reported)  # 260/200 = 130%


def test_over_achievement_only_for_higher_is_better() -> None:
    cost = "成本指标\t经济成本指标\t单处维修成本\t≤2万元\t3万元\t\t\t"
    form = example(_table(_R1, _R2, _R3, _R4, cost, total=None), _matrix())
    assert not found(form, "JX-S508")


# ---------------------------------------------------------------- JX-S509


@pytest.mark.parametrize(("score", "reported"), [("18.93", False), ("18.9", False), ("18.88", False), ("18.87", True), ("19", True)])
def test_score_tolerance(score: str, reported: bool) -> None:
    form = example(_table(_R1, _R2.replace("\t18.93\t", f"\t{score}\t"), _R3, _R4, total=None), _matrix())
    assert outcome(form, "JX-S509") == verdict(reported)


def test_execution_score_differs() -> None:
    form = example(_table(_R1, _R2, _R3, _R4, total="总分\t100\t98.93\t"), _matrix(score="10"))
    got = found(form, "JX-S509")
    assert [(f.field, f.message.rsplit(" / ", 1)[0]) for f in got] == [
        ("project.extra.预算执行得分", "预算执行率得分印为 10，按评分方法 mof-2020@2020.1 应为 9.50（执行率 = 456.00 / 480.00 = 95.00%；得分 = 95.00% × 10 = 9.50）")]


def test_score_without_printed_weight_is_not_compared() -> None:
    form = example(_table(_R1, _R2.replace("\t20\t18.93\t", "\t\t20\t"), _R3, _R4, total=None), _matrix())
    assert not found(form, "JX-S509")


def test_a_zero_budget_does_not_hide_a_totals_finding() -> None:
    form = example(_table(_R1, _R2, _R3, _R4, total="总分\t100\t97.43\t"), _matrix())
    form.funds.budget = 0.0
    assert [f.field for f in found(form, "JX-S503")] == ["project.extra.总得分"]
