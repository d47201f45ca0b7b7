"""Word reader: ``.docx`` natively (WordprocessingML), legacy ``.doc`` through LibreOffice.

The document body is walked in reading order, paragraphs and tables interleaved:

* a paragraph outside any table is a single-cell row (a line break inside it starts a
  new row, so ``财政项目支出绩效目标申报表``⏎``(2024年度)`` in one paragraph gives two);
* a table gives one row per ``w:tr`` with one :class:`~jixiao.grid.Cell` per grid column
  (``w:tblGrid``). The grid is computed from the XML, not from python-docx's
  ``row.cells`` (which repeats merged cells without saying which is the anchor):
  ``w:gridSpan`` (and the legacy ``w:hMerge``) widens a cell, ``w:vMerge`` continues the
  cell above. An anchor carries its text, ``rowspan`` and ``colspan``; a position covered
  by a vertical merge repeats the anchor's text with ``covered=True``; a position covered
  by a horizontal merge is an empty covered cell; ``w:gridBefore``/``w:gridAfter``
  positions are plain empty cells;
* a cell's paragraphs (and line breaks) are its wrapped lines, joined by
  :func:`~jixiao.textnorm.join_wrapped` (no space between two CJK characters);
* a nested table inside a cell that is the only filled cell of its row (a layout frame
  around the whole form) is read as the document body itself: its paragraphs and
  tables become rows of their own; any other nested table is flattened into the
  cell's text, one line per nested row;
* deleted revisions, hidden text (``w:vanish``), field instructions and drawings are
  not text; inserted revisions, hyperlinks, content controls and field results are;
  a text box anchored in a body paragraph (a title set in a frame) is read before that
  paragraph, its paragraphs and tables as rows of their own;
* a table row with no text of its own (empty, or crossed only by a tall merged cell)
  is left out.

``Row.table`` numbers the tables 1, 2, … in reading order (nested ones included),
``Cell.ref`` reads ``表2 第5行第3列`` (1-based table, row and grid column); ``Row.line``
and ``Row.page`` stay ``None`` (a ``.docx`` has no fixed pages). A page break before a
row sets ``gap_before``.

``.doc`` files are converted to ``.docx`` with LibreOffice (``soffice --headless``) in a
temporary folder and then read as above; the grid then says ``format="docx"``, because
the contract's ``source.format`` has no ``doc`` value and what was parsed is the
converted ``.docx``. Without LibreOffice a ``.doc`` is refused with ``needs-libreoffice``.

Errors: a broken ZIP or XML is ``corrupt``; a password-protected file (an OLE container
wrapping an encrypted OOXML package, or a ``.doc`` whose FIB says it is encrypted) is
``encrypted``; a package whose parts unpack to more than :data:`MAX_UNPACKED` is
``too-large``.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from .. import errors
from ..grid import Cell, Grid, Row
from ..textnorm import join_wrapped

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_OFFICE_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: A package whose XML parts unpack to more than this is refused (ZIP bombs).
MAX_UNPACKED = 512 * 1024 * 1024
#: Seconds LibreOffice may take to convert one ``.doc``.
CONVERT_TIMEOUT = 60


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_PPR, _RPR, _TRPR, _TCPR = _w("pPr"), _w("rPr"), _w("trPr"), _w("tcPr")
_VAL = _w("val")
# containers whose runs are text of the paragraph
_RUN_CONTAINERS = {
    _w(t) for t in ("hyperlink", "smartTag", "ins", "moveTo", "fldSimple", "sdt", "sdtContent", "customXml", "dir", "bdo")
}
# Symbol-font code points (w:sym w:font="Symbol" w:char="F0B3") seen in forms
_SYMBOL_FONT = {0xB3: "≥", 0xA3: "≤", 0xB9: "≠", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xB0: "°", 0xD6: "√", 0xBB: "≈", 0x3E: ">", 0x3C: "<", 0x3D: "="}


# ---------------------------------------------------------------------------
# errors shared with the spreadsheet reader


def corrupt(kind: str, zh: str = "", en: str = "") -> errors.ReadError:
    """A file that cannot be opened: ``kind`` (DOCX, XLSX, …) and what is wrong, in Chinese and English."""
    return errors.ReadError(
        "corrupt",
        f"{kind} 文件已损坏，无法打开{f'（{zh}）' if zh else ''}",
        f"corrupt {kind} file{f' ({en})' if en else ''}",
        "请用 Office/WPS 打开后重新另存，或重新下载该文件。",
    )


def encrypted(kind: str) -> errors.ReadError:
    return errors.ReadError(
        "encrypted",
        f"{kind} 文件设有打开密码（已加密），无法读取",
        f"the {kind} file is password-protected (encrypted)",
        "请在 Office/WPS 中输入密码打开后，取消密码（文件 > 信息 > 保护）再另存一份。",
    )


def unpacked_too_large(kind: str, size: int) -> errors.ReadError:
    return errors.ReadError(
        "too-large",
        f"{kind} 文件解压后过大（{size / 1048576:.0f} MiB，上限 {MAX_UNPACKED / 1048576:.0f} MiB）",
        f"the {kind} package unpacks to {size} bytes (limit {MAX_UNPACKED})",
        "请删除无关的工作表、图片或格式后另存，或拆分文件。",
    )


# ---------------------------------------------------------------------------
# OLE (Compound File Binary) containers: .doc, .xls, and encrypted OOXML


def ole_entries(data: bytes) -> dict[str, tuple[int, int]]:
    """Directory of an OLE container: stream name -> (start sector, size). Empty when unreadable."""
    try:
        if len(data) < 512 or not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return {}
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return {}
        size = 1 << shift
        n_difat = struct.unpack_from("<I", data, 0x48)[0]
        first_dir = struct.unpack_from("<I", data, 0x30)[0]
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        next_difat = struct.unpack_from("<I", data, 0x44)[0]
        per = size // 4 - 1
        for _ in range(min(n_difat, 4096)):
            if next_difat >= 0xFFFFFFFA:
                break
            off = (next_difat + 1) * size
            if off + size > len(data):
                break
            vals = struct.unpack_from(f"<{per + 1}I", data, off)
            difat.extend(vals[:per])
            next_difat = vals[per]
        fat: list[int] = []
        for sec in difat:
            if sec >= 0xFFFFFFFA:
                continue
            off = (sec + 1) * size
            if off + size > len(data):
                continue
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, off))
        entries: dict[str, tuple[int, int]] = {}
        sec = first_dir
        seen = set()
        while sec < 0xFFFFFFFA and sec not in seen and len(seen) < 100000:
            seen.add(sec)
            off = (sec + 1) * size
            if off + size > len(data):
                break
            for k in range(size // 128):
                e = off + k * 128
                name_len = struct.unpack_from("<H", data, e + 64)[0]
                if not 2 <= name_len <= 64:
                    continue
                name = data[e : e + name_len - 2].decode("utf-16-le", "replace")
                start, length = struct.unpack_from("<II", data, e + 116)
                entries[name] = (start, length)
            sec = fat[sec] if sec < len(fat) else 0xFFFFFFFE
        return entries
    except (struct.error, ValueError):
        return {}


def is_encrypted_ooxml(data: bytes) -> bool:
    """An OLE container holding an encrypted OOXML package (a password-protected .docx/.xlsx)."""
    entries = ole_entries(data)
    if entries:
        return "EncryptedPackage" in entries or "EncryptionInfo" in entries
    return data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]


def _doc_fib_encrypted(data: bytes) -> bool:
    """The ``fEncrypted`` bit of a .doc's File Information Block (WordDocument stream)."""
    entries = ole_entries(data)
    if "WordDocument" not in entries:
        return False
    start, length = entries["WordDocument"]
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    off = (start + 1) * size
    if length < 4096 or off + 12 > len(data):
        return False
    ident, _nfib, _unused, _lid, _pn, flags = struct.unpack_from("<HHHHHH", data, off)
    return ident == 0xA5EC and bool(flags & 0x0100)


