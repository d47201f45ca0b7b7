"""Jinja2 templates of the workbench: the environment, display filters and the page response.

Autoescaping is on for every template: whatever a form says (an indicator named
``<script>alert(1)</script>`` included) is shown as text. Data handed to scripts goes
through ``tojson`` inside ``<script type="application/json">`` blocks (``<``, ``>``, ``&``
and ``'`` escaped), never into inline script.

Display conventions (decided here, used on every page):

* times are shown in 北京时间 (UTC+8), ``2026-12-07 09:30``; the database keeps UTC;
* money is stored in 元 and shown in 万元 with two decimals (``12.50 万元``), the unit
  budget tables use; amounts under 1 万元 are shown in 元;
* shares are percentages with one decimal.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ..store.tables import ROLE_ZH, STATUS_ZH

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

BEIJING = timezone(timedelta(hours=8))
KIND_ZH = {"declaration": "申报表", "self_evaluation": "自评表", "department_overall": "部门整体"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
#: Content-Security-Policy of every page: scripts and styles only from this server.
#: ``style-src 'unsafe-inline'`` lets the chart library position its tooltips; no script may be inline.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
PAGE_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                "Cache-Control": "no-store"}


def beijing(t: datetime | str | None) -> str:
    """``2026-12-07 09:30`` in 北京时间; '' for None."""
    if t is None or t == "":
        return ""
    if isinstance(t, str):
        try:
            t = datetime.fromisoformat(t)
        except ValueError:
            return t
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def money(yuan: float | int | None) -> str:
    """An amount in 元 as people read budget tables: ``12.50 万元``, or ``800.00 元`` under 1 万元."""
    if yuan is None:
        return ""
    y = float(yuan)
    if abs(y) >= 10_000:
        return f"{y / 10_000:,.2f} 万元"
    return f"{y:,.2f} 元"


def share(x: float | None, digits: int = 1) -> str:
    """0.756 → ``75.6%``."""
    return "" if x is None else f"{x * 100:.{digits}f}%"


def number(x: float | int | None, digits: int = 2) -> str:
    """A number without needless decimals: 10 → ``10``, 9.467 → ``9.47``."""
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def points(x: float | int | None) -> str:
    """A score as the official tables print it: two decimals (``79.10``); ``—`` when not scored."""
    return "—" if x is None else f"{x:.2f}"


@lru_cache(maxsize=None)
def static_url(path: str) -> str:
    """``/static/<path>?v=<content hash>``: long-cached, renamed whenever the file changes."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:10]
    return f"/static/{path}?v={digest}"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, auto_reload=False)
    env.filters.update(beijing=beijing, money=money, share=share, number=number, points=points)
    env.globals.update(static=static_url, STATUS_ZH=STATUS_ZH, KIND_ZH=KIND_ZH, ROLE_ZH=ROLE_ZH,
                       SEVERITY_ZH=SEVERITY_ZH)
    return env


ENV = _env()


def render_text(name: str, **context: Any) -> str:
    return ENV.get_template(name).render(**context)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """The template ``name`` as a page (with the page security headers)."""
    ctx = {"request": request, "viewer": getattr(request.state, "viewer", None), "notice": None, **(context or {})}
    return HTMLResponse(render_text(name, **ctx), status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
