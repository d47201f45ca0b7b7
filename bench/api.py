"""Benchmark: ingest 10,000 forms, then list/detail/search latency under 50 concurrent clients.

Run by hand: ``.venv/bin/python bench/api.py [--forms 10000] [--clients 50] [--backend sqlite|postgresql|both]``.

1. Writes a synthetic corpus (``bench/corpus.py``: distinct variants of the bundled
   examples, 50 units) holding at least ``--forms`` forms.
2. Runs ``jixiao ingest DIR --jobs N`` on a new database and times it (forms/s: read,
   review and store everything).
3. Starts ``jixiao serve --workers N`` (default: the CPU count) on loopback, signs in with a
   bearer token and drives it with ``--clients`` concurrent connections for ``--seconds`` per
   scenario, each client sending its next request as soon as the last one is answered
   (closed loop, no think time: the server is saturated). The load comes from ``wrk`` (C,
   Debian package ``wrk``) when installed, with a Lua script picking random URLs, else from
   asyncio + httpx in this process (which itself needs about a core):
   *list* (a random page of 50, newest first), *detail* (a random form with its rows and
   findings), *search* (``q=`` a random project name fragment, plus a unit filter).
   Prints requests/s and p50/p95/p99 latency per scenario (target p95 < 100 ms).

The load generator runs on the same machine as the server (and, for PostgreSQL, the
database), so on a 2-core machine all three share the cores: the figures are a floor.
PostgreSQL: ``--pg-url`` (default the test server ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
a database ``jixiao_bench_<pid>`` is created there and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # noqa: E402

PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_database(pg_url: str) -> tuple[str, callable]:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(pg_url)
    name = f"jixiao_bench_{os.getpid()}"
    kw = dict(host=u.host or "127.0.0.1", port=u.port or 5432, user=u.username, password=u.password,
              dbname=u.database or "postgres", autocommit=True)
    with psycopg.connect(**kw) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**kw) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return u.set(database=name).render_as_string(hide_password=False), drop


def run_ingest(corpus: Path, url: str, jobs: int, forms: int) -> float:
    start = time.perf_counter()
    r = subprocess.run([PY, "-m", "jixiao", "ingest", str(corpus), "--db", url, "--jobs", str(jobs)],
                       capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"ingest failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    rate = forms / seconds
    print(f"  ingest: {forms} forms in {seconds:.1f} s = {rate:,.0f} forms/s (--jobs {jobs}, whole command)")
    return rate


WRK_SCRIPT = """
local paths = {%s}
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["%s"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%f %%f %%f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_load(base: str, token: str, clients: int, seconds: float, paths: list[str], name: str, show: bool = True,
             header: tuple[str, str] | None = None) -> dict:
    """Drive ``paths`` (picked at random) with wrk; ``header`` defaults to the bearer token."""
    quoted = (quote(p, safe="/?=&-") for p in paths)
    h_name, h_value = header or ("Authorization", f"Bearer {token}")
    lua = WRK_SCRIPT % (", ".join(f'"{p}"' for p in quoted), random.randrange(10**6), h_name, h_value)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(lua)
    r = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script), base],
                       capture_output=True, text=True)
    script.unlink()
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {r.stdout}\n{r.stderr}")
    _, n, errors, p50, p95, p99 = line.split()
    row = {"scenario": name, "requests": int(n), "rps": int(n) / seconds, "p50": float(p50), "p95": float(p95),
           "p99": float(p99), "errors": int(errors)}
    if show:
        print(f"  {name:<7} {row['requests']:>6} req  {row['rps']:>6.0f} req/s  p50 {row['p50']:6.1f} ms  "
              f"p95 {row['p95']:6.1f} ms  p99 {row['p99']:6.1f} ms  errors {row['errors']}  (wrk)")
    return row


async def load(base: str, token: str, clients: int, seconds: float, make_url,
               headers: dict[str, str] | None = None) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers or {"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=60) as client:
        async def worker(seed: int) -> None:
            nonlocal errors
            rng = random.Random(seed)
            while time.perf_counter() < deadline:
                url = make_url(rng)
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker(i) for i in range(clients)))
    return latencies, errors


def report(name: str, lat: list[float], errors: int, seconds: float) -> dict:
    lat = sorted(lat)
    q = statistics.quantiles(lat, n=100)
    row = {"scenario": name, "requests": len(lat), "rps": len(lat) / seconds, "p50": q[49] * 1000,
           "p95": q[94] * 1000, "p99": q[98] * 1000, "errors": errors}
    print(f"  {name:<7} {row['requests']:>6} req  {row['rps']:>6.0f} req/s  p50 {row['p50']:6.1f} ms  "
          f"p95 {row['p95']:6.1f} ms  p99 {row['p99']:6.1f} ms  errors {errors}")
    return row


