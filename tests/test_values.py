"""The value grammar: printed indicator values -> jixiao.model.Value."""

from __future__ import annotations

import pytest

from jixiao.model import Value
from jixiao.values import format_value, parse_value


def num(op: str, value: float, unit: str | None) -> tuple:
    return (op, value, None, unit, None, "number")


def rng(low: float, high: float, unit: str | None) -> tuple:
    return ("between", low, high, unit, None, "range")


def text(wording: str) -> tuple:
    return (None, None, None, None, wording, "text")


def date(wording: str) -> tuple:
    return (None, None, None, None, wording, "date")


# printed -> (op, value, high, unit, text, kind)
CONTRACT_ROWS = [
    # >= with symbols, words, suffixes, spaces and full-width forms
    ("≥5000册", num(">=", 5000.0, "册")),
    (">=5000册", num(">=", 5000.0, "册")),
    ("不少于5000册", num(">=", 5000.0, "册")),
    ("5000册以上", num(">=", 5000.0, "册")),
    ("≥ 5000 册", num(">=", 5000.0, "册")),
    ("＞＝5000册", num(">=", 5000.0, "册")),
    # =
    ("=100%", num("=", 100.0, "%")),
    ("＝100.00(%)", num("=", 100.0, "%")),
    ("= 100.00 (%)", num("=", 100.0, "%")),
    ("=100.00（%）", num("=", 100.0, "%")),
    # LaTeX residue and plain percent
    (r"$\geq 80.00\text{ (%)}$", num(">=", 80.0, "%")),
    ("≥80.00(%)", num(">=", 80.0, "%")),
    ("≥80.00%", num(">=", 80.0, "%")),
    # <=
    ("≤57.00(万元)", num("<=", 57.0, "万元")),
    ("不超过57万元", num("<=", 57.0, "万元")),
    # < and >
    ("<24.00(小时)", num("<", 24.0, "小时")),
    ("<3.00 (%)", num("<", 3.0, "%")),
    (">95.00(%)", num(">", 95.0, "%")),
    # bare amounts
    ("985米", num("=", 985.0, "米")),
    ("100万元", num("=", 100.0, "万元")),
    ("114.56万元", num("=", 114.56, "万元")),
    # short metric name before the operator
    ("满意度≥90%", num(">=", 90.0, "%")),
    # ranges
    ("80%-90%", rng(80.0, 90.0, "%")),
    ("80~90%", rng(80.0, 90.0, "%")),
    ("80%～90%", rng(80.0, 90.0, "%")),
    ("80-90(%)", rng(80.0, 90.0, "%")),
    ("介于80%至90%", rng(80.0, 90.0, "%")),
    # qualitative wording
    ("显著提升", text("显著提升")),
    ("合理", text("合理")),
    ("按时完成", text("按时完成")),
    ("每个工作日一次", text("每个工作日一次")),
    ("前十名", text("前十名")),
    ("及时、安全、顺畅。", text("及时、安全、顺畅。")),
    ("规范，不超预算", text("规范，不超预算")),
    # several figures: the sentence
    ("建成中心1个，示范单元创建2个，1.7万个帆布袋", text("建成中心1个，示范单元创建2个，1.7万个帆布袋")),
    # dates and deadlines
    ("12月底前", date("12月底前")),
    ("2024年6月30日前", date("2024年6月30日前")),
    ("2022年1-12月适时发布", date("2022年1-12月适时发布")),
    ("2022年1月1日—2022年12月31日", date("2022年1月1日—2022年12月31日")),
    ("2022年9月至12月", date("2022年9月至12月")),
    ("2024-12-31前", date("2024-12-31前")),
]

