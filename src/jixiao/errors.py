"""Errors a user sees: which file, where, what happened, and what to do.

Every failure jixiao reports is a :class:`ReadError` with a stable ``code``, a
Chinese message with English after it, and a hint. The CLI prints these; it never
prints a traceback for bad input.
"""

from __future__ import annotations


class JixiaoError(Exception):
    """Base class of jixiao's own errors."""


class ReadError(JixiaoError):
    """A file could not be read into a document."""

    def __init__(self, code: str, zh: str, en: str, hint: str = "", *, path: str | None = None, where: str | None = None):
        self.code = code
        self.zh = zh
        self.en = en
        self.hint = hint
        self.path = path
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        loc = ""
        if self.path:
            loc = f"{self.path}"
            if self.where:
                loc += f"（{self.where}）"
            loc += "："
        text = f"{loc}{self.zh} / {self.en}"
        if self.hint:
            text += f"。{self.hint}"
        return text

    def with_path(self, path: str | None) -> "ReadError":
        if path and not self.path:
            self.path = path
        return self


def empty_file() -> ReadError:
    return ReadError("empty-file", "文件为空", "the file is empty", "请检查导出或下载是否完整。")


def binary_file(kind: str = "") -> ReadError:
    what = f"（看起来是 {kind}）" if kind else ""
    return ReadError(
        "binary-file",
        f"不是文本文件{what}",
        f"not a text file{f' ({kind})' if kind else ''}",
        "支持的格式：文本（UTF-8/GBK）、带文字层的 PDF、Word（DOCX/DOC）、Excel（XLSX/XLS）、HTML、Markdown。",
    )


def undecodable(detail: str = "") -> ReadError:
    return ReadError(
        "undecodable",
        "无法识别文件编码",
        f"cannot decode the text{f' ({detail})' if detail else ''}",
        "请另存为 UTF-8 或 GB18030/GBK 编码的文本后重试。",
    )


def no_form() -> ReadError:
    return ReadError(
        "no-form",
        "未找到绩效目标表或绩效自评表",
        "no 绩效目标表 / 绩效自评表 found in this text",
        "请确认文件包含「项目名称」与三级指标表（一级指标/二级指标/三级指标/指标值）。",
    )


def too_large(size: int, limit: int) -> ReadError:
    return ReadError(
        "too-large",
        f"文件过大（{size / 1048576:.1f} MiB，上限 {limit / 1048576:.0f} MiB）",
        f"file too large ({size} bytes, limit {limit})",
        "请拆分文件，或用 --max-size 提高上限。",
    )
