.DEFAULT_GOAL := help
VENV   := .venv
PY     := $(VENV)/bin/python
INPUT  ?= input
OUTPUT ?= output

# The exact versions in requirements.lock (the package's and the dev tools'), then the package
# itself without resolving again; redone whenever the lock or pyproject.toml changes.
$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet -r requirements.lock
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet --no-deps -e .
	touch $@

.PHONY: setup
setup: $(VENV)/.installed ## Create .venv and install the pinned versions of requirements.lock (done for you by the other targets)

# uv only writes the lock: it is not needed to install or run anything (pip install uv).
UV ?= uv

.PHONY: lock
lock: ## Rewrite requirements.lock from pyproject.toml, for Linux, Windows and macOS alike, keeping its pins where they still fit (UPGRADE=1: newest versions allowed); needs uv
	$(UV) pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade) --output-file requirements.lock

.PHONY: report
report: $(VENV)/.installed ## Check input/ and write the reports to output/<period>/ (INPUT=, OUTPUT=, AS_OF=, PERIOD=2026-27-Q2); does nothing if nothing has changed
	$(PY) -m pipeline report --input "$(INPUT)" --output "$(OUTPUT)" $(if $(AS_OF),--as-of $(AS_OF)) $(if $(PERIOD),--period $(PERIOD)) --skip-if-unchanged

.PHONY: test
test: $(VENV)/.installed lint ## Lint, then run every test (what CI runs)
	$(PY) -m pytest

.PHONY: lint
lint: $(VENV)/.installed ## ruff check + ruff format --check + mypy (strict, on pipeline/ and schemas/)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

.PHONY: format
format: $(VENV)/.installed ## ruff format + ruff check --fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: sample
sample: $(VENV)/.installed ## Regenerate the sample workbooks in input/ (never over your own: FORCE=1 to replace them); EARLIER=DIR: only the sample at the ends of Q1 and Q2, in DIR/2026-27-Q1 and DIR/2026-27-Q2, input/ untouched
	$(PY) scripts/make_sample_input.py $(if $(EARLIER),--earlier-quarters "$(EARLIER)",input) $(if $(FORCE),--force)

.PHONY: templates
templates: $(VENV)/.installed ## Write blank workbooks with drop-downs and guidance to output/templates/ (OUTPUT=)
	$(PY) -m pipeline templates --input $(INPUT) --output $(OUTPUT)

.PHONY: bench
bench: $(VENV)/.installed ## Time every stage on sample and county-sized inputs (SIZES=sample,county,england,county-x10; BENCH_ARGS=--runs 5, --no-pandas, or --linear for the growth check)
	$(PY) scripts/bench.py --sizes $(or $(SIZES),sample,county) $(BENCH_ARGS)

# The accessibility check (issue 19): axe-core, from npm into .cache/axe/, run by Selenium in
# Debian's headless Chromium on each HTML twin at 1280 and 390 px. Not part of `make setup`.
AXE_VERSION ?= 4.14.1
AXE_STAMP := .cache/axe/.axe-core-$(AXE_VERSION)

$(AXE_STAMP):
	@command -v npm >/dev/null && command -v node >/dev/null || { echo "make a11y needs npm and node to fetch axe-core: apt-get install npm"; exit 1; }
	mkdir -p .cache/axe
	npm install --silent --no-save --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION)
	rm -f .cache/axe/.axe-core-* && touch $@

$(VENV)/.a11y-installed: $(VENV)/.installed pyproject.toml
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet -e '.[dev,a11y]'
	touch $@

.PHONY: a11y
a11y: $(VENV)/.a11y-installed $(AXE_STAMP) ## Check the HTML twins with axe-core (WCAG 2.2 AA) in headless Chromium at 1280 and 390 px (A11Y_ARGS=paths of twins; default: the sample's)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y chromium chromium-driver || { apt-get update && apt-get install -y chromium chromium-driver; }; \
	  else \
	    echo "make a11y needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver"; exit 1; \
	  fi; \
	fi
	$(PY) scripts/a11y.py $(A11Y_ARGS)

.PHONY: docs
docs: $(VENV)/.installed ## Regenerate docs/rules.md and docs/data-dictionary.md from the schemas
	$(PY) scripts/make_docs.py

.PHONY: clean
clean: ## Remove what can be rebuilt (.venv, caches); never output/, the record of published periods
	rm -rf $(VENV) .pytest_cache .ruff_cache .cache
	find pipeline schemas scripts tests -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'
