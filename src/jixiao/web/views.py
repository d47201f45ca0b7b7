"""What the pages show, built from :mod:`jixiao.store.workflow` results (no SQL here).

Each function turns the workflow's plain data into what a template needs: labels in
Chinese, findings grouped by the indicator row they are about, the actions the viewer
may take, audit entries in words.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ..review import REGISTRY
from ..store.access import can_decide, can_edit, can_submit
from ..store.tables import STATUS_ZH, User
from ..store.workflow.forms import EDITABLE
from ..store.workflow.states import ACTION_ZH, TRANSITIONS
from .templating import money

#: project fields of the header block, in the order of the official tables
HEADER_FIELDS = (("name", "项目名称"), ("department", "主管部门"), ("department_code", "主管部门代码"),
                 ("implementing_unit", "实施单位"), ("nature", "项目属性"), ("category", "项目类别"),
                 ("start_date", "开始日期"), ("end_date", "结束日期"))
FUNDS_FIELDS = (("total", "项目资金总额"), ("total_fiscal", "其中：财政资金"), ("total_other", "其中：其他资金"),
                ("annual", "年度资金总额"), ("fiscal", "其中：财政拨款"), ("carryover", "上年结转资金"),
                ("other", "其他资金"), ("prior_year_budget", "上年预算数"), ("prior_year_executed", "上年执行数"),
                ("budget", "预算数"), ("executed", "执行数"), ("fiscal_executed", "执行数：财政拨款"),
                ("other_executed", "执行数：其他资金"))
GOAL_FIELDS = (("overall", "项目总目标"), ("annual", "年度目标"), ("annual_actual", "目标实际完成情况"))
DIMENSION_ORDER = ("完整性", "细化量化", "相关性", "适当性", "自评", "读取")
ACTION_LABELS = {
    "document.create": "上传文件", "form.update": "修改表头", "form.submit": "提交",
    "form.approve": "审核通过", "form.return": "退回", "form.review": "重新审核", "form.score": "评分",
    "indicator.update": "修改指标", "indicator.add": "新增指标", "indicator.delete": "删除指标",
}
FIELD_LABELS = {
    "status": "状态", "status_comment": "意见", "name": "三级指标", "level1": "一级指标", "level2": "二级指标",
    "target": "指标值", "actual": "实际完成值", "actual_grade": "完成等级", "deviation_reason": "偏差原因",
    "score": "得分", "weight": "分值", "version": "版本", "total": "总分", "grade": "等级", "method": "评分方法",
    "error": "错误", "warning": "警告", "info": "提示", "findings": "问题数", "review_profile": "审核配置",
    "kind": "类型", "budget": "预算数", "executed": "执行数", "complete": "评分完整",
}
#: audit keys the history does not repeat (who and when are the entry's own columns)
HIDDEN_KEYS = {"version", "source", "position", "status_by", "status_at"}
KIND_ZH = {"declaration": "申报表", "self_evaluation": "自评表", "department_overall": "部门整体"}


def where_text(where: dict[str, Any] | None) -> str:
    """``第2页 第15行`` / ``Sheet1!C12``: where a row was read, in words."""
    if not where:
        return ""
    if where.get("cell"):
        return str(where["cell"])
    parts = []
    if where.get("page"):
        parts.append(f"第{where['page']}页")
    if where.get("line"):
        parts.append(f"第{where['line']}行")
    return " ".join(parts)


def value_text(v: dict[str, Any] | None) -> str:
    return (v or {}).get("raw") or ""


def rule_help(code: str) -> dict[str, str]:
    """The rule's own documentation for a finding: what it checks and why."""
    rule = REGISTRY.get(code)
    if rule is None:
        return {"description": "", "citation": ""}
    return {"description": " ".join(rule.description.split()), "citation": rule.citation}


def actions_for(user: User, row: Any) -> list[dict[str, Any]]:
    """The status transitions ``user`` may take on the form now: ``[{action, label, comment}]``."""
    out = []
    for action, (sources, _target, need) in TRANSITIONS.items():
        if row.status not in sources:
            continue
        allowed = can_submit(user, row) if need == "submit" else can_decide(user)
        if allowed:
            out.append({"action": action, "label": ACTION_ZH[action], "comment": action == "return"})
    return out


