"""Render reviews (``jixiao review``) and the rule catalogue (``jixiao rules``, ``docs/rules.md``).

Four report formats, all from :class:`~jixiao.review.model.DocumentReview`:

* ``table`` — rich tables on the terminal, like ``jixiao parse`` prints;
* ``json`` — the DocumentReview dumps (an object for one file, an array for several);
* ``markdown`` — headings per document and form, a findings table and the coverage summary;
* ``html`` — one self-contained page (no external assets, no scripts), every text escaped.

Forms and indicator rows are shown 1-based (表 1, #3) in the human formats and keep the
model's 0-based indices in JSON. Nothing here depends on which rules exist: every
renderer works for whatever is registered.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import SEVERITIES, DocumentReview, Finding, FormReview
from .profile import DEFAULT_PROFILE, Profile, builtin_profiles, load_profile
from .rule import REGISTRY, Example, Rule

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
KIND_ZH = {"declaration": "绩效目标申报表", "self_evaluation": "绩效自评表", "department_overall": "部门整体支出绩效目标表"}
KIND_SHORT = {"declaration": "申报表", "self_evaluation": "自评表", "department_overall": "部门整体表"}
DIMENSIONS = ("完整性", "细化量化", "相关性", "适当性", "自评", "读取")
DIMENSION_PREFIX = {"完整性": "JX-C1xx", "细化量化": "JX-Q2xx", "相关性": "JX-R3xx", "适当性": "JX-A4xx", "自评": "JX-S5xx", "读取": "JX-P0xx"}
NO_NAME = "（未印项目名称）"


# ---------------------------------------------------------------- shared wording


def severity_label(severity: str) -> str:
    return f"{SEVERITY_ZH.get(severity, severity)} {severity}"


def counts_text(counts: dict[str, int]) -> str:
    """``错误 1 · 警告 2 · 提示 0`` (every severity, zeros included)."""
    return " · ".join(f"{SEVERITY_ZH[s]} {counts.get(s, 0)}" for s in SEVERITIES)


def share_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def form_title(review: FormReview, total: int, brackets: bool = True) -> str:
    """``[1/5] 绩效目标申报表 · 城市日宣传推广`` (``表 1/5 · …`` without brackets, for headings)."""
    n = f"[{review.form + 1}/{total}]" if brackets else f"表 {review.form + 1}/{total} ·"
    return f"{n} {KIND_ZH.get(review.kind, review.kind)} · {review.project or NO_NAME}"


def extra_fix(f: Finding) -> str | None:
    """The fix when the message does not already say it (JX-P001 messages end with the hint)."""
    return f.fix if f.fix and f.fix not in f.message else None


def indicator_text(f: Finding) -> str:
    """The row a finding is about (``#3 宣传品制作成本``), else the field, else empty."""
    if f.indicator is not None:
        return f"#{f.indicator + 1} {f.indicator_name or ''}".rstrip()
    return f.field or ""


def location_text(f: Finding) -> str:
    """Where the row was read: ``第2页 · 第12行 · Sheet1!C12`` (whatever is known)."""
    parts = []
    if f.page is not None:
        parts.append(f"第{f.page}页")
    if f.line is not None:
        parts.append(f"第{f.line}行")
    if f.cell:
        parts.append(f.cell)
    return " · ".join(parts)


def coverage_counts(review: FormReview) -> dict[str, int]:
    c = review.coverage
    return {"passed": len(c.passed), "failed": len(c.failed), "not_evaluated": len(c.not_evaluated), "disabled": len(c.disabled)}


def coverage_text(review: FormReview) -> str:
    n = coverage_counts(review)
    return f"通过 {n['passed']} · 未通过 {n['failed']} · 未评估 {n['not_evaluated']} · 停用 {n['disabled']}"


def form_summary(review: FormReview) -> str:
    """One line: findings by severity, indicators, quantitative share, rules."""
    return (f"{counts_text(review.counts)}；指标 {review.indicators} 个，定量 {share_text(review.quantitative_share)}；"
            f"规则 {coverage_text(review)}")


def document_summary(review: DocumentReview) -> str:
    if review.error is not None:
        return f"无法读取 / unreadable；{counts_text(review.counts)}"
    n_ind = sum(f.indicators for f in review.forms)
    return f"{len(review.forms)} 张表，{n_ind} 个指标；{counts_text(review.counts)}"


def total_counts(reviews: Iterable[DocumentReview]) -> dict[str, int]:
    total = {s: 0 for s in SEVERITIES}
    for r in reviews:
        for s in SEVERITIES:
            total[s] += r.counts.get(s, 0)
    return total


def overall_summary(reviews: list[DocumentReview]) -> str:
    """``3 个文件（1 个无法读取），8 张表；错误 … / 3 files (1 unreadable), 8 forms``."""
    unreadable = sum(1 for r in reviews if r.error is not None)
    forms = sum(len(r.forms) for r in reviews)
    text = f"{len(reviews)} 个文件"
    if unreadable:
        text += f"（{unreadable} 个无法读取）"
    text += f"，{forms} 张表；{counts_text(total_counts(reviews))}"
    en = f"{len(reviews)} files" + (f" ({unreadable} unreadable)" if unreadable else "") + f", {forms} forms"
    return f"{text} / {en}"


def has_errors(reviews: Iterable[DocumentReview]) -> bool:
    return any(r.counts.get("error", 0) for r in reviews)


def profile_of(reviews: list[DocumentReview]) -> str:
    return reviews[0].profile if reviews else ""


# ---------------------------------------------------------------- JSON


def to_json(reviews: list[DocumentReview], single: bool = False) -> str:
    """The DocumentReview dumps: an object when ``single``, else an array."""
    dumps = [r.model_dump(mode="json") for r in reviews]
    payload: Any = dumps[0] if single and len(dumps) == 1 else dumps
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- table (rich)


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(show_lines=False, pad_edge=False, header_style="bold")
    table.add_column("级别", no_wrap=True)
    table.add_column("代码", no_wrap=True)
    table.add_column("指标", overflow="fold")
    table.add_column("位置", overflow="fold")
    table.add_column("问题 / finding", overflow="fold", ratio=3)
    table.add_column("建议 / fix", overflow="fold", ratio=2)
    for f in findings:
        table.add_row(
            Text(SEVERITY_ZH.get(f.severity, f.severity), style=SEVERITY_STYLE.get(f.severity, "")),
            Text(f.code), Text(indicator_text(f)), Text(location_text(f)), Text(f.message), Text(f.fix or ""),
        )
    return table


def print_form_review(console: Console, review: FormReview, total: int) -> None:
    console.print(Text(form_title(review, total), style="bold"))
    if review.findings:
        console.print(_findings_table(review.findings))
    else:
        console.print(Text("  ✓ 未发现问题 / no findings", style="green"))
    console.print(Text(f"  小结 / summary：{form_summary(review)}"))
    for code, why in sorted(review.coverage.not_evaluated.items()):
        console.print(Text(f"  未评估 {code}：{why}", style="dim"))
    if review.coverage.disabled:
        console.print(Text(f"  停用 / disabled：{', '.join(review.coverage.disabled)}", style="dim"))
    console.print()


def print_document_review(console: Console, review: DocumentReview) -> None:
    head = f"{review.path or '（未命名）'}" + (f"：{review.title}" if review.title else "")
    console.print(Text(head, style="bold cyan"))
    console.print(Text(f"审核配置 / profile：{review.profile}", style="dim"))
    if review.error is not None:
        e = review.error
        console.print(Text(f"  ✗ [{e.code}] {SEVERITY_ZH.get(e.severity, e.severity)}：{e.message}", style=SEVERITY_STYLE["error"]))
        if extra_fix(e):
            console.print(Text(f"    建议 / fix：{e.fix}"))
    for form in review.forms:
        print_form_review(console, form, len(review.forms))
    console.print(Text(f"文件合计 / file total：{document_summary(review)}", style="bold"))
    console.print()


def print_table(console: Console, reviews: list[DocumentReview]) -> None:
    for review in reviews:
        print_document_review(console, review)
    if len(reviews) > 1:
        style = "bold red" if has_errors(reviews) else "bold"
        console.print(Text(f"总计 / total：{overall_summary(reviews)}", style=style))


def to_text(reviews: list[DocumentReview], width: int = 200) -> str:
    """The table format as plain text (for ``--out`` and tests)."""
    console = Console(width=width, record=True, color_system=None, force_terminal=False, highlight=False, file=_Null())
    print_table(console, reviews)
    return console.export_text()


class _Null:
    def write(self, _s: str) -> int:
        return 0

    def flush(self) -> None:
        pass


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str | None) -> str:
    """Text safe inside a Markdown paragraph or table cell (backslash escapes, one line)."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def md_prose(text: str | None) -> str:
    """Like :func:`md`, but keeps the author's `code spans` (``since_year``) as code."""
    if not text:
        return ""
    parts = _CODE_SPAN.split(" ".join(text.split()))
    return "".join(p.replace("|", "\\|") if i % 2 else _MD_SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))


