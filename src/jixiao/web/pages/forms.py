"""项目列表 and 项目详情: the list with filters, search, sorting and pages; one form with its
indicator table (editable in place), findings beside their rows, status actions and history.

The list's filters are a plain GET form (bookmarkable, keyboard-usable); sorting is by
column-header links. The detail page's status actions are plain POST forms with the CSRF
token (they work without scripts); editing a row goes through the REST API from
``static/js/detail.js``, which then swaps in the server-rendered table
(``GET /forms/{id}/table``) so the findings shown are always the stored review's.

The three read-only GETs are ``async def`` on purpose although they query the database
synchronously: each is a few indexed queries and a template (a few milliseconds of CPU),
and running them on the event loop saves the hop to a worker thread and back (measured:
10–25 % less CPU per request). Everything that writes or can take long stays a plain
``def`` (run in the thread pool). See :mod:`jixiao.server.app` for the same rule in the API.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape
from sqlalchemy import select

from ...store import workflow as wf
from ...store.access import can_upload
from ...store.tables import STATUSES, User
from ...store.workflow.states import ACTION_ZH
from ...server.deps import DB
from ..auth import PageError, check_csrf, current_viewer
from ..templating import render
from ..views import detail_view, history_view

router = APIRouter(include_in_schema=False)

FormId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PER_PAGE = 50
#: list columns that sort: key -> header label
SORT_COLUMNS = {"name": "项目名称", "department": "主管部门", "unit": "实施单位", "year": "年度", "amount": "金额",
                "errors": "问题", "status": "状态", "updated_at": "更新时间"}
NOTICES = {"submit": "已提交，等待审核。", "approve": "已审核通过。", "return": "已退回，填报人可修改后再次提交。",
           "scored": "实际完成值已保存并评分。"}


@lru_cache(maxsize=64)
def _options(values: tuple[str, ...]) -> Markup:
    """``<option>`` elements of a datalist, escaped; rendered once per set of values (the suggestions
    come from :func:`jixiao.store.workflow.facets`, which keeps them for a while)."""
    return Markup("".join(f'<option value="{escape(v)}">' for v in values))


def _opt_int(v: str | None, lo: int, hi: int) -> int | None:
    v = (v or "").strip()
    if v.isdigit() and lo <= int(v) <= hi:
        return int(v)
    return None


@router.get("/")
def home() -> Response:
    return RedirectResponse("/forms", status_code=303)


def _query(request: Request, name: str, limit: int) -> str | None:
    """A query parameter of the list, trimmed, None when empty; over ``limit`` characters it is ignored."""
    value = (request.query_params.get(name) or "").strip()
    return value if value and len(value) <= limit else None


@router.get("/forms")
async def form_list(request: Request, session: DB) -> Response:
    """The list. Its filters come from a GET form, read here by hand: empty fields mean "all",
    unknown or oversized values are ignored (never an error page)."""
    viewer = current_viewer(request, session)
    department, unit, q = _query(request, "department", 255), _query(request, "unit", 255), _query(request, "q", 200)
    year, kind, status = _query(request, "year", 8), _query(request, "kind", 32), _query(request, "status", 16)
    errors, page = _query(request, "errors", 8), _query(request, "page", 8)
    sort = _query(request, "sort", 32) or "-updated_at"
    f = wf.FormFilter(
        department=department, unit=unit, year=_opt_int(year, 1900, 2200),
        kind=kind if kind in ("declaration", "self_evaluation", "department_overall") else None,
        status=status if status in STATUSES else None, has_errors={"yes": True, "no": False}.get(errors or ""), q=q)
    sort = sort if sort in wf.SORT_KEYS else "-updated_at"
    page_no = _opt_int(page, 1, 100_000) or 1
    items, total = wf.list_forms(session, viewer.user, f, sort=sort, page=page_no, per_page=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    params = {"department": f.department, "unit": f.unit, "year": f.year, "kind": f.kind, "status": f.status,
              "errors": errors if f.has_errors is not None else None, "q": f.q}
    params = {k: v for k, v in params.items() if v not in (None, "")}

    def url(**changes: object) -> str:
        p = {**params, "sort": sort, **changes}
        p = {k: v for k, v in p.items() if v not in (None, "") and not (k == "page" and v == 1)}
        return "/forms?" + urlencode(p)

    def next_sort(key: str) -> str:
        """The sort a column header links to: the other direction if it is the current sort, else its natural one."""
        if sort.lstrip("-") == key:
            return key if sort.startswith("-") else f"-{key}"
        return f"-{key}" if key in ("updated_at", "amount", "errors", "year") else key

    facets = wf.facets(session, viewer.user)
    facet_options = {"departments": _options(tuple(facets["departments"])), "units": _options(tuple(facets["units"]))}
    return render(request, "list.html", {
        "items": items, "total": total, "page": page_no, "pages": pages, "per_page": PER_PAGE, "sort": sort,
        "filters": params, "facets": facets, "facet_options": facet_options, "url": url, "next_sort": next_sort, "sort_columns": SORT_COLUMNS,
        "can_upload": can_upload(viewer.user), "errors_filter": errors if f.has_errors is not None else "",
    })


def _names(session, ids: set[int]) -> dict[int, str]:  # noqa: ANN001
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name, User.username).where(User.id.in_(ids)))
    return {r.id: r.display_name or r.username for r in rows}


def _detail_context(session, viewer, form_id: int) -> dict:  # noqa: ANN001
    return {"v": detail_view(wf.forms.detail(session, viewer.user, form_id), viewer.user)}


@router.get("/forms/{form_id}")
async def form_page(request: Request, session: DB, form_id: FormId, done: str | None = None) -> Response:
    viewer = current_viewer(request, session)
    ctx = _detail_context(session, viewer, form_id)
    entries = wf.form_history(session, viewer.user, form_id)
    history = history_view(entries, _names(session, {e["user_id"] for e in entries if e["user_id"]}))
    return render(request, "detail.html", {**ctx, "history": history, "notice": NOTICES.get(done or "")})


@router.get("/forms/{form_id}/table")
async def form_table(request: Request, session: DB, form_id: FormId) -> Response:
    """The indicator table with its findings (and the review summary), for the page script to swap in."""
    viewer = current_viewer(request, session)
    return render(request, "partials/form_body.html", _detail_context(session, viewer, form_id))


@router.post("/forms/{form_id}/actions/{action}")
def form_action(request: Request, session: DB, form_id: FormId, action: Literal["submit", "approve", "return"],
                csrf_token: Annotated[str, Form(max_length=128)] = "", version: Annotated[int, Form(ge=1)] = 1,
                comment: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """提交 / 审核通过 / 退回 from the page's buttons; back to the form with a notice."""
    viewer = current_viewer(request, session)
    check_csrf(viewer, csrf_token)
    try:
        wf.transition(session, viewer.user, form_id, action, version, comment)
        session.commit()
    except wf.WorkflowError as exc:
        session.rollback()
        if exc.kind in ("not-found", "forbidden"):
            raise
        raise PageError(409 if exc.kind == "conflict" else 422, f"未能{ACTION_ZH[action]}：{exc.zh}", exc.en,
                        back=f"/forms/{form_id}") from None
    return RedirectResponse(f"/forms/{form_id}?done={action}", status_code=303)
