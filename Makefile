# CymaDesk build and test entry points. `make run` and `make test` each create .venv from the
# system Python (3.11 or newer) on first use and install what they need.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: all setup run test lint typecheck pytest translations bench clean

all: setup translations

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CymaDesk needs Python 3.11 or newer; run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,bench]'
	@touch $@

setup: $(STAMP)

# Opens the demo company. Without a display it says so and writes a screenshot instead.
run: QT_QPA_PLATFORM=
run: $(STAMP)
	$(BIN)/cymadesk --demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check cymadesk tests bench
	$(BIN)/ruff format --check cymadesk tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/verify.py
	$(BIN)/python bench/inbox.py

# Spanish catalogue: lupdate adds new English source strings of cymadesk/ui to the .ts
# (translate them there, with Qt Linguist or by hand), lrelease compiles the .qm that ships.
TS := resources/translations/cymadesk_es.ts
QM := cymadesk/resources/translations/cymadesk_es.qm
UI_SOURCES := $(sort $(wildcard cymadesk/ui/*.py))
LUPDATE_OPTIONS := -no-obsolete -locations none -source-language en -target-language es_CL

translations: $(QM)

$(TS): $(UI_SOURCES) | $(STAMP)
	$(BIN)/pyside6-lupdate $(LUPDATE_OPTIONS) $(UI_SOURCES) -ts $@

$(QM): $(TS) | $(STAMP)
	$(BIN)/pyside6-lrelease $< -qm $@

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
