"""Aggregate statistics per department and year (a 填报人: their unit only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...store import workflow as wf
from ..deps import DB, Auth
from ..schemas import StatsOut, TextCheck, errors

router = APIRouter(tags=["stats 统计"])


@router.get("/stats", response_model=StatsOut, responses=errors(401, 422))
def stats(
    auth: Auth,
    session: DB,
    department: Annotated[str | None, Query(max_length=255, description="主管部门 (exact)."), TextCheck] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> dict:
    """按部门、年度统计：表数、指标数、量化比例、问题数、金额、平均分、等级 / statistics per department and year."""
    return wf.stats(session, auth.user, department=department, year=year)
