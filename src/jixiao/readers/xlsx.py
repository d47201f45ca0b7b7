"""Excel reader: ``.xlsx`` with openpyxl, legacy ``.xls`` with xlrd.

Every visible sheet is read in workbook order; hidden and very hidden sheets, hidden
rows and hidden columns are skipped (a grid warning ``hidden-skipped`` says so when they
held text). Cell values are what Excel shows, as far as that is practical: formulas give
their cached values (``data_only``), numbers are formatted with their number format
(``1102000`` with ``#,##0.00`` -> ``1,102,000.00``, ``0.95`` with ``0%`` -> ``95%``,
integers without a trailing ``.0``, quoted literals such as ``"元"`` kept) and dates read
as ISO dates (``2024-01-01``).

Rows follow the grid conventions (:mod:`jixiao.grid`): one cell per column of the sheet's
used range (hidden columns left out, leading and trailing empty columns trimmed); a
merged range carries its text in its top-left cell, repeats it with ``covered=True`` in
the positions below (so a merged 一级 label reaches every row of its group) and leaves
the positions to the right empty and covered. Rows without text of their own are
dropped.

``Row.line`` is the Excel row number, ``Row.page`` (and ``Cell.page``) the 1-based sheet
position, ``Cell.ref`` the address (``Sheet1!C12``, ``'My sheet'!C12``). ``Row.table``
numbers the tables 1, 2, … over the workbook: every sheet starts a new table, and so does
a gap of two or more empty rows inside a sheet (several forms stacked on one sheet); a
gap of one or more empty rows sets ``gap_before``. Whether forms come one per sheet or
stacked, the recognizer cuts them by their titles and ``项目名称`` rows.

Errors: a broken ZIP/XML or OLE container is ``corrupt``; a password-protected workbook
(an encrypted OOXML package in an OLE container, or an ``.xls`` with a FILEPASS record)
is ``encrypted``; a package that unpacks to more than
:data:`jixiao.readers.docx.MAX_UNPACKED` is ``too-large``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from .. import errors
from ..grid import Cell, Grid, Row
from ..textnorm import join_wrapped
from .docx import (
    check_unpacked_size,
    corrupt,
    encrypted,
    is_encrypted_ooxml,
    ole_entries,
)

#: Cells read per workbook at most; a larger workbook is refused as too large.
MAX_CELLS = 2_000_000
#: Columns a hidden-column range may span at most (``<col min="1" max="16384" hidden="1"/>``).
_MAX_SPAN = 20000


# ---------------------------------------------------------------------------
# number formats


_BRACKET = re.compile(r"\[[^\]]*\]")
_DIGIT = set("0#?")


def _section(fmt: str, value: float) -> tuple[str, bool]:
    """The format section for ``value`` and whether the sign must still be printed."""
    sections = _split_sections(fmt)
    if value < 0 and len(sections) >= 2 and sections[1].strip():
        return sections[1], False
    if value == 0 and len(sections) >= 3 and sections[2].strip():
        return sections[2], False
    return sections[0], True


def _split_sections(fmt: str) -> list[str]:
    out, cur, quoted, escaped = [], "", False, False
    for ch in fmt:
        if escaped:
            cur += ch
            escaped = False
        elif ch == "\\":
            cur += ch
            escaped = True
        elif ch == '"':
            quoted = not quoted
            cur += ch
        elif ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text): kind ``lit`` for literal text, ``ph`` for a placeholder character."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = len(section) if j < 0 else j
            out.append(("lit", section[i + 1 : j]))
            i = j + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
            continue
        if ch == "[":
            j = section.find("]", i)
            j = len(section) if j < 0 else j
            inner = section[i + 1 : j]
            m = re.match(r"\$([^-\]]*)", inner)
            if m:  # [$¥-804]: a currency symbol
                out.append(("lit", m.group(1)))
            i = j + 1
            continue
        if ch in "_*":  # padding / fill: the next character is not printed
            i += 2
            continue
        if ch in "0#?.,%":
            out.append(("ph", ch))
        elif ch in "Ee" and i + 1 < len(section) and section[i + 1] in "+-":
            out.append(("ph", "E"))
            i += 2
            continue
        elif ch == "@":
            out.append(("ph", "@"))
        else:
            out.append(("lit", ch))
        i += 1
    return out


def format_general(value: float) -> str:
    """Excel's General format, without its column-width rounding: integers without ``.0``."""
    if math.isnan(value) or math.isinf(value):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}E{'+' if int(exp) >= 0 else '-'}{abs(int(exp)):02d}"
    return text


