"""自评: enter the year's actuals (实际完成值 or 完成等级, 偏差原因) and the budget execution,
see the score and grade live with every formula, save, and download the 自评表.

The page shows the evaluation of what is stored (:func:`jixiao.store.workflow.preview_score`
with no changes); ``static/js/selfeval.js`` asks ``POST /api/v1/forms/{id}/score/preview``
as the user types (nothing stored) and ``POST /api/v1/forms/{id}/score`` to save. Amounts
are typed in 万元 (the unit of budget tables) and sent to the API in 元.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ...scoring.actuals import EXTRA_REASON, GRADES
from ...store import workflow as wf
from ...store.access import can_edit
from ...store.workflow.forms import EDITABLE
from ...server.deps import DB
from ..auth import current_viewer
from ..templating import render
from ..views import value_text

router = APIRouter(include_in_schema=False)

FormId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _wan(yuan: float | None) -> str:
    """元 → the 万元 figure typed in the inputs (no trailing zeros)."""
    if yuan is None:
        return ""
    return f"{yuan / 10_000:.6f}".rstrip("0").rstrip(".")


@router.get("/forms/{form_id}/selfeval")
def selfeval_page(request: Request, session: DB, form_id: FormId, done: str | None = None) -> Response:
    viewer = current_viewer(request, session)
    row = wf.form_for(session, viewer.user, form_id)
    detail = wf.form_detail(session, row)
    form = detail["form"]
    evaluation = wf.preview_score(session, viewer.user, form_id)
    scores = {s["index"]: s for s in evaluation["indicators"]}
    rows = []
    for i, ind in enumerate(form["indicators"]):
        rows.append({"position": i, "ind": ind, "target": value_text(ind.get("target")),
                     "actual": value_text(ind.get("actual")), "grade": ind.get("actual_grade") or "",
                     "reason": ind.get("deviation_reason") or "", "score": scores.get(i)})
    funds = form["funds"]
    editable = can_edit(viewer.user, row) and row.status in EDITABLE
    return render(request, "selfeval.html", {
        "d": detail, "form": form, "rows": rows, "ev": evaluation, "editable": editable,
        "can_edit": can_edit(viewer.user, row), "grades": GRADES,
        "budget": _wan(funds.get("budget")), "executed": _wan(funds.get("executed")),
        "budget_hint": _wan(funds.get("annual") if funds.get("budget") is None else None),
        "execution_reason": (form["project"].get("extra") or {}).get(EXTRA_REASON, ""),
        "stored": detail["score"], "notice": "实际完成值已保存并评分，可下载自评表。" if done == "scored" else None,
    })
