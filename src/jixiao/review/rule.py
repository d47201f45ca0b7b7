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
from itertools import accumulate, count
from operator import add
from typing import Any, ClassVar, Iterator

from ..model import Form, Indicator, Value
from .model import Finding, Severity, fast_construct
from .words import matchers_for, name_core, norm_name, satisfaction_name


_FINDING_FIELDS = frozenset(Finding.model_fields)
_FINDING_BASE: dict[type, dict[str, Any]] = {}  # rule class -> what its findings share (see Context.report)
Row = tuple[int, Indicator, "Value | None"]  # (index, indicator, target): see Context.targets


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

    The engine makes one Context per form and points it at each rule in turn (``rule``,
    ``params``, ``severity``); rules must not keep it. ``shared`` holds facts computed
    once per form and read by many rules (see :meth:`targets`); rules must treat it as
    read-only data about the form.
    """

    __slots__ = ("form", "index", "params", "severity", "rule", "findings", "shared", "_project", "_subsets")

    def __init__(self, form: Form, index: int, params: dict[str, Any], severity: Severity, rule: "Rule",
                 shared: dict[str, Any] | None = None) -> None:
        self.form = form
        self.index = index
        self.params = params
        self.severity = severity
        self.rule = rule
        self.findings: list[Finding] = []
        self.shared = shared if shared is not None else {}
        self._project = form.project.name
        self._subsets: dict[str, list[Row]] | None = None

    def report(self, message: str, *, indicator: int | None = None, field: str | None = None, severity: Severity | None = None) -> None:
        r = self.rule
        base = _FINDING_BASE.get(r.__class__)
        if base is None:
            base = _FINDING_BASE[r.__class__] = {  # every field, in order; each value typed by construction (hot path)
                "code": r.code, "severity": None, "message": None, "rule": r.title, "dimension": r.dimension,
                "form": None, "project": None, "indicator": None, "indicator_name": None, "field": None,
                "line": None, "page": None, "cell": None, "fix": r.fix, "citation": r.citation,
            }
        values = base.copy()
        values["severity"] = severity or self.severity
        values["message"] = message
        values["form"] = self.index
        values["project"] = self._project
        values["field"] = field
        if indicator is not None:
            ind = self.form.indicators[indicator]
            where = ind.where
            values["indicator"] = indicator
            values["indicator_name"], values["line"], values["page"], values["cell"] = ind.name, where.line, where.page, where.cell
        self.findings.append(fast_construct(Finding, values, _FINDING_FIELDS))

    def indicators(self) -> Iterator[tuple[int, Indicator]]:
        return enumerate(self.form.indicators)

    def targets(self) -> list[Row]:
        """``(index, indicator, target)`` for every row; the target is None when missing or blank.

        Computed once per form (with every subset of :meth:`rows`) and shared by the rules that read targets.
        """
        return self.rows("all")

    def rows(self, subset: str) -> list[Row]:
        """The :meth:`targets` rows of one subset, computed once per form, so that a rule
        visits only the rows it is about: ``"all"`` (every row), ``"quantitative"`` (the target has an
        operator), ``"qualitative"`` (a target without one), ``"text"`` (qualitative wording, not a date),
        ``"date"`` (a date or deadline), ``"percent"`` (a target in %), ``"blank"`` (a target printed
        blank, given as None), ``"satisfaction"`` (a satisfaction indicator), ``"sub:<二级>"`` and
        ``"cat:<一级>"`` (canonical names; ``"sub:"`` the rows without one).
        """
        subsets = self._subsets
        if subsets is None:
            subsets = self._subsets = self._all_subsets()
        rows = subsets.get(subset)
        if rows is None:
            if not subset.startswith(("sub:", "cat:")):  # pragma: no cover - a programming error
                raise ValueError(subset)
            rows = subsets[subset] = []
        return rows

    def _all_subsets(self) -> dict[str, list[Row]]:
        """Every subset of :meth:`rows` in one pass over the rows (and the ``"target"`` and ``"qualitative"``
        :meth:`texts`, and the :meth:`labels`)."""
        rows: list[Row] = []
        quantitative: list[Row] = []
        qualitative: list[Row] = []
        text: list[Row] = []
        date: list[Row] = []
        percent: list[Row] = []
        blank: list[Row] = []
        satisfaction: list[Row] = []
        by_sub: dict[str, list[Row]] = {}
        by_cat: dict[str, list[Row]] = {}
        target_texts: list[str] = []
        qualitative_texts: list[str] = []
        level1: set[str | None] = set()
        level2: set[str | None] = set()
        cores = self.texts("core")
        # the models' fields are read from their __dict__ here: on a pydantic model an attribute costs
        # several dict lookups, and this loop reads most fields of every row (hot path)
        for i, ind in enumerate(self.form.indicators):
            fields = ind.__dict__
            t = fields["target"]
            t_fields = t.__dict__ if t is not None else None
            raw = t_fields["raw"] if t_fields is not None else ""
            target_texts.append(raw or "")
            if raw and raw.strip():
                row = (i, ind, t)
                kind = t_fields["kind"]
                if t_fields["op"] is not None:
                    quantitative.append(row)
                    qualitative_texts.append("")
                else:
                    qualitative.append(row)
                    qualitative_texts.append(raw)
                    if kind == "text":
                        text.append(row)
                if kind == "date":
                    date.append(row)
                if t_fields["unit"] == "%":
                    percent.append(row)
            else:
                row = (i, ind, None)
                qualitative_texts.append("")
                if t is not None:
                    blank.append(row)
            rows.append(row)
            category = fields["category"]
            core = cores[i]
            if ("满意" in core or category == "满意度指标") and satisfaction_name(core, category):  # a quick test first
                satisfaction.append(row)
            by_sub.setdefault(fields["subcategory"] or "", []).append(row)
            by_cat.setdefault(category or "", []).append(row)
            level1.add(fields["level1"])
            level2.add(fields["level2"])
        out = {"all": rows, "quantitative": quantitative, "qualitative": qualitative, "text": text, "date": date,
               "percent": percent, "blank": blank, "satisfaction": satisfaction}
        for label, group in by_sub.items():
            out["sub:" + label] = group
        for label, group in by_cat.items():
            out["cat:" + label] = group
        self.shared["target"], self.shared["qualitative"] = target_texts, qualitative_texts
        self.shared["labels:level1"], self.shared["labels:level2"] = level1, level2
        return out

    def labels(self, level: str) -> set[str | None]:
        """The distinct ``"level1"`` / ``"level2"`` labels as printed (一级 / 二级; computed with the rows)."""
        self.targets()
        return self.shared["labels:" + level]

    def texts(self, source: str) -> list[str]:
        """One text per indicator, computed once per form: ``"core"`` the name without spaces and
        bracketed notes, ``"level1"`` / ``"level2"`` the printed 一级 / 二级 without spaces, ``"target"``
        the printed target (else ""), ``"qualitative"`` the printed target when it has no operator (else "")."""
        texts = self.shared.get(source)
        if texts is None:
            inds = self.form.indicators
            if source == "core":
                texts = [name_core(ind.name) for ind in inds]
            elif source == "level1":
                texts = [norm_name(ind.level1) for ind in inds]
            elif source == "level2":
                texts = [norm_name(ind.level2) for ind in inds]
            elif source in ("target", "qualitative"):
                self.targets()
                return self.shared[source]  # computed with the rows
            else:  # pragma: no cover - a programming error
                raise ValueError(source)
            self.shared[source] = texts
        return texts

    def joined(self, source: str) -> str:
        """The :meth:`texts` of ``source`` joined by newlines (for one scan over every row)."""
        key = "joined:" + source
        joined = self.shared.get(key)
        if joined is None:
            joined = self.shared[key] = "\n".join(self.texts(source))
        return joined

    def hits(self, source: str, words, allowed=()) -> dict[int, list[str]]:
        """``{row: words found}`` for the rows whose :meth:`texts` contain any of ``words``
        (as :func:`find_words`: ``allowed`` phrases masked first).

        One regular-expression scan over all the rows' texts finds the few rows worth
        the exact check; shared by the rules that ask with the same words.
        """
        m = matchers_for(words, allowed)
        key = (source, m)  # the same Matcher for equal word lists
        found = self.shared.get(key)
        if found is not None:
            return found
        found = self.shared[key] = {}
        search = m.words.search if m.words is not None else None
        if search is None:
            return found
        joined = self.joined(source)
        x = search(joined)
        if x is None:
            return found  # the common case: none of the words in any row
        texts = self.texts(source)
        ends = self.shared.get("ends:" + source)
        if ends is None:  # where each row's text ends in ``joined``, its newline included
            ends = self.shared["ends:" + source] = list(map(add, accumulate(map(len, texts)), count(1)))
        while x is not None:
            row = bisect_right(ends, x.start())
            hit = m.found(texts[row])
            if hit:
                found[row] = hit
            x = search(joined, ends[row])  # on from the next row
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
