"""The parser against hand-written samples in layouts the seeds do not have.

Each ``tests/samples/<name>.<txt|md>`` has ``<name>.expected.json``, written by hand
from the printed text (see tests/samples/README.md). Expectations are partial: only
the keys an expected file names are compared, and every difference is listed
(path: expected != got), like tests/test_golden.py.

Expected file::

    {"title": ..., "format": "text",            # optional
     "forms": [{"kind": ..., "fiscal_year": ...,
                "project": {...}, "funds": {...}, "goals": {...},   # partial dicts
                "indicators": [
                    [level1, level2, name, category, subcategory,
                     target_raw, target_op, target_value, target_unit,
                     {optional: target_kind, target_high, target_text,
                      actual_raw, actual_op, actual_value, actual_unit, actual_kind,
                      weight, score}],
                    ...]}]}

``target_raw`` null means the target cell is empty (``target`` must be null);
``actual_raw`` null likewise for ``actual``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jixiao

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "samples"
CASES = sorted(
    p for p in SAMPLES.iterdir() if p.is_file() and p.suffix in {".txt", ".md"} and p.name != "README.md"
) if SAMPLES.is_dir() else []

ROW_KEYS = ("level1", "level2", "name", "category", "subcategory", "target.raw", "target.op", "target.value", "target.unit")
EXTRA_KEYS = {
    "target_kind": "target.kind",
    "target_high": "target.high",
    "target_text": "target.text",
    "actual_raw": "actual.raw",
    "actual_op": "actual.op",
    "actual_value": "actual.value",
    "actual_unit": "actual.unit",
    "actual_kind": "actual.kind",
    "weight": "weight",
    "score": "score",
}


def _same(expected, got) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and isinstance(got, (int, float)):
        return abs(float(expected) - float(got)) <= 1e-6
    return expected == got


def _get(obj: dict, dotted: str):
    cur = obj
    for part in dotted.split("."):
        if cur is None:
            return None
        cur = cur.get(part)
    return cur


def _partial(expected: dict, got: dict | None, path: str, out: list[str]) -> None:
    """Compare only the keys ``expected`` names (recursively for dicts, exactly for ``extra``)."""
    got = got or {}
    for k, ev in expected.items():
        gv = got.get(k, "<missing>")
        if isinstance(ev, dict) and k != "extra":
            _partial(ev, gv if isinstance(gv, dict) else {}, f"{path}.{k}", out)
        elif not _same(ev, gv):
            out.append(f"{path}.{k}: expected {ev!r} != got {gv!r}")


def _indicator(exp: list, got: dict, path: str, out: list[str]) -> None:
    extra = exp[9] if len(exp) > 9 else {}
    for key, ev in zip(ROW_KEYS, exp[:9]):
        if key.startswith("target.") and exp[5] is None:
            continue
        gv = _get(got, key)
        if not _same(ev, gv):
            out.append(f"{path}.{key}: expected {ev!r} != got {gv!r}")
    if exp[5] is None and got.get("target") is not None:
        out.append(f"{path}.target: expected null != got {got['target'].get('raw')!r}")
    for k, ev in extra.items():
        dotted = EXTRA_KEYS[k]
        if k == "actual_raw" and ev is None:
            if got.get("actual") is not None:
                out.append(f"{path}.actual: expected null != got {got['actual'].get('raw')!r}")
            continue
        gv = _get(got, dotted)
        if not _same(ev, gv):
            out.append(f"{path}.{dotted}: expected {ev!r} != got {gv!r}")


def _pair_forms(ef: list[dict], gf: list[dict]) -> list[tuple[dict, dict | None]]:
    """Pair expected and parsed forms: by index when the counts agree, else by project name."""
    if len(ef) == len(gf):
        return list(zip(ef, gf))
    used: set[int] = set()
    pairs = []
    for i, e in enumerate(ef):
        name = e.get("project", {}).get("name")
        j = next((j for j, g in enumerate(gf) if j not in used and name and g["project"]["name"] == name), None)
        if j is None and i < len(gf) and i not in used and not (name and gf[i]["project"]["name"]):
            j = i
        if j is not None:
            used.add(j)
        pairs.append((e, gf[j] if j is not None else None))
    return pairs


def compare(expected: dict, got: dict) -> list[str]:
    out: list[str] = []
    if "title" in expected and expected["title"] != got["title"]:
        out.append(f"title: expected {expected['title']!r} != got {got['title']!r}")
    if "format" in expected and expected["format"] != got["source"]["format"]:
        out.append(f"source.format: expected {expected['format']!r} != got {got['source']['format']!r}")
    ef, gf = expected["forms"], got["forms"]
    if len(ef) != len(gf):
        out.append(
            f"forms: expected {len(ef)} forms, got {len(gf)} "
            f"(got names {[f['project']['name'] for f in gf]!r})"
        )
    for i, (e, g) in enumerate(_pair_forms(ef, gf)):
        p = f"forms[{i}]({e.get('project', {}).get('name')})"
        if g is None:
            continue
        for k in ("kind", "fiscal_year"):
            if k in e and e[k] != g[k]:
                out.append(f"{p}.{k}: expected {e[k]!r} != got {g[k]!r}")
        for k in ("project", "funds", "goals"):
            if k in e:
                _partial(e[k], g[k], f"{p}.{k}", out)
        ei, gi = e.get("indicators"), g["indicators"]
        if ei is None:
            continue
        if len(ei) != len(gi):
            exp_names = [r[2] for r in ei]
            got_names = [r["name"] for r in gi]
            out.append(
                f"{p}.indicators: expected {len(ei)}, got {len(gi)}; "
                f"missing {[n for n in exp_names if n not in got_names]!r}, "
                f"unexpected {[n for n in got_names if n not in exp_names]!r}"
            )
        for j, (a, b) in enumerate(zip(ei, gi)):
            _indicator(a, b, f"{p}.indicators[{j}]({a[2]})", out)
    return out


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_sample_matches_expected(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    got = jixiao.parse(path).to_json_dict()
    differences = compare(expected, got)
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences)


def test_every_sample_has_an_expectation() -> None:
    assert len(CASES) >= 10
    for p in CASES:
        assert p.with_name(p.stem + ".expected.json").is_file(), p.name


def test_compare_lists_differences() -> None:
    """The comparator itself: partial keys, indicator rows and counts."""
    got = {
        "title": "T", "source": {"format": "text"},
        "forms": [{"kind": "declaration", "fiscal_year": 2024, "project": {"name": "P", "department": None},
                   "funds": {"annual": 1.0}, "goals": {},
                   "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "n", "category": "产出指标",
                                   "subcategory": "数量指标", "target": {"raw": "≥1个", "op": ">=", "value": 1.0,
                                   "unit": "个", "kind": "number"}, "actual": None, "weight": None, "score": None}]}],
    }
    expected = {
        "title": "T",
        "forms": [{"kind": "declaration", "project": {"department": "D"}, "funds": {"annual": 1},
                   "indicators": [["产出指标", "数量指标", "n", "产出指标", "数量指标", "≥1个", ">=", 1, "次", {"weight": 5}]]}],
    }
    assert compare(expected, got) == [
        "forms[0](None).project.department: expected 'D' != got None",
        "forms[0](None).indicators[0](n).target.unit: expected '次' != got '个'",
        "forms[0](None).indicators[0](n).weight: expected 5 != got None",
    ]
