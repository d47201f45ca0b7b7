"""The common intermediate every reader produces: rows of cells with positions.

A reader (text, and later PDF/DOCX/XLSX/HTML) turns its input into a :class:`Grid`;
the one form recognizer (:mod:`jixiao.recognize`) consumes it. Cells keep the
text as read (wrapped lines joined) and where they came from; clean-up of layout
noise happens in the recognizer, so every format gets the same treatment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .textnorm import clean_cell


@dataclass(slots=True)
class Cell:
    """One cell as read.

    Native readers (PDF, DOCX, XLSX, HTML) emit every grid position of a row. A cell
    covered by a vertical merge repeats the merged text with ``covered=True`` (a merged
    一级 label thus reaches every row of its group, as printed); a position covered by a
    horizontal merge is an empty cell with ``covered=True``.
    """

    text: str
    col: int
    line: int | None = None  # 1-based line of the source text where the cell starts
    page: int | None = None  # 1-based page (PDF) or table/sheet number
    rowspan: int = 1
    colspan: int = 1
    ref: str | None = None  # where a person finds it: "Sheet1!B12", "表2 第5行第3列", "第3页 表1 R5C3"
    bbox: tuple[float, float, float, float] | None = None  # PDF points: x0, top, x1, bottom
    covered: bool = False


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    line: int | None = None
    page: int | None = None
    gap_before: bool = False  # blank line / page break before this row
    table: int | None = None  # index of the source table (native readers); None for text
    _clean: list[str] | None = field(default=None, repr=False, compare=False)
    _filled: list[str] | None = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # per-row results of pure checks

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def cleaned(self) -> list[str]:
        """Cell texts with layout noise removed (computed once per row)."""
        if self._clean is None:
            self._clean = [clean_cell(c.text) for c in self.cells]
        return self._clean

    def filled(self) -> list[str]:
        """The non-empty cleaned texts, in order."""
        if self._filled is None:
            self._filled = [t for t in self.cleaned() if t]
        return self._filled


@dataclass(slots=True)
class Grid:
    rows: list[Row]
    format: str = "text"
    # True when every row prints every column (cell positions can be trusted),
    # as in a Word export; False for tab text where empty cells drift.
    regular_columns: bool = False
    # True when cells were split on spaces (no tabs): column indices say nothing about columns
    loose_columns: bool = False
    warnings: list[tuple[str, str, int | None]] = field(default_factory=list)
