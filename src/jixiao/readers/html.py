"""Reader for HTML pages (tables as published on government websites).

The page is parsed with BeautifulSoup on the lxml parser (tolerant of the unclosed
``<td>``/``<tr>`` and stray markup of old CMS exports) and walked in document order:

* text outside tables (headings, ``<p>``, ``<div>`` text such as ``财政项目支出绩效目标申报表``
  or ``(2024年度)``) becomes single-cell rows; a ``<br>`` outside a table ends a row;
* every ``<tr>`` of a data table becomes a row with one cell per grid column:
  ``rowspan``/``colspan`` are expanded over a grid-occupancy matrix (HTML table model,
  a rowspan ends with its row group). A vertically covered position repeats the anchor's
  text with ``covered=True``, a horizontally covered one is an empty covered cell;
* inside a cell, ``<br>``, block children (``<p>``, ``<div>`` …) and source line breaks are
  line breaks, joined with :func:`~jixiao.textnorm.join_wrapped` (no space between CJK);
* scripts, styles, form controls, ``<nav>``/``<footer>`` and hidden elements
  (``display:none``, ``visibility:hidden``, ``mso-hide:all`` inline or through a simple
  class rule of the page's own ``<style>``, the ``hidden`` attribute) are not read;
* nested tables: a table row whose cells hold another table is a layout row, not a data
  row; its cells are read as page content, so the innermost data tables come out as
  tables and the text around them as single-cell rows;
* text misplaced between the rows of a table (outside any cell) is read before the
  table, where a browser shows it.

``Row.table`` numbers the data tables from 1 in document order (a pure layout table gets
no number); ``Cell.ref`` is ``表{n} 第{row}行第{column}列`` (row = the table's ``<tr>``,
column = the grid column, both 1-based; a covered position points at its anchor);
``Row.line``/``Cell.line`` are the source lines of the ``<tr>``/``<td>``.

The text arrives decoded (the dispatcher handles BOMs, UTF-8 and GBK); a ``<meta charset>``
in the page is not honoured again.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from ..grid import Cell, Grid, Row
from ..textnorm import join_wrapped

# elements whose content is never page text
_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "canvas",
        "map", "area", "audio", "video", "source", "track", "img", "picture",
        "select", "option", "optgroup", "button", "input", "textarea", "datalist", "output",
        "nav", "footer",
    }
)
# elements that start and end a line of text
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "legend", "li", "listing", "main", "menu", "ol",
        "p", "plaintext", "pre", "section", "summary", "ul", "xmp", "table", "caption", "tr",
        "td", "th", "thead", "tbody", "tfoot", "body", "html",
    }
)
_SECTIONS = ("thead", "tbody", "tfoot")
_NON_TEXT = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
_SPACE_RUN = re.compile(r"[ \t\f\v\xa0]+")
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
_MAX_POSITIONS = 4_000_000  # grid positions of one table (rows x columns)
_MAX_NESTING = 50  # tables inside tables


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_CLASS = re.compile(r"^\s*[a-z0-9]*\.([\w-]+)\s*$", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _hidden_classes(soup: BeautifulSoup) -> frozenset[str]:
    """Classes that the page's own ``<style>`` blocks hide (``.hide{display:none}``).

    Only simple class selectors (``.x``, ``div.x``) are understood; external style sheets
    are not fetched.
    """
    names: set[str] = set()
    for style in soup.find_all("style"):
        css = _CSS_COMMENT.sub("", style.get_text()).replace("<!--", " ").replace("-->", " ")
        for selectors, body in _CSS_RULE.findall(css):
            if not _HIDDEN_STYLE.search(body):
                continue
            for sel in selectors.split(","):
                m = _CSS_CLASS.match(sel)
                if m:
                    names.add(m.group(1))
    return frozenset(names)


def _hidden(tag: Tag, classes: frozenset[str] = frozenset()) -> bool:
    if tag.name in _SKIP:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style if isinstance(style, str) else " ".join(style)):
        return True
    if classes:
        cls = attrs.get("class")
        if cls:
            return any(c in classes for c in (cls.split() if isinstance(cls, str) else cls))
    return False


def _span(tag: Tag, name: str, limit: int) -> int:
    """``rowspan``/``colspan`` as an int (HTML parsing rules: leading digits, else 1)."""
    value = tag.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    m = re.match(r"\s*(\d+)", value or "")
    if not m:
        return 1
    n = int(m.group(1))
    if n == 0 and name == "rowspan":
        return 0  # "to the end of the row group"
    return min(max(n, 1), limit)


class _Lines:
    """Text collected into visual lines: ``<br>``, blocks and source newlines break."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []

    def add(self, text: str) -> None:
        parts = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.cur.append(parts[0])
        for part in parts[1:]:
            self.breakline()
            self.cur.append(part)

    def breakline(self) -> None:
        line = _SPACE_RUN.sub(" ", "".join(self.cur)).strip()
        if line:
            self.lines.append(line)
        self.cur = []

    def text(self) -> str:
        self.breakline()
        return join_wrapped(self.lines)


