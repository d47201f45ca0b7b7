"""Scoring self-evaluation forms (绩效自评表) under a named, versioned method.

>>> import jixiao
>>> from jixiao.scoring import score_form
>>> doc = jixiao.parse("tests/samples/s03_zhejiang_selfeval_10hao.txt")   # doctest: +SKIP
>>> score_form(doc.forms[0]).total                                         # doctest: +SKIP
98.97

The default method is ``mof-2020`` (财预〔2020〕10号): 预算执行率 10, 产出 50, 效益 30,
满意度 10; the formulas of ``domain.md`` §5. Every score comes with the formula and its
numbers (``note``); what cannot be scored is reported (``problem``), never guessed.
See ``docs/scoring.md``.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .engine import score_form
from .method import DEFAULT_METHOD, Method, builtin_methods, load_method
from .model import CategoryScore, Evaluation, ExecutionScore, IndicatorScore

__all__ = [
    "DEFAULT_METHOD",
    "Method",
    "Evaluation",
    "ExecutionScore",
    "CategoryScore",
    "IndicatorScore",
    "builtin_methods",
    "load_method",
    "score_form",
    "score_document",
]


def score_document(doc: Document, method: Method | str | Path | None = None) -> Document:
    """A copy of ``doc`` with each self-evaluation form's ``evaluation`` filled in.

    Forms that are not self-evaluations and print no actual value are left with
    ``evaluation`` null (a declaration has nothing to score).
    """
    m = method if isinstance(method, Method) else load_method(method)
    out = doc.model_copy(deep=True)
    for form in out.forms:
        if form.kind == "self_evaluation" or any(ind.actual is not None for ind in form.indicators):
            form.evaluation = score_form(form, m).model_dump(mode="json")
    return out
