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
from operator import add, itemgetter
from typing import Any, Callable, ClassVar, Iterator

from ..model import Form, Indicator, Value
from .model import _SET_DICT, _SET_EXTRA, _SET_FIELDS_SET, _SET_PRIVATE, SEVERITIES, Finding, Severity
from .words import matchers_for, name_core, norm_name, satisfaction_name


_FINDING_FIELDS = frozenset(Finding.model_fields)
_FINDING_FIELDS_SET = set(_FINDING_FIELDS)  # copied for each finding (its own fields_set)
_NEW = Finding.__new__
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_FINDING_BASE: dict[type, dict[str, Any]] = {}  # rule class -> what its findings share (see Context.report)
Row = tuple[int, Indicator, "Value | None"]  # (index, indicator, target): see Context.targets
_FIRST, _NAME_KEY = itemgetter(0), itemgetter("name")
# what Context._facts looks up rather than recomputes: name -> name_core(name), and the ``sub:`` / ``cat:``
# subset names of the labels (both bounded: cleared when full)
_CORES: dict[str, str] = {}
_SUB_KEYS: dict[str | None, str] = {}
_CAT_KEYS: dict[str | None, str] = {}
_MEMO_SIZE = 1 << 15
_USUAL_GROUPS = ("sub:", "cat:成本指标", "sub:成本指标", "sub:经济成本指标", "sub:社会成本指标", "sub:生态环境成本指标")


def _core(name: str) -> str:
    if len(_CORES) >= _MEMO_SIZE:
        _CORES.clear()
    core = _CORES[name] = name_core(name)
    return core


def _group_key(keys: dict[str | None, str], label: str | None) -> str:
    if len(keys) >= _MEMO_SIZE:
        keys.clear()
    key = keys[label] = ("sub:" if keys is _SUB_KEYS else "cat:") + (label or "")
    return key


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


def _finding_base(r: "Rule") -> dict[str, Any]:
    """What every finding of the rule shares (see Context.report): every field, in order; each value typed by
    construction (hot path: copied for each finding)."""
    base = _FINDING_BASE.get(r.__class__)
    if base is None:
        base = _FINDING_BASE[r.__class__] = {
            "code": r.code, "severity": None, "message": None, "rule": r.title, "dimension": r.dimension,
            "form": None, "project": None, "indicator": None, "indicator_name": None, "field": None,
            "line": None, "page": None, "cell": None, "fix": r.fix, "citation": r.citation,
        }
    return base


class _Subsets(dict):
    """The rows of each subset of :meth:`Context.rows` by name; a ``sub:`` / ``cat:`` group the form lacks is empty."""

    __slots__ = ()

    def __missing__(self, subset: str) -> list[Row]:
        if not subset.startswith(("sub:", "cat:")):  # pragma: no cover - a programming error
            raise ValueError(subset)
        rows: list[Row] = []
        self[subset] = rows
        return rows