# ---------------------------------------------------------------------------
# the package


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True, huge_tree=True)


def check_unpacked_size(zf: zipfile.ZipFile, kind: str) -> None:
    total = sum(i.file_size for i in zf.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_UNPACKED:
        raise unpacked_too_large(kind, total)


_UNZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    from lxml import etree

    names = set(zf.namelist())
    if "_rels/.rels" in names:
        try:
            rels = etree.fromstring(zf.read("_rels/.rels"), _parser())
            for rel in rels.iter(f"{{{_PKG_RELS}}}Relationship"):
                if rel.get("Type") in (_REL_OFFICE, _REL_OFFICE_STRICT):
                    target = (rel.get("Target") or "").lstrip("/")
                    if target in names:
                        return target
        except (etree.XMLSyntaxError, *_UNZIP_ERRORS):
            pass  # the relationships are damaged: try the usual name
    return "word/document.xml"


def _load_body(data: bytes):
    from lxml import etree

    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except _UNZIP_ERRORS as exc:
        raise corrupt("DOCX", "ZIP 容器无法打开", "broken ZIP container") from exc
    with zf:
        check_unpacked_size(zf, "DOCX")
        part = _main_part(zf)
        try:
            xml = zf.read(part)
        except KeyError:
            raise corrupt("DOCX", "缺少 word/document.xml", "no word/document.xml") from None
        except _UNZIP_ERRORS as exc:
            raise corrupt("DOCX", f"{part} 无法解压", f"{part} cannot be unpacked") from exc
    if _STRICT in xml[:4096]:  # ISO 29500 Strict: the same vocabulary under another namespace
        xml = xml.replace(_STRICT, W.encode())
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise corrupt("DOCX", f"{part} 不是有效的 XML", f"{part} is not well-formed XML") from exc
    body = root.find(_w("body"))
    if body is None:
        raise corrupt("DOCX", "文档没有正文（w:body）", "no document body")
    return body


# ---------------------------------------------------------------------------
# text of paragraphs and cells


def _off(el) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:vanish w:val="0"/>``) that is switched off."""
    return el.get(_VAL) in ("0", "false", "off")


@dataclass
class _Lines:
    lines: list[str] = field(default_factory=lambda: [""])
    page_break: bool = False

    def add(self, text: str) -> None:
        self.lines[-1] += text

    def newline(self) -> None:
        self.lines.append("")


def _run(r, out: _Lines) -> None:
    rpr = r.find(_RPR)
    if rpr is not None:
        vanish = rpr.find(_w("vanish"))
        if vanish is not None and not _off(vanish):
            return
    for child in r:
        tag = child.tag
        if tag == _T:
            out.add(child.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            out.add(" ")
        elif tag == _w("br"):
            if child.get(_w("type")) == "page":
                out.page_break = True
            if child.get(_w("type")) != "page" or any(out.lines):
                out.newline()
        elif tag == _w("cr"):
            out.newline()
        elif tag == _w("noBreakHyphen"):
            out.add("-")
        elif tag == _w("sym"):
            code = child.get(_w("char")) or ""
            try:
                cp = int(code, 16)
            except ValueError:
                continue
            if 0xF000 <= cp <= 0xF0FF:
                cp -= 0xF000
                out.add(_SYMBOL_FONT.get(cp, chr(cp) if 0x20 <= cp < 0x7F else ""))
            else:
                out.add(chr(cp))
        # anything else (drawings, text boxes, field instructions, deleted text) is not text


def _para(p, out: _Lines) -> None:
    """Append the text of paragraph ``p`` to ``out`` (line breaks start new lines)."""
    ppr = p.find(_PPR)
    if ppr is not None:
        pb = ppr.find(_w("pageBreakBefore"))
        if pb is not None and not _off(pb):
            out.page_break = True
    _inline(p, out)


def _inline(el, out: _Lines) -> None:
    for child in el:
        tag = child.tag
        if tag == _R:
            _run(child, out)
        elif tag in _RUN_CONTAINERS:
            _inline(child, out)


def paragraph_lines(p) -> tuple[list[str], bool]:
    """The lines of a paragraph (split at line breaks) and whether it breaks the page."""
    out = _Lines()
    _para(p, out)
    ppr = p.find(_PPR)
    if ppr is not None and ppr.find(_w("sectPr")) is not None:
        out.page_break = True  # a section break ends the page
    return out.lines, out.page_break


def _children(el, wanted: str):
    """Children with tag ``wanted``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == wanted:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, wanted)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, wanted)