def format_number(value: float, fmt: str | None) -> str:
    """``value`` as Excel displays it with number format ``fmt`` (common formats; General otherwise)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = (fmt or "General").strip()
    if fmt.lower() in ("general", "", "@") or fmt.lower().startswith("general"):
        return format_general(value)
    try:
        section, signed = _section(fmt, value)
        tokens = _tokens(section)
        if any(t == ("ph", "E") for t in tokens) or "/" in "".join(t for k, t in tokens if k == "ph"):
            return format_general(value)
        digits = [i for i, (k, t) in enumerate(tokens) if k == "ph" and t in _DIGIT]
        if not digits:
            if any(t == ("ph", "@") for t in tokens):
                return "".join(format_general(value) if k == "ph" and t == "@" else (t if k == "lit" else "") for k, t in tokens)
            return "".join(t for k, t in tokens if k == "lit" or t == "%") or format_general(value)
        first, last = digits[0], digits[-1]
        pattern = "".join(t for k, t in tokens[first : last + 1] if k == "ph")
        prefix = "".join(t if k == "lit" else ("%" if t == "%" else "") for k, t in tokens[:first])
        suffix = "".join(t if k == "lit" else ("%" if t == "%" else "") for k, t in tokens[last + 1 :])
        inner_lit = "".join(t for k, t in tokens[first : last + 1] if k == "lit" and t.strip())
        percent = sum(1 for k, t in tokens if k == "ph" and t == "%")
        # trailing commas right after the last digit scale by 1000 each
        scale = 0
        j = last + 1
        while j < len(tokens) and tokens[j] == ("ph", ","):
            scale += 1
            j += 1
        if scale:
            suffix = "".join(t if k == "lit" else ("%" if t == "%" else "") for k, t in tokens[j:])
        number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        if not signed:
            number = abs(number)
        number = number * (Decimal(100) ** percent) / (Decimal(1000) ** scale)
        int_pat, _, frac_pat = pattern.partition(".")
        max_dec = sum(1 for ch in frac_pat if ch in _DIGIT)
        min_dec = sum(1 for ch in frac_pat if ch in "0?")
        rounded = number.quantize(Decimal(1).scaleb(-max_dec), rounding=ROUND_HALF_UP)
        negative = rounded < 0
        text = f"{abs(rounded):.{max_dec}f}"
        int_part, _, frac_part = text.partition(".")
        while len(frac_part) > min_dec and frac_part.endswith("0"):
            frac_part = frac_part[:-1]  # optional (#) decimals
        min_int = sum(1 for ch in int_pat if ch in "0?")
        if int_part == "0" and min_int == 0:
            int_part = ""  # "#.00" shows 0.5 as .50
        int_part = int_part.zfill(min_int)
        if int_part and "," in int_pat.strip(","):
            int_part = f"{int(int_part):,}"
        body = int_part + ("." + frac_part if frac_part else "") + inner_lit
        sign = "-" if negative and signed else ""
        return f"{sign}{prefix}{body}{suffix}"
    except (InvalidOperation, ValueError, OverflowError):
        return format_general(value)


def format_datetime(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    return str(value)


def format_timedelta(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}"


# ---------------------------------------------------------------------------
# sheets -> rows (shared by the two readers)


@dataclass
class _Sheet:
    name: str
    index: int  # 1-based position in the workbook
    texts: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col), 1-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def _col_letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _sheet_ref(name: str) -> str:
    return f"'{name.replace(chr(39), chr(39) * 2)}'" if re.search(r"[^\w.]", name) or not name else name


class _Builder:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.warnings: list[tuple[str, str, int | None]] = []
        self.tables = 0

    def hidden_sheet(self, name: str, has_text: bool) -> None:
        if has_text:
            self.warnings.append(("hidden-skipped", f"工作表「{name}」已隐藏，未读取 / hidden sheet {name!r} skipped", None))

    def sheet(self, s: _Sheet) -> None:
        filled = [(r, c) for (r, c), t in s.texts.items() if t.strip()]
        rows = sorted({r for r, _ in filled if r in s.hidden_rows})
        cols = sorted({c for r, c in filled if c in s.hidden_cols and r not in s.hidden_rows})
        if rows or cols:
            what = []
            if rows:
                what.append("隐藏行（第" + "、".join(map(str, rows[:10])) + ("…" if len(rows) > 10 else "") + "行）")
            if cols:
                what.append("隐藏列（" + "、".join(_col_letter(c) for c in cols[:10]) + ("…" if len(cols) > 10 else "") + "列）")
            self.warnings.append((
                "hidden-skipped",
                f"工作表「{s.name}」的{'和'.join(what)}有内容，未读取 / {len(rows)} hidden row(s) and {len(cols)} hidden column(s) with text skipped",
                rows[0] if rows else None,
            ))
        if not filled:
            return
        visible = {(r, c): t for (r, c), t in s.texts.items() if r not in s.hidden_rows and c not in s.hidden_cols}
        # merged ranges are cut to the area holding text (a range may run to the sheet's end)
        max_r = max(r for r, _ in filled)
        max_c = max(c for _, c in filled)
        merged = [(r1, c1, min(r2, max_r), min(c2, max_c)) for r1, c1, r2, c2 in s.merged if r1 <= max_r and c1 <= max_c]
        # positions covered by merged ranges: (row, col) -> (text, covered, rowspan, colspan)
        placed: dict[tuple[int, int], tuple[str, bool, int, int]] = {}
        for r1, c1, r2, c2 in merged:
            rows = [r for r in range(r1, r2 + 1) if r not in s.hidden_rows]
            cols = [c for c in range(c1, c2 + 1) if c not in s.hidden_cols]
            if not rows or not cols:
                continue
            text = s.texts.get((r1, c1), "")
            for r in rows:
                for c in cols:
                    if (r, c) == (rows[0], cols[0]):
                        placed[(r, c)] = (text, False, len(rows), len(cols))
                    elif c == cols[0]:
                        placed[(r, c)] = (text, True, 1, len(cols))
                    else:
                        placed[(r, c)] = ("", True, 1, 1)
            for r in rows:
                for c in cols:
                    visible.pop((r, c), None)
        own = {(r, c) for (r, c), t in visible.items() if t.strip()}
        own |= {pos for pos, (t, cov, _, _) in placed.items() if t.strip() and not cov}
        if not own:
            return
        lo, hi = min(c for _, c in own), max(c for _, c in own)
        for r1, c1, _r2, c2 in merged:  # a filled merged range keeps all its columns
            if s.texts.get((r1, c1), "").strip() and lo <= c1 <= hi:
                hi = max(hi, c2)
        columns = [c for c in range(lo, hi + 1) if c not in s.hidden_cols]
        position = {c: i for i, c in enumerate(columns)}
        sheet_ref = _sheet_ref(s.name)
        rows_with_text = sorted({r for r, _ in own})
        self.tables += 1
        previous: int | None = None
        for r in rows_with_text:
            blank = 0
            if previous is not None:
                blank = sum(1 for k in range(previous + 1, r) if k not in s.hidden_rows)
                if blank >= 2:
                    self.tables += 1
            cells = []
            for c in columns:
                ref = f"{sheet_ref}!{_col_letter(c)}{r}"
                if (r, c) in placed:
                    text, cov, rowspan, colspan = placed[(r, c)]
                    cells.append(Cell(text=text, col=position[c], line=r, page=s.index, rowspan=rowspan, colspan=colspan, ref=ref, covered=cov))
                else:
                    cells.append(Cell(text=visible.get((r, c), ""), col=position[c], line=r, page=s.index, ref=ref))
            self.rows.append(Row(cells=cells, line=r, page=s.index, gap_before=previous is None or blank >= 1, table=self.tables))
            previous = r


# ---------------------------------------------------------------------------
# .xlsx


def _lines(text: str) -> str:
    """A cell's wrapped lines (Alt+Enter) joined like every reader's wrapped cells."""
    if "\n" not in text and "\r" not in text:
        return text
    return join_wrapped(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _openpyxl_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return _lines(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return format_datetime(value)
    if isinstance(value, dt.timedelta):
        return format_timedelta(value)
    if isinstance(value, (int, float)):
        return format_number(value, cell.number_format)
    return str(value)


def _hidden_columns(ws) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for letter, dim in ws.column_dimensions.items():
        if not dim.hidden:
            continue
        try:
            lo = dim.min or column_index_from_string(letter)
            hi = dim.max or lo
        except ValueError:
            continue
        hidden.update(range(lo, min(hi, lo + _MAX_SPAN) + 1))
    return hidden


_MERGE_REF = re.compile(rb'(<(?:\w+:)?mergeCell\b[^>]*?\bref=")([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})(")')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')
#: A merged range larger than this (cells) is cut to the sheet's cells before openpyxl loads it
#: (openpyxl makes an object for every merged position: ``A:A`` merged is a million).
_MERGE_AREA = 100_000


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def too_many_cells() -> errors.ReadError:
    return errors.ReadError(
        "too-large",
        f"工作簿单元格过多（超过 {MAX_CELLS} 个）",
        f"the workbook has more than {MAX_CELLS} cells",
        "请删除无关的工作表或行后另存，或拆分文件。",
    )


def _clamp_merge(m: re.Match[bytes], max_r: int, max_c: int) -> bytes:
    head, c1, r1, c2, r2, tail = m.groups()
    r2n = max(int(r1), min(int(r2), max_r))
    c2n = max(_col_index(c1), min(_col_index(c2), max_c))
    return head + c1 + r1 + b":" + _col_letter(c2n).encode() + str(r2n).encode() + tail


def _prepare_package(zf: zipfile.ZipFile, data: bytes) -> bytes:
    """Refuse a workbook with too many cells before loading it; cut huge merged ranges to the used area."""
    sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    changed: dict[str, bytes] = {}
    cells = 0
    for name in sheets:
        xml = zf.read(name)
        cells += xml.count(b"<c ") + xml.count(b"<x:c ")
        if cells > MAX_CELLS:
            raise too_many_cells()
        if b"mergeCell" not in xml:
            continue
        refs = _MERGE_REF.findall(xml)
        if not any((int(r2) - int(r1) + 1) * (_col_index(c2) - _col_index(c1) + 1) > _MERGE_AREA for _, c1, r1, c2, r2, _ in refs):
            continue
        used = _CELL_REF.findall(xml)
        max_r = max((int(r) for _, r in used), default=1)
        max_c = max((_col_index(c) for c, _ in used), default=1)

        changed[name] = _MERGE_REF.sub(lambda m, r=max_r, c=max_c: _clamp_merge(m, r, c), xml)
    if not changed:
        return data
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zf.infolist():
            zout.writestr(info, changed.get(info.filename) or zf.read(info.filename))
    return out.getvalue()


def read_xlsx(data: bytes) -> Grid:
    """Read an ``.xlsx`` workbook into a grid. Raises :class:`~jixiao.errors.ReadError`."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if is_encrypted_ooxml(data):
            raise encrypted("XLSX")
        raise corrupt("XLSX", "这是 OLE 容器而不是 ZIP", "an OLE container, not a ZIP package")
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a declared dependency
        raise errors.binary_file("XLSX") from None
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise corrupt("XLSX", "ZIP 容器无法打开", "broken ZIP container") from exc
    with zf:
        check_unpacked_size(zf, "XLSX")
        try:
            data = _prepare_package(zf, data)
        except errors.ReadError:
            raise
        except Exception as exc:  # a part that cannot be unpacked
            raise corrupt("XLSX", "ZIP 容器中的部件无法解压", f"a part cannot be unpacked: {type(exc).__name__}") from exc
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            wb = openpyxl.load_workbook(BytesIO(data), data_only=True, keep_links=False, keep_vba=False, rich_text=False)
    except errors.ReadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise corrupt("XLSX", "工作簿内容无法解析", f"unreadable workbook: {type(exc).__name__}") from exc
    builder = _Builder()
    names = wb.sheetnames
    count = 0
    try:
        for ws in wb.worksheets:
            index = names.index(ws.title) + 1
            cells = getattr(ws, "_cells", None)
            if cells is None:  # pragma: no cover - openpyxl internals changed
                cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
            count += len(cells)
            if count > MAX_CELLS:
                raise too_many_cells()
            texts = {}
            for (r, c), cell in cells.items():
                text = _openpyxl_text(cell)
                if text:
                    texts[(r, c)] = text
            if ws.sheet_state != "visible":
                builder.hidden_sheet(ws.title, any(t.strip() for t in texts.values()))
                continue
            sheet = _Sheet(name=ws.title, index=index, texts=texts)
            sheet.merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
            sheet.hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
            sheet.hidden_cols = _hidden_columns(ws)
            builder.sheet(sheet)
    except errors.ReadError:
        raise
    except Exception as exc:
        raise corrupt("XLSX", "工作簿内容无法解析", f"unreadable workbook: {type(exc).__name__}") from exc
    finally:
        wb.close()
    return Grid(rows=builder.rows, format="xlsx", regular_columns=True, warnings=builder.warnings)


