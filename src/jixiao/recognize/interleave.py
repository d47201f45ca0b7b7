"""Put back cells that line-by-line PDF text split around their row.

Text pulled out of a PDF one visual line at a time (single spaces between cells) prints
a row whose cells wrap as three lines: the upper halves of the wrapped cells, then the
row itself (labels and the one-line values), then the lower halves::

    兰溪路-真南路下立交工 阶段性项
    项目名称 项目性质 项目类别 特定目标类
    程 目

When a row's labels lack values and the line above and/or below hold exactly that many
unlabelled pieces, the pieces are the missing values, in order (``项目名称`` =
``兰溪路-真南路下立交工程``, ``项目性质`` = ``阶段性项目``). Anything that does not add up is
left alone. Every repair is reported as a ``cell-joined`` warning.
"""

from __future__ import annotations

from ..grid import Cell, Grid, Row
from ..textnorm import join_wrapped
from .header import classify

_FIELD_KINDS = ("project", "funds", "goal", "extra")


def _is_field_label(text: str) -> bool:
    c = classify(text)
    return c is not None and c[0] in _FIELD_KINDS


def _is_label(text: str) -> bool:
    return classify(text) is not None


def _missing_slots(texts: list[str]) -> list[int]:
    """Positions (in ``texts``) of field labels printed without a value after them."""
    return [k for k, t in enumerate(texts) if _is_field_label(t) and (k + 1 == len(texts) or _is_label(texts[k + 1]))]


def _pieces(row: Row | None) -> list[str] | None:
    if row is None:
        return None
    texts = row.filled()
    if not texts or any(_is_label(t) for t in texts):
        return None
    return texts


def repair(grid: Grid) -> list[tuple[str, str, int | None]]:
    """Repair interleaved wraps in place; return the warnings (code, message, line)."""
    if not grid.loose_columns:
        return []
    rows = grid.rows
    warnings: list[tuple[str, str, int | None]] = []
    out: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        texts = row.filled()
        slots = _missing_slots(texts) if len(texts) >= 2 else []
        if not slots:
            out.append(row)
            i += 1
            continue
        above = _pieces(out[-1]) if out else None
        below = _pieces(rows[i + 1]) if i + 1 < len(rows) else None
        m = len(slots)
        use_above = above is not None and len(above) == m
        use_below = below is not None and len(below) == m
        if not (use_above or use_below):
            out.append(row)
            i += 1
            continue
        values = []
        for j in range(m):
            parts = ([above[j]] if use_above else []) + ([below[j]] if use_below else [])
            values.append(join_wrapped(parts))
        new_texts: list[str] = []
        for k, t in enumerate(texts):
            new_texts.append(t)
            if k in slots:
                new_texts.append(values[slots.index(k)])
        if use_above:
            out.pop()
        out.append(Row(cells=[Cell(t, n, row.line) for n, t in enumerate(new_texts)], line=row.line, page=row.page,
                       gap_before=row.gap_before, table=row.table))
        filled = "、".join(f"{texts[k]}={v}" for k, v in zip(slots, values))
        warnings.append(("cell-joined", f"第{row.line}行：换行的单元格按位置拼回（{filled}），请核对 / wrapped cells of an interleaved line put back", row.line))
        i += 2 if use_below else 1
    grid.rows = out
    return warnings
