"""Reading the last date a deadline or a completion date names.

``2023年11月底前`` -> 2023-11-30; ``12月底前`` -> 12-31 of the given year;
``2024年6月30日前`` -> 2024-06-30; ``2022年1-12月`` -> 2022-12-31 (the end of the
period); ``2024-06-30`` -> itself. A month without a day means its last day (上旬 the
10th, 中旬 the 20th); a year alone means 12-31. A day without a month (``30日``) or a
duration (``10日内``) is not a date. Returns None where no date can be read.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_TOKEN = re.compile(
    r"(?P<iso>(?P<iy>(?:19|20)\d{2})\s*[-./]\s*(?P<im>\d{1,2})(?:\s*[-./]\s*(?P<id>\d{1,2}))?)(?!\d)"
    r"|(?P<year>(?:19|20)\d{2})\s*年(?!底|末)"
    r"|(?P<yend>(?P<yy>(?:19|20)\d{2})?\s*年(?:底|末))"
    r"|(?P<month>\d{1,2})\s*月份?(?P<part>底|末|上旬|中旬|下旬)?"
    r"|(?P<day>\d{1,2})\s*[日号](?!\s*(?:内|以内|之内))"
)
_PART_DAY = {"上旬": 10, "中旬": 20}

Point = list  # [year | None, month, day | None, part | None]


def _points(text: str) -> tuple[list[Point], int | None]:
    """The dates named in ``text`` in order, and the last year named."""
    points: list[Point] = []
    year: int | None = None
    year_only = False
    for m in _TOKEN.finditer(text):
        if m.group("iso"):
            year = int(m.group("iy"))
            points.append([year, int(m.group("im")), int(m.group("id")) if m.group("id") else None, None])
            year_only = False
        elif m.group("year"):
            if year_only:
                points.append([year, 12, 31, None])
            year, year_only = int(m.group("year")), True
        elif m.group("yend"):
            if m.group("yy"):
                year = int(m.group("yy"))
            points.append([year, 12, 31, None])
            year_only = False
        elif m.group("month"):
            points.append([year, int(m.group("month")), None, m.group("part")])
            year_only = False
        elif m.group("day") and points and points[-1][2] is None and points[-1][3] is None and not year_only:
            points[-1][2] = int(m.group("day"))
    if year_only:
        points.append([year, 12, 31, None])
    return points, year


def last_date(text: str | None, default_year: int | None = None) -> date | None:
    """The last date ``text`` names, resolved to a day (see the module doc), or None."""
    if not text:
        return None
    points, _ = _points(text)
    if not points:
        return None
    y, m, d, part = points[-1]
    y = y or default_year
    if y is None or not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    if d is None:
        d = _PART_DAY.get(part or "", last)
    if not 1 <= d <= last:
        return None
    return date(y, m, d)


def year_named(text: str | None) -> int | None:
    """The last year ``text`` names, or None."""
    if not text:
        return None
    return _points(text)[1]
