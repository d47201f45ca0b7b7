"""Reader for extracted text: tab-separated tables, one-cell-per-line Word exports,
markdown pipe tables. Produces a :class:`~jixiao.grid.Grid`.

Layouts seen in published forms:

* **tab rows** — one table row per line, cells separated by tabs (PDF/Excel copy);
  empty cells drift and blank lines mark page breaks (``gap_before``);
* **cell per line** — a Word export: a line starting with a tab starts a cell, a
  line without a leading tab continues the cell above (a wrapped cell), a blank line
  ends the row; every row prints every column, so positions can be trusted;
* **pipe rows** — markdown tables (``| a | b |``) from converters; separator rows
  (``|---|---|`` or ``-----⇥-----``) are dropped, heading markers (``## ``) removed;
* **space-aligned rows** — ``pdftotext -layout`` output with no tabs at all: cells are
  separated by runs of two or more spaces (wrapped cells stay on their own lines and
  are joined by the recognizer where the structure allows);
* **word rows** — text pulled out of a PDF line by line, neighbouring cells joined by
  single spaces and wrapped cells interleaved with the row they belong to
  (``兰溪路-真南路下立交工 阶段性项`` / ``项目名称 项目性质 项目类别 特定目标类`` / ``程 目``):
  split on spaces; the recognizer puts interleaved pieces back where the counts agree
  and warns.
"""

from __future__ import annotations

import re

from ..grid import Cell, Grid, Row
from ..textnorm import join_wrapped

_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_BR = re.compile(r"<br\s*/?>", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_SPACE_GAP = re.compile(r"(?<=\S)\s{2,}(?=\S)")


def _is_separator(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_SEPARATOR_CELL.match(c) for c in filled)


def detect_layout(lines: list[str]) -> str:
    """``cells`` (one cell per line), ``spaces`` (space-aligned) or ``rows`` (tab/pipe rows)."""
    content = [ln for ln in lines if ln.strip()]
    if not content:
        return "rows"
    if not any("\t" in ln or ln.strip().startswith("|") for ln in content):
        gapped = sum(1 for ln in content if _SPACE_GAP.search(ln.strip()))
        if gapped >= max(3, len(content) // 5):
            return "spaces"
        spaced = sum(1 for ln in content if " " in ln.strip())
        if spaced >= max(3, len(content) // 3):
            return "words"
    leading = sum(1 for ln in content if ln.startswith("\t"))
    inner = sum(1 for ln in content if "\t" in ln.lstrip("\t").rstrip("\t"))
    # Word export: most lines open a cell with a tab and hardly any carry a tab inside
    if leading >= len(content) * 0.5 and inner <= len(content) * 0.05:
        return "cells"
    return "rows"


def _split_row(line: str, spaces: bool = False) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c for c in stripped[1:-1].split("|")]
    if spaces == "words":
        return stripped.split()
    if spaces:
        return _SPACE_GAP.split(stripped)
    return line.split("\t")


def read_rows(lines: list[str], spaces: bool | str = False) -> Grid:
    rows: list[Row] = []
    gap = False
    pipes = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            gap = True
            continue
        if _HEADING.match(line):
            line = _HEADING.sub("", line)
        if line.strip().startswith("|"):
            pipes += 1
        texts = _split_row(line, spaces)
        if "-" in line and _is_separator(texts):
            continue
        if "<br" in line or "<BR" in line:
            texts = [join_wrapped(_BR.split(t)) if "<" in t else t for t in texts]
        cells = [Cell(t, i, number) for i, t in enumerate(texts)]
        rows.append(Row(cells=cells, line=number, gap_before=gap))
        gap = False
    return Grid(rows=rows, format="markdown" if pipes >= 2 else "text", regular_columns=False)


def read_cells(lines: list[str]) -> Grid:
    rows: list[Row] = []
    cur: list[tuple[int, list[str]]] = []  # (line, wrapped lines) per cell
    start_line: int | None = None
    gap = False

    def flush() -> None:
        nonlocal cur, start_line, gap
        if cur:
            cells = [Cell(text=join_wrapped(parts), col=i, line=ln) for i, (ln, parts) in enumerate(cur)]
            if any(c.text for c in cells):
                rows.append(Row(cells=cells, line=start_line, gap_before=gap))
                gap = False
        cur, start_line = [], None

    for number, line in enumerate(lines, start=1):
        if not line.strip("\n") or (not line.strip() and not line.startswith("\t")):
            flush()
            continue
        if line.startswith("\t") or not cur:
            if start_line is None:
                start_line = number
            for part in line[1:].split("\t") if line.startswith("\t") else line.split("\t"):
                cur.append((number, [part]))
        else:
            cur[-1][1].append(line)
    flush()
    return Grid(rows=rows, format="text", regular_columns=True)


def read_text(text: str) -> Grid:
    """Split decoded text into a grid of rows and cells."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    layout = detect_layout(lines)
    if layout == "cells":
        return read_cells(lines)
    grid = read_rows(lines, spaces="words" if layout == "words" else layout == "spaces")
    grid.loose_columns = layout in ("spaces", "words")
    return grid
