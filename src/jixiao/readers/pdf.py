"""Reader for PDF files with a text layer: pages -> a :class:`~jixiao.grid.Grid`.

How a PDF is read
=================

**Opening.** The bytes are opened with pypdfium2 (PDFium). A file that needs a password
to open is refused (``encrypted``; one with only a permissions password opens and is
read), one PDFium cannot parse is ``corrupt`` (also a page it cannot load, naming the
page); a document with more than :data:`MAX_PAGES` pages is ``too-large`` (the size limit
on the bytes is :func:`jixiao.parse`'s). A document in which no page has any text (only
images, or nothing) is a scan: ``scanned`` — it is never parsed into garbage; OCR comes
later. Nothing but :class:`~jixiao.errors.ReadError` leaves :func:`read_pdf`.

**Finding the form pages.** A 部门预算 PDF holds dozens of other tables (收支总表, 项目支出
预算表 …). The text of every page is read cheaply with PDFium and a page is *selected*
when its text (spaces removed) contains

* an indicator-table word: ``一级指标``, ``二级指标``, ``三级指标``, ``绩效指标`` or ``指标值``; or
* ``项目名称`` together with ``绩效`` (the header block of a form); or
* a form heading (``绩效`` with ``目标``/``自评``/``评价``) when the *next* page is selected
  (a heading printed at the foot of the page before its table).

A 目录 page naming ``项目支出绩效目标表`` or a 项目支出预算表 with a ``项目名称`` column is
thus not selected. A page that is not selected is still read when the page before it was
read and ended inside a table: if the table at the top of the page continues that table
(same left and right edges, column boundaries a subset of one another), its rows are kept
— and only those; the rest of such a page is unrelated content. A continued table may run
over any number of pages. When no page is selected and some pages are images only, the
document is reported as ``scanned`` (the forms are probably in the scanned pages).

**Pages.** Characters (with their loose boxes and font size) and the ruling lines (path
segments that are horizontal or vertical) come from PDFium — an order of magnitude faster
than parsing the page with pdfminer. The ruling lines go through pdfplumber's table
finder (``merge_edges`` → ``edges_to_intersections`` → ``intersections_to_cells`` →
``cells_to_tables``, the "lines" strategy) to give the cells of ruled tables with their
boxes. Page rotation (``/Rotate``) is applied, so positions are as displayed.

* **Ruled tables.** The column grid of a table is the set of its cell edges; a cell
  spanning several grid columns/rows has ``colspan``/``rowspan``. Every grid position of a
  row gets one :class:`~jixiao.grid.Cell`: the anchor cell with its text; a position
  covered by a vertical merge repeats the anchor's text with ``covered=True``; a position
  covered by a horizontal merge is ``Cell("", covered=True)``. The characters of a cell
  are grouped into visual lines and the lines joined as by
  :func:`jixiao.textnorm.join_wrapped`, except that a break between a CJK character (or
  CJK punctuation, ``—``) and a latin one adds no space either: a line break in Chinese
  typesetting is never a space, only one between two latin words is (letters or digits on
  both sides, a letter on one side: ``Shanghai`` / ``Manual``; but ``32`` / ``开1000册`` →
  ``32开1000册``, ``1-`` / ``12月`` → ``1-12月``, ``≥80.00`` / ``(%)`` → ``≥80.00(%)``).
  Spaces printed inside a line are kept.
* **Tables over pages.** A table that continues on the next page (see above) keeps the
  same ``Row.table`` and one column grid for all its pages (the union of the boundaries),
  so that a row has the same number of cells on every page. A merged cell cut by the page
  break (empty at the top of the next page, below a merged cell of the same columns)
  repeats its text there with ``covered=True``. Repeated header rows are kept as rows
  (the recognizer skips them). A row cut by the page break (Word lets rows break across
  pages) is put back together: when every cell with text in the first row of the next
  page continues a cell with text above, and a cell right of one of them that had text
  above has none left (the short value fitted on the first page), its texts are appended
  to the row above.
* **Unruled tables.** Text outside ruled tables is grouped into lines and the lines into
  segments (runs of characters separated by more than about one character's width). A run
  of lines of which at least three have two or more segments is an unruled table (with
  the lines just above it that sit in one of its columns: a cell centred on the first row
  starts above it). Its columns are the left edges of the segments. An indicator header
  line (``三级指标``) is a row of its own and cuts the table into sections.

  *Cells.* In a column, a line continues the cell above it when it follows it directly —
  and, unless the rows are set apart by a clearly larger space than the lines of a cell
  (cell padding, paragraph spacing), when the line above is a wrap: it reaches the
  column's text edge.

  *Rows* are anchored on one column: below an indicator header the value column
  (``…指标值``, one row per line), elsewhere the column with the most cells. The table's
  vertical alignment is read from rows whose cells have different numbers of lines
  (top-aligned cells share their first line, centred ones their centre). Top-aligned: a
  line on a row's first line starts that row's cell and the lines below continue it.
  Centred: a wrapped cell centred on a row's anchor belongs to that row; other lines go to
  the nearest row (ties to the upper one); a wrapped label cut evenly by a row boundary
  stays whole in the upper row. When the 一级/二级 labels are centred on their groups, the
  groups are rebuilt from the centring — each starts after the previous one and ends
  where its label sits at its centre — and the covered rows repeat the label with
  ``covered=True``, as a ruled merged cell would (top-aligned labels need nothing: a label
  covers the rows below it).

  *Pages.* The lines at the top of the next page that sit in the table's columns continue
  it (even a row or two, or the rest of a cell); with top-aligned cells, lines above the
  page's first row are the rest of the previous page's last row.
* **Other text** (titles such as ``财政项目支出绩效目标申报表``, ``(2024年度)``, a 汇总表
  title) becomes single-cell rows (one cell per segment when a line has several; the
  lines of a paragraph wrapped because it is as wide as the page are joined),
  interleaved with the table rows by vertical position. Page numbers in the top and bottom
  margins (``- 3 -``, ``第3页 共9页``) are dropped.

Fake bold (a glyph printed twice, slightly offset) is read once; characters outside the
page are ignored.

**Positions.** ``Row.page``/``Cell.page`` are 1-based page numbers, ``Cell.bbox`` is
``(x0, top, x1, bottom)`` in points from the top-left corner of the displayed page,
``Cell.ref`` is where a person finds the cell: ``第2页 表1 R5C3`` (table number on that
page, row within that table on that page, grid column; a covered position names its
anchor; text outside tables is ``第2页``), ``Row.table`` numbers the tables
of the document from 1 (a continued table keeps its number), ``Row.line`` is ``None`` and
``Row.gap_before`` marks the first row of every page after the first read.
"""

from __future__ import annotations

import ctypes
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass, field

from .. import errors
from ..grid import Cell, Grid, Row

#: Documents with more pages than this are refused (``too-large``).
MAX_PAGES = 5000

