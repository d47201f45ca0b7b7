"""The Python API: ``jixiao.parse(source, name=None) -> Document``."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import errors
from .model import Document, Source, Warning
from .readers import read_bytes
from .recognize import recognize

#: Files larger than this are refused unless ``max_size`` says otherwise (bytes).
DEFAULT_MAX_SIZE = 64 * 1024 * 1024


def read_source(source: str | os.PathLike[str] | bytes, name: str | None = None, *, max_size: int = DEFAULT_MAX_SIZE) -> tuple[bytes, str | None]:
    """Load the bytes of ``source`` (a path or bytes); errors name the file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_size:
            raise errors.too_large(len(data), max_size).with_path(name)
        return data, name
    path = Path(source)
    shown = name or str(source)
    if not path.exists():
        raise errors.ReadError("not-found", "文件不存在", "no such file", "请检查路径是否正确。", path=shown)
    if path.is_dir():
        raise errors.ReadError("is-directory", "这是一个目录，不是文件", "is a directory, not a file", "请指定目录中的文件，例如 examples/*.txt。", path=shown)
    try:
        size = path.stat().st_size
        if size > max_size:
            raise errors.too_large(size, max_size).with_path(shown)
        return path.read_bytes(), shown
    except PermissionError:
        raise errors.ReadError("unreadable", "没有读取权限", "permission denied", "请检查文件权限。", path=shown) from None
    except OSError as exc:
        raise errors.ReadError("unreadable", "无法读取文件", f"cannot read the file ({exc.strerror})", path=shown) from None


def parse(source: str | os.PathLike[str] | bytes, name: str | None = None, *, max_size: int = DEFAULT_MAX_SIZE) -> Document:
    """Read one file (a path, or its bytes with an optional ``name``) into a :class:`Document`.

    Raises :class:`jixiao.errors.ReadError` with a message naming the file, the
    place and what to do, for empty, binary, undecodable, oversized or form-less input.
    """
    data, shown = read_source(source, name, max_size=max_size)
    try:
        grid = read_bytes(data)
        title, forms, warnings = recognize(grid)
    except errors.ReadError as exc:
        raise exc.with_path(shown) from None
    warnings = [Warning(code=c, message=m, line=ln) for c, m, ln in grid.warnings] + list(warnings)
    return Document(
        source=Source(path=shown, sha256=hashlib.sha256(data).hexdigest(), format=grid.format),
        title=title,
        forms=forms,
        warnings=warnings,
    )