def start_server(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    """``jixiao serve`` on a free loopback port, once it answers: ``(process, base URL)``."""
    port = free_port()
    server = subprocess.Popen([PY, "-m", "jixiao", "serve", "--db", url, "--port", str(port), "--workers", str(workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("server did not start: " + server.stderr.read().decode()[-2000:])


def drive(base: str, args, scenarios: dict, header: tuple[str, str]) -> None:
    """Each scenario (name -> URL maker) under ``args.clients`` connections for ``args.seconds``, after a warm-up."""
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    for name, make_url in scenarios.items():
        if use_wrk:
            rng = random.Random(name)
            paths = [make_url(rng) for _ in range(2000)]
            wrk_load(base, "", args.clients, 2, paths, name, show=False, header=header)  # warm-up
            wrk_load(base, "", args.clients, args.seconds, paths, name, header=header)
        else:
            headers = dict([header])
            asyncio.run(load(base, "", args.clients, 2, make_url, headers))  # warm-up
            lat, errors = asyncio.run(load(base, "", args.clients, args.seconds, make_url, headers))
            report(name, lat, errors, args.seconds)


def bench_backend(backend: str, args, corpus: Path | None, n_forms: int, scenarios_for) -> None:
    """Ingest the corpus into a new database of ``backend`` (or use ``args.db``), serve it, run the scenarios.

    ``scenarios_for(base, args)`` signs in and returns ``(scenarios, header)``: URL makers by
    name and the header that authenticates each request.
    """
    print(f"\n== {backend}")
    drop = None
    server = None
    if args.db:
        url = args.db  # already ingested, with the admin user bench / bench-password
    elif backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="jixiao-bench-db-")
        url = f"sqlite:///{folder}/bench.db"
        drop = lambda: shutil.rmtree(folder, ignore_errors=True)  # noqa: E731  (as the PostgreSQL database is dropped)
    else:
        url, drop = pg_database(args.pg_url)
    try:
        if not args.db:
            run_ingest(corpus, url, args.jobs, n_forms)
            subprocess.run([PY, "-m", "jixiao", "user", "add", "bench", "--role", "admin", "--password-stdin", "--db", url],
                           input="bench-password\n", text=True, check=True, capture_output=True)
        server, base = start_server(url, args.workers)
        scenarios, header = scenarios_for(base, args)
        drive(base, args, scenarios, header)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        if drop is not None:
            drop()


def api_scenarios(base: str, args) -> tuple[dict, tuple[str, str]]:
    r = httpx.post(f"{base}/api/v1/auth/tokens", json={"username": "bench", "password": "bench-password"})
    token = r.json()["token"]
    first = httpx.get(f"{base}/api/v1/forms", params={"per_page": 200}, headers={"Authorization": f"Bearer {token}"}).json()
    total = first["total"]
    ids = [item["id"] for item in first["items"]]
    lo, hi = min(ids), min(ids) + total - 1
    names = [item["name"] for item in first["items"] if item.get("name")]
    pages = max(1, total // 50)
    print(f"  serving {total} forms with {args.workers} workers; {args.clients} clients, {args.seconds:g} s per scenario")
    return {
        "list": lambda rng: f"/api/v1/forms?per_page=50&sort=-updated_at&page={rng.randint(1, pages)}",
        "detail": lambda rng: f"/api/v1/forms/{rng.randint(lo, hi)}",
        "search": lambda rng: f"/api/v1/forms?per_page=50&q={rng.choice(names)[:4]}{rng.randint(0, 99):02d}",
    }, ("Authorization", f"Bearer {token}")


def arguments(doc: str, backend: str):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="ingest worker processes")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    ap.add_argument("--python-client", action="store_true", help="use the httpx load generator even if wrk is installed")
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default=backend)
    ap.add_argument("--pg-url", default=os.environ.get("JIXIAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--db", help="reuse a database already ingested that has the admin user bench / bench-password "
                                 "(skips the corpus and the ingest)")
    return ap.parse_args()


def run(args, scenarios_for) -> None:
    if args.db:
        bench_backend("postgresql" if args.db.startswith("postgresql") else "sqlite", args, None, 0, scenarios_for)
        return
    corpus = Path(tempfile.mkdtemp(prefix="jixiao-bench-corpus-"))
    try:
        n_files, n_forms = make_corpus(corpus, args.forms)
        print(f"corpus: {n_files} files, {n_forms} forms in {corpus}")
        for backend in (["sqlite", "postgresql"] if args.backend == "both" else [args.backend]):
            bench_backend(backend, args, corpus, n_forms, scenarios_for)
    finally:  # the corpus and the SQLite database are temporary (200+ MiB); --db keeps a database to reuse
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    run(arguments(__doc__, "both"), api_scenarios)
