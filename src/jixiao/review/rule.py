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

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, ClassVar, Iterator

from ..model import Form, Indicator, Value
from .model import Finding, Severity, fast_construct
from .words import find_words, matchers_for, name_core


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


class Context:
    """What a rule sees of one form: the form, its settings, and a report function.

    ``shared`` holds facts computed once per form and read by many rules (see
    :meth:`targets`); rules must treat it as read-only data about the form.
    """

    __slots__ = ("form", "index", "params", "severity", "rule", "findings", "shared")

    def __init__(self, form: Form, index: int, params: dict[str, Any], severity: Severity, rule: "Rule",
                 shared: dict[str, Any] | None = None) -> None:
        self.form = form
        self.index = index
        self.params = params
        self.severity = severity
        self.rule = rule
        self.findings: list[Finding] = []
        self.shared = shared if shared is not None else {}

    def report(self, message: str, *, indicator: int | None = None, field: str | None = None, severity: Severity | None = None) -> None:
        ind: Indicator | None = self.form.indicators[indicator] if indicator is not None else None
        r = self.rule
        self.findings.append(
            fast_construct(Finding, {  # every field below is typed by construction (hot path)
                "code": r.code,
                "severity": severity or self.severity,
                "message": message,
                "rule": r.title,
                "dimension": r.dimension,
                "form": self.index,
                "project": self.form.project.name,
                "indicator": indicator,
                "indicator_name": ind.name if ind else None,
                "field": field,
                "line": ind.where.line if ind else None,
                "page": ind.where.page if ind else None,
                "cell": ind.where.cell if ind else None,
                "fix": r.fix,
                "citation": r.citation,
            })
        )

    def indicators(self) -> Iterator[tuple[int, Indicator]]:
        return enumerate(self.form.indicators)

    def targets(self) -> list[tuple[int, Indicator, Value | None]]:
        """``(index, indicator, target)`` for every row; the target is None when missing or blank.

        Computed once per form and shared by the rules that read targets.
        """
        rows = self.shared.get("targets")
        if rows is None:
            rows = self.shared["targets"] = [
                (i, ind, t if (t is not None and t.raw and t.raw.strip()) else None)
                for i, ind in enumerate(self.form.indicators)
                for t in (ind.target,)
            ]
        return rows

    def rows(self, subset: str) -> list[tuple[int, Indicator, Value | None]]:
        """The :meth:`targets` rows of one subset, computed once per form, so that a rule
        visits only the rows it is about: ``"quantitative"`` (the target has an operator),
        ``"qualitative"`` (a target without one), ``"text"`` (qualitative wording, not a date),
        ``"percent"`` (a target in %), ``"satisfaction"`` (a satisfaction indicator), ``"sub:<二级>"`` and ``"cat:<一级>"`` (canonical names).
        """
        subsets = self.shared.get("subsets")
        if subsets is None:
            subsets = self.shared["subsets"] = self._subsets()
        rows = subsets.get(subset)
        if rows is None:
            if not subset.startswith(("sub:", "cat:")):  # pragma: no cover - a programming error
                raise ValueError(subset)
            rows = subsets[subset] = []
        return rows

    def _subsets(self) -> dict[str, list[tuple[int, Indicator, Value | None]]]:
        """Every subset of :meth:`rows` in one pass over the rows."""
        from .rules.quantification import is_satisfaction  # the rule modules own the definition

        out: dict[str, list[tuple[int, Indicator, Value | None]]] = {
            "quantitative": [], "qualitative": [], "text": [], "percent": [], "satisfaction": []}
        for row in self.targets():
            _, ind, t = row
            if t is not None:
                if t.op is not None:
                    out["quantitative"].append(row)
                else:
                    out["qualitative"].append(row)
                    if t.kind == "text":
                        out["text"].append(row)
                if t.unit == "%":
                    out["percent"].append(row)
            if is_satisfaction(ind):
                out["satisfaction"].append(row)
            out.setdefault("sub:" + (ind.subcategory or ""), []).append(row)
            out.setdefault("cat:" + (ind.category or ""), []).append(row)
        return out

    def texts(self, source: str) -> list[str]:
        """One text per indicator, computed once per form: ``"core"`` the name without spaces and
        bracketed notes, ``"qualitative"`` the printed target when it has no operator (else "")."""
        texts = self.shared.get(source)
        if texts is None:
            if source == "core":
                texts = [name_core(ind.name) for ind in self.form.indicators]
            elif source == "qualitative":
                texts = [t.raw if (t is not None and t.op is None) else "" for _, _, t in self.targets()]
            else:  # pragma: no cover - a programming error
                raise ValueError(source)
            self.shared[source] = texts
        return texts

    def hits(self, source: str, words, allowed=()) -> dict[int, list[str]]:
        """``{row: words found}`` for the rows whose :meth:`texts` contain any of ``words``
        (as :func:`find_words`: ``allowed`` phrases masked first).

        One regular-expression scan over all the rows' texts finds the few rows worth
        the exact check; shared by the rules that ask with the same word lists.
        """
        key = (source, id(words), id(allowed))
        cached = self.shared.get(key)
        if cached is not None and cached[0] is words and cached[1] is allowed:
            return cached[2]
        texts = self.texts(source)
        words_re, _ = matchers_for(words, allowed)
        found: dict[int, list[str]] = {}
        if words_re is not None:
            joined = self.shared.get("joined:" + source)
            if joined is None:
                joined = self.shared["joined:" + source] = "\n".join(texts)
            if words_re.search(joined):
                starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
                for row in sorted({bisect_right(starts, m.start()) - 1 for m in words_re.finditer(joined)}):
                    hit = find_words(texts[row], words, allowed)
                    if hit:
                        found[row] = hit
        self.shared[key] = (words, allowed, found)
        return found


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
