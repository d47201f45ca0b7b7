"""Word export (python-docx): one A4 portrait section per form, the form as one table.

Each section starts on a new page: the document title (first form only) and the heading
in bold, ``(YYYY年度)``, then the table of :mod:`.layout` — merged cells (``cell.merge``)
for the captions, labels spanning columns and the 一级/二级 groups, bold labels and
headers, thin borders (``Table Grid``). The body font is a CJK one set as the east-asian
font of the styles (宋体 by default; the PDF export passes a font the machine has).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.shared import Mm, Pt
from docx.table import _Cell

from ..model import Document
from .layout import FormLayout, LCell, layout_document, row_heights, wrap_safe

DEFAULT_FONT = "宋体"
LATIN_FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = 18
BODY_PT = 10.5  # 五号: paragraphs
TABLE_PT = 9  # 小五: the table, as the published forms print it
HEADING_PT = 16  # 三号
CELL_PADDING_MM = 3.8  # Word's default left + right cell margins
MAX_UNSPLIT_LINES = 40  # rows up to this many (estimated) lines are kept on one page


def _set_font(style_or_run, name: str, east_asia: str) -> None:
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:eastAsia"), east_asia)


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(20)


def _paragraph(doc: WordDocument, text: str, kind: str, prep: Callable[[str, float], str]) -> None:
    text = prep(text, 20.0)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(6)
    run = p.add_run(text)
    if kind in ("title", "heading"):
        run.bold = True
        run.font.size = Pt(HEADING_PT)
    else:
        run.font.size = Pt(12)


def _fill(cell, lc: LCell, prep: Callable[[str, float], str], width_mm: float) -> None:
    para = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:  # merged cells bring their empty paragraphs along
        extra._element.getparent().remove(extra._element)
    if lc.text:
        # what fits on one line of the cell, in display units (a CJK character is 2)
        capacity = max(4.0, (width_mm - CELL_PADDING_MM) / (TABLE_PT * 0.3528) * 2)
        run = para.add_run(prep(lc.text, capacity * 0.8))
        run.bold = lc.role in ("label", "caption", "header")
        run.font.size = Pt(TABLE_PT)
    if lc.role in ("label", "caption", "header"):
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif lc.role in ("amount", "number"):
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(doc: WordDocument, lay: FormLayout, prep: Callable[[str, float], str]) -> None:
    """The form's table. Merges are written directly (``w:gridSpan``, ``w:vMerge``), as
    ``cell.merge`` does, without python-docx walking the whole table for every cell."""
    table = doc.add_table(rows=lay.nrows, cols=lay.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable = PAGE_WIDTH_MM - 2 * MARGIN_MM
    total = sum(lay.widths)
    mm = [usable * w / total for w in lay.widths]
    for k, col in enumerate(table.columns):
        col.width = Mm(mm[k])
    grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]  # the cell elements by grid position
    for tcs in grid:
        for k, tc in enumerate(tcs):
            tc.width = Mm(mm[k])
    # a row never breaks across pages (a reader of the PDF would see half a row), unless
    # it is too tall for one page
    for tr, height in zip(table._tbl.tr_lst, row_heights(lay, line_height=1.0, padding=0.0)):
        if height <= MAX_UNSPLIT_LINES:
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for lc in lay.cells:
        width = sum(mm[lc.col : lc.last_col + 1])
        for r in range(lc.row, lc.last_row + 1):
            tc = grid[r][lc.col]
            if lc.colspan > 1:
                tc.grid_span = lc.colspan
                tc.width = Mm(width)
                for k in range(lc.col + 1, lc.last_col + 1):
                    grid[r][k].getparent().remove(grid[r][k])
            if lc.rowspan > 1:
                tc.vMerge = ST_Merge.RESTART if r == lc.row else ST_Merge.CONTINUE
        _fill(_Cell(grid[lc.row][lc.col], table), lc, prep, width)


def _same(text: str, limit: float = 0.0) -> str:
    return text


def build_document(doc: Document, *, font: str = DEFAULT_FONT, for_pdf: bool = False) -> WordDocument:
    """The Word document; ``for_pdf`` keeps line wraps undoable (:func:`.layout.wrap_safe`)."""
    prep = wrap_safe if for_pdf else _same
    word = new_document()
    normal = word.styles["Normal"]
    _set_font(normal, LATIN_FONT, font)
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    try:
        _set_font(word.styles["Table Grid"], LATIN_FONT, font)
    except KeyError:  # pragma: no cover - the default template has it
        pass
    word.core_properties.title = doc.title or ""
    word.core_properties.author = "jixiao"
    layouts = layout_document(doc)
    for i, lay in enumerate(layouts):
        section = word.sections[0] if i == 0 else word.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section)
        for text, kind in lay.preamble:
            _paragraph(word, text, kind, prep)
        _table(word, lay, prep)
    if not layouts:
        _page_setup(word.sections[0])
    return word


def write_docx(doc: Document, path: str | os.PathLike[str], *, font: str = DEFAULT_FONT, for_pdf: bool = False) -> Path:
    out = Path(path)
    build_document(doc, font=font, for_pdf=for_pdf).save(str(out))
    return out
