"""What scoring a self-evaluation form produces: the ``evaluation`` block of a form.

Scores are rounded half-up to two decimals; the total is the sum of the rounded parts
that could be scored. Nothing is guessed: a part that cannot be scored has ``score``
null and a ``problem`` saying why (in Chinese).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Rule = Literal["positive", "reverse", "equal", "between", "deadline", "qualitative"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExecutionScore(_Model):
    """预算执行率: executed / budget, score = min(rate, 1) × weight."""

    budget: float | None = Field(None, description="预算数 in 元 (全年预算数; 年度资金总额 when not printed).")
    executed: float | None = Field(None, description="执行数 in 元.")
    rate: float | None = Field(None, description="executed / budget, 4 decimals.")
    weight: float
    weight_source: Literal["printed", "default"] = "default"
    score: float | None = None
    note: str | None = Field(None, description="The formula with the numbers, Chinese.")
    problem: str | None = Field(None, description="Why it could not be scored, Chinese.")
    flags: list[str] = Field(default_factory=list, description="low-execution (below the explanation threshold), over-execution.")


class CategoryScore(_Model):
    """One weighted 一级指标 (pooled categories included)."""

    weight: float
    score: float | None = Field(None, description="Sum of the scored indicators' scores; null when none could be scored.")
    indicators: int = Field(description="Number of indicators counted in this category.")
    weight_source: Literal["default", "redistributed", "printed"]


class IndicatorScore(_Model):
    """The score of one indicator row."""

    index: int = Field(description="Position in form.indicators (0-based).")
    name: str
    category: str | None = Field(None, description="The indicator's own category (before pooling).")
    weight: float | None = None
    weight_source: Literal["printed", "equal", "remainder"] | None = None
    rule: Rule | None = None
    ratio: float | None = Field(None, description="B/A where meaningful, 4 decimals.")
    grade: str | None = Field(None, description="达成/部分达成/未达成 on the qualitative path.")
    score: float | None = None
    note: str | None = None
    problem: str | None = None
    flags: list[str] = Field(default_factory=list, description="over-achievement, printed-score-differs, unit-assumed.")


class Evaluation(_Model):
    """The scoring of one self-evaluation form."""

    method: str
    method_version: str
    total: float = Field(description="Sum of the parts that could be scored, 2 decimals.")
    max: float = Field(description="Sum of the weights, normally 100.")
    complete: bool = Field(description="Every part (execution and each indicator) was scored.")
    grade: str | None = Field(None, description="优/良/中/差; null when not complete.")
    execution: ExecutionScore
    categories: dict[str, CategoryScore] = Field(default_factory=dict)
    indicators: list[IndicatorScore] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
