"""The parser against the hand-written golden files, field by field.

Every difference is listed (path: expected != got), so a failure reads as a diff of
the printed document against what jixiao read. See tests/golden/README.md for how
the goldens were written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jixiao
from goldens import diff_into as _diff

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted(p.stem for p in GOLDEN.glob("*.json"))

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score")


def compare(expected: dict, got: dict) -> list[str]:
    out: list[str] = []
    for k in ("schema", "title"):
        _diff(expected[k], got[k], k, out)
    _diff(expected["source"]["sha256"], got["source"]["sha256"], "source.sha256", out)
    _diff(expected["source"]["format"], got["source"]["format"], "source.format", out)
    ef, gf = expected["forms"], got["forms"]
    if len(ef) != len(gf):
        out.append(f"forms: expected {len(ef)} forms, got {len(gf)}")
    for i, (e, g) in enumerate(zip(ef, gf)):
        p = f"forms[{i}]({e['project']['name']})"
        for k in FORM_KEYS:
            _diff(e[k], g[k], f"{p}.{k}", out)
        ei, gi = e["indicators"], g["indicators"]
        if len(ei) != len(gi):
            out.append(f"{p}.indicators: expected {len(ei)}, got {len(gi)}")
        for j, (a, b) in enumerate(zip(ei, gi)):
            q = f"{p}.indicators[{j}](line {a['where']['line']} {a['name']})"
            for k in INDICATOR_KEYS:
                _diff(a[k], b[k], f"{q}.{k}", out)
            _diff(a["where"]["line"], b["where"]["line"], f"{q}.where.line", out)
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_matches_golden(seed: str) -> None:
    expected = json.loads((GOLDEN / f"{seed}.json").read_text(encoding="utf-8"))
    got = jixiao.parse(EXAMPLES / f"{seed}.txt").to_json_dict()
    differences = compare(expected, got)
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences)


def test_all_five_seeds_have_goldens() -> None:
    assert len(SEEDS) == 5
    assert sum(len(json.loads((GOLDEN / f"{s}.json").read_text())["forms"]) for s in SEEDS) == 24


def test_compare_reports_every_difference() -> None:
    """The comparator itself: a changed value and a missing key are both listed."""
    expected = {"schema": "jixiao/v1", "title": "T", "source": {"sha256": "x", "format": "text"}, "forms": []}
    got = {"schema": "jixiao/v1", "title": "U", "source": {"sha256": "y", "format": "text"}, "forms": []}
    assert compare(expected, got) == ["title: expected 'T' != got 'U'", "source.sha256: expected 'x' != got 'y'"]
