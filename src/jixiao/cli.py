"""Command line: ``jixiao parse``, ``schema``, ``export``, ``review``, ``rules``, ``score``, ``template actuals``
(and, in :mod:`jixiao.cli_store`, ``db``, ``user``, ``ingest``, ``serve``).

Messages are in 简体中文 with English after them. Bad input never produces a
traceback: each failed file gets one line naming the file, the reason and what to
do, the other files go on, and the exit code is 1. Set ``JIXIAO_DEBUG=1`` to see a
traceback for an internal error.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__, errors
from .api import DEFAULT_MAX_SIZE, parse as parse_file
from .model import Document, Form, Value, json_schema

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）：读取、理解、审核预算绩效目标表 / read and understand budget performance target forms.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

KIND_ZH = {"declaration": "绩效目标申报表", "self_evaluation": "绩效自评表", "department_overall": "部门整体支出绩效目标表"}


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False, soft_wrap=stderr)
    if not console.is_terminal:
        console.width = 200  # piped or captured: do not truncate Chinese names
    return console


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show the version")] = None,
) -> None:
    """jixiao（绩效）"""


def _money(v: float | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def _value_cell(v: Value | None) -> str:
    if v is None:
        return "—"
    return v.raw


def _parsed_cell(v: Value | None) -> str:
    if v is None:
        return ""
    if v.op == "between":
        return f"{v.value:g}–{v.high:g} {v.unit or ''}".strip()
    if v.op:
        return f"{v.op} {v.value:g} {v.unit or ''}".strip()
    return {"date": "日期/期限", "text": "定性"}.get(v.kind, "")


def print_form(console: Console, doc: Document, index: int, form: Form) -> None:
    p, f = form.project, form.funds
    head = f"[{index + 1}/{len(doc.forms)}] {KIND_ZH[form.kind]}"
    if form.fiscal_year:
        head += f" · {form.fiscal_year}年度"
    head += f" · {p.name or '（未印项目名称）'}"
    console.print(Text(head, style="bold"))
    facts = [
        ("主管部门", p.department or (p.department_code and f"代码 {p.department_code}")),
        ("实施单位", p.implementing_unit),
        ("项目性质", p.nature),
        ("项目类别", p.category),
        ("计划日期", f"{p.start_date or '?'} 至 {p.end_date or '?'}" if (p.start_date or p.end_date) else None),
    ]
    for label, value in facts:
        if value:
            console.print(f"  {label}：{value}")
    money = [
        ("资金总额", f.total), ("年度资金", f.annual), ("财政拨款", f.fiscal), ("上年结转", f.carryover), ("其他资金", f.other),
        ("预算数", f.budget), ("执行数", f.executed), ("上年预算", f.prior_year_budget), ("上年执行", f.prior_year_executed),
    ]
    shown = [f"{k} {_money(v)}" for k, v in money if v is not None]
    if shown:
        unit = f"（元，原表单位 {f.unit_printed}）" if f.unit_printed and f.unit_printed != "元" else "（元）"
        console.print("  资金" + unit + "：" + "；".join(shown))
    self_eval = any(i.actual is not None for i in form.indicators)
    table = Table(show_lines=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right")
    table.add_column("一级指标")
    table.add_column("二级指标")
    table.add_column("三级指标")
    table.add_column("指标值")
    table.add_column("解析")
    if self_eval:
        table.add_column("实际完成值")
    table.add_column("行", justify="right")
    for n, ind in enumerate(form.indicators, start=1):
        cells = [str(n), ind.level1 or "", ind.level2 or "", ind.name, _value_cell(ind.target), _parsed_cell(ind.target)]
        if self_eval:
            cells.append(_value_cell(ind.actual))
        cells.append(str(ind.where.line or ""))
        table.add_row(*cells)
    console.print(table)
    for w in form.warnings:
        console.print(Text(f"  ⚠ [{w.code}] {w.message}", style="yellow"))
    console.print()


def _fail(console: Console, path: str, exc: BaseException) -> None:
    if isinstance(exc, errors.ReadError):
        console.print(Text(f"✗ {exc.with_path(path).message}", style="red"))
    else:
        console.print(Text(f"✗ {path}：内部错误，请把该文件报告给开发者 / internal error ({type(exc).__name__}: {exc})", style="red"))
        if os.environ.get("JIXIAO_DEBUG"):
            console.print(traceback.format_exc())


def _out_name(path: str, used: set[str]) -> str:
    stem = Path(path).stem or "document"
    name, n = f"{stem}.json", 2
    while name in used:
        name, n = f"{stem}-{n}.json", n + 1
    used.add(name)
    return name


@app.command("parse")
def parse_cmd(
    files: Annotated[list[str], typer.Argument(help="要读取的文件 / files to read", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 jixiao/v1 JSON / print the jixiao/v1 contract")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="每个文件写出 <name>.json 到此目录 / write <name>.json per input into DIR")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="单个文件大小上限（字节）/ size limit per file (bytes)")] = DEFAULT_MAX_SIZE,
) -> None:
    """读取绩效目标表/自评表 / read forms into the jixiao/v1 model."""
    stdout, stderr = _console(), _console(stderr=True)
    docs: list[Document] = []
    failed = 0
    used: set[str] = set()
    summary: list[tuple[str, Document | None, str]] = []
    if out is not None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            stderr.print(Text(f"✗ 无法创建输出目录 {out} / cannot create the output folder ({exc.strerror})", style="red"))
            raise typer.Exit(2) from None
    for path in files:
        try:
            doc = parse_file(path, max_size=max_size)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            failed += 1
            _fail(stderr, path, exc)
            summary.append((path, None, getattr(exc, "code", "error")))
            continue
        docs.append(doc)
        summary.append((path, doc, ""))
        if out is not None:
            target = out / _out_name(path, used)
            target.write_text(json.dumps(doc.to_json_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        elif not as_json:
            stdout.print(Text(f"{path}" + (f"：{doc.title}" if doc.title else ""), style="bold cyan"))
            for i, form in enumerate(doc.forms):
                print_form(stdout, doc, i, form)
    if out is not None:
        _print_summary(stdout, summary, out)
    elif as_json:
        payload = docs[0].to_json_dict() if len(files) == 1 and docs else [d.to_json_dict() for d in docs]
        if len(files) == 1 and not docs:
            payload = None
        if payload is not None:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        stderr.print(Text(f"{failed} 个文件读取失败，{len(docs)} 个成功 / {failed} failed, {len(docs)} parsed", style="red"))
        raise typer.Exit(1)


def _print_summary(console: Console, summary: list[tuple[str, Document | None, str]], out: Path) -> None:
    table = Table(title=f"读取结果 / results → {out}/", header_style="bold")
    table.add_column("文件")
    table.add_column("表单", justify="right")
    table.add_column("指标", justify="right")
    table.add_column("定量指标", justify="right")
    table.add_column("提示", justify="right")
    table.add_column("标题")
    totals = [0, 0, 0, 0]
    for path, doc, err in summary:
        if doc is None:
            table.add_row(Path(path).name, "", "", "", "", Text(f"失败 / failed: {err}", style="red"))
            continue
        n_ind = sum(len(f.indicators) for f in doc.forms)
        n_q = sum(1 for f in doc.forms for i in f.indicators if i.target is not None and i.target.op is not None)
        n_w = sum(len(f.warnings) for f in doc.forms) + len(doc.warnings)
        for k, v in enumerate((len(doc.forms), n_ind, n_q, n_w)):
            totals[k] += v
        table.add_row(Path(path).name, str(len(doc.forms)), str(n_ind), str(n_q), str(n_w), doc.title or "")
    table.add_section()
    table.add_row("合计 total", *map(str, totals), "")
    console.print(table)
    console.print("表单 = forms，指标 = indicators，定量指标 = indicators with a comparable target，提示 = reader warnings")


@app.command("schema")
def schema_cmd() -> None:
    """打印 jixiao/v1 的 JSON Schema / print the JSON Schema of the contract."""
    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"
    csv = "csv"
    json = "json"


def _export_target(path: str, out: Path | None, ext: str, single_file: bool, used: set[str]) -> Path:
    """``<stem>.<ext>`` in the output folder (never the input itself), or ``--out`` when it names the file."""
    if out is not None and single_file:
        if out.resolve() == Path(path).resolve():
            from .export import ExportError

            raise ExportError("same-file", "输出文件就是输入文件", "the output file is the input file", "请用 --out 指定另一个文件名。")
        return out
    folder = out if out is not None else Path.cwd()
    stem = Path(path).stem or "document"
    name, n = f"{stem}.{ext}", 2
    while name in used or (folder / name).resolve() == Path(path).resolve():
        name, n = f"{stem}-{n}.{ext}", n + 1
    used.add(name)
    return folder / name


@app.command("export")
def export_cmd(
    files: Annotated[list[str], typer.Argument(help="要导出的文件 / files to export", show_default=False)],
    to: Annotated[ExportFormat, typer.Option("--to", help="导出格式 / export format: xlsx | docx | pdf | csv | json", case_sensitive=False)],
    out: Annotated[Optional[Path], typer.Option("--out", help="输出目录（默认当前目录）；一个输入且以扩展名结尾时为输出文件 / output folder (default: current), or the output file for one input")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="单个文件大小上限（字节）/ size limit per file (bytes)")] = DEFAULT_MAX_SIZE,
) -> None:
    """按官方表样导出（申报表 / 自评表）/ export forms in the official layouts (xlsx, docx, pdf, csv, json)."""
    from . import export as exporter

    stdout, stderr = _console(), _console(stderr=True)
    ext = to.value
    single_file = out is not None and out.suffix.lower() == f".{ext}"
    if single_file and len(files) > 1:
        stderr.print(Text(f"✗ --out {out} 是一个 .{ext} 文件，只能用于一个输入；多个输入请给出目录 / --out names one file but {len(files)} inputs were given: give a folder", style="red"))
        raise typer.Exit(2)
    target_dir = out.parent if single_file else out
    if target_dir is not None and str(target_dir) not in ("", "."):
        try:
            target_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            stderr.print(Text(f"✗ 无法创建输出目录 {target_dir} / cannot create the output folder ({exc.strerror})", style="red"))
            raise typer.Exit(2) from None
    if ext == "pdf":
        from .export.pdf import find_soffice

        if find_soffice() is None:
            stderr.print(Text(f"✗ {exporter.needs_libreoffice().message}", style="red"))
            raise typer.Exit(1)
    failed = done = 0
    used: set[str] = set()
    for path in files:
        try:
            doc = parse_file(path, max_size=max_size)
            target = _export_target(path, out, ext, single_file, used)
            exporter.export(doc, ext, target)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            failed += 1
            if isinstance(exc, OSError) and not isinstance(exc, errors.ReadError):
                stderr.print(Text(f"✗ {path}：无法写出导出文件 / cannot write the export ({exc.strerror or exc})", style="red"))
            else:
                _fail(stderr, path, exc)
            continue
        done += 1
        n_ind = sum(len(f.indicators) for f in doc.forms)
        stdout.print(f"✓ {path} → {target}（{len(doc.forms)} 张表，{n_ind} 个指标 / {len(doc.forms)} forms, {n_ind} indicators）")
    if failed:
        stderr.print(Text(f"{failed} 个文件导出失败，{done} 个成功 / {failed} failed, {done} exported", style="red"))
        raise typer.Exit(1)


class ReviewFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


_FORMAT_BY_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "table"}


def _load_profile_or_exit(profile: str | None, stderr: Console):
    """The review profile, or a clear message and exit code 2."""
    from .review import load_profile

    try:
        return load_profile(profile)
    except errors.ReadError as exc:
        stderr.print(Text(f"✗ {exc.message}", style="red"))
        raise typer.Exit(2) from None
    except Exception as exc:  # noqa: BLE001 - never a traceback
        stderr.print(Text(f"✗ 无法加载审核配置 {profile or 'national-101'} 或审核规则：内部错误，请报告给开发者 / "
                          f"internal error loading the profile or the rules ({type(exc).__name__}: {exc})", style="red"))
        if os.environ.get("JIXIAO_DEBUG"):
            stderr.print(traceback.format_exc())
        raise typer.Exit(2) from None


def _review_one(path: str, profile):
    """Review one file; an internal error becomes a JX-P001 finding so the batch goes on."""
    from .review import DocumentReview, Finding, review_path

    try:
        return review_path(path, profile)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        if os.environ.get("JIXIAO_DEBUG"):
            _console(stderr=True).print(traceback.format_exc())
        finding = Finding(code="JX-P001", severity="error", rule="无法读取的文件", dimension="读取", form=-1,
                          message=f"{path}：内部错误，请把该文件报告给开发者 / internal error ({type(exc).__name__}: {exc})")
        return DocumentReview(path=path, profile=profile.label, error=finding, counts={"error": 1, "warning": 0, "info": 0})


@app.command("review")
def review_cmd(
    files: Annotated[list[str], typer.Argument(help="要审核的文件 / files to review", show_default=False)],
    profile: Annotated[Optional[str], typer.Option("--profile", help="审核配置：内置名称（national-101、shanghai）或 YAML 文件 / built-in profile name or a YAML file")] = None,
    fmt: Annotated[Optional[ReviewFormat], typer.Option("--format", help="输出格式 / output format: table | json | markdown | html（默认 table，或按 --out 的扩展名 / default table, or from the --out suffix）", case_sensitive=False, show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="把报告写入此文件 / write the report to this file")] = None,
) -> None:
    """像 linter 一样审核绩效目标（有错误时退出码为 1）/ review targets like a linter (exit 1 on any error finding)."""
    from .review import report

    stdout, stderr = _console(), _console(stderr=True)
    prof = _load_profile_or_exit(profile, stderr)
    if fmt is None:
        fmt = ReviewFormat(_FORMAT_BY_SUFFIX.get(out.suffix.lower(), "table")) if out is not None else ReviewFormat.table
    reviews = [_review_one(path, prof) for path in files]
    if fmt is ReviewFormat.table and out is None:
        report.print_table(stdout, reviews)
    else:
        if fmt is ReviewFormat.json:
            text = report.to_json(reviews, single=len(files) == 1)
        elif fmt is ReviewFormat.markdown:
            text = report.to_markdown(reviews)
        elif fmt is ReviewFormat.html:
            text = report.to_html(reviews)
        else:
            text = report.to_text(reviews)
        if out is None:
            sys.stdout.write(text)
        else:
            try:
                if str(out.parent) not in ("", "."):
                    out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
            except OSError as exc:
                stderr.print(Text(f"✗ 无法写出报告 {out} / cannot write the report ({exc.strerror or exc})", style="red"))
                raise typer.Exit(2) from None
            stdout.print(f"✓ 审核报告 / report → {out}")
        for r in reviews:
            if r.error is not None:
                stderr.print(Text(f"✗ [{r.error.code}] {r.error.message}", style="red"))
        style = "red" if report.has_errors(reviews) else ""
        stderr.print(Text(f"审核 / reviewed（{prof.label}）：{report.overall_summary(reviews)}", style=style))
    if report.has_errors(reviews):
        raise typer.Exit(1)


@app.command("rules")
def rules_cmd(
    code: Annotated[Optional[str], typer.Argument(help="规则代码，如 JX-C101（省略则列出全部）/ a rule code (omit to list all)", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / machine-readable output")] = False,
    profile: Annotated[Optional[str], typer.Option("--profile", help="按此配置显示级别与参数 / show severities and params of this profile")] = None,
) -> None:
    """列出审核规则或说明一条规则 / list the review rules or document one."""
    from .review import REGISTRY, report

    stdout, stderr = _console(), _console(stderr=True)
    prof = _load_profile_or_exit(profile, stderr)
    if code is None:
        if as_json:
            payload = [report.rule_info(c, prof) for c in sorted(REGISTRY)]
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            report.print_rules(stdout, prof)
        return
    found = report.find_rule(code)
    if found is None:
        known = ", ".join(sorted(REGISTRY))
        stderr.print(Text(f"✗ 没有规则 {code} / no such rule。现有规则 / known rules：{known}", style="red"))
        raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(report.rule_info(found, prof), ensure_ascii=False, indent=2) + "\n")
    else:
        report.print_rule(stdout, found, prof)


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    docx = "docx"
    pdf = "pdf"


def _self_eval_checks(doc: Document) -> None:
    """Attach the self-evaluation checks (review rules JX-S5xx) to each scored form's evaluation."""
    from .review import load_profile, review_form

    profile = load_profile()
    for i, form in enumerate(doc.forms):
        if form.evaluation:
            review = review_form(form, i, profile)
            form.evaluation["checks"] = [f.model_dump(mode="json") for f in review.findings if f.code.startswith("JX-S")]


