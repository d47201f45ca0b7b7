"""The jixiao/v1 document model: the public interchange format.

Every reader, the recognizer, the CLI and the tests speak these models. The JSON
Schema printed by ``jixiao schema`` is generated from them. Rules of the contract
(see ``shared/spec/output-contract.md``):

* keys a form does not print are ``null`` (or ``[]`` / ``{}``), never omitted and
  never invented;
* text is the printed text with layout noise removed (wraps joined, LaTeX and
  markup residue decoded, runs of spaces collapsed);
* amounts in ``funds`` are converted to yuan (元); units of indicator values are
  never converted.

Adding a key is compatible (``jixiao/v1``); removing or renaming one is ``jixiao/v2``.
Keys added beyond the published contract are marked "jixiao extension" below.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "jixiao/v1"

Op = Literal[">=", "<=", "=", ">", "<", "between"]
SourceFormat = Literal["text", "markdown", "html", "pdf", "docx", "xlsx", "xls"]
FormKind = Literal["declaration", "self_evaluation", "department_overall"]
ValueKind = Literal["number", "range", "date", "text"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(_Model):
    """Where the document came from."""

    path: str | None = Field(None, description="File name or path as given; null for bytes without a name.")
    sha256: str = Field(description="SHA-256 of the original bytes, hex.")
    format: SourceFormat = Field(description="The reader that read it.")


class Value(_Model):
    """A target (指标值) or actual (实际完成值) value.

    ``op``/``value``/``unit`` are set for a comparison or a bare amount; ``high`` too
    for a range (``op == "between"``). Otherwise ``op`` is null and ``text`` holds
    the qualitative wording.
    """

    raw: str = Field(description="The printed value, layout noise removed.")
    op: Op | None = None
    value: float | None = Field(None, description="The printed number; the lower bound of a range.")
    high: float | None = Field(None, description="The upper bound of a range, else null.")
    unit: str | None = Field(None, description="Unit as printed without brackets ('%', '次', '万元'); never converted.")
    text: str | None = Field(None, description="The qualitative wording when op is null, else null.")
    kind: ValueKind = Field(
        "text",
        description="jixiao extension: number | range | date (a date or deadline, kept as wording) | text.",
    )


class Where(_Model):
    """Where a row was read, 1-based."""

    page: int | None = None
    line: int | None = None
    cell: str | None = Field(None, description="jixiao extension: the cell, e.g. 'Sheet1!C12' or '第2页 表1 R5C3'.")


class Indicator(_Model):
    """One row of the three-level indicator table."""

    level1: str | None = Field(None, description="一级指标 as printed (wraps joined).")
    level2: str | None = Field(None, description="二级指标 as printed, or null.")
    name: str = Field(description="三级指标.")
    category: str | None = Field(None, description="Canonical 一级 (产出指标/效益指标/满意度指标/成本指标, or a legacy name kept).")
    subcategory: str | None = Field(None, description="Canonical 二级.")
    target: Value | None = Field(None, description="年度(/项目)指标值 / 预期指标值.")
    actual: Value | None = Field(None, description="实际完成值 (self-evaluation), else null.")
    weight: float | None = Field(None, description="分值 / 权重 where printed.")
    score: float | None = Field(None, description="得分 where printed.")
    target_longterm: Value | None = Field(None, description="jixiao extension: 中期/长期 指标值 printed beside the annual one.")
    deviation_reason: str | None = Field(None, description="jixiao extension: 偏差原因分析及改进措施 where printed.")
    actual_grade: str | None = Field(
        None,
        description="jixiao extension: 完成等级 given with the actuals (达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差), else null.",
    )
    where: Where = Field(default_factory=Where)


class Warning(_Model):  # noqa: A001 - the contract's name
    """Something the reader was unsure of; never silent."""

    code: str
    message: str
    line: int | None = None
    cell: str | None = Field(None, description="jixiao extension: the cell of a native file the warning is about.")


class Project(_Model):
    name: str | None = None
    nature: str | None = Field(None, description="项目性质")
    category: str | None = Field(None, description="项目类别")
    department: str | None = Field(None, description="主管部门")
    department_code: str | None = Field(None, description="主管部门及代码 -> the code")
    implementing_unit: str | None = Field(None, description="实施单位 / 申报单位名称")
    start_date: str | None = Field(None, description="ISO date")
    end_date: str | None = Field(None, description="ISO date")
    extra: dict[str, str] = Field(default_factory=dict, description="Any other labelled header field, label -> text.")


class Funds(_Model):
    """Project money. Amounts in yuan (元), converted from 万元 where printed so."""

    unit_printed: Literal["元", "万元"] | None = None
    total: float | None = Field(None, description="项目资金总额 / 项目总预算")
    annual: float | None = Field(None, description="年度资金申请总额 / 项目当年预算")
    fiscal: float | None = Field(None, description="其中：当年财政拨款 (财政资金)")
    carryover: float | None = Field(None, description="上年结转资金")
    other: float | None = Field(None, description="其他资金")
    prior_year_budget: float | None = Field(None, description="同名项目上年预算额")
    prior_year_executed: float | None = Field(None, description="同名项目上年预算执行数")
    budget: float | None = Field(None, description="self-evaluation 预算数")
    executed: float | None = Field(None, description="self-evaluation 执行数")
    fiscal_executed: float | None = Field(None, description="jixiao extension: self-evaluation 执行数 其中：财政拨款")
    other_executed: float | None = Field(None, description="jixiao extension: self-evaluation 执行数 其他资金")
    total_fiscal: float | None = Field(None, description="jixiao extension: 项目资金总额 (or 中期资金总额) 其中：财政资金")
    total_other: float | None = Field(None, description="jixiao extension: 项目资金总额 (or 中期资金总额) 其中：其他资金")


class Goals(_Model):
    overall: str | None = Field(None, description="项目总目标")
    annual: str | None = Field(None, description="年度总体目标 / 预期目标")
    annual_actual: str | None = Field(None, description="目标实际完成情况 (self-evaluation)")


class Form(_Model):
    kind: FormKind
    fiscal_year: int | None = None
    project: Project = Field(default_factory=Project)
    funds: Funds = Field(default_factory=Funds)
    goals: Goals = Field(default_factory=Goals)
    indicators: list[Indicator] = Field(default_factory=list)
    evaluation: dict[str, Any] | None = Field(None, description="Filled by `jixiao score`; null after parsing.")
    warnings: list[Warning] = Field(default_factory=list)


class Document(_Model):
    """The result of reading one file: ``jixiao parse FILE --json``."""

    schema_: Literal["jixiao/v1"] = Field(SCHEMA_VERSION, alias="schema")
    source: Source
    title: str | None = None
    forms: list[Form] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict[str, Any]:
        """The contract as plain JSON types, every key present."""
        return self.model_dump(mode="json", by_alias=True)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the contract, generated from the models."""
    schema = Document.model_json_schema(by_alias=True, mode="serialization")
    schema["$id"] = "https://jixiao.dev/schema/jixiao-v1.json"
    schema["title"] = "jixiao/v1 document"
    return schema
