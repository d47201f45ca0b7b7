"""Bytes -> text: encoding detection for the files departments actually publish.

Order: BOMs (UTF-8, UTF-16/32), strict UTF-8, strict GB18030 (a superset of GBK and
GB2312, the usual encoding of a Chinese office's exports), then charset-normalizer
for the rest (Big5, UTF-16 without BOM …). Files with NUL bytes or other binary
signatures are refused as binary, never decoded into garbage.
"""

from __future__ import annotations

import codecs

from .. import errors

_MAGIC = [
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/DOCX/XLSX"),
    (b"\xd0\xcf\x11\xe0", "DOC/XLS"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x7fELF", "ELF"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
]


def sniff_binary(data: bytes) -> str | None:
    """Name of a binary format recognised by its magic bytes, else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding name). Raises ReadError."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise errors.empty_file()
    kind = sniff_binary(data)
    if kind:
        raise errors.binary_file(kind)
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise errors.undecodable(f"{enc}: byte {exc.start}") from None
    head = data[:65536]
    if b"\x00" in head:
        # UTF-16 without BOM has NULs on every other byte; anything else is binary
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 50:
            enc = "utf-16-le" if odd > even else "utf-16-be"
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
        raise errors.binary_file()
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and _implausible_cjk(text):
            break
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1 << 20]).best()
    if best is None or best.encoding is None:
        raise errors.undecodable()
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise errors.undecodable(best.encoding) from None


def _implausible_cjk(text: str) -> bool:
    """GB18030 decodes almost any byte soup; reject text that is mostly rare glyphs."""
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    rare = sum(1 for ch in sample if 0x3400 <= ord(ch) <= 0x4DBF or 0xE000 <= ord(ch) <= 0xF8FF or 0x20000 <= ord(ch))
    return controls > len(sample) // 20 or rare > len(sample) // 10
