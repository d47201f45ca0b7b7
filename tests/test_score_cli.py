"""``jixiao score`` and ``jixiao template actuals`` as a user runs them (a subprocess).

Every expected score is computed by hand from the printed form (the arithmetic is in the
comments), not taken from the program's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import jixiao

ROOT = Path(__file__).resolve().parent.parent
S03 = ROOT / "tests" / "samples" / "s03_zhejiang_selfeval_10hao.txt"
S004 = ROOT / "examples" / "004_118172d649d3c167.txt"

# a small declaration: 产出 two rows, 效益 one, 满意度 one; 100万元
DECLARATION = """财政项目支出绩效目标申报表
(2024年度)
项目名称\t社区读书会
主管部门\t某某区文化局
实施单位\t某某区图书馆
计划开始日期\t2024-01-01
计划完成日期\t2024-12-31
年度资金申请总额（万元）\t100.00
其中：当年财政拨款（万元）\t100.00
年度总体目标\t举办读书会200场，提升居民阅读参与度。
一级指标\t二级指标\t三级指标\t年度指标值
产出指标\t数量指标\t读书会举办场次\t≥200场
产出指标\t质量指标\t活动记录完整率\t=100%
效益指标\t社会效益指标\t居民阅读参与度\t显著提升
满意度指标\t服务对象满意度指标\t参与居民满意度\t≥90%
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_score_10hao_sample_as_json_matches_the_printed_scores():
    r = run("score", str(S03), "--format", "json")
    assert r.returncode == 0, r.stderr
    form = json.loads(r.stdout)["forms"][0]
    ev = form["evaluation"]
    # execution 456/480 = 95% -> 9.50; 水质检测 1420/1500×10 = 9.47; the rest full: 9.5+20+9.47+10+10+15+15+10
    assert (ev["method"], ev["total"], ev["grade"], ev["complete"]) == ("mof-2020", 98.97, "优", True)
    assert (ev["execution"]["rate"], ev["execution"]["score"]) == (0.95, 9.5)
    assert [s["score"] for s in ev["indicators"]] == [20.0, 9.47, 10.0, 10.0, 15.0, 15.0, 10.0]
    assert ev["checks"] == []
    assert [i["score"] for i in form["indicators"]] == [20.0, 9.47, 10.0, 10.0, 15.0, 15.0, 10.0]  # as printed


def test_score_seed_004_reports_the_unknown_wording_and_exits_1():
    r = run("score", str(S004), "--format", "json")
    assert r.returncode == 1
    ev = json.loads(r.stdout)["forms"][0]["evaluation"]
    # 16/100 -> 16% -> 1.60; 产出 4 rows × 12.5, the 成本 row 「未支付完成」 unscored; 效益 30, 满意度 10
    assert (ev["execution"]["score"], ev["total"], ev["complete"], ev["grade"]) == (1.6, 79.1, False, None)
    assert ev["indicators"][3]["score"] is None
    assert "未支付完成" in ev["indicators"][3]["problem"]
    assert "评分未完成" in r.stderr


