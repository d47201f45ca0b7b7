"""``jixiao review`` and ``jixiao rules`` as a user runs them (a subprocess), the report renderers,
and the generated rules reference (``docs/rules.md`` must be up to date).

Expected figures are derived from the registry and from the JSON report of the same file,
so the tests hold for whatever rules are registered, and still check exact values.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao
import jixiao.review.rules  # noqa: F401 - registers every rule
from jixiao.review import REGISTRY, DocumentReview, Finding, FormReview, load_profile
from jixiao.review.examples import example_text
from jixiao.review.model import Coverage
from jixiao.review.report import form_summary, rules_reference_markdown, to_html, to_json, to_markdown, to_text
from jixiao.review.rule import Example

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
S002 = str(EX / "002_7f93d8ab5a9d0f21.txt")
S004 = str(EX / "004_118172d649d3c167.txt")
S002_PROJECTS = ["绿化市容基础设施保障", "人才教育培训"]
FINDING_KEYS = {"code", "severity", "message", "form", "indicator", "indicator_name", "line", "page", "cell", "fix", "project"}

CLEAN = """产出指标\t数量指标\t举办宣传活动场次\t≥12场
产出指标\t质量指标\t活动验收合格率\t=100%
产出指标\t时效指标\t活动按期完成率\t=100%
效益指标\t社会效益指标\t公众知晓率\t≥80%
满意度指标\t服务对象满意度指标\t参与群众满意度\t≥90%
成本指标\t经济成本指标\t宣传活动成本\t≤100万元"""
NO_OUTPUT = """效益指标\t社会效益指标\t公众知晓率\t≥80%
满意度指标\t服务对象满意度指标\t参与群众满意度\t≥90%
成本指标\t经济成本指标\t宣传活动成本\t≤100万元"""
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE = CLEAN.replace("举办宣传活动场次\t≥12场", f"{HOSTILE_NAME}\t较多")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120)


def write_form(tmp_path: Path, name: str, table: str, **header: str) -> str:
    path = tmp_path / name
    path.write_text(example_text(Example(table, header=header or None)), encoding="utf-8")
    return str(path)


def review_json(*args: str) -> tuple[subprocess.CompletedProcess[str], object]:
    r = run("review", *args, "--format", "json")
    assert "Traceback" not in r.stderr
    return r, json.loads(r.stdout)


def all_findings(doc: dict) -> list[dict]:
    return [f for form in doc["forms"] for f in form["findings"]] + ([doc["error"]] if doc["error"] else [])


# ---------------------------------------------------------------- JSON


def test_json_one_file_is_an_object_of_a_document_review() -> None:
    r, doc = review_json(S002)
    assert isinstance(doc, dict)
    assert doc["path"] == S002 and doc["profile"] == "national-101@2024.1" and doc["error"] is None
    assert [f["form"] for f in doc["forms"]] == [0, 1, 2, 3, 4]
    assert [f["project"] for f in doc["forms"]][:2] == S002_PROJECTS
    assert [f["indicators"] for f in doc["forms"]] == [len(f.indicators) for f in jixiao.parse(S002).forms]
    assert DocumentReview.model_validate(doc).model_dump(mode="json") == doc  # a faithful dump
    for form in doc["forms"]:
        cov = form["coverage"]
        seen = cov["passed"] + cov["failed"] + list(cov["not_evaluated"]) + cov["disabled"]
        assert sorted(seen) == sorted(REGISTRY)  # every registered rule is accounted for, once
        assert sorted({f["code"] for f in form["findings"]}) == sorted(cov["failed"])
        assert form["counts"] == {s: sum(1 for f in form["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
        for f in form["findings"]:
            assert FINDING_KEYS <= set(f)
            assert f["form"] == form["form"] and f["project"] == form["project"]
            assert f["severity"] in ("error", "warning", "info") and f["code"] in REGISTRY and f["message"]
    assert doc["counts"] == {s: sum(f["counts"][s] for f in doc["forms"]) for s in ("error", "warning", "info")}
    assert r.returncode == (1 if doc["counts"]["error"] else 0)


def test_json_several_files_is_an_array_and_an_unreadable_file_is_jx_p001(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r, docs = review_json(S002, missing, str(empty), S004)
    assert r.returncode == 1  # an unreadable file is an error finding: the gate fails
    assert isinstance(docs, list) and [d["path"] for d in docs] == [S002, missing, str(empty), S004]
    assert [len(d["forms"]) for d in docs] == [5, 0, 0, 3]
    for d in (docs[1], docs[2]):
        e = d["error"]
        assert FINDING_KEYS <= set(e)
        assert (e["code"], e["severity"], e["form"], e["indicator"]) == ("JX-P001", "error", -1, None)
        assert d["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert docs[1]["error"]["message"].startswith(f"{missing}：文件不存在")
    assert docs[2]["error"]["message"].startswith(f"{empty}：文件为空")
    assert docs[0]["error"] is None and docs[3]["error"] is None
    assert f"✗ [JX-P001] {missing}：文件不存在" in r.stderr
    assert "4 个文件（2 个无法读取），8 张表" in r.stderr


# ---------------------------------------------------------------- exit codes


def test_error_finding_exits_1(tmp_path: Path) -> None:
    path = write_form(tmp_path, "no-output.txt", NO_OUTPUT)
    r, doc = review_json(path)
    assert r.returncode == 1
    c101 = [f for f in all_findings(doc) if f["code"] == "JX-C101"]
    assert len(c101) == 1
    assert (c101[0]["severity"], c101[0]["form"], c101[0]["indicator"]) == ("error", 0, None)
    assert doc["forms"][0]["coverage"]["failed"].count("JX-C101") == 1


def test_no_error_finding_exits_0(tmp_path: Path) -> None:
    path = write_form(tmp_path, "clean.txt", CLEAN)
    r, doc = review_json(path)
    assert doc["counts"]["error"] == 0
    assert r.returncode == 0
    table = run("review", path)
    assert table.returncode == 0 and table.stderr == ""


def test_a_profile_that_turns_the_error_rule_off_opens_the_gate(tmp_path: Path) -> None:
    path = write_form(tmp_path, "no-output.txt", NO_OUTPUT)
    prof = tmp_path / "lenient.yaml"
    prof.write_text("name: lenient\nversion: '3'\nextends: national-101\nrules:\n"
                    + "".join(f"  {c}: {{severity: warning}}\n" for c in sorted(REGISTRY) if c != "JX-C101")
                    + "  JX-C101: {enabled: false}\n", encoding="utf-8")
    r, doc = review_json(path, "--profile", str(prof))
    assert r.returncode == 0
    assert doc["profile"] == "lenient@3"
    assert doc["forms"][0]["coverage"]["disabled"] == ["JX-C101"]
    assert doc["counts"]["error"] == 0 and "JX-C101" not in {f["code"] for f in all_findings(doc)}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("rules:\n  JX-X999: {}\n", "未知的规则代码 JX-X999"),
        ("name: [unclosed\n", "YAML 语法错误"),
        ("- a list\n", "顶层应是映射"),
    ],
)
def test_bad_profile_file_exits_2(tmp_path: Path, text: str, needle: str) -> None:
    prof = tmp_path / "bad.yaml"
    prof.write_text(text, encoding="utf-8")
    for fmt in ("table", "json"):
        r = run("review", S004, "--profile", str(prof), "--format", fmt)
        assert r.returncode == 2
        assert r.stdout == ""
        assert r.stderr.startswith(f"✗ {prof}：审核配置无效：") and needle in r.stderr
        assert "Traceback" not in r.stderr


def test_unknown_profile_name_exits_2() -> None:
    r = run("review", S004, "--profile", "atlantis")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("✗ atlantis：找不到审核配置 / no such review profile")
    assert "national-101, shanghai" in r.stderr


# ---------------------------------------------------------------- table, markdown, HTML


def test_table_output_per_form_and_per_document(tmp_path: Path) -> None:
    path = write_form(tmp_path, "no-output.txt", NO_OUTPUT)
    _, doc = review_json(path)
    form = FormReview.model_validate(doc["forms"][0])
    r = run("review", path)
    assert r.returncode == 1
    out = r.stdout
    assert out.startswith(f"{path}：财政项目支出绩效目标申报表\n审核配置 / profile：national-101@2024.1\n")
    assert "[1/1] 绩效目标申报表 · 示例宣传项目" in out
    row = next(ln for ln in out.splitlines() if "JX-C101" in ln)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[:4] == ["错误", "JX-C101", "indicators", ""]
    assert f"  小结 / summary：{form_summary(form)}" in out
    assert f"小结 / summary：错误 1 · 警告 {form.counts['warning']} · 提示 {form.counts['info']}；指标 3 个，定量 100%；" in out
    for code, why in form.coverage.not_evaluated.items():
        assert f"  未评估 {code}：{why}" in out
    assert f"文件合计 / file total：1 张表，3 个指标；错误 1 · 警告 {doc['counts']['warning']} · 提示 {doc['counts']['info']}" in out


def test_table_shows_the_indicator_row_and_location(tmp_path: Path) -> None:
    path = write_form(tmp_path, "hostile.txt", HOSTILE)
    r = run("review", path)
    row = next(ln for ln in r.stdout.splitlines() if "JX-Q201" in ln)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[:4] == ["警告", "JX-Q201", f"#1 {HOSTILE_NAME}", "第14行"]


def test_several_files_get_a_total_line() -> None:
    r = run("review", S002, S004)
    _, docs = review_json(S002, S004)
    total = {s: docs[0]["counts"][s] + docs[1]["counts"][s] for s in ("error", "warning", "info")}
    assert f"总计 / total：2 个文件，8 张表；错误 {total['error']} · 警告 {total['warning']} · 提示 {total['info']} / 2 files, 8 forms" in r.stdout
    assert r.stdout.count("文件合计 / file total：") == 2


def test_markdown_headings_tables_and_coverage() -> None:
    r = run("review", S002, "--format", "markdown")
    _, doc = review_json(S002)
    md = r.stdout
    lines = md.splitlines()
    assert lines[0] == "# 绩效目标审核报告 / Review report"
    assert "- 审核配置 / profile：`national-101@2024.1`" in lines
    assert [ln for ln in lines if ln.startswith("## ")] == [f"## {S002.replace('_', chr(92) + '_')}：{doc['title']}"]
    h3 = [ln for ln in lines if ln.startswith("### ")]
    assert h3 == [f"### 表 {f['form'] + 1}/5 · 绩效目标申报表 · {f['project']}" for f in doc["forms"]]
    with_findings = sum(1 for f in doc["forms"] if f["findings"])
    assert lines.count("| 级别 | 代码 | 指标 | 位置 | 问题 / finding | 建议 / fix |") == with_findings
    n_rows = sum(len(f["findings"]) for f in doc["forms"])
    assert sum(1 for ln in lines if re.match(r"^\| (错误|警告|提示) \| JX-", ln)) == n_rows
    assert sum(1 for ln in lines if ln.startswith("**小结 / summary**：")) == 5
    assert sum(1 for ln in lines if ln.startswith("- 通过 / passed：")) == 5


def test_markdown_escapes_table_breaking_text() -> None:
    f = Finding(code="JX-Q201", severity="warning", message="a|b <i>x</i>", rule="r", dimension="细化量化", form=0,
                project="p", indicator=0, indicator_name="名|称*_", line=3)
    doc = DocumentReview(path="x.txt", profile="p@1", forms=[FormReview(form=0, project="p", kind="declaration", findings=[f],
                         counts={"error": 0, "warning": 1, "info": 0}, indicators=1)], counts={"error": 0, "warning": 1, "info": 0})
    row = next(ln for ln in to_markdown([doc]).splitlines() if "JX-Q201" in ln)
    assert row == r"| 警告 | JX-Q201 | #1 名\|称\*\_ | 第3行 | a\|b \<i\>x\</i\> |  |"


def test_html_is_self_contained_grouped_by_form_and_escaped(tmp_path: Path) -> None:
    path = write_form(tmp_path, "hostile.txt", HOSTILE)
    out = tmp_path / "report.html"
    r = run("review", path, S002, "--out", str(out))  # the format follows the suffix
    assert r.stdout.strip() == f"✓ 审核报告 / report → {out}"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
    assert page.rstrip().endswith("</body></html>")
    assert "<script" not in page.lower()  # the indicator named <script> is text, and the page has no scripts
    assert "<td>#1 &lt;script&gt;alert(1)&lt;/script&gt;</td><td>第14行</td>" in page
    assert "「&lt;script&gt;alert(1)&lt;/script&gt;」" in page
    for external in (r"\bsrc\s*=", r"\bhref\s*=", r"<link\b", r"url\(", r"@import", r"<iframe", r"<img"):
        assert not re.search(external, page, re.I), external
    assert page.count('<section class="document">') == 2
    assert page.count('<section class="form">') == 6
    assert "<h3>表 1/5 · 绩效目标申报表 · 绿化市容基础设施保障</h3>" in page
    assert '<tr class="warning"><td class="sev">警告</td>' in page
    assert "color:#b42318" in page  # severity colours, inline


def test_html_escapes_every_text_field() -> None:
    evil = '<img src=x onerror="alert(1)">'
    f = Finding(code="JX-C101", severity="error", message=evil, rule=evil, dimension="完整性", form=0, project=evil,
                indicator=2, indicator_name=HOSTILE_NAME, cell=evil, fix=evil, citation=evil)
    form = FormReview(form=0, project=evil, kind="declaration", findings=[f], counts={"error": 1, "warning": 0, "info": 0},
                      coverage=Coverage(failed=["JX-C101"], not_evaluated={"JX-A401": evil}), indicators=3)
    doc = DocumentReview(path=evil, title=evil, profile=evil, forms=[form], counts=form.counts)
    page = to_html([doc])
    assert "<img" not in page and "<script" not in page
    assert "#3 &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"' in page
    assert '<tr class="error"><td class="sev">错误</td>' in page


def test_out_file_for_each_format(tmp_path: Path) -> None:
    for name, start in (("r.json", "{"), ("r.md", "# 绩效目标审核报告"), ("r.txt", f"{S004}：")):
        out = tmp_path / "sub" / name
        r = run("review", S004, "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert out.read_text(encoding="utf-8").startswith(start)
    forced = tmp_path / "forced.out"
    run("review", S004, "--out", str(forced), "--format", "json")
    assert json.loads(forced.read_text(encoding="utf-8"))["path"] == S004


def test_renderers_agree_in_process() -> None:
    from jixiao.review import review_document

    reviews = [review_document(jixiao.parse(S004))]
    assert json.loads(to_json(reviews, single=True))["path"] == S004
    assert isinstance(json.loads(to_json(reviews)), list)
    text = to_text(reviews)
    assert text.splitlines()[2] == "[1/3] 绩效自评表 · 2022年媒体合作项目"


# ---------------------------------------------------------------- profiles in the output


def test_profile_shanghai_is_accepted_and_reported() -> None:
    r = run("review", S004, "--profile", "shanghai")
    assert "审核配置 / profile：shanghai@2024.1" in r.stdout
    _, doc = review_json(S004, "--profile", "shanghai")
    assert doc["profile"] == "shanghai@2024.1"
    md = run("review", S004, "--profile", "shanghai", "--format", "markdown").stdout
    assert "- 审核配置 / profile：`shanghai@2024.1`" in md
    page = run("review", S004, "--profile", "shanghai", "--format", "html").stdout
    assert "审核配置 / profile：<code>shanghai@2024.1</code>" in page


# ---------------------------------------------------------------- jixiao rules


def test_rules_lists_every_rule() -> None:
    r = run("rules")
    assert r.returncode == 0
    rows = {}
    for ln in r.stdout.splitlines():
        cells = [c.strip() for c in ln.split("│")[1:-1]]
        if cells and cells[0].startswith("JX-"):
            rows[cells[0]] = cells[1:]
    assert sorted(rows) == sorted(REGISTRY)
    for code, (severity, dimension, title) in rows.items():
        cls = REGISTRY[code]
        assert (severity, dimension, title) == ({"error": "错误", "warning": "警告", "info": "提示"}[cls.severity] + " " + cls.severity, cls.dimension, cls.title)
    assert f"共 {len(REGISTRY)} 条规则 / {len(REGISTRY)} rules" in r.stdout
    assert "national-101@2024.1" in r.stdout


def test_rules_json_lists_every_rule_with_its_profile_setting() -> None:
    r = run("rules", "--json", "--profile", "shanghai")
    rules = json.loads(r.stdout)
    prof = load_profile("shanghai")
    assert [x["code"] for x in rules] == sorted(REGISTRY)
    for x in rules:
        cls, s = REGISTRY[x["code"]], prof.setting(x["code"])
        assert (x["title"], x["dimension"], x["default_severity"]) == (cls.title, cls.dimension, cls.severity)
        assert (x["profile"], x["severity"], x["enabled"]) == ("shanghai@2024.1", s.severity, s.enabled)
        assert [p["name"] for p in x["params"]] == list(cls.params)
        assert [e["text"] for e in x["bad"]] == [e.text for e in cls.bad]


def test_rules_documents_one_rule() -> None:
    cls = REGISTRY["JX-C101"]
    r = run("rules", "jx-c101")
    assert r.returncode == 0
    out = r.stdout
    assert out.startswith(f"JX-C101 {cls.title}\n维度 / dimension：{cls.dimension}\n")
    for needle in (f"依据 / citation：{cls.citation}", f"检查 / checks：{cls.description}", f"修改 / fix：{cls.fix}",
                   "级别 / severity（national-101@2024.1）：错误 error", "不合格示例 / bad 1", "合格示例 / good 1"):
        assert needle in out, needle
    first_bad = cls.bad[0].text.strip("\n").split("\n")[0]
    assert "    " + first_bad.replace("\t", "  │  ") in out.splitlines()


def test_rules_params_with_defaults_and_profile_values(tmp_path: Path) -> None:
    cls = REGISTRY["JX-C111"]
    (name, default), = cls.params.items()
    r = run("rules", "JX-C111")
    assert f"    {name} = {default}（默认 / default）" in r.stdout.splitlines()
    prof = tmp_path / "strict.yaml"
    prof.write_text(f"name: strict\nversion: '1'\nrules:\n  JX-C111: {{severity: error, params: {{{name}: {default + 4}}}}}\n", encoding="utf-8")
    r = run("rules", "JX-C111", "--profile", str(prof))
    assert f"    {name} = {default + 4}（默认 {default}）" in r.stdout.splitlines()
    assert f"级别 / severity（strict@1）：错误 error（默认 {cls.severity}）" in r.stdout
    info = json.loads(run("rules", "JX-C111", "--json", "--profile", str(prof)).stdout)
    assert info["params"] == [{"name": name, "default": default, "value": default + 4}]
    assert (info["severity"], info["default_severity"]) == ("error", cls.severity)


def test_rules_show_what_the_shanghai_profile_changes() -> None:
    cls, s = REGISTRY["JX-C104"], load_profile("shanghai").setting("JX-C104")
    assert (cls.severity, s.severity) == ("warning", "error")
    r = run("rules", "JX-C104", "--profile", "shanghai")
    assert "级别 / severity（shanghai@2024.1）：错误 error（默认 warning）" in r.stdout
    assert "配置 shanghai 改动 / changed by profile shanghai：级别 错误 error" in r.stdout
    row = next(ln for ln in run("rules", "--profile", "shanghai").stdout.splitlines() if "JX-C104" in ln)
    assert [c.strip() for c in row.split("│")[1:3]] == ["JX-C104", "错误 error（默认 warning）"]
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "- 配置改动 / changed by profiles：`shanghai`：级别 错误 error\n" in doc


def test_rules_unknown_code_and_bad_profile_exit_2(tmp_path: Path) -> None:
    r = run("rules", "JX-X999")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("✗ 没有规则 JX-X999 / no such rule") and "JX-C101" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [1]\n", encoding="utf-8")
    r = run("rules", "--profile", str(bad))
    assert r.returncode == 2 and "rules 应是" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- docs/rules.md


def test_rules_doc_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_reference_markdown(), "docs/rules.md is out of date: run .venv/bin/python scripts/gen_rules_doc.py"


def test_rules_doc_documents_every_rule() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (JX-[A-Z]\d{3}) ", text, re.M)
    assert headings == sorted(REGISTRY, key=lambda c: ("CQRASP".index(c[3]), c))
    for code, cls in REGISTRY.items():
        section = text.split(f'<a id="{code.lower()}"></a>', 1)[1].split("<a id=", 1)[0]
        assert "- 默认级别 / default severity：" in section
        for ex in cls.bad + cls.good:
            assert "```text\n" + ex.text.strip("\n") + "\n```" in section
