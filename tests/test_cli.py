"""The command line, run as a user runs it (a subprocess): output, files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"
S002 = str(EX / "002_7f93d8ab5a9d0f21.txt")
S004 = str(EX / "004_118172d649d3c167.txt")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_parse_json_one_file_is_an_object() -> None:
    r = run("parse", S002, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "jixiao/v1"
    assert [f["project"]["name"] for f in doc["forms"]][:2] == ["绿化市容基础设施保障", "人才教育培训"]


def test_parse_json_several_files_is_an_array() -> None:
    r = run("parse", S002, S004, "--json")
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and [len(d["forms"]) for d in docs] == [5, 3]


def test_parse_table_output() -> None:
    r = run("parse", S004)
    assert r.returncode == 0
    assert "[1/3] 绩效自评表 · 2022年度 · 2022年媒体合作项目" in r.stdout
    assert "中央、省、市三级媒体合作经费" in r.stdout and "= 100 万元" in r.stdout
    assert "[level-inferred]" in r.stdout


def test_parse_out_writes_one_json_per_input_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run("parse", S002, S004, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["002_7f93d8ab5a9d0f21.json", "004_118172d649d3c167.json"]
    assert json.loads((out / "004_118172d649d3c167.json").read_text(encoding="utf-8"))["forms"][0]["funds"]["budget"] == 1000000.0
    cells = lambda line: [c.strip() for c in line.split("│")[1:-1]]  # noqa: E731
    lines = {cells(ln)[0]: cells(ln)[1:5] for ln in r.stdout.splitlines() if ln.startswith("│")}
    assert lines["002_7f93d8ab5a9d0f21.txt"] == ["5", "60", "47", "6"]
    assert lines["004_118172d649d3c167.txt"] == ["3", "18", "6", "3"]
    assert lines["合计 total"] == ["8", "78", "53", "9"]


def test_failures_are_reported_per_file_and_the_rest_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\n\x00\x01\x02")
    prose = tmp_path / "prose.txt"
    prose.write_text("只是一段话。", encoding="gbk")
    r = run("parse", str(empty), str(binary), S002, str(prose), str(tmp_path), str(tmp_path / "missing.txt"), "--json")
    assert r.returncode == 1
    docs = json.loads(r.stdout)
    assert [len(d["forms"]) for d in docs] == [5]
    err = r.stderr
    assert "Traceback" not in err
    for needle in (f"{empty}：文件为空", f"{binary}：PDF 文件已损坏", f"{prose}：未找到绩效目标表",
                   f"{tmp_path}：这是一个目录", f"{tmp_path / 'missing.txt'}：文件不存在", "5 个文件读取失败，1 个成功"):
        assert needle in err, needle


def test_schema_is_generated_from_the_models() -> None:
    r = run("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert schema["title"] == "jixiao/v1 document"
    assert set(schema["properties"]) == {"schema", "source", "title", "forms", "warnings"}
    value = schema["$defs"]["Value"]["properties"]
    assert {"raw", "op", "value", "high", "unit", "text"} <= set(value)


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == "jixiao 0.1.0"
    r = run("parse", "--help")
    assert r.returncode == 0 and "--json" in r.stdout and "--out" in r.stdout
