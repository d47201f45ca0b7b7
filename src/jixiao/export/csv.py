"""CSV export: one row per indicator with the form's key fields.

UTF-8 with a byte-order mark (Excel then opens Chinese correctly), a header row of
stable English column names (:data:`COLUMNS`), ``\\r\\n`` line ends. Safe against
spreadsheet formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a leading ``'`` so that a spreadsheet shows it as text
instead of running it. Numbers (amounts, parsed values, weights) are written as plain
numbers.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Document
from .layout import fmt_number

COLUMNS = [
    "source", "document_title", "form_index", "kind", "fiscal_year",
    "project_name", "department", "department_code", "implementing_unit", "annual_funds_yuan",
    "indicator_index", "level1", "level2", "name", "category", "subcategory",
    "target_raw", "target_op", "target_value", "target_high", "target_unit", "target_kind",
    "actual_raw", "weight", "score", "where_page", "where_line", "where_cell",
]
_RISKY = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """A cell as written: numbers plain, text with a leading ``'`` where a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fmt_number(float(value)) if isinstance(value, float) else str(value)
    text = str(value)
    if text.startswith(_RISKY):
        return "'" + text
    return text


def rows(doc: Document) -> Iterator[list[str]]:
    """The data rows (without the header) for one document."""
    for fi, form in enumerate(doc.forms, start=1):
        p = form.project
        head = [doc.source.path, doc.title, fi, form.kind, form.fiscal_year, p.name, p.department, p.department_code,
                p.implementing_unit, form.funds.annual]
        for ii, ind in enumerate(form.indicators, start=1):
            t, a = ind.target, ind.actual
            cells = head + [
                ii, ind.level1, ind.level2, ind.name, ind.category, ind.subcategory,
                t.raw if t else None, t.op if t else None, t.value if t else None, t.high if t else None,
                t.unit if t else None, t.kind if t else None,
                a.raw if a else None, ind.weight, ind.score, ind.where.page, ind.where.line, ind.where.cell,
            ]
            yield [neutralise(c) for c in cells]


def write_csv(doc: Document, path: str | os.PathLike[str]) -> Path:
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(COLUMNS)
        w.writerows(rows(doc))
    return out
