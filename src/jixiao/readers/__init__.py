"""Readers: one per input format, each producing a :class:`~jixiao.grid.Grid`.

The format is recognised from the bytes (signatures and content), not from the file
name. Every reader follows the same conventions (see :mod:`jixiao.grid`), so the one
form recognizer reads them all:

* paragraphs outside tables (titles, ``(2024年度)``) are single-cell rows, in reading order;
* every table row lists one cell per grid column; a vertically merged cell repeats its
  text in the covered positions (``covered=True``), a horizontally merged one leaves
  them empty;
* ``Row.table`` numbers the source tables, ``Row.page``/``Cell.page`` the pages (PDF) and
  ``Cell.ref`` says where a person finds the cell.

Readers raise :class:`jixiao.errors.ReadError` for scanned PDFs without a text layer,
encrypted or corrupt files, and formats they cannot handle.
"""

from __future__ import annotations

import zipfile
from importlib import import_module
from io import BytesIO

from .. import errors
from ..grid import Grid
from .decode import decode, sniff_binary
from .text import read_text


def detect_format(data: bytes) -> str:
    """``pdf``, ``docx``, ``xlsx``, ``doc``, ``xls``, ``html`` or ``text`` (markdown is text)."""
    if data.startswith(b"%PDF") or data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, OSError):
            raise errors.ReadError("corrupt", "压缩文件已损坏（DOCX/XLSX 无法打开）", "corrupt ZIP container (DOCX/XLSX)", "请重新导出或下载该文件。") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise errors.binary_file("ZIP")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        head = data[:1 << 16]
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data[: 1 << 20]:
            return "doc"
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[: 1 << 20] or b"B\x00o\x00o\x00k" in head:
            return "xls"
        return "xls"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and b"<table" in data.lower():
        return "html"
    if b"<table" in data[: 1 << 20].lower() and b"</td>" in data[: 1 << 20].lower():
        return "html"
    return "text"


_NATIVE = {
    "pdf": ("pdf", "read_pdf"),
    "docx": ("docx", "read_docx"),
    "doc": ("docx", "read_doc"),
    "xlsx": ("xlsx", "read_xlsx"),
    "xls": ("xlsx", "read_xls"),
}


def read_bytes(data: bytes) -> Grid:
    """Read ``data`` in whatever supported format it is. Raises :class:`jixiao.errors.ReadError`."""
    fmt = detect_format(data)
    if fmt in _NATIVE:
        module, func = _NATIVE[fmt]
        try:
            reader = getattr(import_module(f".{module}", __name__), func)
        except (ImportError, AttributeError):
            raise errors.binary_file(fmt.upper()) from None
        return reader(data)
    if fmt == "html":
        try:
            from .html import read_html
        except ImportError:
            read_html = None
        text, _ = decode(data)
        if read_html is not None:
            return read_html(text)
    else:
        text, _encoding = decode(data)
    return read_text(text)


__all__ = ["read_bytes", "read_text", "decode", "detect_format", "sniff_binary"]