_STRONG = ("一级指标", "二级指标", "三级指标", "绩效指标", "指标值")
_HEADING_WORDS = ("目标", "自评", "评价")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’《》（）]")
_PAGE_NUMBER = re.compile(r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)

# tolerances (points)
_SNAP = 3.0  # ruling lines closer than this are one line
_GRID_TOL = 1.5  # cell edges closer than this are one grid boundary
_MATCH_TOL = 3.0  # boundaries of a continued table on the next page
_LOCK = threading.Lock()
_SCAN_TEXT = 30  # a page with fewer characters than this and an image is a scanned page
_MAX_EDGES = 3000  # more ruling segments than this on a page: a drawing, not a table


# ---------------------------------------------------------------------------------------
# errors


def _encrypted() -> errors.ReadError:
    return errors.ReadError(
        "encrypted",
        "PDF 文件已加密，需要密码才能打开",
        "the PDF is encrypted (password required)",
        "请提供未加密的 PDF（在阅读器中输入密码后另存或打印为 PDF），或导出的文本。",
    )


def _corrupt(detail: str = "", where: str | None = None) -> errors.ReadError:
    return errors.ReadError(
        "corrupt",
        "PDF 文件已损坏，无法读取",
        f"corrupt PDF{f' ({detail})' if detail else ''}",
        "请重新导出或下载该文件。",
        where=where,
    )


def _scanned(pages: list[int] | None = None, total: int = 0) -> errors.ReadError:
    hint = "OCR 将在后续版本提供，请提供带文字层的 PDF 或导出的文本。"
    if pages and len(pages) < total:
        zh_span, en_span = _page_span(pages)
        return errors.ReadError(
            "scanned",
            f"扫描件，没有文字层（{zh_span}是图像，其余页面未找到绩效目标表）",
            f"scanned PDF with no text layer ({'pages' if len(pages) > 1 else 'page'} {en_span} "
            f"{'are images' if len(pages) > 1 else 'is an image'}; no form in the other pages)",
            hint,
        )
    return errors.ReadError("scanned", "扫描件，没有文字层", "scanned PDF with no text layer", hint)


def _too_many_pages(n: int) -> errors.ReadError:
    return errors.ReadError(
        "too-large",
        f"PDF 页数过多（{n} 页，上限 {MAX_PAGES} 页）",
        f"too many pages ({n}, limit {MAX_PAGES})",
        "请拆分文件，只保留绩效目标表所在的页面。",
    )


def _page_span(pages: list[int]) -> tuple[str, str]:
    """``第3–5、9页`` and ``3–5, 9`` for a list of page numbers."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs[:6]]
    more = "…" if len(runs) > 6 else ""
    return "第" + "、".join(parts) + more + "页", ", ".join(parts) + more


# ---------------------------------------------------------------------------------------
# PDFium access


def _pdfium():
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    return pdfium, raw


_PDFIUM_ERRORS = {2: "cannot be opened", 3: "not a PDF or damaged structure", 6: "page not found or content error"}


def _open(data: bytes):
    pdfium, raw = _pdfium()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code is None:
            code = raw.FPDF_GetLastError()
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY) or "password" in str(exc).lower():
            raise _encrypted() from None
        raise _corrupt(_PDFIUM_ERRORS.get(code, "unreadable")) from None
    except Exception as exc:  # anything else from the binding: treat as a broken file
        raise _corrupt(type(exc).__name__) from None


@dataclass(slots=True)
class _Geometry:
    """User space -> displayed page (top-left origin, rotation applied)."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    @property
    def width(self) -> float:
        return (self.top - self.bottom) if self.rotation in (90, 270) else (self.right - self.left)

    @property
    def height(self) -> float:
        return (self.right - self.left) if self.rotation in (90, 270) else (self.top - self.bottom)

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x - self.left, self.top - y
        if r == 90:
            return y - self.bottom, x - self.left
        if r == 180:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _geometry(page) -> _Geometry:
    try:
        left, bottom, right, top = page.get_cropbox()
    except Exception:
        left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation not in (0, 90, 180, 270):
        rotation = 0
    return _Geometry(left, bottom, right, top, rotation)


# a character: (x0, top, x1, bottom, size, text)
_Char = tuple


def _chars(page, geo: _Geometry) -> list[_Char]:
    _, raw = _pdfium()
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        out: list[_Char] = []
        rect = raw.FS_RECTF()
        get_unicode = raw.FPDFText_GetUnicode
        generated = raw.FPDFText_IsGenerated
        loose = raw.FPDFText_GetLooseCharBox
        font_size = raw.FPDFText_GetFontSize
        width, height = geo.width, geo.height
        for i in range(n):
            code = get_unicode(tp, i)
            if code < 32 or code in (0xFFFE, 0xFFFF) or generated(tp, i) == 1:
                continue
            if not loose(tp, i, rect):
                continue
            try:
                ch = chr(code)
            except ValueError:
                continue
            x0, top, x1, bottom = geo.box(rect.left, rect.bottom, rect.right, rect.top)
            if x1 < 0 or top > height or x0 > width or bottom < 0:
                continue  # outside the page (clipped away)
            size = font_size(tp, i) or (bottom - top)
            out.append((x0, top, x1, bottom, size, ch))
        return out
    finally:
        textpage.close()


def _edges(page, geo: _Geometry) -> list[dict]:
    """Horizontal and vertical ruling segments of the page, as pdfplumber edge dicts."""
    _, raw = _pdfium()
    out: list[dict] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    fillmode = ctypes.c_int()
    stroke = ctypes.c_int()
    matrix = raw.FS_MATRIX()
    PATH, FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    MOVETO = raw.FPDF_SEGMENT_MOVETO

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = geo.point(*p), geo.point(*q)
        if abs(ay - by) < 1.0 and abs(ax - bx) >= 1.0:
            x0, x1 = min(ax, bx), max(ax, bx)
            t = (ay + by) / 2
            out.append({"x0": x0, "x1": x1, "top": t, "bottom": t, "doctop": t, "width": x1 - x0, "height": 0.0, "orientation": "h", "object_type": "line"})
        elif abs(ax - bx) < 1.0 and abs(ay - by) >= 1.0:
            t, b = min(ay, by), max(ay, by)
            xm = (ax + bx) / 2
            out.append({"x0": xm, "x1": xm, "top": t, "bottom": b, "doctop": t, "width": 0.0, "height": b - t, "orientation": "v", "object_type": "line"})

    def walk(count, get, parent, m: tuple[float, ...], depth: int) -> None:
        for i in range(count(parent)):
            obj = get(parent, i)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (PATH, FORM):
                continue
            if raw.FPDFPageObj_GetMatrix(obj, matrix):
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            else:
                own = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            full = _compose(own, m)
            if kind == FORM:
                if depth < 8:
                    walk(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj, full, depth + 1)
                continue
            if raw.FPDFPath_GetDrawMode(obj, fillmode, stroke) and fillmode.value == 0 and not stroke.value:
                continue  # an invisible path
            a, b, c, d, e, f = full
            start = cur = None
            for s in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, s)
                if not seg or not raw.FPDFPathSegment_GetPoint(seg, x, y):
                    continue
                pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind_s = raw.FPDFPathSegment_GetType(seg)
                if kind_s == MOVETO:
                    start = cur = pt
                    continue
                if kind_s == raw.FPDF_SEGMENT_LINETO and cur is not None:
                    add(cur, pt)
                cur = pt
                if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                    add(cur, start)
                    cur = start

    walk(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page.raw, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return out


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _has_images(page) -> bool:
    _, raw = _pdfium()

    def walk(count, get, parent, depth: int) -> bool:
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj) if obj else None
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                return True
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4 and walk(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj, depth + 1):
                return True
        return False

    return walk(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page.raw, 0)


