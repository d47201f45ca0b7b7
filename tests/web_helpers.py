"""Helpers of the browser tests: screenshots, signing in, the console errors of a page.

:func:`shot` saves a full-page screenshot to ``test-artifacts/screenshots/<name>.png``: every
page of the workbench is saved in each run, to be looked at. Chromium's console errors and
uncaught page errors are collected per page (:func:`watch`); :func:`no_page_errors` asserts
there were none, but for resource loads answered with an expected status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from api_helpers import PASSWORD

SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"


@dataclass
class PageLog:
    errors: list[str] = field(default_factory=list)


def watch(page) -> PageLog:  # noqa: ANN001
    log = PageLog()
    page.on("console", lambda m: log.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(f"page error: {e}"))
    page.jixiao_log = log
    return log


def no_page_errors(page, *expected_statuses: int) -> None:  # noqa: ANN001
    """Assert that the page logged no console error and threw no uncaught error (resource loads answered
    with one of ``expected_statuses``, e.g. the 401 of a wrong password, excepted)."""
    allowed = [re.compile(rf"status of {s}\b") for s in expected_statuses]
    errors = [e for e in page.jixiao_log.errors if not any(a.search(e) for a in allowed)]
    assert errors == []


def login(page, base: str, who: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(who)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/forms")


def shot(page, name: str) -> Path:  # noqa: ANN001
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
