"""Round trip as the proof: model -> xlsx/docx/pdf -> read -> the same model, for every example form."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.model import Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))

FORM_KEYS = ("kind", "fiscal_year", "project", "funds", "goals")
INDICATOR_KEYS = ("level1", "level2", "name", "category", "subcategory", "target", "actual", "weight", "score",
                  "target_longterm", "deviation_reason")


def differences(a: Document, b: Document) -> list[str]:
    """Every field that differs between two documents (positions and warnings aside)."""
    out: list[str] = []
    da, db = a.to_json_dict(), b.to_json_dict()
    if da["title"] != db["title"]:
        out.append(f"title: {da['title']!r} != {db['title']!r}")
    if len(da["forms"]) != len(db["forms"]):
        out.append(f"forms: {len(da['forms'])} != {len(db['forms'])}")
    for i, (fa, fb) in enumerate(zip(da["forms"], db["forms"])):
        p = f"forms[{i}]({fa['project']['name']})"
        for k in FORM_KEYS:
            if isinstance(fa[k], dict):
                for kk in sorted(set(fa[k]) | set(fb[k])):
                    if fa[k].get(kk) != fb[k].get(kk):
                        out.append(f"{p}.{k}.{kk}: {fa[k].get(kk)!r} != {fb[k].get(kk)!r}")
            elif fa[k] != fb[k]:
                out.append(f"{p}.{k}: {fa[k]!r} != {fb[k]!r}")
        if len(fa["indicators"]) != len(fb["indicators"]):
            out.append(f"{p}.indicators: {len(fa['indicators'])} != {len(fb['indicators'])}")
        for j, (ia, ib) in enumerate(zip(fa["indicators"], fb["indicators"])):
            for k in INDICATOR_KEYS:
                if ia[k] != ib[k]:
                    out.append(f"{p}.indicators[{j}]({ia['name']}).{k}: {ia[k]!r} != {ib[k]!r}")
    return out


def test_differences_lists_changed_fields() -> None:
    doc = jixiao.parse(EXAMPLES[0])
    other = doc.model_copy(deep=True)
    other.forms[0].indicators[0].name = "改过的名称"
    other.forms[0].funds.total = 1.0
    assert differences(doc, other) == [
        "forms[0](城市日宣传推广).funds.total: 2800000.0 != 1.0",
        "forms[0](城市日宣传推广).indicators[0](预算资金到位率).name: '预算资金到位率' != '改过的名称'",
    ]


def _export(doc: Document, fmt: str, tmp_path: Path) -> Path:
    from jixiao.export import export_document

    target = tmp_path / f"out.{fmt}"
    export_document(doc, fmt, target)
    return target


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem[:3] for p in EXAMPLES])
def test_round_trip(path: Path, fmt: str, tmp_path: Path) -> None:
    doc = jixiao.parse(path)
    again = jixiao.parse(_export(doc, fmt, tmp_path))
    diff = differences(doc, again)
    assert not diff, f"{len(diff)} differences after {fmt} round trip:\n" + "\n".join(diff)