# ---------------------------------------------------------------------------------------
# text of a set of characters


def _line_groups(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into visual lines (top to bottom), each sorted left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda ch: (ch[1] + ch[3]) / 2)
    lines: list[list[_Char]] = []
    cur: list[_Char] = []
    centre = 0.0
    for ch in ordered:
        cy = (ch[1] + ch[3]) / 2
        if cur and cy - centre > 0.45 * max(ch[4], cur[0][4], 1.0):
            lines.append(cur)
            cur = []
        cur.append(ch)
        centre = cy if len(cur) == 1 else centre + (cy - centre) / len(cur)
    lines.append(cur)
    out: list[list[_Char]] = []
    for ln in lines:
        ln.sort(key=lambda ch: ch[0])
        # fake bold: the same glyph printed twice, slightly offset
        kept = [ln[0]]
        for ch in ln[1:]:
            prev = kept[-1]
            if ch[5] == prev[5] and abs(ch[0] - prev[0]) < 0.25 * max(ch[4], 1.0) and abs(ch[1] - prev[1]) < 0.25 * max(ch[4], 1.0):
                continue
            kept.append(ch)
        out.append(kept)
    return out


def _line_text(line: list[_Char]) -> str:
    """The characters of a line; a gap wider than a quarter of the font size is a space
    that was not drawn as a character (short cells lose it again between CJK characters,
    see :func:`jixiao.textnorm.clean_cell`; prose keeps it)."""
    out: list[str] = []
    prev = None
    for ch in line:
        t = ch[5]
        if prev is not None and not t.isspace() and not prev[5].isspace():
            if ch[0] - prev[2] > 0.25 * max(ch[4], 1.0):
                out.append(" ")
        out.append(t)
        prev = ch
    return "".join(out).strip()


def _text(chars: list[_Char]) -> str:
    return _join_lines([_line_text(ln) for ln in _line_groups(chars)])


def _join_lines(lines: list[str]) -> str:
    """The visual lines of one cell joined: a space only where two latin words meet
    (letters or digits on both sides, a letter on one side at least)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        a, b = out[-1:], line[0]
        if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() and (a.isalpha() or b.isalpha()):
            out += " "
        out += line
    return out


# ---------------------------------------------------------------------------------------
# page content


@dataclass
class _Seg:
    """A run of characters on one line (outside ruled tables)."""

    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _RuledCell:
    bbox: tuple[float, float, float, float]
    r0: int  # first grid row on this page
    r1: int  # one past the last grid row
    text: str = ""


@dataclass
class _PageTable:
    """A ruled table as found on one page."""

    page: int
    number: int  # 1-based table number on the page
    bbox: tuple[float, float, float, float]
    xs: list[float]  # column boundaries (left edges … right edge)
    ys: list[float]  # row boundaries
    cells: list[_RuledCell]
    group: int = -1


@dataclass
class _UnruledTable:
    page: int
    number: int
    bbox: tuple[float, float, float, float]
    lines: list[list[_Seg]]
    group: int = -1


@dataclass
class _Item:
    top: float
    kind: str  # "text" | "ruled" | "unruled"
    segs: list[_Seg] = field(default_factory=list)
    table: _PageTable | _UnruledTable | None = None
    continues: bool = False  # known to continue the table the previous page ended in


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """Index of the boundary nearest to ``v``."""
    i = bisect_right(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


def _ruled_tables(edges: list[dict], page_no: int) -> list[_PageTable]:
    if len(edges) < 4:
        return []
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = merge_edges(edges, _SNAP, _SNAP, _SNAP, _SNAP)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= _SNAP]
    if len(edges) > _MAX_EDGES:  # a drawing, not a form: keep the long rules only
        edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= 20]
        if len(edges) > _MAX_EDGES:
            return []
    if not any(e["orientation"] == "h" for e in edges) or not any(e["orientation"] == "v" for e in edges):
        return []
    cells = intersections_to_cells(edges_to_intersections(edges, _SNAP, _SNAP))
    tables: list[_PageTable] = []
    for group in cells_to_tables(cells):
        xs = _cluster([c[0] for c in group] + [c[2] for c in group], _GRID_TOL)
        ys = _cluster([c[1] for c in group] + [c[3] for c in group], _GRID_TOL)
        if len(xs) < 2 or len(ys) < 2:
            continue
        rc = []
        for c in group:
            r0, r1 = _index(ys, c[1]), _index(ys, c[3])
            if r1 <= r0:
                continue
            rc.append(_RuledCell(bbox=tuple(c), r0=r0, r1=r1))
        bbox = (xs[0], ys[0], xs[-1], ys[-1])
        tables.append(_PageTable(page=page_no, number=0, bbox=bbox, xs=xs, ys=ys, cells=rc))
    return tables


def _fill_cells(tables: list[_PageTable], chars: list[_Char]) -> list[_Char]:
    """Give the ruled cells their text; return the characters outside every cell."""
    owners = []
    for t in tables:
        grid: dict[tuple[int, int], int] = {}
        for k, c in enumerate(t.cells):
            c0, c1 = _index(t.xs, c.bbox[0]), _index(t.xs, c.bbox[2])
            for r in range(c.r0, c.r1):
                for col in range(c0, max(c1, c0 + 1)):
                    grid[(r, col)] = k
        owners.append(grid)
    per_cell: list[list[list[_Char]]] = [[[] for _ in t.cells] for t in tables]
    outside: list[_Char] = []
    for ch in chars:
        cx, cy = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
        placed = False
        for ti, t in enumerate(tables):
            x0, top, x1, bottom = t.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                r = bisect_right(t.ys, cy) - 1
                c = bisect_right(t.xs, cx) - 1
                k = owners[ti].get((min(r, len(t.ys) - 2), min(c, len(t.xs) - 2)))
                if k is not None:
                    per_cell[ti][k].append(ch)
                    placed = True
                break
        if not placed:
            outside.append(ch)
    for ti, t in enumerate(tables):
        for k, c in enumerate(t.cells):
            c.text = _text(per_cell[ti][k])
    return outside


def _segments(chars: list[_Char]) -> list[list[_Seg]]:
    """Lines of segments (runs separated by more than ~one character width)."""
    lines: list[list[_Seg]] = []
    for line in _line_groups(chars):
        segs: list[_Seg] = []
        run: list[_Char] = []
        for ch in line:
            if ch[5].isspace():
                if ch[5] == " " and run:
                    run.append(ch)  # a real space inside a run
                continue
            if run:
                prev = next((c for c in reversed(run) if not c[5].isspace()), run[-1])
                if ch[0] - prev[2] > 0.8 * max(ch[4], prev[4], 1.0):
                    segs.append(_seg(run))
                    run = []
            run.append(ch)
        if run:
            segs.append(_seg(run))
        segs = [s for s in segs if s.text]
        if segs:
            lines.append(segs)
    return lines


def _seg(run: list[_Char]) -> _Seg:
    visible = [c for c in run if not c[5].isspace()] or run
    return _Seg(
        x0=min(c[0] for c in visible),
        top=min(c[1] for c in visible),
        x1=max(c[2] for c in visible),
        bottom=max(c[3] for c in visible),
        size=max(c[4] for c in visible),
        text=_line_text(run),
    )


def _is_furniture(segs: list[_Seg], height: float) -> bool:
    if len(segs) != 1:
        return False
    s = segs[0]
    in_margin = s.top < 0.08 * height or s.bottom > 0.92 * height
    return in_margin and bool(_PAGE_NUMBER.match(s.text.strip()))


def _page_items(chars: list[_Char], edges: list[dict], page_no: int, height: float) -> list[_Item]:
    tables = _ruled_tables(edges, page_no)
    outside = _fill_cells(tables, chars) if tables else chars
    items: list[_Item] = [_Item(top=t.bbox[1], kind="ruled", table=t) for t in tables]
    lines = [ln for ln in _segments(outside) if not _is_furniture(ln, height)]
    width = (max(ch[2] for ch in chars) - min(ch[0] for ch in chars)) if chars else 0.0
    items.extend(_paragraphs(_text_items(lines, page_no), width))
    items.sort(key=lambda it: it.top)
    number = 0
    for it in items:
        if it.table is not None:
            number += 1
            it.table.number = number
    return items


def _paragraphs(items: list[_Item], width: float) -> list[_Item]:
    """Join the lines of a wrapped paragraph (a long title run onto a second line): a line
    as wide as the page's text that is followed closely by a line of the same size."""
    out: list[_Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == it.kind == "text" and len(prev.segs) == len(it.segs) == 1):
            a, b = prev.segs[0], it.segs[0]
            if abs(a.size - b.size) <= 0.5 and 0 <= b.top - a.bottom <= 0.6 * a.size and a.x1 - a.x0 >= 0.8 * width:
                prev.segs = [_Seg(x0=min(a.x0, b.x0), top=a.top, x1=max(a.x1, b.x1), bottom=b.bottom, size=a.size,
                                  text=_join_lines([a.text, b.text]))]
                continue
        out.append(it)
    return out


