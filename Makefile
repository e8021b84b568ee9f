# The README's two commands are the contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Links in e-mails and certificate QR codes follow the port, unless BASE_URL is set in the environment.
BASE_URL ?= http://127.0.0.1:$(PORT)
export FLASK_APP := wsgi
export BASE_URL

.PHONY: run test test-fast install install-dev db courses demo clean bench translations translations-missing compile-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed compile-translations
install-dev: $(VENV)/.installed-dev compile-translations

# English interface. The .po files are committed; the .mo files are built here (ignored by git),
# so a fresh clone gets them from `make run` or `make test`.
compile-translations: $(VENV)/.installed
	$(BIN)/flask translate compile

# After adding or changing Dutch strings: extract them and merge into the .po (new entries empty),
# then list what still needs English. Translate those in app/translations/en/LC_MESSAGES/messages.po.
translations: $(VENV)/.installed
	$(BIN)/flask translate update
	@$(BIN)/flask translate missing || true

translations-missing: $(VENV)/.installed
	$(BIN)/flask translate missing

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	else echo "npm not found: the browser accessibility tests will be skipped"; fi

db: install
	$(BIN)/flask db upgrade

courses: db
	$(BIN)/flask courses sync courses

demo: courses
	$(BIN)/flask demo seed

run: demo
	@echo "Weerbaar Leren draait op http://127.0.0.1:$(PORT) (links in e-mails: $(BASE_URL); stoppen met Ctrl+C)"
	BASE_URL="$(BASE_URL)" $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install-dev
	@$(MAKE) --no-print-directory node_modules/axe-core/axe.min.js || true
	$(BIN)/python -m pytest

test-fast: install-dev
	$(BIN)/python -m pytest --ignore=tests/browser -q

# Not a test: measures the pages against a bare Flask floor, then a 60 s load run (see bench/run.py and
# docs/performance.md). Needs PostgreSQL and Redis on 127.0.0.1; uses its own database (bench) and Redis db 12.
bench/.venv/bin/locust: bench/requirements.txt
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet -r bench/requirements.txt
	touch $@

bench: install bench/.venv/bin/locust
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache test-artifacts