def _blocks(el):
    """Paragraphs and tables of a body or cell, in order, through content controls."""
    for child in el:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


def _cell_lines(tc) -> list[str]:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            lines.extend(paragraph_lines(block)[0])
        else:  # a nested table flattened: one line per nested row
            for cells in _table_grid(block)[0]:
                texts = [c.text for c in cells if c.text and not c.covered]
                if texts:
                    lines.append(" ".join(texts))
    return lines


def _text_boxes(p) -> list:
    """The contents of text boxes anchored in paragraph ``p`` (the VML fallback copy skipped)."""
    skip = (_MC_FALLBACK, _w("txbxContent"))  # the VML copy, and boxes inside boxes (read with their box)
    return [box for box in p.iter(_w("txbxContent")) if not any(a.tag in skip for a in box.iterancestors())]


def _has_text(tc) -> bool:
    return any(t.text and t.text.strip() for t in tc.iter(_T))


# ---------------------------------------------------------------------------
# tables


@dataclass
class _Tc:
    el: object
    col: int
    span: int
    vmerge: str | None  # None, "restart" or "continue"
    text: str = ""
    rowspan: int = 1
    anchor: _Tc | None = None


def _int(el, default: int = 0) -> int:
    if el is None:
        return default
    try:
        return max(0, int(float(el.get(_VAL, default))))
    except (TypeError, ValueError):
        return default


