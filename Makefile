# The two commands of the README, and the few steps they are made of.
#   make site   set up .venv and build the site into _build/html (-n -W)
#   make serve  both editions, rebuilt on every save and served with live
#               reload on http://127.0.0.1:8000 (/zh/ too); PORT=8001 for another
#   make citations  refresh docs/data/citations.yaml (SCHOLAR_JSON=path or URL)
#   make test   set up .venv (and the browser-test tools) and run every test
#   make check  the quick tier: every test but the browser, fuzz and slow ones
#   make format fix and format the code with ruff (what a failed lint asks for)
#   make benchmark  this site against plain furo (handbook/benchmark.md)
#   make lock   re-resolve requirements/*.txt from pyproject.toml
#   make translations  update the zh_CN catalogs from the pages and the extension
#   make linkcheck  check every external link of both editions (needs the network)
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

# The new environment is built beside the old one (.venv.new) and swapped in
# only once it is installed: a failed or offline install leaves .venv working.
# venv writes its own path into its scripts, so the swap rewrites that path.
NEW := $(VENV).new
$(BIN)/.installed: requirements/dev.txt pyproject.toml
	@[ -n "$(PYTHON)" ] || { echo "error: need python3.12 or python3.13 (pyenv install 3.12)" >&2; exit 1; }
	rm -rf $(NEW)
	$(PYTHON) -m venv $(NEW)
	$(NEW)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	$(NEW)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	grep -rlI -- "$(CURDIR)/$(NEW)" $(NEW)/bin $(NEW)/pyvenv.cfg | xargs sed -i "s|$(CURDIR)/$(NEW)|$(CURDIR)/$(VENV)|g"
	rm -rf $(VENV).old; [ ! -e $(VENV) ] || mv $(VENV) $(VENV).old
	mv $(NEW) $(VENV) && rm -rf $(VENV).old
	touch $@

.PHONY: setup site serve serve-translations test check lint format browser-tools benchmark lock clean translations citations linkcheck
setup: $(BIN)/.installed

# The translations conf.py's homepage_editions names, one "<language> <path>"
# a line (none for a one-language site); each is built into its path.
EDITIONS = set -o pipefail; $(BIN)/homepage-editions docs | while read -r lang path; do
site: setup
	rm -rf $(OUT)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html docs $(OUT)
	$(EDITIONS) $(BIN)/sphinx-build $(SPHINXOPTS) -b html -D language=$$lang docs $(OUT)/$$path || exit; done

# Every external link of both editions, on the network (never in `make site`
# or `make test`); conf.py says which hosts are left out and why. The report
# is _build/linkcheck/output.txt (and zh/); a broken link fails the target.
linkcheck: setup
	$(BIN)/sphinx-build $(SPHINXOPTS) -b linkcheck docs _build/linkcheck
	$(EDITIONS) $(BIN)/sphinx-build $(SPHINXOPTS) -b linkcheck -D language=$$lang docs _build/linkcheck/$$path || exit; done

# Every edition: sphinx-autobuild rebuilds the root one and, after each
# build, the translations into their paths ($(OUT)/zh), so /zh/ is never stale.
# The port is checked first, so a port in use is one clear line, not a traceback.
PORT ?= 8000
serve: setup
	@$(BIN)/python -c "import socket; socket.create_server(('127.0.0.1', $(PORT))).close()" 2>/dev/null \
	  || { echo "error: port $(PORT) is in use (another make serve?); try: make serve PORT=$$(( $(PORT) + 1 ))" >&2; exit 1; }
	$(EDITIONS) rm -rf $(OUT)/$$path; done
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) --port $(PORT) --watch src \
	  --ignore "*/locales/*.mo" --post-build "$(MAKE) --no-print-directory serve-translations" docs $(OUT)

serve-translations:
	@$(EDITIONS) $(BIN)/sphinx-build -q $(SPHINXOPTS) -b html -D language=$$lang -d _build/doctrees-$$lang docs $(OUT)/$$path || exit; done

# The refresh of handbook/citations.md: SCHOLAR_JSON (a path or URL of gs_data.json) or
# OPENALEX_ID; ARGS for more (--dry-run, --force).
citations: setup
	@[ -n "$(SCHOLAR_JSON)$(OPENALEX_ID)" ] || { echo "error: set SCHOLAR_JSON=gs_data.json (or OPENALEX_ID=A...)" >&2; exit 2; }
	$(BIN)/homepage-citations $(if $(SCHOLAR_JSON),--scholar-json "$(SCHOLAR_JSON)",--openalex "$(OPENALEX_ID)") $(ARGS)

# The tiers (handbook/tests.md), on every core (pytest-xdist; a module's tests
# stay on one worker, so a module's shared build is made once). Lint covers
# the code the project writes, not the owner's docs/conf.py; when it fails,
# one line says what to run.
PYTEST := $(BIN)/pytest -n auto --dist loadgroup
LINTED := src tests tools
lint: setup
	@$(BIN)/ruff check --quiet $(LINTED) && $(BIN)/ruff format --quiet --check $(LINTED) \
	  || { echo "lint failed: run \`make format\` (ruff fixes and formats the code), then again" >&2; exit 1; }

