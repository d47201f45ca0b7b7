"""The web application: the REST API under ``/api/v1`` (OpenAPI at ``/docs``) and the workbench pages.

``create_app(database)`` builds a FastAPI app over a :class:`jixiao.store.Database`;
``jixiao serve`` runs it with uvicorn. The paths ``/`` and everything outside ``/api``
(except ``/docs``) are the web pages of the workbench (:mod:`jixiao.web`), built on the
same app and the same :mod:`jixiao.store.workflow` functions.

Design decisions:

* **Authentication**: a browser signs in with ``POST /api/v1/auth/login`` and gets the
  ``jixiao_session`` cookie (HttpOnly, SameSite=Lax, Path=/, 12 hours) plus a CSRF token
  that it must send as ``X-CSRF-Token`` on every POST/PATCH/PUT/DELETE (403 ``csrf``
  otherwise). Scripts use ``POST /api/v1/auth/tokens`` for a bearer token (90 days) and
  need no CSRF token. Only SHA-256 hashes of tokens are stored.
* ``cookie_secure``: ``None`` (default) marks the cookie Secure when the request came
  over https (so plain ``http://127.0.0.1`` development and browser tests work; behind
  a TLS proxy run uvicorn with ``--proxy-headers``); ``True`` / ``False`` force it.
* **Roles** are enforced by the API itself through :mod:`jixiao.store.access`: a 填报人
  gets 403 for another unit's form on every route, lists are filtered to their unit.
* **Optimistic locking**: every mutation of a form carries the ``version`` read; a stale
  one is 409 ``stale`` and nothing is written; each mutation answers the new version.
* **Errors** are JSON ``{"error": {"code", "message", "detail"}}`` with a Chinese message
  (:mod:`.errors`), unknown routes and validation errors included.
* **Where handlers run**: the hottest read-only routes (the form list and a form's detail,
  in the API and as pages) are ``async def`` although they use the synchronous SQLAlchemy
  session: each is a few indexed queries with prebuilt statements, and running on the
  event loop saves the hop to a worker thread and back (10–25 % of the CPU of such a
  request). Everything else — writes, uploads, exports, scoring, statistics — is plain
  ``def`` and runs in the thread pool, so a slow request never holds up the loop. With a
  PostgreSQL server across a network each such read waits on the loop for its round
  trips: run ``--workers`` at least the number of cores.
* **Uploads** are bounded: each file at most ``max_upload`` bytes (default 64 MiB), the
  whole multipart body at most that plus 1 MiB, JSON bodies 1 MiB (:mod:`.middleware`).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from .. import __version__
from ..store.db import Database
from . import errors
from .middleware import ApiHeaders, BodyLimit
from .routes import audit, auth, documents, exports, forms, health, indicators, scoring, stats

API_PREFIX = "/api/v1"
DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024

DESCRIPTION = """预算绩效目标表（申报表 / 自评表）的读取、审核、评分与导出服务。

Reads, reviews, scores and exports 绩效目标申报表 / 绩效自评表.

* 登录 / sign in: `POST /api/v1/auth/login` (browser: cookie + `X-CSRF-Token` header on writes)
  or `POST /api/v1/auth/tokens` then `Authorization: Bearer <token>` (scripts).
* 错误 / errors: `{"error": {"code": "...", "message": "中文 / English", "detail": ...}}`.
* 乐观锁 / optimistic locking: send the form's `version`; a stale one is 409 `stale`.
"""


def create_app(database: Database, *, max_upload: int = DEFAULT_MAX_UPLOAD, cookie_secure: bool | None = None,
               pages: bool = True, login_hint: str | None = None) -> FastAPI:
    """The API over ``database`` and (``pages``) the web workbench; see the module docstring for the decisions taken.

    ``login_hint`` is shown on the sign-in page (``jixiao demo`` puts the demo accounts there).
    """
    app = FastAPI(title="jixiao 绩效目标 API", version=__version__, description=DESCRIPTION,
                  docs_url=None if pages else "/docs", redoc_url=None, openapi_url=f"{API_PREFIX}/openapi.json")
    app.state.database = database
    app.state.max_upload = max_upload
    app.state.cookie_secure = cookie_secure
    app.state.login_hint = login_hint
    errors.install(app)
    app.add_middleware(BodyLimit, upload_limit=max_upload)
    app.add_middleware(ApiHeaders)
    api = APIRouter(prefix=API_PREFIX)
    for module in (health, auth, forms, indicators, scoring, exports, documents, audit, stats):
        api.include_router(module.router)
    app.include_router(api)
    if pages:
        from .. import web

        web.install(app)
    return app


def served(app: FastAPI) -> FastAPI:
    """``app``, ready to serve for a long time: templates compiled, and everything built at start-up
    moved out of the garbage collector's sight.

    Python's full (generation 2) collection walks every tracked object; after start-up that is
    about 120,000 objects (the libraries, the rule catalogue, the app) and a pass took about
    90 ms, every few dozen requests, stopping the worker each time. ``gc.freeze()`` after one
    collection leaves those objects alone for good (they live as long as the process anyway),
    so a full pass only sees what requests made. The youngest generation is collected every
    10,000 allocations instead of 700: a request allocates thousands of short-lived objects,
    and collecting them less often costs about a tenth less CPU per request. Used by
    ``jixiao serve`` and ``jixiao demo``, not by tests that build many apps.
    """
    import gc

    try:
        from ..web.templating import ENV

        for name in ENV.list_templates():
            ENV.get_template(name)
    except ImportError:  # pragma: no cover - the web package is part of jixiao
        pass
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    return app


def app_from_env() -> FastAPI:
    """The app over ``JIXIAO_DATABASE_URL`` (already migrated): what each ``jixiao serve --workers N`` process runs."""
    import os

    return served(create_app(Database(os.environ.get("JIXIAO_DATABASE_URL"), migrate=False)))
