"""Build step beyond pyproject.toml: the review's hot modules compiled with Cython.

The review runs ~55 small rules over every form; in pure Python most of its time is the
interpreter's own dispatch. Cython compiles these unchanged Python modules to C extensions
(no Cython-only syntax: the ``.py`` files stay the source of truth and run as they are
wherever no compiled module is present). The compiled modules land beside their sources
(``pip install -e .``, what ``make setup`` runs) and the SHA-256 of each compiled source is
recorded in ``src/jixiao/_native.json``; :mod:`jixiao._native` imports a compiled module only
while its source is unchanged, so an edit not yet rebuilt runs as Python, never stale.

A machine without a C compiler still installs: the extensions are optional and jixiao then
runs as pure Python (slower, same results; ``tests/test_native.py`` compares the two).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# what the review benchmark spends its time in (bench/review.py); each listed module is plain Python
NATIVE_MODULES = [
    "jixiao.review.rule",
    "jixiao.review.engine",
    "jixiao.review.words",
    "jixiao.review.rules._util",
    "jixiao.review.rules.completeness",
    "jixiao.review.rules.quantification",
    "jixiao.review.rules.relevance",
    "jixiao.review.rules.appropriateness",
    "jixiao.review.rules.selfeval",
]
MANIFEST = "_native.json"


def _source(module: str) -> Path:
    return Path("src", *module.split(".")).with_suffix(".py")


class BuildExtRecorded(build_ext):
    """build_ext that records which sources the built extensions were compiled from: each module's SHA-256,
    or null where its build failed (no C compiler, say), so that a module built earlier and left beside
    its source is not used either."""

    def run(self) -> None:
        self._built: set[str] = set()
        super().run()
        built = {}
        for ext in self.extensions:
            ok = ext.name in self._built and os.path.exists(self.get_ext_fullpath(ext.name))
            built[ext.name] = hashlib.sha256(_source(ext.name).read_bytes()).hexdigest() if ok else None
        package_dir = Path(self.get_ext_fullpath("jixiao.x")).parent
        (package_dir / MANIFEST).write_text(json.dumps(built, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def build_extension(self, ext) -> None:
        super().build_extension(ext)  # raises when it fails; build_ext skips an optional one and goes on
        self._built.add(ext.name)


extensions = cythonize(
    [Extension(name, [str(_source(name))], extra_compile_args=["-g0"]) for name in NATIVE_MODULES],  # -g0: 10x smaller
    build_dir="build/cython",  # the generated C, out of src/
    # plain Python semantics: annotations are not C types, functions keep their introspection
    compiler_directives={"language_level": 3, "annotation_typing": False, "binding": True},
    quiet=True,
    nthreads=os.cpu_count() or 1,
)
for ext in extensions:
    ext.optional = True  # a failed C build skips the module (it then runs as Python); cythonize drops the flag

setup(
    ext_modules=extensions,
    cmdclass={"build_ext": BuildExtRecorded},
    options={"build_ext": {"parallel": os.cpu_count() or 1}},
)
