"""Exporting one stored form in the official layouts (xlsx, docx, pdf) or as csv / json.

The form is exported as a one-form document with its stored document's source (file
name, SHA-256, format). A scored form prints the method's 分值, 得分, total and grade
(:func:`jixiao.scoring.view.scored_view`), as ``jixiao score --format xlsx`` does.

Spreadsheet formula injection: jixiao's own exporters already neutralise text that a
spreadsheet would run — the CSV writer prefixes ``'`` to a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (:func:`jixiao.export.csv.neutralise`), and the
XLSX writer stores such text as a string cell with Excel's quote prefix
(:func:`jixiao.export.xlsx.set_text`: the cell shows ``'=1+1`` in the formula bar and
never evaluates). The API uses them unchanged, so ``jixiao export`` and the API write
the same bytes for the same form.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from ...export import ExportError, export
from ...model import Document, Source
from ...scoring.view import scored_view
from ..documents import form_model
from ..tables import StoredForm
from .errors import Unavailable

FORMATS = ("xlsx", "docx", "pdf", "csv", "json")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def form_document(row: StoredForm) -> Document:
    """The stored form as a one-form jixiao/v1 document."""
    stored = row.document
    return Document(source=Source(path=stored.filename, sha256=stored.sha256, format=stored.format),  # type: ignore[arg-type]
                    title=stored.title, forms=[form_model(row)])


def export_filename(row: StoredForm, fmt: str) -> str:
    """``<project name>-<id>.<ext>``, without characters file systems refuse."""
    base = _UNSAFE_NAME.sub("_", (row.name or "绩效表").strip())[:80].strip(" ._") or "绩效表"
    return f"{base}-{row.id}.{fmt}"


def export_form(row: StoredForm, fmt: str) -> tuple[bytes, str, str]:
    """``(content, filename, media type)`` of the form in ``fmt`` (one of :data:`FORMATS`)."""
    doc = form_document(row)
    if fmt == "json":
        data = (json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return data, export_filename(row, fmt), MEDIA_TYPES[fmt]
    if fmt in ("xlsx", "docx", "pdf") and any(f.evaluation for f in doc.forms):
        doc = scored_view(doc)
    with tempfile.TemporaryDirectory(prefix="jixiao-export-") as tmp:
        target = Path(tmp) / f"form.{fmt}"
        try:
            export(doc, fmt, target)
        except ExportError as exc:
            raise Unavailable(exc.code, exc.zh + (f"。{exc.hint}" if exc.hint else ""), exc.en) from None
        return target.read_bytes(), export_filename(row, fmt), MEDIA_TYPES[fmt]