def _row_cells(tr) -> list[_Tc]:
    trpr = tr.find(_TRPR)
    col = _int(trpr.find(_w("gridBefore")) if trpr is not None else None)
    out: list[_Tc] = []
    for tc in _children(tr, _TC):
        tcpr = tc.find(_TCPR)
        span = 1
        vmerge = hmerge = None
        if tcpr is not None:
            span = max(1, _int(tcpr.find(_w("gridSpan")), 1))
            vm = tcpr.find(_w("vMerge"))
            if vm is not None:
                vmerge = "restart" if vm.get(_VAL) == "restart" else "continue"
            hm = tcpr.find(_w("hMerge"))
            if hm is not None:
                hmerge = "restart" if hm.get(_VAL) == "restart" else "continue"
        if hmerge == "continue" and out:
            out[-1].span += span  # legacy horizontal merge: widen the cell on the left
            col += span
            continue
        out.append(_Tc(tc, col, span, vmerge))
        col += span
    return out


def _table_grid(tbl, table_no: int | None = None) -> tuple[list[list[Cell]], list[list[_Tc]]]:
    """The rows of a table as grid cells (one per grid column), and the raw cells per row."""
    rows = [_row_cells(tr) for tr in _children(tbl, _TR)]
    grid_el = tbl.find(_w("tblGrid"))
    width = len(grid_el.findall(_w("gridCol"))) if grid_el is not None else 0
    for cells in rows:
        if cells:
            width = max(width, cells[-1].col + cells[-1].span)
    # vertical merges: a continuing cell belongs to the anchor above at the same column
    above: dict[int, _Tc] = {}
    for cells in rows:
        current: dict[int, _Tc] = {}
        for tc in cells:
            anchor = above.get(tc.col)
            if tc.vmerge == "continue" and anchor is not None:
                root = anchor.anchor or anchor
                tc.anchor = root
                root.rowspan += 1
            else:
                tc.text = join_wrapped(_cell_lines(tc.el))
            current[tc.col] = tc
        above = current
    out: list[list[Cell]] = []
    for r, cells in enumerate(rows, start=1):
        row: list[Cell | None] = [None] * width
        for tc in cells:
            root = tc.anchor
            ref = f"表{table_no} 第{r}行第{tc.col + 1}列" if table_no is not None else None
            if root is not None:
                row[tc.col] = Cell(text=root.text, col=tc.col, colspan=tc.span, ref=ref, covered=True)
            else:
                row[tc.col] = Cell(text=tc.text, col=tc.col, rowspan=tc.rowspan, colspan=tc.span, ref=ref)
            for k in range(tc.col + 1, min(tc.col + tc.span, width)):
                row[k] = Cell(text="", col=k, ref=f"表{table_no} 第{r}行第{k + 1}列" if table_no is not None else None, covered=True)
        out.append([c if c is not None else Cell(text="", col=k, ref=f"表{table_no} 第{r}行第{k + 1}列" if table_no is not None else None) for k, c in enumerate(row)])
    return out, rows


# ---------------------------------------------------------------------------
# the body


class _Walker:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.tables = 0
        self.gap = False

    def block(self, container) -> None:
        for el in _blocks(container):
            if el.tag == _P:
                self.paragraph(el)
            else:
                self.table(el)

    def paragraph(self, p) -> None:
        for box in _text_boxes(p):  # a title set in a text box: read before the paragraph's own text
            self.block(box)
        lines, page_break = paragraph_lines(p)
        texts = [ln for ln in lines if ln.strip()]
        if not texts:
            self.gap = True
        for text in texts:
            self.rows.append(Row(cells=[Cell(text=text.strip(), col=0)], gap_before=self.gap))
            self.gap = False
        if page_break:
            self.gap = True

    def table(self, tbl) -> None:
        self.tables += 1
        number = self.tables
        grid, raw = _table_grid(tbl, number)
        first = True
        for cells, tcs in zip(grid, raw):
            frame = self._frame_cell(tcs)
            if frame is not None:
                # a layout frame: its content is read as the body
                self.block(frame.el)
                first = True
                continue
            if not any(c.text.strip() for c in cells if not c.covered):
                continue  # nothing of its own: an empty row, or only a tall merged cell passing through
            self.rows.append(Row(cells=cells, gap_before=self.gap or first, table=number))
            self.gap = False
            first = False

    @staticmethod
    def _frame_cell(tcs: list[_Tc]) -> _Tc | None:
        """The one filled cell of a row when it holds a nested table (a frame around a form)."""
        holders = [tc for tc in tcs if tc.anchor is None and tc.el.find(f".//{_TBL}") is not None]
        if len(holders) != 1:
            return None
        others = [tc for tc in tcs if tc is not holders[0] and tc.anchor is None and _has_text(tc.el)]
        return None if others else holders[0]