def _events(node: Tag, classes: frozenset[str]) -> Iterator[tuple[str, NavigableString | Tag | None]]:
    """The content of ``node`` in document order, without recursion (pages nest deeply).

    ``("text", string)``, ``("break", None)`` at ``<br>`` and around blocks, and
    ``("table", tag)`` for a table (not entered: the caller reads it as a table).
    """
    stack: list[tuple[Iterator, bool]] = [(iter(node.children), False)]
    while stack:
        children, is_block = stack[-1]
        for child in children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _NON_TEXT):
                    yield "text", child
                continue
            if not isinstance(child, Tag) or _hidden(child, classes):
                continue
            name = child.name
            if name == "br":
                yield "break", None
            elif name == "table":
                yield "table", child
            else:
                block = name in _BLOCK
                if block:
                    yield "break", None
                stack.append((iter(child.children), block))
                break
        else:
            stack.pop()
            if is_block:
                yield "break", None


def _cell_text(tag: Tag, classes: frozenset[str] = frozenset()) -> str:
    contents = tag.contents
    if len(contents) == 1 and type(contents[0]) is NavigableString:  # the common plain cell
        text = str(contents[0])
        if "\n" not in text and "\r" not in text:
            return _SPACE_RUN.sub(" ", text).strip()
    out = _Lines()
    for kind, node in _events(tag, classes):
        if kind == "text":
            out.add(str(node))
        else:  # a break (a nested table only reaches here hidden, or as a line of its own)
            out.breakline()
    return out.text()


class _TooLarge(Exception):
    """A table whose spans would make an absurdly large grid."""


@dataclass(slots=True)
class _Anchor:
    tag: Tag
    text: str
    row: int  # 0-based index of the <tr> in the table
    col: int  # 0-based grid column
    rowspan: int
    colspan: int
    line: int | None