def _text_items(lines: list[list[_Seg]], page_no: int) -> list[_Item]:
    """Text lines outside ruled tables: runs of multi-segment lines are unruled tables."""
    items: list[_Item] = []
    i = 0
    n = len(lines)
    while i < n:
        if len(lines[i]) < 2:
            items.append(_Item(top=min(s.top for s in lines[i]), kind="text", segs=lines[i]))
            i += 1
            continue
        # a run of lines close to each other, starting with a multi-segment line
        j = i + 1
        last_multi = i
        while j < n:
            size = max(s.size for s in lines[j - 1])
            gap = min(s.top for s in lines[j]) - max(s.bottom for s in lines[j - 1])
            if gap > 2.5 * size:
                break
            if len(lines[j]) >= 2:
                last_multi = j
            elif j - last_multi > 12:
                break
            j += 1
        multi = sum(1 for ln in lines[i : last_multi + 1] if len(ln) >= 2)
        if multi < 3:
            items.append(_Item(top=min(s.top for s in lines[i]), kind="text", segs=lines[i]))
            i += 1
            continue
        end = last_multi + 1
        # wrapped continuations of the last row (single segments right of the first column)
        x_first = min(s.x0 for ln in lines[i:end] for s in ln)
        while end < n and len(lines[end]) == 1 and lines[end][0].x0 > x_first + 2 * lines[end][0].size:
            size = lines[end][0].size
            if lines[end][0].top - max(s.bottom for s in lines[end - 1]) > 1.2 * size:
                break
            end += 1
        block = lines[i:end]
        # a wrapped cell centred on the first row begins above it: take back the single
        # lines right above the run that sit in one of its columns
        anchors = _anchor_columns([s.x0 for ln in block for s in ln])
        while items and items[-1].kind == "text" and len(items[-1].segs) == 1:
            seg = items[-1].segs[0]
            gap = min(s.top for s in block[0]) - seg.bottom
            if gap > 0.6 * seg.size or not any(abs(seg.x0 - a) <= _MATCH_TOL for a in anchors[1:]):
                break
            block.insert(0, items.pop().segs)
        bbox = (min(s.x0 for ln in block for s in ln), min(s.top for ln in block for s in ln),
                max(s.x1 for ln in block for s in ln), max(s.bottom for ln in block for s in ln))
        items.append(_Item(top=bbox[1], kind="unruled", table=_UnruledTable(page=page_no, number=0, bbox=bbox, lines=block)))
        i = end
    return items


# ---------------------------------------------------------------------------------------
# tables over pages


@dataclass
class _Group:
    """One source table of the document: its page pieces share one column grid."""

    index: int
    kind: str
    pieces: list = field(default_factory=list)
    xs: list[float] = field(default_factory=list)  # ruled: column boundaries; unruled: column anchors
    anchor_role: str | None = None  # unruled: "value" when continuing below an indicator header
    value_col: int | None = None
    name_col: int | None = None
    votes: list[int] = field(default_factory=lambda: [0, 0])  # unruled: rows voting top-aligned / centred


def _compatible(a: list[float], b: list[float]) -> bool:
    if abs(a[0] - b[0]) > _MATCH_TOL or abs(a[-1] - b[-1]) > _MATCH_TOL:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(abs(x - y) <= _MATCH_TOL for y in large) for x in small)


def _anchors_match(prev: list[float], new: list[float]) -> bool:
    hits = sum(1 for x in new if any(abs(x - y) <= _MATCH_TOL for y in prev))
    return hits >= 2 and hits >= 0.6 * len(new)


# ---------------------------------------------------------------------------------------
# rows


