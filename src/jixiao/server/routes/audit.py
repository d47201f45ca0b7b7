"""The audit history: of one form (anyone who may read it), and the whole log (管理员)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from ...store import workflow as wf
from ..deps import DB, Auth
from ..schemas import MAX_INT, AuditEntryOut, AuditPage, TextCheck, errors

router = APIRouter(tags=["audit 审计"])


@router.get("/forms/{form_id}/audit", response_model=list[AuditEntryOut], responses=errors(401, 403, 404, 422))
def form_audit(form_id: Annotated[int, Path(ge=1, le=MAX_INT)], auth: Auth, session: DB) -> list:
    """一张表的修改记录（含其文件的上传）/ the audit entries about a form, oldest first."""
    return wf.form_history(session, auth.user, form_id)


@router.get("/audit", response_model=AuditPage, responses=errors(401, 403, 422))
def audit_log(
    auth: Auth,
    session: DB,
    entity: Annotated[str | None, Query(max_length=32, description="form, document, user, auth_token …"), TextCheck] = None,
    entity_id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    actor: Annotated[str | None, Query(max_length=128, description="User name (or cli / ingest)."), TextCheck] = None,
    action: Annotated[str | None, Query(max_length=64, description="e.g. form.update, indicator.add."), TextCheck] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    """全部审计日志（仅管理员），新的在前 / the whole audit log, newest first (administrators)."""
    items, total = wf.audit_log(session, auth.user, entity=entity, entity_id=entity_id, actor=actor, action=action,
                                page=page, per_page=per_page)
    return {"items": items, "total": total, "page": page, "per_page": per_page}