# ---------------------------------------------------------------------------
# .xls


def read_xls(data: bytes) -> Grid:
    """Read a legacy ``.xls`` (BIFF) workbook with xlrd. Raises :class:`~jixiao.errors.ReadError`."""
    if is_encrypted_ooxml(data):
        raise encrypted("Office")
    try:
        import xlrd
    except ImportError:  # pragma: no cover - a declared dependency
        raise errors.binary_file("XLS") from None
    entries = ole_entries(data)
    if entries and not ({"Workbook", "Book"} & set(entries)):
        if "WordDocument" in entries:
            raise corrupt("XLS", "这是 Word 文档而不是 Excel 工作簿", "a Word document, not a workbook")
        raise corrupt("XLS", "OLE 容器中没有工作簿", "no workbook stream in the OLE container")
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_NullLog(), ragged_rows=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error, IndexError …
        if "encrypt" in str(exc).lower():
            raise encrypted("XLS") from None
        if not entries:
            raise corrupt("Office", "OLE 容器无法解析，文件可能不完整", "unreadable OLE container, the file may be incomplete") from exc
        raise corrupt("XLS", "工作簿内容无法解析", f"unreadable workbook: {type(exc).__name__}") from exc
    builder = _Builder()
    count = 0
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            count += sum(sh.row_len(r) for r in range(sh.nrows))
            if count > MAX_CELLS:
                raise too_many_cells()
            texts: dict[tuple[int, int], str] = {}
            for r in range(sh.nrows):
                for c in range(sh.row_len(r)):
                    text = _xlrd_text(book, sh.cell(r, c))
                    if text:
                        texts[(r + 1, c + 1)] = text
            if sh.visibility != 0:
                builder.hidden_sheet(sh.name, any(t.strip() for t in texts.values()))
                book.unload_sheet(index)
                continue
            sheet = _Sheet(name=sh.name, index=index + 1, texts=texts)
            sheet.merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sh.merged_cells]
            sheet.hidden_rows = {r + 1 for r, info in sh.rowinfo_map.items() if info.hidden}
            sheet.hidden_cols = {c + 1 for c, info in sh.colinfo_map.items() if info.hidden}
            builder.sheet(sheet)
            book.unload_sheet(index)
    except errors.ReadError:
        raise
    except Exception as exc:
        raise corrupt("XLS", "工作簿内容无法解析", f"unreadable workbook: {type(exc).__name__}") from exc
    finally:
        book.release_resources()
    return Grid(rows=builder.rows, format="xls", regular_columns=True, warnings=builder.warnings)


class _NullLog:
    def write(self, _text: str) -> None:
        pass


def _xlrd_text(book, cell) -> str:
    import xlrd

    ctype = cell.ctype
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return _lines(cell.value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    fmt = None
    try:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError, TypeError):
        pass
    if ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_general(cell.value)
        if 0 <= cell.value < 1:  # a time of day without a date
            return format_datetime(value.time())
        return format_datetime(value)
    return format_number(cell.value, fmt)
