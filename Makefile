# Quick start: `make demo` checks the sample letters, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The demo installs the package as a user would (not editable) and checks every sample letter.
# Non-compliant samples are expected: exit code 1 (errors found) is the normal outcome here.
demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/amiable check letters_samples/ ; status=$$?; [ $$status -le 1 ]

# The whole suite: lint (ruff, mypy --strict on checker/), every rule's examples, then pytest.
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check checker/
	$(BIN)/mypy checker
	$(BIN)/amiable rules test
	$(BIN)/python -m pytest

bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench_cases.py --runs 2

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
