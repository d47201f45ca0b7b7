"""The three-level indicator table: rows -> indicators with resolved 一级/二级.

Published tables reach us with merged cells flattened: a 一级/二级 label is printed on
one row of its group (the first, or the middle when the cell was vertically centred),
sometimes on a neighbouring row, sometimes in the wrong column, sometimes split over two
lines or hidden behind another label. The rules below rebuild the groups from the
table's structure and the canonical hierarchy (:mod:`.vocab`), in this order:

1. **Cells** — side captions (``绩效指标``) and furniture (``放行批注``) are dropped;
   the cells right of the name are the value columns named by the header; the cells
   left of it are labels, recognised by vocabulary, not by column. A ``总分``/``合计`` row
   and a ``自评等级`` row are not indicators: the figures under 分值/得分 become
   ``extra['总分值']``/``extra['总得分']``, the grade ``extra['自评等级']`` (:attr:`TableResult.extra`).
2. **Printed labels per row** — a known 二级 names its group; when the printed 一级
   contradicts it, the hierarchy wins (warning ``level-conflict``); ``成本指标`` and
   ``满意度指标`` are 一级 or 二级 by context.
3. **Carry** — a label covers the following unlabelled rows (merged cell); rows before
   the first label of a group take the label below (centred cell; ``level-carried-up``);
   a 一级 not printed for its group comes from the hierarchy (``level-inferred``).
4. **Hidden 二级** — a lone 一级 label in the middle of its own run, where a canonical
   sibling is missing between the previous and next printed 二级 and the row reads as
   that sibling, marks the missing 二级 (``hidden-level2``).
5. **Realignment** — rows at a group edge that clearly belong to the neighbour move
   (``row-realigned``): non-satisfaction rows heading a 满意度 group; counts with no cost
   wording trailing an 经济成本 group; the row above a displaced 二级 label.
6. **Duplicates** — a block printed twice is kept once (``duplicate-dropped``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..grid import Row
from ..model import Indicator, Value, Where
from ..model import Warning as FormWarning
from ..textnorm import clean_cell, compact
from ..values import parse_value
from . import vocab

# header cell key -> column role
_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("level1", re.compile(r"^一级(指标|目标)?$")),
    ("level2", re.compile(r"^二级(指标|目标)?$")),
    ("name", re.compile(r"^三级(指标|目标)?(名称)?$|^指标名称$")),
    ("actual", re.compile(r"实际(完成)?(指标)?值|实际完成(情况)?$|^完成值$|全年实际值")),
    ("weight", re.compile(r"^(分值|权重|指标分值|权重[（(]?分[)）]?|分值[（(]?分[)）]?)$")),
    ("score", re.compile(r"^(得分|自评得分|评分)$")),
    ("reason", re.compile(r"偏差|原因|改进措施|备注")),
    ("longterm", re.compile(r"中期|长期|实施期|项目期|总体指标值|整体指标值")),
    ("op", re.compile(r"^(指标性质|运算符号?|比较符号?|符号|指标符号)$")),
    ("unit", re.compile(r"^(度量单位|计量单位|单位|指标单位)$")),
    ("target", re.compile(r"指标值|目标值|^预期(指标)?值$|^指标目标值$|^年度目标$|^年度指标$|^目标$")),
]
VALUE_ROLES = ("target", "actual", "weight", "score", "reason", "longterm", "op", "unit")
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|总分|总得分|得分合计|分值合计)[：:]?$")
# the totals of the whole table (a 小计 is a group's subtotal: dropped, never captured)
_GRAND_TOTAL = re.compile(r"^(合计|总计|总分|总得分|得分合计|分值合计)$")
_TOTAL_INLINE = re.compile(r"^(合计|总计|总分|总得分|得分合计|分值合计)[：:]\s*(.+)$")
# a printed self-evaluation grade: label, and a value that is a grade word (kept as printed)
GRADE_LABEL = re.compile(r"^(自评等级|评价等级|绩效等级|绩效评价等级|综合评价等级|自评结论|评价结论|等级)$")
GRADE_VALUE = re.compile(r"^(优秀?|良好?|中等?|合格|及格|一般|较差|差|不合格)(等级?|级)?$")
_GRADE_INLINE = re.compile(r"^([^：:]{2,8})[：:]\s*(.+)$")
_OP_WORDS = {"定性", "定量", "正向", "反向", "正向指标", "反向指标", "定性指标", "定量指标", "—", "-", "/"}


def header_roles(row: Row) -> list[tuple[int, str]] | None:
    """(column, role) for a table header row, or None when the row is not one."""
    if "roles" in row._memo:
        return row._memo["roles"]
    row._memo["roles"] = roles = _header_roles(row)
    return roles


def _header_roles(row: Row) -> list[tuple[int, str]] | None:
    cleaned = row.cleaned()
    if not any("三级" in t or "指标名称" in t for t in cleaned):
        return None
    roles: list[tuple[int, str]] = []
    for cell, text in zip(row.cells, cleaned):
        k = vocab.key(text)
        if not k:
            continue
        for role, pattern in _ROLE_PATTERNS:
            if pattern.search(k):
                roles.append((cell.col, role))
                break
    names = {r for _, r in roles}
    if "name" in names and ("level1" in names or "level2" in names):
        if "target" not in names:
            roles.append((max(c for c, _ in roles) + 1, "target"))
        return roles
    return None


@dataclass
class _Row:
    line: int | None
    gap: bool
    labels: list[str]
    name: str
    name_line: int | None
    values: dict[str, str]
    page: int | None = None
    ref: str | None = None
    p1: str | None = None  # printed 一级 (text)
    p2: str | None = None  # printed 二级 (text)
    displaced: list[str] = field(default_factory=list)  # 二级 labels printed on this row but not its own
    conflict: str | None = None  # printed 一级 that contradicted the 二级
    cost_ambiguous: bool = False
    sat_ambiguous: bool = False
    l1: str | None = None
    l2: str | None = None
    target: Value | None = None
    actual: Value | None = None
    longterm: Value | None = None


@dataclass
class TableResult:
    indicators: list[Indicator]
    warnings: list[FormWarning]
    # fields the table prints outside its indicator rows, for ``project.extra``:
    # 总分值 / 总得分 (the 总分/合计 row), 自评等级 (a printed grade)
    extra: dict[str, str] = field(default_factory=dict)


def is_grade(text: str) -> bool:
    """``优`` / ``良好`` / ``合格`` / ``优（90分以上）``: a self-evaluation grade word."""
    return bool(text) and bool(GRADE_VALUE.match(vocab.key(text)))


def grade_label(text: str) -> bool:
    return bool(GRADE_LABEL.match(vocab.key(text)))


def _at_line(line: int | None, ref: str | None) -> str:
    """Where, in words: 第12行 for text, the cell reference for native formats."""
    if line is not None:
        return f"第{line}行"
    return f"「{ref}」" if ref else "表中某行"


def _at(row: "_Row") -> str:
    return _at_line(row.line, row.ref)


def _cjk_join(a: str, b: str) -> bool:
    return bool(a and b) and not (a[-1].isascii() and b[0].isascii())


def _num(text: str | None) -> float | None:
    if not text:
        return None
    m = re.fullmatch(r"[（(]?\s*(-?\d+(?:\.\d+)?)\s*(?:分)?[)）]?", text.replace(",", ""))
    return float(m.group(1)) if m else None


class TableReader:
    def __init__(self, roles: list[tuple[int, str]] | None, header_width: int | None, regular: bool, loose: bool = False):
        self.roles = roles or [(0, "level1"), (1, "level2"), (2, "name"), (3, "target")]
        self.value_roles = [r for _, r in sorted(self.roles) if r in VALUE_ROLES]
        self.header_width = header_width
        self.regular = regular
        self.loose = loose  # cells split on spaces: a column index says nothing
        self.rows: list[_Row] = []
        self.warnings: list[FormWarning] = []
        self._pending_labels: list[str] = []
        self._pending_gap = False
        self.extra: dict[str, str] = {}

    def warn(self, code: str, message: str, line: int | None, cell: str | None = None) -> None:
        self.warnings.append(FormWarning(code=code, message=message, line=line, cell=cell))

    # ---- 1. cells -------------------------------------------------------------
    def feed(self, row: Row) -> None:
        if header_roles(row):
            return  # repeated header after a page break
        if self._summary_row(row):
            return  # 总分/合计 or 自评等级: read into ``extra``, not an indicator
        gap = row.gap_before or self._pending_gap
        self._pending_gap = False
        if self.regular and self.header_width and len(row.cells) == self.header_width:
            parsed = self._positional(row)
        elif len(self.value_roles) > 1 and self.header_width and len(row.cells) == self.header_width:
            parsed = self._hybrid(row)
        else:
            parsed = self._compacted(row)
        if parsed is None:
            if gap:
                self._pending_gap = True
            return
        labels, name, name_cell, values = parsed
        if _TOTAL_ROW.match(vocab.key(name)):
            return  # a 合计/总分 row is not an indicator
        if self._pending_labels:
            labels = self._pending_labels + labels
            self._pending_labels = []
        line = row.line if row.line is not None else name_cell.line
        self.rows.append(_Row(line=line, gap=gap, labels=labels, name=name, name_line=name_cell.line, values=values,
                              page=name_cell.page, ref=name_cell.ref))

    # ---- totals and grade -----------------------------------------------------------
    def _summary_row(self, row: Row) -> bool:
        """A 总分/合计 row or a 自评等级 row: capture what it prints; True when the row is one.

        The first printed cell (side captions aside) says what the row is: a total word
        (``总分``, ``合计``, ``总得分`` …, also ``总分：98.97``) or a grade label (``自评等级``,
        ``评价等级``, ``等级``, ``自评结论``, also ``评价等级：良``). A grade label elsewhere in a
        total row (``总分 | 100 | 98.97 | 自评等级：优``) is read too.
        """
        cells = [(c, t) for c, t in zip(row.cells, row.cleaned()) if t]
        while cells and (vocab.is_caption(cells[0][1]) or vocab.is_furniture(cells[0][1])):
            cells.pop(0)
        if not cells:
            return False
        first = cells[0][1]
        k = vocab.key(first)
        inline = _TOTAL_INLINE.match(compact(first))
        if inline and _num(inline.group(2)) is None:
            inline = None
        total = bool(_TOTAL_ROW.match(k)) or inline is not None
        if not total and not grade_label(first) and self._grade_inline(first) is None:
            return False
        grade = self._grade_in(cells)
        if grade is not None:
            self.extra["自评等级"] = grade
        if total and (_GRAND_TOTAL.match(k) or inline):
            label = inline.group(1) if inline else k
            self._read_total(row, label, cells[1:], inline.group(2) if inline else None)
        return True

    @staticmethod
    def _grade_inline(text: str) -> str | None:
        m = _GRADE_INLINE.match(text)
        if m and grade_label(m.group(1)) and is_grade(m.group(2).strip()):
            return m.group(2).strip()
        return None

    def _grade_in(self, cells: list) -> str | None:
        """The grade printed in a row: ``自评等级 | 优`` or ``自评等级：优`` in one cell."""
        for i, (_, text) in enumerate(cells):
            value = self._grade_inline(text)
            if value is not None:
                return value
            if grade_label(text) and i + 1 < len(cells) and is_grade(cells[i + 1][1]):
                return cells[i + 1][1]
        return None

    def _read_total(self, row: Row, label: str, cells: list, inline: str | None) -> None:
        """总分值 / 总得分 from a total row, by the column each number sits in.

        Where the row's cells line up with the header (native formats, tab rows printing
        every column) the number's column decides; a tab row with fewer cells (the label's
        merged cell became one) is aligned on its last cell; numbers still unplaced go, in
        order, to the 分值 and 得分 columns not yet filled (one number alone: the 得分 when
        the table has one, as the printed total of a self-evaluation is its score).
        """
        role_at = dict(self.roles)
        wanted = [r for _, r in sorted(self.roles) if r in ("weight", "score")]
        if not wanted:
            return
        numbers = [(c, t) for c, t in cells if _num(t) is not None]
        placed: dict[str, str] = {}
        loose: list[str] = [inline] if inline else []
        width = len(row.cells)
        exact = self.header_width is not None and width == self.header_width and not self.loose
        shift = (self.header_width - width) if (self.header_width and not self.loose and not exact and width < self.header_width) else None
        if exact:
            for cell, text in numbers:
                spanned = [role_at.get(col) for col in range(cell.col, cell.col + max(cell.colspan, 1))]
                hits = [r for r in spanned if r in ("weight", "score")]
                if len(hits) == 1 and hits[0] not in placed:
                    placed[hits[0]] = text  # a figure in another column (指标值 …) is no total
        else:
            aligned = [role_at.get(cell.col + shift) if shift is not None else None for cell, _ in numbers]
            if aligned and all(r in ("weight", "score") for r in aligned) and len(set(aligned)) == len(aligned):
                placed = {r: t for r, (_, t) in zip(aligned, numbers)}
            else:  # the alignment does not hold (no trailing cell): take the figures in order
                loose += [t for _, t in numbers]
        rest = [r for r in wanted if r not in placed]
        if loose and rest:
            if len(loose) == 1 and len(rest) > 1:
                rest = ["weight"] if label == "分值合计" else ["score"]
            for role, text in zip(rest, loose):
                placed[role] = text
        if "weight" in placed:
            self.extra["总分值"] = placed["weight"]
        if "score" in placed:
            self.extra["总得分"] = placed["score"]

    def _positional(self, row: Row):
        by_col = {c.col: c for c in row.cells}
        labels: list[str] = []
        name = None
        name_cell = None
        values: dict[str, str] = {}
        for col, role in self.roles:
            cell = by_col.get(col)
            text = clean_cell(cell.text) if cell else ""
            if not text:
                continue
            if role in ("level1", "level2"):
                if not vocab.is_caption(text):
                    labels.append(text)
            elif role == "name":
                name, name_cell = text, cell
            else:
                values[role] = text
        if name is None:
            if labels:
                self._pending_labels.extend(labels)
            return None
        return labels, name, name_cell, values

    def _hybrid(self, row: Row):
        """Tab rows that print every column: values by header position, labels/name compacted."""
        first_value = min(col for col, role in self.roles if role in VALUE_ROLES)
        cleaned = row.cleaned()
        left = [(t, c) for t, c in zip(cleaned[:first_value], row.cells[:first_value]) if t and not vocab.is_caption(t)]
        if not left:
            return self._compacted(row)
        values = {role: cleaned[col] for col, role in self.roles if role in VALUE_ROLES and col < len(cleaned) and cleaned[col]}
        if "target" not in values:
            return self._compacted(row)
        name, name_cell = left[-1]
        return [t for t, _ in left[:-1]], name, name_cell, values

    def _compacted(self, row: Row):
        cells = [(t, c) for t, c in zip(row.cleaned(), row.cells) if t]
        # side captions and furniture on the left (a lone caption word may end a wrapped label)
        while len(cells) > 1 and (vocab.is_caption(cells[0][0]) or vocab.is_furniture(cells[0][0])):
            cells.pop(0)
        if len(cells) == 1 and vocab.is_furniture(cells[0][0]):
            return None
        if not cells:
            return None
        if len(cells) == 1:
            text, cell = cells[0]
            line, col = cell.line, cell.col
            if vocab.level1_of(text) or vocab.level2_of(text) or vocab.split_combined(text):
                self._pending_labels.append(text)
            elif self._join_wrapped_label(text) or self._join_wrapped_cell(text, col, line):
                pass
            elif not vocab.is_furniture(text) and not vocab.is_caption(text):
                self.warn("ignored-row", f"{_at_line(line, cell.ref)}只有一个单元格「{text[:40]}」，不是指标行，已忽略 / a lone cell, not an indicator row", line, cell.ref)
            return None
        k = len(self.value_roles)
        # a trailing label means the row has no value: shift
        texts = [t for t, _ in cells]
        n_values = min(k, len(cells) - 1)
        while n_values > 0 and self._is_strong_label(texts[-n_values - 1]) and not self._is_label(texts[-n_values]) and not self._is_value_like(texts[-n_values]):
            # the cell we would take as the name is a label: the row lacks values
            n_values -= 1
        if n_values == 0 and self._is_label(texts[-1]):
            self._pending_labels.extend(texts)
            return None
        name, name_cell = cells[len(cells) - n_values - 1]
        value_cells = texts[len(cells) - n_values:]
        roles = self.value_roles[:n_values]
        values = dict(zip(roles, value_cells))
        labels = texts[: len(cells) - n_values - 1]
        return labels, name, name_cell, values

    @staticmethod
    def _is_label(text: str) -> bool:
        return bool(vocab.level1_of(text) or vocab.level2_of(text) or vocab.is_caption(text) or vocab.split_combined(text))

    @staticmethod
    def _is_strong_label(text: str) -> bool:
        """A label that cannot also be an indicator name (``质量指标``, not ``满意度``)."""
        k = vocab.key(text)
        return k in vocab.LEVEL1 or (k.endswith("指标") and bool(vocab.level2_of(text))) or vocab.is_caption(text)

    @staticmethod
    def _is_value_like(text: str) -> bool:
        v = parse_value(text)
        return v is not None and v.kind in ("number", "range", "date")

    def _join_wrapped_cell(self, text: str, col: int, line: int | None) -> bool:
        """A lone cell in the 三级 (or value) column right below a row: the end of its wrapped text."""
        if not self.rows or line is None:
            return False
        prev = self.rows[-1]
        if prev.line is None or line - prev.line > 2:
            return False
        role = next((r for c, r in self.roles if c == col), None)
        if self.loose and len(text) <= 12:
            role = "target" if self._is_value_like(text) else "name"
        if role == "name":
            prev.name += text if _cjk_join(prev.name, text) else " " + text
        elif role == "target" and "target" in prev.values:
            prev.values["target"] += text if _cjk_join(prev.values["target"], text) else " " + text
        else:
            return False
        self.warn("cell-joined", f"{_at_line(line, None)}「{text}」接在上一行的{'指标名称' if role == 'name' else '指标值'}之后（单元格内换行） / wrapped cell joined", line)
        return True

    def _join_wrapped_label(self, text: str) -> bool:
        """``标`` on its own line completing ``满意度指`` printed on the row above."""
        if not self.rows:
            return False
        prev = self.rows[-1]
        for i, label in enumerate(prev.labels):
            joined = label + text
            if vocab.level1_of(joined) or vocab.level2_of(joined):
                prev.labels[i] = joined
                self.warn("label-joined", f"{_at(prev)}的标签「{label}」与下一行「{text}」合并为「{joined}」 / wrapped label joined", prev.line, prev.ref)
                return True
        return False

    # ---- 2..6 -------------------------------------------------------------------
    def finish(self) -> TableResult:
        rows = self.rows
        self._join_split_labels(rows)
        for r in rows:
            self._printed_labels(r)
        self._carry(rows)
        self._realign(rows)
        rows = self._dedupe(rows)
        indicators = []
        for r in rows:
            category, subcategory = vocab.categorize(r.l1, r.l2)
            indicators.append(
                Indicator.model_construct(  # fields built here are valid by construction (hot path)
                    level1=r.l1,
                    level2=r.l2,
                    name=r.name,
                    category=category,
                    subcategory=subcategory,
                    target=r.target,
                    actual=r.actual,
                    weight=_num(r.values.get("weight")),
                    score=_num(r.values.get("score")),
                    target_longterm=r.longterm,
                    deviation_reason=r.values.get("reason"),
                    where=Where.model_construct(page=r.page, line=r.name_line, cell=r.ref),
                )
            )
        return TableResult(indicators=indicators, warnings=self.warnings, extra=dict(self.extra))

    def _join_split_labels(self, rows: list[_Row]) -> None:
        """``满意度指`` among one row's labels and ``标`` leading the next row's labels."""
        for a, b in zip(rows, rows[1:]):
            if not a.labels or not b.labels:
                continue
            first = b.labels[0]
            if vocab.level1_of(first) or vocab.level2_of(first):
                continue
            for i, label in enumerate(a.labels):
                if vocab.level1_of(label) or vocab.level2_of(label):
                    continue
                joined = label + first
                if vocab.level1_of(joined) or vocab.level2_of(joined):
                    a.labels[i] = joined
                    b.labels.pop(0)
                    self.warn("label-joined", f"{_at(a)}的标签「{label}」与下一行「{first}」合并为「{joined}」 / wrapped label joined", a.line, a.ref)
                    break

    @staticmethod
    def _compose(values: dict[str, str], key: str) -> str | None:
        """指标性质 | 指标值 | 度量单位 printed apart -> one value (``≥`` ``5000`` ``册`` -> ``≥5000册``)."""
        text = values.get(key)
        if text is None or key != "target" or ("op" not in values and "unit" not in values):
            return text
        op = values.get("op", "")
        unit = values.get("unit", "")
        if op in _OP_WORDS:
            op = ""
        if unit and (unit in text or not re.search(r"\d", text)):
            unit = ""
        return f"{op}{text}{unit}"

    def _printed_labels(self, r: _Row) -> None:
        r.target = parse_value(self._compose(r.values, "target"))
        r.longterm = parse_value(r.values.get("longterm"))
        r.actual = parse_value(r.values.get("actual"))
        items: list[tuple[str, str]] = []  # (kind, text)
        for text in r.labels:
            if text == r.name or vocab.is_caption(text):
                continue
            parts = vocab.split_combined(text) or [text]
            for part in parts:
                k = vocab.key(part)
                if k in vocab.AMBIGUOUS:
                    items.append(("amb", part))
                elif vocab.level1_of(part):
                    items.append(("l1", part))
                elif vocab.level2_of(part):
                    items.append(("l2", part))
                elif vocab.is_furniture(part):
                    continue
                else:
                    items.append(("unknown", part))
        kinds = [k for k, _ in items]
        # resolve the ambiguous 成本指标 / 满意度指标
        for i, (kind, text) in enumerate(items):
            if kind != "amb":
                continue
            k = vocab.key(text)
            others = [vocab.level2_of(t) for kd, t in items if kd == "l2"]
            if k == "满意度":  # 一级 in short-name forms, 二级 under the legacy 效果目标
                if "l1" in kinds[:i]:
                    items[i] = ("l2", text)
                else:
                    items[i] = ("l1", text)
                    r.sat_ambiguous = not others
            elif k == "满意度指标":
                if "amb" in kinds[:i] or "l1" in kinds[:i]:
                    items[i] = ("l2", text)
                else:
                    items[i] = ("l1", text)
            else:  # 成本指标
                if any(o in vocab.COST_CHILDREN for o in others):
                    items[i] = ("l1", text)
                elif "l1" in kinds[:i]:
                    items[i] = ("l2", text)
                else:
                    items[i] = ("l1", text)
                    r.cost_ambiguous = True
        l1s = [t for k, t in items if k == "l1"]
        l2s = [t for k, t in items if k == "l2"]
        unknown = [t for k, t in items if k == "unknown"]
        if len(l2s) > 1:
            r.displaced = l2s[:-1]
        r.p2 = l2s[-1] if l2s else None
        r.p1 = l1s[-1] if l1s else None
        if unknown:
            if r.p1 and not r.p2:
                r.p2 = unknown[-1]
            elif r.p2 and not r.p1:
                r.conflict = unknown[0]  # e.g. 双语指标: checked against the hierarchy below
            elif not r.p1 and not r.p2:
                if len(unknown) >= 2:
                    r.p1, r.p2 = unknown[-2], unknown[-1]
                else:
                    r.p2 = unknown[0]

    def _cost_context(self, rows: list[_Row], i: int) -> bool:
        """Whether 成本指标 printed alone on row i heads 101号 cost sub-groups."""
        for j in range(i, -1, -1):
            if j != i and rows[j].p1 and not rows[j].cost_ambiguous:
                break
            if rows[j].p2 and vocab.level2_of(rows[j].p2) in vocab.COST_CHILDREN:
                return True
        for j in range(i + 1, len(rows)):
            if rows[j].p1 and not rows[j].cost_ambiguous:
                break
            if rows[j].p2 and vocab.level2_of(rows[j].p2) in vocab.COST_CHILDREN:
                return True
        return False

    def _carry(self, rows: list[_Row]) -> None:
        cur_l1: str | None = None
        cur_l2: str | None = None
        inferred_at: dict[int, str] = {}
        for i, r in enumerate(rows):
            p1, p2 = r.p1, r.p2
            if r.cost_ambiguous and not self._cost_context(rows, i):
                if cur_l1 and vocab.level1_of(cur_l1) == "产出指标" and not p2:
                    p1, p2 = None, r.p1  # pre-2021: 成本指标 is a 二级 of 产出指标
            if r.sat_ambiguous and cur_l1 and vocab.key(cur_l1) in ("效果目标", "效果指标") and not p2:
                p1, p2 = None, r.p1  # legacy: 满意度 is a 二级 of 效果目标
            if r.displaced and i > 0:
                self._displaced_label(rows, i, r.displaced[0])
            if p1 is not None:
                if p2 is None and cur_l2 is not None:
                    l2c = vocab.level2_of(cur_l2)
                    if l2c and not vocab.allows(vocab.level1_of(p1), p1, l2c):
                        cur_l2 = None  # a new 一级 whose 二级 is printed further down
                    elif l2c and vocab.level1_of(cur_l1 or "") == vocab.level1_of(p1):
                        hidden = self._hidden_sibling(rows, i, l2c)
                        if hidden:
                            cur_l2 = hidden
                            self.warn("hidden-level2", f"{_at(r)}只印了一级「{p1}」，按层级推定二级为「{hidden}」 / hidden 二级 inferred", r.line, r.ref)
                elif p2 is None and vocab.level1_of(p1) not in vocab.OPEN_LEVEL1:
                    cur_l2 = None
                if p2 is None and vocab.level1_of(p1) in vocab.OPEN_LEVEL1 and vocab.level1_of(cur_l1 or "") != vocab.level1_of(p1):
                    cur_l2 = None
                cur_l1 = p1
            if p2 is not None:
                cur_l2 = p2
                l2c = vocab.level2_of(p2)
                l1c = vocab.level1_of(cur_l1) if cur_l1 else None
                conflict_reported = False
                if l2c and not vocab.allows(l1c, cur_l1, l2c):
                    parent = vocab.CANON_PARENT.get(l2c) or ("产出指标" if l2c == "成本指标" else None)
                    if parent:
                        if p1 is not None or r.conflict:
                            printed = r.conflict or p1
                            self.warn("level-conflict", f"{_at(r)}一级「{printed}」与二级「{p2}」不符，按层级取「{parent}」 / printed 一级 contradicts the 二级", r.line, r.ref)
                            conflict_reported = True
                        elif cur_l1 is not None:
                            inferred_at[i] = parent
                        cur_l1 = parent
                        if p1 is None and i not in inferred_at:
                            inferred_at[i] = parent
                if r.conflict and p1 is None and not conflict_reported:
                    self.warn("level-conflict", f"{_at(r)}标签「{r.conflict}」不在指标层级中，已忽略 / unknown label ignored", r.line, r.ref)
            r.l1, r.l2 = cur_l1, cur_l2
        # rows before the first label of a group take the label below (centred cells)
        nxt_l1 = nxt_l2 = None
        for i in range(len(rows) - 1, -1, -1):
            r = rows[i]
            if r.l2 is None and nxt_l2 is not None and (r.l1 is None or nxt_l1 is None or vocab.level1_of(r.l1) == vocab.level1_of(nxt_l1)):
                r.l2 = nxt_l2
                if r.l1 is None:
                    r.l1 = nxt_l1
                self.warn("level-carried-up", f"{_at(r)}未印一级/二级，取下方的「{r.l1}/{r.l2}」 / labels taken from the row below", r.line, r.ref)
            elif r.l1 is None and nxt_l1 is not None:
                r.l1 = nxt_l1
                self.warn("level-carried-up", f"{_at(r)}未印一级，取下方的「{r.l1}」 / label taken from the row below", r.line, r.ref)
            nxt_l1, nxt_l2 = r.l1, r.l2
        # a 一级 taken from the hierarchy and never printed in its run: say so
        printed_runs: dict[int, bool] = {}
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].l1 != rows[start].l1:
                printed = any(vocab.level1_of(rows[j].p1 or "") == vocab.level1_of(rows[start].l1 or "x") for j in range(start, i))
                for j in range(start, i):
                    printed_runs[j] = printed
                start = i
        for i, parent in inferred_at.items():
            if not printed_runs.get(i):
                self.warn("level-inferred", f"{_at(rows[i])}所在组未印一级，按二级「{rows[i].l2}」推定为「{parent}」 / 一级 inferred from the hierarchy", rows[i].line, rows[i].ref)

    def _hidden_sibling(self, rows: list[_Row], i: int, carried: str) -> str | None:
        parent = vocab.CANON_PARENT.get(carried)
        order = vocab.SIBLING_ORDER.get(parent or "", [])
        nxt = next((vocab.level2_of(r.p2) for r in rows[i + 1:] if r.p2), None)
        if carried not in order or nxt not in order:
            return None
        a, b = order.index(carried), order.index(nxt)
        if b - a < 2:
            return None
        seen = {vocab.level2_of(r.p2) for r in rows if r.p2}
        for candidate in order[a + 1 : b]:
            if candidate in seen:
                continue
            name = rows[i].name
            if vocab.looks_like(name, candidate) and not vocab.looks_like(name, carried):
                return candidate
            return None
        return None

    def _displaced_label(self, rows: list[_Row], i: int, label: str) -> None:
        """A 二级 printed beside the next group's row: it names the row above."""
        prev = rows[i - 1]
        lc = vocab.level2_of(label)
        if prev.p2 is None and prev.l2 and lc and vocab.CANON_PARENT.get(lc) == vocab.CANON_PARENT.get(vocab.level2_of(prev.l2) or ""):
            prev.l2 = label
            self.warn("row-realigned", f"{_at(prev)}归入「{label}」（该标签印在了下一行） / row moved to the label printed one row low", prev.line, prev.ref)

    def _realign(self, rows: list[_Row]) -> None:
        groups: list[list[int]] = []
        for i, r in enumerate(rows):
            if groups and (rows[groups[-1][0]].l1, rows[groups[-1][0]].l2) == (r.l1, r.l2):
                groups[-1].append(i)
            else:
                groups.append([i])
        for ga, gb in zip(groups, groups[1:]):
            a, b = rows[ga[0]], rows[gb[0]]
            cat_a, sub_a = vocab.categorize(a.l1, a.l2)
            cat_b, sub_b = vocab.categorize(b.l1, b.l2)
            if cat_b == "满意度指标" and cat_a != "满意度指标":
                firsts = [j for j in gb if vocab.is_satisfaction(rows[j].name)]
                if firsts:
                    for j in gb:
                        if j >= firsts[0]:
                            break
                        rows[j].l1, rows[j].l2 = a.l1, a.l2
                        self.warn("row-realigned", f"{_at(rows[j])}「{rows[j].name}」不是满意度指标，归入上一组「{a.l2 or a.l1}」 / row moved out of the 满意度 group", rows[j].line, rows[j].ref)
            if sub_a == "经济成本指标" and cat_b != "成本指标":
                tail: list[int] = []
                for j in reversed(ga):
                    r = rows[j]
                    t = r.target
                    countish = t is not None and t.op in (">=", ">", "=") and t.unit in vocab.COUNT_UNITS
                    if countish and not vocab.is_cost_like(r.name, t.unit if t else None):
                        tail.append(j)
                    else:
                        break
                if tail and len(tail) < len(ga):
                    for j in tail:
                        rows[j].l1, rows[j].l2 = b.l1, b.l2
                        self.warn("row-realigned", f"{_at(rows[j])}「{rows[j].name}」是数量而非成本，归入下一组「{b.l2 or b.l1}」 / row moved out of the cost group", rows[j].line, rows[j].ref)

    def _dedupe(self, rows: list[_Row]) -> list[_Row]:
        out: list[_Row] = []
        sigs: list[tuple] = []
        for r in rows:
            sig = (r.name, r.target.raw if r.target else None, r.actual.raw if r.actual else None)
            if sig in sigs[-12:]:
                self.warn("duplicate-dropped", f"{_at(r)}「{r.name}」与前文重复（重复打印的区块），只保留一次 / a row printed twice was kept once", r.line, r.ref)
                continue
            out.append(r)
            sigs.append(sig)
        return out
