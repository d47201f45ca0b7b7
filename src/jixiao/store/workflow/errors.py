"""Why a workflow operation was refused: a stable code, 中文 / English message, optional detail.

Each error has a ``kind`` that the HTTP layer turns into a status (and the web pages into
a notice): ``not-found`` 404, ``forbidden`` 403, ``conflict`` 409, ``invalid`` 422,
``too-large`` 413, ``unsupported`` 415, ``unavailable`` 503. Nothing is written when one
is raised: the caller's transaction is rolled back.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ...errors import JixiaoError
from ..tables import STATUS_ZH


class WorkflowError(JixiaoError):
    """An operation on stored forms was refused."""

    kind: ClassVar[str] = "invalid"

    def __init__(self, code: str, zh: str, en: str, detail: Any = None):
        self.code, self.zh, self.en, self.detail = code, zh, en, detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.zh} / {self.en}"


class NotFound(WorkflowError):
    kind = "not-found"


class Forbidden(WorkflowError):
    kind = "forbidden"


class Conflict(WorkflowError):
    kind = "conflict"


class Invalid(WorkflowError):
    kind = "invalid"


class TooLarge(WorkflowError):
    kind = "too-large"


class Unsupported(WorkflowError):
    kind = "unsupported"


class Unavailable(WorkflowError):
    kind = "unavailable"


def form_not_found(form_id: int) -> NotFound:
    return NotFound("not-found", f"绩效表 {form_id} 不存在", f"no form {form_id}")


def other_unit() -> Forbidden:
    return Forbidden("forbidden", "无权访问其他单位的绩效表", "this form belongs to another unit")


def stale(yours: int | None, current: int | None) -> Conflict:
    if yours is None or current is None:
        return Conflict("stale", "该表已被他人修改，请刷新后重试", "the form was changed by someone else; reload and try again",
                        {"your_version": yours, "current_version": current})
    return Conflict(
        "stale",
        f"该表已被他人修改（您的版本 {yours}，当前版本 {current}），请刷新后重试",
        f"the form was changed by someone else (your version {yours}, current version {current}); reload and try again",
        {"your_version": yours, "current_version": current},
    )


def not_editable(status: str) -> Conflict:
    return Conflict(
        "not-editable",
        f"表的状态为「{STATUS_ZH.get(status, status)}」，不能修改内容（只有草稿或已退回的表可以修改）",
        f"the form is {status}; only draft or returned forms can be edited",
        {"status": status},
    )
