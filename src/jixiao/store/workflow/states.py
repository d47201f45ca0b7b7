"""The form's status machine and re-running its review.

草稿 draft → 已提交 submitted → 已审核 approved / 已退回 returned; 已退回 → 已提交 again.

* submit (草稿 or 已退回 → 已提交): the owning 填报人 or 管理员;
* approve (已提交 → 已审核): 审核人 or 管理员;
* return (已提交 → 已退回): 审核人 or 管理员, with a comment (422 ``comment-required``
  without one); the comment is shown with the form until the next transition.

Each transition records who (``status_by``), when (``status_at``) and the comment, bumps
the version and writes an audit entry. A transition that does not start from an allowed
status is 409 ``bad-transition``.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from .. import audit
from ..documents import rereview
from ..tables import STATUS_ZH, StoredForm, User, utcnow
from .edits import form_profile, profile_named
from .errors import Conflict, Invalid
from .forms import check_version, flush, form_for, touch

Action = Literal["submit", "approve", "return"]

#: action -> (statuses it starts from, status it ends in, who may do it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": (("draft", "returned"), "submitted", "submit"),
    "approve": (("submitted",), "approved", "decide"),
    "return": (("submitted",), "returned", "decide"),
}
ACTION_ZH = {"submit": "提交", "approve": "审核通过", "return": "退回"}


def transition(session: Session, user: User, form_id: int, action: Action, version: int,
               comment: str | None = None) -> StoredForm:
    """Move the form along the status machine; returns the updated row."""
    if action not in TRANSITIONS:
        raise Invalid("invalid", f"未知操作「{action}」", f"unknown action {action!r}")
    sources, target, need = TRANSITIONS[action]
    row = form_for(session, user, form_id, need, lock=True)  # type: ignore[arg-type]
    check_version(row, version)
    if row.status not in sources:
        allowed = "、".join(STATUS_ZH[s] for s in sources)
        raise Conflict("bad-transition",
                       f"表的状态为「{STATUS_ZH.get(row.status, row.status)}」，不能{ACTION_ZH[action]}（只能从「{allowed}」{ACTION_ZH[action]}）",
                       f"cannot {action} a form that is {row.status} (only from {', '.join(sources)})",
                       {"status": row.status, "allowed_from": list(sources)})
    comment = (comment or "").strip() or None
    if action == "return" and not comment:
        raise Invalid("comment-required", "退回时必须填写退回意见", "a comment is required to return a form")
    before = {"status": row.status, "status_by": row.status_by, "status_at": row.status_at.isoformat() if row.status_at else None,
              "status_comment": row.status_comment, "version": row.version}
    touch(row)
    row.status, row.status_by, row.status_at, row.status_comment = target, user.id, utcnow(), comment
    flush(session)
    after = {"status": row.status, "status_by": row.status_by, "status_at": row.status_at.isoformat(),
             "status_comment": row.status_comment, "version": row.version}
    audit.record(session, user, f"form.{action}", "form", row.id, before, after)
    return row


def run_review(session: Session, user: User, form_id: int, version: int | None = None,
               profile: str | None = None) -> StoredForm:
    """Review the stored form again (any status), under a built-in ``profile`` or the form's own."""
    row = form_for(session, user, form_id, "read", lock=True)
    if version is not None:
        check_version(row, version)
    prof = profile_named(profile) if profile else form_profile(row)
    before = {"review_profile": row.review_profile, "error": row.errors, "warning": row.warnings_count,
              "info": row.infos, "findings": len(row.findings), "version": row.version}
    touch(row)
    review = rereview(row, prof)
    flush(session)
    after = {"review_profile": row.review_profile, "error": row.errors, "warning": row.warnings_count,
             "info": row.infos, "findings": len(review.findings), "version": row.version}
    audit.record(session, user, "form.review", "form", row.id, before, after)
    return row
