# Kompass: `make run` starts the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export KOMPASS_DATA_DIR ?= $(CURDIR)/var
# Compiled modules (and pytest's rewritten test modules) are kept in __pycache__: where the
# environment switches that off, each of the suite's processes compiled everything again
# (about 7 s of CPU per pytest worker).
unexport PYTHONDONTWRITEBYTECODE
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
# System packages: Pango and fonts for PDF and gettext for messages (the app); Chromium
# only for the browser tests.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext
TEST_PACKAGES := $(RUN_PACKAGES) chromium
PG_URL ?= postgres://postgres@127.0.0.1:5432/kompass
MO := src/kompass/locale/en/LC_MESSAGES/django.mo
PYTEST := $(BIN)/pytest -n 2 --dist loadgroup
# The fast lane leaves out what the suite marks as slow to run (pyproject.toml lists the
# markers): PDF/DOCX rendering, processes started by tests, the browser, large data.
FAST_LANE := not (pdf or subprocess or browser or slow)

.PHONY: run worker install system-packages test-packages packages test test-fast test-sqlite test-postgres bench lint layers \
	typecheck format messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The packages are installed by uv (from PyPI, itself pinned here), which fetches and
# unpacks them in parallel: 10-12 s on a fresh venv where pip took 29 s. Where uv cannot
# be had, pip does the same install. Neither compiles every module of every package
# (mypy's, pandas' ...: some 20 s of CPU); Python compiles the modules a run imports, once,
# into __pycache__.
UV_VERSION := 0.13.9
$(STAMP): pyproject.toml | $(BIN)/python
	@$(BIN)/pip install --quiet --no-compile uv==$(UV_VERSION) \
	  && $(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]" \
	  || $(BIN)/pip install --quiet --no-compile -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

system-packages:
	@$(MAKE) --no-print-directory packages PACKAGES="$(RUN_PACKAGES)"

test-packages:
	@$(MAKE) --no-print-directory packages PACKAGES="$(TEST_PACKAGES)"

packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installerar systempaket:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

messages: $(MO)

$(MO): src/kompass/locale/en/LC_MESSAGES/django.po $(STAMP)
	cd src/kompass && ../../$(BIN)/kompass compilemessages --ignore=.venv -v 0

run: install system-packages messages
	$(BIN)/kompass demo
	@# A worker runs the background jobs beside the server; Ctrl-C stops both. The address
	@# is printed once the server answers, not before.
	@trap 'kill $$worker $$waiter 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/kompass worker --id make-run & worker=$$!; \
	( for i in $$(seq 1 120); do \
	    if $(BIN)/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/konto/logga-in/', timeout=1)" 2>/dev/null; then \
	      printf '\n  Kompass körs på http://127.0.0.1:8000\n  Logga in som admin / kompass-demo (fler demoanvändare med samma lösenord står ovan)\n\n'; break; \
	    fi; sleep 0.5; done ) & waiter=$$!; \
	DEBUG=True $(BIN)/kompass runserver 127.0.0.1:8000

# One worker for background jobs (reports, imports); see docs/jobs.md.
worker: install
	$(BIN)/kompass worker

# The two lanes run side by side, each lane's output shown whole as it ends (make -O): the
# SQLite lane's browser tests leave a core waiting on Chromium much of the time, which the
# PostgreSQL lane uses (one after the other, two cores were busy 1.3 of the time).
test: install test-packages messages
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# Everything but the slow lane, in well under a minute on two cores.
test-fast: install messages
	$(PYTEST) -m "$(FAST_LANE)"

test-sqlite:
	$(PYTEST)

# Runs when a PostgreSQL server answers on 127.0.0.1:5432, and only the tests that use the
# test database (marker `database`, set by tests/conftest.py): the others do the same on any
# database and ran on SQLite above, as did the browser tests. PDF/DOCX rendering is left
# out too: it draws what the report builders return, and those run here through the HTML
# variant of every report. So are the slow ones: the crawls (the pages they visit are the
# views' own tests here) and the command run in a child process on its own SQLite file.
test-postgres:
	@if $(BIN)/python -c "import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "PostgreSQL svarar: kör sviten mot PostgreSQL"; \
	  DATABASE_URL=$(PG_URL) $(PYTEST) -m "database and not (browser or pdf or slow)"; \
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