def _ref(page: int, table: int, row: int, col: int) -> str:
    return f"第{page}页 表{table} R{row}C{col}"


def _ruled_rows(group: _Group) -> list[tuple[int, float, Row]]:
    """(page, top, Row) for every row of a ruled table group, with the group's grid."""
    xs = _cluster([x for p in group.pieces for x in p.xs], _MATCH_TOL)
    ncols = len(xs) - 1
    out: list[tuple[int, float, Row]] = []
    prev_last: dict[tuple[int, int], tuple[str, bool]] = {}  # (c0, c1) -> (text, merged) on the last row of the previous piece
    first = group.pieces[0]
    first_rows = {_row_key(first, r) for r in range(min(len(first.ys) - 1, 3))}
    for piece in group.pieces:
        nrows = len(piece.ys) - 1
        grid: dict[tuple[int, int], tuple[_RuledCell, int, int]] = {}
        for c in piece.cells:
            c0, c1 = _index(xs, c.bbox[0]), _index(xs, c.bbox[2])
            c1 = max(c1, c0 + 1)
            for r in range(c.r0, c.r1):
                for col in range(c0, c1):
                    grid[(r, col)] = (c, c0, c1)
        # merged cells cut by the page break: empty at the top, merged above
        inherited: dict[int, str] = {}
        body = -1
        prev_row = out[-1][2] if out else None
        if prev_last:
            body = _repeated_header_rows(piece, first_rows)
            for c in piece.cells:
                if c.r0 != body or c.text:
                    continue
                c0 = _index(xs, c.bbox[0])
                c1 = max(_index(xs, c.bbox[2]), c0 + 1)
                above = prev_last.get((c0, c1))
                if above and above[0] and (above[1] or c.r1 - c.r0 > 1):
                    inherited[id(c)] = above[0]
        last_row: dict[tuple[int, int], tuple[str, bool]] = {}
        for r in range(nrows):
            cells: list[Cell] = []
            for col in range(ncols):
                hit = grid.get((r, col))
                ref = _ref(piece.page, piece.number, r + 1, col + 1)
                if hit is None:
                    cells.append(Cell(text="", col=col, page=piece.page, ref=ref))
                    continue
                c, c0, c1 = hit
                text = inherited.get(id(c), c.text)
                continued = id(c) in inherited
                if r == c.r0 and col == c0:
                    cells.append(Cell(text=text, col=col, page=piece.page, rowspan=c.r1 - c.r0, colspan=c1 - c0,
                                      ref=ref, bbox=c.bbox, covered=continued))
                elif col == c0:
                    cells.append(Cell(text=text, col=col, page=piece.page, rowspan=c.r1 - c.r0, colspan=c1 - c0,
                                      ref=_ref(piece.page, piece.number, c.r0 + 1, c0 + 1), bbox=c.bbox, covered=True))
                else:
                    cells.append(Cell(text="", col=col, page=piece.page, ref=_ref(piece.page, piece.number, c.r0 + 1, c0 + 1),
                                      bbox=c.bbox, covered=True))
                if r == nrows - 1 and col == c0:
                    last_row[(c0, c1)] = (text, c.r1 - c.r0 > 1 or r > c.r0 or continued)
            row = Row(cells=cells, page=piece.page, table=group.index)
            if r == body and prev_row is not None and _split_row_rest(row, prev_row):
                for cell, above in zip(row.cells, prev_row.cells):
                    if cell.text and not cell.covered:
                        above.text = _join_lines([above.text, cell.text])
                continue
            out.append((piece.page, piece.ys[r], row))
        prev_last = last_row
    return out


def _split_row_rest(row: Row, above: Row) -> bool:
    """Whether the first row of a continued page is the rest of the row above it, cut by
    the page break (a row allowed to break across pages): every cell with text there
    continues a cell with text above, and a cell right of one of them that had text above
    has none left (the short values fitted on the first page; an empty cell on the left
    only is a label merged over rows on both pages)."""
    single = [(c, a) for c, a in zip(row.cells, above.cells) if not c.covered and c.rowspan == 1 and not a.covered]
    filled = [c.col for c, a in single if c.text]
    if not filled or not all(a.text for c, a in single if c.text):
        return False
    return any(a.text and not c.text and c.col > filled[0] for c, a in single)


def _row_key(piece: _PageTable, r: int) -> tuple[str, ...]:
    return tuple(_WS.sub("", c.text) for c in sorted(piece.cells, key=lambda c: c.bbox[0]) if c.r0 == r)


def _repeated_header_rows(piece: _PageTable, first_rows: set[tuple[str, ...]]) -> int:
    """How many rows at the top of a continued piece repeat the table's first rows."""
    k = 0
    while k < len(piece.ys) - 1 and any(_row_key(piece, k)) and _row_key(piece, k) in first_rows:
        k += 1
    return k


_HEADER_NAME = re.compile(r"三级(指标|目标)|指标名称")
_HEADER_VALUE = re.compile(r"指标值|目标值")


def _unruled_rows(group: _Group) -> list[tuple[int, float, Row]]:
    out: list[tuple[int, float, Row]] = []
    for n, piece in enumerate(group.pieces):
        carry: dict[int, list[_Seg]] = {}
        rows = _unruled_piece(group, piece, group.xs, carry if n else None)
        if carry and out:
            # the rest of the previous page's last row, cut by the page break
            last = out[-1][2]
            for col, segs in carry.items():
                cell = last.cells[col]
                cell.text = _join_lines([cell.text] + [s.text for s in sorted(segs, key=lambda s: (s.top, s.x0))])
        out.extend(rows)
    return out


def _anchor_columns(xs: list[float]) -> list[float]:
    """Column anchors of an unruled table: the left edges of its cells, clustered."""
    return _cluster(xs, _MATCH_TOL) or [0.0]


def _column(anchors: list[float], x0: float) -> int:
    return max(bisect_right(anchors, x0 + _MATCH_TOL) - 1, 0)


