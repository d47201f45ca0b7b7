"""The 自评表 as jixiao scored it, ready for the official layout (xlsx/docx/pdf).

:func:`scored_view` turns a scored document (each form's ``evaluation`` filled by
:func:`jixiao.scoring.score_document`) into the document the 自评表 prints: every
indicator's 分值 and 得分 are the method's, the 预算执行 row carries 分值/执行率/得分,
and the 总分 row and 自评等级 are filled. Where a part could not be scored the printed
value (if any) is kept and the total row says the score is incomplete — a reader of
the exported table is never shown a guessed number.

The contract keeps computed scores in ``evaluation`` and an indicator's own ``score``
as printed; this view is only what the exported form shows.
"""

from __future__ import annotations

from ..model import Document
from .weights import fmt

INCOMPLETE_GRADE = "待定（评分未完成）"


def _num(x: float) -> str:
    return f"{x:.2f}"


def scored_view(doc: Document) -> Document:
    """A copy of ``doc`` whose scored forms print the method's 分值, 得分, total and grade."""
    out = doc.model_copy(deep=True)
    for form in out.forms:
        ev = form.evaluation
        if not ev:
            continue
        for s in ev.get("indicators", []):
            ind = form.indicators[s["index"]]
            if s.get("weight") is not None:
                ind.weight = s["weight"]
            if s.get("score") is not None:
                ind.score = s["score"]
        ex = ev["execution"]
        extra = form.project.extra
        extra["预算执行分值"] = fmt(ex["weight"])
        if ex.get("rate") is not None:
            extra["预算执行率"] = f"{ex['rate'] * 100:.2f}%"
        if ex.get("score") is not None:
            extra["预算执行得分"] = _num(ex["score"])
        extra["总分值"] = fmt(ev["max"])
        extra["总得分"] = _num(ev["total"])
        extra["自评等级"] = ev.get("grade") or INCOMPLETE_GRADE
    return out
