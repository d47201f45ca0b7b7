"""Indicator rows of a form: change, insert, delete (0-based positions).

Targets and actuals are sent as printed text (``≥5000册``) and parsed with jixiao's
value parser; the category follows the printed 一级/二级指标 unless given. Each change
bumps the form's version, re-runs the review and is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from ...store import workflow as wf
from ..deps import DB, Auth, commit, fast_json
from ..schemas import MAX_INT, FormDetail, IndicatorNew, IndicatorPatch, errors

router = APIRouter(prefix="/forms/{form_id}/indicators", tags=["indicators 指标"])

FormId = Annotated[int, Path(ge=1, le=MAX_INT, description="The form's id.")]
PositionPath = Annotated[int, Path(ge=0, le=100_000, description="0-based indicator row.")]


@router.patch("/{position}", response_model=FormDetail, responses=errors(401, 403, 404, 409, 422))
def patch_indicator(form_id: FormId, position: PositionPath, body: IndicatorPatch, auth: Auth, session: DB) -> Response:
    """修改一行指标（只改所传字段）/ change an indicator row (only the fields sent)."""
    row = wf.patch_indicator(session, auth.user, form_id, position, body.version, body.changes())
    commit(session)
    return fast_json(wf.form_detail(session, row))


@router.post("", response_model=FormDetail, status_code=201, responses=errors(401, 403, 404, 409, 422))
def add_indicator(form_id: FormId, body: IndicatorNew, auth: Auth, session: DB) -> Response:
    """新增一行指标（默认加在末尾）/ insert an indicator row (default: at the end)."""
    row = wf.add_indicator(session, auth.user, form_id, body.version, body.changes(), body.position)
    commit(session)
    return fast_json(wf.form_detail(session, row), 201)


@router.delete("/{position}", response_model=FormDetail, responses=errors(401, 403, 404, 409, 422))
def delete_indicator(form_id: FormId, position: PositionPath, auth: Auth, session: DB,
                     version: Annotated[int, Query(ge=1, le=MAX_INT, description="The form's version as read.")]) -> Response:
    """删除一行指标 / delete an indicator row."""
    row = wf.delete_indicator(session, auth.user, form_id, position, version)
    commit(session)
    return fast_json(wf.form_detail(session, row))
