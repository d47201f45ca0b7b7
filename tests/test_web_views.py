"""The workbench's display helpers: formats, where a row was read, the history in words, safe redirects."""

from __future__ import annotations

from datetime import datetime, timezone

from jixiao.web.auth import safe_next
from jixiao.web.templating import beijing, money, number, points, share
from jixiao.web.views import history_view, where_text


def test_display_formats():
    assert money(992660.0) == "99.27 万元"
    assert money(16334600) == "1,633.46 万元"
    assert money(800) == "800.00 元"
    assert money(None) == ""
    assert share(0.5) == "50.0%" and share(0.9375) == "93.8%" and share(None) == ""
    assert points(79.1) == "79.10" and points(0) == "0.00" and points(None) == "—"
    assert number(12.5) == "12.5" and number(10.0) == "10" and number(2.6315) == "2.63" and number(None) == ""
    assert beijing(datetime(2026, 12, 7, 1, 30, tzinfo=timezone.utc)) == "2026-12-07 09:30"
    assert beijing("2026-12-06T17:05:00+00:00") == "2026-12-07 01:05"
    assert beijing(datetime(2026, 12, 7, 1, 30)) == "2026-12-07 09:30"  # naive times are UTC
    assert beijing(None) == "" and beijing("not a time") == "not a time"


def test_where_a_row_was_read():
    assert where_text({"page": None, "line": 63, "cell": None}) == "第63行"
    assert where_text({"page": 2, "line": 15, "cell": None}) == "第2页 第15行"
    assert where_text({"page": 1, "line": None, "cell": "Sheet1!C12"}) == "Sheet1!C12"
    assert where_text({"page": None, "line": None, "cell": None}) == "" and where_text(None) == ""


def test_the_history_in_words():
    entries = [
        {"at": "2026-12-07T03:20:00+00:00", "user_id": 3, "actor": "filler", "action": "indicator.update",
         "before": {"position": 0, "target": {"raw": "有效控制"}, "version": 1},
         "after": {"position": 0, "target": {"raw": "≤10万元"}, "version": 2}},
        {"at": "2026-12-07T03:26:00+00:00", "user_id": 3, "actor": "filler", "action": "form.score",
         "before": {"kind": "declaration", "funds.executed": None, "indicators[4].actual_grade": None, "version": 2},
         "after": {"kind": "self_evaluation", "funds.executed": 893430.0, "indicators[4].actual_grade": "达成年度指标",
                   "total": 98.25, "grade": "优", "complete": True, "version": 3, "source": "json"}},
        {"at": "2026-12-07T03:30:00+00:00", "user_id": 2, "actor": "reviewer", "action": "form.return",
         "before": {"status": "submitted", "status_by": 3, "status_at": "2026-12-07T03:28:00+00:00", "status_comment": None},
         "after": {"status": "returned", "status_by": 2, "status_at": "2026-12-07T03:30:00+00:00", "status_comment": "请细化"}},
    ]
    lines = history_view(entries, {3: "张三", 2: "李四"})
    assert [(x["actor"], x["what"]) for x in lines] == [("李四", "退回"), ("张三", "评分"), ("张三", "修改指标（第1行）")]
    assert lines[0]["changes"] == [{"field": "状态", "before": "已提交", "after": "已退回"},
                                   {"field": "意见", "before": "（空）", "after": "请细化"}]
    assert lines[1]["changes"] == [
        {"field": "类型", "before": "申报表", "after": "自评表"},
        {"field": "执行数", "before": "（空）", "after": "89.34 万元"},
        {"field": "第5行完成等级", "before": "（空）", "after": "达成年度指标"},
        {"field": "总分", "before": "", "after": "98.25"},
        {"field": "等级", "before": "", "after": "优"},
        {"field": "评分完整", "before": "", "after": "是"},
    ]
    assert lines[2]["changes"] == [{"field": "指标值", "before": "有效控制", "after": "≤10万元"}]


def test_only_local_paths_are_followed_after_sign_in():
    assert safe_next("/forms/3?done=submit") == "/forms/3?done=submit"
    for bad in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "forms", "", None, "/x\r\nSet-Cookie: a=b"):
        assert safe_next(bad) == "/forms"
