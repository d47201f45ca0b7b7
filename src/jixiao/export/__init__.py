"""Export the jixiao/v1 model back to the official layouts.

``jixiao export FILE... --to xlsx|docx|pdf|csv|json`` (see :mod:`jixiao.cli`) and the
functions below write one document:

* :func:`write_xlsx` — one sheet per form, merged cells, A4 portrait (openpyxl);
* :func:`write_docx` — one section (page) per form, a Word table each (python-docx);
* :func:`write_pdf` — the Word file converted by LibreOffice (``soffice --headless``);
* :func:`write_csv` — one row per indicator, UTF-8 with BOM, safe against formula injection;
* :func:`write_json` — the contract, as ``jixiao parse --json`` prints it.

The layout all of them share is :mod:`jixiao.export.layout`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import ReadError
from ..model import Document

FORMATS = ("xlsx", "docx", "pdf", "csv", "json")


class ExportError(ReadError):
    """A document could not be exported; same shape as :class:`jixiao.ReadError` (code, 中文 / English, hint)."""


def needs_libreoffice() -> ExportError:
    return ExportError(
        "needs-libreoffice",
        "导出 PDF 需要 LibreOffice（未找到 soffice 命令）",
        "PDF export needs LibreOffice (no `soffice` on PATH)",
        "请安装 LibreOffice（如 apt-get install libreoffice-writer，或运行项目的安装脚本），"
        "或设置环境变量 JIXIAO_SOFFICE 指向 soffice；也可以先导出 docx / install LibreOffice, or export docx instead.",
    )


def conversion_failed(detail: str) -> ExportError:
    return ExportError(
        "pdf-conversion-failed",
        "LibreOffice 转换 PDF 失败",
        f"LibreOffice could not convert the document to PDF ({detail})",
        "请检查 LibreOffice 能否正常运行（soffice --headless --version），或先导出 docx。",
    )


def write_json(doc: Document, path: str | os.PathLike[str]) -> Path:
    """The jixiao/v1 contract, exactly as ``jixiao parse FILE --json`` prints it."""
    out = Path(path)
    out.write_text(json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def write_xlsx(doc: Document, path: str | os.PathLike[str]) -> Path:
    from .xlsx import write_xlsx as _w

    return _w(doc, path)


def write_docx(doc: Document, path: str | os.PathLike[str]) -> Path:
    from .docx import write_docx as _w

    return _w(doc, path)


def write_pdf(doc: Document, path: str | os.PathLike[str], *, timeout: float = 120.0) -> Path:
    from .pdf import write_pdf as _w

    return _w(doc, path, timeout=timeout)


def write_csv(doc: Document, path: str | os.PathLike[str]) -> Path:
    from .csv import write_csv as _w

    return _w(doc, path)


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf, "csv": write_csv, "json": write_json}


def export(doc: Document, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` as ``fmt`` (one of :data:`FORMATS`) to ``path``."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return WRITERS[fmt](doc, path)


export_document = export  # the name the round-trip tests use

__all__ = ["FORMATS", "ExportError", "export", "export_document", "needs_libreoffice", "write_csv", "write_docx", "write_json", "write_pdf", "write_xlsx"]
