# GraphLens: `make run` serves the app, `make test` runs the whole suite.
# Both create .venv from the requirements files when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test bench clean-venv

$(BIN)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.test-installed: $(BIN)/.runtime-installed requirements-test.txt
	$(BIN)/pip install --disable-pip-version-check -r requirements-test.txt
	touch $@

run: $(BIN)/.runtime-installed
	$(BIN)/python serve.py --server.port $(PORT)

test: $(BIN)/.test-installed
	$(BIN)/python -m pytest

bench: $(BIN)/.runtime-installed
	for script in bench/[a-z]*.py; do $(BIN)/python $$script || exit 1; done

clean-venv:
	rm -rf $(VENV)
