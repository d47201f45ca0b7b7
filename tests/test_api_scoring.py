"""Scoring through the API: actuals applied as an edit, the evaluation stored; same totals as ``jixiao score``.

Form 22 is examples/004 表1「2022年媒体合作项目」 (mof-2020): 预算执行 100 万元 / 执行 16 万元;
rows 1–4 产出 12.5 each (rows 1–3 「已完成」, row 4 「未支付完成」 cannot be graded), row 5
效益 30, row 6 满意度 10, all 「已完成」. By docs/scoring.md:

* execution: 16 / 100 = 16.00 %, × 10 = 1.60;
* row 4 given 完成等级「部分达成年度指标并具有一定效果」: band 60–80 %, top of the band →
  80 % × 12.5 = 10.00;
* total = 1.60 + 3 × 12.50 + 10.00 + 30.00 + 10.00 = 89.10 → 良 (80–90);
* with 执行数 95 万元: 95 % × 10 = 9.50 → total 97.00 → 优.
"""

from __future__ import annotations

import io
import json

from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from api_helpers import FILES, Api, error_of
from jixiao.cli import app as cli
from jixiao.store.tables import AuditEntry, StoredScore

pytest_plugins = ("api_plugin",)  # the api fixture

PARTIAL = "部分达成年度指标并具有一定效果"


def test_score_with_actuals(api: Api):
    c = api.client("filler2")
    r = c.post("/api/v1/forms/22/score", json={"version": 1, "actuals": [{"position": 3, "actual_grade": PARTIAL}]})
    assert r.status_code == 200, r.text
    body = r.json()
    ev = body["score"]["evaluation"]
    assert body["version"] == 2 and body["form"]["version"] == 2
    assert (body["score"]["total"], body["score"]["grade"], body["score"]["complete"]) == (89.10, "良", True)
    assert body["score"]["method"] == "mof-2020@2020.1"
    assert ev["execution"]["rate"] == 0.16 and ev["execution"]["score"] == 1.60
    assert [s["score"] for s in ev["indicators"]] == [12.5, 12.5, 12.5, 10.0, 30.0, 10.0]
    assert ev["indicators"][3]["grade"] == "部分达成"
    assert body["form"]["form"]["indicators"][3]["actual_grade"] == PARTIAL
    assert body["form"]["form"]["evaluation"]["total"] == 89.10
    assert [ch["code"] for ch in ev["checks"]] == ["JX-S506"]  # execution below 90 % without a reason
    # executed 95 万元 (sent in 元) and a reason: 9.50 for execution, 优
    r = c.post("/api/v1/forms/22/score", json={"version": 2, "executed": 950000, "execution_reason": "合同尾款年底支付"})
    body = r.json()
    assert r.status_code == 200 and body["version"] == 3
    assert (body["score"]["total"], body["score"]["grade"]) == (97.00, "优")
    assert body["score"]["evaluation"]["execution"]["score"] == 9.50
    assert body["form"]["form"]["funds"]["executed"] == 950000
    assert body["form"]["form"]["project"]["extra"]["执行偏差原因"] == "合同尾款年底支付"
    # the latest score is the form's, every scoring is kept, each one audited
    d = c.get("/api/v1/forms/22").json()
    assert d["score"]["total"] == 97.00 and d["score"]["created_by"] == api.user_ids["filler2"]
    with api.db.session() as s:
        assert [x.total for x in s.scalars(select(StoredScore).where(StoredScore.form_id == 22).order_by(StoredScore.id))] == [89.10, 97.00]
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "form.score").order_by(AuditEntry.id)).all()
        assert [e.after["total"] for e in entries] == [89.10, 97.00]
        assert entries[0].before == {"indicators[3].actual_grade": None, "version": 1}
        assert entries[1].before["funds.executed"] == 160000 and entries[1].after["funds.executed"] == 950000
    # bad input: unknown method, row, grade
    r = c.post("/api/v1/forms/22/score", json={"version": 3, "method": "/etc/passwd"})
    assert r.status_code == 422 and error_of(r)["code"] == "bad-method"
    r = c.post("/api/v1/forms/22/score", json={"version": 3, "actuals": [{"position": 6, "actual": "1"}]})
    assert r.status_code == 422 and "指标序号 6 不存在" in error_of(r)["message"]
    assert api.version(22) == 3


