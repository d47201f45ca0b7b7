"""Readers: one per input format, each producing a :class:`~jixiao.grid.Grid`.

Only extracted text (plain, tab-separated, Word one-cell-per-line, markdown pipe
tables) is read natively in this version; binary formats are recognised by their
signature and refused with a clear message instead of being parsed into garbage.
"""

from __future__ import annotations

from ..grid import Grid
from .decode import decode
from .text import read_text


def read_bytes(data: bytes) -> Grid:
    """Decode and split ``data`` into a grid. Raises :class:`jixiao.errors.ReadError`."""
    text, _encoding = decode(data)
    return read_text(text)


__all__ = ["read_bytes", "read_text", "decode"]
