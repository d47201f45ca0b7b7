"""Exporting a form through the API: every format, file names, formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

from docx import Document as Docx
from openpyxl import load_workbook

from api_helpers import Api, error_of

pytest_plugins = ("api_plugin",)  # the api fixture


def _export(c, form_id: int, fmt: str):
    r = c.get(f"/api/v1/forms/{form_id}/export", params={"format": fmt})
    assert r.status_code == 200, r.text
    return r


def _cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def test_export_every_format(api: Api):
    c = api.client("filler")
    r = _export(c, 2, "xlsx")
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cd = r.headers["content-disposition"]
    assert cd == f"attachment; filename=\"form-2.xlsx\"; filename*=UTF-8''{quote('城市日宣传推广-2.xlsx')}"
    texts = [cell.value for cell in _cells(r.content) if isinstance(cell.value, str)]
    assert "城市日宣传推广" in texts and "宣传品制作数量" in texts
    r = _export(c, 2, "docx")
    assert r.content[:2] == b"PK" and "wordprocessingml" in r.headers["content-type"]
    doc = Docx(io.BytesIO(r.content))
    words = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "城市日宣传推广" in words and "宣传品制作数量" in words
    r = _export(c, 2, "pdf")
    assert r.content[:5] == b"%PDF-" and len(r.content) > 1000 and r.headers["content-type"] == "application/pdf"
    r = _export(c, 2, "csv")
    assert r.headers["content-type"].startswith("text/csv") and r.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 27 and {row["project_name"] for row in rows} == {"城市日宣传推广"}
    assert rows[9]["name"] == "宣传品制作数量" and rows[9]["target_value"] == "500"
    r = _export(c, 2, "json")
    body = json.loads(r.content)
    assert body["schema"] == "jixiao/v1" and body["source"]["path"] == "001_d4da09846475aa3c.txt"
    assert len(body["forms"]) == 1 and body["forms"][0]["project"]["name"] == "城市日宣传推广"
    assert body["forms"][0] == c.get("/api/v1/forms/2").json()["form"]
    r = c.get("/api/v1/forms/2/export", params={"format": "exe"})
    assert r.status_code == 422 and "format" in error_of(r)["message"]


def test_formulas_are_neutralised_in_csv_and_xlsx(api: Api):
    c = api.client("filler")
    v = api.version(2)
    for i, text in enumerate(("=1+1", "+SUM(A1:A2)", "-2+3", "@cmd")):
        r = c.patch(f"/api/v1/forms/2/indicators/{i}", json={"version": v, "name": text})
        assert r.status_code == 200, r.text
        v = r.json()["version"]
    rows = list(csv.DictReader(io.StringIO(_export(c, 2, "csv").content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows[:4]] == ["'=1+1", "'+SUM(A1:A2)", "'-2+3", "'@cmd"]
    cells = {cell.value: cell for cell in _cells(_export(c, 2, "xlsx").content) if isinstance(cell.value, str)}
    for text in ("=1+1", "+SUM(A1:A2)", "-2+3", "@cmd"):
        cell = cells[text]
        assert cell.data_type == "s" and cell.quotePrefix, text  # a string shown with Excel's ' prefix, never a formula
    assert not any(cell.data_type == "f" for cell in cells.values())


def test_a_scored_form_exports_its_scores(api: Api):
    c = api.client("filler2")
    c.post("/api/v1/forms/22/score", json={"version": 1, "actuals": [{"position": 3, "actual_grade": "部分达成年度指标并具有一定效果"}]})
    texts = {cell.value for cell in _cells(_export(c, 22, "xlsx").content) if isinstance(cell.value, str)}
    assert "89.10" in texts and "良" in texts
    body = json.loads(_export(c, 22, "json").content)
    assert body["forms"][0]["evaluation"]["total"] == 89.10
