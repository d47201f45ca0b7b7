"""仪表盘: the forms a user may read, compared across departments and years.

``GET /dashboard`` shows, for the department and year chosen in a plain GET form (both
optional), a row of totals and five charts, each with its data as a real ``<table>`` and a
CSV download: indicator rows by 一级/二级 category, the share of quantitative targets, the
most frequent findings, the projects with the most money, and the grades and scores of the
scored self-evaluations. The numbers come from one call of
:func:`jixiao.store.workflow.dashboard` (grouped queries); the charts are drawn by
``static/js/dashboard.js`` (Apache ECharts, vendored) from the same data, handed over in a
``<script type="application/json">`` block.

``GET /dashboard/{table}.csv`` is one of those tables as CSV: UTF-8 with a byte-order mark,
Chinese headers, ``\\r\\n`` line ends, cells a spreadsheet would run as a formula
neutralised (:func:`jixiao.export.csv.neutralise`); amounts in 万元 as on the page.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ...export.csv import neutralise
from ...server.deps import DB
from ...server.routes.exports import content_disposition
from ...store import workflow as wf
from ...store.workflow.reports import CATEGORY_ORDER
from ..auth import PageError, current_viewer
from ..templating import KIND_ZH, SEVERITY_ZH, render

router = APIRouter(include_in_schema=False)

NO_DEPARTMENT = "（未填主管部门）"
NO_YEAR = "（未填年度）"
NO_CATEGORY = "（未分类）"
NO_NAME = "（未印项目名称）"


@dataclass
class Column:
    """A table column: its header, how its cells are shown (``text``, ``year``, ``int``, ``wan`` 万元, ``pct``,
    ``score``) and whether it is only in the CSV."""

    header: str
    kind: str = "text"
    csv_only: bool = False


@dataclass
class Table:
    """One data table of the page (and of its CSV): rows of plain values, numbers as numbers."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # per row: where the cell of ``link_column`` links to
    link_column: int | None = None
    foot: list[Any] | None = None  # a 合计 row

    @property
    def shown(self) -> list[int]:
        """The indexes of the columns shown on the page."""
        return [i for i, c in enumerate(self.columns) if not c.csv_only]


#: table key -> title (the order of the page); the CSV route serves exactly these
TABLES = {"summary": "分部门年度汇总", "categories": "指标类别", "quantitative": "定量指标占比", "findings": "常见问题",
          "projects": "项目金额", "grades": "评分等级", "histogram": "得分分布"}


def _opt_int(v: str | None, lo: int, hi: int) -> int | None:
    v = (v or "").strip()
    return int(v) if v.isdigit() and lo <= int(v) <= hi else None


def _wan(yuan: float | None) -> float | None:
    return None if yuan is None else yuan / 10_000


def _pct(part: int, whole: int) -> float | None:
    """A share in per cent, unrounded (rounded where shown: one decimal on the page, two in the CSV)."""
    return 100 * part / whole if whole else None


def _dept(d: str | None) -> str:
    return d if d is not None else NO_DEPARTMENT


def _year(y: int | None) -> int | str:
    return y if y is not None else NO_YEAR


def group_label(department: str | None, year: int | None) -> str:
    """``2024 上海市…委员会``: the year first, so that a truncated label keeps it."""
    return f"{year if year is not None else '—'} {department if department is not None else NO_DEPARTMENT}"


