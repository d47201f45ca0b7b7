"""Converting a figure between units, only where the conversion is certain.

Forms print a target in one unit and the actual in another (``≥50万元`` against
``480000元``; ``2万人次`` against ``23,500人次``). :func:`convert` converts between
units of one family and returns ``None`` for anything else, so a caller can flag the
pair instead of guessing:

* money: 元, 千元, 万元, 百万元, 亿元;
* a count with a Chinese magnitude prefix: ``万人次`` = 10,000 ``人次``, ``千册`` =
  1,000 ``册``, ``亿元`` … (the base unit must be the same word: 人 and 人次 never mix);
* shares: ``%`` and ``‰`` (``百分比`` is read as ``%`` by the value grammar);
* length (米, 千米/公里, 厘米, 毫米, km, m), weight (吨, 千克/公斤, 克), time within a
  day (小时, 分钟/分, 秒).

Deliberately not converted: 天 vs 小时 or 工作日 (a "day" in a response-time target is
often a working day), 亩 vs 平方米 and other pairs whose meaning depends on the form.

>>> convert(48.0, "万元", "元")
480000.0
>>> convert(23500, "人次", "万人次")
2.35
>>> convert(3, "人", "人次") is None
True
"""

from __future__ import annotations

_FAMILIES: dict[str, dict[str, float]] = {
    "money": {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8},
    "share": {"%": 1.0, "‰": 0.1},
    "length": {"毫米": 1e-3, "mm": 1e-3, "厘米": 1e-2, "cm": 1e-2, "米": 1.0, "m": 1.0, "千米": 1e3, "公里": 1e3, "km": 1e3},
    "weight": {"克": 1e-3, "g": 1e-3, "千克": 1.0, "公斤": 1.0, "kg": 1.0, "吨": 1e3, "t": 1e3, "万吨": 1e7},
    "time": {"秒": 1 / 3600, "分钟": 1 / 60, "分": 1 / 60, "小时": 1.0, "h": 1.0},
}
_FACTOR: dict[str, tuple[str, float]] = {u: (fam, f) for fam, units in _FAMILIES.items() for u, f in units.items()}
_PREFIX = {"万": 1e4, "千": 1e3, "百": 1e2, "亿": 1e8, "十万": 1e5, "百万": 1e6, "千万": 1e7}
# words that start with a magnitude character but are not a magnitude + base unit
_NOT_PREFIXED = {"千米", "千克", "百分比", "万元", "千元", "亿元", "百万元", "分", "分钟"}


def _split(unit: str) -> tuple[str, float]:
    """``万人次`` -> (``人次``, 10000); a unit without a magnitude prefix -> (unit, 1)."""
    if unit in _NOT_PREFIXED or unit in _FACTOR:
        return unit, 1.0
    for p in sorted(_PREFIX, key=len, reverse=True):
        if unit.startswith(p) and len(unit) > len(p):
            return unit[len(p):], _PREFIX[p]
    return unit, 1.0


def factor(from_unit: str | None, to_unit: str | None) -> float | None:
    """The number to multiply a figure in ``from_unit`` by to express it in ``to_unit``.

    ``None`` when the two units are not known to be of one family. Equal units (also
    both missing) give 1.
    """
    if from_unit == to_unit:
        return 1.0
    if not from_unit or not to_unit:
        return None
    a, b = _FACTOR.get(from_unit), _FACTOR.get(to_unit)
    if a and b:
        return a[1] / b[1] if a[0] == b[0] else None
    if a or b:
        return None
    base_a, fa = _split(from_unit)
    base_b, fb = _split(to_unit)
    if base_a != base_b:
        return None
    return fa / fb


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """``value`` printed in ``from_unit`` expressed in ``to_unit``, or ``None`` if unsure."""
    f = factor(from_unit, to_unit)
    if f is None:
        return None
    out = value * f
    return float(round(out, 10)) if f != 1.0 else float(value)
