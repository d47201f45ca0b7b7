"""Word matching shared by the rules: names normalised once, word lists compiled once.

A rule's word list (a profile parameter) is matched with one alternation regex as a
quick "any of them here?" before the exact scan; :func:`find_words` masks ``allowed``
phrases first, so 「有效性」 is not the vague word 「有效」.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


@lru_cache(maxsize=1 << 15)
def norm_name(name: str | None) -> str:
    """An indicator name without spaces, for comparing names."""
    return _SPACES.sub("", name or "")


@lru_cache(maxsize=1 << 15)
def name_core(name: str | None) -> str:
    """The name without spaces and bracketed notes: ``项目计划完成率(%)`` -> ``项目计划完成率``."""
    return _BRACKETED.sub("", norm_name(name))


@lru_cache(maxsize=256)
def _matchers(words: tuple[str, ...], allowed: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One alternation per word list: a quick "any of them here?" before the exact scan."""
    alt = lambda ws: re.compile("|".join(map(re.escape, sorted((w for w in ws if w), key=len, reverse=True)))) if any(ws) else None  # noqa: E731
    return alt(words), alt(allowed)


_BY_ID: dict[tuple[int, int], tuple[object, object, re.Pattern[str] | None, re.Pattern[str] | None]] = {}


def matchers_for(words, allowed) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """:func:`_matchers` for the same list objects without re-hashing them on every call."""
    key = (id(words), id(allowed))
    hit = _BY_ID.get(key)
    if hit is not None and hit[0] is words and hit[1] is allowed:
        return hit[2], hit[3]
    pair = _matchers(tuple(words), tuple(allowed))
    _BY_ID[key] = (words, allowed, *pair)
    return pair


def find_words(text: str | None, words, allowed=()) -> list[str]:
    """The words of ``words`` found in ``text``, after masking the ``allowed`` phrases (有效性 is not 有效)."""
    if not text:
        return []
    words_re, allowed_re = matchers_for(words, allowed)
    if words_re is None or not words_re.search(text):
        return []  # the common case: none of the words at all
    if allowed_re is not None and allowed_re.search(text):
        for phrase in sorted(allowed, key=len, reverse=True):
            text = text.replace(phrase, "□" * len(phrase))
    return [w for w in words if w and w in text]