def tables(data: dict[str, Any]) -> dict[str, Table]:
    """The page's tables from :func:`jixiao.store.workflow.dashboard`'s answer."""
    t = data["totals"]
    out: dict[str, Table] = {}
    summary = out["summary"] = Table("summary", TABLES["summary"], [
        Column("主管部门"), Column("年度", "year"), Column("表数", "int"), Column("指标数", "int"), Column("定量指标数", "int"),
        Column("定量占比（%）", "pct"), Column("错误数", "int"), Column("警告数", "int"), Column("金额（万元）", "wan"),
        Column("已评分表数", "int"), Column("平均分", "score")])
    for g in data["groups"]:
        summary.rows.append([_dept(g["department"]), _year(g["year"]), g["forms"], g["indicators"],
                             g["quantitative_indicators"], _pct(g["quantitative_indicators"], g["indicators"]), g["errors"], g["warnings"],
                             _wan(g["amount"]), g["scored"], g["average_score"]])
    if summary.rows:
        summary.foot = ["合计", "", t["forms"], t["indicators"], t["quantitative_indicators"],
                        _pct(t["quantitative_indicators"], t["indicators"]), t["errors"], t["warnings"], _wan(t["amount"]), t["scored"], t["average_score"]]
    cats = out["categories"] = Table("categories", TABLES["categories"], [
        Column("主管部门"), Column("年度", "year"), Column("一级指标"), Column("二级指标"), Column("指标数", "int"),
        Column("其中定量", "int")])
    for c in data["categories"]:
        cats.rows.append([_dept(c["department"]), _year(c["year"]), c["category"] or NO_CATEGORY,
                          c["subcategory"] or NO_CATEGORY, c["count"], c["quantitative"]])
    if cats.rows:
        cats.foot = ["合计", "", "", "", t["indicators"], t["quantitative_indicators"]]
    quant = out["quantitative"] = Table("quantitative", TABLES["quantitative"], [
        Column("主管部门"), Column("年度", "year"), Column("指标数", "int"), Column("定量指标数", "int"), Column("定量占比（%）", "pct")])
    for g in data["groups"]:
        quant.rows.append([_dept(g["department"]), _year(g["year"]), g["indicators"], g["quantitative_indicators"],
                           _pct(g["quantitative_indicators"], g["indicators"])])
    if quant.rows:
        quant.foot = ["合计", "", t["indicators"], t["quantitative_indicators"], _pct(t["quantitative_indicators"], t["indicators"])]
    findings = out["findings"] = Table("findings", TABLES["findings"], [
        Column("排名", "int"), Column("规则编号"), Column("规则"), Column("严重程度"), Column("出现次数", "int")])
    for i, f in enumerate(data["top_findings"], start=1):
        findings.rows.append([i, f["code"], f["rule"], SEVERITY_ZH.get(f["severity"], f["severity"]), f["count"]])
    projects = out["projects"] = Table("projects", TABLES["projects"], [
        Column("排名", "int"), Column("表编号", "int", csv_only=True), Column("项目名称"), Column("类型", csv_only=True),
        Column("主管部门"), Column("实施单位", csv_only=True), Column("年度", "year"), Column("金额（元）", "int", csv_only=True),
        Column("金额（万元）", "wan")], link_column=2)
    for i, p in enumerate(data["projects"], start=1):
        projects.rows.append([i, p["id"], p["name"] or NO_NAME, KIND_ZH.get(p["kind"], p["kind"]), _dept(p["department"]),
                              p["unit"] or "", _year(p["year"]), p["amount"], _wan(p["amount"])])
        projects.links.append(f"/forms/{p['id']}")
    scored = sum(data["grades"].values())
    grades = out["grades"] = Table("grades", TABLES["grades"], [
        Column("等级"), Column("表数", "int"), Column("占比（%）", "pct")])
    for grade, n in data["grades"].items():
        grades.rows.append([grade, n, _pct(n, scored)])
    grades.foot = ["合计", scored, 100.0 if scored else None]
    hist = out["histogram"] = Table("histogram", TABLES["histogram"], [Column("分数段"), Column("表数", "int")])
    last = len(data["histogram"]) - 1
    for i, b in enumerate(data["histogram"]):
        hist.rows.append([f"{b['from']}–{b['to']}{'（含）' if i == last else ''}", b["count"]])
    return out


