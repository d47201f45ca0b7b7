"""The compiled review modules (setup.py, jixiao._native): built by ``make setup``, used only while they match
their source, and giving exactly the results of the pure-Python source."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from jixiao import _native

ROOT = Path(__file__).resolve().parent.parent


def _setup_modules() -> list[str]:
    """NATIVE_MODULES as setup.py lists it (read, not imported: importing setup.py runs the build)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["NATIVE_MODULES"]:
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no NATIVE_MODULES")


def _run(code: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != _native.PURE_ENV} | env
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return r.stdout


STATUS = ("import jixiao.review.engine, jixiao.review.rules, json, jixiao._native as n; "
          "print(json.dumps(n.status()))")


def test_make_setup_compiled_every_listed_module_from_its_current_source():
    modules = _setup_modules()
    assert sorted(modules) == sorted(_native.built()), "make setup 未编译全部模块（需要 C 编译器）/ run make setup with gcc"
    assert _native.stale(_native.built()) == set(), "源码改过而未重新编译 / source changed: run make setup"
    assert json.loads(_run(STATUS)) == dict.fromkeys(sorted(modules), True)


def test_pure_python_mode_imports_every_module_from_source():
    assert json.loads(_run(STATUS, JIXIAO_PURE_PYTHON="1")) == dict.fromkeys(sorted(_setup_modules()), False)
    assert json.loads(_run(STATUS, JIXIAO_PURE_PYTHON="0")) == dict.fromkeys(sorted(_setup_modules()), True)


def test_a_module_whose_source_changed_since_the_build_is_stale():
    module = "jixiao.review.words"
    digest = hashlib.sha256(_native.source_of(module).read_bytes()).hexdigest()
    assert _native.source_of(module) == ROOT / "src/jixiao/review/words.py"
    assert _native.stale({module: digest}) == set()
    assert _native.stale({module: "0" * 64}) == {module}  # edited after the build
    assert _native.stale({"jixiao.review.gone": digest}) == {"jixiao.review.gone"}  # source removed
    assert _native.stale({module: digest}, pure=True) == {module}
    assert _native.stale({module: None}) == {module}  # its build failed: a module left by an earlier build is not used


def test_the_source_first_finder_imports_a_stale_module_from_its_py_file():
    code = ("import sys, json; from jixiao import _native; sys.meta_path.insert(0, _native.SourceFirst({'jixiao.review.words'})); "
            "import jixiao.review.words as w, jixiao.review.rule as r; print(json.dumps([w.__file__, r.__file__]))")
    words, rule = json.loads(_run(code))
    assert words == str(ROOT / "src/jixiao/review/words.py")
    assert rule.endswith(".so")  # the others still run compiled


def test_compiled_and_pure_python_reviews_are_identical():
    """Every example form and every rule's bad and good example reviewed, as JSON, by both builds: the same bytes."""
    code = ("import sys, jixiao; from pathlib import Path; from jixiao.review import REGISTRY, review_form; "
            "from jixiao.review.examples import form_of; "
            "[sys.stdout.write(review_form(f, i).model_dump_json() + '\\n') "
            "for p in sorted(Path('examples').glob('*')) for i, f in enumerate(jixiao.parse(p).forms)]; "
            "[sys.stdout.write(review_form(form_of(e)).model_dump_json() + '\\n') "
            "for code, rule in sorted(REGISTRY.items()) for e in rule.bad + rule.good]")
    compiled, pure = _run(code), _run(code, JIXIAO_PURE_PYTHON="1")
    lines = compiled.splitlines()
    assert len(lines) > 24 + 2 * 55  # 1 + 10 + 5 + 5 + 3 forms in the five examples; 55 rules, a bad and a good example each at least
    assert sum(len(json.loads(line)["findings"]) for line in lines[:24]) > 100
    assert compiled == pure


def test_without_a_readable_build_record_no_extension_module_is_trusted(monkeypatch, tmp_path):
    expected = dict.fromkeys(sorted(_setup_modules()))  # every module make setup compiled, of unknown age
    monkeypatch.setattr(_native, "MANIFEST", tmp_path / "missing.json")
    assert _native.built() == expected
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"jixiao.review.rule": "ab', encoding="utf-8")
    monkeypatch.setattr(_native, "MANIFEST", damaged)
    assert _native.built() == expected
    assert _native.stale(_native.built()) == set(expected)
