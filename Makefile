# hdbscope: the two set-up commands for a fresh Debian machine.
#
#   make test    set everything up, then run the checks and every test (vitest + pytest)
#   make demo    set everything up, then open notebooks/walkthrough.ipynb in JupyterLab
#   make bench   set up the bench extra, then run benchmarks/bench_engine.py
#   make clean   remove everything the above created
#
#   make lint       ruff check, ruff format --check (Python), eslint (js/)
#   make typecheck  tsc --noEmit (js/), mypy (src/hdbscope)
#   make format     ruff check --fix, then ruff format (Python)
#   make notebooks  write notebooks/*.ipynb from their text, notebooks/*.py (jupytext)
#
# Variables (make VAR=value):
#   PYTHON=python3       interpreter that creates .venv (3.10+)
#   NO_CHROMIUM=1        do not apt-get install Debian's chromium (browser tests then fail or skip)
#   PYTEST_ARGS="-x -k engine"   extra pytest arguments
#   BENCH_ARGS=...       extra arguments for benchmarks/bench_engine.py
#   LAB_ARGS=...         extra arguments for `jupyter lab` (make demo)
#
# Re-runs are fast: each set-up step leaves a stamp and reruns only when its
# inputs (pyproject.toml, package.json, package-lock.json, js/, notebooks/*.py) change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --no-input
# Drops pip's one-line-per-package warnings about configured find-links folders
# that do not exist on this machine; everything else pip says is kept.
PIP_FILTER := { grep -v "^WARNING: Location 'file:.*' is ignored" || true; }
NO_CHROMIUM ?=
PYTEST_ARGS ?=
BENCH_ARGS ?=
LAB_ARGS ?=

# Root needs no sudo for apt-get, and JupyterLab refuses to start as root without allow_root.
IS_ROOT := $(filter 0,$(shell id -u))
SUDO := $(if $(IS_ROOT),,sudo)
LAB_ROOT_ARGS := $(if $(IS_ROOT),--ServerApp.allow_root=True,)

WIDGET_JS := src/hdbscope/static/widget.js
JS_SOURCES := $(shell find js -type f 2>/dev/null) $(wildcard tsconfig.json)
NODE_STAMP := node_modules/.hdbscope-npm-ci
VENV_STAMP := $(VENV)/.hdbscope-venv
TEST_STAMP := $(VENV)/.hdbscope-test
BENCH_STAMP := $(VENV)/.hdbscope-bench

# vitest's default file pattern (*.test.ts, *.spec.js, ...), outside dependencies.
JS_TEST_FILES = $(shell find . \( -path ./node_modules -o -path ./.venv -o -path ./.git \) -prune \
	-o -type f -regextype posix-extended -regex '.*\.(test|spec)\.[cm]?[jt]sx?' -print 2>/dev/null)

.PHONY: help setup setup-bench test demo bench clean chromium js lint typecheck checks format notebooks

help:
	@sed -n '2,21p' Makefile | sed 's/^# \{0,1\}//'

# ---------------------------------------------------------------- browser
# Browser tests drive Debian's chromium through Python playwright; never `playwright install`.
chromium:
ifeq ($(NO_CHROMIUM),)
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "== installing Debian's chromium (skip with NO_CHROMIUM=1)"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@/usr/bin/chromium --version 2>/dev/null | grep -i chromium || { echo "chromium did not install"; exit 1; }
else
	@echo "== NO_CHROMIUM set: not installing chromium"
endif

# ---------------------------------------------------------------- JavaScript
# `npm ci` installs exactly the lock file (esbuild, vitest, ...).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20+ and npm"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

# esbuild bundles js/ into the file the widget loads; rebuilt whenever js/ changes.
$(WIDGET_JS): $(JS_SOURCES) $(NODE_STAMP)
	npm run build
	@touch $@

js: $(WIDGET_JS)