def detail_view(detail: dict[str, Any], user: User) -> dict[str, Any]:
    """The detail page's data: the workflow's form detail plus grouping and permissions."""
    row = SimpleNamespace(status=detail["status"], owner_unit=detail["owner_unit"])  # what the role rules read
    form = detail["form"]
    by_row: dict[int, list[dict[str, Any]]] = {}
    general: list[dict[str, Any]] = []
    for f in detail["findings"]:
        f = {**f, **rule_help(f["code"])}
        if f["indicator"] is not None and 0 <= f["indicator"] < len(form["indicators"]):
            by_row.setdefault(f["indicator"], []).append(f)
        else:
            general.append(f)
    rows = []
    for i, ind in enumerate(form["indicators"]):
        sev = {f["severity"] for f in by_row.get(i, [])}
        rows.append({"position": i, "ind": ind, "findings": by_row.get(i, []), "where": where_text(ind.get("where")),
                     "target": value_text(ind.get("target")), "actual": value_text(ind.get("actual")),
                     "worst": "error" if "error" in sev else "warning" if "warning" in sev else "info" if sev else None})
    project = form["project"]
    header = [(label, project.get(key)) for key, label in HEADER_FIELDS if project.get(key)]
    header += [(k, v) for k, v in (project.get("extra") or {}).items() if v]
    funds = [(label, form["funds"].get(key)) for key, label in FUNDS_FIELDS if form["funds"].get(key) is not None]
    goals = [(label, form["goals"].get(key)) for key, label in GOAL_FIELDS if form["goals"].get(key)]
    coverage = detail.get("coverage") or {}
    editable = can_edit(user, row) and row.status in EDITABLE
    return {
        "d": detail, "form": form, "rows": rows, "general": general, "header": header, "funds": funds, "goals": goals,
        "unit_printed": form["funds"].get("unit_printed"),
        "coverage": {"passed": coverage.get("passed", []), "failed": coverage.get("failed", []),
                     "not_evaluated": coverage.get("not_evaluated", {}), "disabled": coverage.get("disabled", [])},
        "editable": editable, "can_score": can_edit(user, row), "actions": actions_for(user, row),
        "has_actuals": any(ind.get("actual") for ind in form["indicators"]),
        "show_weights": any(ind.get("weight") is not None or ind.get("score") is not None for ind in form["indicators"]),
    }


def _short(v: Any) -> str:
    if v is None:
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dict):
        return v.get("raw") or "、".join(f"{k}={_short(x)}" for k, x in list(v.items())[:4])
    if isinstance(v, list):
        return f"{len(v)} 项"
    text = str(v)
    return text if len(text) <= 80 else text[:79] + "…"


def history_view(entries: list[dict[str, Any]], names: dict[int, str]) -> list[dict[str, Any]]:
    """Audit entries as lines: when, who, what, and each changed field ``before → after``."""
    out = []
    for e in reversed(entries):  # newest first
        before, after = e.get("before") or {}, e.get("after") or {}
        changes = []
        for k in list(dict.fromkeys([*before.keys(), *after.keys()])):
            if k in HIDDEN_KEYS:
                continue
            b, a = before.get(k), after.get(k)
            if b == a:
                continue
            label = FIELD_LABELS.get(k.rsplit(".", 1)[-1], k.rsplit(".", 1)[-1])
            if k.startswith("indicators["):
                label = f"第{int(k[11:k.index(']')]) + 1}行{label}"
            if k == "status":
                b, a = STATUS_ZH.get(b, b), STATUS_ZH.get(a, a)
            elif k == "kind":
                b, a = KIND_ZH.get(b, b), KIND_ZH.get(a, a)
            elif k.startswith("funds.") and (isinstance(b, (int, float)) or isinstance(a, (int, float))):
                b, a = (money(x) if isinstance(x, (int, float)) else x for x in (b, a))
            changes.append({"field": label, "before": _short(b) if k in before else "", "after": _short(a) if k in after else ""})
        pos = after.get("position", before.get("position"))
        what = ACTION_LABELS.get(e["action"], e["action"])
        if pos is not None and e["action"].startswith("indicator."):
            what += f"（第{pos + 1}行）"
        out.append({"at": e["at"], "actor": names.get(e["user_id"] or -1, e["actor"]), "what": what,
                    "changes": changes[:12]})
    return out
