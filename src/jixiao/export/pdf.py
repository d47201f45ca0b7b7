"""PDF export: the Word export converted by LibreOffice (``soffice --headless``).

The docx is written to a temporary folder and converted there with its own LibreOffice
user profile (``-env:UserInstallation``), so parallel exports do not clash over one
profile. ``soffice`` is found on ``PATH`` (or at ``$JIXIAO_SOFFICE``); where it is missing
the export raises :func:`jixiao.export.needs_libreoffice` (code ``needs-libreoffice``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..model import Document
from . import conversion_failed, needs_libreoffice
from .docx import DEFAULT_FONT, write_docx

CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "Source Han Sans SC", "SimSun", "宋体",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN")


def find_soffice() -> str | None:
    """The LibreOffice command, or None."""
    env = os.environ.get("JIXIAO_SOFFICE")
    if env:
        return env if (os.path.isfile(env) and os.access(env, os.X_OK)) else shutil.which(env)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """A CJK font this machine has (fontconfig), so the PDF embeds real glyphs; else 宋体."""
    fc = shutil.which("fc-list")
    if not fc:
        return DEFAULT_FONT
    try:
        out = subprocess.run([fc, ":lang=zh-cn", "family"], check=False, capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return DEFAULT_FONT
    families = {name.strip() for line in out.splitlines() for name in line.split(",")}
    return next((f for f in CJK_FONTS if f in families), DEFAULT_FONT)


def docx_to_pdf(docx_path: Path, out_dir: Path, *, timeout: float = 120.0) -> Path:
    """Convert one .docx with LibreOffice; returns the PDF path in ``out_dir``."""
    soffice = find_soffice()
    if soffice is None:
        raise needs_libreoffice()
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path),
        ]
        env = dict(os.environ, HOME=profile)  # LibreOffice writes under $HOME too
        try:
            proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise conversion_failed(f"timed out after {timeout:.0f} s") from None
        except OSError as exc:
            raise conversion_failed(exc.strerror or str(exc)) from None
    pdf = out_dir / (docx_path.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()
        raise conversion_failed(f"exit {proc.returncode}" + (f": {detail[-1]}" if detail else ""))
    return pdf


def write_pdf(doc: Document, path: str | os.PathLike[str], *, timeout: float = 120.0) -> Path:
    if find_soffice() is None:
        raise needs_libreoffice()
    out = Path(path)
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        src = Path(tmp) / "form.docx"
        write_docx(doc, src, font=cjk_font(), for_pdf=True)
        pdf = docx_to_pdf(src, Path(tmp), timeout=timeout)
        shutil.copyfile(pdf, out)
    return out
