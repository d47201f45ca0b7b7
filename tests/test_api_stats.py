"""Aggregate statistics per department and year through the API."""

from __future__ import annotations

from collections import Counter

from api_helpers import Api, examples

pytest_plugins = ("api_plugin",)  # the api fixture

HOUSING = "上海市住房和城乡建设管理委员会"
GREEN = "上海市绿化和市容管理局"
PROPAGANDA = "中国共产党上海市委员会宣传部"


def _findings() -> Counter:
    """The finding codes of the examples as reviewed, counted."""
    return Counter(f.code for _, _, reviews in examples() for r in reviews for f in r.findings)


def test_stats_per_department_and_year(api: Api):
    c = api.client("admin")
    stats = c.get("/api/v1/stats").json()
    got = [(g["department"], g["year"], g["forms"], g["indicators"], g["quantitative_indicators"], g["amount"])
           for g in stats["groups"]]
    assert got == [
        (HOUSING, 2024, 10, 237, 121, 31840760.0),
        (GREEN, 2023, 5, 60, 47, 8019586.0),
        (PROPAGANDA, 2024, 5, 80, 71, 8473000.0),
        (None, 2020, 1, 63, 57, 2800000.0),
        (None, 2022, 3, 18, 6, 4245600.0),
    ]
    g = {(x["department"], x["year"]): x for x in stats["groups"]}
    assert g[(HOUSING, 2024)]["quantitative_share"] == 0.5105 and g[(None, 2022)]["quantitative_share"] == 0.3333
    assert g[(HOUSING, 2024)]["statuses"] == {"draft": 10, "submitted": 0, "approved": 0, "returned": 0}
    # findings: as the review of the examples gives them
    warnings = Counter()
    for _, doc, reviews in examples():
        for f, r in zip(doc.forms, reviews):
            warnings[(f.project.department, f.fiscal_year)] += r.counts["warning"]
    assert {k: v["warnings"] for k, v in g.items()} == dict(warnings)
    assert all(v["errors"] == 0 and v["forms_with_errors"] == 0 for v in g.values())
    codes = _findings()
    top = [(t["code"], t["count"]) for t in stats["top_findings"]]
    assert len(top) == min(10, len(codes)) and top[0] == codes.most_common(1)[0]
    assert all(codes[code] == n for code, n in top)
    totals = stats["totals"]
    assert (totals["forms"], totals["indicators"], totals["quantitative_indicators"]) == (24, 458, 302)
    assert totals["amount"] == 55378946.0 and totals["scored"] == 0 and totals["average_score"] is None
    # scores: the latest total of each scored form, grades counted
    f = api.client("filler2")
    f.post("/api/v1/forms/22/score", json={"version": 1, "actuals": [{"position": 3, "actual_grade": "部分达成年度指标并具有一定效果"}]})
    f.post("/api/v1/forms/23/score", json={"version": 1, "actuals": [{"position": 3, "actual": "114.56万元"}]})  # 98.70 优
    f.post("/api/v1/forms/22/score", json={"version": 2, "executed": 950000})  # 97.00 优 replaces 89.10
    f.post("/api/v1/forms/22/submit", json={"version": 3})
    g = {(x["department"], x["year"]): x for x in c.get("/api/v1/stats").json()["groups"]}[(None, 2022)]
    assert (g["scored"], g["average_score"], g["grades"]) == (2, 97.85, {"优": 2})
    assert g["statuses"]["submitted"] == 1 and g["statuses"]["draft"] == 2
    # filters and the filler's view
    only = c.get("/api/v1/stats", params={"department": GREEN}).json()
    assert [(x["department"], x["year"], x["forms"]) for x in only["groups"]] == [(GREEN, 2023, 5)]
    y2024 = c.get("/api/v1/stats", params={"year": 2024}).json()
    assert [(x["department"], x["forms"]) for x in y2024["groups"]] == [(HOUSING, 10), (PROPAGANDA, 5)]
    mine = api.client("filler").get("/api/v1/stats").json()
    assert [(x["department"], x["year"], x["forms"]) for x in mine["groups"]] == [(HOUSING, 2024, 10), (None, 2020, 1)]
    assert mine["totals"]["forms"] == 11
