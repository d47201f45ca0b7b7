"""Exporting one form: ``GET /forms/{id}/export?format=xlsx|docx|pdf|csv|json``.

The file comes with ``Content-Disposition: attachment`` and its name both as an ASCII
fallback and UTF-8 encoded (RFC 5987 ``filename*``). Formula injection is neutralised by
jixiao's exporters themselves (see :mod:`jixiao.store.workflow.exports`).
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response

from ...store import workflow as wf
from ..deps import DB, Auth
from ..schemas import MAX_INT, errors

router = APIRouter(prefix="/forms/{form_id}", tags=["export 导出"])

FormId = Annotated[int, Path(ge=1, le=MAX_INT, description="The form's id.")]


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*`` (RFC 5987 / 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get("/export", responses={**errors(401, 403, 404, 422, 503), 200: {
    "content": {t: {} for t in wf.exports.MEDIA_TYPES.values()}, "description": "The exported file."}})
def export(form_id: FormId, auth: Auth, session: DB,
           format: Annotated[Literal["xlsx", "docx", "pdf", "csv", "json"], Query(description="File format.")] = "xlsx") -> Response:
    """按官方表样导出 / export the form (xlsx, docx, pdf, csv, json)."""
    row = wf.form_for(session, auth.user, form_id)
    data, filename, media = wf.export_form(row, format)
    return Response(data, media_type=media,
                    headers={"Content-Disposition": content_disposition(filename, f"form-{row.id}.{format}")})
