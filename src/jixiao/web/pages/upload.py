"""上传: drag-and-drop several files; each is sent to ``POST /api/v1/documents`` on its own
(``static/js/upload.js``) so that every file shows its own progress and result."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ...store.access import can_upload
from ...store.workflow.uploads import EXTENSIONS
from ...server.deps import DB
from ..auth import PageError, current_viewer
from ..templating import render

router = APIRouter(include_in_schema=False)


@router.get("/upload")
def upload_page(request: Request, session: DB) -> Response:
    viewer = current_viewer(request, session)
    if not can_upload(viewer.user):
        raise PageError(403, "审核人不能上传文件（只有填报人和管理员可以上传）", "reviewers cannot upload", back="/forms")
    limit = request.app.state.max_upload
    return render(request, "upload.html", {"extensions": sorted(EXTENSIONS), "max_upload": limit,
                                           "max_upload_mb": limit // (1024 * 1024)})
