"""Excel export (openpyxl): one sheet per form in the official layout.

Each sheet: the document title (first sheet only), the heading and ``(YYYY年度)`` as
rows merged across the table, then the table of :mod:`.layout` with its merged cells,
thin borders, bold labels and headers, wrapped text, column widths for Chinese text,
estimated row heights (Excel does not fit merged cells), A4 portrait fitted to the page
width. Amounts are numbers with a ``#,##0.00`` format; every text is stored as text —
a cell that starts with ``=`` is never a formula, and cells that start with ``=``,
``+``, ``-`` or ``@`` carry Excel's quote prefix.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Document
from .layout import FormLayout, LCell, layout_document, row_heights

FONT_NAME = "宋体"
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_RISKY = ("=", "+", "-", "@", "\t", "\r")

_FONTS = {
    "title": Font(name=FONT_NAME, size=16, bold=True),
    "heading": Font(name=FONT_NAME, size=16, bold=True),
    "year": Font(name=FONT_NAME, size=12),
    "bold": Font(name=FONT_NAME, size=10.5, bold=True),
    "plain": Font(name=FONT_NAME, size=10.5),
}


def _alignment(cell: LCell) -> Alignment:
    if cell.role in ("caption", "header"):
        return Alignment(horizontal="center", vertical="center", wrap_text=True)
    if cell.role == "label":
        return Alignment(horizontal="center", vertical="center", wrap_text=True)
    if cell.role in ("amount", "number"):
        return Alignment(horizontal="right", vertical="center", wrap_text=True)
    return Alignment(horizontal="left", vertical="center", wrap_text=True)


def set_text(target, text: str) -> None:
    """Store ``text`` as a text cell, never a formula (formula injection)."""
    target.value = text
    if text.startswith(_RISKY):
        target.data_type = "s"
        target.quotePrefix = True


def write_sheet(ws: Worksheet, lay: FormLayout) -> None:
    ncols = lay.ncols
    for k, w in enumerate(lay.widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
    # lines above the table
    r0 = 1
    for text, kind in lay.preamble:
        c = ws.cell(row=r0, column=1)
        set_text(c, text)
        c.font = _FONTS[kind]
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if ncols > 1:
            ws.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=ncols)
        ws.row_dimensions[r0].height = 24 if kind != "year" else 18
        r0 += 1
    top = r0  # first table row on the sheet
    # borders on every position of the grid (merged areas included, so Excel draws them)
    for r in range(lay.nrows):
        for k in range(ncols):
            ws.cell(row=top + r, column=k + 1).border = BORDER
    for cell in lay.cells:
        target = ws.cell(row=top + cell.row, column=cell.col + 1)
        if cell.number is not None:
            target.value = cell.number
            target.number_format = cell.number_format or "#,##0.00"
        elif cell.text:
            set_text(target, cell.text)
        target.font = _FONTS["bold" if cell.role in ("label", "caption", "header") else "plain"]
        target.alignment = _alignment(cell)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=top + cell.row, start_column=cell.col + 1, end_row=top + cell.last_row, end_column=cell.last_col + 1)
    for r, h in enumerate(row_heights(lay)):
        ws.row_dimensions[top + r].height = h
    # print setup: A4 portrait, fitted to the page width, centred
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{get_column_letter(ncols)}{top + lay.nrows - 1}"


def build_workbook(doc: Document) -> Workbook:
    wb = Workbook()
    layouts = layout_document(doc)
    first = wb.active
    for i, lay in enumerate(layouts):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = lay.sheet_name
        write_sheet(ws, lay)
    if not layouts:
        first.title = "表1"
    wb.properties.title = doc.title or (layouts[0].sheet_name if layouts else None)
    wb.properties.creator = "jixiao"
    return wb


def write_xlsx(doc: Document, path: str | os.PathLike[str]) -> Path:
    out = Path(path)
    build_workbook(doc).save(out)
    return out
