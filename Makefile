# clauselib — a fresh machine needs two commands: `make demo` and `make test`.
# Both create .venv from nothing when it is missing and install the project into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CLI    := $(BIN)/clauselib
OUT    := out

.PHONY: demo test lint format bench fuzz golden clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Error: no python3.11 or python3 on PATH; install Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

## demo: check the shipped workspace and run the main jobs on it, writing into out/
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(CLI) check
	$(CLI) list --latest
	$(CLI) -w tests/data/relations-ws sequence sequenced -o $(OUT)/sequence-sequenced.html
	$(CLI) -w tests/data/relations-ws sequence sequenced --format dot -o $(OUT)/sequence-sequenced.dot
	-$(CLI) -w tests/data/relations-ws check broken-offer --balance  # a deliberately broken draft: exits 1
	@echo
	@echo "Demo finished: outputs are in $(OUT)/"

## test: lint and run the whole test suite
test: $(STAMP)
	$(BIN)/ruff check clauselib tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check clauselib tests bench

format: $(STAMP)
	$(BIN)/ruff format clauselib tests bench

## bench: every stage against its peers, one table (a few minutes)
bench: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/python -m bench.run --json $(OUT)/bench.json

golden: $(STAMP)
	$(BIN)/python -m pytest --update-golden

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
