"""Benchmark: parse the bundled examples, repeated to at least 10,000 forms, in one process.

Run by hand (``make bench`` or ``.venv/bin/python bench/parse.py [--forms N]``); the
figures go into the README. Prints forms/second, indicators/second and peak memory
(resident set size of the process).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import jixiao

ROOT = Path(__file__).resolve().parent.parent


def clear_caches() -> None:
    """Forget every memoised clean-up/lookup, as if each document were the first."""
    from jixiao import textnorm, values
    from jixiao.recognize import header, vocab

    for module in (textnorm, values, header, vocab):
        for obj in vars(module).values():
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--forms", type=int, default=10_000, help="minimum number of forms to parse")
    ap.add_argument("--json", action="store_true", help="also serialise every document to JSON")
    ap.add_argument("--trials", type=int, default=5, help="repeat the measurement; best and median are printed")
    ap.add_argument("--cold", action="store_true", help="clear jixiao's text caches before every document (no reuse between documents)")
    args = ap.parse_args()

    files = sorted((ROOT / "examples").glob("*.txt"))
    blobs = [(f.name, f.read_bytes()) for f in files]
    per_round = sum(len(jixiao.parse(data, name=name).forms) for name, data in blobs)  # warm-up

    ap_trials = args.trials
    results = []  # (wall, cpu, forms, indicators, docs) per trial
    for _ in range(ap_trials):
        forms = indicators = docs = 0
        start = time.perf_counter()
        cpu0 = time.process_time()
        while forms < args.forms:
            for name, data in blobs:
                if args.cold:
                    clear_caches()
                doc = jixiao.parse(data, name=name)
                if args.json:
                    doc.model_dump_json()
                docs += 1
                forms += len(doc.forms)
                indicators += sum(len(f.indicators) for f in doc.forms)
        results.append((time.perf_counter() - start, time.process_time() - cpu0, forms, indicators, docs))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux

    best = min(results)
    walls = sorted(r[0] for r in results)
    median = walls[len(walls) // 2]
    wall, cpu, forms, indicators, docs = best
    mode = "cold caches" if args.cold else "warm caches"
    print(f"jixiao {jixiao.__version__} · Python {sys.version.split()[0]} · {len(files)} example files ({per_round} forms) repeated · {mode}")
    print(f"trials        {ap_trials:>10}   (each ≥ {args.forms:,} forms; best and median shown)")
    print(f"documents     {docs:>10,}")
    print(f"forms         {forms:>10,}")
    print(f"indicators    {indicators:>10,}")
    print(f"wall time     {wall:>10.2f} s   best (median {median:.2f} s; CPU {cpu:.2f} s, one core)")
    print(f"forms/s       {forms / wall:>10,.0f}   best (median {forms / median:,.0f})")
    print(f"indicators/s  {indicators / wall:>10,.0f}   best (median {indicators / median:,.0f})")
    print(f"peak RSS      {rss:>10.1f} MiB")


if __name__ == "__main__":
    main()
