"""Giving every indicator its weight (分值).

* An indicator's category is its 一级 when the method weights it, else the category
  the method's ``pools`` put it in (成本指标 -> 产出指标); anything else is not scored.
* A category whose indicators all print a 分值 weighs the printed sum ("printed").
  Otherwise it weighs the method's weight: unprinted indicators share it equally
  ("equal") or share what the printed ones leave ("remainder").
* When no 分值 is printed anywhere, the weight of a category without indicators goes
  to the present ones in proportion to their weights ("redistributed").

Weights are split in cents so that the parts add up exactly (50 / 3 -> 16.67, 16.67,
16.66).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from ..model import Indicator
from .formulas import dec
from .method import Method

_CENT = Decimal("0.01")


def apportion(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """``total`` split in proportion to ``shares``, in cents, largest remainders first."""
    whole = sum(shares, Decimal(0))
    if not shares or whole <= 0:
        return [Decimal(0) for _ in shares]
    exact = [total * s / whole for s in shares]
    parts = [x.quantize(_CENT, rounding=ROUND_DOWN) for x in exact]
    left = int(((total - sum(parts, Decimal(0))) / _CENT).to_integral_value(rounding=ROUND_DOWN))
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += _CENT
    return parts


def fmt(x: Decimal | float | int) -> str:
    """A number without trailing zeros: 50 -> '50', 12.50 -> '12.5', 1E+3 -> '1000'."""
    d = dec(x).normalize()
    return format(d if d != 0 else Decimal(0), "f")


@dataclass
class Category:
    weight: Decimal
    source: str  # default | redistributed | printed
    members: list[int] = field(default_factory=list)


@dataclass
class Allocation:
    categories: dict[str, Category] = field(default_factory=dict)
    weights: dict[int, tuple[Decimal, str]] = field(default_factory=dict)  # index -> (weight, source)
    problems: dict[int, str] = field(default_factory=dict)  # index -> why it has no weight
    notes: list[str] = field(default_factory=list)


def _home(ind: Indicator, method: Method) -> str | None:
    if ind.category in method.categories:
        return ind.category
    return method.pools.get(ind.category or "")


def allocate(indicators: list[Indicator], method: Method) -> Allocation:
    """The weight of every indicator of a form under ``method``."""
    out = Allocation()
    members: dict[str, list[int]] = {c: [] for c in method.categories}
    pooled: dict[str, int] = {}
    for i, ind in enumerate(indicators):
        home = _home(ind, method)
        if home is None:
            out.problems[i] = (f"一级指标「{ind.category}」不在评分方法 {method.name} 的权重中，不计分" if ind.category
                               else "没有一级指标，无法确定权重，不计分")
            continue
        members[home].append(i)
        if home != ind.category:
            pooled[f"{ind.category}→{home}"] = pooled.get(f"{ind.category}→{home}", 0) + 1
    for key, n in pooled.items():
        src, dst = key.split("→")
        out.notes.append(f"{src}（{n}项）按评分方法 {method.name} 的设置并入{dst}的权重计分。")
    present = {c: m for c, m in members.items() if m}
    absent = [c for c in method.categories if c not in present]
    any_printed = any(indicators[i].weight is not None for m in present.values() for i in m)
    base = {c: dec(method.categories[c]) for c in present}
    source = dict.fromkeys(present, "default")
    if absent and present and not any_printed:
        moved = sum((dec(method.categories[c]) for c in absent), Decimal(0))
        new = apportion(sum(base.values(), Decimal(0)) + moved, list(base.values()))
        shares = ", ".join(f"{c} +{fmt(n - base[c])}（{fmt(base[c] * 100 / sum(base.values()))}%）→ {fmt(n)}"
                           for c, n in zip(base, new))
        names = "、".join(absent)
        out.notes.append(f"{names}没有指标，其权重 {fmt(moved)} 分按比例分给其余一级指标：{shares}。")
        base = dict(zip(base, new))
        source = dict.fromkeys(present, "redistributed")
    elif absent and present:
        out.notes.append(f"{'、'.join(absent)}没有指标；表中印有分值，其权重不再分配。")
    for c, idx in present.items():
        printed = [i for i in idx if indicators[i].weight is not None]
        for i in printed:
            out.weights[i] = (dec(indicators[i].weight), "printed")
        unprinted = [i for i in idx if indicators[i].weight is None]
        if not unprinted:
            out.categories[c] = Category(sum((out.weights[i][0] for i in idx), Decimal(0)), "printed", idx)
            continue
        out.categories[c] = Category(base[c], source[c], idx)
        left = base[c] - sum((out.weights[i][0] for i in printed), Decimal(0))
        if left <= 0:
            for i in unprinted:
                out.problems[i] = f"{c}已印分值合计 {fmt(base[c] - left)}，不少于该类权重 {fmt(base[c])}，未印分值的指标无法分配分值"
            continue
        how = "remainder" if printed else "equal"
        for i, w in zip(unprinted, apportion(left, [Decimal(1)] * len(unprinted))):
            out.weights[i] = (w, how)
    return out