class _Reader:
    def __init__(self, soup: BeautifulSoup, lines: dict[int, int]) -> None:
        self.lines = lines  # id(tag) -> source line
        self.classes = _hidden_classes(soup)  # classes hidden by the page's own style sheet
        self.holders: set[int] = set()  # ids of the cells that hold a table (layout cells)
        for table in soup.find_all("table"):
            if self.hidden(table):
                continue
            for parent in table.parents:
                if parent.name in ("td", "th"):
                    if id(parent) in self.holders:
                        break
                    self.holders.add(id(parent))
        self.rows: list[Row] = []
        self.tables = 0
        self.buf = _Lines()
        self.buf_line: int | None = None
        self.depth = 0  # tables being read (nested layout tables)

    def hidden(self, tag: Tag) -> bool:
        return _hidden(tag, self.classes)

    def line_of(self, tag: Tag) -> int | None:
        return self.lines.get(id(tag))

    def _text_line(self, node: NavigableString) -> int | None:
        """The line of the element last opened before this text (the text's line, near enough)."""
        tag = node.find_previous(True)
        return self.line_of(tag) if tag is not None else None

    # ---- text outside tables ------------------------------------------------
    def flush(self) -> None:
        text = self.buf.text()
        if text:
            gap = bool(self.rows) and self.rows[-1].table is not None
            self.rows.append(Row(cells=[Cell(text=text, col=0, line=self.buf_line)], line=self.buf_line, gap_before=gap))
        self.buf = _Lines()
        self.buf_line = None

    def flow(self, node: Tag) -> None:
        for kind, item in _events(node, self.classes):
            self._flow_event(kind, item)

    def flow_nodes(self, nodes: list) -> None:
        """Flow loose nodes (text and elements misplaced inside a table)."""
        for node in nodes:
            if isinstance(node, NavigableString):
                self._flow_event("text", node)
            elif node.name == "table":
                self._flow_event("table", node)
            else:
                block = node.name in _BLOCK
                if block:
                    self.flush()
                self.flow(node)
                if block:
                    self.flush()

    def _flow_event(self, kind: str, item) -> None:
        if kind == "text":
            text = str(item)
            if self.buf_line is None and text.strip():
                self.buf_line = self._text_line(item)
            self.buf.add(text)
        elif kind == "break":
            self.flush()
        else:
            self.flush()
            if self.depth >= _MAX_NESTING:  # absurdly nested layout tables: their text, line by line
                for string in item.stripped_strings:
                    self.buf_line = self.line_of(item)
                    self.buf.add(string)
                    self.flush()
                return
            self.depth += 1
            try:
                self.table(item)
            finally:
                self.depth -= 1

    # ---- tables -----------------------------------------------------------------
    def table(self, table: Tag) -> None:
        groups: list[list[Tag]] = []  # rows by row group (thead/tbody/tfoot)
        stray = []  # text and elements misplaced between the rows: a browser shows them above the table
        for child in table.children:
            if not isinstance(child, Tag):
                if isinstance(child, NavigableString) and not isinstance(child, _NON_TEXT) and child.strip():
                    stray.append(child)
                continue
            if self.hidden(child):
                continue
            if child.name not in ("tr", "caption", "colgroup", "col", *_SECTIONS):
                stray.append(child)
            elif child.name == "tr":
                if groups and groups[-1] and groups[-1][-1].parent is table:
                    groups[-1].append(child)
                else:
                    groups.append([child])
            elif child.name in _SECTIONS:
                group = []
                for node in child.children:
                    if isinstance(node, Tag) and node.name == "tr":
                        if not self.hidden(node):
                            group.append(node)
                    elif isinstance(node, Tag) and not self.hidden(node) or (
                            isinstance(node, NavigableString) and not isinstance(node, _NON_TEXT) and node.strip()):
                        stray.append(node)
                groups.append(group)
        trs = [tr for group in groups for tr in group]
        if not trs:
            self.flow(table)  # a table without rows: read what it holds as text
            self.flush()
            return
        if stray:
            self.flow_nodes(stray)
            self.flush()
        for caption in table.find_all("caption", recursive=False):
            if not self.hidden(caption):
                self.flow(caption)
                self.flush()
        try:
            grid, width = self._layout(groups)
        except _TooLarge:  # absurd spans: read the cells without them
            grid, width = self._layout(groups, spans=False)
        number: int | None = None
        for r, tr in enumerate(trs):
            cells = [c for c in tr.children if isinstance(c, Tag) and c.name in ("td", "th")]
            if any(id(c) in self.holders for c in cells if not self.hidden(c)):
                # a layout row: its cells are page content holding further tables
                for c in cells:
                    if not self.hidden(c):
                        self.flow(c)
                        self.flush()
                continue
            if width == 0:
                continue
            if number is None:
                self.tables += 1
                number = self.tables
            self.rows.append(self._row(grid[r], width, r, number, tr))

    def _layout(self, groups: list[list[Tag]], spans: bool = True) -> tuple[list[list[_Anchor | None]], int]:
        """Grid-occupancy matrix: for every row, the anchor occupying each grid column."""
        grid: list[dict[int, _Anchor]] = []
        base = 0
        budget = _MAX_POSITIONS
        for group in groups:
            n = len(group)
            grid.extend({} for _ in range(n))
            for i, tr in enumerate(group):
                r = base + i
                occupied = grid[r]
                col = 0
                for cell in tr.children:
                    if not isinstance(cell, Tag) or cell.name not in ("td", "th"):
                        continue
                    if self.hidden(cell):
                        continue
                    while col in occupied:
                        col += 1
                    rowspan = _span(cell, "rowspan", _MAX_ROWSPAN) if spans else 1
                    colspan = _span(cell, "colspan", _MAX_COLSPAN) if spans else 1
                    if rowspan == 0 or i + rowspan > n:
                        rowspan = n - i  # a rowspan ends with its row group
                    text = "" if id(cell) in self.holders else _cell_text(cell, self.classes)
                    anchor = _Anchor(cell, text, r, col, rowspan, colspan, self.line_of(cell))
                    budget -= rowspan * colspan
                    if spans and budget < 0:
                        raise _TooLarge
                    for rr in range(r, r + rowspan):
                        for cc in range(col, col + colspan):
                            grid[rr].setdefault(cc, anchor)
                    col += colspan
            base += n
        width = max((max(row) + 1 for row in grid if row), default=0)
        if spans and width * len(grid) > _MAX_POSITIONS:
            raise _TooLarge
        return [[row.get(c) for c in range(width)] for row in grid], width

    def _row(self, slots: list[_Anchor | None], width: int, r: int, number: int, tr: Tag) -> Row:
        cells: list[Cell] = []
        for c in range(width):
            a = slots[c]
            if a is None:  # a short row: the position is empty
                cells.append(Cell(text="", col=c, line=self.line_of(tr), ref=f"表{number} 第{r + 1}行第{c + 1}列"))
                continue
            ref = f"表{number} 第{a.row + 1}行第{a.col + 1}列"
            if a.row == r and a.col == c:
                cells.append(Cell(text=a.text, col=c, line=a.line, rowspan=a.rowspan, colspan=a.colspan, ref=ref))
            elif a.col == c:  # below the anchor: a vertical merge repeats the text
                cells.append(Cell(text=a.text, col=c, line=a.line, ref=ref, covered=True))
            else:  # right of the anchor's column: a horizontal merge
                cells.append(Cell(text="", col=c, line=a.line, ref=ref, covered=True))
        prev = self.rows[-1] if self.rows else None
        gap = prev is not None and prev.table != number
        return Row(cells=cells, line=self.line_of(tr), gap_before=gap, table=number)


