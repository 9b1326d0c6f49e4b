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
	@# WeasyPrint subsets fonts faster with Debian's libharfbuzz-subset0; best effort, never fatal
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
		{ apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1; }; } || echo "note: libharfbuzz-subset0 not installed (PDFs still work)"; fi
	@touch $(STAMP)

## demo: check the shipped workspace and run the main jobs on it, writing into out/
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(CLI) check
	$(CLI) list --latest
	@mkdir -p $(OUT)/drafts
	@for d in drafts/*.xml; do id=$$(basename $$d .xml); \
		$(CLI) assemble $$id -o $(OUT)/drafts/$$id.html && $(CLI) assemble $$id -o $(OUT)/drafts/$$id.pdf || exit 1; done
	$(CLI) assemble med-middle-path --parallel en,uk -o $(OUT)/drafts/med-middle-path.en-uk.pdf
	$(CLI) assemble ua-istanbul-offer --annotate -o $(OUT)/drafts/ua-istanbul-offer.annotated.md
	@echo "Drafts: HTML and PDF of every shipped draft are in $(OUT)/drafts/"
	@# diff: what the mediator's text changed in the Ukrainian offer
	$(CLI) diff ua-istanbul-offer med-middle-path -o $(OUT)/redline-ua-to-med.html
	$(CLI) diff ua-istanbul-offer med-middle-path -o $(OUT)/redline-ua-to-med.docx --author "Mediator"
	$(CLI) diff ru-april-draft ua-istanbul-offer -o $(OUT)/redline-ru-to-ua.html
	$(CLI) compare reported-15-point-plan-2022-03-16
	$(CLI) compare reported-15-point-plan-2022-03-16 -o $(OUT)/compare-reported-plan.html
	@# versioning: one negotiation round, played in a copy of the library (out/negotiation)
	@rm -rf $(OUT)/negotiation && mkdir -p $(OUT)/negotiation && cp -r clauses $(OUT)/negotiation/
	printf 'The Parties shall observe an immediate, interim ceasefire of 30 days.\n\nIt shall cover the entire line of contact.\n' \
	  | $(CLI) -w $(OUT)/negotiation new ceasefire-30-days --topic ceasefire --party US --date 2025-03-11 \
	    --title "An interim 30-day ceasefire" --text-file - --source "US proposal at Jeddah, 11 March 2025, as reported"
	$(CLI) -w $(OUT)/negotiation agree ceasefire-30-days@1 --party UA --date 2025-03-11
	printf 'The Parties shall observe an interim ceasefire of 30 days once its verification has been agreed.\n' \
	  | $(CLI) -w $(OUT)/negotiation counter ceasefire-30-days@1 --party RU --date 2025-03-13 --text-file -
	$(CLI) -w $(OUT)/negotiation reject ceasefire-30-days@2 --party UA --date 2025-03-14
	$(CLI) -w $(OUT)/negotiation history ceasefire-30-days -o $(OUT)/negotiation-history.txt
	$(CLI) -w $(OUT)/negotiation check
	$(CLI) sequence med-middle-path
	$(CLI) sequence med-middle-path -o $(OUT)/sequence-med-middle-path.html
	$(CLI) sequence med-middle-path --format dot -o $(OUT)/sequence-med-middle-path.dot
	$(CLI) check med-middle-path --balance
	-$(CLI) -w tests/data/relations-ws check broken-offer  # a deliberately broken draft: exits 1
	@echo
	@echo "Demo finished: outputs are in $(OUT)/"

## test: lint and run the whole test suite
test: $(STAMP)
	$(BIN)/ruff check clauselib tests bench
	$(BIN)/python -m pytest

## fuzz: the property-based hardening tests with 2,000 examples each (about a minute and a half)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_adversarial_props.py

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
