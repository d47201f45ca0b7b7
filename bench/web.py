"""Benchmark: the workbench's pages with 10,000 forms under 50 concurrent clients.

Run by hand: ``.venv/bin/python bench/web.py [--forms 10000] [--clients 50] [--backend sqlite|postgresql|both]``.

Like ``bench/api.py`` (same synthetic corpus, same ingest, same ``jixiao serve --workers N``,
same load generator: ``wrk`` when installed, closed loop, no think time), but signed in as a
browser is — the ``jixiao_session`` cookie from ``POST /login`` — and asking for the HTML
pages a person opens:

* *list* — ``/forms``, a random page of 50, newest first (filters' choices included);
* *filtered* — ``/forms?department=…&year=…`` with a search word, a random page;
* *detail* — ``/forms/{id}`` of a random form: header, funds, goals, every indicator row
  with its findings and the rules' explanations, the status actions and the history.

Prints requests/s and p50/p95/p99 per page (target p95 < 200 ms on SQLite). ``--db URL`` reuses a
database already ingested (with the admin user ``bench`` / ``bench-password``) to measure again quickly.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import PY, free_port, load, pg_database, report, run_ingest, wrk_load  # noqa: E402
from corpus import make_corpus  # noqa: E402


def sign_in(base: str, username: str, password: str) -> str:
    """The session cookie of a browser sign-in through the login form."""
    with httpx.Client(base_url=base, follow_redirects=False) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = c.post("/login", data={"username": username, "password": password, "csrf_token": token, "next": "/forms"})
        if r.status_code != 303:
            raise SystemExit(f"sign-in failed: {r.status_code} {r.text[:500]}")
        return r.cookies["jixiao_session"]


def bench_backend(backend: str, args, corpus: Path | None, n_forms: int) -> None:
    print(f"\n== {backend}")
    drop = None
    server = None
    if args.db:
        url = args.db  # already ingested, with the user bench / bench-password
    elif backend == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='jixiao-bench-db-')}/bench.db"
    else:
        url, drop = pg_database(args.pg_url)
    try:
        if not args.db:
            run_ingest(corpus, url, args.jobs, n_forms)
            subprocess.run([PY, "-m", "jixiao", "user", "add", "bench", "--role", "admin", "--password-stdin", "--db", url],
                           input="bench-password\n", text=True, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen([PY, "-m", "jixiao", "serve", "--db", url, "--port", str(port),
                                   "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("server did not start: " + server.stderr.read().decode()[-2000:])
        cookie = sign_in(base, "bench", "bench-password")
        cookies = {"jixiao_session": cookie}
        first = httpx.get(f"{base}/api/v1/forms", params={"per_page": 200}, cookies=cookies).json()
        total = first["total"]
        ids = [item["id"] for item in first["items"]]
        lo, hi = min(ids), min(ids) + total - 1
        stats = httpx.get(f"{base}/api/v1/stats", cookies=cookies, timeout=60).json()
        groups = [(g["department"], g["year"]) for g in stats["groups"] if g["department"] and g["year"]]
        words = [i["name"][:2] for i in first["items"] if i.get("name")]
        pages = max(1, total // 50)
        print(f"  serving {total} forms with {args.workers} workers; {args.clients} clients, {args.seconds:g} s per page")

        def filtered(rng: random.Random) -> str:
            dept, year = rng.choice(groups)
            return f"/forms?department={dept}&year={year}&q={rng.choice(words)}&page={rng.randint(1, 3)}"

        scenarios = {
            "list": lambda rng: f"/forms?page={rng.randint(1, pages)}",
            "filtered": filtered,
            "detail": lambda rng: f"/forms/{rng.randint(lo, hi)}",
        }
        for path in ("/forms", f"/forms/{lo}"):
            r = httpx.get(base + path, cookies=cookies)
            if r.status_code != 200 or "<html" not in r.text:
                raise SystemExit(f"{path} is not a page: {r.status_code}")
        use_wrk = shutil.which("wrk") is not None and not args.python_client
        header = ("Cookie", f"jixiao_session={cookie}")
        for name, make_url in scenarios.items():
            if use_wrk:
                rng = random.Random(name)
                paths = [make_url(rng) for _ in range(2000)]
                wrk_load(base, "", args.clients, 2, paths, name, show=False, header=header)  # warm-up
                wrk_load(base, "", args.clients, args.seconds, paths, name, header=header)
            else:
                headers = {"Cookie": f"jixiao_session={cookie}"}
                asyncio.run(load(base, "", args.clients, 2, make_url, headers))  # warm-up
                lat, errors = asyncio.run(load(base, "", args.clients, args.seconds, make_url, headers))
                report(name, lat, errors, args.seconds)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        if drop is not None:
            drop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="ingest worker processes")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    ap.add_argument("--python-client", action="store_true", help="use the httpx load generator even if wrk is installed")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    ap.add_argument("--pg-url", default=os.environ.get("JIXIAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--db", help="reuse a database already ingested that has the admin user bench / bench-password "
                                 "(skips the corpus and the ingest)")
    args = ap.parse_args()
    if args.db:
        bench_backend("postgresql" if args.db.startswith("postgresql") else "sqlite", args, None, 0)
        return
    corpus = Path(tempfile.mkdtemp(prefix="jixiao-bench-corpus-"))
    n_files, n_forms = make_corpus(corpus, args.forms)
    print(f"corpus: {n_files} files, {n_forms} forms in {corpus}")
    for backend in (["sqlite", "postgresql"] if args.backend == "both" else [args.backend]):
        bench_backend(backend, args, corpus, n_forms)


if __name__ == "__main__":
    main()
