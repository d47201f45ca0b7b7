"""The web workbench (网页工作台): Chinese pages over the REST API, served by ``jixiao serve``.

Pages are rendered on the server (Jinja2, :mod:`.templating`) from the same
:mod:`jixiao.store.workflow` functions the API uses, so a page shows exactly what the API
would answer and the role rules are the API's own. Scripts (``static/js``, no build
step, no framework) add what needs no page load: editing a row in place, live scoring,
uploads with progress, charts. They talk to ``/api/v1`` with the session cookie and the
``X-CSRF-Token`` header. Everything is served from this package — the chart library
(Apache ECharts) and the API docs' Swagger UI are vendored under ``static/vendor`` — so
the workbench works with no network at all. Fonts are the system's CJK fonts
(``fonts-noto-cjk``, installed by the set-up).

Pages: ``/login``; ``/forms`` 项目列表; ``/forms/{id}`` 项目详情; ``/forms/{id}/selfeval`` 自评;
``/upload`` 上传; ``/dashboard`` 仪表盘. Errors on pages are pages (in Chinese); errors under
``/api`` stay JSON.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from .auth import LoginRequired, PageError, login_url
from .templating import STATIC, render, static_url


class _Static(StaticFiles):
    """Static files, cached for a year: every URL carries the file's content hash (:func:`static_url`)."""

    def file_response(self, *args, **kwargs) -> Response:  # noqa: ANN002, ANN003
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def error_page(request: Request, status: int, zh: str, en: str, back: str | None = None) -> Response:
    return render(request, "error.html", {"status": status, "zh": zh, "en": en, "back": back}, status=status)


def install(app: FastAPI) -> None:
    """Add the pages, their static files and their error pages to the API app."""
    from .pages import account, dashboard, forms, selfeval, upload

    app.mount("/static", _Static(directory=str(STATIC)), name="static")
    app.state.page_error = error_page
    for module in (account, forms, selfeval, upload, dashboard):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_url), status_code=303)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return error_page(request, exc.status, exc.zh, exc.en, exc.back)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API docs (Swagger UI) from the vendored copy: no CDN."""
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/api/v1/openapi.json", title="jixiao API 文档",
                                   swagger_js_url=static_url("vendor/swagger-ui/swagger-ui-bundle.js"),
                                   swagger_css_url=static_url("vendor/swagger-ui/swagger-ui.css"),
                                   swagger_favicon_url=static_url("vendor/swagger-ui/favicon-32x32.png"))