# Real values from the seed documents.
SEED_ROWS = [
    ("≥3.00(次)", num(">=", 3.0, "次")),
    ("=100.00 (%)", num("=", 100.0, "%")),
    ("≥80.00(%)", num(">=", 80.0, "%")),
    ("=100.00(%)", num("=", 100.0, "%")),
    ("≥80.00%", num(">=", 80.0, "%")),
    (">=5000册", num(">=", 5000.0, "册")),
    (">=5000000人次", num(">=", 5000000.0, "人次")),
    ("=280万元", num("=", 280.0, "万元")),
    ("≥60%", num(">=", 60.0, "%")),
    ("<3.00 (%)", num("<", 3.0, "%")),
    ("<24.00(小时)", num("<", 24.0, "小时")),
    (">95.00(%)", num(">", 95.0, "%")),
    ("≥200.00(学时)", num(">=", 200.0, "学时")),
    ("=100 (%)", num("=", 100.0, "%")),
    ("≥90 (%)", num(">=", 90.0, "%")),
    ("=6(篇)", num("=", 6.0, "篇")),
    ("≥13(份)", num(">=", 13.0, "份")),
    ("≥3000(次)", num(">=", 3000.0, "次")),
    ("≥20.00(万人次)", num(">=", 20.0, "万人次")),
    ("≥30.00(万字)", num(">=", 30.0, "万字")),
    ("=0.00(次)", num("=", 0.0, "次")),
    ("≥2.00(个国家)", num(">=", 2.0, "个国家")),
    ("≥80.00(篇次)", num(">=", 80.0, "篇次")),
    ("≤17.15(万元)", num("<=", 17.15, "万元")),
    ("=365(天)", num("=", 365.0, "天")),
    (">130.00(人)", num(">", 130.0, "人")),
    ("=1.00(项)", num("=", 1.0, "项")),
    ("满意度≥90%", num(">=", 90.0, "%")),
    ("100万元", num("=", 100.0, "万元")),
    ("114.56万元", num("=", 114.56, "万元")),
    ("工作日1小时内", num("<=", 1.0, "小时")),
    ("每个工作日一期", text("每个工作日一期")),
    ("每年一次", text("每年一次")),
    ("有效控制", text("有效控制")),
    ("逐渐扩大", text("逐渐扩大")),
    ("规范，不超预算", text("规范，不超预算")),
    ("前十名", text("前十名")),
    ("2022年1-12月适时发布", date("2022年1-12月适时发布")),
    ("2022年1月1日—2022年12月31日", date("2022年1月1日—2022年12月31日")),
    ("2022年9月至12月", date("2022年9月至12月")),
    (
        "在新华社提供推广服务不少于12次，涉及原创策划融媒体推广产品不少于3条",
        text("在新华社提供推广服务不少于12次，涉及原创策划融媒体推广产品不少于3条"),
    ),
]

