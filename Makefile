.DEFAULT_GOAL := help
VENV   := .venv
PY     := $(VENV)/bin/python
INPUT  ?= input
OUTPUT ?= output

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

.PHONY: setup
setup: $(VENV)/.installed ## Create .venv and install the package (done for you by the other targets)

.PHONY: report
report: $(VENV)/.installed ## Check input/ and write the reports to output/<period>/ (INPUT=, OUTPUT=, AS_OF=)
	$(PY) -m pipeline report --input $(INPUT) --output $(OUTPUT) $(if $(AS_OF),--as-of $(AS_OF))

.PHONY: test
test: $(VENV)/.installed lint ## Lint, then run every test (what CI runs)
	$(PY) -m pytest

.PHONY: lint
lint: $(VENV)/.installed ## ruff check + ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: format
format: $(VENV)/.installed ## ruff format + ruff check --fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: sample
sample: $(VENV)/.installed ## Regenerate the sample workbooks in input/ from scripts/make_sample_input.py
	$(PY) scripts/make_sample_input.py input

.PHONY: templates
templates: $(VENV)/.installed ## Write blank workbooks with drop-downs and guidance to output/templates/ (OUTPUT=)
	$(PY) -m pipeline templates --input $(INPUT) --output $(OUTPUT)

.PHONY: bench
bench: $(VENV)/.installed ## Time every stage on sample and county-sized inputs (SIZES=sample,county,england)
	$(PY) scripts/bench.py --sizes $(or $(SIZES),sample,county)

.PHONY: docs
docs: $(VENV)/.installed ## Regenerate docs/rules.md and docs/data-dictionary.md from the schemas
	$(PY) scripts/make_docs.py

.PHONY: clean
clean: ## Remove the virtual environment and everything in output/
	rm -rf $(VENV) output/*

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'
