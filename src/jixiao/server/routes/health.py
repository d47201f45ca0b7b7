"""``GET /health``: is the service up, which database, which schema (no sign-in needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ...store.db import current_revision
from ..schemas import HealthOut

router = APIRouter(tags=["health 状态"])


@router.get("/health", response_model=HealthOut, response_model_by_alias=True)
def health(request: Request) -> dict:
    """服务状态 / service status: database backend and schema revision."""
    engine = request.app.state.database.engine
    return {"status": "ok", "database": engine.dialect.name, "schema": current_revision(engine)}
