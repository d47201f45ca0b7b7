"""Request and response bodies of the API (they make the OpenAPI document at ``/docs``).

Every text field has a length bound matching its column and refuses NUL characters and
unpaired surrogates (neither database can store them); numbers are finite and bounded;
ids and versions fit a 32-bit integer. So any request the schema allows is either done
or refused with a 4xx — never a database error.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from ..model import Form
from ..store.tables import STATUSES

MAX_INT = 2**31 - 1


def _text_ok(v: str | None) -> str | None:
    if v is None:
        return v
    if "\x00" in v:
        raise ValueError("不能包含空字符（NUL）")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无效的 Unicode 字符") from None
    return v


def text(max_length: int, min_length: int = 0) -> Any:
    """A string type with bounds that both databases can store."""
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length), AfterValidator(_text_ok)]


TextCheck = AfterValidator(_text_ok)
UserName = text(64, 1)
Password = text(1024, 1)
Label = text(128)
Code = text(64)
Short = text(255)
LongName = text(1024)
Line = text(2000)
Comment = text(4000)
LongText = text(10_000)
Goal = text(20_000)
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Version = Annotated[int, Field(ge=1, le=MAX_INT, description="The form's version as read (optimistic locking).")]
Position = Annotated[int, Field(ge=0, le=100_000, description="0-based indicator row.")]
Amount = Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)]
Points = Annotated[float, Field(allow_inf_nan=False, ge=0, le=1000)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$", max_length=10)]
Kind = Literal["declaration", "self_evaluation", "department_overall"]
Status = Literal[STATUSES]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------
# auth


class LoginIn(_In):
    username: UserName
    password: Password


class TokenIn(LoginIn):
    name: Label | None = Field(None, description="A label for the token, e.g. the script's name.")


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str | None
    role: Literal["admin", "reviewer", "filler"]
    role_zh: str
    unit: str | None
    active: bool


class LoginOut(BaseModel):
    user: UserOut
    csrf_token: str = Field(description="Send it back in the X-CSRF-Token header on every POST/PATCH/PUT/DELETE.")
    expires_at: str


class MeOut(BaseModel):
    user: UserOut
    auth: Literal["session", "bearer"]
    csrf_token: str | None
    expires_at: str | None


class TokenOut(BaseModel):
    token: str = Field(description="Shown once; send it as `Authorization: Bearer <token>`.")
    name: str | None
    expires_at: str


class OkOut(BaseModel):
    ok: bool = True


# ---------------------------------------------------------------------------------------
# forms


class Counts(BaseModel):
    error: int
    warning: int
    info: int


class FormSummary(BaseModel):
    id: int
    version: int
    status: str
    status_zh: str
    kind: str
    fiscal_year: int | None
    name: str | None
    department: str | None
    implementing_unit: str | None
    owner_unit: str | None
    amount: float | None
    counts: Counts
    indicators: int
    quantitative_share: float | None
    document_id: int
    position: int
    status_at: str | None
    updated_at: str | None


class FormPage(BaseModel):
    items: list[FormSummary]
    total: int
    page: int
    per_page: int


class UserRef(BaseModel):
    id: int
    username: str | None
    display_name: str | None


class DocumentRef(BaseModel):
    id: int
    filename: str | None
    format: str
    sha256: str


class FindingOut(BaseModel):
    id: int
    code: str
    severity: str
    message: str
    rule: str
    dimension: str
    indicator: int | None
    indicator_name: str | None
    field: str | None
    line: int | None
    page: int | None
    cell: str | None
    fix: str | None
    citation: str | None


class ScoreOut(BaseModel):
    id: int
    method: str
    total: float | None
    grade: str | None
    complete: bool
    created_at: str | None
    created_by: int | None
    evaluation: dict[str, Any]


class FormDetail(BaseModel):
    id: int
    version: int
    status: str
    status_zh: str
    status_by: UserRef | None
    status_at: str | None
    status_comment: str | None
    owner_unit: str | None
    position: int
    document: DocumentRef
    form: Form = Field(description="The form in the jixiao/v1 contract.")
    findings: list[FindingOut]
    counts: Counts
    indicators: int
    quantitative_share: float | None
    review_profile: str | None
    coverage: dict[str, Any]
    score: ScoreOut | None = Field(description="The latest scoring (its evaluation included), or null.")
    created_at: str | None
    updated_at: str | None


class ProjectPatch(_In):
    name: LongName | None = None
    nature: Short | None = None
    category: Short | None = None
    department: Short | None = None
    department_code: Code | None = None
    implementing_unit: Short | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    extra: dict[Short, LongText] | None = Field(None, max_length=200)


class FundsPatch(_In):
    unit_printed: Literal["元", "万元"] | None = None
    total: Amount | None = None
    annual: Amount | None = None
    fiscal: Amount | None = None
    carryover: Amount | None = None
    other: Amount | None = None
    prior_year_budget: Amount | None = None
    prior_year_executed: Amount | None = None
    budget: Amount | None = None
    executed: Amount | None = None
    fiscal_executed: Amount | None = None
    other_executed: Amount | None = None
    total_fiscal: Amount | None = None
    total_other: Amount | None = None


class GoalsPatch(_In):
    overall: Goal | None = None
    annual: Goal | None = None
    annual_actual: Goal | None = None


class HeaderPatch(_In):
    """Only the fields sent change; a field sent as null is cleared. Amounts in 元."""

    version: Version
    fiscal_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    project: ProjectPatch | None = None
    funds: FundsPatch | None = None
    goals: GoalsPatch | None = None

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "fiscal_year" in self.model_fields_set:
            out["fiscal_year"] = self.fiscal_year
        for part in ("project", "funds", "goals"):
            sub = getattr(self, part)
            if sub is not None:
                out[part] = {k: getattr(sub, k) for k in sub.model_fields_set}
        return out


class IndicatorFields(_In):
    """An indicator row; targets and actuals as printed text (e.g. ``≥5000册``), parsed like the recognizer does."""

    level1: Short | None = Field(None, description="一级指标 as printed; the category is derived from it.")
    level2: Short | None = Field(None, description="二级指标 as printed.")
    name: Line | None = Field(None, description="三级指标.")
    category: Code | None = None
    subcategory: Code | None = None
    target: Line | None = Field(None, description="指标值 as printed, e.g. ≥5000册.")
    actual: Line | None = Field(None, description="实际完成值 as printed.")
    target_longterm: Line | None = None
    weight: Points | None = Field(None, description="分值.")
    score: Points | None = Field(None, description="得分.")
    deviation_reason: LongText | None = None
    actual_grade: Code | None = Field(None, description="完成等级: 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差.")

    def changes(self) -> dict[str, Any]:
        keys = self.model_fields_set & set(IndicatorFields.model_fields)
        return {k: getattr(self, k) for k in keys}


class IndicatorPatch(IndicatorFields):
    version: Version


class IndicatorNew(IndicatorFields):
    version: Version
    position: Position | None = Field(None, description="Insert before this 0-based row; default: at the end.")


class TransitionIn(_In):
    version: Version
    comment: Comment | None = Field(None, description="Required to return a form (退回意见).")


class ReviewIn(_In):
    version: Version | None = None
    profile: Label | None = Field(None, description="A built-in review profile, e.g. national-101 or shanghai.")


class ActualIn(_In):
    position: Position
    actual: Line | None = Field(None, description="实际完成值 as printed, e.g. 5200册 or 已完成.")
    actual_grade: Code | None = None
    score: Points | None = Field(None, description="得分 given by hand (used on the qualitative path).")
    deviation_reason: LongText | None = None

    def changes(self) -> dict[str, Any]:
        return {"position": self.position, **{k: getattr(self, k) for k in self.model_fields_set if k != "position"}}


class ScorePreviewIn(_In):
    """Actuals to try (nothing is stored). Amounts in 元."""

    method: Label | None = Field(None, description="A built-in scoring method (default mof-2020).")
    actuals: list[ActualIn] = Field(default_factory=list, max_length=2000)
    budget: Amount | None = Field(None, description="预算数 in 元.")
    executed: Amount | None = Field(None, description="执行数 in 元.")
    execution_reason: LongText | None = Field(None, description="执行偏差原因.")


class ScoreIn(ScorePreviewIn):
    """Actuals to apply (only the fields sent change), then score. Amounts in 元."""

    version: Version


class ScorePreview(BaseModel):
    evaluation: dict[str, Any]


class ScoreResult(BaseModel):
    version: int
    score: ScoreOut
    form: FormDetail


# ---------------------------------------------------------------------------------------
# documents, audit, stats, health


class DocumentOut(BaseModel):
    id: int
    filename: str | None
    format: str
    sha256: str
    size: int
    title: str | None
    uploaded_at: str | None
    uploaded_by: int | None
    warnings: list[Any]
    forms: list[int]


class UploadedDocument(BaseModel):
    document: DocumentOut
    created: bool
    forms: list[FormSummary]


class UploadOut(BaseModel):
    created: bool = Field(description="True when at least one file was new.")
    documents: list[UploadedDocument]


class AuditEntryOut(BaseModel):
    id: int
    at: str | None
    user_id: int | None
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(BaseModel):
    items: list[AuditEntryOut]
    total: int
    page: int
    per_page: int


class StatsGroup(BaseModel):
    department: str | None
    year: int | None
    forms: int
    indicators: int
    quantitative_indicators: int
    quantitative_share: float | None
    errors: int
    warnings: int
    infos: int
    forms_with_errors: int
    amount: float | None = Field(description="Sum of the forms' amounts in 元.")
    statuses: dict[str, int]
    scored: int
    average_score: float | None = Field(description="Mean of the latest total of each scored form.")
    grades: dict[str, int]


class TopFinding(BaseModel):
    code: str
    severity: str
    rule: str
    count: int


class StatsOut(BaseModel):
    groups: list[StatsGroup]
    totals: dict[str, Any]
    top_findings: list[TopFinding]


class HealthOut(BaseModel):
    status: Literal["ok"]
    database: str
    schema_: str | None = Field(alias="schema")

    model_config = ConfigDict(populate_by_name=True)


class ErrorBody(BaseModel):
    code: str
    message: str = Field(description="简体中文 / English.")
    detail: Any = None


class ErrorOut(BaseModel):
    error: ErrorBody


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for error statuses."""
    return {s: {"model": ErrorOut} for s in statuses}
