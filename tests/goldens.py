"""Shared by the golden-file tests: load a hand-written golden and list field differences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent / "golden"


def load_golden(stem: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))


def field_differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """Every field that differs, as ``path: expected X != got Y`` (floats compared to 1e-6)."""
    out: list[str] = []
    diff_into(expected, got, path, out)
    return out


def diff_into(expected: Any, got: Any, path: str, out: list[str]) -> None:
    if isinstance(expected, dict) and isinstance(got, dict):
        for k in sorted(set(expected) | set(got)):
            if k not in got:
                out.append(f"{path}.{k}: missing in output (expected {expected[k]!r})")
            elif k not in expected:
                out.append(f"{path}.{k}: unexpected key (got {got[k]!r})")
            else:
                diff_into(expected[k], got[k], f"{path}.{k}", out)
    elif isinstance(expected, float) or isinstance(got, float):
        if expected is None or got is None or abs(float(expected) - float(got)) > 1e-6:
            out.append(f"{path}: expected {expected!r} != got {got!r}")
    elif expected != got:
        out.append(f"{path}: expected {expected!r} != got {got!r}")
