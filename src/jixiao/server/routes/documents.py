"""Documents: upload (multipart, field ``file``, several allowed), metadata, original bytes.

Uploads are for 管理员 and 填报人; bounded in size (413) and type by extension (415);
an unreadable file is 422 with jixiao's reading error; a file already stored comes back
with ``created: false`` (status 200; 201 when something new was stored). All files of
one request are stored together or not at all.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Path, Request, Response, UploadFile

from ...store import workflow as wf
from ..deps import DB, Auth, commit
from ..schemas import MAX_INT, DocumentOut, UploadOut, errors

router = APIRouter(prefix="/documents", tags=["documents 文件"])

DocId = Annotated[int, Path(ge=1, le=MAX_INT, description="The document's id.")]


@router.post("", response_model=UploadOut, responses={**errors(401, 403, 413, 415, 422), 201: {"model": UploadOut}})
def upload(request: Request, response: Response, auth: Auth, session: DB,
           file: Annotated[list[UploadFile], File(description="一个或多个文件 / one or more files (.txt .md .html .htm .pdf .docx .doc .xlsx .xls)")]) -> dict:
    """上传文件：读取、审核并保存其中的绩效表 / upload files: read, review and store their forms."""
    limit = request.app.state.max_upload
    uploads = []
    for f in file:
        data = f.file.read(limit + 1)
        uploads.append(wf.Upload(f.filename, data))
    stored = wf.upload(session, auth.user, uploads, max_size=limit)
    commit(session)
    created = any(c for _, c in stored)
    response.status_code = 201 if created else 200
    return {"created": created, "documents": [
        {"document": wf.document_view(d), "created": c, "forms": [wf.forms.summary_of(f) for f in d.forms]} for d, c in stored]}


@router.get("/{document_id}", response_model=DocumentOut, responses=errors(401, 403, 404, 422))
def get_document(document_id: DocId, auth: Auth, session: DB) -> dict:
    """文件信息 / a stored document's metadata."""
    return wf.document_view(wf.document_for(session, auth.user, document_id))


@router.get("/{document_id}/file", responses={**errors(401, 403, 404, 422), 200: {
    "content": {"application/octet-stream": {}}, "description": "The original bytes."}})
def get_file(document_id: DocId, auth: Auth, session: DB) -> Response:
    """原始文件 / the original file, byte for byte."""
    row = wf.document_for(session, auth.user, document_id)
    name = row.filename or f"document-{row.id}"
    disposition = f"attachment; filename=\"document-{row.id}\"; filename*=UTF-8''{quote(name.rsplit('/', 1)[-1], safe='')}"
    return Response(row.content, media_type="application/octet-stream", headers={"Content-Disposition": disposition})
