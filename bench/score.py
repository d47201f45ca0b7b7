"""Benchmark: score self-evaluation forms, repeated to at least 10,000 form scorings, in one process.

Run by hand (``.venv/bin/python bench/score.py [--forms N]``). The forms are every
self-evaluation form among the examples and the test samples (parsed once); the timing
covers ``score_form`` (weights, formulas, wording map, notes) and the ``model_dump`` of each
evaluation. Prints forms/second on one core and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

import jixiao
from jixiao.scoring import load_method, score_form

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--trials", type=int, default=5)
    args = ap.parse_args()
    files = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "samples").glob("*.txt"))
    forms = [f for p in files for f in jixiao.parse(p).forms if f.kind == "self_evaluation"]
    method = load_method()
    n_ind = sum(len(f.indicators) for f in forms)
    rates = []
    for _ in range(args.trials):
        done = 0
        start = time.perf_counter()
        while done < args.forms:
            for form in forms:
                score_form(form, method).model_dump(mode="json")
                done += 1
        rates.append(done / (time.perf_counter() - start))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"forms               {len(forms)} self-evaluation forms, {n_ind} indicators, repeated to ≥ {args.forms:,}")
    print(f"forms/s            {max(rates):,.0f}   best (median {statistics.median(rates):,.0f}) per core")
    print(f"peak RSS            {peak:.1f} MiB")


if __name__ == "__main__":
    main()
