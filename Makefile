# Kinerja: `make run` serves the demo, `make test` runs everything CI checks.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# The PostgreSQL pass runs with the clock at 23:30 UTC on 31 December: 06:30 WIB on 1 January, a new day,
# month and year for the agency while UTC is still in the old one (tests must pass at any hour).
EDGE_NOW ?= 2026-12-31T23:30:00+00:00
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 poppler-utils
TEST_APT_PACKAGES := chromium chromium-driver

.PHONY: run test bench install system-deps test-system-deps assets translations migrate demo lint clean

## Runtime ------------------------------------------------------------------------------------------

$(BIN)/activate: requirements.txt requirements-dev.txt
	@command -v $(PY) >/dev/null || { echo "Python 3.11 is needed ($(PY) not found)"; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(BIN)/pip install -q -r requirements-dev.txt 2>&1 | { grep -v '^WARNING: Location' || true; }
	touch $(BIN)/activate

install: system-deps $(BIN)/activate assets translations

# System libraries WeasyPrint needs (installed with apt when we are root and they are missing).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

test-system-deps:
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Browser tests need:$$missing (sudo apt-get install$$missing)"; fi; fi

# htmx (and axe-core for the accessibility test) come pinned from npm and are served from static/vendor.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

assets: static/vendor/htmx.min.js

translations: $(BIN)/activate
	$(BIN)/pybabel compile -d translations 2>&1 | { grep -v '^compiling' || true; }
	test -f translations/id/LC_MESSAGES/messages.mo

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask demo load --if-empty --base-url http://$(HOST):$(PORT)

run: demo
	@bash scripts/run.sh $(HOST) $(PORT)

## Checks -------------------------------------------------------------------------------------------

lint: $(BIN)/activate
	$(BIN)/ruff check app tests bench migrations

test: install test-system-deps lint
	$(BIN)/python scripts/check_translations.py
	@bash scripts/test.sh "$(PG_TEST_URL)" "$(EDGE_NOW)"

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules static/vendor
