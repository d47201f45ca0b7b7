"""The one form recognizer: a :class:`~jixiao.grid.Grid` -> title and forms.

Every reader feeds this; a new input format never gets its own recognizer.

A document is cut into forms by structure: a form heading line
(``财政项目支出绩效目标申报表``, ``…绩效目标自评``), or a second ``项目名称`` field, starts a
new form; a heading that names a collection (``…汇总表``) is the document title. Inside
a form, rows up to the indicator table header are header fields
(:mod:`.header`); rows after it are indicator rows (:mod:`.table`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import errors
from ..grid import Grid, Row
from ..model import Form
from ..model import Warning as FormWarning
from . import interleave, vocab
from .header import HeaderState, classify
from .table import TableReader, header_roles

_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[：:]\s*")
_TITLE = re.compile(r"绩效目标|自评|绩效评价")
_YEAR_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[)）]$")
_YEAR_IN_TITLE = re.compile(r"(20\d{2}|19\d{2})\s*年")
_ATTACHMENT_ONLY = re.compile(r"^附件\s*\d*\s*[：:]?$")
_TRAILING_YEAR = re.compile(r"\s*[（(]\s*\d{4}\s*年度?\s*[)）]\s*$")


def year_of(text: str | None) -> int | None:
    m = _YEAR_IN_TITLE.search(text or "")
    return int(m.group(1)) if m else None


def _single_text(row: Row) -> str | None:
    texts = row.filled()
    return texts[0] if len(texts) == 1 else None


def title_of(row: Row) -> str | None:
    text = _single_text(row)
    if not text:
        return None
    text = _ATTACHMENT.sub("", text).lstrip("#").strip()
    core = _TRAILING_YEAR.sub("", text)
    if len(text) > 80 or "：" in text or ":" in text or not _TITLE.search(text):
        return None
    if not re.search(r"(表|自评)$", core):
        return None
    if vocab.is_caption(text) or classify(text) is not None:
        return None
    return text


def form_kind(heading: str | None, has_actual: bool) -> str:
    h = heading or ""
    if "部门整体" in h:
        return "department_overall"
    if "自评" in h or "评价" in h or has_actual:
        return "self_evaluation"
    return "declaration"


@dataclass
class _FormBuilder:
    regular: bool
    heading: str | None = None
    year: int | None = None
    header: HeaderState = field(default_factory=HeaderState)
    table: TableReader | None = None
    table_id: int | None = None
    closed: bool = False
    loose: bool = False
    start_line: int | None = None

    def has_name(self) -> bool:
        return bool(self.header.project.get("name"))

    def has_content(self) -> bool:
        return bool(self.header.project or self.header.funds or (self.table and self.table.rows))

    def feed(self, row: Row) -> None:
        if self.start_line is None:
            self.start_line = row.line
        if self.closed:
            return  # rows of an unrelated table after this form's indicator table
        roles = header_roles(row)
        if roles and self.table is None:
            width = max(c.col for c in row.cells) + 1
            self.table = TableReader(roles, width, self.regular, loose=self.loose)
            self.table_id = row.table
            return
        if self.table is not None:
            if row.table is None and self.table_id is not None:
                return  # text between or after the tables of a native file (notes, footers)
            if row.table is not None and self.table_id is not None and row.table != self.table_id:
                if not self._continues(row):
                    self.closed = True
                    return
                self.table_id = row.table
            self.table.feed(row)
            return
        if not self.header.feed(row, self.regular) and self._looks_like_indicator(row):
            # a table with no header row
            self.table = TableReader(None, None, self.regular, loose=self.loose)
            self.table.feed(row)

    def _continues(self, row: Row) -> bool:
        """Whether a new source table continues the indicator table (next page, split table)."""
        if header_roles(row):
            return True
        texts = row.filled()
        if self.table is not None and self.table.header_width and len(row.cells) == self.table.header_width:
            return True
        return any(vocab.level1_of(t) or vocab.level2_of(t) or vocab.is_caption(t) for t in texts) and len(texts) >= 2

    @staticmethod
    def _looks_like_indicator(row: Row) -> bool:
        texts = row.filled()
        return len(texts) >= 3 and any(vocab.level1_of(t) or vocab.level2_of(t) for t in texts[:-1])

    def build(self, default_year: int | None = None) -> Form:
        project, funds, goals = self.header.build()
        warnings = [FormWarning(code=c, message=m, line=ln) for c, m, ln in self.header.warnings]
        indicators = []
        if self.table is not None:
            result = self.table.finish()
            indicators = result.indicators
            warnings.extend(result.warnings)
            for k, v in result.extra.items():  # 总分值/总得分/自评等级 printed in the table
                project.extra.setdefault(k, v)
        if not indicators:
            warnings.append(FormWarning(code="no-indicators", message="该表未读到任何绩效指标 / no indicator rows found in this form", line=self.start_line))
        year = self.year
        if year is None and self.heading:
            m = _YEAR_IN_TITLE.search(self.heading)
            year = int(m.group(1)) if m else None
        if year is None:
            year = default_year
        if year is None:
            for d in (project.start_date, project.end_date):
                if d and re.match(r"\d{4}", d):
                    year = int(d[:4])
                    break
        has_actual = any(i.actual is not None for i in indicators) or goals.annual_actual is not None or funds.executed is not None
        return Form(
            kind=form_kind(self.heading, has_actual),
            fiscal_year=year,
            project=project,
            funds=funds,
            goals=goals,
            indicators=indicators,
            evaluation=None,
            warnings=warnings,
        )


def recognize(grid: Grid) -> tuple[str | None, list[Form], list[FormWarning]]:
    """Cut a grid into forms and read each. Raises ReadError when there is no form."""
    title: str | None = None
    doc_year: int | None = None
    forms: list[Form] = []
    cur: _FormBuilder | None = None
    heading: str | None = None
    year: int | None = None
    # a heading met inside a table: a new form, or the page header of the next page?
    pending: list[tuple[str | None, int | None]] = []
    doc_warnings = [FormWarning(code=c, message=m, line=ln) for c, m, ln in interleave.repair(grid)]

    def close() -> None:
        nonlocal cur
        if cur is not None and cur.has_content():
            forms.append(cur.build(doc_year))
        cur = None

    for row in grid.rows:
        single = _single_text(row)
        if single and _ATTACHMENT_ONLY.match(single):
            continue  # 附件2 / 附件3：
        t = title_of(row)
        m = _YEAR_LINE.match(single or "")
        if t or m:
            t_year = int(m.group(1)) if m else year_of(t)
            if t and (title is None or ("汇总" in t and "汇总" not in title and not forms and (cur is None or not cur.has_content()))):
                # the document's title; a 汇总表 line wins over a section heading printed before it
                title = t
                doc_year = t_year  # the default year of every form in the document
                if "汇总" in t:
                    continue
            if cur is not None and cur.table is not None and cur.table.rows:
                pending.append((t, t_year))
                continue
            if cur is not None and cur.has_content() and t:
                close()
            elif cur is not None and not cur.has_content():
                cur = None
            if t:
                heading = t
            year = t_year if t_year is not None else year
            if cur is not None and t_year is not None:
                cur.year = t_year
            continue
        if pending:
            if _starts_new_form(row) or _is_header_row(row):
                close()
                heading = next((h for h, _ in pending if h), None)
                year = next((y for _, y in pending if y is not None), None)
            pending = []  # otherwise a page header repeated above a continued table
        if cur is not None and cur.has_name() and _starts_new_form(row):
            close()
        if cur is None:
            cur = _FormBuilder(regular=grid.regular_columns, heading=heading, year=year, loose=grid.loose_columns)
            heading, year = None, None
        cur.feed(row)
    close()
    forms = [f for f in forms if f.project.name or f.indicators]
    if not forms:
        raise errors.no_form()
    return title, forms, doc_warnings


def _is_header_row(row: Row) -> bool:
    return any((c := classify(t)) is not None and c[0] in ("project", "funds") for t in row.filled())


def _starts_new_form(row: Row) -> bool:
    for text in row.filled():
        if "项目名称" not in text:
            continue
        if classify(text) == ("project", "name"):
            return True
        if text.startswith(("项目名称：", "项目名称:")):
            return True
    return False
