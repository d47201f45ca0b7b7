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


def satisfaction_name(core: str, category: str | None) -> bool:
    """A satisfaction indicator by its name's :func:`name_core` and its 一级 category: 满意度/满意率 in
    the name (not 不满意), or an 认可度/好评 row under 满意度指标."""
    if "满意" in core and "不满意" not in core:
        return True
    return category == "满意度指标" and ("认可" in core or "好评" in core)


class Matcher:
    """A word list (and its ``allowed`` phrases) compiled once: one alternation regex each."""

    __slots__ = ("words", "allowed", "_listed", "_masks")

    def __init__(self, words: tuple[str, ...], allowed: tuple[str, ...]) -> None:
        alt = lambda ws: re.compile("|".join(map(re.escape, sorted((w for w in ws if w), key=len, reverse=True)))) if any(ws) else None  # noqa: E731
        self.words: re.Pattern[str] | None = alt(words)  # a quick "any of them here?" before the exact scan
        self.allowed: re.Pattern[str] | None = alt(allowed)
        self._listed = tuple(w for w in words if w)
        self._masks = tuple((phrase, "□" * len(phrase)) for phrase in sorted(allowed, key=len, reverse=True))

    def find(self, text: str | None) -> list[str]:
        """:func:`find_words` with this list."""
        if not text or self.words is None or not self.words.search(text):
            return []  # the common case: none of the words at all
        return self.found(text)

    def found(self, text: str) -> list[str]:
        """The words in ``text``, which is known to match :attr:`words`, after masking the allowed phrases."""
        if self.allowed is not None and self.allowed.search(text):
            for phrase, mask in self._masks:
                text = text.replace(phrase, mask)
        return [w for w in self._listed if w in text]


@lru_cache(maxsize=256)
def _matcher(words: tuple[str, ...], allowed: tuple[str, ...]) -> Matcher:
    return Matcher(words, allowed)


_BY_ID: dict[tuple[int, int], tuple[object, object, Matcher]] = {}
_BY_WORDS: dict[int, tuple[object, Matcher]] = {}  # the lists without allowed phrases (most): one int key
_BY_ID_GET, _BY_WORDS_GET = _BY_ID.get, _BY_WORDS.get


def matchers_for(words, allowed=()) -> Matcher:
    """The :class:`Matcher` of the same list objects without re-hashing them on every call."""
    if not allowed:
        one = _BY_WORDS_GET(id(words))
        if one is not None and one[0] is words:
            return one[1]
        m = _matcher(tuple(words), ())
        if len(_BY_WORDS) >= 4096:  # bounded (it keeps the lists alive): lists made afresh for each call
            _BY_WORDS.clear()
        _BY_WORDS[id(words)] = (words, m)
        return m
    key = (id(words), id(allowed))
    hit = _BY_ID_GET(key)
    if hit is not None and hit[0] is words and hit[1] is allowed:
        return hit[2]
    m = _matcher(tuple(words), tuple(allowed))
    if len(_BY_ID) >= 4096:
        _BY_ID.clear()
    _BY_ID[key] = (words, allowed, m)
    return m


def find_words(text: str | None, words, allowed=()) -> list[str]:
    """The words of ``words`` found in ``text``, after masking the ``allowed`` phrases (有效性 is not 有效)."""
    if not text:
        return []
    return matchers_for(words, allowed).find(text)