def _score_one(path: str, actuals: Path | None, method) -> Document:
    from .scoring import score_document
    from .scoring.actuals import read_actuals

    doc = parse_file(path)
    if actuals is not None:
        doc = read_actuals(actuals, doc)
    scored = score_document(doc, method)
    _self_eval_checks(scored)
    return scored


@app.command("score")
def score_cmd(
    files: Annotated[list[str], typer.Argument(help="自评表，或申报表（配合 --actuals）/ self-evaluation forms, or a declaration with --actuals", show_default=False)],
    actuals: Annotated[Optional[Path], typer.Option("--actuals", help="填好的实际完成值表（jixiao template actuals 生成）/ the filled actuals workbook")] = None,
    method: Annotated[Optional[str], typer.Option("--method", help="评分方法：内置名称（mof-2020）或 YAML 文件 / scoring method: built-in name or a YAML file")] = None,
    fmt: Annotated[ScoreFormat, typer.Option("--format", help="输出格式 / output: table | json | xlsx | docx | pdf", case_sensitive=False)] = ScoreFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", help="输出文件或目录（json/xlsx/docx/pdf）/ output file or folder")] = None,
) -> None:
    """按财预〔2020〕10号为绩效自评表评分，输出自评表 / score self-evaluations (exit 1 when a form cannot be fully scored or a check finds an error)."""
    from . import export as exporter
    from .scoring import load_method
    from .scoring.report import print_document
    from .scoring.view import scored_view

    stdout, stderr = _console(), _console(stderr=True)
    if actuals is not None and len(files) != 1:
        stderr.print(Text("✗ --actuals 只能配合一个文件使用 / --actuals goes with exactly one file", style="red"))
        raise typer.Exit(2)
    try:
        m = load_method(method)
    except errors.ReadError as exc:
        stderr.print(Text(f"✗ {exc.message}", style="red"))
        raise typer.Exit(2) from None
    ext = fmt.value
    single_file = out is not None and out.suffix.lower() == f".{ext}"
    if ext == "pdf":
        from .export.pdf import find_soffice

        if find_soffice() is None:
            stderr.print(Text(f"✗ {exporter.needs_libreoffice().message}", style="red"))
            raise typer.Exit(1)
    failed = unfinished = 0
    scored_docs: list[Document] = []
    used: set[str] = set()
    for path in files:
        try:
            doc = _score_one(path, actuals, m)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
            failed += 1
            _fail(stderr, path, exc)
            continue
        evaluations = [f.evaluation for f in doc.forms if f.evaluation]
        unfinished += sum(1 for ev in evaluations if not ev["complete"] or any(c["severity"] == "error" for c in ev.get("checks", [])))
        if fmt is ScoreFormat.table:
            print_document(stdout, path, doc)
        elif fmt is ScoreFormat.json:
            scored_docs.append(doc)
        else:
            try:
                if out is not None and not single_file:
                    out.mkdir(parents=True, exist_ok=True)
                target = _export_target(str(Path(path).with_name(Path(path).stem + "-自评" + Path(path).suffix)), out, ext, single_file, used)
                exporter.export(scored_view(doc), ext, target)
            except OSError as exc:
                failed += 1
                stderr.print(Text(f"✗ {path}：无法写出自评表 / cannot write the scored form ({exc.strerror or exc})", style="red"))
                continue
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
                failed += 1
                _fail(stderr, path, exc)
                continue
            stdout.print(f"✓ {path} → {target}（{len(evaluations)} 张自评表 / scored forms）")
    if fmt is ScoreFormat.json and scored_docs:
        payload = scored_docs[0].model_dump(mode="json") if len(files) == 1 else [d.model_dump(mode="json") for d in scored_docs]
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
            stdout.print(f"✓ 评分结果 / scores → {out}")
    if unfinished:
        stderr.print(Text(f"{unfinished} 张表评分未完成或检查发现错误，见上 / {unfinished} forms incomplete or with check errors", style="red"))
    if failed:
        stderr.print(Text(f"{failed} 个文件失败 / {failed} files failed", style="red"))
    if failed or unfinished:
        raise typer.Exit(1)


