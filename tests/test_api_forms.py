"""Forms through the API: list filters, search, sort and pages; detail; header and row edits; locking."""

from __future__ import annotations

from sqlalchemy import select

from api_helpers import ALL_FORMS, SH_FORMS, Api, error_of, examples
from jixiao.store.tables import StoredForm, StoredIndicator

pytest_plugins = ("api_plugin",)  # the api fixture

GREEN = "上海市绿化和市容管理局"
HOUSING = "上海市住房和城乡建设管理委员会"


def ids(c, **params) -> tuple[list[int], int]:
    r = c.get("/api/v1/forms", params={"per_page": 200, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    return [f["id"] for f in body["items"]], body["total"]


def test_list_filters(api: Api):
    c = api.client("admin")
    assert ids(c) == (ALL_FORMS, 24)
    assert ids(c, department=HOUSING) == (list(range(2, 12)), 10)
    assert ids(c, department=GREEN) == ([12, 13, 14, 15, 16], 5)
    assert ids(c, unit="上海世界城市日事务协调中心") == (SH_FORMS, 11)
    assert ids(c, unit="中共上海市委对外宣传办公室") == ([17, 18, 19, 20, 21], 5)
    assert ids(c, year=2024) == ([*range(2, 12), *range(17, 22)], 15)
    assert ids(c, year=2020) == ([1], 1)
    assert ids(c, year=2019) == ([], 0)
    assert ids(c, kind="self_evaluation") == ([22, 23, 24], 3)
    assert ids(c, kind="declaration")[1] == 21
    assert ids(c, status="draft") == (ALL_FORMS, 24)
    assert ids(c, status="submitted") == ([], 0)
    assert ids(c, has_errors="true") == ([], 0)  # the examples have no errors under the default profile
    assert ids(c, has_errors="false") == (ALL_FORMS, 24)
    assert ids(c, department=HOUSING, year=2024, kind="declaration") == (list(range(2, 12)), 10)
    # a status change and an error show in the filters
    c.post("/api/v1/forms/5/submit", json={"version": api.version(5)})
    assert ids(c, status="submitted") == ([5], 1)
    r = c.patch("/api/v1/forms/2/indicators/11", json={"version": api.version(2), "target": "≥120%"})  # 推送合格率
    assert r.status_code == 200 and r.json()["counts"]["error"] >= 1
    assert ids(c, has_errors="true") == ([2], 1)
    assert ids(c, has_errors="false")[1] == 23
    # a bad filter value is a 422 naming the field
    r = c.get("/api/v1/forms", params={"kind": "budget"})
    assert r.status_code == 422 and "kind" in error_of(r)["message"]


def test_search_over_project_and_indicator_names(api: Api):
    c = api.client("admin")
    assert ids(c, q="信息化") == ([11, 14, 19], 3)  # project names only
    assert ids(c, q="阅读量") == ([2, 16, 17], 3)  # indicator names only
    assert ids(c, q="外宣") == ([17, 18, 19, 20, 24], 5)  # both
    assert ids(c, q="上海奖") == ([4, 7], 2)
    assert ids(c, q="城市日", department=HOUSING) == ([2, 3, 6, 8, 9, 11], 6)
    assert ids(c, q="  翻译 ") == ([10], 1)
    assert ids(c, q="没有这个词") == ([], 0)
    # LIKE wildcards are searched literally: only form 1 has a「%」(项目计划完成率(%)), none a「_」
    assert ids(c, q="%") == ([1], 1) and ids(c, q="完成率(%)") == ([1], 1) and ids(c, q="_") == ([], 0)
    # case-insensitive on both databases
    c.patch("/api/v1/forms/13", json={"version": api.version(13), "project": {"name": "人才教育培训 APP 平台"}})
    assert ids(c, q="app") == ([13], 1) and ids(c, q="App 平台") == ([13], 1)
    # an edited indicator name is found at once (the search index follows every edit)
    assert ids(c, q="独一无二") == ([], 0)
    r = c.patch("/api/v1/forms/3/indicators/0", json={"version": api.version(3), "name": "独一无二的指标"})
    assert r.status_code == 200, r.text
    assert ids(c, q="独一无二") == ([3], 1) and ids(c, q="一无") == ([3], 1)
    # a filler searches only their unit
    assert ids(api.client("filler"), q="信息化") == ([11], 1)


def test_sort_and_pages(api: Api):
    c = api.client("admin")
    by_amount, _ = ids(c, sort="-amount")
    assert by_amount[:4] == [8, 7, 20, 16] and by_amount[-1] == 10
    assert ids(c, sort="amount")[0][:3] == [10, 19, 5]
    by_year, _ = ids(c, sort="year")
    assert by_year == [1, 22, 23, 24, 12, 13, 14, 15, 16, *range(2, 12), *range(17, 22)]
    rows = [(f.project.name, i) for i, f in enumerate((f for _, doc, _ in examples() for f in doc.forms), start=1)]
    assert ids(c, sort="name")[0] == [i for _, i in sorted(rows)]  # code point order, ties by id
    assert ids(c, sort="-name")[0] == [i for _, i in sorted(rows, reverse=True)]  # ties by id, descending too
    assert ids(c, sort="-name")[0][:2] == [5, 15]  # 课题研究 (U+8BFE), 行业科普管理 (U+884C)
    desc = ids(c, sort="-name")[0]  # equal names (城市日宣传推广 1 and 2, 信息化建设项目 11 and 14): ties by id, descending
    assert desc.index(2) + 1 == desc.index(1) and desc.index(14) + 1 == desc.index(11)
    assert ids(c, sort="-id")[0] == ALL_FORMS[::-1]
    r = c.get("/api/v1/forms", params={"per_page": 5, "page": 2}).json()
    assert [f["id"] for f in r["items"]] == [6, 7, 8, 9, 10]
    assert (r["total"], r["page"], r["per_page"]) == (24, 2, 5)
    assert [f["id"] for f in c.get("/api/v1/forms", params={"per_page": 5, "page": 5}).json()["items"]] == [21, 22, 23, 24]
    r = c.get("/api/v1/forms", params={"per_page": 5, "page": 6}).json()
    assert r["items"] == [] and r["total"] == 24
    assert c.get("/api/v1/forms", params={"per_page": 201}).status_code == 422
    assert c.get("/api/v1/forms", params={"sort": "password"}).status_code == 422
    item = c.get("/api/v1/forms", params={"per_page": 1}).json()["items"][0]
    assert item["name"] == "城市日宣传推广" and item["indicators"] == 63 and item["amount"] == 2800000.0
    assert item["status_zh"] == "草稿" and item["version"] == 1 and item["document_id"] == 1


def test_form_detail(api: Api):
    _, doc, reviews = examples()[1]
    r = api.client("filler").get("/api/v1/forms/2")
    assert r.status_code == 200
    d = r.json()
    assert d["form"]["project"]["name"] == "城市日宣传推广"
    assert d["form"]["project"]["implementing_unit"] == "上海世界城市日事务协调中心"
    assert d["form"]["kind"] == "declaration" and d["form"]["fiscal_year"] == 2024
    assert len(d["form"]["indicators"]) == 27 and d["indicators"] == 27
    assert d["form"]["indicators"][9]["name"] == "宣传品制作数量"
    assert d["form"]["indicators"][9]["target"]["raw"] == "≥500.00(套)"
    assert d["form"]["funds"]["annual"] == 1102000.0
    assert d["form"] == doc.forms[0].model_dump(mode="json")
    assert (d["status"], d["status_zh"], d["status_by"], d["status_comment"]) == ("draft", "草稿", None, None)
    assert d["version"] == 1 and d["owner_unit"] == "上海世界城市日事务协调中心" and d["score"] is None
    assert d["document"]["filename"] == "001_d4da09846475aa3c.txt" and d["document"]["format"] == "text"
    assert [(f["code"], f["indicator"]) for f in d["findings"]] == [(f.code, f.indicator) for f in reviews[0].findings]
    assert d["counts"] == {k: reviews[0].counts[k] for k in ("error", "warning", "info")}
    findings = api.client("filler").get("/api/v1/forms/2/findings").json()
    assert findings == d["findings"]
    assert api.client("admin").get("/api/v1/forms/0").status_code == 422
    r = api.client("admin").get("/api/v1/forms/4242")
    assert r.status_code == 404 and error_of(r)["message"].startswith("绩效表 4242 不存在")


def _q205(detail: dict, position: int) -> bool:
    return any(f["code"] == "JX-Q205" and f["indicator"] == position for f in detail["findings"])


def test_patch_header_and_indicators_update_the_findings(api: Api):
    c = api.client("filler")
    d = c.get("/api/v1/forms/2").json()
    assert _q205(d, 3) and not _q205(d, 20)  # 「逐渐扩大」 is vague; 「≥800.00(人次)」 is not
    # header: only the fields sent change; amounts in 元
    r = c.patch("/api/v1/forms/2", json={"version": 1, "fiscal_year": 2025, "project": {"name": "城市日宣传推广（2025）"},
                                         "funds": {"annual": 1200000}, "goals": {"annual": "办好城市日系列活动"}})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["version"] == 2
    assert d["form"]["fiscal_year"] == 2025 and d["form"]["project"]["name"] == "城市日宣传推广（2025）"
    assert d["form"]["project"]["department"] == HOUSING  # untouched
    assert d["form"]["funds"]["annual"] == 1200000 and d["form"]["goals"]["annual"] == "办好城市日系列活动"
    # the review ran again: the plan dates (2024) are now outside the budget year 2025
    assert [f["field"] for f in d["findings"] if f["code"] == "JX-A406"] == ["project.start_date", "project.end_date"]
    warnings = d["counts"]["warning"]
    # a vague target made specific: the finding disappears
    r = c.patch("/api/v1/forms/2/indicators/3", json={"version": 2, "target": "≥20个街道"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["version"] == 3 and not _q205(d, 3) and d["counts"]["warning"] == warnings - 1
    ind = d["form"]["indicators"][3]
    assert ind["target"] == {"raw": "≥20个街道", "op": ">=", "value": 20.0, "high": None, "unit": "个街道",
                             "text": None, "kind": "number"}
    # a specific target made vague: it appears
    d = c.patch("/api/v1/forms/2/indicators/20", json={"version": 3, "target": "逐渐扩大"}).json()
    assert d["version"] == 4 and _q205(d, 20)
    # names and levels: the category follows the printed 一级/二级指标
    d = c.patch("/api/v1/forms/2/indicators/8", json={"version": 4, "level1": "效益指标", "level2": "社会效益指标",
                                                      "name": "公益活动参与人次"}).json()
    ind = d["form"]["indicators"][8]
    assert (ind["category"], ind["subcategory"], ind["name"]) == ("效益指标", "社会效益指标", "公益活动参与人次")
    with api.db.session() as s:
        row = s.scalar(select(StoredIndicator).where(StoredIndicator.form_id == 2, StoredIndicator.position == 3))
        assert row.target_raw == "≥20个街道" and row.quantitative
        assert s.get(StoredForm, 2).name == "城市日宣传推广（2025）"
    # validation: a 422 naming the field, nothing written
    r = c.patch("/api/v1/forms/2", json={"version": 5, "funds": {"annual": "很多"}})
    assert r.status_code == 422 and "funds.annual" in error_of(r)["message"] and "应为数字" in error_of(r)["message"]
    r = c.patch("/api/v1/forms/2", json={"version": 5, "project": {"start_date": "明年"}})
    assert r.status_code == 422 and "project.start_date" in error_of(r)["message"]
    r = c.patch("/api/v1/forms/2", json={"project": {"name": "x"}})
    assert r.status_code == 422 and error_of(r)["message"].startswith("请求参数无效：请求体「version」必须填写")
    r = c.patch("/api/v1/forms/2/indicators/27", json={"version": 5, "target": "1"})
    assert r.status_code == 404
    # a filler may not hand the form to another unit
    r = c.patch("/api/v1/forms/2", json={"version": 5, "project": {"implementing_unit": "别的单位"}})
    assert r.status_code == 403
    assert api.version(2) == 5


def test_add_and_delete_indicator_rows(api: Api):
    c = api.client("admin")
    d = c.post("/api/v1/forms/22/indicators", json={"version": 1, "position": 1, "level1": "产出指标",
                                                    "level2": "数量指标", "name": "新增宣传报道篇数", "target": "≥50篇"})
    assert d.status_code == 201, d.text
    d = d.json()
    names = [i["name"] for i in d["form"]["indicators"]]
    assert len(names) == 7 and names[1] == "新增宣传报道篇数" and names[2] == "完成全年工作目标"
    assert d["version"] == 2 and d["indicators"] == 7
    assert d["form"]["indicators"][1]["category"] == "产出指标"
    d = c.post("/api/v1/forms/22/indicators", json={"version": 2, "name": "末尾指标", "target": "已完成"}).json()
    assert [i["name"] for i in d["form"]["indicators"]][-1] == "末尾指标" and d["version"] == 3
    d = c.delete("/api/v1/forms/22/indicators/0", params={"version": 3})
    assert d.status_code == 200, d.text
    d = d.json()
    assert [i["name"] for i in d["form"]["indicators"]][:2] == ["新增宣传报道篇数", "完成全年工作目标"]
    assert d["version"] == 4 and len(d["form"]["indicators"]) == 7
    with api.db.session() as s:
        positions = s.scalars(select(StoredIndicator.position).where(StoredIndicator.form_id == 22)
                              .order_by(StoredIndicator.position)).all()
        assert positions == list(range(7))
    r = c.post("/api/v1/forms/22/indicators", json={"version": 4, "name": "x", "position": 9})
    assert r.status_code == 422 and "插入位置" in error_of(r)["message"]
    assert c.delete("/api/v1/forms/22/indicators/7", params={"version": 4}).status_code == 404
    assert c.delete("/api/v1/forms/22/indicators/0").status_code == 422  # version required


def test_a_stale_version_gets_409_and_overwrites_nothing(api: Api):
    first, second = api.client("filler"), api.client("admin")
    v = first.get("/api/v1/forms/3").json()["version"]
    assert second.get("/api/v1/forms/3").json()["version"] == v
    r1 = first.patch("/api/v1/forms/3", json={"version": v, "project": {"name": "第一人的修改"}})
    assert r1.status_code == 200 and r1.json()["version"] == v + 1
    r2 = second.patch("/api/v1/forms/3", json={"version": v, "project": {"name": "第二人的修改"}})
    assert r2.status_code == 409
    err = error_of(r2)
    assert err["code"] == "stale"
    assert err["message"].startswith(f"该表已被他人修改（您的版本 {v}，当前版本 {v + 1}），请刷新后重试")
    assert err["detail"] == {"your_version": v, "current_version": v + 1}
    for r in (second.patch("/api/v1/forms/3/indicators/0", json={"version": v, "target": "≤1万元"}),
              second.post("/api/v1/forms/3/indicators", json={"version": v, "name": "x"}),
              second.delete("/api/v1/forms/3/indicators/0", params={"version": v}),
              second.post("/api/v1/forms/3/submit", json={"version": v}),
              second.post("/api/v1/forms/3/score", json={"version": v, "actuals": [{"position": 0, "actual": "1"}]}),
              second.post("/api/v1/forms/3/review", json={"version": v})):
        assert r.status_code == 409 and error_of(r)["code"] == "stale", r.text
    d = first.get("/api/v1/forms/3").json()
    assert d["form"]["project"]["name"] == "第一人的修改" and d["version"] == v + 1 and d["status"] == "draft"
    assert len(d["form"]["indicators"]) == 28 and d["score"] is None
    with api.db.session() as s:
        assert s.get(StoredForm, 3).name == "第一人的修改"


def test_only_draft_or_returned_forms_can_be_edited(api: Api):
    c = api.client("filler")
    assert c.post("/api/v1/forms/4/submit", json={"version": 1}).status_code == 200
    for r in (c.patch("/api/v1/forms/4", json={"version": 2, "project": {"name": "x"}}),
              c.patch("/api/v1/forms/4/indicators/0", json={"version": 2, "target": "≥1次"}),
              c.post("/api/v1/forms/4/indicators", json={"version": 2, "name": "x"}),
              c.delete("/api/v1/forms/4/indicators/0", params={"version": 2}),
              c.post("/api/v1/forms/4/score", json={"version": 2})):
        assert r.status_code == 409, r.text
        err = error_of(r)
        assert err["code"] == "not-editable" and "「已提交」" in err["message"] and err["detail"] == {"status": "submitted"}
    assert api.version(4) == 2


def test_the_core_read_of_a_form_equals_the_orm_one(api: Api):
    # GET /forms/{id} and the detail page read with four Core queries (workflow.forms.detail); the
    # mutation routes answer from the loaded ORM row (form_detail). Both must say exactly the same,
    # key order included, for every example form, before and after an edit, a scoring and a return.
    from jixiao.store import workflow as wf
    from jixiao.store.tables import User as U

    c = api.client("admin")
    c.patch("/api/v1/forms/3/indicators/0", json={"version": api.version(3), "target": "≤10万元"})
    c.post("/api/v1/forms/22/score", json={"version": api.version(22), "executed": 950000})
    c.post("/api/v1/forms/5/submit", json={"version": api.version(5)})
    c.post("/api/v1/forms/5/return", json={"version": api.version(5), "comment": "请补充"})
    import json

    with api.db.session() as s:
        admin = s.scalar(select(U).where(U.username == "admin"))
        for form_id in ALL_FORMS:
            fast = wf.forms.detail(s, admin, form_id)
            slow = wf.form_detail(s, wf.form_for(s, admin, form_id))
            assert json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False), form_id
        assert wf.forms.detail(s, admin, 5)["status_by"]["username"] == "admin"
        assert wf.forms.detail(s, admin, 22)["score"]["method"] == "mof-2020@2020.1"