def to_markdown(reviews: list[DocumentReview]) -> str:
    out: list[str] = ["# 绩效目标审核报告 / Review report", ""]
    out.append(f"- 审核配置 / profile：`{profile_of(reviews)}`")
    out.append(f"- 合计 / total：{overall_summary(reviews)}")
    out.append("")
    for review in reviews:
        head = md(review.path or "（未命名）") + (f"：{md(review.title)}" if review.title else "")
        out += [f"## {head}", "", f"{document_summary(review)}", ""]
        if review.error is not None:
            e = review.error
            out += [f"**{e.code} {SEVERITY_ZH[e.severity]}**：{md(e.message)}", ""]
            if extra_fix(e):
                out += [f"建议 / fix：{md(e.fix)}", ""]
        for form in review.forms:
            out += [f"### {md(form_title(form, len(review.forms), brackets=False))}", ""]
            if form.findings:
                out.append("| 级别 | 代码 | 指标 | 位置 | 问题 / finding | 建议 / fix |")
                out.append("|---|---|---|---|---|---|")
                for f in form.findings:
                    out.append(f"| {SEVERITY_ZH.get(f.severity, f.severity)} | {f.code} | {md(indicator_text(f))} | {md(location_text(f))} | {md_prose(f.message)} | {md_prose(f.fix)} |")
                out.append("")
            else:
                out += ["未发现问题 / no findings.", ""]
            cov = form.coverage
            out.append(f"**小结 / summary**：{form_summary(form)}")
            out.append("")
            out.append(f"- 通过 / passed：{', '.join(cov.passed) or '—'}")
            out.append(f"- 未通过 / failed：{', '.join(cov.failed) or '—'}")
            if cov.not_evaluated:
                out.append("- 未评估 / not evaluated：")
                out += [f"  - {code}：{md(why)}" for code, why in sorted(cov.not_evaluated.items())]
            else:
                out.append("- 未评估 / not evaluated：—")
            out.append(f"- 停用 / disabled：{', '.join(cov.disabled) or '—'}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;padding:1.5rem 2rem;color:#1f2328;background:#fff;line-height:1.5}
h1{font-size:1.5rem;margin:0 0 .5rem}h1 small{font-weight:normal;color:#6e7781;font-size:1rem}
h2{font-size:1.2rem;border-bottom:2px solid #d0d7de;padding-bottom:.25rem;margin-top:2rem;word-break:break-all}
h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
.meta{color:#57606a;margin:.25rem 0}
.counts span{display:inline-block;padding:0 .5rem;margin-right:.25rem;border-radius:.75rem;font-size:.9rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}
td.code{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace}
.sev{white-space:nowrap;font-weight:bold}
.error .sev,.sev-error{color:#b42318}.warning .sev,.sev-warning{color:#9a6700}.info .sev,.sev-info{color:#0b5cad}
tr.error{background:#fdecea}tr.warning{background:#fff8e5}tr.info{background:#eef5fc}
span.sev-error{background:#fdecea}span.sev-warning{background:#fff8e5}span.sev-info{background:#eef5fc}
.unreadable{border-left:4px solid #b42318;background:#fdecea;padding:.5rem .75rem}
.ok{color:#1a7f37}
.fix{color:#57606a}
details{margin:.25rem 0 .75rem}summary{cursor:pointer;color:#57606a}
ul.coverage{margin:.25rem 0;padding-left:1.5rem}
footer{margin-top:2rem;color:#8c959f;font-size:.85rem}
"""


def h(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _html_counts(counts: dict[str, int]) -> str:
    return "".join(f'<span class="sev-{s}">{SEVERITY_ZH[s]} {counts.get(s, 0)}</span>' for s in SEVERITIES)


def _html_finding_row(f: Finding) -> str:
    code = f'<td class="code" title="{h(f.citation)}">{h(f.code)}</td>' if f.citation else f'<td class="code">{h(f.code)}</td>'
    return (f'<tr class="{h(f.severity)}"><td class="sev">{h(SEVERITY_ZH.get(f.severity, f.severity))}</td>{code}'
            f"<td>{h(indicator_text(f))}</td><td>{h(location_text(f))}</td><td>{h(f.message)}</td>"
            f'<td class="fix">{h(f.fix)}</td></tr>')


def _html_form(form: FormReview, total: int) -> str:
    out = [f'<section class="form"><h3>{h(form_title(form, total, brackets=False))}</h3>']
    if form.findings:
        out.append("<table><thead><tr><th>级别</th><th>代码</th><th>指标</th><th>位置</th><th>问题 / finding</th><th>建议 / fix</th></tr></thead><tbody>")
        out += [_html_finding_row(f) for f in form.findings]
        out.append("</tbody></table>")
    else:
        out.append('<p class="ok">✓ 未发现问题 / no findings</p>')
    cov = form.coverage
    out.append(f'<p class="meta"><b>小结 / summary</b>：<span class="counts">{_html_counts(form.counts)}</span> '
               f"指标 {form.indicators} 个，定量 {h(share_text(form.quantitative_share))}；规则 {h(coverage_text(form))}</p>")
    out.append('<details><summary>规则覆盖 / coverage</summary><ul class="coverage">')
    out.append(f"<li>通过 / passed：{h(', '.join(cov.passed) or '—')}</li>")
    out.append(f"<li>未通过 / failed：{h(', '.join(cov.failed) or '—')}</li>")
    if cov.not_evaluated:
        items = "".join(f"<li>{h(code)}：{h(why)}</li>" for code, why in sorted(cov.not_evaluated.items()))
        out.append(f"<li>未评估 / not evaluated：<ul>{items}</ul></li>")
    else:
        out.append("<li>未评估 / not evaluated：—</li>")
    out.append(f"<li>停用 / disabled：{h(', '.join(cov.disabled) or '—')}</li>")
    out.append("</ul></details></section>")
    return "\n".join(out)


def to_html(reviews: list[DocumentReview]) -> str:
    from .. import __version__

    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>绩效目标审核报告</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>绩效目标审核报告 <small>Review report</small></h1>",
        f'<p class="meta">审核配置 / profile：<code>{h(profile_of(reviews))}</code></p>',
        f'<p class="meta">合计 / total：{h(overall_summary(reviews))}</p>',
    ]
    for review in reviews:
        head = h(review.path or "（未命名）") + (f"：{h(review.title)}" if review.title else "")
        out.append(f'<section class="document"><h2>{head}</h2>')
        n_ind = sum(f.indicators for f in review.forms)
        out.append(f'<p class="meta counts">{len(review.forms)} 张表，{n_ind} 个指标；{_html_counts(review.counts)}</p>')
        if review.error is not None:
            e = review.error
            fix = f'<br><span class="fix">建议 / fix：{h(e.fix)}</span>' if extra_fix(e) else ""
            out.append(f'<p class="unreadable"><b>{h(e.code)} {h(SEVERITY_ZH[e.severity])}</b>：{h(e.message)}{fix}</p>')
        out += [_html_form(form, len(review.forms)) for form in review.forms]
        out.append("</section>")
    out.append(f"<footer>jixiao {h(__version__)} · 审核配置 {h(profile_of(reviews))}</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the rule catalogue


def find_rule(code: str) -> str | None:
    """The registered code for ``JX-C101``, ``jx-c101`` or ``C101``; None when unknown."""
    wanted = code.strip().upper()
    if not wanted.startswith("JX-"):
        wanted = "JX-" + wanted
    return wanted if wanted in REGISTRY else None


def _fmt_param(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def profile_changes(code: str) -> dict[str, list[str]]:
    """For each built-in profile that sets the rule differently from its defaults, what it changes."""
    cls = REGISTRY[code]
    changes: dict[str, list[str]] = {}
    for name in builtin_profiles():
        s = load_profile(name).setting(code)
        diff = []
        if not s.enabled:
            diff.append("停用 / disabled")
        if s.severity != cls.severity:
            diff.append(f"级别 {severity_label(s.severity)}")
        for key in sorted(s.params):
            if key in cls.params and s.params[key] != cls.params[key]:
                diff.append(f"{key} = {_fmt_param(s.params[key])}")
        if diff:
            changes[name] = diff
    return changes


def example_dict(example: Example) -> dict[str, Any]:
    return {"text": example.text, "note": example.note, "header": example.header}


def rule_info(code: str, profile: Profile | None = None) -> dict[str, Any]:
    """Everything documented about a rule, with its setting in ``profile``."""
    profile = profile or load_profile()
    cls: type[Rule] = REGISTRY[code]
    s = profile.setting(code)
    return {
        "code": code,
        "title": cls.title,
        "dimension": cls.dimension,
        "citation": cls.citation,
        "description": cls.description,
        "fix": cls.fix,
        "default_severity": cls.severity,
        "profile": profile.label,
        "enabled": s.enabled,
        "severity": s.severity,
        "applies_to": list(cls.applies_to),
        "params": [{"name": k, "default": v, "value": s.params.get(k, v)} for k, v in cls.params.items()],
        "bad": [example_dict(e) for e in cls.bad],
        "good": [example_dict(e) for e in cls.good],
        "profiles": profile_changes(code),
    }


def _setting_text(info: dict[str, Any]) -> Text:
    if not info["enabled"]:
        return Text("停用 off", style="dim")
    text = Text(SEVERITY_ZH[info["severity"]] + " " + info["severity"], style=SEVERITY_STYLE[info["severity"]])
    if info["severity"] != info["default_severity"]:
        text.append(f"（默认 {info['default_severity']}）", style="dim")
    return text


def print_rules(console: Console, profile: Profile) -> None:
    table = Table(title=f"审核规则 / rules（配置 profile：{profile.label}）", header_style="bold")
    table.add_column("代码")
    table.add_column("级别")
    table.add_column("维度")
    table.add_column("标题")
    for code in sorted(REGISTRY):
        info = rule_info(code, profile)
        table.add_row(Text(code), _setting_text(info), Text(info["dimension"]), Text(info["title"]))
    console.print(table)
    console.print(f"共 {len(REGISTRY)} 条规则 / {len(REGISTRY)} rules。查看一条：jixiao rules JX-…  / document one: jixiao rules CODE")


def _example_block(label: str, example: dict[str, Any]) -> list[Text]:
    head = label + (f"（{example['note']}）" if example["note"] else "") + "："
    lines = [Text(head, style="bold")]
    if example["header"]:
        shown = "；".join(f"{k} = {v if v != '' else '（不填）'}" for k, v in example["header"].items())
        lines.append(Text(f"    表头 / header：{shown}", style="dim"))
    lines += [Text("    " + ln.replace("\t", "  │  ")) for ln in example["text"].strip("\n").split("\n")]
    return lines


def print_rule(console: Console, code: str, profile: Profile) -> None:
    info = rule_info(code, profile)
    parts: list[Text] = [Text(f"{code} {info['title']}", style="bold")]
    parts.append(Text(f"维度 / dimension：{info['dimension']}"))
    sev = Text(f"级别 / severity（{profile.label}）：")
    sev.append_text(_setting_text(info))
    parts.append(sev)
    parts.append(Text(f"适用 / applies to：{'、'.join(KIND_SHORT.get(k, k) for k in info['applies_to'])}"))
    parts.append(Text(f"依据 / citation：{info['citation']}"))
    parts.append(Text(f"检查 / checks：{info['description']}"))
    parts.append(Text(f"修改 / fix：{info['fix']}"))
    if info["params"]:
        parts.append(Text("参数 / params："))
        for p in info["params"]:
            line = f"    {p['name']} = {_fmt_param(p['value'])}"
            line += f"（默认 {_fmt_param(p['default'])}）" if p["value"] != p["default"] else "（默认 / default）"
            parts.append(Text(line))
    else:
        parts.append(Text("参数 / params：无 / none"))
    for name, diff in info["profiles"].items():
        parts.append(Text(f"配置 {name} 改动 / changed by profile {name}：{'；'.join(diff)}", style="dim"))
    for i, ex in enumerate(info["bad"], start=1):
        parts += _example_block(f"不合格示例 / bad {i}", ex)
    for i, ex in enumerate(info["good"], start=1):
        parts += _example_block(f"合格示例 / good {i}", ex)
    for part in parts:  # long paragraphs: let the terminal wrap them, a pipe gets whole lines
        console.print(part, soft_wrap=True)


# ---------------------------------------------------------------- docs/rules.md


def _example_findings(code: str, example: Example, profile: Profile) -> list[Finding]:
    from .engine import review_form
    from .examples import form_of

    return [f for f in review_form(form_of(example), 0, profile).findings if f.code == code]


def _md_example(label: str, example: Example, messages: list[Finding] | None) -> list[str]:
    out = [f"**{label}**" + (f"：{md_prose(example.note)}" if example.note else "")]
    out.append("")
    if example.header:
        shown = "；".join(f"`{k}` = {md(v) if v != '' else '（不填）'}" for k, v in example.header.items())
        out += [f"表头改动 / header：{shown}", ""]
    out += ["```text", example.text.strip("\n"), "```", ""]
    if messages is not None:
        if messages:
            out.append("审核结果 / findings：")
            out.append("")
            out += [f"- {SEVERITY_ZH[f.severity]}" + (f"（{md(indicator_text(f))}）" if f.indicator is not None else "") + f"：{md_prose(f.message)}" for f in messages]
        else:
            out.append("审核结果 / findings：无 / none")
        out.append("")
    return out


def _md_change(change: str) -> str:
    """A parameter change as code (`min_indicators = 5`), other changes as text."""
    return f"`{change}`" if " = " in change and "`" not in change else md(change)


def rules_reference_markdown() -> str:
    """The text of ``docs/rules.md``: deterministic, generated from the registry and the profiles."""
    default = load_profile(DEFAULT_PROFILE)
    codes = sorted(REGISTRY)
    out = [
        "# 审核规则参考 / Review rules reference",
        "",
        "<!-- 本文件由 scripts/gen_rules_doc.py 生成，请勿手改 / generated by scripts/gen_rules_doc.py: do not edit -->",
        "",
        "本文件列出 `jixiao review` 的全部审核规则：代码、标题、维度、默认级别、依据、检查内容、修改建议、参数、"
        "不合格与合格示例（示例即测试：不合格示例必须产生该规则的问题，合格示例不得产生），以及哪些内置配置改动了它。"
        "示例是三级指标表的节选（制表符分隔），审核时套上一个完整的申报表表头（项目名称、资金、年度目标）。",
        "",
        "This file documents every rule of `jixiao review`: code, title, dimension, default severity, citation, what it checks, "
        "the fix, parameters, bad and good examples (the examples are tests), and which built-in profiles change it. "
        "Regenerate with `.venv/bin/python scripts/gen_rules_doc.py`; a test fails when it is out of date.",
        "",
        "级别 / severities：**错误 error**（`jixiao review` 以退出码 1 结束，可作门禁 / exit code 1, usable as a gate）、"
        "**警告 warning**、**提示 info**。代码 / codes：" + "、".join(f"`{DIMENSION_PREFIX[d]}` {d}" for d in DIMENSIONS) + "。"
        "`JX-P001`（无法读取的文件 / unreadable file）由审核引擎给出，不是规则 / is reported by the engine, not a rule.",
        "",
        "## 审核配置 / Profiles",
        "",
        "| 配置 / profile | 版本 / version | 说明 / description | 改动的规则 / rules changed |",
        "|---|---|---|---|",
    ]
    for name in builtin_profiles():
        p = load_profile(name)
        changed = [c for c in codes if profile_changes(c).get(name)]
        mark = "（默认 / default）" if name == DEFAULT_PROFILE else ""
        out.append(f"| `{name}`{mark} | {md(p.version)} | {md(p.description)} | {', '.join(f'[{c}](#{c.lower()})' for c in changed) or '—'} |")
    out += ["", f"## 规则一览 / Index（{len(codes)} 条 / rules）", "", "| 代码 / code | 标题 / title | 维度 / dimension | 默认级别 / severity |", "|---|---|---|---|"]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    by_dim: dict[str, list[str]] = {}
    for code in codes:
        by_dim.setdefault(REGISTRY[code].dimension, []).append(code)
    dims = sorted(by_dim, key=lambda d: (order.get(d, len(order)), d))
    for code in (c for d in dims for c in by_dim[d]):
        cls = REGISTRY[code]
        out.append(f"| [{code}](#{code.lower()}) | {md_prose(cls.title)} | {cls.dimension} | {severity_label(cls.severity)} |")
    out.append("")
    for dim in dims:
        out += [f"## {dim}（{DIMENSION_PREFIX.get(dim, '')}）", ""]
        for code in by_dim[dim]:
            cls = REGISTRY[code]
            out += [f'<a id="{code.lower()}"></a>', "", f"### {code} {md(cls.title)}", ""]
            out.append(f"- 维度 / dimension：{cls.dimension}")
            out.append(f"- 默认级别 / default severity：{severity_label(cls.severity)}")
            out.append(f"- 适用 / applies to：{'、'.join(KIND_SHORT.get(k, k) for k in cls.applies_to)}")
            out.append(f"- 依据 / citation：{md_prose(cls.citation)}")
            changes = profile_changes(code)
            if changes:
                out.append("- 配置改动 / changed by profiles：" + "；".join(f"`{n}`：{'，'.join(_md_change(x) for x in d)}" for n, d in changes.items()))
            else:
                out.append("- 配置改动 / changed by profiles：无，各内置配置均用默认设置 / none")
            out.append("")
            out += [f"**检查什么 / what it checks**：{md_prose(cls.description)}", ""]
            out += [f"**如何修改 / fix**：{md_prose(cls.fix)}", ""]
            if cls.params:
                out += ["**参数 / params**：", "", "| 参数 / param | 默认值 / default |", "|---|---|"]
                out += [f"| `{k}` | `{_fmt_param(v)}` |" for k, v in cls.params.items()]
                out.append("")
            else:
                out += ["**参数 / params**：无 / none", ""]
            for i, ex in enumerate(cls.bad, start=1):
                label = "不合格示例 / bad example" + (f" {i}" if len(cls.bad) > 1 else "")
                out += _md_example(label, ex, _example_findings(code, ex, default))
            for i, ex in enumerate(cls.good, start=1):
                label = "合格示例 / good example" + (f" {i}" if len(cls.good) > 1 else "")
                out += _md_example(label, ex, None)
    return "\n".join(out).rstrip("\n") + "\n"
