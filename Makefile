# The two commands of the README, and the few steps they are made of.
#   make site   set up .venv and build the site into _build/html (-n -W)
#   make serve  the same, served with live reload on http://127.0.0.1:8000
#   make test   set up .venv (and the browser-test tools) and run every test
#   make benchmark  this site against plain furo (README, Performance)
#   make lock   re-resolve requirements/*.txt from pyproject.toml
.DEFAULT_GOAL := site
SHELL := /bin/bash

# Sphinx 9.1+ needs Python >= 3.12; the lock is resolved for 3.12 (the Read the
# Docs version). Take python3.12 from PATH or from pyenv.
PYTHON ?= $(shell for v in 3.12 3.13; do \
	  for p in "$$(command -v python$$v)" "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/$$v*/bin/python$$v; do \
	    [ -x "$$p" ] && "$$p" -c "" 2>/dev/null && { echo "$$p"; exit; }; \
	  done; done)
VENV := .venv
BIN := $(VENV)/bin
SPHINXOPTS ?= -n -W --keep-going
OUT := _build/html

$(BIN)/.installed: requirements/dev.txt pyproject.toml
	@[ -n "$(PYTHON)" ] || { echo "error: need python3.12 or python3.13 (pyenv install 3.12)" >&2; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

.PHONY: setup site serve test browser-tools benchmark lock clean
setup: $(BIN)/.installed

site: setup
	rm -rf $(OUT)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html docs $(OUT)

serve: setup
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --watch src docs $(OUT)

test: setup browser-tools
	$(BIN)/ruff check src tests tools docs/conf.py
	$(BIN)/ruff format --check src tests tools docs/conf.py
	$(BIN)/pytest

# Chromium, Java and the npm tools of the browser tests, where missing.
browser-tools:
	@bash tools/browser-tools.sh

# The README's performance table: this site against plain furo, side by side.
LIGHTHOUSE := tools/.cache/lighthouse/node_modules/.bin/lighthouse
benchmark: setup browser-tools
	@[ -x $(LIGHTHOUSE) ] || npm install --prefix tools/.cache/lighthouse \
	  --no-audit --no-fund --ignore-scripts --loglevel=error lighthouse@12.8.2
	$(BIN)/python tools/benchmark.py

lock:
	$(BIN)/uv pip compile --quiet --python-version 3.12 --generate-hashes --universal \
	  pyproject.toml -o requirements/site.txt
	$(BIN)/uv pip compile --quiet --python-version 3.12 --generate-hashes --universal \
	  --extra test --extra dev pyproject.toml requirements/build.in -o requirements/dev.txt

clean:
	rm -rf _build $(VENV) node_modules
