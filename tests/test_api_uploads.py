"""Uploading documents through the API: size and type bounds, unreadable files, duplicates, units."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from api_helpers import FILES, UNIT_SH, Api, error_of, make_api
from jixiao.store.tables import AuditEntry, StoredDocument, StoredForm

pytest_plugins = ("api_plugin",)  # the api fixture


def _counts(api: Api) -> tuple[int, int, int]:
    with api.db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (StoredDocument, StoredForm, AuditEntry))


def _file(name: str, data: bytes, ctype: str = "application/octet-stream"):
    return ("file", (name, io.BytesIO(data), ctype))


def test_upload_new_and_duplicate_files(db):
    api = make_api(db, documents=False)
    c = api.client("admin")
    r = c.post("/api/v1/documents", files=[_file("001.txt", FILES[1].read_bytes(), "text/plain")])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["created"] is True and len(body["documents"]) == 1
    doc = body["documents"][0]
    assert doc["created"] and doc["document"]["filename"] == "001.txt" and doc["document"]["format"] == "text"
    assert [f["name"] for f in doc["forms"]][:2] == ["城市日宣传推广", "城市日管理研究"] and len(doc["forms"]) == 10
    assert {f["owner_unit"] for f in doc["forms"]} == {UNIT_SH} and {f["status"] for f in doc["forms"]} == {"draft"}
    assert doc["forms"][0]["counts"]["warning"] > 0  # reviewed when stored
    # the same bytes again, under another name: nothing new
    before = _counts(api)
    r = c.post("/api/v1/documents", files=[_file("again.txt", FILES[1].read_bytes())])
    assert r.status_code == 200 and r.json()["created"] is False
    again = r.json()["documents"][0]
    assert again["created"] is False and again["document"]["id"] == doc["document"]["id"]
    assert [f["id"] for f in again["forms"]] == [f["id"] for f in doc["forms"]]
    assert _counts(api) == before
    # several files at once; the document and its original bytes can be read back
    r = c.post("/api/v1/documents", files=[_file("002.txt", FILES[2].read_bytes()), _file("001.txt", FILES[1].read_bytes())])
    assert r.status_code == 201 and [d["created"] for d in r.json()["documents"]] == [True, False]
    doc_id = r.json()["documents"][0]["document"]["id"]
    meta = c.get(f"/api/v1/documents/{doc_id}").json()
    assert meta["filename"] == "002.txt" and meta["size"] == len(FILES[2].read_bytes()) and len(meta["forms"]) == 5
    raw = c.get(f"/api/v1/documents/{doc_id}/file")
    assert raw.content == FILES[2].read_bytes()
    assert raw.headers["content-disposition"].endswith("filename*=UTF-8''002.txt")
    assert c.get("/api/v1/documents/99").status_code == 404
    # all or nothing: a good file with a bad one stores neither
    before = _counts(api)
    r = c.post("/api/v1/documents", files=[_file("003.txt", FILES[3].read_bytes()), _file("empty.txt", b"")])
    assert r.status_code == 422 and error_of(r)["detail"]["file"] == "empty.txt"
    assert _counts(api) == before


def test_upload_bounds_and_unreadable_files(db):
    api = make_api(db, documents=False, max_upload=4096)
    c = api.client("admin")
    before = _counts(api)
    big = FILES[1].read_bytes()  # 27 KB > 4 KiB (and the body is within the multipart slack)
    r = c.post("/api/v1/documents", files=[_file("big.txt", big)])
    assert r.status_code == 413 and error_of(r)["code"] == "too-large" and "文件过大" in error_of(r)["message"]
    # a declared body far over the limit is refused before it is read
    huge = b"x" * (4096 + 2 * 1024 * 1024)
    r = c.post("/api/v1/documents", files=[_file("huge.txt", huge)])
    assert r.status_code == 413 and error_of(r)["code"] == "too-large"
    # a body without Content-Length is counted as it streams
    boundary = "jixiaoboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()

    def chunks():
        yield head
        for _ in range(40):
            yield b"y" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post("/api/v1/documents", content=chunks(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413 and error_of(r)["code"] == "too-large"
    # JSON bodies are bounded too
    r = c.patch("/api/v1/forms/1", content=b"{" + b" " * (1024 * 1024 + 10) + b"}", headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    # types by extension
    for name in ("virus.exe", "noextension", "form.txt.zip", ""):
        r = c.post("/api/v1/documents", files=[_file(name, b"hello")])
        assert r.status_code in (415, 422), (name, r.text)
        if name:
            assert r.status_code == 415 and error_of(r)["code"] == "unsupported-type" and "不支持的文件类型" in error_of(r)["message"]
    # unreadable files: jixiao's reading error, in Chinese
    r = c.post("/api/v1/documents", files=[_file("empty.txt", b"")])
    assert r.status_code == 422 and error_of(r)["code"] == "empty-file" and error_of(r)["message"].startswith("文件为空")
    r = c.post("/api/v1/documents", files=[_file("notes.txt", "这只是一段说明文字，没有绩效表。".encode())])
    assert r.status_code == 422 and error_of(r)["code"] == "no-form" and "未找到绩效目标表" in error_of(r)["message"]
    r = c.post("/api/v1/documents", files=[_file("fake.pdf", b"%PDF-1.4 garbage garbage")])
    assert r.status_code == 422 and error_of(r)["detail"]["file"] == "fake.pdf"
    r = c.post("/api/v1/documents", files=[_file("fake.xlsx", b"PK\x03\x04 not a zip")])
    assert r.status_code == 422
    r = c.post("/api/v1/documents", data={"file": "not a file"})
    assert r.status_code == 422 and "file" in error_of(r)["message"]
    assert _counts(api) == before


def test_a_filler_uploads_only_their_units_forms(api: Api):
    c = api.client("filler")  # 上海世界城市日事务协调中心
    before = _counts(api)
    r = c.post("/api/v1/documents", files=[_file("green.txt", FILES[2].read_bytes() + b"\n")])
    assert r.status_code == 403 and error_of(r)["code"] == "wrong-unit"
    assert "上海市绿化和市容宣传教育中心" in error_of(r)["message"] and "未保存" in error_of(r)["message"]
    # a file another unit already uploaded
    r = c.post("/api/v1/documents", files=[_file("004.txt", FILES[4].read_bytes())])
    assert r.status_code == 403
    assert _counts(api) == before
    # forms that print no 实施单位 become the filler's unit's
    text = FILES[4].read_text(encoding="utf-8").replace("攀枝花市区委宣传部", "")
    r = c.post("/api/v1/documents", files=[_file("no-unit.txt", text.encode())])
    assert r.status_code == 201, r.text
    forms = r.json()["documents"][0]["forms"]
    assert [f["id"] for f in forms] == [25, 26, 27] and {f["owner_unit"] for f in forms} == {UNIT_SH}
    assert {f["implementing_unit"] for f in forms} == {None}
    ids = [x["id"] for x in c.get("/api/v1/forms", params={"per_page": 200}).json()["items"]]
    assert ids == [*range(1, 12), 25, 26, 27]
    assert api.client("filler2").get("/api/v1/forms/25").status_code == 403
    with api.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "document.create").order_by(AuditEntry.id.desc())).first()
        assert entry.actor == "filler" and entry.after["forms"] == [25, 26, 27] and entry.after["filename"] == "no-unit.txt"