def test_template_fill_score_round_trip(tmp_path: Path):
    decl = tmp_path / "读书会.txt"
    decl.write_text(DECLARATION, encoding="utf-8")
    r = run("template", "actuals", str(decl), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    book = tmp_path / "读书会-实际完成值.xlsx"
    assert book.exists()
    wb = openpyxl.load_workbook(book)
    ws = wb["指标实际完成值"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    fills = {  # 三级指标 -> (实际完成值, 完成等级, 偏差原因)
        "读书会举办场次": ("180场", None, "场地改造，停办两个月"),
        "活动记录完整率": ("100%", None, None),
        "居民阅读参与度": ("参与人次较上年增加", "部分达成年度指标并具有一定效果", "宣传不足"),
        "参与居民满意度": ("95%", None, None),
    }
    for row in range(2, ws.max_row + 1):
        name = ws.cell(row, col["三级指标"]).value
        if name in fills:
            actual, grade, reason = fills[name]
            ws.cell(row, col["实际完成值"]).value = actual
            ws.cell(row, col["完成等级"]).value = grade
            ws.cell(row, col["偏差原因分析及改进措施"]).value = reason
    fs = wb["预算执行"]
    fh = [c.value for c in fs[1]]
    fs.cell(2, fh.index("预算数") + 1).value = 100
    fs.cell(2, fh.index("执行数") + 1).value = 95
    wb.save(book)

    r = run("score", str(decl), "--actuals", str(book), "--format", "json")
    assert r.returncode == 0, r.stderr
    form = json.loads(r.stdout)["forms"][0]
    ev = form["evaluation"]
    # weights: 产出 50 split 25/25, 效益 30, 满意度 10, 执行 10
    # 180/200×25 = 22.50; 100% = 25; 部分达成 band top 80% × 30 = 24; 95 ≥ 90 -> 10; 95/100 -> 9.50
    assert [(s["weight"], s["score"]) for s in ev["indicators"]] == [(25.0, 22.5), (25.0, 25.0), (30.0, 24.0), (10.0, 10.0)]
    assert (ev["execution"]["score"], ev["total"], ev["grade"], ev["complete"]) == (9.5, 91.0, "优", True)
    assert form["kind"] == "self_evaluation"
    assert form["indicators"][0]["deviation_reason"] == "场地改造，停办两个月"
    assert (form["funds"]["budget"], form["funds"]["executed"]) == (1000000.0, 950000.0)

    # and the 自评表 in the official layout carries the method's 分值/得分, the total and the grade
    r = run("score", str(decl), "--actuals", str(book), "--format", "xlsx", "--out", str(tmp_path / "自评表.xlsx"))
    assert r.returncode == 0, r.stderr
    back = jixiao.parse(tmp_path / "自评表.xlsx").forms[0]
    assert [(i.name, i.weight, i.score) for i in back.indicators] == [
        ("读书会举办场次", 25.0, 22.5), ("活动记录完整率", 25.0, 25.0), ("居民阅读参与度", 30.0, 24.0), ("参与居民满意度", 10.0, 10.0)]
    extra = back.project.extra
    assert (extra["预算执行分值"], extra["预算执行率"], extra["预算执行得分"]) == ("10", "95.00%", "9.50")
    assert (extra["总分值"], extra["总得分"], extra["自评等级"]) == ("100", "91.00", "优")


def test_a_malformed_actuals_sheet_scores_nothing(tmp_path: Path):
    decl = tmp_path / "读书会.txt"
    decl.write_text(DECLARATION, encoding="utf-8")
    book = tmp_path / "a.xlsx"
    assert run("template", "actuals", str(decl), "--out", str(book)).returncode == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["指标实际完成值"]
    header = [c.value for c in ws[1]]
    ws.cell(3, header.index("得分（可选）") + 1).value = "九十"
    wb.save(book)
    r = run("score", str(decl), "--actuals", str(book), "--format", "json")
    assert r.returncode == 1
    assert r.stdout == ""
    assert "「指标实际完成值」第3行「得分（可选）」应为数字，读到「九十」" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary"])
def test_score_and_template_bad_input_give_one_clear_line(tmp_path: Path, content: bytes):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    for args in (("score", str(bad)), ("template", "actuals", str(bad))):
        r = run(*args, cwd=tmp_path)
        assert r.returncode == 1
        assert str(bad) in r.stderr and "Traceback" not in r.stderr


def test_scored_docx_reads_back_with_scores_total_and_grade(tmp_path: Path):
    out = tmp_path / "s03-自评.docx"
    r = run("score", str(S03), "--format", "docx", "--out", str(out))
    assert r.returncode == 0, r.stderr
    back = jixiao.parse(out).forms[0]
    assert [(i.weight, i.score) for i in back.indicators] == [(20.0, 20.0), (10.0, 9.47), (10.0, 10.0), (10.0, 10.0),
                                                             (15.0, 15.0), (15.0, 15.0), (10.0, 10.0)]
    extra = back.project.extra
    assert (extra["预算执行得分"], extra["总分值"], extra["总得分"], extra["自评等级"]) == ("9.50", "100", "98.97", "优")
    assert back.indicators[1].deviation_reason == "部分偏远山区村检测延后，下年度优先安排"
