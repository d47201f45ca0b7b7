"""The workbench in a real browser (Chromium via Playwright): sign-in, the list, the detail page,
roles, errors, escaping. Forms and users are those of ``api_helpers`` (24 example forms)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from web_helpers import no_page_errors, shot

pytest_plugins = ("web_plugin",)  # live, browser, signed_in, anonymous

HOUSING = "上海市住房和城乡建设管理委员会"


def list_names(page) -> list[str]:  # noqa: ANN001
    return page.locator("table.list tbody a.formlink").all_inner_texts()


def test_sign_in_out_and_redirect_back(anonymous, live):
    page = anonymous
    page.goto(f"{live.url}/forms/3")
    expect(page).to_have_url(re.compile(r"/login\?next=/forms/3$"))
    shot(page, "01-login")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("wrong password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live.url}/forms/3")  # back where the visitor wanted to go
    expect(page.locator("h1")).to_have_text("城市日管理研究")
    cookie = next(c for c in page.context.cookies() if c["name"] == "jixiao_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{live.url}/login")
    page.goto(f"{live.url}/forms")
    expect(page).to_have_url(re.compile(r"/login\?next=/forms$"))
    no_page_errors(page, 401)


def test_login_refuses_a_foreign_next_and_a_missing_token(anonymous, live):
    page = anonymous
    page.goto(f"{live.url}/login?next=//evil.example/x")
    login_form_next = page.locator("input[name=next]").get_attribute("value")
    assert login_form_next == "/forms"
    # a sign-in posted without the page's token (from another site) is refused
    r = page.request.post(f"{live.url}/login", form={"username": "admin", "password": "correct horse battery",
                                                     "csrf_token": "forged", "next": "/forms"}, max_redirects=0)
    assert r.status == 403
    assert "jixiao_session" not in {c["name"] for c in page.context.cookies()}


def test_list_filters_search_sort_and_pages(signed_in, live):
    page = signed_in("admin")
    expect(page.locator("h1")).to_contain_text("共 24 张表")
    shot(page, "02-list")
    # filter by department and year through the form
    page.get_by_label("主管部门").fill(HOUSING)
    page.get_by_label("年度").select_option("2024")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("h1")).to_contain_text("共 10 张表")
    assert len(list_names(page)) == 10
    # search over indicator names
    page.goto(f"{live.url}/forms?q=阅读量")
    expect(page.locator("h1")).to_contain_text("共 3 张表")
    # self-evaluations only
    page.goto(f"{live.url}/forms")
    page.get_by_label("类型").select_option("self_evaluation")
    page.get_by_role("button", name="筛选").click()
    assert sorted(list_names(page)) == sorted(["仁和区重大对外宣传活动及重要外宣产品专项", "创建全国文明城市", "2022年媒体合作项目"])
    # sort by amount: the header link toggles the direction
    page.goto(f"{live.url}/forms")
    page.get_by_role("link", name="金额").click()
    expect(page).to_have_url(re.compile(r"sort=-amount"))
    assert list_names(page)[0] == "城市日主场活动"  # 1,633.46 万元, the largest
    page.get_by_role("link", name=re.compile("金额")).click()
    expect(page).to_have_url(re.compile(r"sort=amount"))
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert list_names(page)[0] == "涉外资料翻译"  # 18.40 万元, the smallest
    # nothing found
    page.goto(f"{live.url}/forms?q=没有这个词")
    expect(page.locator(".empty")).to_contain_text("没有符合条件的表")
    no_page_errors(page)


def test_pages_of_fifty(signed_in, live):
    # 24 forms fit one page; the pager says so, and a page past the end is empty, not an error
    page = signed_in("reviewer")
    expect(page.locator(".pager")).to_contain_text("第 1 / 1 页")
    page.goto(f"{live.url}/forms?page=9")
    expect(page.locator(".empty")).to_be_visible()


def test_detail_shows_header_funds_findings_and_where_rows_were_read(signed_in, live):
    page = signed_in("reviewer")
    page.goto(f"{live.url}/forms/3")
    shot(page, "03-detail")
    expect(page.locator("#h-header + dl")).to_contain_text("上海世界城市日事务协调中心")
    expect(page.locator("#h-funds + dl")).to_contain_text("99.27 万元")
    rows = page.locator("table.indicators tr.ind")
    expect(rows).to_have_count(28)
    first = rows.nth(0)
    expect(first.locator("td[data-field=name]")).to_have_text("成本控制")
    expect(first).to_contain_text("第63行")  # where it was read in the text file
    # the finding of row 1 is shown right under it, with the rule's explanation and fix
    findings = page.locator("tr.findings-row[data-for='0'] li.finding")
    expect(findings).to_have_count(1)
    expect(findings.first).to_have_attribute("data-code", "JX-Q202")
    findings.first.get_by_text("规则说明与修改建议").click()
    expect(findings.first.locator("dl")).to_contain_text("修改建议")
    # a reviewer edits nothing: no edit buttons, and no submit button on a draft
    expect(page.locator(".edit-row")).to_have_count(0)
    expect(page.get_by_role("button", name="提交")).to_have_count(0)
    no_page_errors(page)


def test_a_filler_cannot_open_another_units_form_by_url(signed_in, live):
    page = signed_in("filler2")  # 攀枝花市区委宣传部: forms 22–24
    expect(page.locator("h1")).to_contain_text("共 3 张表")
    response = page.goto(f"{live.url}/forms/3")
    assert response.status == 403
    expect(page.locator("h1")).to_contain_text("其他单位")
    shot(page, "04-forbidden")
    assert page.goto(f"{live.url}/forms/3/selfeval").status == 403
    assert page.goto(f"{live.url}/api/v1/forms/3").status == 403
    assert page.goto(f"{live.url}/forms/22").status == 200


def test_unknown_pages_are_chinese_error_pages(signed_in, live):
    page = signed_in("admin")
    r = page.goto(f"{live.url}/forms/999999")
    assert r.status == 404
    expect(page.locator("h1")).to_have_text("绩效表 999999 不存在")
    r = page.goto(f"{live.url}/no-such-page")
    assert r.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    # the API keeps answering JSON
    r = page.goto(f"{live.url}/api/v1/nothing")
    assert r.status == 404 and r.headers["content-type"].startswith("application/json")


def test_page_security_headers(signed_in, live):
    page = signed_in("admin")
    r = page.goto(f"{live.url}/forms")
    h = r.headers
    assert "script-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-frame-options"] == "DENY" and h["cache-control"] == "no-store"
    # every form on the page that posts carries the session's CSRF token
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    assert token and all(v == token for v in page.locator("form[method=post] input[name=csrf_token]").evaluate_all(
        "els => els.map(e => e.value)"))


def test_a_page_form_post_without_the_csrf_token_is_refused(signed_in, live):
    page = signed_in("filler")
    version = live.api().get("/api/v1/forms/5").json()["version"]
    r = page.request.post(f"{live.url}/forms/5/actions/submit", form={"version": str(version)}, max_redirects=0)
    assert r.status == 403
    assert live.api().get("/api/v1/forms/5").json()["status"] == "draft"  # nothing happened


def test_script_in_an_indicator_name_is_shown_as_text(signed_in, live):
    api = live.api("admin")
    version = api.get("/api/v1/forms/21").json()["version"]
    r = api.patch("/api/v1/forms/21/indicators/0", json={"version": version, "name": "<script>alert(1)</script><img src=x onerror=alert(2)>"})
    assert r.status_code == 200, r.text
    page = signed_in("admin")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live.url}/forms/21")
    cell = page.locator("tr.ind[data-position='0'] td[data-field=name]")
    expect(cell).to_have_text("<script>alert(1)</script><img src=x onerror=alert(2)>")
    assert cell.locator("script, img").count() == 0
    page.goto(f"{live.url}/forms?q=alert")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    shot(page, "05-escaped")
    assert dialogs == []


def test_keyboard_only_sign_in(anonymous, live):
    page = anonymous
    page.goto(f"{live.url}/login")
    # the page gives the user name field the focus (autofocus, applied just after load: wait for it, else
    # the first keystrokes can land before it and be lost)
    expect(page.get_by_label("用户名")).to_be_focused()
    page.keyboard.type("reviewer")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live.url}/forms")
    page.wait_for_load_state()  # the list page fully loaded before the next keystroke
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"


def test_long_chinese_names_do_not_break_the_layout(signed_in, live):
    api = live.api("admin")
    long_name = "关于进一步加强和改进城市日主场活动暨世界城市日系列宣传推广与国际交流合作综合服务保障能力建设项目" * 3
    version = api.get("/api/v1/forms/20").json()["version"]
    r = api.patch("/api/v1/forms/20", json={"version": version, "project": {"name": long_name}})
    assert r.status_code == 200, r.text
    version = r.json()["version"]
    r = api.patch("/api/v1/forms/20/indicators/1", json={"version": version, "name": long_name})
    assert r.status_code == 200, r.text
    page = signed_in("admin", viewport={"width": 1280, "height": 800})
    for url in ("/forms", "/forms/20", "/forms/20/selfeval", "/dashboard"):
        page.goto(live.url + url)
        # nothing wider than the window: long names wrap instead of pushing the page sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, url
    page.goto(f"{live.url}/forms/20")
    expect(page.locator("h1")).to_have_text(long_name)
    shot(page, "13-long-names")


def test_editing_a_row_with_the_keyboard(signed_in, live):
    page = signed_in("admin")
    page.goto(f"{live.url}/forms/19")
    row = page.locator("tr.ind[data-position='2']")
    before = row.locator("td[data-field=target]").inner_text()
    row.get_by_role("button", name="编辑第 3 行").focus()
    page.keyboard.press("Enter")  # opens the editor, focus in the first field
    expect(row.get_by_label("一级指标")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(row.get_by_label("指标值")).to_be_focused()
    page.keyboard.type("（改）")
    page.keyboard.press("Escape")  # cancel: nothing saved, focus back on the row's edit button
    expect(page.locator("tr.ind[data-position='2'] td[data-field=target]")).to_have_text(before)
    expect(page.get_by_role("button", name="编辑第 3 行")).to_be_focused()
    page.keyboard.press("Enter")
    page.locator("tr.ind[data-position='2']").get_by_label("指标值").fill("≥95%")
    page.keyboard.press("Enter")  # save
    expect(page.locator("tr.ind[data-position='2'] td[data-field=target]")).to_have_text("≥95%")
    assert live.api().get("/api/v1/forms/19").json()["form"]["indicators"][2]["target"]["raw"] == "≥95%"
    no_page_errors(page)


def test_the_list_ignores_filter_values_it_does_not_know(signed_in, live):
    page = signed_in("admin")
    r = page.goto(f"{live.url}/forms?year=abc&kind=budget&status=lost&errors=maybe&sort=-nothing&page=-3&q=" + "长" * 300)
    assert r.status == 200
    expect(page.locator("h1")).to_contain_text("共 24 张表")  # every filter ignored, not an error page
    r = page.goto(f"{live.url}/forms?year=2023&errors=no&sort=name")
    expect(page.locator("h1")).to_contain_text("共 5 张表")
    assert list_names(page) == sorted(list_names(page))


def test_the_demo_puts_its_accounts_on_the_sign_in_page(browser, live):
    from fastapi.testclient import TestClient

    from jixiao.server.app import create_app

    hint = "演示账号（密码都是 jixiao-demo）：admin（管理员）。"
    with TestClient(create_app(live.db, login_hint=hint)) as c:
        assert hint in c.get("/login").text
    page = browser.new_page()
    page.goto(f"{live.url}/login")  # a server started without a hint shows none
    expect(page.locator(".notice")).to_have_count(0)
    page.close()
