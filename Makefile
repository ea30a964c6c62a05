PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck stress bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

## run: set up .venv and open the interview on the bundled default question set
run: $(STAMP)
	$(BIN)/prescreen run $(ARGS)

## test: set up .venv with test extras, then lint, type-check and run the whole suite
test: $(TEST_STAMP) lint typecheck
	$(BIN)/python -m pytest -m "not slow" -q -n 2

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

## stress: the slow stress and fuzz profile (not part of make test)
stress: $(TEST_STAMP)
	$(BIN)/python -m pytest -m slow -q

## bench: time start, keys, answers, loading, the store and a kiosk day against a bare Textual
## app; prints one table, fails when a budget is missed (not part of make test)
bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
