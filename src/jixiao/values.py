"""The value grammar: a printed indicator value (指标值) -> :class:`jixiao.model.Value`.

:func:`parse_value` reads what a form prints in the 指标值 / 实际完成值 column and
returns a structured :class:`~jixiao.model.Value`; :func:`format_value` prints a
value back in canonical form. ``raw`` is always the printed text with layout noise
removed (:func:`jixiao.textnorm.clean_cell`); nothing is invented, units are never
converted.

Kinds
-----

``number``
    One figure, optionally with a comparison: ``≥3.00(次)`` -> ``>=`` 3.0 ``次``.
    A bare amount (``985米``, ``100万元``) is ``=``.
``range``
    Two bounds: ``80%-90%``, ``80~90(%)``, ``介于80%至90%`` -> ``between`` 80.0,
    ``high`` 90.0, ``%``.
``date``
    A date or deadline, kept as wording (``12月底前``, ``2024年6月30日前``,
    ``2022年1-12月适时发布``, ``2024-12-31前``); ``op``/``value`` are null and
    ``text`` holds the wording. Numbers in dates never become values.
``text``
    Anything else: qualitative wording (``显著提升``, ``每个工作日一次``) or a
    sentence with several figures. ``op``/``value`` are null, ``text`` holds it.

Grammar of a ``number``
-----------------------

Spaces are ignored; full-width forms (``＞＝（）％～，``) read as their ASCII forms::

    number  := [prefix] [word] [symbol] NUMBER [unit] [suffix] [end-punct]
    NUMBER  := [+|-] digits [. digits]        -- "1,000" / "1，000" grouping allowed
    unit    := UNIT | "(" UNIT ")"            -- half- or full-width brackets
    UNIT    := "%" | "％" | "百分比" | "‰" | "℃"   -- or a word of 1-4 characters, optionally "/" and another (微克/立方米, 次/年)
             | 1-4 CJK/latin characters     -- 次, 人次, 万人次, 个国家, 万元, km, 次/年 …
    end-punct := one of 。 ; , . 、

* ``symbol``: ``≥ ≤ = > <`` and ``＞ ＜ ＝ ≧ ≦ ⩾ ⩽``, two-character ``>= <= => =<``
  (also full-width ``＞＝``), ``≮`` (means ``>=``) and ``≯`` (means ``<=``).
* ``word`` before the number: 不低于/不少于/不小于/至少/最少/大于等于/大于或等于/
  不得低于/不得少于 -> ``>=``; 不高于/不超过/不多于/不大于/小于等于/小于或等于/
  最多/至多/不得高于/不得超过 -> ``<=``; 高于/超过/多于/大于 -> ``>``;
  低于/少于/小于/不满/不足 -> ``<``; 等于/达到 -> ``=``.
* ``suffix`` after the number/unit: 以上/及以上/或以上 -> ``>=``; 以下/及以下/
  或以下/以内/之内/内 -> ``<=`` (``90%以上`` -> ``>=`` 90 ``%``; ``工作日1小时内``
  -> ``<=`` 1 ``小时``). "以上、以下、以内" include the number; "超过、不满"
  exclude it. A symbol wins over a word; a suffix wins over 等于/达到
  (``达到90%以上`` -> ``>=``).
* ``(含)`` / ``(含本数)`` after the value marks the bound as included
  (``90%以上（含）`` -> ``>=``; ``超过5次(含)`` -> ``>=``).
* ``prefix``: a short metric name of at most 8 CJK/latin characters, optionally
  followed by a colon (``满意度≥90%``, ``工作日1小时内``). It is accepted only when
  the value carries a comparison (symbol, word or suffix): ``每年1次`` stays text.
* The unit is kept as printed without brackets: ``20万人次`` -> 20.0 ``万人次``.
  ``百分比`` and ``％`` read as ``%``. No unit -> ``null``.
* ``value`` and ``high`` are floats (``=0.00(次)`` -> 0.0).

A ``range`` is ``[prefix] NUMBER [unit] SEP NUMBER [unit] [之间|以内|范围内|区间]``
with ``SEP`` one of ``- ~ 至 到`` (and ``— – － ～``; ``与``/``和`` only with
``之间``). Both units, where both are printed, must agree, and the lower bound must
not exceed the upper one (``90-80%`` is text). A range needs no comparison, so a
prefix is always allowed (``在80%-90%之间``).

Only one figure makes a number: two or more numbers outside a range or a date make
the value ``text``. Values longer than 200 characters are ``text`` without further
parsing. :func:`parse_value` never raises.

Dates
-----

A value is a ``date`` when it holds a date, month or deadline pattern (``2024年``,
``6月``, ``30日``/``30号``, ``2024-12-31``, ``月底``, ``年底``, ``月末``, ``年末``,
``之前``, ``截止``/``截至``, a ``前`` after a date) and, once those patterns are taken
out, no digit is left. A single figure whose unit is a calendar unit (``12月``,
``30日``, ``10日内完成``, ``2024年``, ``2024年度``) is a date unless an explicit
comparison is printed (``≤30日`` is a number); ``年`` counts as a calendar unit only
after a year 1900-2100, so ``3年`` is a number. Calendar ranges (``1-12月``,
``2022-2023年``) are dates too.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jixiao.model import Value
from jixiao.textnorm import clean_cell

__all__ = ["parse_value", "format_value"]

#: Values longer than this (after clean-up) are qualitative text without parsing.
MAX_PARSE_LEN = 200
_CACHE_KEY_MAX = 1000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDCH = f"{_CJK}A-Za-z"

# -- normalisation ---------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "≧": "≥",
        "≦": "≤",
        "⩾": "≥",
        "⩽": "≤",
        "≮": "≥",
        "≯": "≤",
        "（": "(",
        "）": ")",
        "％": "%",
        "～": "~",
        "〜": "~",
        "∼": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "―": "-",
        "─": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "，": ",",
        "：": ":",
        "；": ";",
        "＋": "+",
        " ": None,
    }
)
_TWO_CHAR_OPS = re.compile(r">=|=>|<=|=<")
_TWO_CHAR_MAP = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤"}

# -- grammar ---------------------------------------------------------------------

_NUM = r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# A unit never starts with a suffix / range-tail word (so "90以上" has no unit).
_UNIT_GUARD = r"(?!及以[上下]|或以[上下]|以[上下内]|之[内间]|内|范围|区间|含(?:本数)?\))"
_UNIT_WORD = rf"{_UNIT_GUARD}[{_WORDCH}][{_WORDCH}²³·]{{0,3}}?(?:/[{_WORDCH}][{_WORDCH}²³·]{{0,3}}?)?"
_UNIT = rf"(?:%|‰|℃|百分比|{_UNIT_WORD})"


def _unit_group(name: str) -> str:
    return rf"(?:\((?P<b{name}>{_UNIT})\)|(?P<{name}>{_UNIT}))?"


_PREFIX = rf"(?P<prefix>[{_WORDCH}]{{0,8}}?):?"
_END = r"[。;,.、]?"

_WORD_OPS: dict[str, str] = {}
for _op, _words in (
    (">=", "大于或等于 大于等于 高于或等于 不低于 不少于 不小于 不得低于 不得少于 至少 最少"),
    ("<=", "小于或等于 小于等于 低于或等于 不高于 不超过 不多于 不大于 不得高于 不得超过 最多 至多"),
    (">", "高于 超过 多于 大于"),
    ("<", "低于 少于 小于 不满 不足"),
    ("=", "等于 达到"),
):
    for _w in _words.split():
        _WORD_OPS[_w] = _op
_WORD_ALT = "|".join(sorted(_WORD_OPS, key=len, reverse=True))

_SUFFIX_OPS = {
    "及以上": ">=",
    "或以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "或以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
}
_SUFFIX_ALT = "|".join(sorted(_SUFFIX_OPS, key=len, reverse=True))
_SYMBOL_OPS = {"≥": ">=", "≤": "<=", "=": "=", ">": ">", "<": "<"}

_SINGLE = re.compile(
    rf"{_PREFIX}(?P<word>{_WORD_ALT})?(?P<sym>[≥≤=><])?(?P<num>{_NUM})"
    rf"{_unit_group('unit')}(?P<suffix>{_SUFFIX_ALT})?(?P<incl>\(含(?:本数)?\))?{_END}"
)
_RANGE = re.compile(
    rf"{_PREFIX}(?P<a>{_NUM}){_unit_group('u1')}(?P<sep>[-~至到与和])"
    rf"(?P<b>{_NUM}){_unit_group('u2')}(?P<tail>之间|以内|范围内|区间)?{_END}"
)

# A calendar unit: "12月", "30日", "6月底", "年底前" …
_DATE_UNIT = re.compile(r"(?:[年月日号]|月份)(?P<tail>(?:底|末|初|上旬|中旬|下旬)?(?:前|之前|以前)?)")

_HAS_DIGIT = re.compile(r"[0-9]")
_DATE_HINT = re.compile(
    r"[0-9]{4}年|[0-9]{1,2}月|[0-9]{1,2}[日号]|[0-9]{4}[-./][0-9]{1,2}"
    r"|月底|年底|月末|年末|月初|年初|上半年|下半年|之前|截止|截至|(?:[0-9]|[年月日号底末])前"
)
_DATE_STRIP = re.compile(
    r"[0-9]{4}[-./][0-9]{1,2}(?:[-./][0-9]{1,2})?"
    r"|[0-9]{1,4}(?:[-~至到][0-9]{1,4})?[年月日号]"
    r"|[0-9]{1,2}:[0-9]{2}"
)

_Fields = tuple  # (raw, op, value, high, unit, text, kind)


# Text made only of these characters is already clean: clean_cell(text) == text.
_ALREADY_CLEAN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z%.,()（）≥≤=>~+\-:：，、。；;]+")


def _clean(raw: str) -> str:
    if _ALREADY_CLEAN.fullmatch(raw):
        return raw
    try:
        return clean_cell(raw)
    except Exception:  # pragma: no cover - clean_cell is total; belt and braces
        return " ".join(raw.split())


def _normalize(text: str) -> str:
    text = text.translate(_TRANSLATE)
    if "=" in text:
        text = _TWO_CHAR_OPS.sub(lambda m: _TWO_CHAR_MAP[m.group(0)], text)
    return text


def _number(num: str) -> float:
    return float(num.replace(",", ""))


def _unit(m: re.Match[str], name: str) -> str | None:
    unit = m.group(name) or m.group("b" + name)
    if unit == "百分比":
        return "%"
    return unit


def _is_date_unit(unit: str | None, value: float, explicit: bool) -> bool:
    if not unit:
        return False
    m = _DATE_UNIT.fullmatch(unit)
    if m is None:
        return False
    if m.group("tail"):  # 月底, 日前, 年底前 … : always a deadline
        return True
    if explicit:  # "≤30日" is a number of days
        return False
    if unit == "年":  # "2024年" is a year, "3年" a duration
        return value.is_integer() and 1900 <= value <= 2100
    return True


def _is_calendar(unit: str | None, value: float, explicit: bool) -> bool:
    """A bare figure on a calendar unit is a date: "12月", "30日内完成", "2024年度"."""
    if _is_date_unit(unit, value, explicit):
        return True
    if explicit or not unit:
        return False
    if unit[0] in "月日号":
        return True
    return unit[0] == "年" and value.is_integer() and 1900 <= value <= 2100


def _parse_range(t: str, raw: str) -> _Fields | None:
    m = _RANGE.fullmatch(t)
    if m is None:
        return None
    if m.group("sep") in "与和" and m.group("tail") != "之间":
        return None
    u1, u2 = _unit(m, "u1"), _unit(m, "u2")
    if u1 and u2 and u1 != u2:
        return None
    unit = u2 or u1
    a, b = _number(m.group("a")), _number(m.group("b"))
    if a > b or _is_calendar(unit, a, explicit=False):
        return None
    return (raw, "between", a, b, unit, None, "range")


def _parse_single(t: str, raw: str) -> _Fields | None:
    m = _SINGLE.fullmatch(t)
    if m is None:
        return None
    sym, word, suffix = m.group("sym"), m.group("word"), m.group("suffix")
    if sym:
        op = _SYMBOL_OPS[sym]
    elif word and _WORD_OPS[word] != "=":
        op = _WORD_OPS[word]
    elif suffix:
        op = _SUFFIX_OPS[suffix]
    elif word:
        op = "="
    else:
        op = None
    if m.group("incl") and op in (">", "<"):
        op += "="  # "(含)": the bound itself is included
    if op is None and m.group("prefix"):
        return None  # "每年1次": a prefix needs a comparison
    value = _number(m.group("num"))
    unit = _unit(m, "unit")
    if _is_calendar(unit, value, explicit=op is not None):
        return None
    return (raw, op or "=", value, None, unit, None, "number")


def _is_date(t: str) -> bool:
    if _DATE_HINT.search(t) is None:
        return False
    return _HAS_DIGIT.search(_DATE_STRIP.sub("", t)) is None


def _parse(text: str) -> _Fields | None:
    raw = _clean(text)
    if not raw:
        return None
    if len(raw) > MAX_PARSE_LEN:
        return (raw, None, None, None, None, raw, "text")
    t = _normalize(raw)
    if _HAS_DIGIT.search(t):
        fields = _parse_range(t, raw) or _parse_single(t, raw)
        if fields is not None:
            return fields
    if _is_date(t):
        return (raw, None, None, None, None, raw, "date")
    return (raw, None, None, None, None, raw, "text")


_parse_cached = lru_cache(maxsize=65536)(_parse)


def parse_value(raw: str | None) -> Value | None:
    """Parse a printed indicator value; ``None`` for a missing or blank cell.

    Never raises: anything that is not a number, a range or a date is returned as
    ``kind="text"`` with the wording in ``text``.
    """
    if raw is None:
        return None
    if not isinstance(raw, str):
        raw = str(raw)
    try:
        fields = _parse_cached(raw) if len(raw) <= _CACHE_KEY_MAX else _parse(raw)
    except Exception:  # pragma: no cover - defensive: the grammar must never raise
        cleaned = " ".join(raw.split())
        fields = (cleaned, None, None, None, None, cleaned, "text") if cleaned else None
    if fields is None:
        return None
    r, op, value, high, unit, text, kind = fields
    # the grammar only produces valid fields: build without re-validating (hot path)
    return Value.model_construct(raw=r, op=op, value=value, high=high, unit=unit, text=text, kind=kind)


# -- printing --------------------------------------------------------------------

_OP_SYMBOL = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def _format_number(x: float) -> str:
    if x == 0:
        return "0"
    try:
        d = Decimal(repr(float(x))).normalize()
    except (InvalidOperation, ValueError, TypeError):
        return str(x)
    if not d.is_finite():
        return str(x)
    return format(d, "f")


def format_value(v: Value) -> str:
    """Print a value in canonical form: ``≥5000册``, ``=100%``, ``80-90%`` or the wording.

    The result parses back (:func:`parse_value`) to the same op/value/high/unit.
    """
    unit = v.unit or ""
    if v.op == "between" and v.value is not None and v.high is not None:
        return f"{_format_number(v.value)}-{_format_number(v.high)}{unit}"
    if v.op in _OP_SYMBOL and v.value is not None:
        return f"{_OP_SYMBOL[v.op]}{_format_number(v.value)}{unit}"
    if v.text is not None:
        return v.text
    return v.raw
