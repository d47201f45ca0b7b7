"""Every mutation through the API is in the audit log: who, when, what, before, after."""

from __future__ import annotations

import io
from datetime import datetime

from api_helpers import FILES, PASSWORD, Api, error_of

pytest_plugins = ("api_plugin",)  # the api fixture


def test_every_mutation_is_audited_with_before_and_after(api: Api):
    filler, reviewer, admin = api.client("filler"), api.client("reviewer"), api.client("admin")
    assert filler.patch("/api/v1/forms/10", json={"version": 1, "project": {"name": "涉外资料翻译（修订）"},
                                                  "funds": {"annual": 200000}}).status_code == 200
    assert filler.patch("/api/v1/forms/10/indicators/2", json={"version": 2, "target": "≥30万字"}).status_code == 200
    assert filler.post("/api/v1/forms/10/indicators", json={"version": 3, "name": "译稿合格率", "target": "≥98%"}).status_code == 201
    assert filler.delete("/api/v1/forms/10/indicators/11", params={"version": 4}).status_code == 200
    assert reviewer.post("/api/v1/forms/10/review", json={"version": 5, "profile": "shanghai"}).status_code == 200
    assert filler.post("/api/v1/forms/10/submit", json={"version": 6}).status_code == 200
    assert reviewer.post("/api/v1/forms/10/return", json={"version": 7, "comment": "请补充成本指标"}).status_code == 200
    assert filler.post("/api/v1/forms/10/score", json={"version": 8, "actuals": [{"position": 0, "actual": "18万元"}]}).status_code == 200
    assert filler.post("/api/v1/forms/10/submit", json={"version": 9}).status_code == 200
    assert reviewer.post("/api/v1/forms/10/approve", json={"version": 10}).status_code == 200
    history = filler.get("/api/v1/forms/10/audit").json()
    assert [(e["action"], e["actor"]) for e in history] == [
        ("document.create", "ingest"), ("form.update", "filler"), ("indicator.update", "filler"),
        ("indicator.add", "filler"), ("indicator.delete", "filler"), ("form.review", "reviewer"),
        ("form.submit", "filler"), ("form.return", "reviewer"), ("form.score", "filler"),
        ("form.submit", "filler"), ("form.approve", "reviewer")]
    e = {x["action"]: x for x in history}
    assert all(x["entity"] == "form" and x["entity_id"] == 10 for x in history[1:])
    assert all(datetime.fromisoformat(x["at"]) for x in history)
    assert e["form.update"]["before"] == {"project.name": "涉外资料翻译", "funds.annual": 184000.0, "version": 1}
    assert e["form.update"]["after"] == {"project.name": "涉外资料翻译（修订）", "funds.annual": 200000, "version": 2}
    assert e["form.update"]["user_id"] == api.user_ids["filler"]
    assert e["indicator.update"]["before"]["position"] == 2 and e["indicator.update"]["after"]["target"] == "≥30万字"
    assert e["indicator.update"]["before"]["target"] != "≥30万字" and set(e["indicator.update"]["after"]) == {"position", "target", "version"}
    assert e["indicator.add"]["after"]["name"] == "译稿合格率" and e["indicator.add"]["after"]["position"] == 11
    assert e["indicator.add"]["after"]["target"] == "≥98%"
    assert e["indicator.delete"]["before"]["name"] == "译稿合格率" and e["indicator.delete"]["after"]["version"] == 5
    assert e["form.review"]["before"]["review_profile"].startswith("national-101@")
    assert e["form.review"]["after"]["review_profile"].startswith("shanghai@")
    ret = e["form.return"]
    assert ret["before"]["status"] == "submitted" and ret["after"]["status"] == "returned"
    assert ret["after"]["status_comment"] == "请补充成本指标" and ret["after"]["status_by"] == api.user_ids["reviewer"]
    assert e["form.score"]["before"]["indicators[0].actual"] is None
    assert e["form.score"]["after"]["indicators[0].actual"] == "18万元" and e["form.score"]["after"]["kind"] == "self_evaluation"
    assert e["form.approve"]["after"]["version"] == 11
    # refused requests leave no trace
    assert filler.patch("/api/v1/forms/10", json={"version": 11, "project": {"name": "x"}}).status_code == 409
    assert filler.post("/api/v1/forms/12/submit", json={"version": 1}).status_code == 403
    assert len(filler.get("/api/v1/forms/10/audit").json()) == len(history)
    # token creation (uploads: see the next test)
    r = api.client().post("/api/v1/auth/tokens", json={"username": "filler", "password": PASSWORD})
    assert r.status_code == 201
    log = admin.get("/api/v1/audit", params={"per_page": 200}).json()
    assert log["items"][0]["action"] == "token.create" and log["items"][0]["before"] is None
    assert r.json()["token"] not in str(log)
    assert log["total"] == len(log["items"]) == 5 + 10 + 1  # 5 seeded uploads, 10 form changes, 1 token


def test_the_audit_log_is_for_administrators_with_filters(api: Api):
    admin = api.client("admin")
    up = admin.post("/api/v1/documents", files={"file": ("new.txt", io.BytesIO(FILES[0].read_bytes() + b"\n"), "text/plain")})
    assert up.status_code == 201, up.text
    doc = up.json()["documents"][0]
    assert admin.post("/api/v1/forms/2/submit", json={"version": 1}).status_code == 200
    r = admin.get("/api/v1/audit", params={"action": "document.create", "actor": "admin"}).json()
    assert r["total"] == 1 and r["items"][0]["entity_id"] == doc["document"]["id"]
    assert r["items"][0]["after"]["sha256"] == doc["document"]["sha256"] and r["items"][0]["after"]["forms"] == [25]
    r = admin.get("/api/v1/audit", params={"entity": "form", "entity_id": 2}).json()
    assert [(x["action"], x["before"]["status"], x["after"]["status"]) for x in r["items"]] == [("form.submit", "draft", "submitted")]
    r = admin.get("/api/v1/audit", params={"entity": "document", "per_page": 2, "page": 3}).json()
    assert r["total"] == 6 and [x["entity_id"] for x in r["items"]] == [2, 1]
    for who in ("reviewer", "filler"):
        r = api.client(who).get("/api/v1/audit")
        assert r.status_code == 403 and error_of(r)["code"] == "forbidden"