def read_docx(data: bytes) -> Grid:
    """Read a ``.docx`` (WordprocessingML package) into a grid. Raises :class:`~jixiao.errors.ReadError`."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if is_encrypted_ooxml(data):
            raise encrypted("DOCX")
        raise corrupt("DOCX", "这是 OLE 容器而不是 ZIP", "an OLE container, not a ZIP package")
    body = _load_body(data)
    walker = _Walker()
    try:
        walker.block(body)
    except RecursionError:
        raise corrupt("DOCX", "表格嵌套过深", "tables nested too deeply") from None
    return Grid(rows=walker.rows, format="docx", regular_columns=True)


# ---------------------------------------------------------------------------
# legacy .doc through LibreOffice


def find_soffice() -> str | None:
    """The LibreOffice binary, or None (``JIXIAO_SOFFICE`` overrides the search)."""
    override = os.environ.get("JIXIAO_SOFFICE")
    if override is not None:  # set but empty: behave as if LibreOffice were not installed
        if not override:
            return None
        return override if Path(override).exists() else shutil.which(override)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(path).exists():
            return path
    return None


def needs_libreoffice(kind: str, target: str) -> errors.ReadError:
    return errors.ReadError(
        "needs-libreoffice",
        f"读取旧版 {kind} 文件需要 LibreOffice，但未找到 soffice",
        f"reading a legacy {kind} file needs LibreOffice (soffice not found)",
        f"请安装 LibreOffice，或在 Office/WPS 中另存为 {target} 后重试。",
    )


def convert_with_libreoffice(data: bytes, suffix: str, target: str, kind: str, timeout: float | None = None) -> bytes:
    """Convert ``data`` (a ``.doc``) to ``target`` (``docx``) with headless LibreOffice (:data:`CONVERT_TIMEOUT`)."""
    timeout = CONVERT_TIMEOUT if timeout is None else timeout
    soffice = find_soffice()
    if soffice is None:
        raise needs_libreoffice(kind, f".{target}")
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        profile = Path(tmp) / "profile"
        cmd = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
            "--nolockcheck", "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(out_dir), str(src),
        ]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    start_new_session=True, env={**os.environ, "HOME": tmp})
        except OSError as exc:
            raise needs_libreoffice(kind, f".{target}") from exc
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise errors.ReadError(
                "conversion-failed",
                f"LibreOffice 转换 {kind} 超时（{timeout:.0f} 秒）",
                f"LibreOffice did not convert the {kind} file within {timeout:.0f} s",
                f"文件可能已损坏或过大；请在 Office/WPS 中另存为 .{target} 后重试。",
            ) from None
        results = list(out_dir.glob(f"*.{target}"))
        if not results or results[0].stat().st_size == 0:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            said = f": {detail[-1][:120]}" if detail else ""
            raise corrupt(kind, "LibreOffice 无法转换", f"LibreOffice could not convert it{said}")
        return results[0].read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()
    try:
        proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, OSError, ValueError):
        pass


def read_doc(data: bytes) -> Grid:
    """Read a legacy Word ``.doc``: converted to ``.docx`` by LibreOffice, then :func:`read_docx`.

    The grid says ``format="docx"`` (the contract has no ``doc`` source format; the
    converted ``.docx`` is what was read).
    """
    if is_encrypted_ooxml(data) or _doc_fib_encrypted(data):
        raise encrypted("Word")
    if not ole_entries(data):
        raise corrupt("DOC", "OLE 容器无法解析，文件可能不完整", "unreadable OLE container, the file may be incomplete")
    converted = convert_with_libreoffice(data, ".doc", "docx", "DOC")
    return read_docx(converted)