def test_score_with_the_actuals_workbook_matches_the_cli(api: Api, tmp_path):
    source = FILES[4]
    template = tmp_path / "actuals.xlsx"
    r = CliRunner().invoke(cli, ["template", "actuals", str(source), "--out", str(template)])
    assert r.exit_code == 0, r.output
    wb = load_workbook(template)
    rows = {row[11].value: row for row in wb["指标实际完成值"].iter_rows(min_row=2)}
    rows["1-4"][8].value = PARTIAL
    rows["2-4"][7].value = "114.56万元"
    funds = {row[6].value: row for row in wb["预算执行"].iter_rows(min_row=2)}
    funds["1"][4].value = 95
    wb.save(template)
    out = tmp_path / "scored.json"
    r = CliRunner().invoke(cli, ["score", str(source), "--actuals", str(template), "--format", "json", "--out", str(out)])
    scored = json.loads(out.read_text(encoding="utf-8"))
    expected = [f["evaluation"] for f in scored["forms"]]
    assert [e["total"] for e in expected[:2]] == [97.00, 100.0 - 10 + 8.70]
    c = api.client("filler2")
    for form_id, ev in ((22, expected[0]), (23, expected[1])):
        r = c.post(f"/api/v1/forms/{form_id}/score/workbook", data={"version": "1"},
                   files={"file": ("actuals.xlsx", io.BytesIO(template.read_bytes()), "application/octet-stream")})
        assert r.status_code == 200, r.text
        got = r.json()["score"]
        assert (got["total"], got["grade"], got["complete"]) == (ev["total"], ev["grade"], ev["complete"])
        assert got["evaluation"]["indicators"] == ev["indicators"]
        assert got["evaluation"]["execution"] == ev["execution"]
    # a workbook of another file, or not a workbook: 422 listing the problems
    other = tmp_path / "other.xlsx"
    CliRunner().invoke(cli, ["template", "actuals", str(FILES[1]), "--out", str(other)])
    r = c.post("/api/v1/forms/24/score/workbook", data={"version": "1"},
               files={"file": ("other.xlsx", io.BytesIO(other.read_bytes()), "application/octet-stream")})
    assert r.status_code == 422 and error_of(r)["detail"]["problems"]
    r = c.post("/api/v1/forms/24/score/workbook", data={"version": "1"},
               files={"file": ("x.xlsx", io.BytesIO(b"not a workbook"), "application/octet-stream")})
    assert r.status_code == 422
    assert api.version(24) == 1


def test_preview_scores_without_storing_anything(api: Api):
    body = {"actuals": [{"position": 3, "actual_grade": PARTIAL}]}
    # any reader may preview: the owning filler and a reviewer get the same 89.10 良 as the stored scoring below
    for who in ("filler2", "reviewer"):
        r = api.client(who).post("/api/v1/forms/22/score/preview", json=body)
        assert r.status_code == 200, r.text
        ev = r.json()["evaluation"]
        assert (ev["total"], ev["grade"], ev["complete"]) == (89.10, "良", True)
        assert [s["score"] for s in ev["indicators"]] == [12.5, 12.5, 12.5, 10.0, 30.0, 10.0]
        assert [ch["code"] for ch in ev["checks"]] == ["JX-S506"]
    # executed 95 万元 with a reason → 97.00 优; still nothing stored
    r = api.client("filler2").post("/api/v1/forms/22/score/preview",
                                   json={**body, "executed": 950000, "execution_reason": "合同尾款年底支付"})
    ev = r.json()["evaluation"]
    assert (ev["total"], ev["grade"], ev["checks"]) == (97.00, "优", [])
    # without the grade, row 4 「未支付完成」 cannot be graded: incomplete, no grade
    ev = api.client("filler2").post("/api/v1/forms/22/score/preview", json={}).json()["evaluation"]
    assert (ev["total"], ev["complete"], ev["grade"]) == (79.10, False, None)
    assert api.version(22) == 1
    with api.db.session() as s:
        assert s.scalars(select(StoredScore)).all() == []
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "form.score")).all() == []
    stored = api.client("filler2").post("/api/v1/forms/22/score", json={"version": 1, **body}).json()
    assert stored["score"]["evaluation"]["indicators"] == api.client("filler2").post(
        "/api/v1/forms/22/score/preview", json=body).json()["evaluation"]["indicators"]
    # another unit's filler may not even preview; a bad row is 422
    assert api.client("filler").post("/api/v1/forms/22/score/preview", json=body).status_code == 403
    r = api.client("filler2").post("/api/v1/forms/22/score/preview", json={"actuals": [{"position": 9, "actual": "1"}]})
    assert r.status_code == 422 and "指标序号 9 不存在" in error_of(r)["message"]
