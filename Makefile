# Kompass: `make run` starts the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KOMPASS_DATA_DIR ?= $(CURDIR)/var
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
# System packages: Chromium for browser tests, Pango and fonts for PDF, gettext for messages.
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
PG_URL ?= postgres://postgres@127.0.0.1:5432/kompass
MO := src/kompass/locale/en/LC_MESSAGES/django.mo
PYTEST := $(BIN)/pytest -n 2 --dist loadgroup
# The fast lane leaves out what the suite marks as slow to run (pyproject.toml lists the
# markers): PDF/DOCX rendering, processes started by tests, the browser, large data.
FAST_LANE := not (pdf or subprocess or browser or slow)

.PHONY: run worker install system-packages test test-fast test-sqlite test-postgres bench lint layers \
	typecheck format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installerar systempaket:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

messages: $(MO)

$(MO): src/kompass/locale/en/LC_MESSAGES/django.po $(STAMP)
	cd src/kompass && ../../$(BIN)/kompass compilemessages --ignore=.venv -v 0

run: install system-packages messages
	$(BIN)/kompass demo
	@echo ""
	@echo "  Kompass körs på http://127.0.0.1:8000"
	@echo "  Logga in som admin / kompass-demo (fler demoanvändare med samma lösenord står ovan)"
	@echo ""
	@# A worker runs the background jobs beside the server; Ctrl-C stops both.
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/kompass worker --id make-run & worker=$$!; \
	DEBUG=True $(BIN)/kompass runserver 127.0.0.1:8000

# One worker for background jobs (reports, imports); see docs/jobs.md.
worker: install
	$(BIN)/kompass worker

test: install system-packages messages test-sqlite test-postgres

# Everything but the slow lane, in well under a minute on two cores.
test-fast: install messages
	$(PYTEST) -m "$(FAST_LANE)"

test-sqlite:
	$(PYTEST)

# Runs when a PostgreSQL server answers on 127.0.0.1:5432; browser tests already ran above.
test-postgres:
	@if $(BIN)/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL svarar: kör sviten mot PostgreSQL"; \
	  DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser"; \
	else echo "Ingen PostgreSQL på 127.0.0.1:5432: hoppar över PostgreSQL-körningen"; fi

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(MAKE) --no-print-directory layers

# The import contracts in pyproject.toml (also checked by tests/test_layers.py).
layers: install
	$(BIN)/lint-imports --no-cache

# mypy --strict on the code without Django ([tool.mypy] in pyproject.toml).
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) var .pytest_cache
