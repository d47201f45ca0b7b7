"""jixiao.units: conversions within a family, None for anything uncertain."""

from __future__ import annotations

import pytest

from jixiao.units import convert, factor


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (48.0, "万元", "元", 480000.0),
        (480000, "元", "万元", 48.0),
        (1.5, "亿元", "万元", 15000.0),
        (2500, "千元", "万元", 250.0),
        (3, "百万元", "万元", 300.0),
        (23500, "人次", "万人次", 2.35),
        (2.35, "万人次", "人次", 23500.0),
        (3, "千册", "册", 3000.0),
        (5, "%", "‰", 50.0),
        (50, "‰", "%", 5.0),
        (1.2, "公里", "米", 1200.0),
        (1500, "米", "千米", 1.5),
        (2, "km", "m", 2000.0),
        (30, "厘米", "毫米", 300.0),
        (3, "吨", "千克", 3000.0),
        (500, "克", "公斤", 0.5),
        (90, "分钟", "小时", 1.5),
        (2, "小时", "分钟", 120.0),
        (7, "次", "次", 7.0),
        (7, None, None, 7.0),
    ],
)
def test_convert(value, src, dst, expected) -> None:
    assert convert(value, src, dst) == expected


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("人", "人次"),  # different base words never mix
        ("万元", "人次"),
        ("天", "小时"),  # a day may be a working day
        ("工作日", "天"),
        ("亩", "平方米"),
        ("%", "元"),
        ("米", "千克"),
        ("次", None),  # one unit missing: unknown
        (None, "万元"),
        ("万人", "人次"),
    ],
)
def test_not_converted(src, dst) -> None:
    assert convert(1, src, dst) is None
    assert factor(src, dst) is None


def test_factor() -> None:
    assert factor("万元", "元") == 10000.0
    assert factor("元", "元") == 1.0
    assert factor("万人次", "人次") == 10000.0
    assert factor("人次", "万人次") == 0.0001
