# The two commands a new user needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

MO := hiring/translations/fi/LC_MESSAGES/messages.mo

.PHONY: run serve test lint bench rubric-check translations clean

# Quiet (-qq: errors only), so that what `make run` prints first is the address and the logins.
$(STAMP): setup.cfg pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing into $(VENV) (a minute or two the first time)..."
	@$(BIN)/python -m pip install -qq --upgrade pip
	@$(BIN)/python -m pip install -qq -e '.[test]'
	@touch $@

$(MO): hiring/translations/fi/LC_MESSAGES/messages.po $(STAMP)
	@$(BIN)/pybabel -q compile --use-fuzzy -d hiring/translations -l fi

# A random key of this installation's own, made once and kept (the app refuses to serve
# with none outside development and tests).
instance/secret_key:
	@mkdir -p instance
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@

run: $(STAMP) $(MO) instance/secret_key
	@$(BIN)/hiring rubric check
	@# the migrations' log only when one fails
	@$(BIN)/hiring db upgrade > $(VENV)/upgrade.log 2>&1 || (cat $(VENV)/upgrade.log; exit 1)
	@$(BIN)/hiring results rebuild --missing
	@$(BIN)/hiring demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT) (stop with Ctrl-C)"
	$(BIN)/hiring run --host $(HOST) --port $(PORT)

# The production server on this machine: the migrations once, then gunicorn with the settings
# of hiring/gunicorn_conf.py (HIRING_BIND, HIRING_WEB_WORKERS, ...); see deploy/ for several
# machines. No demo data.
serve: $(STAMP) $(MO) instance/secret_key
	@$(BIN)/hiring rubric check
	$(BIN)/hiring db upgrade
	exec $(BIN)/gunicorn -c python:hiring.gunicorn_conf

# The browser tests' auditors from the npm registry: axe-core (accessibility) and the Nu Html
# Checker (markup, run on Java). Without npm the browser tests skip, saying why (in CI they fail).
BROWSER_TOOLS := .cache/browser-tools
AXE_VERSION := 4.14.1
VNU_VERSION := 26.9.27
$(BROWSER_TOOLS)/.stamp-$(AXE_VERSION)-$(VNU_VERSION):
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix $(BROWSER_TOOLS) \
	    axe-core@$(AXE_VERSION) vnu-jar@$(VNU_VERSION) && touch $@; \
	else echo "npm not found: the browser tests will skip (they need axe-core and vnu-jar)"; fi

# One pytest worker per core (pytest-xdist); each has a PostgreSQL and a Redis database of its
# own (tests/conftest.py). TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= auto
test: lint $(MO) $(BROWSER_TOOLS)/.stamp-$(AXE_VERSION)-$(VNU_VERSION)
	$(BIN)/pytest -n $(TEST_WORKERS)

# ruff, then the types (mypy), then the rings (import-linter: the domain imports no
# framework; models and reports no web; services no web, CLI or app factory).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Every benchmark runs and prints its figures; the target fails at the end if any missed.
# wrk (the web benchmark's load generator) is installed from Debian's packages when missing.
BENCHMARKS := engine pdf scale web self_assessment talent_pool
bench: $(STAMP)
	command -v wrk >/dev/null || (command -v apt-get >/dev/null && apt-get install -y -q wrk) || true
	@failed=""; for name in $(BENCHMARKS); do \
	  echo "== benchmarks/$$name.py"; \
	  $(BIN)/python -m benchmarks.$$name || failed="$$failed $$name"; \
	done; \
	if [ -n "$$failed" ]; then echo "targets missed in:$$failed"; exit 1; fi; \
	echo "every benchmark target met"

rubric-check: $(STAMP)
	$(BIN)/hiring rubric check

# Re-extract the UI strings after changing templates or code; then translate the new entries
# in hiring/translations/fi/LC_MESSAGES/messages.po.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location -o hiring/translations/messages.pot .
	$(BIN)/pybabel update -i hiring/translations/messages.pot -d hiring/translations -l fi --width 100

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
