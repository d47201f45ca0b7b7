"""The whole journey in a real browser, from an empty database:

a 填报人 of 上海世界城市日事务协调中心 signs in, uploads examples/001 (10 forms of that unit),
opens 「城市日管理研究」, fixes a target so its finding goes away, enters the year's actuals,
sees the score live, saves it and downloads the 自评表; submits; a 审核人 returns it with a
comment and the 填报人 sees the comment; the 填报人 cannot open another unit's form.

Hand computation of the score (财预〔2020〕10号, method mof-2020; docs/scoring.md): the form
has 28 indicators — 3 成本指标 and 16 产出指标 (pooled into 产出 50), 8 效益指标 (30, i.e.
3.75 each), 1 满意度指标 (10). Every target is met except one 效益 row given 完成等级
「部分达成年度指标并具有一定效果」 (band 60–80 %, top of the band: 80 % × 3.75 = 3.00).
The 年度资金总额 99.27 万元 is the budget; 执行数 89.343 万元 is 90.00 % → 9.00.
Total = 9.00 + 50.00 + (30 − 3.75 + 3.00) + 10.00 = 98.25 → 优 (≥ 90).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from web_helpers import login, no_page_errors, shot

pytest_plugins = ("web_plugin",)  # live, browser, signed_in, anonymous

LIVE_DOCUMENTS = False  # the journey starts with users only
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "001_d4da09846475aa3c.txt"
PROJECT = "城市日管理研究"
PARTIAL = "部分达成年度指标并具有一定效果"
NUMBER = re.compile(r"^(?:[≥≤=＝]|>=|<=)?\s*([0-9]+(?:\.[0-9]+)?)\s*[(（]?([^()（）0-9]*)[)）]?$")


def actual_meeting(target: str) -> str | None:
    """An actual value that meets a printed numeric target (``≥1000.00(册)`` → ``1000册``), else None."""
    m = NUMBER.match(target.strip())
    if not m:
        return None
    return f"{float(m.group(1)):g}{m.group(2).strip()}"


def test_the_whole_journey(browser, live, tmp_path):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = ctx.new_page()
    from web_helpers import watch

    watch(page)
    login(page, live.url, "filler")
    expect(page.locator(".empty")).to_contain_text("没有符合条件的表")

    # upload
    page.get_by_role("link", name="上传", exact=True).click()
    page.locator("#files").set_input_files(str(EXAMPLE))
    result = page.locator("#uploads li.upload").first
    expect(result.locator(".state")).to_have_text("已读取并入库：10 张表", timeout=60_000)
    expect(result.locator("ul.forms li")).to_have_count(10)
    shot(page, "06-upload")
    # the same file again adds nothing
    page.locator("#files").set_input_files(str(EXAMPLE))
    expect(page.locator("#uploads li.upload").first.locator(".state")).to_contain_text("该文件已在库中（10 张表）", timeout=60_000)

    # open the form from the upload result
    result.get_by_role("link", name=PROJECT).click()
    expect(page.locator("h1")).to_have_text(PROJECT)
    row = page.locator("tr.ind[data-position='0']")
    expect(row.locator("td[data-field=name]")).to_have_text("成本控制")
    expect(page.locator("tr.findings-row[data-for='0'] li.finding")).to_have_attribute("data-code", "JX-Q202")
    warnings_before = int(page.locator("#review-summary .badge.warning").inner_text().split()[0])

    # edit the target in place: 有效控制 → ≤10万元; the finding of that row goes away
    row.get_by_role("button", name="编辑第 1 行").click()
    target = row.get_by_label("指标值")
    target.fill("≤10万元")
    row.get_by_role("button", name="保存").click()
    expect(page.locator("tr.ind[data-position='0'] td[data-field=target]")).to_have_text("≤10万元")
    expect(page.locator("tr.findings-row[data-for='0']")).to_have_count(0)
    expect(page.locator("#review-summary .badge.warning")).to_have_text(f"{warnings_before - 1} 警告")
    expect(page.locator("#toast")).to_contain_text("已保存并重新审核")
    page.reload()  # stored, not just shown
    expect(page.locator("tr.ind[data-position='0'] td[data-field=target]")).to_have_text("≤10万元")
    expect(page.locator("table.history")).to_contain_text("修改指标（第1行）")
    shot(page, "08-detail-edited")

    # self-evaluation: every target met but one 效益 row partly, 执行数 89.343 万元
    page.get_by_role("link", name="自评打分").click()
    expect(page.locator("h1")).to_have_text(f"自评：{PROJECT}")
    rows = page.locator("tr.se-row")
    expect(rows).to_have_count(28)
    partial_done = False
    for i in range(28):
        r = rows.nth(i)
        target_text = r.locator("td").nth(2).inner_text()
        category = r.locator("td.se-name span").inner_text()
        value = actual_meeting(target_text)
        if category.startswith("效益指标") and not partial_done:
            r.get_by_label(f"第 {i + 1} 项完成等级").select_option(PARTIAL)
            r.get_by_label(f"第 {i + 1} 项偏差原因").fill("部分活动延至下年")
            partial_done = True
        elif value is not None:
            r.get_by_label(f"第 {i + 1} 项实际完成值").fill(value)
        else:
            r.get_by_label(f"第 {i + 1} 项完成等级").select_option("达成年度指标")
    page.get_by_label("执行数（万元）").fill("89.343")
    expect(page.locator("#sum-total")).to_have_text("98.25")  # live, nothing saved yet
    expect(page.locator("#sum-grade")).to_have_text("优")
    expect(page.locator("#sum-complete")).to_have_text("评分完整")
    expect(page.locator("#exec-note")).to_contain_text("90.00%")
    assert live.api().get(f"/api/v1/forms/{form_id(page)}").json()["score"] is None
    shot(page, "09-selfeval")
    page.get_by_role("button", name="保存并评分").click()
    expect(page.locator(".notice.ok")).to_contain_text("已保存并评分")
    expect(page.locator("#sum-total")).to_have_text("98.25")
    fid = form_id(page)
    stored = live.api().get(f"/api/v1/forms/{fid}").json()
    assert (stored["score"]["total"], stored["score"]["grade"]) == (98.25, "优")

    # download the 自评表 and read it
    with page.expect_download() as info:
        page.locator("#dl-xlsx").click()
    download = info.value
    assert download.suggested_filename == f"{PROJECT}-{fid}.xlsx"
    data = Path(download.path()).read_bytes()
    ws = load_workbook(io.BytesIO(data)).active
    cells = [str(c.value) for row_ in ws.iter_rows() for c in row_ if c.value is not None]
    assert PROJECT in cells and "总分" in cells and "98.25" in cells and "自评等级" in cells and "优" in cells
    assert "部分活动延至下年" in cells
    shot(page, "10-selfeval-saved")

    # submit; the reviewer returns it with a comment; the filler sees the comment
    page.goto(f"{live.url}/forms/{fid}")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".notice.ok")).to_have_text("已提交，等待审核。")
    expect(page.locator("#form-status")).to_have_text("已提交")
    expect(page.locator(".edit-row")).to_have_count(0)  # a submitted form is not edited
    no_page_errors(page)

    reviewer_ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    rp = reviewer_ctx.new_page()
    watch(rp)
    login(rp, live.url, "reviewer")
    rp.get_by_label("状态").select_option("submitted")
    rp.get_by_role("button", name="筛选").click()
    expect(rp.locator("table.list tbody tr")).to_have_count(1)
    rp.get_by_role("link", name=PROJECT).click()
    rp.get_by_role("button", name="退回").click()  # without a comment: the browser refuses to send it
    expect(rp.locator("textarea[name=comment]:invalid")).to_have_count(1)
    rp.get_by_label("退回意见").fill("   ")  # blank: refused by the page's script
    rp.get_by_role("button", name="退回").click()
    expect(rp.locator("#toast")).to_have_text("请填写退回意见")
    expect(rp.locator("#form-status")).to_have_text("已提交")
    rp.get_by_label("退回意见").fill("第5行指标值请细化到具体数量。")
    rp.get_by_role("button", name="退回").click()
    expect(rp.locator(".notice.ok")).to_contain_text("已退回")
    shot(rp, "11-returned-by-reviewer")
    no_page_errors(rp)
    reviewer_ctx.close()

    page.goto(f"{live.url}/forms?status=returned")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page.get_by_role("link", name=PROJECT).click()
    expect(page.locator("#form-status")).to_have_text("已退回")
    expect(page.locator("#status-comment")).to_have_text("退回意见：第5行指标值请细化到具体数量。")
    expect(page.locator(".edit-row").first).to_be_visible()  # editable again
    expect(page.locator("table.history")).to_contain_text("退回")
    shot(page, "12-returned-seen-by-filler")

    # another unit's form, even by URL
    other = live.api("admin")
    forms = other.get("/api/v1/forms").json()["items"]
    assert {f["owner_unit"] for f in forms} == {"上海世界城市日事务协调中心"}
    filler2 = browser.new_context()
    p2 = filler2.new_page()
    login(p2, live.url, "filler2")
    assert p2.goto(f"{live.url}/forms/{fid}").status == 403
    expect(p2.locator("h1")).to_have_text("无权访问其他单位的绩效表")
    assert p2.goto(f"{live.url}/forms/{fid}/selfeval").status == 403
    assert p2.goto(f"{live.url}/forms/{fid}/table").status == 403
    filler2.close()
    ctx.close()


def form_id(page) -> int:  # noqa: ANN001
    return int(re.search(r"/forms/(\d+)", page.url).group(1))
