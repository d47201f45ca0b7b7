"""Benchmark: the workbench's pages with 10,000 forms under 50 concurrent clients.

Run by hand: ``.venv/bin/python bench/web.py [--forms 10000] [--clients 50] [--backend sqlite|postgresql|both]``.

Like ``bench/api.py`` (same synthetic corpus, same ingest, same ``jixiao serve --workers N``,
same load generator: ``wrk`` when installed, closed loop, no think time), but signed in as a
browser is — the ``jixiao_session`` cookie from ``POST /login`` — and asking for the HTML
pages a person opens:

* *list* — ``/forms``, a random page of 50, newest first (filters' choices included);
* *filtered* — ``/forms?department=…&year=…``, one of the first three pages;
* *detail* — ``/forms/{id}`` of a random form: header, funds, goals, every indicator row
  with its findings and the rules' explanations, the status actions and the history.

Prints requests/s and p50/p95/p99 per page (target p95 < 200 ms on SQLite). ``--db URL`` reuses a
database already ingested (with the admin user ``bench`` / ``bench-password``) to measure again quickly.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import arguments, run  # noqa: E402


def sign_in(base: str, username: str, password: str) -> str:
    """The session cookie of a browser sign-in through the login form."""
    with httpx.Client(base_url=base, follow_redirects=False) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": "/forms"})
        if r.status_code != 303:
            raise SystemExit(f"sign-in failed: {r.status_code} {r.text[:500]}")
        return r.cookies["jixiao_session"]


def page_scenarios(base: str, args) -> tuple[dict, tuple[str, str]]:
    cookie = sign_in(base, "bench", "bench-password")
    cookies = {"jixiao_session": cookie}
    first = httpx.get(f"{base}/api/v1/forms", params={"per_page": 200}, cookies=cookies).json()
    total = first["total"]
    ids = [item["id"] for item in first["items"]]
    lo, hi = min(ids), min(ids) + total - 1
    stats = httpx.get(f"{base}/api/v1/stats", cookies=cookies, timeout=60).json()
    groups = [(g["department"], g["year"]) for g in stats["groups"] if g["department"] and g["year"]]
    pages = max(1, total // 50)
    print(f"  serving {total} forms with {args.workers} workers; {args.clients} clients, {args.seconds:g} s per page")
    for path in ("/forms", f"/forms/{lo}"):
        r = httpx.get(base + path, cookies=cookies)
        if r.status_code != 200 or "<html" not in r.text:
            raise SystemExit(f"{path} is not a page: {r.status_code}")

    def filtered(rng: random.Random) -> str:
        dept, year = rng.choice(groups)
        return f"/forms?department={dept}&year={year}&page={rng.randint(1, 3)}"

    return {
        "list": lambda rng: f"/forms?page={rng.randint(1, pages)}",
        "filtered": filtered,
        "detail": lambda rng: f"/forms/{rng.randint(lo, hi)}",
    }, ("Cookie", f"jixiao_session={cookie}")


if __name__ == "__main__":
    run(arguments(__doc__, "sqlite"), page_scenarios)