def _chains(sec: list[list[_Seg]], anchors: list[float]) -> dict[int, list[list[_Seg]]]:
    """Per column, its segments chained into cells.

    When the rows are set apart (a clearly larger space between rows than between the
    lines of a cell, as with cell padding or paragraph spacing), a line continues the one
    directly above it in its column. Otherwise it must also be a wrap: the line above
    reaches the column's text edge (the furthest any line of the column reaches — a
    wrapped line is full).
    """
    size = max((s.size for ln in sec for s in ln), default=10.0)
    gaps = [min(s.top for s in b) - max(s.bottom for s in a) for a, b in zip(sec, sec[1:])]
    counts: dict[int, int] = {}
    for g in gaps:
        counts[round(g)] = counts.get(round(g), 0) + 1
    tight = float(max(counts, key=lambda g: (counts[g], -g))) if counts else 0.0  # the usual gap
    apart = sum(1 for g in gaps if g >= tight + 0.5 * size)
    # lines of different cells overlapping or off the usual spacing: cells centred vertically
    closer = sum(1 for g in gaps if g < min(tight - 0.3 * size, 0.0))
    padded = bool(gaps) and tight > 0 and apart >= 0.2 * len(gaps) and closer <= 0.1 * len(gaps)
    edge: dict[tuple[int, bool], float] = {}
    placed: list[tuple[int, bool, _Seg]] = []
    for ln in sec:
        for s in ln:
            col = _column(anchors, s.x0)
            spanning = col + 1 < len(anchors) and s.x1 > anchors[col + 1] + _MATCH_TOL
            edge[(col, spanning)] = max(edge.get((col, spanning), 0.0), s.x1)
            placed.append((col, spanning, s))
    chains: dict[int, list[list[_Seg]]] = {}
    for col, spanning, s in placed:
        cur = chains.setdefault(col, [])
        if cur:
            last = cur[-1][-1]
            last_spanning = col + 1 < len(anchors) and last.x1 > anchors[col + 1] + _MATCH_TOL
            if padded:
                if 0 < s.top - last.top and s.top - last.bottom < tight + 0.5 * size + 0.5:
                    cur[-1].append(s)
                    continue
                cur.append([s])
                continue
            adjacent = 0 < s.top - last.top <= 1.9 * s.size and s.top - last.bottom <= 0.9 * s.size
            # a wrapped CJK line ends less than a character short of the column's edge; prose
            # spanning several columns may end shorter (line-breaking rules, latin words)
            slack = (2.5 if last_spanning else 0.9) * s.size
            if adjacent and last.x1 >= edge[(col, last_spanning)] - slack:
                cur[-1].append(s)
                continue
        cur.append([s])
    return chains


def _nearest(spans: list[tuple[float, float]], y: float) -> int:
    best, dist = 0, float("inf")
    for k, (lo, hi) in enumerate(spans):
        d = 0.0 if lo - 0.5 <= y <= hi + 0.5 else min(abs(y - lo), abs(y - hi))
        if d < dist - 0.5:  # ties go to the earlier row (top-aligned wrapped cells)
            best, dist = k, d
    return best


def _centred_merges(rows: list[dict[int, list[_Seg]]], name_col: int, fresh: bool) -> dict[tuple[int, int], str]:
    """Vertical merges of the label columns (left of the 三级 column) of an unruled indicator
    table whose labels are centred on their groups; (row, col) -> the label covering it.

    Labels are taken as centred when one of them lies between two rows, or the first one
    lies below the first row of the table (a top-aligned label starts its group). The
    groups then follow each other: each starts after the previous one and ends where the
    label sits at its centre. Nothing is inferred unless every label fits (the last group
    may run on over the page). On a page that continues the table, the rows above the first
    group belong to the group cut by the page break (left to the recognizer's carry); where
    that first group starts is the choice with which all labels fit best. Top-aligned
    labels need nothing: a label covers the rows below it.
    """
    if not rows:
        return {}
    # a row's extent: its 三级 name and values (the labels may be merged over several rows)
    own = [[s for c, segs in r.items() if c >= name_col for s in segs] for r in rows]
    tops = [min((s.top for s in segs), default=0.0) for segs in own]
    bottoms = [max((s.bottom for s in segs), default=0.0) for segs in own]
    starts = [min((s.cy for s in segs), default=0.0) for segs in own]
    out: dict[tuple[int, int], str] = {}
    for col in range(name_col):
        labels = [(k, r[col]) for k, r in enumerate(rows) if r.get(col)]
        if not labels:
            continue
        size = max(s.size for _, segs in labels for s in segs)
        centres = [(segs[0].cy + segs[-1].cy) / 2 for _, segs in labels]
        off_line = any(abs(c - starts[k]) > 0.3 * size for (k, _), c in zip(labels, centres))
        if not off_line and (labels[0][0] == 0 or not fresh):
            continue  # top-aligned (or nothing to tell)
        best_fit: tuple[float, list[tuple[int, int]]] | None = None
        for first in ([0] if fresh else range(labels[0][0] + 1)):
            groups: list[tuple[int, int]] = []
            s0, error = first, 0.0
            for j, ((k, _), c) in enumerate(zip(labels, centres)):
                last = labels[j + 1][0] - 1 if j + 1 < len(labels) else len(rows) - 1
                ends = range(max(s0, k), last + 1)
                e = min(ends, key=lambda e: abs((tops[s0] + bottoms[e]) / 2 - c), default=None)
                miss = abs((tops[s0] + bottoms[e]) / 2 - c) if e is not None else float("inf")
                if miss > 0.8 * size:
                    if j + 1 < len(labels) or e is None:
                        groups = []
                        break
                    e, miss = last, 0.8 * size  # the last group may run on over the page break
                groups.append((s0, e))
                error += miss
                s0 = e + 1
            if groups and (best_fit is None or error < best_fit[0]):
                best_fit = (error, groups)
        if best_fit is None:
            continue
        for (k, segs), (a, b) in zip(labels, best_fit[1]):
            text = _join_lines([s.text for s in sorted(segs, key=lambda s: (s.top, s.x0))])
            for r in range(a, b + 1):
                if r != k:
                    out[(r, col)] = text
    return out


def _each_on_a_row_line(chain: list[_Seg], starts: list[float]) -> bool:
    """Every line of the chain sits on the first line of a different row: separate cells."""
    hits = set()
    for seg in chain:
        k = next((k for k, y in enumerate(starts) if abs(seg.cy - y) < 0.3 * seg.size), None)
        if k is None or k in hits:
            return False
        hits.add(k)
    return True


