"""The formulas of domain.md §5, with numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.scoring import formulas as fm


def test_round2_is_half_up_on_the_printed_decimal() -> None:
    assert fm.round2(Decimal("8.365")) == 8.37
    assert fm.round2(8.365) == 8.37  # the float 8.365 is 8.3649999…; read as printed
    assert fm.round2(Decimal("2.675")) == 2.68
    assert fm.round2(Decimal("9.4666")) == 9.47
    assert fm.round2(Decimal("9.4649")) == 9.46


@pytest.mark.parametrize(
    ("a", "b", "w", "expected"),
    [
        (200, 205, 20, Decimal(20)),  # B ≥ A: full
        (200, 200, 20, Decimal(20)),  # B = A: full
        (100, 80, 10, Decimal(8)),  # 10 × 80/100
        (1500, 1420, 10, Decimal(10) * 1420 / 1500),  # 9.4666…
        (100, 0, 10, Decimal(0)),  # B = 0
        (0, 0, 10, Decimal(10)),  # A = 0, B ≥ 0: full
        (0, 5, 10, Decimal(10)),
        (0, -1, 10, Decimal(0)),  # A = 0, B < 0: 0
        (100, -5, 10, Decimal(0)),  # never below 0
        (100, 1000, 10, Decimal(10)),  # never above w
    ],
)
def test_positive(a, b, w, expected) -> None:
    assert fm.positive(a, b, w) == expected


def test_positive_rounds_to_the_printed_score() -> None:
    assert fm.round2(fm.positive(1500, 1420, 10)) == 9.47
    assert fm.round2(fm.positive(3, 2, 10)) == 6.67


@pytest.mark.parametrize(
    ("a", "b", "w", "expected"),
    [
        (100, 100, 10, Decimal(10)),
        (100, 95, 10, Decimal("9.5")),  # A > 0: as 正向
        (100, 120, 10, Decimal(10)),  # capped
        (0, 0, 10, Decimal(10)),  # A = 0, B ≤ 0: full
        (0, -2, 10, Decimal(10)),
        (0, 1, 10, Decimal(0)),  # A = 0, B > 0: 0
        (0, 0.5, 10, Decimal(0)),
    ],
)
def test_equal(a, b, w, expected) -> None:
    assert fm.equal(a, b, w) == expected


@pytest.mark.parametrize(
    ("a", "b", "w", "variant", "expected"),
    [
        (50, 40, 10, "R1", Decimal(10)),  # B ≤ A: full
        (50, 50, 10, "R1", Decimal(10)),
        (50, 60, 10, "R1", Decimal(8)),  # 10 × (100 − 60)/50
        (50, 60, 10, "R2", Decimal(10) * 50 / 60),  # 10 × 50/60 = 8.333…
        (50, 75, 10, "R1", Decimal(5)),  # 10 × 25/50
        (50, 75, 10, "R2", Decimal(10) * 50 / 75),  # 6.666…
        (50, 100, 10, "R1", Decimal(0)),  # 2A − B = 0
        (50, 150, 10, "R1", Decimal(0)),  # max(0, …): never below 0
        (50, 150, 10, "R2", Decimal(10) * 50 / 150),  # R2 never reaches 0
        (0, 0, 10, "R1", Decimal(10)),  # A = 0, B ≤ 0: full
        (0, 0, 10, "R2", Decimal(10)),
        (0, 3, 10, "R1", Decimal(0)),  # A = 0, B > 0: 0
        (0, 3, 10, "R2", Decimal(0)),
        (50, 0, 10, "R1", Decimal(10)),  # B = 0
    ],
)
def test_reverse(a, b, w, variant, expected) -> None:
    assert fm.reverse(a, b, w, variant) == expected


def test_reverse_r1_and_r2_rounded() -> None:
    assert fm.round2(fm.reverse(50, 60, 10, "R2")) == 8.33
    assert fm.round2(fm.reverse(50, 60, 10, "R1")) == 8.0
    assert fm.round2(fm.reverse(24, 30, 5, "R1")) == 3.75  # 5 × 18/24
    assert fm.round2(fm.reverse(24, 30, 5, "R2")) == 4.0  # 5 × 24/30


@pytest.mark.parametrize(
    ("lo", "hi", "b", "w", "variant", "expected"),
    [
        (80, 90, 85, 10, "R1", Decimal(10)),  # inside
        (80, 90, 80, 10, "R1", Decimal(10)),  # on the lower edge
        (80, 90, 90, 10, "R1", Decimal(10)),  # on the upper edge
        (80, 90, 70, 10, "R1", Decimal("8.75")),  # below: 10 × 70/80
        (80, 90, 0, 10, "R1", Decimal(0)),  # B = 0
        (80, 90, 99, 10, "R1", Decimal(9)),  # above: 10 × (180 − 99)/90 = 9
        (80, 90, 99, 10, "R2", Decimal(10) * 90 / 99),  # above, R2: 9.0909…
        (80, 90, 200, 10, "R1", Decimal(0)),  # far above: never below 0
        (0, 10, 0, 10, "R1", Decimal(10)),  # lower bound 0
    ],
)
def test_between(lo, hi, b, w, variant, expected) -> None:
    assert fm.between(lo, hi, b, w, variant) == expected


def test_between_r2_rounded() -> None:
    assert fm.round2(fm.between(80, 90, 99, 10, "R2")) == 9.09


@pytest.mark.parametrize(
    ("band", "position", "expected"),
    [
        ((0.8, 1.0), "top", Decimal("12.5")),
        ((0.8, 1.0), "bottom", Decimal("10.0")),
        ((0.8, 1.0), "middle", Decimal("11.25")),
        ((0.6, 0.8), "top", Decimal("10.0")),
        ((0.0, 0.6), "top", Decimal("7.5")),
        ((0.0, 0.6), "bottom", Decimal(0)),
    ],
)
def test_band_score(band, position, expected) -> None:
    assert fm.band_score(band, 12.5, position) == expected


def test_execution_rate_and_score() -> None:
    assert fm.execution(480, 456, 10) == (Decimal("0.95"), Decimal("9.5"))
    assert fm.execution(100, 16, 10) == (Decimal("0.16"), Decimal("1.6"))
    rate, score = fm.execution(100, 120, 10)  # over budget: capped at w
    assert (rate, score) == (Decimal("1.2"), Decimal(10))
    rate, score = fm.execution(114.56, 99.63, 10)
    assert fm.round2(score) == 8.70 and f"{rate * 100:.2f}" == "86.97"