# Operators, units and number forms of the grammar beyond the contract rows.
GRAMMAR_ROWS = [
    # symbols
    ("≤5", num("<=", 5.0, None)),
    ("＞5次", num(">", 5.0, "次")),
    ("＜5次", num("<", 5.0, "次")),
    ("≧5次", num(">=", 5.0, "次")),
    ("≦5次", num("<=", 5.0, "次")),
    ("=>5次", num(">=", 5.0, "次")),
    ("=<5次", num("<=", 5.0, "次")),
    ("<=5次", num("<=", 5.0, "次")),
    ("≮5次", num(">=", 5.0, "次")),
    ("≯5次", num("<=", 5.0, "次")),
    ("&gt;=90%", num(">=", 90.0, "%")),
    # words before the number
    ("不低于90%", num(">=", 90.0, "%")),
    ("至少3场", num(">=", 3.0, "场")),
    ("不小于3套", num(">=", 3.0, "套")),
    ("大于等于90%", num(">=", 90.0, "%")),
    ("不高于5%", num("<=", 5.0, "%")),
    ("不多于2次", num("<=", 2.0, "次")),
    ("不大于2次", num("<=", 2.0, "次")),
    ("小于等于2次", num("<=", 2.0, "次")),
    ("高于90%", num(">", 90.0, "%")),
    ("超过100人", num(">", 100.0, "人")),
    ("多于3家", num(">", 3.0, "家")),
    ("大于3件", num(">", 3.0, "件")),
    ("低于5%", num("<", 5.0, "%")),
    ("少于3条", num("<", 3.0, "条")),
    ("小于3部", num("<", 3.0, "部")),
    ("不满3本", num("<", 3.0, "本")),
    ("不足5%", num("<", 5.0, "%")),
    ("等于100%", num("=", 100.0, "%")),
    ("达到100%", num("=", 100.0, "%")),
    ("完成率达到100%", num("=", 100.0, "%")),
    ("满意度不低于 90 %", num(">=", 90.0, "%")),
    ("满意度：≥90%", num(">=", 90.0, "%")),
    # suffixes after the number
    ("90%以上", num(">=", 90.0, "%")),
    ("90%及以上", num(">=", 90.0, "%")),
    ("90以上", num(">=", 90.0, None)),
    ("5%以内", num("<=", 5.0, "%")),
    ("5人以下", num("<=", 5.0, "人")),
    ("5人及以下", num("<=", 5.0, "人")),
    ("5个工作日内", num("<=", 5.0, "个工作日")),
    ("控制在5%以内", num("<=", 5.0, "%")),
    ("达到90%以上", num(">=", 90.0, "%")),
    ("90%以上（含）", num(">=", 90.0, "%")),
    ("超过5次(含)", num(">=", 5.0, "次")),
    # units
    ("≥20万人次", num(">=", 20.0, "万人次")),
    ("≥90(百分比)", num(">=", 90.0, "%")),
    ("≥90％", num(">=", 90.0, "%")),
    ("=1.5亿元", num("=", 1.5, "亿元")),
    ("≥5次/年", num(">=", 5.0, "次/年")),
    ("≥1.2TB", num(">=", 1.2, "TB")),
    ("10 km", num("=", 10.0, "km")),
    ("≥3个月", num(">=", 3.0, "个月")),
    ("3年", num("=", 3.0, "年")),
    ("≤30日", num("<=", 30.0, "日")),
    ("100", num("=", 100.0, None)),
    # numbers
    ("1,000人", num("=", 1000.0, "人")),
    ("1，000人", num("=", 1000.0, "人")),
    ("≥１２３４５", num(">=", 12345.0, None)),
    ("≥ 5,000 册", num(">=", 5000.0, "册")),
    ("-5%", num("=", -5.0, "%")),
    ("+5%", num("=", 5.0, "%")),
    ("≥-0.5", num(">=", -0.5, None)),
    ("≥80%。", num(">=", 80.0, "%")),
    ("<p>≥80%</p>", num(">=", 80.0, "%")),
    # ranges
    ("80%到90%", rng(80.0, 90.0, "%")),
    ("80%—90%", rng(80.0, 90.0, "%")),
    ("在80%-90%之间", rng(80.0, 90.0, "%")),
    ("介于80%与90%之间", rng(80.0, 90.0, "%")),
    ("1-2个", rng(1.0, 2.0, "个")),
    ("3-5年", rng(3.0, 5.0, "年")),
    ("90-80%", text("90-80%")),  # lower bound above the upper one: not a range
    ("1万-2万元", text("1万-2万元")),  # different units
    # a prefix needs a comparison; several figures; words around the figure
    ("每年1次", text("每年1次")),
    ("前3名", text("前3名")),
    ("100%完成", text("100%完成")),
    ("≥90%且≤95%", text("≥90%且≤95%")),
    ("≥", text("≥")),
    ("百分比", text("百分比")),
    ("一年以上", text("一年以上")),
    # calendar units and deadlines
    ("12月", date("12月")),
    ("30日", date("30日")),
    ("2024年", date("2024年")),
    ("2024年度", date("2024年度")),
    ("1-12月", date("1-12月")),
    ("2022-2023年", date("2022-2023年")),
    ("2024-12-31", date("2024-12-31")),
    ("年底前完成", date("年底前完成")),
    ("10日内完成", date("10日内完成")),
    ("2024年12月底前完成50%", text("2024年12月底前完成50%")),
]


