"""The unit of the review: a small rule with a code, documentation and examples.

Each rule is a subclass of :class:`Rule` registered with :func:`register`. It states
its code, title, dimension, citation, default severity, suggested fix, parameters
(thresholds a profile may override) and at least one bad and one good example. The
examples are tests: the bad one must produce a finding of the rule, the good one
none (``tests/test_rules.py``), and they are printed in ``docs/rules.md``.

A rule's :meth:`Rule.check` receives a :class:`Context` and yields findings through
``ctx.report(...)``; when the form does not print what the rule needs (no funds, no
dates, no history) it raises :class:`NotEvaluable` with the reason, so the coverage
report never counts a skipped check as a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..model import Form, Indicator
from .model import Finding, Severity


class NotEvaluable(Exception):
    """The form lacks what the rule needs; the message says what (Chinese / English)."""


@dataclass
class Example:
    """A form fragment for a rule's documentation and tests.

    ``text`` is a tab-separated table excerpt; :func:`jixiao.review.examples.form_of`
    wraps it in a minimal header (project name, funds, goal) unless ``header`` is
    given, so an example reads like a real form.
    """

    text: str
    note: str = ""
    header: dict[str, str] | None = None


@dataclass
class Context:
    form: Form
    index: int
    params: dict[str, Any]
    severity: Severity
    rule: "Rule"
    findings: list[Finding] = field(default_factory=list)

    def report(self, message: str, *, indicator: int | None = None, field: str | None = None, severity: Severity | None = None) -> None:
        ind: Indicator | None = self.form.indicators[indicator] if indicator is not None else None
        r = self.rule
        self.findings.append(
            Finding.model_construct(  # every field below is typed by construction (hot path)
                code=r.code,
                severity=severity or self.severity,
                message=message,
                rule=r.title,
                dimension=r.dimension,
                form=self.index,
                project=self.form.project.name,
                indicator=indicator,
                indicator_name=ind.name if ind else None,
                field=field,
                line=ind.where.line if ind else None,
                page=ind.where.page if ind else None,
                cell=ind.where.cell if ind else None,
                fix=r.fix,
                citation=r.citation,
            )
        )

    def indicators(self) -> Iterator[tuple[int, Indicator]]:
        return enumerate(self.form.indicators)


class Rule:
    code: ClassVar[str]
    title: ClassVar[str]
    dimension: ClassVar[str]  # 完整性 / 细化量化 / 相关性 / 适当性 / 读取
    citation: ClassVar[str]
    severity: ClassVar[Severity] = "warning"
    description: ClassVar[str] = ""
    fix: ClassVar[str] = ""
    params: ClassVar[dict[str, Any]] = {}
    bad: ClassVar[list[Example]] = []
    good: ClassVar[list[Example]] = []
    applies_to: ClassVar[tuple[str, ...]] = ("declaration", "self_evaluation", "department_overall")
    # what the rule needs beyond the form ("history": last year's actuals); such a rule is
    # reported as not evaluated until that data exists, and its examples test exactly that
    needs: ClassVar[str | None] = None

    def check(self, ctx: Context) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    if not cls.bad or not cls.good:
        raise ValueError(f"rule {cls.code} needs a bad and a good example")
    REGISTRY[cls.code] = cls
    return cls