def _unruled_piece(group: _Group, piece: _UnruledTable, anchors: list[float],
                   carry: dict[int, list[_Seg]] | None = None) -> list[tuple[int, float, Row]]:
    """Rows of an unruled table on one page.

    Sections are cut at indicator header lines (``三级指标``), which are rows of their
    own. In a section the rows are anchored on one column — below a header line the
    value column, elsewhere the column with the most cells; every other segment goes to
    the row nearest to it (a row spans its anchor cell's lines), and the segments of a
    column that land in one row are joined. A wrapped cell cut evenly by a row boundary
    (a label centred on two rows) stays whole, in the upper row.
    """
    ncols = len(anchors)
    fresh = False
    sections: list[tuple[str, list[list[_Seg]]]] = []
    role = group.anchor_role or "most"
    cur: list[list[_Seg]] = []
    for ln in piece.lines:
        texts = [_WS.sub("", s.text) for s in ln]
        if any(_HEADER_NAME.search(t) for t in texts) and len(ln) >= 2:
            if cur:
                sections.append((role, cur))
            sections.append(("header", [ln]))
            cur = []
            role = "value"
            vcols = [_column(anchors, s.x0) for s, t in zip(ln, texts) if _HEADER_VALUE.search(t)]
            group.value_col = vcols[0] if vcols else None
            ncol = [_column(anchors, s.x0) for s, t in zip(ln, texts) if _HEADER_NAME.search(t)]
            group.name_col = ncol[0] if ncol else None
            fresh = True  # the section starts on this page
            continue
        cur.append(ln)
    if cur:
        sections.append((role, cur))
    group.anchor_role = role

    rows: list[dict[int, list[_Seg]]] = []
    merged: dict[tuple[int, int], str] = {}  # (row, col) covered by an inferred vertical merge
    for n_sec, (kind, sec) in enumerate(sections):
        first_section = n_sec == 0 and kind == "value"  # the page continues the table's rows
        if kind == "header":
            by_col: dict[int, list[_Seg]] = {}
            for s in sec[0]:
                by_col.setdefault(_column(anchors, s.x0), []).append(s)
            rows.append(by_col)
            continue
        chains = _chains(sec, anchors)
        if kind == "value":
            anchor_col = group.value_col if group.value_col in chains else max(chains)
            # values are not wrapped unless the continuation stands alone on its line
            alone = {id(ln[0]) for ln in sec if len(ln) == 1}
            split: list[list[_Seg]] = []
            for chain in chains[anchor_col]:
                split.append([chain[0]])
                for seg in chain[1:]:
                    if id(seg) in alone:
                        split[-1].append(seg)
                    else:
                        split.append([seg])
            chains[anchor_col] = split
        else:
            anchor_col = max(chains, key=lambda c: (len(chains[c]), -c))
        spans = [(ch[0].cy, ch[-1].cy) for ch in chains[anchor_col]]
        starts = [ch[0].cy for ch in chains[anchor_col]]
        sec_rows: list[dict[int, list[_Seg]]] = [{anchor_col: list(ch)} for ch in chains[anchor_col]]
        placed = [(col, chain, [_nearest(spans, seg.cy) for seg in chain])
                  for col, col_chains in chains.items() if col != anchor_col for chain in col_chains]
        used: list[set[int]] = [set() for _ in spans]  # columns with cells, per row
        for col, chain, targets in placed:
            for k in targets:
                used[k].add(col)
        # vertical alignment of the table's cells: where a cell and its row's anchor cell
        # have different numbers of lines, top-aligned cells share their first line and
        # centred ones their centre
        for col, chain, targets in placed:
            anchor = chains[anchor_col][targets[0]]
            if len(set(targets)) == 1 and len(anchor) != len(chain):
                top = abs(chain[0].cy - anchor[0].cy) < 0.3 * chain[0].size
                mid = abs(chain[0].cy + chain[-1].cy - anchor[0].cy - anchor[-1].cy) / 2 < 0.3 * chain[0].size
                if top != mid:
                    group.votes[mid] += 1
        centred = group.votes[1] > group.votes[0]
        for col, chain, targets in placed:
            lo = min(targets)
            if len(set(targets)) == 2 and max(targets) == lo + 1 and targets.count(lo) * 2 == len(targets):
                # a wrapped cell cut evenly by a row boundary: one cell (a label centred on two
                # rows, or merged over them) — unless its lines each start a row that has cells
                # of its own (two cells, the first filling its column)
                if kind == "value":
                    whole = centred and col != group.name_col or not _each_on_a_row_line(chain, starts)
                else:
                    whole = not _each_on_a_row_line(chain, starts) or not (used[lo + 1] - {col})
                if whole:
                    targets = [lo] * len(targets)
            if len(chain) > 1 and len(set(targets)) > 1 and centred:
                # centred cells: a wrapped cell centred on a row's anchor cell belongs to that row
                mid = (chain[0].cy + chain[-1].cy) / 2
                k = min(range(len(spans)), key=lambda k: abs((spans[k][0] + spans[k][1]) / 2 - mid))
                if abs((spans[k][0] + spans[k][1]) / 2 - mid) < 0.3 * chain[0].size:
                    targets = [k] * len(chain)
            if len(chain) > 1 and len(set(targets)) > 1 and not centred:
                # top-aligned cells: a line on a row's first line starts the cell of that row,
                # the lines below it continue it
                hits = [next((k for k, y in enumerate(starts) if abs(seg.cy - y) < 0.3 * seg.size), None) for seg in chain]
                if any(h is not None for h in hits):
                    current = None
                    for n, h in enumerate(hits):
                        if h is not None:
                            current = h
                        if current is not None:
                            targets[n] = current
            for seg, k in zip(chain, targets):
                if carry is not None and first_section and not centred and seg.cy < starts[0] - 0.3 * seg.size:
                    carry.setdefault(col, []).append(seg)  # above the page's first row
                    continue
                sec_rows[k].setdefault(col, []).append(seg)
        if kind == "value" and group.name_col is not None and centred:
            for (r, col), text in _centred_merges(sec_rows, group.name_col, fresh).items():
                merged[(len(rows) + r, col)] = text
        rows.extend(sec_rows)

    out: list[tuple[int, float, Row]] = []
    for r, by_col in enumerate(rows):
        cells: list[Cell] = []
        for col in range(ncols):
            segs = sorted(by_col.get(col, []), key=lambda s: (s.top, s.x0))
            bbox = None
            if segs:
                bbox = (min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs), max(s.bottom for s in segs))
            if not segs and (r, col) in merged:
                cells.append(Cell(text=merged[(r, col)], col=col, page=piece.page, covered=True,
                                  ref=_ref(piece.page, piece.number, r + 1, col + 1)))
                continue
            cells.append(Cell(text=_join_lines([s.text for s in segs]), col=col, page=piece.page,
                              ref=_ref(piece.page, piece.number, r + 1, col + 1), bbox=bbox))
        top = min((s.top for segs in by_col.values() for s in segs), default=piece.bbox[1])
        out.append((piece.page, top, Row(cells=cells, page=piece.page, table=group.index)))
    return out


# ---------------------------------------------------------------------------------------
# the document


def _is_heading(text: str) -> bool:
    return "绩效" in text and any(w in text for w in _HEADING_WORDS)


def _select(texts: list[str]) -> tuple[list[bool], list[bool]]:
    """(selected, strong) per page: see the module docstring."""
    n = len(texts)
    strong = [any(k in t for k in _STRONG) or ("项目名称" in t and "绩效" in t) for t in texts]
    return [strong[i] or (_is_heading(texts[i]) and i + 1 < n and strong[i + 1]) for i in range(n)], strong


def read_pdf(data: bytes) -> Grid:
    """Read a PDF with a text layer into a grid (see the module docstring).

    Raises :class:`jixiao.errors.ReadError` (``encrypted``, ``corrupt``, ``scanned``,
    ``too-large``) and nothing else. PDFium is not thread-safe: documents are read one at
    a time.
    """
    pdfium, _ = _pdfium()
    with _LOCK:
        doc = _open(data)
        try:
            return _read(doc, pdfium)
        except errors.ReadError:
            raise
        except pdfium.PdfiumError as exc:
            raise _corrupt(str(exc)) from None
        except Exception as exc:  # a page PDFium or the table finder cannot make sense of
            raise _corrupt(f"unreadable content: {type(exc).__name__}") from None
        finally:
            doc.close()