def charts(data: dict[str, Any]) -> dict[str, Any]:
    """What ``dashboard.js`` draws, shaped for the charts (labels already in Chinese)."""
    groups = [(g["department"], g["year"]) for g in data["groups"]]
    index = {k: i for i, k in enumerate(groups)}
    level1: dict[str, list[int]] = {}
    level2: dict[tuple[str, str], int] = {}
    for c in data["categories"]:
        cat = c["category"] or NO_CATEGORY
        level1.setdefault(cat, [0] * len(groups))[index[(c["department"], c["year"])]] += c["count"]
        key = (cat, c["subcategory"] or NO_CATEGORY)
        level2[key] = level2.get(key, 0) + c["count"]
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    cats = sorted(level1, key=lambda c: (order.get(c, len(order) + (c == NO_CATEGORY)), c))
    subs = sorted(level2, key=lambda k: (cats.index(k[0]), -level2[k], k[1]))
    # 二级 of the canonical 一级 one bar each; a legacy or missing 一级 (影响力目标, 投入与管理 …) one bar for all
    # its 二级 together, named so (the table has each of them)
    subcategories: list[dict[str, Any]] = []
    for c, sub in subs:
        if c in order:
            subcategories.append({"category": c, "name": sub, "count": level2[(c, sub)], "parts": []})
            continue
        if not subcategories or subcategories[-1]["category"] != c:
            subcategories.append({"category": c, "name": f"{c}（各二级合计）", "count": 0, "parts": []})
        subcategories[-1]["count"] += level2[(c, sub)]
        subcategories[-1]["parts"].append({"name": sub, "count": level2[(c, sub)]})
    return {
        "groups": [group_label(d, y) for d, y in groups],
        "categories": [{"name": c, "data": level1[c]} for c in cats],
        "subcategories": subcategories,
        "quantitative": [{"total": g["indicators"], "quant": g["quantitative_indicators"],
                          "share": _pct(g["quantitative_indicators"], g["indicators"])} for g in data["groups"]],
        "findings": [{"code": f["code"], "rule": f["rule"], "severity": f["severity"],
                      "severity_zh": SEVERITY_ZH.get(f["severity"], f["severity"]), "count": f["count"]}
                     for f in data["top_findings"]],
        "projects": [{"id": p["id"], "name": p["name"] or NO_NAME, "group": group_label(p["department"], p["year"]),
                      "wan": _wan(p["amount"])} for p in data["projects"]],
        "grades": [{"name": g, "count": n} for g, n in data["grades"].items()],
        "histogram": [{"name": f"{b['from']}–{b['to']}", "count": b["count"]} for b in data["histogram"]],
        "scored": sum(data["grades"].values()),
    }


def _filters(department: str | None, year: str | None) -> tuple[str | None, int | None]:
    """The GET form's fields: empty means all; a year that is not one is ignored (never an error page)."""
    return (department or "").strip() or None, _opt_int(year, 1900, 2200)


@router.get("/dashboard")
def dashboard_page(request: Request, session: DB,
                   department: Annotated[str | None, Query(max_length=255)] = None,
                   year: Annotated[str | None, Query(max_length=8)] = None) -> Response:
    viewer = current_viewer(request, session)
    dept, yr = _filters(department, year)
    data = wf.dashboard(session, viewer.user, department=dept, year=yr)
    facets = wf.facets(session, viewer.user)
    departments = list(facets["departments"])
    if dept is not None and dept not in departments:
        departments.append(dept)
    params = {k: v for k, v in (("department", dept), ("year", yr)) if v is not None}
    query = ("?" + urlencode(params)) if params else ""
    return render(request, "dashboard.html", {
        "data": data, "tables": tables(data), "charts": charts(data), "departments": departments,
        "years": facets["years"], "filters": params, "query": query, "own_unit":
        viewer.user.unit if viewer.user.role == "filler" else None,
    })


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: amounts in 万元, shares and scores with two decimals; every cell through ``neutralise``."""
    kinds = [c.kind for c in table.columns]

    def cells(row: list[Any]) -> list[str]:
        return [neutralise(round(v, 2) if k in ("wan", "pct", "score") and isinstance(v, float) else v)
                for k, v in zip(kinds, row)]

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([neutralise(c.header) for c in table.columns])
    for row in table.rows:
        w.writerow(cells(row))
    if table.foot is not None:
        w.writerow(cells(table.foot))
    return buf.getvalue().encode("utf-8-sig")


@router.get("/dashboard/{table}.csv")
def dashboard_csv(request: Request, session: DB, table: str,
                  department: Annotated[str | None, Query(max_length=255)] = None,
                  year: Annotated[str | None, Query(max_length=8)] = None) -> Response:
    viewer = current_viewer(request, session)
    if table not in TABLES:
        raise PageError(404, f"仪表盘没有名为「{table[:40]}」的表", f"the dashboard has no table {table[:40]!r}",
                        back="/dashboard")
    dept, yr = _filters(department, year)
    data = wf.dashboard(session, viewer.user, department=dept, year=yr)
    t = tables(data)[table]
    parts = ["仪表盘", t.title] + ([_UNSAFE.sub("_", dept)] if dept else []) + ([str(yr)] if yr else [])
    fallback = "-".join(["dashboard", table] + ([str(yr)] if yr else [])) + ".csv"
    return Response(csv_bytes(t), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": content_disposition("-".join(parts) + ".csv", fallback), "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})