format: setup
	$(BIN)/ruff check --quiet --fix $(LINTED) docs/conf.py
	$(BIN)/ruff format --quiet $(LINTED) docs/conf.py

# Everything but the browser, fuzz and slow tiers: the quick check while editing.
check: lint
	$(PYTEST) -m "not browser and not fuzz and not slow"

# Every test (what .ci/run calls).
test: lint browser-tools
	$(PYTEST)

# Chromium, Java and the npm tools of the browser tests, where missing.
browser-tools:
	@bash tools/browser-tools.sh

# The performance tables (handbook/benchmark.md): this site against plain furo, side by side
# (tools/benchmark.py). SCALE: the numbers of papers of the scale table;
# REPEAT: runs per timing (the median counts); PAGES: the pages measured as
# served ("all" for every page); ADDONS: Read the Docs' readthedocs-addons.js,
# to measure the site as Read the Docs serves it too (not measured without).
LIGHTHOUSE := tools/.cache/lighthouse/node_modules/.bin/lighthouse
SCALE ?= 6 200 800
REPEAT ?= 3
PAGES ?= index.html publications.html
ADDONS ?=
# The tables are written to the handbook (and printed), only when the run ends well.
BENCHMARK_OUT := handbook/benchmark.md
benchmark: setup browser-tools
	@[ -x $(LIGHTHOUSE) ] || npm install --prefix tools/.cache/lighthouse \
	  --no-audit --no-fund --ignore-scripts --loglevel=error lighthouse@12.8.2
	set -o pipefail; $(BIN)/python tools/benchmark.py --scale "$(SCALE)" --repeat "$(REPEAT)" \
	  --pages "$(PAGES)" $(if $(ADDONS),--addons "$(ADDONS)") $(if $(NEWS),--news "$(NEWS)") \
	  --command 'make benchmark SCALE="$(SCALE)" REPEAT=$(REPEAT) PAGES="$(PAGES)"$(if $(ADDONS), ADDONS=$(ADDONS))$(if $(NEWS), NEWS="$(NEWS)")' \
	  | tee $(BENCHMARK_OUT).new && mv $(BENCHMARK_OUT).new $(BENCHMARK_OUT)

lock:
	$(BIN)/uv pip compile --quiet --python-version 3.12 --generate-hashes --universal \
	  pyproject.toml -o requirements/site.txt
	$(BIN)/uv pip compile --quiet --python-version 3.12 --generate-hashes --universal \
	  --extra test --extra dev pyproject.toml requirements/build.in -o requirements/dev.txt

# Translations (handbook/translations.md): extract the messages of the pages (Sphinx's
# gettext builder), of the theme's and the site's templates, and of the
# extension's Python code (Babel) into .pot files under _build/gettext; merge
# them into each language's .po catalogs (new messages come in empty, changed
# ones fuzzy); move the catalog of a renamed page to its new name (a page
# that is gone keeps its translated catalog: tools/move_catalogs.py); and
# report what is left to translate (sphinx-intl stat exits non-zero while anything is, which
# is not a failure: its own lines say what is left, without make's "Error 1").
LANGUAGES = $(shell $(BIN)/homepage-editions docs | cut -d" " -f1)
POT := _build/gettext
# The site's name is conf.py's `project`, read from there (defined once).
PROJECT = $(shell $(BIN)/python -c "import runpy; print(runpy.run_path('docs/conf.py')['project'])")
# The interface strings (sphinx.po) come from the theme's templates and the
# site's own (Sphinx's gettext builder reads only the site's).
THEME_TEMPLATES = $(shell $(BIN)/python -c "from academic_site.site.i18n import theme_template_dirs; \
	print(*theme_template_dirs())")
translations: setup
	rm -rf $(POT)
	$(BIN)/sphinx-build -q -b gettext docs $(POT)/docs
	printf '[jinja2: **.html]\n' > $(POT)/templates.cfg
	$(BIN)/pybabel --quiet extract --no-wrap --no-location -F $(POT)/templates.cfg \
	  --project="$(PROJECT)" -o $(POT)/docs/sphinx.pot $(THEME_TEMPLATES) docs/_templates
	mkdir -p $(POT)/academic_site
	$(BIN)/pybabel --quiet extract --no-wrap --project=academic_site \
	  --copyright-holder="the academic_site authors" -o $(POT)/academic_site/academic_site.pot src/academic_site
	$(BIN)/sphinx-intl update -p $(POT)/docs -d docs/locales $(addprefix -l ,$(LANGUAGES))
	$(BIN)/sphinx-intl update -p $(POT)/academic_site -d src/academic_site/locales \
	  $(addprefix -l ,$(LANGUAGES))
	@for lang in $(LANGUAGES); do \
	  $(BIN)/python tools/move_catalogs.py $(POT)/docs docs/locales/$$lang/LC_MESSAGES; done
	@$(BIN)/sphinx-intl stat -d docs/locales $(addprefix -l ,$(LANGUAGES)) || true
	@$(BIN)/sphinx-intl stat -d src/academic_site/locales $(addprefix -l ,$(LANGUAGES)) || true
	@echo "Untranslated and fuzzy messages show in English until translated; make test counts them."

clean:
	rm -rf _build $(VENV) node_modules
