"""Scoring a form with its actuals: as JSON, or as the filled workbook of ``jixiao template actuals``;
and a preview that scores without storing (``/score/preview``, any reader of the form).

Applying actuals is an edit (owning 填报人 or 管理员, 草稿/已退回, the version read); the
evaluation is stored and returned with the form's new version.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile

from ...store import workflow as wf
from ..deps import DB, Auth, commit
from ..schemas import MAX_INT, ScoreIn, ScorePreview, ScorePreviewIn, ScoreResult, errors

router = APIRouter(prefix="/forms/{form_id}", tags=["scoring 自评打分"])

FormId = Annotated[int, Path(ge=1, le=MAX_INT, description="The form's id.")]


def _result(session, row, score) -> dict:  # noqa: ANN001 - internal
    detail = wf.form_detail(session, row)
    return {"version": row.version, "score": detail["score"], "form": detail}


@router.post("/score", response_model=ScoreResult, responses=errors(401, 403, 404, 409, 422))
def score(form_id: FormId, body: ScoreIn, auth: Auth, session: DB) -> dict:
    """填入实际完成值并评分 / apply actuals (only the fields sent) and score the form."""
    funds = {k: getattr(body, k) for k in ("budget", "executed") if k in body.model_fields_set}
    reason = ("execution_reason" in body.model_fields_set, body.execution_reason)
    row, s = wf.score_form_with(session, auth.user, form_id, body.version, method=body.method,
                                actuals=[a.changes() for a in body.actuals], funds=funds, execution_reason=reason)
    commit(session)
    return _result(session, row, s)


@router.post("/score/preview", response_model=ScorePreview, responses=errors(401, 403, 404, 422))
def preview(form_id: FormId, body: ScorePreviewIn, auth: Auth, session: DB) -> dict:
    """试算评分（不保存）/ score with these actuals without storing anything (what the 自评 page shows live)."""
    funds = {k: getattr(body, k) for k in ("budget", "executed") if k in body.model_fields_set}
    reason = ("execution_reason" in body.model_fields_set, body.execution_reason)
    evaluation = wf.preview_score(session, auth.user, form_id, method=body.method,
                                  actuals=[a.changes() for a in body.actuals], funds=funds, execution_reason=reason)
    return {"evaluation": evaluation}


@router.post("/score/workbook", response_model=ScoreResult, responses=errors(401, 403, 404, 409, 413, 422))
def score_workbook(
    form_id: FormId,
    request: Request,
    auth: Auth,
    session: DB,
    file: Annotated[UploadFile, File(description="填好的实际完成值表（jixiao template actuals 生成）/ the filled actuals workbook (.xlsx)")],
    version: Annotated[int, Form(ge=1, le=MAX_INT, description="The form's version as read.")],
    method: Annotated[str | None, Form(max_length=128, description="A built-in scoring method.")] = None,
) -> dict:
    """用实际完成值填报表评分 / score with the filled actuals workbook."""
    limit = request.app.state.max_upload
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise wf.TooLarge("too-large", f"文件过大（上限 {limit} 字节）", f"file too large (limit {limit} bytes)")
    row, s = wf.score_with_workbook(session, auth.user, form_id, version, data, method=method, filename=file.filename)
    commit(session)
    return _result(session, row, s)
