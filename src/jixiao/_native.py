"""Which modules run compiled: a compiled module is used only while it matches its source.

``make setup`` compiles the review's hot modules with Cython (``setup.py``: the same ``.py``
files, no Cython-only code) and records the SHA-256 of every source it compiled in
``_native.json``. Python imports an extension module beside a ``.py`` of the same name first,
so after an edit a stale build would run instead of the edited source. :func:`install` (run
when :mod:`jixiao` is imported, before any of these modules) puts a finder first on
``sys.meta_path`` that imports the source of every compiled module whose source has changed
since it was built, or of all of them when ``JIXIAO_PURE_PYTHON=1`` is set (to debug, or to
compare). ``make setup`` / ``make test`` rebuild when a compiled source changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_native.json"
PURE_ENV = "JIXIAO_PURE_PYTHON"


def source_of(module: str) -> Path:
    """``jixiao.review.rule`` -> ``…/jixiao/review/rule.py``."""
    return PACKAGE_DIR.parent.joinpath(*module.split(".")).with_suffix(".py")


def built() -> dict[str, str | None]:
    """The modules setup.py compiles and the SHA-256 of the source each was compiled from, None where its
    build failed. Without a readable record (deleted or damaged by hand) every extension module found beside
    its source is listed with None: of unknown age, it is not used."""
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict.fromkeys(_extensions_beside_sources())


def _extensions_beside_sources() -> list[str]:
    found = []
    for suffix in EXTENSION_SUFFIXES:
        for path in PACKAGE_DIR.rglob("*" + suffix):
            if path.with_name(path.name[: -len(suffix)] + ".py").exists():
                found.append(".".join(path.relative_to(PACKAGE_DIR.parent).with_name(path.name[: -len(suffix)]).parts))
    return sorted(found)


def pure_requested() -> bool:
    """``JIXIAO_PURE_PYTHON`` is set to anything but "" or "0"."""
    return os.environ.get(PURE_ENV, "") not in ("", "0")


def stale(manifest: dict[str, str | None], pure: bool = False) -> set[str]:
    """The compiled modules that must be imported from source: every one when ``pure``, else those whose
    source is no longer what was compiled (or is gone), and those whose build failed (an extension module
    an earlier build left beside the source is not what the source says either)."""
    if pure:
        return set(manifest)
    out = set()
    for module, digest in manifest.items():
        if digest is None:
            out.add(module)
            continue
        try:
            now = hashlib.sha256(source_of(module).read_bytes()).hexdigest()
        except OSError:
            now = None
        if now != digest:
            out.add(module)
    return out


class SourceFirst(MetaPathFinder):
    """Imports the listed modules from their ``.py`` source, never from an extension module beside it."""

    def __init__(self, modules: set[str]) -> None:
        self.modules = modules

    def find_spec(self, fullname: str, path=None, target=None) -> ModuleSpec | None:
        if fullname not in self.modules:
            return None
        return importlib.util.spec_from_file_location(fullname, source_of(fullname))


def install() -> None:
    """Put the :class:`SourceFirst` finder in place (once) for the modules that must run as source."""
    if any(isinstance(f, SourceFirst) for f in sys.meta_path):
        return
    modules = stale(built(), pure=pure_requested())
    if modules:
        sys.meta_path.insert(0, SourceFirst(modules))


def status() -> dict[str, bool]:
    """Each module setup.py compiles that is imported now: True when it runs compiled."""
    return {name: not str(getattr(sys.modules[name], "__file__", "")).endswith(".py")
            for name in sorted(built()) if name in sys.modules}
