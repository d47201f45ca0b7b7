"""Uploading documents as a signed-in user, and reading stored documents back.

:func:`upload` reads every file first and stores them only when all could be read and
may be stored (all or nothing, in the caller's transaction):

* the name's extension must be one of :data:`EXTENSIONS` (else ``unsupported``, 415) and
  each file at most ``max_size`` bytes (else ``too-large``, 413);
* an unreadable file is ``invalid`` (422) with jixiao's :class:`~jixiao.errors.ReadError`
  code and message;
* a 填报人 may only upload forms of their own unit: any form printing another
  实施单位 makes the whole upload ``forbidden`` (403); forms printing none are given the
  user's unit as ``owner_unit``. A 审核人 may not upload;
* a file already stored (same SHA-256) is not stored again: it comes back with
  ``created = False`` (for a 填报人 only if all its forms are their unit's).

Forms are reviewed with the default profile when stored.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ... import parse
from ...errors import ReadError
from ...model import Document
from ..access import can_upload, owns
from ..documents import find_document, store_document
from ..tables import StoredDocument, User
from .edits import profile_named
from .errors import Forbidden, Invalid, NotFound, TooLarge, Unsupported

#: File name extensions accepted for upload.
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".xlsx", ".xls")


@dataclass
class Upload:
    """One file as received: its name and bytes."""

    filename: str | None
    data: bytes


def clean_name(name: str | None) -> str | None:
    """The base name of an uploaded file, without control characters, at most 255 characters."""
    if not name:
        return None
    base = posixpath.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF).strip()
    return base[-255:] or None


def check_upload(up: Upload, max_size: int) -> str:
    """The cleaned name of an acceptable upload; raises ``unsupported`` / ``too-large``."""
    name = clean_name(up.filename)
    if not name:
        raise Unsupported("unsupported-type", "上传的文件没有文件名，无法判断格式", "the uploaded file has no name")
    ext = posixpath.splitext(name)[1].lower()
    if ext not in EXTENSIONS:
        raise Unsupported("unsupported-type", f"不支持的文件类型「{ext or '无扩展名'}」（{name}）；支持：{' '.join(EXTENSIONS)}",
                          f"unsupported file type {ext or '(none)'}", {"file": name, "allowed": list(EXTENSIONS)})
    if len(up.data) > max_size:
        raise TooLarge("too-large", f"文件过大（{name}：{len(up.data)} 字节，上限 {max_size} 字节）",
                       f"file too large ({len(up.data)} bytes, limit {max_size})", {"file": name, "limit": max_size})
    return name


def upload(session: Session, user: User, files: list[Upload], *, max_size: int) -> list[tuple[StoredDocument, bool]]:
    """Read and store ``files``; returns ``(document, created)`` for each, in order."""
    if not can_upload(user):
        raise Forbidden("forbidden", "审核人不能上传文件", "a reviewer cannot upload documents")
    if not files:
        raise Invalid("invalid", "没有上传文件（字段 file）", "no file uploaded (field file)")
    profile = profile_named(None)
    parsed: list[tuple[str, bytes, Document | StoredDocument]] = []
    for up in files:
        name = check_upload(up, max_size)
        existing = find_document(session, hashlib.sha256(up.data).hexdigest())
        if existing is not None:
            if user.role == "filler" and not all(owns(user, f.owner_unit) for f in existing.forms):
                raise Forbidden("wrong-unit", f"文件「{name}」已由其他单位上传", "this file was uploaded by another unit",
                                {"file": name})
            parsed.append((name, up.data, existing))
            continue
        try:
            doc = parse(up.data, name, max_size=max_size)
        except ReadError as exc:
            raise Invalid(exc.code, exc.zh + (f"。{exc.hint}" if exc.hint else ""), exc.en, {"file": name}) from None
        except Exception as exc:  # noqa: BLE001 - a reader failing on hostile bytes is bad input, not a server error
            raise Invalid("unreadable", f"无法读取文件「{name}」", f"cannot read the file ({type(exc).__name__})",
                          {"file": name}) from None
        if user.role == "filler":
            for form in doc.forms:
                unit = (form.project.implementing_unit or "").strip()
                if unit and unit != user.unit:
                    raise Forbidden("wrong-unit", f"文件「{name}」中的表属于「{unit}」，不是您的单位「{user.unit}」，未保存",
                                    "the file holds forms of another unit; nothing was stored", {"file": name, "unit": unit})
        parsed.append((name, up.data, doc))
    out: list[tuple[StoredDocument, bool]] = []
    for name, data, doc in parsed:
        if isinstance(doc, StoredDocument):
            out.append((doc, False))
            continue
        row, created = store_document(session, doc, data, profile=profile, by=user,
                                      owner_unit=user.unit if user.role == "filler" else None)
        out.append((row, created))
    return out


def document_for(session: Session, user: User, document_id: int) -> StoredDocument:
    """A stored document ``user`` may read: every form of it, for a 填报人."""
    row = session.get(StoredDocument, document_id)
    if row is None:
        raise NotFound("not-found", f"文件 {document_id} 不存在", f"no document {document_id}")
    if user.role == "filler" and not (row.forms and all(owns(user, f.owner_unit) for f in row.forms)):
        raise Forbidden("forbidden", "无权访问其他单位的文件", "this document belongs to another unit")
    return row


def document_view(row: StoredDocument) -> dict:
    return {"id": row.id, "filename": row.filename, "format": row.format, "sha256": row.sha256, "size": row.size,
            "title": row.title, "uploaded_at": row.uploaded_at.isoformat() if row.uploaded_at else None,
            "uploaded_by": row.uploaded_by, "warnings": row.warnings, "forms": [f.id for f in row.forms]}
