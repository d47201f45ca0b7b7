"""Fixtures of the browser tests (tests/test_web_*.py), loaded with ``pytest_plugins = ("web_plugin",)``.

* ``live`` — the whole app (API and pages) served by uvicorn on a free loopback port, in a
  thread, over a new SQLite database seeded like the API tests (four users, the 24 example
  forms; see ``api_helpers``; a module with ``LIVE_DOCUMENTS = False`` starts with users only).
  One per test module; tests that change data use forms no other test in the module relies on.
* ``browser`` — Debian's Chromium (``/usr/bin/chromium``, installed by the set-up) driven by
  Playwright, headless, with no sandbox and no background networking; one per session.
* ``signed_in(who)`` — a new browser page signed in as that user through the login form.

Helpers (screenshots, sign-in, console errors) are in ``web_helpers``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from api_helpers import seed
from web_helpers import login, watch

CHROMIUM = os.environ.get("JIXIAO_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Live:
    """A running server: its base URL, database and the seeded users' ids."""

    url: str
    db: Any
    user_ids: dict[str, int]
    tokens: dict[str, str]
    server: Any = None
    thread: Any = None

    def api(self, who: str = "admin"):
        """An HTTP client for the API as ``who`` (bearer token), for set-up and checks beside the browser."""
        import httpx

        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[who]}"}, timeout=60)


@pytest.fixture(scope="module")
def live(request, tmp_path_factory) -> Iterator[Live]:
    import uvicorn

    from jixiao.server.app import create_app
    from jixiao.store import Database

    path = tmp_path_factory.mktemp("web") / "jixiao.db"
    db = Database(f"sqlite:///{path}")
    tokens, ids = seed(db, documents=getattr(request.module, "LIVE_DOCUMENTS", True))
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start", pytrace=False)
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}", db, ids, tokens, server, thread)
    server.should_exit = True
    thread.join(10)
    db.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for the browser tests and is not at {CHROMIUM}: run `make setup` "
                    "(installs Debian's chromium) or set JIXIAO_TEST_CHROMIUM.", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def signed_in(browser, live) -> Iterator[Callable[[str], Any]]:
    """``signed_in("filler")`` → a new page in a new browser context, signed in as that user."""
    contexts = []

    def make(who: str, **context_options: Any):
        options = {"viewport": {"width": 1366, "height": 900}, "locale": "zh-CN", "accept_downloads": True,
                   **context_options}
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        page = ctx.new_page()
        watch(page)
        login(page, live.url, who)
        return page

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def anonymous(browser) -> Iterator[Any]:
    """A new page in a new context with no session."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    watch(page)
    yield page
    ctx.close()
