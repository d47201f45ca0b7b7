"""Printing scored forms in the terminal (``jixiao score`` table output)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Document, Form
from ..values import format_value


def _n(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _value(v, limit: int = 24) -> str:
    """A value for the table; long wording cut (the JSON and the exported form keep it whole)."""
    if v is None:
        return ""
    text = format_value(v) if v.op is not None else (v.raw or "")
    return text if len(text) <= limit else text[:limit] + "…"


def print_form(console: Console, path: str, index: int, form: Form) -> None:
    ev = form.evaluation
    if not ev:
        console.print(Text(f"{path} 表{index + 1}「{form.project.name or '未命名'}」不是自评表，也没有实际完成值，未评分 / not a self-evaluation: not scored",
                           style="yellow"))
        return
    grade = ev.get("grade") or "待定"
    state = "" if ev["complete"] else "（评分未完成 / incomplete）"
    title = (f"{path} 表{index + 1}「{form.project.name or '未命名'}」 得分 {ev['total']:.2f}/{ev['max']:g} 等级 {grade}{state}"
             f"  方法 / method {ev['method']} {ev['method_version']}")
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for head, kw in (("#", {"justify": "right"}), ("指标 / indicator", {"max_width": 28}), ("指标值 / target", {"max_width": 16}),
                     ("实际 / actual", {"max_width": 16}), ("分值 / w", {"justify": "right"}), ("得分 / score", {"justify": "right"}),
                     ("计算 / formula", {"max_width": 60})):
        table.add_column(head, overflow="fold", **kw)
    ex = ev["execution"]
    table.add_row("", "预算执行率", "", "" if ex.get("rate") is None else f"{ex['rate'] * 100:.2f}%", _n(ex["weight"]),
                  _n(ex.get("score")), ex.get("note") or Text(ex.get("problem") or "", style="red"))
    for s in ev["indicators"]:
        ind = form.indicators[s["index"]]
        why = Text(s["problem"], style="red") if s.get("problem") else (s.get("note") or "")
        table.add_row(str(s["index"] + 1), ind.name, _value(ind.target), _value(ind.actual) or (ind.actual_grade or ""),
                      _n(s.get("weight")), _n(s.get("score")), why)
    console.print(table)
    for note in ev.get("notes", []):
        console.print(f"  · {note}")
    for problem in ev.get("problems", []):
        console.print(Text(f"  ✗ {problem}", style="red"))
    for check in ev.get("checks", []):
        style = {"error": "red", "warning": "yellow"}.get(check["severity"], "")
        console.print(Text(f"  [{check['code']}] {check['message']}", style=style))


def print_document(console: Console, path: str, doc: Document) -> None:
    for i, form in enumerate(doc.forms):
        print_form(console, path, i, form)
