"""A synthetic corpus for the storage/API benchmarks: distinct variants of the bundled examples.

Each variant is an example text with every project name and 实施单位 given a suffix, so
every file has its own sha256, forms have distinct names (for search) and belong to one
of ``units`` units (for filters). ``make_corpus(folder, forms=10_000)`` writes files until
the corpus holds at least that many forms and checks that each variant reads back with
the same number of forms and indicators as its original.
"""

from __future__ import annotations

from pathlib import Path

import jixiao

ROOT = Path(__file__).resolve().parent.parent


def _originals() -> list[tuple[Path, str, list[str], list[str], int, int]]:
    out = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        doc = jixiao.parse(path)
        names = sorted({f.project.name for f in doc.forms if f.project.name}, key=len, reverse=True)
        units = sorted({f.project.implementing_unit for f in doc.forms if f.project.implementing_unit}, key=len, reverse=True)
        n_ind = sum(len(f.indicators) for f in doc.forms)
        out.append((path, path.read_text(encoding="utf-8"), names, units, len(doc.forms), n_ind))
    return out


def variant(text: str, names: list[str], units: list[str], k: int, n_units: int) -> str:
    for name in names:
        text = text.replace(name, f"{name}{k:05d}号")
    for unit in units:
        text = text.replace(unit, f"{unit}{k % n_units:02d}分部")
    return text


def make_corpus(folder: Path, forms: int = 10_000, units: int = 50, check: bool = True) -> tuple[int, int]:
    """Write variants into ``folder``; returns (files, forms)."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = _originals()
    n_files = n_forms = k = 0
    while n_forms < forms:
        for path, text, names, unit_names, n_f, n_ind in originals:
            if n_forms >= forms:
                break
            body = variant(text, names, unit_names, k, units)
            target = folder / f"{path.stem}-{k:05d}.txt"
            target.write_text(body, encoding="utf-8")
            if check and k == 0:
                doc = jixiao.parse(target)
                got = (len(doc.forms), sum(len(f.indicators) for f in doc.forms))
                if got != (n_f, n_ind):
                    raise SystemExit(f"variant of {path.name} reads as {got}, expected {(n_f, n_ind)}")
            n_files += 1
            n_forms += n_f
        k += 1
    return n_files, n_forms


if __name__ == "__main__":
    import sys

    print(make_corpus(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
