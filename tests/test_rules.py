"""Every rule, both ways: its bad examples give a finding of that rule, its good ones none.

Also the catalogue's own promises: documented rules, stable codes, profiles that change
behaviour as documented, honest coverage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.review import REGISTRY, load_profile, review_form
from jixiao.review.examples import form_of
from jixiao.review.rule import Example

PROFILE = load_profile()
CASES = [(code, kind, i) for code, cls in sorted(REGISTRY.items()) for kind in ("bad", "good") for i in range(len(getattr(cls, kind)))]


def findings_of(code: str, example: Example, profile=PROFILE) -> list:
    review = review_form(form_of(example), 0, profile)
    return [f for f in review.findings if f.code == code]


@pytest.mark.parametrize(("code", "kind", "i"), CASES, ids=[f"{c}-{k}{i}" for c, k, i in CASES])
def test_rule_examples(code: str, kind: str, i: int) -> None:
    example = getattr(REGISTRY[code], kind)[i]
    found = findings_of(code, example)
    if REGISTRY[code].needs:
        review = review_form(form_of(example), 0, PROFILE)
        assert not found and code in review.coverage.not_evaluated, f"{code} needs {REGISTRY[code].needs}: not evaluated"
        return
    if kind == "bad":
        assert found, f"{code}: the bad example gave no finding ({example.note or example.text[:40]})"
        assert all(f.severity == PROFILE.setting(code).severity and f.message for f in found)
    else:
        assert not found, f"{code}: the good example gave {[f.message for f in found]}"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_is_documented(code: str) -> None:
    cls = REGISTRY[code]
    assert re.fullmatch(r"JX-[CQRASP]\d{3}", code)
    assert cls.dimension in {"完整性", "细化量化", "相关性", "适当性", "自评", "读取"}
    assert cls.title and cls.description and cls.fix and cls.citation
    assert cls.severity in ("error", "warning", "info")
    prefix = {"完整性": "C", "细化量化": "Q", "相关性": "R", "适当性": "A", "自评": "S", "读取": "P"}[cls.dimension]
    assert code[3] == prefix


def test_builtin_profiles_load() -> None:
    assert PROFILE.label == "national-101@2024.1"
    assert set(PROFILE.settings) == set(REGISTRY)
    assert load_profile("shanghai").label == "shanghai@2024.1"


def test_user_profile_file_disables_and_overrides(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text("name: mine\nversion: '1'\nextends: national-101\nrules:\n  JX-P002: {enabled: false}\n", encoding="utf-8")
    prof = load_profile(str(p))
    assert prof.label == "mine@1" and not prof.setting("JX-P002").enabled
    example = REGISTRY["JX-P002"].bad[0]
    review = review_form(form_of(example), 0, prof)
    assert "JX-P002" in review.coverage.disabled and not [f for f in review.findings if f.code == "JX-P002"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [1, 2]", "rules 应是"),
        ("rules:\n  JX-X999: {}", "未知的规则代码 JX-X999"),
        ("rules:\n  JX-P002: {severity: fatal}", "severity 应为"),
        ("rules: {JX-P002: {params: {nope: 1}}}", "没有参数 nope"),
        ("name: [unclosed", "YAML 语法错误"),
    ],
)
def test_bad_profile_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    from jixiao.errors import ReadError

    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        load_profile(str(p))
    assert info.value.code == "bad-profile" and message in info.value.message


def test_coverage_is_honest() -> None:
    """Every enabled rule is accounted for exactly once; what could not run says why."""
    example = REGISTRY["JX-P002"].good[0]
    review = review_form(form_of(example), 0, PROFILE)
    c = review.coverage
    accounted = c.passed + c.failed + list(c.not_evaluated) + c.disabled
    assert sorted(accounted) == sorted(REGISTRY)
    assert "JX-A411" in c.not_evaluated and "no history" in c.not_evaluated["JX-A411"]


def test_shanghai_profile_changes_behaviour_as_documented() -> None:
    """shanghai.yaml: 成本指标 required (error) and at least 5 indicators."""
    example = Example("产出指标\t数量指标\t宣传活动场次\t≥3场\n\t质量指标\t活动验收合格率\t=100%\n"
                      "效益指标\t社会效益指标\t活动覆盖人次\t≥5000人次\n满意度指标\t服务对象满意度指标\t参与者满意度\t≥90%")
    national = review_form(form_of(example), 0, load_profile("national-101"))
    shanghai = review_form(form_of(example), 0, load_profile("shanghai"))
    pick = lambda r, code: [(f.code, f.severity) for f in r.findings if f.code == code]  # noqa: E731
    assert pick(national, "JX-C104") == [("JX-C104", "warning")]
    assert pick(shanghai, "JX-C104") == [("JX-C104", "error")]
    assert pick(national, "JX-C111") == []
    assert pick(shanghai, "JX-C111") == [("JX-C111", "warning")]


def test_goal_numbers_read_ascii_and_full_width_digits_alike():
    # the readers print full-width digits as ASCII; a form built by hand (the API, a YAML) may not
    from jixiao.review.rules.appropriateness import _goal_numbers

    assert _goal_numbers("1、完成《绿化市容》专版6期；2、微信头条平均阅读量达到3000。") == [
        (6.0, "专版6期"), (3000.0, "微信头条平均阅读量达到3000")]
    assert _goal_numbers("1、完成《绿化市容》专版６期；2、微信头条平均阅读量达到３０００。") == [
        (6.0, "专版６期"), (3000.0, "微信头条平均阅读量达到３０００")]
    assert [n for n, _ in _goal_numbers("2024年完成专版６.５万期")] == [65000.0]  # the year is not a promise
