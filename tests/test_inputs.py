"""Encodings and bad input: every failure is a ReadError naming the file and what to do."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import jixiao
from jixiao.errors import ReadError

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "examples" / "002_7f93d8ab5a9d0f21.txt").read_text(encoding="utf-8")
NAMES = ["绿化市容基础设施保障", "人才教育培训", "信息化建设项目", "行业科普管理", "绿化市容行业宣传工作管理"]


def names(doc: jixiao.Document) -> list[str | None]:
    return [f.project.name for f in doc.forms]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("gbk"),
        lambda s: s.encode("gb18030"),
        lambda s: s.encode("utf-16"),
        lambda s: s.replace("\n", "\r\n").encode("gbk"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "gbk-crlf", "utf8-crlf"],
)
def test_encodings_and_line_ends_read_the_same(encode) -> None:
    doc = jixiao.parse(encode(SEED), name="x.txt")
    assert names(doc) == NAMES
    assert [len(f.indicators) for f in doc.forms] == [12, 14, 6, 8, 20]
    assert doc.forms[0].indicators[3].target.raw == "<3.00 (%)"


def test_full_width_digits_become_digits() -> None:
    text = SEED.replace("1,552,500.00", "１,５５２,５００.００").replace("<3.00 (%)", "＜３.００（%）")
    form = jixiao.parse(text.encode("utf-8"), name="x.txt").forms[0]
    assert form.funds.annual == 1552500.0
    t = form.indicators[3].target
    assert (t.raw, t.op, t.value, t.unit) == ("＜3.00（%）", "<", 3.0, "%")


def test_parse_path_and_bytes_agree() -> None:
    path = ROOT / "examples" / "002_7f93d8ab5a9d0f21.txt"
    a = jixiao.parse(path)
    b = jixiao.parse(path.read_bytes(), name=str(path))
    assert a.to_json_dict() == b.to_json_dict()
    assert a.source.path == str(path) and a.source.format == "text" and len(a.source.sha256) == 64


@pytest.mark.parametrize(
    ("data", "code", "zh"),
    [
        (b"", "empty-file", "文件为空"),
        (b"  \r\n\t\n", "empty-file", "文件为空"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "corrupt", "PDF 文件已损坏"),
        (b"PK\x03\x04\x14\x00\x06\x00", "corrupt", "压缩文件已损坏（DOCX/XLSX 无法打开）"),
        (bytes(range(256)) * 4, "binary-file", "不是文本文件"),
        ("这是一段普通的文字，没有任何表格。\n第二行。".encode("utf-8"), "no-form", "未找到绩效目标表或绩效自评表"),
        ("这是一段普通的文字，没有任何表格。".encode("gbk"), "no-form", "未找到绩效目标表或绩效自评表"),
    ],
    ids=["empty", "whitespace", "pdf", "zip", "bytes", "prose", "prose-gbk"],
)
def test_bad_input_is_a_clear_error(data: bytes, code: str, zh: str) -> None:
    with pytest.raises(ReadError) as info:
        jixiao.parse(data, name="bad.txt")
    err = info.value
    assert err.code == code
    assert err.message.startswith(f"bad.txt：{zh}")
    assert " / " in err.message  # English follows the Chinese


def test_undecodable_bytes() -> None:
    data = b"\x80\x81\xfe\xff" * 200 + b"\xc3"
    with pytest.raises(ReadError) as info:
        jixiao.parse(data, name="odd.txt")
    assert info.value.code in ("undecodable", "binary-file", "no-form")
    assert info.value.message.startswith("odd.txt：")


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        jixiao.parse(tmp_path / "nope.txt")
    assert info.value.code == "not-found" and "文件不存在" in info.value.message
    with pytest.raises(ReadError) as info:
        jixiao.parse(tmp_path)
    assert info.value.code == "is-directory"


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 2048)
    with pytest.raises(ReadError) as info:
        jixiao.parse(p, max_size=1024)
    assert info.value.code == "too-large" and "文件过大" in info.value.message


def test_truncated_table_keeps_what_was_printed() -> None:
    """A file cut in the middle of the indicator table: the rows before the cut are read."""
    cut = SEED[: SEED.index("\t\t质量指标")]
    doc = jixiao.parse(cut.encode("utf-8"), name="cut.txt")
    assert names(doc) == NAMES[:1]
    assert [i.name for i in doc.forms[0].indicators] == ["门禁、视频系统设备巡查", "展示中心设备巡查频率", "会议室会务设备巡查"]


def test_header_without_table_warns() -> None:
    head = SEED.split("\t一级指标")[0]
    doc = jixiao.parse(head.encode("utf-8"), name="h.txt")
    assert [w.code for w in doc.forms[0].warnings] == ["no-indicators"]
