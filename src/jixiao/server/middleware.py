"""ASGI middleware: request-body limits and response headers for the API.

:class:`BodyLimit` bounds every request body before it is read into memory or spooled:
multipart bodies (uploads) to the upload limit, everything else (JSON) to
:data:`JSON_LIMIT`. A declared ``Content-Length`` over the limit is answered 413 at once;
a body without one is counted while it streams and refused when it passes the limit.

:class:`ApiHeaders` adds ``X-Content-Type-Options: nosniff`` to every response and
``Cache-Control: no-store`` to ``/api`` responses (they hold signed-in data).
"""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_LIMIT = 1024 * 1024
#: Room for the multipart framing around the files.
MULTIPART_SLACK = 1024 * 1024


def _too_large(limit: int) -> tuple[str, str]:
    return (f"请求体过大（上限 {limit} 字节）", f"request body too large (limit {limit} bytes)")


class BodyLimit:
    def __init__(self, app: ASGIApp, *, upload_limit: int, json_limit: int = JSON_LIMIT):
        self.app, self.upload_limit, self.json_limit = app, upload_limit, json_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        limit = self.upload_limit + MULTIPART_SLACK if multipart else self.json_limit
        declared = headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            zh, en = _too_large(limit)
            body = json.dumps({"error": {"code": "too-large", "message": f"{zh} / {en}", "detail": {"limit": limit}}},
                              ensure_ascii=False).encode()
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                    (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, detail={"limit": limit})
            return message

        await self.app(scope, counted, send)


class ApiHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope.get("path", "").startswith("/api/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff")]
                if api:
                    extra.append((b"cache-control", b"no-store"))
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in names]
            await send(message)

        await self.app(scope, receive, sending)
