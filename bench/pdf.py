"""Benchmark: read the text-layer PDF fixtures repeatedly, in one process, on one core.

Run by hand (``.venv/bin/python bench/pdf.py [--pages N] [--trials T]``). Every round reads
each fixture of ``tests/fixtures/pdf/`` that has a text layer and forms (``jixiao.parse``:
PDF reader and recognizer), until at least ``--pages`` pages were read; a trial's figure
is pages per second of wall time. ``pages`` counts every page of the documents, ``form
pages`` those the reader fully processed (the others of a 部门预算 are only skimmed for
keywords). ``--read-only`` times the reader alone (``read_pdf``), without the recognizer.
Prints best and median of the trials and the peak memory (resident set size).
Target: ≥ 10 pages/s per core on text-layer PDFs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import jixiao
from jixiao.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
# fixtures with a text layer and forms (the others test errors)
NAMES = ("sh001_forms.pdf", "budget003.pdf", "rowsplit001.pdf", "unruled001.pdf", "unruled_centred001.pdf", "rotated001.pdf", "restricted.pdf")


def page_counts(data: bytes) -> tuple[int, int]:
    """(pages, pages fully read) of one document."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        total = len(doc)
    finally:
        doc.close()
    return total, len({r.page for r in read_pdf(data).rows})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000, help="minimum number of pages per trial")
    ap.add_argument("--trials", type=int, default=5, help="repeat the measurement; best and median are printed")
    ap.add_argument("--read-only", action="store_true", help="time the PDF reader alone (no recognizer)")
    args = ap.parse_args()

    blobs = [(name, (FIXTURES / name).read_bytes()) for name in NAMES]
    counts = {name: page_counts(data) for name, data in blobs}  # also the warm-up
    per_round = sum(t for t, _ in counts.values())
    read_round = sum(r for _, r in counts.values())

    results = []  # (wall, cpu, pages, form pages, documents, forms)
    for _ in range(args.trials):
        pages = form_pages = docs = forms = 0
        start = time.perf_counter()
        cpu0 = time.process_time()
        while pages < args.pages:
            for name, data in blobs:
                if args.read_only:
                    read_pdf(data)
                else:
                    forms += len(jixiao.parse(data, name=name).forms)
                docs += 1
                pages += counts[name][0]
                form_pages += counts[name][1]
        results.append((time.perf_counter() - start, time.process_time() - cpu0, pages, form_pages, docs, forms))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux

    best = min(results)
    walls = sorted(r[0] for r in results)
    median = walls[len(walls) // 2]
    wall, cpu, pages, form_pages, docs, forms = best
    what = "read_pdf only" if args.read_only else "jixiao.parse (reader + recognizer)"
    print(f"jixiao {jixiao.__version__} · Python {sys.version.split()[0]} · {len(blobs)} PDF fixtures "
          f"({per_round} pages, {read_round} read as form pages) repeated · {what}")
    print(f"trials        {args.trials:>10}   (each ≥ {args.pages:,} pages; best and median shown)")
    print(f"documents     {docs:>10,}")
    if not args.read_only:
        print(f"forms         {forms:>10,}")
    print(f"pages         {pages:>10,}   ({form_pages:,} form pages)")
    print(f"wall time     {wall:>10.2f} s   best (median {median:.2f} s; CPU {cpu:.2f} s, one core)")
    print(f"pages/s       {pages / wall:>10,.1f}   best (median {pages / median:,.1f})")
    print(f"form pages/s  {form_pages / wall:>10,.1f}   best (median {form_pages / median:,.1f})")
    print(f"peak RSS      {rss:>10.1f} MiB")


if __name__ == "__main__":
    main()
