"""Property tests of the value grammar (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model import Value
from jixiao.values import format_value, parse_value

SETTINGS = settings(max_examples=300, deadline=None)

SYMBOLS = {
    "≥": ">=",
    "≤": "<=",
    "=": "=",
    ">": ">",
    "<": "<",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "≧": ">=",
    "≦": "<=",
    ">=": ">=",
    "<=": "<=",
    "=>": ">=",
    "=<": "<=",
    "≮": ">=",
    "≯": "<=",
}
UNITS = [
    "%", "次", "人次", "万人次", "个", "篇", "篇次", "册", "套", "场", "万元", "元", "小时",
    "天", "学时", "个国家", "万字", "项", "份", "期", "部", "本", "件", "条", "家", "人", "米",
    "个月", "km", "TB",
]  # fmt: skip


@st.composite
def printed_number(draw: st.DrawFn) -> tuple[str, float, int]:
    """A printed number 0..10^9 with 0-2 decimals: (text, value, decimals)."""
    decimals = draw(st.integers(0, 2))
    scaled = draw(st.integers(0, 10**9 * 10**decimals))
    whole, frac = divmod(scaled, 10**decimals)
    text = str(whole) if decimals == 0 else f"{whole}.{frac:0{decimals}d}"
    return text, scaled / 10**decimals, decimals


@st.composite
def printed_unit(draw: st.DrawFn) -> tuple[str, str | None]:
    """(printed unit, expected unit): none, bare, bracketed, full-width bracketed, spaced."""
    unit = draw(st.sampled_from(UNITS))
    form = draw(st.sampled_from(["none", "bare", "half", "full", "spaced"]))
    if form == "none":
        return "", None
    printed = {"bare": unit, "half": f"({unit})", "full": f"（{unit}）", "spaced": f" ({unit})"}[form]
    return printed, unit


@SETTINGS
@given(st.sampled_from(sorted(SYMBOLS)), printed_number(), printed_unit())
def test_comparison_parses_back(symbol: str, number: tuple[str, float, int], unit: tuple[str, str | None]) -> None:
    num_text, value, decimals = number
    unit_text, unit_expected = unit
    v = parse_value(f"{symbol}{num_text}{unit_text}")
    assert v is not None
    assert v.kind == "number"
    assert v.op == SYMBOLS[symbol]
    assert v.value is not None and round(v.value, decimals) == round(value, decimals)
    assert v.unit == unit_expected
    assert v.high is None and v.text is None


VALUE_SAMPLES = [
    "≥5000册", "不少于5000册", "5000册以上", "=100.00 (%)", "≤57.00(万元)", "不超过57万元",
    "<24.00(小时)", "985米", "满意度≥90%", "80%-90%", "介于80%至90%", "工作日1小时内",
    "显著提升", "每个工作日一次", "12月底前", "2022年1月1日—2022年12月31日", "-5%", "90以上",
    "≥20.00(万人次)", "=0.00(次)", "建成中心1个，示范单元创建2个，1.7万个帆布袋",
]  # fmt: skip


@st.composite
def value_text(draw: st.DrawFn) -> str:
    """Printed values: the grammar's forms with random numbers and units, or samples."""
    choice = draw(st.integers(0, 3))
    num_text, _, _ = draw(printed_number())
    unit_text, _ = draw(printed_unit())
    if choice == 0:
        return f"{draw(st.sampled_from(sorted(SYMBOLS)))}{num_text}{unit_text}"
    if choice == 1:
        word = draw(st.sampled_from(["不少于", "不超过", "高于", "低于", "达到", "满意度≥", ""]))
        suffix = draw(st.sampled_from(["", "以上", "以内", "及以下"]))
        return f"{word}{num_text}{unit_text}{suffix}"
    if choice == 2:
        other, _, _ = draw(printed_number())
        return f"{num_text}{unit_text}-{other}{unit_text}"
    return draw(st.sampled_from(VALUE_SAMPLES))


@SETTINGS
@given(value_text())
def test_format_round_trip(printed: str) -> None:
    v = parse_value(printed)
    assert v is not None
    again = parse_value(format_value(v))
    assert again is not None
    assert (again.op, again.value, again.high, again.unit) == (v.op, v.value, v.high, v.unit)
    assert again.kind == v.kind


def _check_total(s: str) -> None:
    v = parse_value(s)
    assert v is None or (isinstance(v, Value) and isinstance(v.raw, str) and v.raw)
    if v is not None:
        assert Value.model_validate(v.model_dump()) == v
        format_value(v)


@SETTINGS
@given(st.text())
def test_never_raises_on_any_text(s: str) -> None:
    _check_total(s)


CJK_AND_SYNTAX = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
    st.sampled_from(list("0123456789.,，%％()（）≥≤=<>~～-—至到以上内下年月日前$\\{} &;")),
)


@SETTINGS
@given(st.text(CJK_AND_SYNTAX, max_size=40))
def test_never_raises_on_cjk_and_value_syntax(s: str) -> None:
    _check_total(s)


@SETTINGS
@given(printed_number(), printed_number(), st.sampled_from(UNITS + [None]), st.sampled_from(["-", "~", "～", "至", "—"]))
def test_range_round_trip(
    a: tuple[str, float, int], b: tuple[str, float, int], unit: str | None, sep: str
) -> None:
    (a_text, a_val, _), (b_text, b_val, _) = sorted([a, b], key=lambda n: n[1])
    if a_val == b_val:
        b_text, b_val = f"{b_text}1", float(f"{b_text}1")
    u = unit or ""
    v = parse_value(f"{a_text}{u}{sep}{b_text}{u}")
    assert v is not None
    assert (v.op, v.value, v.high, v.unit, v.kind) == ("between", a_val, b_val, unit, "range")
    again = parse_value(format_value(v))
    assert again is not None
    assert (again.op, again.value, again.high, again.unit) == ("between", a_val, b_val, unit)
