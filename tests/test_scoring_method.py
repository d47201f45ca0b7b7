"""Scoring methods: the built-in mof-2020, user files that extend it, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.errors import ReadError
from jixiao.model import Form, Funds, Indicator
from jixiao.scoring import DEFAULT_METHOD, builtin_methods, load_method, score_form
from jixiao.values import parse_value


def _form() -> Form:
    rows = [("投诉次数", "产出指标", "≤50次", "60次"), ("覆盖人数", "产出指标", "≥100人", "100人"),
            ("宣传效果", "效益指标", "显著提升", "已完成"), ("满意度", "满意度指标", "≥90%", "90%")]
    return Form(kind="self_evaluation", fiscal_year=2023, funds=Funds(budget=100.0, executed=100.0),
                indicators=[Indicator(name=n, category=c, target=parse_value(t), actual=parse_value(a)) for n, c, t, a in rows])


def _write(tmp_path: Path, text: str, name: str = "m.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_mof_2020_settings() -> None:
    m = load_method()
    assert DEFAULT_METHOD == "mof-2020" and "mof-2020" in builtin_methods()
    assert (m.name, m.version, m.label) == ("mof-2020", "2020.1", "mof-2020@2020.1")
    assert m.description.startswith("财政部财预〔2020〕10号")
    assert m.execution_weight == 10
    assert m.categories == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert m.pools == {"成本指标": "产出指标", "影响力目标": "效益指标"}
    assert (m.reverse, m.over_achievement, m.execution_explain, m.position) == ("R1", 1.3, 0.9, "top")
    assert m.bands == {"达成": (0.8, 1.0), "部分达成": (0.6, 0.8), "未达成": (0.0, 0.6)}
    assert m.grades == [(90, "优"), (80, "良"), (60, "中"), (0, "差")]
    assert [m.grade_of_total(t) for t in (100, 90, 89.99, 80, 79.99, 60, 59.99, 0)] == ["优", "优", "良", "良", "中", "中", "差", "差"]


def test_wording_map_is_exact() -> None:
    m = load_method()
    assert len(m.wordings) == 24  # 13 + 5 + 6
    assert m.grade_of_wording(" 已 完成。") == "达成"
    assert m.grade_of_wording("部分达成年度指标并具有一定效果") == "部分达成"
    assert m.grade_of_wording("没有完成！") == "未达成"
    assert m.grade_of_wording("已完成大部分") is None  # no substring guessing
    assert m.grade_of_wording("完成情况良好") is None
    assert m.grade_of_wording(None) is None


def test_default_scores() -> None:
    ev = score_form(_form())
    # 产出 25 each: 投诉次数 ≤50, 60 -> R1 25 × 40/50 = 20; 覆盖人数 25; 效益 30; 满意度 10; execution 10
    assert [r.score for r in ev.indicators] == [20.0, 25.0, 30.0, 10.0]
    assert ev.total == 95.0 and ev.method == "mof-2020" and ev.method_version == "2020.1"


def test_user_method_extends_and_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, """
name: local
version: "2024.2"
extends: mof-2020
reverse: R2
weights:
  execution: 20
  categories: {产出指标: 40}
qualitative:
  position: middle
""")
    m = load_method(path)
    assert (m.name, m.version, m.reverse, m.execution_weight, m.position) == ("local", "2024.2", "R2", 20, "middle")
    assert m.categories == {"产出指标": 40, "效益指标": 30, "满意度指标": 10}  # merged key by key
    assert m.description == load_method().description  # inherited
    ev = score_form(_form(), m)
    # 产出 20 each: R2 20 × 50/60 = 16.67; 效益 middle of 80%–100% × 30 = 27; execution 20
    assert [r.score for r in ev.indicators] == [16.67, 20.0, 27.0, 10.0]
    assert (ev.max, ev.total, ev.method, ev.method_version) == (100, 93.67, "local", "2024.2")
    assert ev.execution.weight == 20


def test_user_method_null_removes_a_pool_and_lists_replace(tmp_path: Path) -> None:
    path = _write(tmp_path, """