class Context:
    """What a rule sees of one form: the form, its settings, and a report function.

    The engine makes one Context per form and points it at each rule in turn (``rule``,
    ``params``, ``severity``); rules must not keep it. ``shared`` holds facts computed
    once per form and read by many rules (see :meth:`targets`); rules must treat it as
    read-only data about the form.

    The facts every rule reads are computed with the Context, in one pass over the rows
    (hot path): the subsets of :attr:`rows`, the :meth:`texts` of the names and targets,
    and each row's fields (:attr:`row_fields`, :attr:`target_fields`).
    """

    __slots__ = ("form", "index", "params", "severity", "rule", "findings", "keys", "shared", "_project",
                 "rows", "row_fields", "target_fields")

    def __init__(self, form: Form, index: int, params: dict[str, Any], severity: Severity, rule: "Rule",
                 shared: dict[str, Any] | None = None) -> None:
        self.form = form
        self.index = index
        self.params = params
        self.severity = severity
        self.rule = rule
        self.findings: list[Finding] = []
        # the sort key of each finding, in step with ``findings``: (severity order, indicator or -1, code)
        self.keys: list[tuple[int, int, str]] = []
        self.shared = shared if shared is not None else {}
        self._project = form.project.name
        subsets = _Subsets()
        #: ``rows(subset)``: the :meth:`targets` rows of one subset, so that a rule visits only the rows it
        #: is about: ``"all"`` (every row), ``"quantitative"`` (the target has an operator), ``"unitless"``
        #: (an operator and no unit), ``"counted"`` (an operator and a unit other than % and ‰),
        #: ``"at_least"`` / ``"at_most"`` (operator ``>=`` or ``>`` / ``<=`` or ``<``), ``"qualitative"``
        #: (a target without one), ``"text"`` (qualitative wording, not a date),
        #: ``"date"`` (a date or deadline), ``"percent"`` (a target in %), ``"blank"`` (a target printed
        #: blank, given as None), ``"satisfaction"`` (a satisfaction indicator), ``"sub:<二级>"`` and
        #: ``"cat:<一级>"`` (canonical names; ``"sub:"`` the rows without one). The subsets' dict's own
        #: lookup (no Python call: rules ask for subsets all the time).
        self.rows: Callable[[str], list[Row]] = subsets.__getitem__
        #: each row's indicator fields (``ind.__dict__``), by row index: read ``row_fields[i]["name"]``
        #: rather than ``ind.name`` in a loop, where a pydantic attribute costs several lookups
        self.row_fields: list[dict[str, Any]] = []
        #: each row's target fields (``ind.target.__dict__``; None without a target), by row index
        self.target_fields: list[dict[str, Any] | None] = []
        self._facts(subsets)

    def report(self, message: str, *, indicator: int | None = None, field: str | None = None, severity: Severity | None = None) -> None:
        base = _FINDING_BASE.get(self.rule.__class__)
        if base is None:
            base = _finding_base(self.rule)
        values = base.copy()
        severity = severity or self.severity
        values["severity"] = severity
        values["message"] = message
        values["form"] = self.index
        values["project"] = self._project
        values["field"] = field
        if indicator is not None:
            fields = self.row_fields[indicator]
            where = fields["where"].__dict__
            values["indicator"] = indicator
            values["indicator_name"] = fields["name"]
            values["line"] = where["line"]
            values["page"] = where["page"]
            values["cell"] = where["cell"]
            self.keys.append((SEVERITY_ORDER[severity], indicator, base["code"]))
        else:
            self.keys.append((SEVERITY_ORDER[severity], -1, base["code"]))
        # fast_construct(Finding, values, _FINDING_FIELDS), inlined (hot path)
        finding = _NEW(Finding)
        _SET_DICT(finding, values)
        _SET_FIELDS_SET(finding, _FINDING_FIELDS_SET.copy())
        _SET_EXTRA(finding, None)
        _SET_PRIVATE(finding, None)
        self.findings.append(finding)

    def indicators(self) -> Iterator[tuple[int, Indicator]]:
        return enumerate(self.form.indicators)

    def targets(self) -> list[Row]:
        """``(index, indicator, target)`` for every row; the target is None when missing or blank.

        Computed once per form (with every subset of :attr:`rows`) and shared by the rules that read targets.
        """
        return self.rows("all")

    def _facts(self, subsets: _Subsets) -> None:
        """The facts of every row in one pass: the subsets of :attr:`rows`, :attr:`row_fields` and
        :attr:`target_fields`, the ``"core"``, ``"target"`` and ``"qualitative"`` :meth:`texts` and
        the :meth:`labels`.

        Hot path: the models' fields are read from their ``__dict__`` (a pydantic attribute costs several
        lookups), the groups are keyed by the labels as read (their hashes are known) and named after."""
        rows: list[Row] = []
        quantitative: list[Row] = []
        qualitative: list[Row] = []
        text: list[Row] = []
        date: list[Row] = []
        percent: list[Row] = []
        blank: list[Row] = []
        satisfaction: list[Row] = []
        unitless: list[Row] = []
        counted: list[Row] = []
        at_least: list[Row] = []
        at_most: list[Row] = []
        cores: list[str] = []
        target_texts: list[str] = []
        qualitative_texts: list[str] = []
        fields_of = self.row_fields
        targets_of = self.target_fields
        by_sub: dict[str | None, list[Row]] = {}
        by_cat: dict[str | None, list[Row]] = {}
        level1: set[str | None] = set()
        level2: set[str | None] = set()
        core_of = _CORES.get  # name -> name_core(name), remembered (names repeat across forms)
        isspace = str.isspace
        i = 0
        for ind in self.form.indicators:
            fields = ind.__dict__
            fields_of.append(fields)
            core = core_of(name := fields["name"])
            if core is None:
                core = _core(name)
            cores.append(core)
            t = fields["target"]
            if t is not None:
                t_fields = t.__dict__
                targets_of.append(t_fields)
                raw = t_fields["raw"]
                target_texts.append(raw or "")
            else:
                targets_of.append(None)
                raw = None
                target_texts.append("")
            if raw and not isspace(raw):
                row = (i, ind, t)
                op, unit, kind = t_fields["op"], t_fields["unit"], t_fields["kind"]
                if op is not None:
                    quantitative.append(row)
                    qualitative_texts.append("")
                    if not unit:
                        unitless.append(row)
                    elif unit == "%":
                        percent.append(row)
                    elif unit != "‰":
                        counted.append(row)
                    if op == ">=" or op == ">":
                        at_least.append(row)
                    elif op == "<=" or op == "<":
                        at_most.append(row)
                else:
                    qualitative.append(row)
                    qualitative_texts.append(raw)
                    if kind == "text":
                        text.append(row)
                    if unit == "%":
                        percent.append(row)
                if kind == "date":
                    date.append(row)
            else:
                row = (i, ind, None)
                qualitative_texts.append("")
                if t is not None:
                    blank.append(row)
            rows.append(row)
            category = fields["category"]
            if ("满意" in core or category == "满意度指标") and satisfaction_name(core, category):  # a quick test first
                satisfaction.append(row)
            label = fields["subcategory"]
            group = by_sub.get(label)
            if group is None:
                by_sub[label] = [row]
            else:
                group.append(row)
            group = by_cat.get(category)
            if group is None:
                by_cat[category] = [row]
            else:
                group.append(row)
            level1.add(fields["level1"])
            level2.add(fields["level2"])
            i += 1
        subsets.update(all=rows, quantitative=quantitative, qualitative=qualitative, text=text, date=date, percent=percent,
                       blank=blank, satisfaction=satisfaction, unitless=unitless, counted=counted, at_least=at_least,
                       at_most=at_most)
        for keys, groups in ((_SUB_KEYS, by_sub), (_CAT_KEYS, by_cat)):
            for label, group in groups.items():
                key = keys.get(label)  # "sub:" + (label or ""), the strings made once
                if key is None:
                    key = _group_key(keys, label)
                if not label and key in subsets:  # None and "" both printed: one group, in row order
                    group = sorted(subsets[key] + group, key=_FIRST)
                subsets[key] = group
        for key in _USUAL_GROUPS:  # often asked for and absent: no Python call (_Subsets.__missing__) then
            if key not in subsets:
                subsets[key] = []
        shared = self.shared
        shared["core"], shared["target"], shared["qualitative"] = cores, target_texts, qualitative_texts
        shared["labels:level1"], shared["labels:level2"] = level1, level2

    def labels(self, level: str) -> set[str | None]:
        """The distinct ``"level1"`` / ``"level2"`` labels as printed (一级 / 二级)."""
        return self.shared["labels:" + level]

    def texts(self, source: str) -> list[str]:
        """One text per indicator, computed once per form: ``"core"`` the name without spaces and
        bracketed notes, ``"norm"`` the name without spaces, ``"level1"`` / ``"level2"`` the printed
        一级 / 二级 without spaces, ``"target"`` the printed target (else ""), ``"qualitative"`` the
        printed target when it has no operator (else "")."""
        texts = self.shared.get(source)
        if texts is None:
            if source == "norm":
                texts = list(map(norm_name, map(_NAME_KEY, self.row_fields)))
            elif source == "level1" or source == "level2":
                texts = list(map(norm_name, map(itemgetter(source), self.row_fields)))
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
        if m.words is None:
            return found
        search = m.words.search
        joined = self.joined(source)
        x = search(joined)
        if x is None:
            return found  # the common case: none of the words in any row
        texts = self.texts(source)
        exact = m.found
        newlines = joined.count
        if newlines("\n") == len(texts) - 1:  # no text has a newline of its own: a row is the newlines before it
            find = joined.find
            while x is not None:
                start = x.start()
                row = newlines("\n", 0, start)
                hit = exact(texts[row])
                if hit:
                    found[row] = hit
                end = find("\n", start)
                if end < 0:
                    break
                x = search(joined, end + 1)  # on from the next row
            return found
        # where each row's text ends in ``joined``, its newline included
        ends = list(map(add, accumulate(map(len, texts)), count(1)))
        while x is not None:
            row = bisect_right(ends, x.start())
            hit = exact(texts[row])
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
