"""Every error of the API as JSON: ``{"error": {"code", "message", "detail"}}``.

``message`` is 简体中文 with English after `` / ``; ``code`` is stable (for scripts);
``detail`` is optional structured data (the fields of a validation error, the versions
of a stale edit …). This holds for unknown routes (404), wrong methods (405), request
validation (422, the message names the field in Chinese), oversized bodies (413),
refused file types (415), conflicts (409), missing rights (403), missing sign-in (401)
and unexpected exceptions (500, a generic message; the traceback goes to the log only).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store.db import DatabaseError
from ..store.workflow import WorkflowError
from ..store.workflow.errors import stale

log = logging.getLogger("jixiao.server")

STATUS_OF_KIND = {"not-found": 404, "forbidden": 403, "conflict": 409, "invalid": 422, "too-large": 413,
                  "unsupported": 415, "unavailable": 503}

_HTTP = {
    400: ("bad-request", "请求格式错误", "bad request"),
    401: ("unauthenticated", "请先登录", "authentication required"),
    403: ("forbidden", "没有权限", "forbidden"),
    404: ("not-found", "未找到该地址", "not found"),
    405: ("method-not-allowed", "该地址不支持此请求方法", "method not allowed"),
    406: ("not-acceptable", "无法提供所要求的格式", "not acceptable"),
    413: ("too-large", "请求体过大", "request body too large"),
    415: ("unsupported-type", "不支持的内容类型", "unsupported media type"),
    422: ("invalid", "请求参数无效", "invalid request"),
}

_WHERE = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}

_REASONS = {
    "missing": "必须填写",
    "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "finite_number": "应为有限的数字",
    "bool_parsing": "应为 true 或 false", "bool_type": "应为 true 或 false",
    "string_type": "应为字符串", "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_too_short": "过短（至少 {min_length} 个字符）", "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "应不小于 {ge}", "less_than_equal": "应不大于 {le}",
    "greater_than": "应大于 {gt}", "less_than": "应小于 {lt}",
    "literal_error": "应为以下之一：{expected}", "enum": "应为以下之一：{expected}",
    "json_invalid": "不是有效的 JSON", "json_type": "不是有效的 JSON",
    "model_type": "应为对象", "model_attributes_type": "应为对象", "dict_type": "应为对象",
    "list_type": "应为数组", "too_long": "项数过多（最多 {max_length} 项）", "too_short": "项数过少（至少 {min_length} 项）",
    "extra_forbidden": "不是可用的字段", "none_required": "应为 null", "is_instance_of": "类型不正确",
    "value_error": "{error}", "assertion_error": "{error}", "date_from_datetime_parsing": "应为日期",
    "date_parsing": "应为日期（YYYY-MM-DD）", "date_type": "应为日期（YYYY-MM-DD）",
    "uuid_parsing": "应为 UUID", "bytes_type": "应为文件", "url_parsing": "应为网址",
}


class ApiError(Exception):
    """An HTTP error with a code and a Chinese / English message."""

    def __init__(self, status: int, code: str, zh: str, en: str, detail: Any = None,
                 headers: dict[str, str] | None = None):
        self.status, self.code, self.zh, self.en, self.detail, self.headers = status, code, zh, en, detail, headers
        super().__init__(f"{zh} / {en}")


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "detail": detail}}
    return JSONResponse(body, status_code=status, headers=headers)


def _field(loc: tuple[Any, ...]) -> tuple[str, str]:
    """(where, dotted field) of a validation error location."""
    parts = list(loc)
    where = _WHERE.get(str(parts[0]), "") if parts else ""
    if parts and str(parts[0]) in _WHERE:
        parts = parts[1:]
    text = ""
    for p in parts:
        text += f"[{p}]" if isinstance(p, int) else (f".{p}" if text else str(p))
    return where, text


def _reason(err: dict[str, Any]) -> str:
    template = _REASONS.get(err.get("type", ""), "取值无效")
    ctx = {k: (str(v).removeprefix("Value error, ") if k == "error" else v) for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return "取值无效"


def validation_response(errors: list[dict[str, Any]]) -> JSONResponse:
    """422 naming the field in Chinese: ``请求参数无效：请求体「version」必须填写``."""
    detail = []
    for err in errors:
        where, field = _field(tuple(err.get("loc", ())))
        detail.append({"location": where, "field": field, "type": err.get("type"), "message": _reason(err),
                       "message_en": str(err.get("msg", ""))})
    if detail:
        first = detail[0]
        named = f"{first['location']}「{first['field']}」" if first["field"] else first["location"] or "请求"
        more = f"（另有 {len(detail) - 1} 处问题）" if len(detail) > 1 else ""
        message = f"请求参数无效：{named}{first['message']}{more} / invalid request: {first['field'] or 'body'}: {first['message_en']}"
    else:
        message = "请求参数无效 / invalid request"
    return error_response(422, "invalid", message, detail)


#: paths that always answer errors as JSON; everything else is a web page when the app has pages
_JSON_PREFIXES = ("/api/", "/docs", "/static/")


def _page(request: Request) -> Any:
    """The web pages' error renderer when ``request`` is for a page (not the API), else None."""
    render = getattr(request.app.state, "page_error", None)
    if render is None or request.url.path.startswith(_JSON_PREFIXES):
        return None
    return render


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``: JSON for the API; a page for the web pages
    when :mod:`jixiao.web` has set ``app.state.page_error``."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, f"{exc.zh} / {exc.en}", exc.detail, exc.headers)

    @app.exception_handler(WorkflowError)
    async def _workflow(request: Request, exc: WorkflowError) -> JSONResponse:
        if (page := _page(request)) is not None:
            return page(request, STATUS_OF_KIND.get(exc.kind, 422), exc.zh, exc.en)
        return error_response(STATUS_OF_KIND.get(exc.kind, 422), exc.code, exc.message, exc.detail)

    @app.exception_handler(StaleDataError)
    async def _stale(_: Request, exc: StaleDataError) -> JSONResponse:
        e = stale(None, None)
        return error_response(409, e.code, e.message, e.detail)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity conflict: %s", exc.orig)
        return error_response(409, "conflict", "与同时进行的其他修改冲突，未保存，请刷新后重试 / "
                                               "conflicts with a concurrent change; nothing was saved, reload and retry")

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if (page := _page(request)) is not None:
            return page(request, 422, "请求参数无效，请从页面上的链接或按钮操作", "invalid request")
        return validation_response(list(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _HTTP.get(exc.status_code, ("http-error", "请求失败", "request failed"))
        if (page := _page(request)) is not None:
            return page(request, exc.status_code, "页面不存在" if exc.status_code == 404 else zh,
                        "page not found" if exc.status_code == 404 else en)
        phrase = HTTPStatus(exc.status_code).phrase if exc.status_code in HTTPStatus._value2member_map_ else ""
        detail = exc.detail if isinstance(exc.detail, (str, dict, list)) and exc.detail != phrase else None
        return error_response(exc.status_code, code, f"{zh} / {en}", detail, getattr(exc, "headers", None))

    @app.exception_handler(DatabaseError)
    @app.exception_handler(OperationalError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        if (page := _page(request)) is not None:
            return page(request, 503, "数据库暂时不可用，请稍后重试", "the database is unavailable")
        return error_response(503, "database-unavailable", "数据库暂时不可用，请稍后重试 / the database is unavailable",
                              headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        if (page := _page(request)) is not None:
            return page(request, 500, "服务器内部错误，请稍后重试或联系管理员", "internal server error")
        return error_response(500, "server-error", "服务器内部错误，请稍后重试或联系管理员 / internal server error")