extends: mof-2020
pools: {成本指标: null}
qualitative:
  wordings:
    达成: [已完成, 圆满完成]
grades: {优: 95}
""", name="strict.yaml")
    m = load_method(path)
    assert (m.name, m.version) == ("strict", "0")
    assert m.pools == {"影响力目标": "效益指标"}
    assert m.grade_of_wording("圆满完成") == "达成" and m.grade_of_wording("按时完成") is None
    assert m.grade_of_wording("基本完成") == "部分达成"  # other grades' lists are kept
    assert m.grade_of_total(94) == "良"
    cost = Indicator(name="成本", category="成本指标", target=parse_value("≤10万元"), actual=parse_value("9万元"))
    r = score_form(Form(kind="self_evaluation", indicators=[cost]), m).indicators[0]
    assert r.score is None and r.problem == "一级指标「成本指标」不在评分方法 strict 的权重中，不计分"


def test_method_can_extend_a_user_file(tmp_path: Path) -> None:
    base = _write(tmp_path, "extends: mof-2020\nreverse: R2\n", name="base.yaml")
    child = _write(tmp_path, f"extends: {base}\nname: child\nthresholds: {{over_achievement: 1.5}}\n", name="child.yaml")
    m = load_method(child)
    assert (m.name, m.reverse, m.over_achievement, m.execution_explain) == ("child", "R2", 1.5, 0.9)


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("name: [x\n", "评分方法无效：YAML 语法错误"),
        ("- a\n- b\n", "评分方法无效：顶层应是映射"),
        ("extends: mof-2020\nreverse: R3\n", "评分方法无效：reverse 应为 R1 或 R2，实为「R3」"),
        ("extends: mof-2020\nweight: {execution: 5}\n", "评分方法无效：未知的设置 weight"),
        ("extends: mof-2020\nweights: {executon: 5}\n", "评分方法无效：weights 没有设置 executon"),
        ("extends: mof-2020\nweights: {categories: {产出指标: -5}}\n", "评分方法无效：weights.categories.产出指标 应是数值（≥ 0.0），实为「-5」"),
        ("extends: mof-2020\nweights: {execution: 十}\n", "评分方法无效：weights.execution 应是数值"),
        ("extends: mof-2020\npools: {成本指标: 投入指标}\n", "评分方法无效：pools 把「成本指标」并入「投入指标」，但「投入指标」不在 weights.categories 中"),
        ("extends: mof-2020\nqualitative: {position: high}\n", "评分方法无效：qualitative.position 应为 top/middle/bottom"),
        ("extends: mof-2020\nqualitative: {bands: {达成: [1.0, 0.8]}}\n", "评分方法无效：qualitative.bands.达成 的下限大于上限"),
        ("extends: mof-2020\nqualitative: {bands: {达成: 0.9}}\n", "评分方法无效：qualitative.bands.达成 应是 [下限, 上限]"),
        ("extends: mof-2020\nqualitative: {wordings: {未达成: [已完成]}}\n", "评分方法无效：措辞「已完成」同时对应"),
        ("extends: mof-2020\nqualitative: {wordings: {优秀: [很好]}}\n", "评分方法无效：qualitative.wordings 的等级「优秀」不在 bands 中"),
        ("extends: no-such-method\n", "找不到评分方法"),
    ],
)
def test_bad_method_file(tmp_path: Path, text: str, zh: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ReadError) as err:
        load_method(path)
    assert err.value.code == "bad-method"
    assert err.value.zh.startswith(zh)
    assert " / " in err.value.message  # Chinese, then English


def test_missing_method_file_names_the_built_ins(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as err:
        load_method(str(tmp_path / "nope.yaml"))
    assert err.value.code == "bad-method" and err.value.zh == "找不到评分方法"
    assert "mof-2020" in err.value.hint and err.value.path == str(tmp_path / "nope.yaml")


def test_circular_extends(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(f"extends: {b}\n", encoding="utf-8")
    b.write_text(f"extends: {a}\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        load_method(str(a))
    assert err.value.zh == "评分方法无效：extends 形成循环"
