"""Scoring methods: a named, versioned YAML file with every setting of the scoring.

``mof-2020`` (财预〔2020〕10号) is the default. Users pass their own file; it may
``extends:`` a built-in method (or another file) and override any setting. Mappings
are merged key by key, lists replace lists, and a key set to null is removed. See
``methods/mof-2020.yaml`` for the format and ``docs/scoring.md`` for the meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from ..settings_file import SettingsKind

DEFAULT_METHOD = "mof-2020"
POSITIONS = ("top", "middle", "bottom")
VARIANTS = ("R1", "R2")

_KEYS = {"name", "version", "description", "extends", "weights", "pools", "reverse", "thresholds", "qualitative", "grades"}
_SECTIONS = {
    "weights": {"execution", "categories"},
    "thresholds": {"over_achievement", "execution_explain"},
    "qualitative": {"position", "bands", "wordings"},
}
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[。．.，,；;：:！!？?、…~～\-—]+$")


def normalize_wording(text: str | None) -> str:
    """A wording as compared with the wording map: no spaces, no trailing punctuation."""
    return _TRAILING.sub("", _SPACES.sub("", text or ""))


@dataclass
class Method:
    """The settings of one scoring method (see ``methods/mof-2020.yaml``)."""

    name: str
    version: str
    description: str = ""
    execution_weight: float = 10.0
    categories: dict[str, float] = field(default_factory=dict)
    pools: dict[str, str] = field(default_factory=dict)
    reverse: str = "R1"
    over_achievement: float = 1.3
    execution_explain: float = 0.9
    position: str = "top"
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    wordings: dict[str, str] = field(default_factory=dict)
    grades: list[tuple[float, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def grade_of_wording(self, text: str | None) -> str | None:
        """The grade a wording maps to (exact match after normalising), else None."""
        return self.wordings.get(normalize_wording(text))

    def grade_of_total(self, total: float) -> str:
        """优/良/中/差 for a total on a 100-point scale."""
        for low, name in self.grades:
            if total >= low:
                return name
        return self.grades[-1][1]


_KIND = SettingsKind("jixiao.scoring.methods", "bad-method", "评分方法", "scoring method",
                      "jixiao/scoring/methods/mof-2020.yaml", "name/version/weights …")
_bad = _KIND.bad


def builtin_methods() -> list[str]:
    """Names of the built-in files."""
    return _KIND.builtin()


def _read(name_or_path: str) -> tuple[dict[str, Any], str]:
    data, shown = _KIND.read(name_or_path)
    unknown = set(data) - _KEYS
    if unknown:
        raise _bad(shown, f"未知的设置 {', '.join(sorted(map(str, unknown)))}", f"unknown settings {', '.join(sorted(map(str, unknown)))}")
    for section, keys in _SECTIONS.items():
        conf = data.get(section)
        if conf is None:
            continue
        if not isinstance(conf, dict):
            raise _bad(shown, f"{section} 应是映射", f"{section} must be a mapping")
        extra = set(conf) - keys
        if extra:
            raise _bad(shown, f"{section} 没有设置 {', '.join(sorted(map(str, extra)))}", f"{section} has no setting {', '.join(sorted(map(str, extra)))}")
    return data, shown


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``: mappings merged, null removes a key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve(name_or_path: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    if name_or_path in seen:
        raise _bad(name_or_path, "extends 形成循环", "circular extends")
    data, shown = _read(name_or_path)
    base = data.get("extends")
    if not base:
        return data, shown
    parent, _ = _resolve(str(base), seen + (name_or_path,))
    own = {k: v for k, v in data.items() if k != "extends"}
    merged = _merge(parent, own)
    merged["name"] = data.get("name") or Path(shown).stem
    merged["version"] = data.get("version") or "0"
    return merged, shown


def _number(shown: str, what: str, value: Any, *, low: float = 0.0, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < low or (high is not None and value > high):
        bound = f"{low}–{high}" if high is not None else f"≥ {low}"
        raise _bad(shown, f"{what} 应是数值（{bound}），实为「{value}」", f"{what} must be a number ({bound})")
    return float(value)


def _mapping(shown: str, what: str, value: Any) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(shown, f"{what} 应是映射", f"{what} must be a mapping")
    return value


def _build(data: dict[str, Any], shown: str) -> Method:
    weights = _mapping(shown, "weights", data.get("weights"))
    categories = {str(k): _number(shown, f"weights.categories.{k}", v)
                  for k, v in _mapping(shown, "weights.categories", weights.get("categories")).items()}
    categories = {k: v for k, v in categories.items() if v > 0}
    if not categories:
        raise _bad(shown, "weights.categories 至少要有一个权重大于 0 的一级指标", "weights.categories needs a category")
    pools = {str(k): str(v) for k, v in _mapping(shown, "pools", data.get("pools")).items()}
    for src, dst in pools.items():
        if dst not in categories:
            raise _bad(shown, f"pools 把「{src}」并入「{dst}」，但「{dst}」不在 weights.categories 中",
                       f"pool target {dst} is not a weighted category")
    reverse = data.get("reverse", "R1")
    if reverse not in VARIANTS:
        raise _bad(shown, f"reverse 应为 R1 或 R2，实为「{reverse}」", "reverse must be R1 or R2")
    thresholds = _mapping(shown, "thresholds", data.get("thresholds"))
    qual = _mapping(shown, "qualitative", data.get("qualitative"))
    position = qual.get("position", "top")
    if position not in POSITIONS:
        raise _bad(shown, f"qualitative.position 应为 top/middle/bottom，实为「{position}」", "bad qualitative.position")
    bands: dict[str, tuple[float, float]] = {}
    for grade, band in _mapping(shown, "qualitative.bands", qual.get("bands")).items():
        if not isinstance(band, list) or len(band) != 2:
            raise _bad(shown, f"qualitative.bands.{grade} 应是 [下限, 上限]", f"band {grade} must be [low, high]")
        low = _number(shown, f"qualitative.bands.{grade}", band[0], high=1.0)
        high = _number(shown, f"qualitative.bands.{grade}", band[1], high=1.0)
        if low > high:
            raise _bad(shown, f"qualitative.bands.{grade} 的下限大于上限", f"band {grade}: low above high")
        bands[str(grade)] = (low, high)
    if not bands:
        raise _bad(shown, "qualitative.bands 不能为空", "qualitative.bands is empty")
    wordings: dict[str, str] = {}
    for grade, words in _mapping(shown, "qualitative.wordings", qual.get("wordings")).items():
        if grade not in bands:
            raise _bad(shown, f"qualitative.wordings 的等级「{grade}」不在 bands 中", f"wording grade {grade} has no band")
        if not isinstance(words, list):
            raise _bad(shown, f"qualitative.wordings.{grade} 应是列表", f"wordings of {grade} must be a list")
        for word in words:
            key = normalize_wording(str(word))
            if key in wordings and wordings[key] != grade:
                raise _bad(shown, f"措辞「{word}」同时对应「{wordings[key]}」和「{grade}」", f"wording {word} maps to two grades")
            wordings[key] = str(grade)
    for grade in bands:
        wordings.setdefault(normalize_wording(grade), grade)  # a grade's own name always reads as itself
    grades = sorted(((_number(shown, f"grades.{g}", v, high=100.0), str(g))
                     for g, v in _mapping(shown, "grades", data.get("grades")).items()), reverse=True)
    if not grades:
        raise _bad(shown, "grades 不能为空", "grades is empty")
    return Method(
        name=str(data.get("name") or Path(shown).stem),
        version=str(data.get("version") or "0"),
        description=str(data.get("description") or ""),
        execution_weight=_number(shown, "weights.execution", weights.get("execution", 10)),
        categories=categories,
        pools=pools,
        reverse=reverse,
        over_achievement=_number(shown, "thresholds.over_achievement", thresholds.get("over_achievement", 1.3)),
        execution_explain=_number(shown, "thresholds.execution_explain", thresholds.get("execution_explain", 0.9)),
        position=position,
        bands=bands,
        wordings=wordings,
        grades=grades,
    )


def load_method(name_or_path: str | Path | None = None) -> Method:
    """Load a built-in method by name or a YAML file by path; resolve ``extends``.

    Raises :class:`jixiao.errors.ReadError` (code ``bad-method``) for a missing or
    invalid file, with the reason in Chinese and English.
    """
    data, shown = _resolve(str(name_or_path or DEFAULT_METHOD), ())
    return _build(data, shown)
