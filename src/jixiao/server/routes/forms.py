"""Forms: list and filter, detail, findings, header edits, review, status transitions.

Every route under ``/forms/{id}`` goes through :func:`jixiao.store.workflow.form_for`:
404 for an unknown id, 403 for a form of another unit (填报人) or an action the role may
not take. Mutations carry the ``version`` read (409 ``stale`` when it is not the
current one, nothing written) and answer with the form as it now is, new version
included.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from ...store import workflow as wf
from ...store.tables import STATUSES
from ...store.workflow.states import Action
from ..deps import DB, Auth, commit, fast_json
from ..schemas import (MAX_INT, FindingOut, FormDetail, FormPage, HeaderPatch, ReviewIn, TextCheck, TransitionIn,
                       errors)

router = APIRouter(prefix="/forms", tags=["forms 绩效表"])

FormId = Annotated[int, Path(ge=1, le=MAX_INT, description="The form's id.")]
SortKey = Literal[wf.SORT_KEYS]  # type: ignore[valid-type]


@router.get("", response_model=FormPage, responses=errors(401, 422))
async def list_forms(
    auth: Auth,
    session: DB,
    department: Annotated[str | None, Query(max_length=255, description="主管部门 (exact)."), TextCheck] = None,
    unit: Annotated[str | None, Query(max_length=255, description="实施单位 / owning unit (exact)."), TextCheck] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="预算年度.")] = None,
    kind: Annotated[Literal["declaration", "self_evaluation", "department_overall"] | None, Query()] = None,
    status: Annotated[Literal[STATUSES] | None, Query()] = None,  # type: ignore[valid-type]
    has_errors: Annotated[bool | None, Query(description="Only forms with (true) or without (false) errors.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Substring of the project name or an indicator name, case-insensitive."), TextCheck] = None,
    sort: Annotated[SortKey, Query(description="Sort key, `-` first for descending.")] = "id",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """列出绩效表（可筛选、搜索、排序、分页）/ list forms (filters, search, sort, pages).

    A 填报人 sees only their unit's forms.
    """
    f = wf.FormFilter(department=department, unit=unit, year=year, kind=kind, status=status, has_errors=has_errors, q=q)
    items, total = wf.list_forms(session, auth.user, f, sort=sort, page=page, per_page=per_page)
    return fast_json({"items": items, "total": total, "page": page, "per_page": per_page})


@router.get("/{form_id}", response_model=FormDetail, responses=errors(401, 403, 404, 422))
async def get_form(form_id: FormId, auth: Auth, session: DB) -> Response:
    """一张绩效表的全部内容 / one form: state, document, the jixiao/v1 form, findings, latest score."""
    return fast_json(wf.forms.detail(session, auth.user, form_id))


@router.patch("/{form_id}", response_model=FormDetail, responses=errors(401, 403, 404, 409, 422))
def patch_form(form_id: FormId, body: HeaderPatch, auth: Auth, session: DB) -> Response:
    """修改表头、资金、年度目标 / change header fields, funds and goals (only the fields sent)."""
    row = wf.patch_header(session, auth.user, form_id, body.version, body.changes())
    commit(session)
    return fast_json(wf.form_detail(session, row))


@router.get("/{form_id}/findings", response_model=list[FindingOut], responses=errors(401, 403, 404, 422))
def get_findings(form_id: FormId, auth: Auth, session: DB) -> Response:
    """审核发现的问题 / the review findings of the form."""
    row = wf.form_for(session, auth.user, form_id)
    return fast_json([wf.forms.finding_view(f) for f in row.findings])


@router.post("/{form_id}/review", response_model=FormDetail, responses=errors(401, 403, 404, 409, 422))
def review_form(form_id: FormId, auth: Auth, session: DB, body: ReviewIn | None = None) -> Response:
    """重新审核（可指定内置审核配置）/ run the review again (optionally under a built-in profile)."""
    body = body or ReviewIn()
    row = wf.run_review(session, auth.user, form_id, body.version, body.profile)
    commit(session)
    return fast_json(wf.form_detail(session, row))


def _transition(action: Action, summary: str, doc: str) -> None:
    def endpoint(form_id: FormId, body: TransitionIn, auth: Auth, session: DB) -> Response:
        row = wf.transition(session, auth.user, form_id, action, body.version, body.comment)
        commit(session)
        return fast_json(wf.form_detail(session, row))

    endpoint.__doc__ = doc
    router.add_api_route(f"/{{form_id}}/{action}", endpoint, methods=["POST"], response_model=FormDetail,
                         responses=errors(401, 403, 404, 409, 422), summary=summary, name=f"{action}_form")


_transition("submit", "提交 / submit", "草稿或已退回 → 已提交（本单位填报人、管理员）/ draft or returned → submitted.")
_transition("approve", "审核通过 / approve", "已提交 → 已审核（审核人、管理员）/ submitted → approved.")
_transition("return", "退回 / return", "已提交 → 已退回，须填写退回意见（审核人、管理员）/ submitted → returned, comment required.")
