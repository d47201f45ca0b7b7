# jixiao — two commands on a fresh machine:
#   make demo   set up .venv, read every file in examples/ (out/*.json and a summary), store them in jixiao.db,
#               add the demo accounts and start the web workbench on http://127.0.0.1:8000/
#   make test   set up .venv, make sure PostgreSQL answers, run the whole test suite (CI runs exactly this)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# the review's modules that setup.py compiles (Cython): a change to one rebuilds, so `make test` tests what the source says
NATIVE := src/jixiao/review/rule.py src/jixiao/review/engine.py src/jixiao/review/words.py $(wildcard src/jixiao/review/rules/*.py)
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml setup.py requirements.lock scripts/system-deps.sh $(NATIVE) | cksum | cut -d' ' -f1)

.PHONY: setup demo test bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py requirements.lock scripts/system-deps.sh $(NATIVE)
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本 / Python >= 3.11 required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: setup
	@rm -rf out
	$(BIN)/jixiao parse examples/* --out out
	$(BIN)/jixiao demo examples

test: setup
	@PYTHON=$(BIN)/python bash scripts/test-postgres.sh
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis build src/jixiao/_native.json
	find src -name '*.so' -delete
