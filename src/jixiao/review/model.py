"""What a review produces: findings and an honest account of coverage."""

from __future__ import annotations

from typing import Any, Iterable, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_M = TypeVar("_M", bound=BaseModel)


# the slots every model instance has, set through their descriptors (what object.__setattr__ would do, faster)
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def fast_construct(cls: type[_M], values: dict[str, Any], fields_set: Iterable[str] | None = None) -> _M:
    """Build a model from ``values`` that name every field with a value of the right type.

    What ``model_construct`` does without its per-field default handling: the review
    builds thousands of findings a second from values it typed itself. Callers must
    pass every field; ``tests/test_review_model.py`` checks the result equals a
    validated model. ``fields_set`` is what the model reports as explicitly set
    (default: the keys of ``values``; ``()`` for an object that stands for ``cls()``).
    """
    obj = cls.__new__(cls)
    _SET_DICT(obj, values)
    _SET_FIELDS_SET(obj, set(values if fields_set is None else fields_set))
    _SET_EXTRA(obj, None)
    _SET_PRIVATE(obj, None)
    return obj


class Finding(_Model):
    """One problem a rule found in a form."""

    code: str = Field(description="Rule code, e.g. JX-C101.")
    severity: Severity
    message: str = Field(description="What is wrong, in Chinese (English after).")
    rule: str = Field(description="The rule's Chinese title.")
    dimension: str = Field(description="完整性 / 细化量化 / 相关性 / 适当性 / 读取")
    form: int = Field(description="0-based index of the form in the document.")
    project: str | None = Field(None, description="The form's project name.")
    indicator: int | None = Field(None, description="0-based index of the indicator row, when the finding is about one.")
    indicator_name: str | None = None
    field: str | None = Field(None, description="The field concerned when not an indicator (e.g. funds.annual).")
    line: int | None = Field(None, description="Where the row was read (text line).")
    page: int | None = None
    cell: str | None = None
    fix: str | None = Field(None, description="Suggested fix.")
    citation: str | None = Field(None, description="Source document and clause.")


class Coverage(_Model):
    """Which rules ran on a form and what came of each: a skipped check is never a pass."""

    passed: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    not_evaluated: dict[str, str] = Field(default_factory=dict, description="code -> why it could not be evaluated")
    disabled: list[str] = Field(default_factory=list, description="codes turned off by the profile")


class FormReview(_Model):
    form: int
    project: str | None = None
    kind: str
    findings: list[Finding] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    counts: dict[str, int] = Field(default_factory=dict, description="findings by severity")
    indicators: int = 0
    quantitative_share: float | None = Field(None, description="share of indicators with a comparable (numeric) target")


class DocumentReview(_Model):
    path: str | None = None
    title: str | None = None
    profile: str = Field(description="profile name and version, e.g. national-101@2024.1")
    forms: list[FormReview] = Field(default_factory=list)
    error: Finding | None = Field(None, description="set when the file could not be read at all (JX-P001)")
    counts: dict[str, int] = Field(default_factory=dict)
