"""Cell text clean-up: remove layout noise, keep the printed text.

What counts as noise (contract, "Text values"): line-wraps inside a cell, runs of
spaces, LaTeX/markdown residue from PDF converters (``$\\geq 80.00\\text{ (%)}$``
-> ``≥80.00(%)``), HTML tags from web exports (``<p>…</p>``), Word field residue
(``[bookmark: _GoBack]``), zero-width characters. Full-width digits become ASCII
digits; other full-width characters (（）：，《》) are kept as printed.

Two strengths:

* :func:`clean_cell` for short cells (labels, indicator names, values): a space
  between two CJK characters is a wrap artefact (``服务对象满意度 指标``) and is
  removed;
* :func:`clean_long` for prose (goals, 立项依据 …): only runs of spaces collapse,
  because prose can hold deliberate spaces (``《中共中央 国务院关于…》``).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f\t\r\n\f\v"), " ")
_FULLWIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}
_FULLWIDTH_DIGITS[ord("．")] = ord(".")
_TABLE = {**_ZERO_WIDTH, **_SPACES, **_FULLWIDTH_DIGITS}

_HTML_TAG = re.compile(r"</?(?:p|br|span|div|b|i|u|strong|em|font|td|tr|th|sup|sub)\b[^<>]*>", re.I)
_WORD_FIELDS = re.compile(r"\[(?:bookmark|BOOKMARK):[^\]]*\]|\{(?:PAGE|NUMPAGES)[^}]*\}")
_LATEX_MATH = re.compile(r"\$\$?([^$]{1,200}?)\$\$?")
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textrm|mbox|mathbf|textbf)\s*\{([^{}]*)\}")
_LATEX_SYMBOLS = {
    r"\geqslant": "≥",
    r"\leqslant": "≤",
    r"\geq": "≥",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\le": "≤",
    r"\neq": "≠",
    r"\gt": ">",
    r"\lt": "<",
    r"\times": "×",
    r"\sim": "~",
    r"\pm": "±",
    r"\%": "%",
    r"\,": "",
    r"\;": "",
    r"\!": "",
    r"\ ": " ",
}
_LATEX_SYMBOL_RE = re.compile("|".join(re.escape(k) + (r"(?![A-Za-z])" if k[-1].isalpha() else "") for k in sorted(_LATEX_SYMBOLS, key=len, reverse=True)))
_MULTISPACE = re.compile(r" {2,}")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》（）"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def _decode_latex_math(match: re.Match[str]) -> str:
    body = match.group(1)
    if "\\" not in body and not re.search(r"[≥≤=<>%\d]", body):
        return match.group(0)  # a lone dollar sign in prose, not math
    # inside \text{...} keep words but drop the padding spaces
    body = _LATEX_TEXT.sub(lambda m: m.group(1).strip(), body)
    body = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group(0)], body)
    body = body.replace("{", "").replace("}", "")
    return re.sub(r"\s+", "", body)


def decode_residue(text: str) -> str:
    """Decode markup residue (LaTeX math, HTML tags/entities, Word fields)."""
    if "$" in text:
        text = _LATEX_MATH.sub(_decode_latex_math, text)
    if "\\" in text:  # LaTeX without dollar delimiters
        text = _LATEX_TEXT.sub(lambda m: m.group(1).strip(), text)
        text = _LATEX_SYMBOL_RE.sub(lambda m: _LATEX_SYMBOLS[m.group(0)], text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "[" in text or "{" in text:
        text = _WORD_FIELDS.sub("", text)
    return text


def _base(text: str) -> str:
    text = decode_residue(text.translate(_TABLE))
    return _MULTISPACE.sub(" ", text.translate(_SPACES)).strip()


@lru_cache(maxsize=1 << 16)
def clean_long(text: str | None) -> str:
    """Prose: residue decoded, whitespace runs collapsed to one space."""
    if not text:
        return ""
    return _base(text)


@lru_cache(maxsize=1 << 16)
def clean_cell(text: str | None) -> str:
    """Short cell: as :func:`clean_long`, and wrap spaces between CJK removed."""
    if not text:
        return ""
    return _CJK_SPACE.sub("", _base(text))


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Text with every space removed: the key for comparing labels."""
    return re.sub(r"\s+", "", text)


def join_wrapped(lines: list[str]) -> str:
    """Join the visual lines of one cell: no space between CJK, one space otherwise."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (re.match(rf"[{_CJK}]", out[-1]) and re.match(rf"[{_CJK}]", line[0])):
            out += " "
        out += line
    return out