@pytest.mark.parametrize(("printed", "expected"), CONTRACT_ROWS + SEED_ROWS + GRAMMAR_ROWS)
def test_parse_value(printed: str, expected: tuple) -> None:
    v = parse_value(printed)
    assert v is not None
    op, value, high, unit, wording, kind = expected
    assert (v.op, v.value, v.high, v.unit, v.text, v.kind) == (op, value, high, unit, wording, kind)
    if value is not None:
        assert type(v.value) is float
    if high is not None:
        assert type(v.high) is float
    # always a valid contract value
    assert Value.model_validate(v.model_dump()) == v


@pytest.mark.parametrize(
    ("printed", "raw"),
    [
        (r"$\geq 80.00\text{ (%)}$", "≥80.00(%)"),
        ("≥ 5000 册", "≥ 5000 册"),
        ("＞＝5000册", "＞＝5000册"),
        ("  =100%\n", "=100%"),
        ("满意度 指标≥90%", "满意度指标≥90%"),
        ("１，０００人", "1，000人"),
    ],
)
def test_raw_is_the_cleaned_printed_text(printed: str, raw: str) -> None:
    v = parse_value(printed)
    assert v is not None
    assert v.raw == raw


@pytest.mark.parametrize("blank", [None, "", "  ", "\n\t", "\u3000", "\u200b"])
def test_blank_is_none(blank: str | None) -> None:
    assert parse_value(blank) is None


def test_text_value_holds_the_raw_wording() -> None:
    v = parse_value(" 显著 提升 ")
    assert v == Value(raw="显著提升", text="显著提升", kind="text")


def test_long_text_is_qualitative() -> None:
    long = "≥" + "9" * 500 + "%"
    v = parse_value(long)
    assert v is not None
    assert (v.op, v.value, v.kind, v.text) == (None, None, "text", long)


def test_huge_input_does_not_raise() -> None:
    v = parse_value("满意度≥90%，" * 20000)
    assert v is not None and v.kind == "text"


def test_repeated_calls_return_independent_values() -> None:
    a = parse_value("≥3.00(次)")
    b = parse_value("≥3.00(次)")
    assert a == b and a is not b
    assert a is not None
    a.unit = "changed"
    assert parse_value("≥3.00(次)").unit == "次"


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("≥5000册", "≥5000册"),
        ("不少于5000册", "≥5000册"),
        ("=100.00 (%)", "=100%"),
        ("985米", "=985米"),
        ("≤17.15(万元)", "≤17.15万元"),
        ("<24.00(小时)", "<24小时"),
        (">130.00(人)", ">130人"),
        ("=0.00(次)", "=0次"),
        ("≥20.00(万人次)", "≥20万人次"),
        ("工作日1小时内", "≤1小时"),
        ("80-90(%)", "80-90%"),
        ("介于80%至90%", "80-90%"),
        ("≥90", "≥90"),
        ("-5%", "=-5%"),
        ("≥0.05%", "≥0.05%"),
        ("=1000000000", "=1000000000"),
        ("显著提升", "显著提升"),
        ("12月底前", "12月底前"),
    ],
)
def test_format_value(printed: str, canonical: str) -> None:
    v = parse_value(printed)
    assert v is not None
    assert format_value(v) == canonical


def test_format_value_of_constructed_values() -> None:
    assert format_value(Value(raw="x", op=">=", value=5000.0, unit="册", kind="number")) == "≥5000册"
    assert format_value(Value(raw="x", op="=", value=100.0, unit="%", kind="number")) == "=100%"
    assert format_value(Value(raw="x", op="between", value=80.0, high=90.0, unit="%", kind="range")) == "80-90%"
    assert format_value(Value(raw="x", op="<", value=1e-05, kind="number")) == "<0.00001"
    assert format_value(Value(raw="合理", text="合理")) == "合理"
    assert format_value(Value(raw="合理")) == "合理"
