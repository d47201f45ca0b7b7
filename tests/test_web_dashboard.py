"""The 仪表盘 in a real browser (Chromium via Playwright): charts drawn, filters, tables, CSV downloads.

Forms and users are those of ``api_helpers`` (24 example forms; the numbers are counted in
tests/test_dashboard_data.py's docstring). This module changes data: it scores forms 22 and 23
(89.10 良 and 98.70 优, see tests/test_api_scoring.py) and renames form 14 (上海市绿化和市容管理局
2023, 信息化建设项目, 1,029,564 元).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from web_helpers import no_page_errors, shot

pytest_plugins = ("web_plugin",)  # live, browser, signed_in, anonymous

GREEN = "上海市绿化和市容管理局"
PARTIAL = "部分达成年度指标并具有一定效果"
CHARTS = ("categories", "subcategories", "quantitative", "findings", "projects", "grades", "histogram")


@pytest.fixture(scope="module")
def scored(live):
    """Forms 22 (89.10 良) and 23 (98.70 优) scored, once for the module."""
    api = live.api("filler2")
    r = api.post("/api/v1/forms/22/score", json={"version": 1, "actuals": [{"position": 3, "actual_grade": PARTIAL}]})
    assert r.status_code == 200 and r.json()["score"]["total"] == 89.10, r.text
    r = api.post("/api/v1/forms/23/score", json={"version": 1, "actuals": [{"position": 3, "actual": "114.56万元"}]})
    assert r.status_code == 200 and r.json()["score"]["total"] == 98.70, r.text
    return live


def card(page, key: str) -> str:  # noqa: ANN001
    return page.locator(f"#totals dd[data-key={key}]").inner_text().strip()


def table(page, key: str) -> list[list[str]]:  # noqa: ANN001
    """The body rows of a data table, cell texts."""
    return [[c.strip() for c in row.locator("td").all_inner_texts()]
            for row in page.locator(f"#table-{key} tbody tr").all()]


def foot(page, key: str) -> list[str]:  # noqa: ANN001
    return [c.strip() for c in page.locator(f"#table-{key} tfoot td").all_inner_texts()]


def wait_for_charts(page, keys=CHARTS) -> None:  # noqa: ANN001
    for key in keys:
        expect(page.locator(f"#chart-{key} canvas").first).to_be_attached()


def test_charts_tables_and_filters(signed_in, scored):
    live = scored
    page = signed_in("admin")
    page.get_by_role("link", name="仪表盘").click()
    expect(page).to_have_url(f"{live.url}/dashboard")
    expect(page.locator("h1")).to_contain_text("仪表盘")
    wait_for_charts(page)
    # the totals: 24 forms, 458 rows, 302 quantitative (65.9%), 55,378,946 元, two scored: (89.10 + 98.70) / 2
    assert card(page, "forms") == "24" and card(page, "indicators") == "458"
    assert card(page, "quantitative_share") == "65.9%"
    assert card(page, "amount") == "5,537.89 万元"
    assert card(page, "scored") == "2" and card(page, "average_score") == "93.90"
    assert page.locator("#totals .n-error").inner_text() == "0"
    # the charts have real sizes (drawn, not collapsed)
    for key in CHARTS:
        box = page.locator(f"#chart-{key} canvas").first.bounding_box()
        assert box and box["width"] > 300 and box["height"] >= 200, (key, box)
    # tables beside the charts
    assert table(page, "quantitative")[0] == ["上海市住房和城乡建设管理委员会", "2024", "237", "121", "51.1%"]  # 51.05…%
    assert table(page, "quantitative")[1] == [GREEN, "2023", "60", "47", "78.3%"]
    assert table(page, "quantitative")[4] == ["（未填主管部门）", "2022", "18", "6", "33.3%"]
    assert foot(page, "quantitative") == ["合计", "", "458", "302", "65.9%"]
    projects = table(page, "projects")
    assert len(projects) == 20
    assert projects[0] == ["1", "城市日主场活动", "上海市住房和城乡建设管理委员会", "2024", "1,633.46"]
    assert projects[-1][1:] == ["信息化建设项目", "上海市住房和城乡建设管理委员会", "2024", "61.20"]
    assert page.locator("#table-projects tbody tr").first.get_by_role("link").get_attribute("href") == "/forms/8"
    assert table(page, "grades") == [["优", "1", "50.0%"], ["良", "1", "50.0%"], ["中", "0", "0.0%"], ["差", "0", "0.0%"],
                                     ["未定级", "0", "0.0%"]]
    hist = dict(tuple(r) for r in table(page, "histogram"))
    assert hist["80–90"] == "1" and hist["90–100（含）"] == "1" and sum(int(v) for v in hist.values()) == 2
    assert len(table(page, "findings")) == 10
    # a long name is cut on the axis ("…"); pointing at the label shows it whole
    at = page.evaluate("""() => {
        const el = document.querySelector('#chart-categories'), chart = echarts.getInstanceByDom(el);
        const [x, y] = chart.convertToPixel({gridIndex: 0}, [0, '0']);
        const r = el.getBoundingClientRect();
        return {x: r.left + x - 40, y: r.top + y};
    }""")
    page.mouse.move(at["x"], at["y"])
    tip = page.locator("#chart-categories .dash-tip")
    expect(tip).to_be_visible()
    expect(tip.locator("strong")).to_have_text("2024 上海市住房和城乡建设管理委员会")
    expect(tip).to_contain_text("合计：237 项")
    shot(page, "07-dashboard-tooltip")
    page.mouse.move(0, 0)
    no_page_errors(page)
    shot(page, "07-dashboard")

    # filter: one department → its five forms of 2023
    page.locator("select[name=department]").select_option(GREEN)
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/dashboard\?department=%E4%B8%8A"))
    wait_for_charts(page, CHARTS[:5])
    assert card(page, "forms") == "5" and card(page, "indicators") == "60"
    assert card(page, "quantitative_share") == "78.3%" and card(page, "amount") == "801.96 万元"
    assert card(page, "scored") == "0" and card(page, "average_score") == "—"
    assert table(page, "categories") == [
        [GREEN, "2023", "产出指标", "数量指标", "26", "22"], [GREEN, "2023", "产出指标", "质量指标", "10", "10"],
        [GREEN, "2023", "产出指标", "时效指标", "9", "5"], [GREEN, "2023", "产出指标", "成本指标", "2", "1"],
        [GREEN, "2023", "效益指标", "社会效益指标", "5", "2"], [GREEN, "2023", "效益指标", "可持续影响指标", "1", "0"],
        [GREEN, "2023", "满意度指标", "服务对象满意度指标", "7", "7"]]
    assert foot(page, "categories") == ["合计", "", "", "", "60", "47"]
    assert [r[1] for r in table(page, "projects")] == [
        "绿化市容行业宣传工作管理", "绿化市容基础设施保障", "行业科普管理", "信息化建设项目", "人才教育培训"]
    assert [r[-1] for r in table(page, "projects")] == ["333.67", "155.25", "130.30", "102.96", "79.78"]
    # no scored form here: the score charts say so instead of drawing empty axes
    for key in ("grades", "histogram"):
        expect(page.locator(f"#chart-{key}")).to_have_text("还没有已评分的自评表")
    shot(page, "07-dashboard-filtered")
    # and a year on top: nothing of this department in 2024
    page.locator("select[name=year]").select_option("2024")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(".panel.empty")).to_contain_text("没有符合条件的表")
    assert card(page, "forms") == "0"
    page.get_by_role("link", name="清除", exact=True).click()
    expect(page).to_have_url(f"{live.url}/dashboard")
    assert card(page, "forms") == "24"
    no_page_errors(page)


def test_resizes_with_the_window(signed_in, live):
    page = signed_in("reviewer")
    page.goto(f"{live.url}/dashboard")
    wait_for_charts(page, ("projects",))
    wide = page.locator("#chart-projects canvas").first.bounding_box()["width"]
    page.set_viewport_size({"width": 900, "height": 900})  # one column: the chart gets wider, then fits again
    page.wait_for_function("""() => {
        const c = document.querySelector('#chart-projects canvas'), box = document.querySelector('#chart-projects');
        return c && Math.abs(c.getBoundingClientRect().width - box.getBoundingClientRect().width) < 2;
    }""")
    narrow = page.locator("#chart-projects canvas").first.bounding_box()["width"]
    assert narrow != wide
    no_page_errors(page)


def test_csv_download_with_a_neutralised_formula(signed_in, live):
    api = live.api("admin")
    version = api.get("/api/v1/forms/14").json()["version"]
    r = api.patch("/api/v1/forms/14", json={"version": version, "project": {"name": "=1+1"}})
    assert r.status_code == 200, r.text
    page = signed_in("admin")
    page.goto(f"{live.url}/dashboard?department={GREEN}")
    wait_for_charts(page, ("projects",))
    assert [r[1] for r in table(page, "projects")][3] == "=1+1"  # shown as it is on the page
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"下载 CSV\s*（项目金额）")).click()
    download = info.value
    assert download.suggested_filename == f"仪表盘-项目金额-{GREEN}.csv"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["排名", "表编号", "项目名称", "类型", "主管部门", "实施单位", "年度", "金额（元）", "金额（万元）"]
    assert rows[1:] == [
        ["1", "16", "绿化市容行业宣传工作管理", "申报表", GREEN, "上海市绿化和市容宣传教育中心", "2023", "3336722", "333.67"],
        ["2", "12", "绿化市容基础设施保障", "申报表", GREEN, "上海市绿化和市容宣传教育中心", "2023", "1552500", "155.25"],
        ["3", "15", "行业科普管理", "申报表", GREEN, "上海市绿化和市容宣传教育中心", "2023", "1303000", "130.3"],
        ["4", "14", "'=1+1", "申报表", GREEN, "上海市绿化和市容宣传教育中心", "2023", "1029564", "102.96"],
        ["5", "13", "人才教育培训", "申报表", GREEN, "上海市绿化和市容宣传教育中心", "2023", "797800", "79.78"],
    ]
    # another table, with its 合计 row
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"下载 CSV\s*（定量指标占比）")).click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), "rb").read().decode("utf-8-sig"))))
    assert rows == [["主管部门", "年度", "指标数", "定量指标数", "定量占比（%）"], [GREEN, "2023", "60", "47", "78.33"],
                    ["合计", "", "60", "47", "78.33"]]
    # an unknown table is the app's 404 page
    response = page.goto(f"{live.url}/dashboard/secrets.csv")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("仪表盘没有名为「secrets」的表")
    no_page_errors(page, 404)


def test_a_filler_sees_only_their_unit(signed_in, live):
    page = signed_in("filler2")  # 攀枝花市区委宣传部: forms 22–24, 2022, no 主管部门
    page.goto(f"{live.url}/dashboard")
    expect(page.locator("h1")).to_contain_text("攀枝花市区委宣传部")
    wait_for_charts(page, CHARTS[:5])
    assert card(page, "forms") == "3" and card(page, "indicators") == "18" and card(page, "quantitative_share") == "33.3%"
    assert card(page, "amount") == "424.56 万元"
    assert [r[1] for r in table(page, "projects")] == ["仁和区重大对外宣传活动及重要外宣产品专项", "创建全国文明城市",
                                                       "2022年媒体合作项目"]
    # no department to choose from (their forms print none); the years are theirs
    assert page.locator("select[name=department]").locator("option").all_inner_texts() == ["全部"]
    assert page.locator("select[name=year]").locator("option").all_inner_texts() == ["全部", "2022"]
    # a CSV by URL is limited the same way
    r = page.request.get(f"{live.url}/dashboard/summary.csv")
    rows = list(csv.reader(io.StringIO(r.body().decode("utf-8-sig"))))
    assert [row[:4] for row in rows[1:]] == [["（未填主管部门）", "2022", "3", "18"], ["合计", "", "3", "18"]]
    no_page_errors(page)
