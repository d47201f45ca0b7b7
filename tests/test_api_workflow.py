"""The status machine through the API: 草稿 → 已提交 → 已审核 / 已退回, with who, when and the comment."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from api_helpers import Api, error_of

pytest_plugins = ("api_plugin",)  # the api fixture


def test_submit_return_resubmit_approve(api: Api):
    filler, reviewer = api.client("filler"), api.client("reviewer")
    t0 = datetime.now(timezone.utc) - timedelta(seconds=5)
    d = filler.post("/api/v1/forms/6/submit", json={"version": 1}).json()
    assert (d["status"], d["status_zh"], d["version"]) == ("submitted", "已提交", 2)
    assert d["status_by"] == {"id": api.user_ids["filler"], "username": "filler", "display_name": "Filler"}
    assert datetime.fromisoformat(d["status_at"]) >= t0 and d["status_comment"] is None
    # a return needs a comment
    for comment in (None, "", "   "):
        r = reviewer.post("/api/v1/forms/6/return", json={"version": 2, "comment": comment})
        assert r.status_code == 422 and error_of(r)["code"] == "comment-required", r.text
        assert "退回意见" in error_of(r)["message"]
    d = reviewer.post("/api/v1/forms/6/return", json={"version": 2, "comment": "成本指标未量化，请补充金额上限"}).json()
    assert (d["status"], d["status_zh"], d["version"]) == ("returned", "已退回", 3)
    assert d["status_by"]["username"] == "reviewer" and d["status_comment"] == "成本指标未量化，请补充金额上限"
    # the filler sees the comment, fixes the form and submits again
    seen = filler.get("/api/v1/forms/6").json()
    assert seen["status_comment"] == "成本指标未量化，请补充金额上限" and seen["status_by"]["username"] == "reviewer"
    assert filler.patch("/api/v1/forms/6/indicators/0", json={"version": 3, "target": "≤30万元"}).status_code == 200
    d = filler.post("/api/v1/forms/6/submit", json={"version": 4, "comment": "已补充"}).json()
    assert (d["status"], d["version"], d["status_comment"]) == ("submitted", 5, "已补充")
    d = reviewer.post("/api/v1/forms/6/approve", json={"version": 5}).json()
    assert (d["status"], d["status_zh"], d["version"]) == ("approved", "已审核", 6)
    assert d["status_by"]["username"] == "reviewer" and d["status_comment"] is None
    assert datetime.fromisoformat(d["status_at"]) >= datetime.fromisoformat(seen["status_at"])
    # approved is final: no edit, no transition
    r = filler.patch("/api/v1/forms/6", json={"version": 6, "project": {"name": "x"}})
    assert r.status_code == 409 and error_of(r)["code"] == "not-editable" and "已审核" in error_of(r)["message"]
    for action, who in (("submit", filler), ("approve", reviewer), ("return", reviewer)):
        r = who.post(f"/api/v1/forms/6/{action}", json={"version": 6, "comment": "再看看"})
        assert r.status_code == 409 and error_of(r)["code"] == "bad-transition", (action, r.text)
    # the history lists every step
    actions = [e["action"] for e in filler.get("/api/v1/forms/6/audit").json()]
    assert actions == ["document.create", "form.submit", "form.return", "indicator.update", "form.submit", "form.approve"]


def test_transitions_from_the_wrong_status(api: Api):
    reviewer, admin = api.client("reviewer"), api.client("admin")
    r = reviewer.post("/api/v1/forms/7/approve", json={"version": 1})
    assert r.status_code == 409 and error_of(r)["code"] == "bad-transition"
    assert "草稿" in error_of(r)["message"] and error_of(r)["detail"]["allowed_from"] == ["submitted"]
    assert reviewer.post("/api/v1/forms/7/return", json={"version": 1, "comment": "x"}).status_code == 409
    # an administrator may do every step
    assert admin.post("/api/v1/forms/7/submit", json={"version": 1}).status_code == 200
    assert admin.post("/api/v1/forms/7/submit", json={"version": 2}).status_code == 409
    d = admin.post("/api/v1/forms/7/approve", json={"version": 2}).json()
    assert d["status"] == "approved" and d["status_by"]["username"] == "admin"
    # a reviewer may not submit
    r = reviewer.post("/api/v1/forms/8/submit", json={"version": 1})
    assert r.status_code == 403


def test_concurrent_edits_with_one_version_one_wins(api: Api):
    """Two clients send the same version at the same time: one edit is stored, the other gets 409."""
    clients = [api.client("filler"), api.client("admin")]
    names = ["甲的修改", "乙的修改"]

    def edit(i: int):
        return clients[i].patch("/api/v1/forms/9", json={"version": 1, "project": {"name": names[i]}})

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(edit, [0, 1]))
    codes = sorted(r.status_code for r in results)
    assert codes == [200, 409], [r.text for r in results]
    winner = names[[r.status_code for r in results].index(200)]
    d = api.client("admin").get("/api/v1/forms/9").json()
    assert d["form"]["project"]["name"] == winner and d["version"] == 2
    loser = next(r for r in results if r.status_code == 409)
    assert error_of(loser)["code"] == "stale"
