"""The canonical indicator hierarchy and the labels forms print.

Canonical names follow domain.md §2 (财预〔2021〕101号 plus pre-2021 usage). Legacy
and short names map to canonical ones; a label is recognised by what it says, not by
the column it was printed in, because extraction shifts columns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..textnorm import compact

# canonical 二级 -> canonical 一级
CANON_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}
# canonical order of 二级 within each 一级 (used to spot a missing sibling)
SIBLING_ORDER: dict[str, list[str]] = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "成本指标": ["经济成本指标", "社会成本指标", "生态环境成本指标"],
    "满意度指标": ["服务对象满意度指标"],
}
COST_CHILDREN = {"经济成本指标", "社会成本指标", "生态环境成本指标"}

# printed 二级 (compacted) -> canonical 二级
LEVEL2: dict[str, str] = {name: name for name in CANON_PARENT}
LEVEL2.update(
    {
        "数量": "数量指标",
        "质量": "质量指标",
        "时效": "时效指标",
        "成本": "成本指标",
        "经济效益": "经济效益指标",
        "社会效益": "社会效益指标",
        "生态效益": "生态效益指标",
        "环境效益": "生态效益指标",
        "环境效益指标": "生态效益指标",
        "生态环境效益指标": "生态效益指标",
        "可持续影响": "可持续影响指标",
        "可持续发展指标": "可持续影响指标",
        "可持续影响力指标": "可持续影响指标",
        "满意度": "服务对象满意度指标",
        "服务对象满意度": "服务对象满意度指标",
        "社会公众或服务对象满意度指标": "服务对象满意度指标",
        "经济成本": "经济成本指标",
        "社会成本": "社会成本指标",
        "生态环境成本": "生态环境成本指标",
        "生态成本指标": "生态环境成本指标",
    }
)
# "成本指标" and "满意度指标" are both 一级 names and (in older or local forms) 二级 names
AMBIGUOUS = {"成本指标", "满意度指标", "满意度"}

# printed 一级 (compacted) -> canonical 一级 (legacy names kept as their own category)
LEVEL1: dict[str, str] = {
    "产出指标": "产出指标",
    "效益指标": "效益指标",
    "满意度指标": "满意度指标",
    "成本指标": "成本指标",
    "产出目标": "产出指标",
    "产出": "产出指标",
    "效益": "效益指标",
    "满意度": "满意度指标",
    "完成指标": "产出指标",
    "效果目标": "效益指标",
    "效果指标": "效益指标",
    "影响力目标": "影响力目标",
    "投入与管理": "投入与管理",
    "投入和管理": "投入与管理",
    "投入与管理目标": "投入与管理",
}
# 一级 whose 二级 are free text (no canonical twin): any printed 二级 is accepted
OPEN_LEVEL1 = {"影响力目标", "投入与管理"}

# side captions and furniture inside the indicator table
CAPTIONS = {
    "绩效指标", "绩效", "指标", "年度绩效指标", "年度绩效指标完成情况", "绩效目标", "年度绩效目标",
    "项目绩效指标", "绩效指标完成情况", "中期绩效指标", "年度指标",
}
FURNITURE = {
    "放行批注", "审核意见", "审核批注", "批注", "盖章", "单位盖章", "（盖章）", "(盖章)", "公章", "备注",
}

_UNIT_SUFFIX = re.compile(r"[（(][^（）()]{0,16}[)）]$")


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Comparison key of a label: spaces, trailing colons and a unit in brackets removed."""
    k = compact(text).rstrip("：:")
    return _UNIT_SUFFIX.sub("", k).rstrip("：:")


@lru_cache(maxsize=1 << 16)
def level1_of(text: str) -> str | None:
    """Canonical 一级 for a printed 一级 label, else None."""
    return LEVEL1.get(key(text))