def _read(doc, pdfium) -> Grid:
    n = len(doc)
    if n == 0:
        raise _corrupt("no pages")
    if n > MAX_PAGES:
        raise _too_many_pages(n)
    texts: list[str] = []
    for i in range(n):
        try:
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(_WS.sub("", textpage.get_text_range()))
            textpage.close()
            page.close()
        except pdfium.PdfiumError as exc:
            raise _corrupt(str(exc), where=f"第{i + 1}页") from None
    selected, strong = _select(texts)
    if not any(selected):
        # no form in the text: is the document (or part of it) a scan?
        image_pages = []
        for i, t in enumerate(texts):
            if len(t) < _SCAN_TEXT:  # nothing, or a page number stamped on the image
                page = doc[i]
                if _has_images(page):
                    image_pages.append(i + 1)
                page.close()
        if image_pages or not any(texts):
            raise _scanned(image_pages, n)

    rows: list = []  # Row, or _Placeholder for the rows of a table piece
    groups: list[_Group] = []
    open_group: _Group | None = None  # the table the previous page ended in
    for i in range(n):
        continuing = open_group is not None and texts[i]
        if not selected[i] and not continuing:
            open_group = None
            continue
        page = doc[i]
        try:
            geo = _geometry(page)
            chars = _chars(page, geo)
            edges = _edges(page, geo)
        finally:
            page.close()
        items = _page_items(chars, edges, i + 1, geo.height)
        if open_group is not None and open_group.kind == "unruled":
            items = _unruled_continuation(items, open_group, i + 1)
        kept: list[_Item] = []
        if not selected[i]:
            # only the table continuing the previous page's table
            first = items[0] if items else None
            if first is None or first.table is None or not _continues(open_group, first):
                open_group = None
                continue
            kept = [first]
        elif not strong[i]:
            # selected for a form heading at the foot of the page: keep it and what follows
            at = max((k for k, it in enumerate(items) if it.kind == "text" and _is_heading("".join(s.text for s in it.segs))), default=0)
            kept = items[at:]
        else:
            kept = items
        page_rows: list[tuple[float, Row]] = []
        for k, it in enumerate(kept):
            if it.kind == "text":
                page_rows.append((it.top, _text_row(it, i + 1)))
                continue
            if k == 0 and open_group is not None and _continues(open_group, it):
                group = open_group
            else:
                group = _Group(index=len(groups) + 1, kind=it.kind)
                groups.append(group)
            it.table.group = group.index
            group.pieces.append(it.table)
            if it.kind == "ruled":
                group.xs = _cluster(group.xs + it.table.xs, _MATCH_TOL)
            elif not group.xs:
                group.xs = _anchor_columns([s.x0 for ln in it.table.lines for s in ln])
        # the page ends inside a table?
        last = kept[-1] if kept else None
        open_group = groups[last.table.group - 1] if last is not None and last.table is not None else None
        # rows of this page (table rows are built when the group is complete; placeholders here)
        for it in kept:
            if it.table is not None:
                page_rows.append((it.top, _Placeholder(it.table)))  # type: ignore[arg-type]
        page_rows.sort(key=lambda pr: pr[0])
        rows.extend(row for _top, row in page_rows)

    # build the table rows now that every group knows all its pages
    built: dict[tuple[int, int], list[Row]] = {}  # (table, page) -> rows
    for group in groups:
        for page, _top, row in _ruled_rows(group) if group.kind == "ruled" else _unruled_rows(group):
            built.setdefault((group.index, page), []).append(row)
    final: list[Row] = []
    last_page = None
    for row in rows:
        expanded = built.get((row.table.group, row.table.page), []) if isinstance(row, _Placeholder) else [row]
        for r in expanded:
            if last_page is not None and r.page != last_page:
                r.gap_before = True
            last_page = r.page
            final.append(r)
    return Grid(rows=final, format="pdf", regular_columns=True)


class _Placeholder:
    """Where the rows of a table piece go (a table has at most one piece per page)."""

    __slots__ = ("table",)

    def __init__(self, table) -> None:
        self.table = table


def _unruled_continuation(items: list[_Item], group: _Group, page: int) -> list[_Item]:
    """The lines at the top of a page that continue an unruled table, as one piece.

    Lines whose segments all sit in the table's columns (the rest of a cell cut by the page
    break, a last row or two too short to be recognised as a table on their own) join the
    unruled table that follows them, or make a piece of their own.
    """
    lines: list[list[_Seg]] = []
    k = 0
    bottom = None
    while k < len(items):
        it = items[k]
        if it.kind == "unruled" and (lines or _continues(group, it)):
            if bottom is not None and it.top - bottom > 2.5 * max(s.size for s in it.table.lines[0]):
                break
            if not _continues(group, it):
                break
            lines.extend(it.table.lines)
        elif (it.kind == "text" and all(any(abs(s.x0 - a) <= _MATCH_TOL for a in group.xs) for s in it.segs)
              and not _is_heading(_WS.sub("", "".join(s.text for s in it.segs)))):
            if bottom is not None and it.top - bottom > 2.5 * max(s.size for s in it.segs):
                break
            lines.append(it.segs)
        else:
            break
        bottom = max(s.bottom for s in lines[-1])
        k += 1
    if not lines or (k == 1 and items[0].kind == "unruled"):
        return items  # nothing, or an ordinary continued table
    bbox = (min(s.x0 for ln in lines for s in ln), min(s.top for ln in lines for s in ln),
            max(s.x1 for ln in lines for s in ln), max(s.bottom for ln in lines for s in ln))
    piece = _UnruledTable(page=page, number=1, bbox=bbox, lines=lines)
    rest = items[k:]
    number = 1
    for it in rest:
        if it.table is not None:
            number += 1
            it.table.number = number
    return [_Item(top=bbox[1], kind="unruled", table=piece, continues=True)] + rest


def _continues(group: _Group | None, item: _Item) -> bool:
    if group is None or item.table is None or item.kind != group.kind:
        return False
    if item.continues:
        return True
    if item.kind == "ruled":
        return _compatible(group.xs, item.table.xs)
    return _anchors_match(group.xs, _anchor_columns([s.x0 for ln in item.table.lines for s in ln]))


def _text_row(item: _Item, page: int) -> Row:
    cells = [
        Cell(text=s.text, col=k, page=page, ref=f"第{page}页", bbox=(s.x0, s.top, s.x1, s.bottom))
        for k, s in enumerate(item.segs)
    ]
    return Row(cells=cells, page=page)