template_app = typer.Typer(help="生成填报模板 / write templates to fill in", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(template_app, name="template")


@template_app.command("actuals")
def template_actuals_cmd(
    file: Annotated[str, typer.Argument(help="申报表或自评表 / a declaration or self-evaluation", show_default=False)],
    out: Annotated[Optional[Path], typer.Option("--out", help="输出的 .xlsx（默认 <文件名>-实际完成值.xlsx）/ output workbook")] = None,
) -> None:
    """生成实际完成值填报表（XLSX，每个指标一行，结构锁定，等级下拉）/ write the actuals workbook to fill in."""
    from .scoring.actuals import write_template

    stdout, stderr = _console(), _console(stderr=True)
    target = out if out is not None else Path.cwd() / f"{Path(file).stem}-实际完成值.xlsx"
    try:
        doc = parse_file(file)
        if target.resolve() == Path(file).resolve():
            stderr.print(Text("✗ 输出文件就是输入文件，请用 --out 指定另一个文件名 / the output is the input", style="red"))
            raise typer.Exit(2)
        write_template(doc, target)
    except typer.Exit:
        raise
    except OSError as exc:
        stderr.print(Text(f"✗ 无法写出 {target} / cannot write ({exc.strerror or exc})", style="red"))
        raise typer.Exit(1) from None
    except Exception as exc:  # noqa: BLE001 - never a traceback
        _fail(stderr, file, exc)
        raise typer.Exit(1) from None
    n = sum(len(f.indicators) for f in doc.forms)
    stdout.print(f"✓ {file} → {target}（{len(doc.forms)} 张表，{n} 个指标；填好后运行 jixiao score {file} --actuals {target.name}）")


from . import cli_store  # noqa: E402,F401 - registers db, user, ingest and serve


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _console(stderr=True).print("已中断 / interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