@lru_cache(maxsize=1 << 16)
def level2_of(text: str) -> str | None:
    """Canonical 二级 for a printed 二级 label (成本指标/满意度指标 included), else None."""
    k = key(text)
    if k in LEVEL2:
        return LEVEL2[k]
    if k == "成本指标":
        return "成本指标"
    if k == "满意度指标":
        return "服务对象满意度指标"
    return None


def is_caption(text: str) -> bool:
    return key(text) in CAPTIONS


def is_furniture(text: str) -> bool:
    k = key(text)
    return k in FURNITURE or bool(re.fullmatch(r"第\d+页(共\d+页)?|\d+/\d+|-\s*\d+\s*-", k))


def allows(level1_canon: str | None, level1_printed: str | None, level2_canon: str) -> bool:
    """Whether a 二级 fits under a 一级 (printed legacy names included)."""
    if level1_canon is None:
        return False
    if level1_canon in OPEN_LEVEL1:
        return True
    if level2_canon == "成本指标":
        return level1_canon == "产出指标"
    if level1_printed and key(level1_printed) in {"效果目标", "效果指标"} and level2_canon == "服务对象满意度指标":
        return True
    return CANON_PARENT.get(level2_canon) == level1_canon


@lru_cache(maxsize=4096)
def categorize(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """(category, subcategory) for a printed pair, per domain.md §2 and its legacy map."""
    l1c = level1_of(level1) if level1 else None
    l2c = level2_of(level2) if level2 else None
    if l2c is not None and l1c not in OPEN_LEVEL1:
        if l2c == "成本指标":
            return ("产出指标" if l1c in (None, "产出指标") else "成本指标"), "成本指标"
        return CANON_PARENT.get(l2c, l1c), l2c
    category = l1c if l1c else (level1 or None)
    return category, (level2 or None)


@lru_cache(maxsize=1 << 16)
def split_combined(text: str) -> tuple[str, ...] | None:
    """Split a cell holding several labels (``满意度指标 服务对象满意度 指标``)."""
    k = key(text)
    names = sorted(set(LEVEL1) | set(LEVEL2), key=len, reverse=True)
    out: list[str] = []
    i = 0
    while i < len(k):
        for name in names:
            if k.startswith(name, i) and len(name) >= 4:
                out.append(name)
                i += len(name)
                break
        else:
            return None
    return tuple(out) if len(out) >= 2 else None


# --- reading a row's meaning from its name (used only to settle ambiguity) ---

_SATISFACTION = re.compile(r"满意")
_COST_WORDS = re.compile(r"成本|费用|经费|资金|预算|费|价|支出|元|节约|控制|开支|投入")
_QUALITY_WORDS = re.compile(r"合格|达标|准确|验收|质量|优良|正确|通过率|完好|故障率|差错|规范")
_TIME_WORDS = re.compile(r"及时|按时|时间|进度|期限|时效|时限|按期|月底|年底|日前|月前|周期")
_COUNT_WORDS = re.compile(r"数量|次数|人数|个数|场次|篇数|册数|件数|人次|份数|频次|印刷|发放|举办|召开")
COUNT_UNITS = {"次", "人次", "万人次", "个", "篇", "篇次", "册", "套", "场", "条", "家", "人", "份", "期", "部", "本", "件", "项", "万字", "字", "户", "所", "批", "名", "座", "台"}


def is_satisfaction(name: str) -> bool:
    return bool(_SATISFACTION.search(name))


def looks_like(name: str, subcategory: str) -> bool:
    """Whether an indicator name reads as the given 二级 (a weak, keyword-based cue)."""
    pattern = {"数量指标": _COUNT_WORDS, "质量指标": _QUALITY_WORDS, "时效指标": _TIME_WORDS}.get(subcategory)
    return bool(pattern and pattern.search(name))


def is_cost_like(name: str, unit: str | None) -> bool:
    return bool(_COST_WORDS.search(name)) or (unit is not None and unit.endswith("元"))
