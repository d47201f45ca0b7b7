"""The 仪表盘's aggregates (:func:`jixiao.store.workflow.dashboard`) on SQLite and PostgreSQL.

The expected numbers are counted from the example files (examples/*.txt; see ``api_helpers``):

* examples/002 — 上海市绿化和市容管理局 2023, forms 12–16, 12 + 14 + 6 + 8 + 20 = 60 rows:
  产出 数量 3+6+1+3+13 = 26 (4 of them qualitative: 每个工作日一次 ×2, 每周一次, 每个工作日发布),
  质量 3+2+1+2+2 = 10 (all quantitative), 时效 1+3+1+1+3 = 9 (4 qualitative: 按计划实施, 及时, 按时 ×2),
  成本 (under 产出, a 2023 form) 1+1 = 2 (规范，不超预算 qualitative); 效益 社会 5 (持续展示, 完善, 前十名
  qualitative), 可持续影响 1 (持续保障); 满意度 3+1+1+1+1 = 7, all quantitative → 47 of 60 quantitative.
  Money (元): 1,552,500 / 797,800 / 1,029,564 / 1,303,000 / 3,336,722 = 8,019,586.
* examples/004 — 2022 自评表 without 主管部门, forms 22–24, 6 rows each: 产出 数量, 质量, 时效, 成本, 效益 社会,
  满意度; only 成本 (100万元 / 114.56万元 / 210万元) and 满意度≥90% are quantitative → 6 of 18.
  Money: 预算数 100 / 114.56 / 210 万元.
* All 24 forms: 458 rows, 302 quantitative; 55,378,946 元 = 2,800,000 (000) + 31,840,760 (001, ten forms)
  + 8,019,586 (002) + 8,473,000 (003) + 4,245,600 (004). The four smallest amounts are forms 10
  (184,000), 19 (236,500), 5 (350,000) and 21 (530,000); the largest form 8 城市日主场活动 (16,334,600).

Scores as in tests/test_api_scoring.py: form 22 with row 4 「部分达成…」 → 89.10 良, then 执行数 95 万元 →
97.00 优; form 23 with 114.56万元 as row 4's actual → 98.70 优.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event, select

from api_helpers import FILES, examples, seed
from jixiao.store import workflow as wf
from jixiao.store.tables import StoredScore, User

GREEN = "上海市绿化和市容管理局"
HOUSING = "上海市住房和城乡建设管理委员会"
PROPAGANDA = "中国共产党上海市委员会宣传部"
PARTIAL = "部分达成年度指标并具有一定效果"
NO_GRADES = {"优": 0, "良": 0, "中": 0, "差": 0, "未定级": 0}


@pytest.fixture
def seeded(db):
    seed(db)
    return db


def user(s, name: str) -> User:  # noqa: ANN001
    return s.scalar(select(User).where(User.username == name))


def cats(d: dict) -> list[tuple]:
    return [(c["department"], c["year"], c["category"], c["subcategory"], c["count"], c["quantitative"])
            for c in d["categories"]]


def bins(d: dict) -> dict[str, int]:
    return {f"{b['from']}-{b['to']}": b["count"] for b in d["histogram"] if b["count"]}


def test_totals_categories_and_projects(seeded):
    with seeded.session() as s:
        d = wf.dashboard(s, user(s, "admin"))
        t = d["totals"]
        assert (t["forms"], t["indicators"], t["quantitative_indicators"], t["amount"]) == (24, 458, 302, 55378946.0)
        assert t["quantitative_share"] == 0.6594 and t["errors"] == 0 and t["scored"] == 0 and t["average_score"] is None
        assert [(g["department"], g["year"], g["forms"]) for g in d["groups"]] == [
            (HOUSING, 2024, 10), (GREEN, 2023, 5), (PROPAGANDA, 2024, 5), (None, 2020, 1), (None, 2022, 3)]
        assert d["filters"] == {"department": None, "year": None}
        # 一级 then 二级 in the order of the hierarchy, per group
        green = [c[2:] for c in cats(d) if c[0] == GREEN]
        assert green == [("产出指标", "数量指标", 26, 22), ("产出指标", "质量指标", 10, 10), ("产出指标", "时效指标", 9, 5),
                         ("产出指标", "成本指标", 2, 1), ("效益指标", "社会效益指标", 5, 2), ("效益指标", "可持续影响指标", 1, 0),
                         ("满意度指标", "服务对象满意度指标", 7, 7)]
        sichuan = [c[2:] for c in cats(d) if c[:2] == (None, 2022)]
        assert sichuan == [("产出指标", "数量指标", 3, 0), ("产出指标", "质量指标", 3, 0), ("产出指标", "时效指标", 3, 0),
                           ("产出指标", "成本指标", 3, 3), ("效益指标", "社会效益指标", 3, 0),
                           ("满意度指标", "服务对象满意度指标", 3, 3)]
        assert sum(c[4] for c in cats(d)) == 458 and sum(c[5] for c in cats(d)) == 302
        # groups come in the order of stats(): every category row's group is one of them, in that order
        order = [(g["department"], g["year"]) for g in d["groups"]]
        seen = list(dict.fromkeys(c[:2] for c in cats(d)))
        assert seen == order
        # money: the 20 largest, largest first; ties would go by id
        p = d["projects"]
        assert len(p) == 20
        assert (p[0]["id"], p[0]["name"], p[0]["amount"], p[0]["department"], p[0]["year"]) == (
            8, "城市日主场活动", 16334600.0, HOUSING, 2024)
        assert (p[-1]["id"], p[-1]["amount"]) == (11, 612000.0)
        assert {x["id"] for x in p} == set(range(1, 25)) - {10, 19, 5, 21}
        assert [x["amount"] for x in p] == sorted((x["amount"] for x in p), reverse=True)
        assert p[0]["unit"] == "上海世界城市日事务协调中心" and p[0]["kind"] == "declaration"
        assert d["grades"] == NO_GRADES and bins(d) == {} and len(d["histogram"]) == 10


def test_filters(seeded):
    with seeded.session() as s:
        admin = user(s, "admin")
        d = wf.dashboard(s, admin, department=GREEN)
        t = d["totals"]
        assert (t["forms"], t["indicators"], t["quantitative_indicators"], t["quantitative_share"], t["amount"]) == (
            5, 60, 47, 0.7833, 8019586.0)
        assert d["filters"] == {"department": GREEN, "year": None}
        assert [(x["id"], x["amount"]) for x in d["projects"]] == [
            (16, 3336722.0), (12, 1552500.0), (15, 1303000.0), (14, 1029564.0), (13, 797800.0)]
        assert {c[0] for c in cats(d)} == {GREEN}
        # the findings of examples/002 as its review gives them: the ten most frequent, ties by code
        reviews = [r for (_, _, rs), path in zip(examples(), FILES) if path.name.startswith("002") for r in rs]
        counted = Counter(f.code for r in reviews for f in r.findings)
        expected = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        assert [(f["code"], f["count"]) for f in d["top_findings"]] == expected
        assert t["warnings"] == sum(r.counts["warning"] for r in reviews)
        # a year: 2024 is examples/001 and 003
        d = wf.dashboard(s, admin, year=2024)
        assert [(g["department"], g["forms"], g["indicators"]) for g in d["groups"]] == [(HOUSING, 10, 237), (PROPAGANDA, 5, 80)]
        assert d["totals"]["indicators"] == 317 and d["projects"][0]["id"] == 8 and len(d["projects"]) == 15
        # both, and nothing matching
        assert wf.dashboard(s, admin, department=GREEN, year=2024)["totals"]["forms"] == 0
        none = wf.dashboard(s, admin, department="不存在的部门")
        assert none["groups"] == [] and none["categories"] == [] and none["projects"] == [] and none["top_findings"] == []
        assert none["totals"]["forms"] == 0 and none["totals"]["quantitative_share"] is None and none["grades"] == NO_GRADES


def test_a_filler_sees_only_their_unit(seeded):
    with seeded.session() as s:
        d = wf.dashboard(s, user(s, "filler2"))  # 攀枝花市区委宣传部: forms 22–24
        assert [(g["department"], g["year"], g["forms"]) for g in d["groups"]] == [(None, 2022, 3)]
        assert (d["totals"]["indicators"], d["totals"]["quantitative_indicators"], d["totals"]["amount"]) == (18, 6, 4245600.0)
        assert [(x["id"], x["amount"]) for x in d["projects"]] == [(24, 2100000.0), (23, 1145600.0), (22, 1000000.0)]
        assert {c[:2] for c in cats(d)} == {(None, 2022)}
        d = wf.dashboard(s, user(s, "filler"))  # 上海世界城市日事务协调中心: forms 1–11
        assert [(g["department"], g["year"], g["forms"]) for g in d["groups"]] == [(HOUSING, 2024, 10), (None, 2020, 1)]
        assert d["totals"]["indicators"] == 63 + 237 and len(d["projects"]) == 11
        assert {x["id"] for x in d["projects"]} == set(range(1, 12))
        # another department's filter gives nothing, not that department's forms
        assert wf.dashboard(s, user(s, "filler"), department=GREEN)["totals"]["forms"] == 0
        assert wf.dashboard(s, user(s, "reviewer"))["totals"]["forms"] == 24


def test_grades_histogram_and_average_use_the_latest_scores(seeded):
    with seeded.session() as s:
        f2 = user(s, "filler2")
        _, score = wf.score_form_with(s, f2, 22, 1, actuals=[{"position": 3, "actual_grade": PARTIAL}])
        assert (score.total, score.grade) == (89.10, "良")
        _, score = wf.score_form_with(s, f2, 23, 1, actuals=[{"position": 3, "actual": "114.56万元"}])
        assert (score.total, score.grade) == (98.70, "优")
    with seeded.session() as s:
        d = wf.dashboard(s, user(s, "admin"))
        assert d["grades"] == {**NO_GRADES, "优": 1, "良": 1}
        assert bins(d) == {"80-90": 1, "90-100": 1}
        assert (d["totals"]["scored"], d["totals"]["average_score"]) == (2, 93.90)
        wf.score_form_with(s, user(s, "filler2"), 22, 2, funds={"executed": 950000})  # 97.00 优 replaces 89.10 良
    with seeded.session() as s:
        d = wf.dashboard(s, user(s, "filler2"))
        assert d["grades"] == {**NO_GRADES, "优": 2} and bins(d) == {"90-100": 2}
        assert (d["totals"]["scored"], d["totals"]["average_score"]) == (2, 97.85)
        # the filler of the other unit sees none of them
        other = wf.dashboard(s, user(s, "filler"))
        assert other["grades"] == NO_GRADES and other["totals"]["scored"] == 0
        # the bins' edges: 90 and 100 are in 90–100, 80 in 80–90, 0 in 0–10; no grade is 未定级
        for form_id, total, grade in ((1, 100.0, "优"), (2, 90.0, "优"), (3, 80.0, "良"), (4, 0.0, "差"), (5, 60.0, None)):
            s.add(StoredScore(form_id=form_id, method="test", total=total, grade=grade, complete=True, evaluation={}))
    with seeded.session() as s:
        d = wf.dashboard(s, user(s, "admin"))
        assert bins(d) == {"0-10": 1, "60-70": 1, "80-90": 1, "90-100": 4}
        assert d["grades"] == {"优": 4, "良": 1, "中": 0, "差": 1, "未定级": 1}
        assert [b["from"] for b in d["histogram"]] == list(range(0, 100, 10)) and d["histogram"][-1]["to"] == 100
        assert d["totals"]["scored"] == 7
        # filtered to 2024 (forms 2–5): 90, 80, 0, 60
        d = wf.dashboard(s, user(s, "admin"), year=2024)
        assert bins(d) == {"0-10": 1, "60-70": 1, "80-90": 1, "90-100": 1} and d["totals"]["average_score"] == 57.50


def test_a_fixed_number_of_grouped_queries(seeded):
    """Grouped queries only: the number of statements does not grow with the forms (10,000 forms, same seven)."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002
        statements.append(statement)

    with seeded.session() as s:
        admin = user(s, "admin")
        event.listen(seeded.engine, "before_cursor_execute", count)
        try:
            wf.dashboard(s, admin)
        finally:
            event.remove(seeded.engine, "before_cursor_execute", count)
    assert len(statements) == 7, statements