def _source_lines(text: str, soup: BeautifulSoup) -> dict[int, int]:
    """Source line of every tag, by id.

    bs4 records source positions only for html.parser, which mis-nests the unclosed cells
    of old pages. lxml's own tree has the lines: the same text is parsed again the way
    bs4 feeds it (512-character chunks into libxml2's HTML parser), and the two trees are
    paired element by element in document order. Should they ever differ, no lines are
    given (None) rather than wrong ones.
    """
    try:
        from lxml import etree

        parser = etree.HTMLParser(recover=True)
        for i in range(0, len(text), 512):
            parser.feed(text[i:i + 512])
        root = parser.close()
    except Exception:  # noqa: BLE001 - lines are a convenience; never fail the read over them
        return {}
    if root is None:
        return {}
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    tags = soup.find_all(True)
    if len(elements) != len(tags):
        return {}
    lines: dict[int, int] = {}
    for tag, el in zip(tags, elements):
        if tag.name != el.tag.lower():
            return {}
        if el.sourceline:
            lines[id(tag)] = el.sourceline
    return lines


def read_html(text: str) -> Grid:
    """Read an HTML page into a :class:`~jixiao.grid.Grid` (format ``html``)."""
    text = text.lstrip("\ufeff")
    with warnings.catch_warnings():
        # an XHTML page with an <?xml?> declaration, or a page that looks like a file name:
        # bs4 warns the developer; the reader knows what it is doing
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    reader = _Reader(soup, _source_lines(text, soup))
    root = soup.body or soup
    reader.flow(root)
    reader.flush()
    return Grid(rows=reader.rows, format="html", regular_columns=True)
