"""The scoring formulas of 财预〔2020〕10号 (domain.md §5), as pure functions.

``a`` is the target (A), ``b`` the actual (B), ``w`` the weight. Every function
computes in :class:`~decimal.Decimal` from the numbers as printed (``0.1`` is 0.1,
not the nearest binary float) and returns an unrounded ``Decimal`` in ``[0, w]``;
:func:`round2` rounds half-up to two decimals.

>>> round2(positive(1500, 1420, 10))
9.47
>>> reverse(50, 60, 10), reverse(50, 60, 10, "R2").quantize(Decimal("0.0001"))
(Decimal('8.0'), Decimal('8.3333'))
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Number = int | float | Decimal
_CENT = Decimal("0.01")


def dec(x: Number) -> Decimal:
    """A number as a Decimal, floats through their shortest repr (``0.1`` -> ``0.1``)."""
    return x if isinstance(x, Decimal) else Decimal(str(x))


def round2(x: Number) -> float:
    """Round half-up to two decimals (``8.365`` -> 8.37), as a float."""
    return float(dec(x).quantize(_CENT, rounding=ROUND_HALF_UP))


def _clamp(score: Decimal, w: Decimal) -> Decimal:
    return max(Decimal(0), min(score, w))


def positive(a: Number, b: Number, w: Number) -> Decimal:
    """正向: B ≥ A → w, else w×B/A (A = 0 → w when B ≥ 0)."""
    a, b, w = dec(a), dec(b), dec(w)
    if b >= a:
        return _clamp(w, w)
    if a == 0:  # b < 0
        return Decimal(0)
    return _clamp(w * b / a, w)


def equal(a: Number, b: Number, w: Number) -> Decimal:
    """等值: as 正向 when A > 0; when A = 0, B ≤ 0 → w else 0."""
    a, b, w = dec(a), dec(b), dec(w)
    if a == 0:
        return _clamp(w, w) if b <= 0 else Decimal(0)
    return positive(a, b, w)


def reverse(a: Number, b: Number, w: Number, variant: str = "R1") -> Decimal:
    """反向: B ≤ A → w, else R1 w×max(0,(2A−B)/A) or R2 w×A/B (A = 0: B ≤ 0 → w else 0)."""
    a, b, w = dec(a), dec(b), dec(w)
    if b <= a:
        return _clamp(w, w)
    if a == 0:  # b > 0
        return Decimal(0)
    if variant == "R2":
        return _clamp(w * a / b, w) if b > 0 else Decimal(0)
    return _clamp(w * max(Decimal(0), (2 * a - b) / a), w)


def between(lo: Number, hi: Number, b: Number, w: Number, variant: str = "R1") -> Decimal:
    """区间 [lo, hi]: inside → w; below → w×B/lo (正向 against lo); above → 反向 against hi."""
    lo, hi, b, w = dec(lo), dec(hi), dec(b), dec(w)
    if b < lo:
        return positive(lo, b, w)
    if b > hi:
        return reverse(hi, b, w, variant)
    return _clamp(w, w)


def band_score(band: tuple[Number, Number], w: Number, position: str = "top") -> Decimal:
    """A qualitative grade's score: the top, middle or bottom of its band × w."""
    low, high = dec(band[0]), dec(band[1])
    share = {"top": high, "bottom": low}.get(position, (low + high) / 2)
    return _clamp(share * dec(w), dec(w))


def execution(budget: Number, executed: Number, w: Number) -> tuple[Decimal, Decimal]:
    """预算执行率 = executed / budget and its score min(rate, 1) × w (budget must not be 0)."""
    rate = dec(executed) / dec(budget)
    return rate, _clamp(min(rate, Decimal(1)) * dec(w), dec(w))
