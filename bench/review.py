"""Benchmark: review the bundled example forms, repeated to at least 10,000 form reviews, in one process.

Run by hand (``.venv/bin/python bench/review.py [--forms N] [--profile P] [--json]``). The
examples are parsed once; the timing covers the review only (every registered rule on
every form, findings and coverage built), optionally with the JSON dump of each review.
Prints forms/second on one core (target ≥ 5,000), findings/second and peak memory.
``--profile-top N`` runs one trial under cProfile and prints the N most expensive calls.
``--instructions`` counts the CPU instructions of one form review with valgrind's callgrind
(Debian package ``valgrind``): the same for the same code, Python and input whatever the
machine is doing, so it compares two versions where forms/s on a VM whose speed drifts cannot
(see the README's Performance section for the figures; 5,000 forms/s needs 5,000 x that per second).
It measures the review modules as they are imported: compiled by ``make setup`` (Cython, see setup.py), or
pure Python with ``JIXIAO_PURE_PYTHON=1`` in the environment (also passed to the callgrind runs); the first
line says which.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jixiao
from jixiao import _native
from jixiao.review import REGISTRY, load_profile, review_form

ROOT = Path(__file__).resolve().parent.parent


def one_trial(forms, profile, minimum: int, as_json: bool) -> tuple[float, float, int, int]:
    reviewed = findings = 0
    start = time.perf_counter()
    cpu0 = time.process_time()
    while reviewed < minimum:
        for index, form in forms:
            review = review_form(form, index, profile)
            if as_json:
                review.model_dump_json()
            reviewed += 1
            findings += len(review.findings)
    return time.perf_counter() - start, time.process_time() - cpu0, reviewed, findings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--forms", type=int, default=10_000, help="minimum number of form reviews per trial")
    ap.add_argument("--trials", type=int, default=5, help="repeat the measurement; best and median are printed")
    ap.add_argument("--profile", default=None, help="review profile (default national-101)")
    ap.add_argument("--json", action="store_true", help="also serialise every form review to JSON")
    ap.add_argument("--profile-top", type=int, default=0, metavar="N", help="profile one trial and print the top N calls")
    ap.add_argument("--instructions", action="store_true", help="count the instructions of one form review (callgrind)")
    ap.add_argument("--reviews-only", type=int, default=None, help=argparse.SUPPRESS)  # what --instructions runs
    args = ap.parse_args()
    if args.instructions:
        instructions(args)
        return

    profile = load_profile(args.profile)
    files = sorted((ROOT / "examples").glob("*.txt"))
    forms = [(i, form) for f in files for i, form in enumerate(jixiao.parse(f).forms)]
    n_ind = sum(len(form.indicators) for _, form in forms)
    one_trial(forms, profile, len(forms), args.json)  # warm-up
    if args.reviews_only is not None:
        if args.reviews_only:
            one_trial(forms, profile, args.reviews_only, args.json)
        return

    if args.profile_top:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        one_trial(forms, profile, args.forms, args.json)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile_top)
        return

    results = [one_trial(forms, profile, args.forms, args.json) for _ in range(args.trials)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    best = min(results)
    walls = sorted(r[0] for r in results)
    median = walls[len(walls) // 2]
    wall, cpu, reviewed, findings = best
    print(f"jixiao {jixiao.__version__} · Python {sys.version.split()[0]} · {len(files)} example files "
          f"({len(forms)} forms, {n_ind} indicators) reviewed repeatedly · profile {profile.label} · {len(REGISTRY)} rules"
          + (" · with JSON" if args.json else ""))
    print(f"build         {build()}")
    print(f"trials        {args.trials:>10}   (each ≥ {args.forms:,} form reviews; best and median shown)")
    print(f"form reviews  {reviewed:>10,}")
    print(f"findings      {findings:>10,}")
    print(f"wall time     {wall:>10.2f} s   best (median {median:.2f} s; CPU {cpu:.2f} s, one core)")
    print(f"forms/s       {reviewed / wall:>10,.0f}   best (median {reviewed / median:,.0f}) per core; target ≥ 5,000")
    print(f"findings/s    {findings / wall:>10,.0f}   best (median {findings / median:,.0f})")
    print(f"peak RSS      {rss:>10.1f} MiB")


def build() -> str:
    """Which review modules run compiled (jixiao._native.status())."""
    status = _native.status()
    compiled = sum(status.values())
    if compiled == len(status) and status:
        return f"compiled (Cython): all {compiled} review modules"
    if not compiled:
        return "pure Python" + (f" ({_native.PURE_ENV}=1)" if _native.pure_requested() else "")
    return f"mixed: {compiled} of {len(status)} review modules compiled (the others changed or failed to build since make setup)"


def instructions(args) -> None:
    """Instructions per form review: callgrind's count for N reviews minus that for none (start-up,
    parsing and the warm-up are the same in both runs), divided by N."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("需要 valgrind（apt-get install valgrind）/ valgrind is needed")
    n = 1200

    def count(reviews: int) -> int:
        cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--reviews-only", str(reviews)] + (["--profile", args.profile] if args.profile else []) + (
               ["--json"] if args.json else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        m = re.search(r"Collected : (\d+)", r.stderr)
        if r.returncode != 0 or m is None:
            raise SystemExit(f"callgrind failed: {r.stderr[-2000:]}")
        return int(m.group(1))

    base, total = count(0), count(n)
    print(f"instructions per form review: {(total - base) / n:,.0f}   ({build()}; {n} reviews under callgrind; "
          f"5,000 forms/s needs {(total - base) / n * 5000 / 1e9:.1f} G instructions/s)")


if __name__ == "__main__":
    main()