# ---------------------------------------------------------------- Python
$(VENV_STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "hdbscope needs Python 3.10+"'
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian, apt-get install python3-venv"; exit 1; }
	@touch $@

# notebooks/*.ipynb are generated from notebooks/*.py and not committed.
NOTEBOOK_SOURCES := $(wildcard notebooks/*.py)
NOTEBOOKS := $(NOTEBOOK_SOURCES:.py=.ipynb)

# The build hook (hatch-jupyter-builder) would run `npm install` + `npm run build`;
# npm ci and the build above already did that, and `npm install` rewrites
# package-lock.json, so the hook is told to skip npm here.
# widget.js is order-only: the editable install points at src/, so a rebuilt
# bundle is picked up without reinstalling.
$(TEST_STAMP): pyproject.toml $(VENV_STAMP) | $(WIDGET_JS)
	HATCH_JUPYTER_BUILDER_SKIP_NPM=1 $(PIP) install -q --progress-bar off -e ".[test,lint]" 2>&1 | $(PIP_FILTER)
	$(PY) -m hdbscope._warmup   # compile and cache the numba kernels now, not at a user's first call
	@touch $@

$(BENCH_STAMP): pyproject.toml $(TEST_STAMP)
	HATCH_JUPYTER_BUILDER_SKIP_NPM=1 $(PIP) install -q --progress-bar off -e ".[test,lint,bench]" 2>&1 | $(PIP_FILTER)
	@touch $@

# jupytext writes each notebook from its percent script (paired: JupyterLab saves both); --update keeps
# the outputs of a notebook already run.
notebooks/%.ipynb: notebooks/%.py | $(TEST_STAMP)
	$(VENV)/bin/jupytext --quiet --update --to ipynb $<

notebooks: $(NOTEBOOKS)

setup: $(NODE_STAMP) $(WIDGET_JS) $(TEST_STAMP) $(NOTEBOOKS)

setup-bench: setup $(BENCH_STAMP)

# ---------------------------------------------------------------- checks
# Each check prints "ok NAME", or its findings and one line "FAILED NAME: why; how to fix" (scripts/check).
CHECK := scripts/check

lint: $(NODE_STAMP) $(TEST_STAMP)
	@rc=0; \
	$(CHECK) "ruff check" $(VENV)/bin/ruff check --no-cache --output-format concise . || rc=1; \
	$(CHECK) "ruff format" $(VENV)/bin/ruff format --no-cache --check --output-format concise . || rc=1; \
	$(CHECK) eslint npx --no-install eslint . || rc=1; \
	exit $$rc

typecheck: $(NODE_STAMP) $(TEST_STAMP)
	@rc=0; \
	$(CHECK) tsc npx --no-install tsc --noEmit -p . || rc=1; \
	$(CHECK) mypy $(PY) -m mypy || rc=1; \
	exit $$rc

checks: lint typecheck

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix --quiet . || true
	$(VENV)/bin/ruff format .

# ---------------------------------------------------------------- targets
# The checks, then both suites, always all of them; the target fails if any failed, and repeats
# the checks' one-line reasons at the end. pytest's exit 5 ("no tests collected") is a failure too.
test: chromium setup
	@failures=$$(mktemp); chk_rc=0; js_rc=0; py_rc=0; \
	echo "== checks (make lint typecheck)"; \
	CHECK_FAILURES=$$failures $(MAKE) --no-print-directory -k lint typecheck || chk_rc=$$?; \
	if [ -n "$(strip $(JS_TEST_FILES))" ]; then \
	  echo "== vitest"; npm test || js_rc=$$?; \
	else \
	  echo "== vitest: no JS test files (*.test.ts, *.spec.ts, ...): skipped"; \
	fi; \
	echo "== pytest"; \
	$(PY) -m pytest $(PYTEST_ARGS) || py_rc=$$?; \
	if [ $$py_rc -eq 5 ]; then echo "pytest collected no tests: failing"; fi; \
	if [ $$chk_rc -ne 0 ]; then cat $$failures; [ -s $$failures ] || echo "checks failed (exit $$chk_rc)"; fi; \
	rm -f $$failures; \
	if [ $$js_rc -ne 0 ]; then echo "vitest failed (exit $$js_rc)"; fi; \
	if [ $$py_rc -ne 0 ]; then echo "pytest failed (exit $$py_rc)"; fi; \
	[ $$chk_rc -eq 0 ] && [ $$js_rc -eq 0 ] && [ $$py_rc -eq 0 ]

demo: setup
	$(VENV)/bin/jupyter lab notebooks/walkthrough.ipynb --ServerApp.ip=127.0.0.1 $(LAB_ROOT_ARGS) $(LAB_ARGS)

bench: setup-bench
	$(PY) -m benchmarks.bench_engine $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules src/hdbscope/static .pytest_cache .mypy_cache .ruff_cache build dist artifacts \
	  src/*.egg-info *.egg-info $(NOTEBOOKS) benchmarks/results/quick
	find . -path ./.git -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune \
	  -exec rm -rf {} +
