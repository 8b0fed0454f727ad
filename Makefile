# Scrutiny: the two quick-start commands are `make run` and `make test`.
# Needs only Python 3.11+, Node.js (with npm) and make; everything else is fetched
# into .venv/ and node_modules/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup assets lint check-deploy chromium demo clean production-local

## make run: set up, migrate a SQLite database, load the demo, then serve on
## 127.0.0.1:8000 with a task-queue worker beside it (PDFs render there)
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	SCRUTINY_ADDRESS=$(HOST):$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

## make test: set up the same way, then run the whole suite (browser tests included)
test: setup chromium
	$(PY) -m pytest

setup: $(VENV)/.installed assets

$(VENV)/.installed: requirements/base.txt requirements/test.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ").")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: static/build/.built

static/build/.built: node_modules/.installed $(shell find static/scss static/js -type f 2>/dev/null)
	npm run build
	touch $@

# Browser tests drive Debian's Chromium. Install it when we can; otherwise stop and
# say how -- the browser tests are never silently skipped.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  else \
	    echo "Chromium is needed for the browser tests. Install it with:"; \
	    echo "    sudo apt-get install -y chromium"; \
	    exit 1; \
	  fi; \
	fi

## make lint: style, formatting, migrations, the import contract and the code's shape
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(PY) tools/code_shape.py

check-deploy: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=scrutiny.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=scrutiny.example.gov.uk \
	$(PY) manage.py check --deploy --fail-level WARNING

## make production-local: the production stack on this machine -- gunicorn and a
## task-queue worker, production settings, PostgreSQL (LOCAL_DATABASE_URL) -- on
## http://127.0.0.1:8000 with the demo loaded. See docs/DEPLOY.md.
LOCAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/scrutiny_local
production-local: setup
	psql "$(dir $(LOCAL_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(LOCAL_DATABASE_URL))" 2>/dev/null || true
	DATABASE_URL=$(LOCAL_DATABASE_URL) $(PY) manage.py migrate --noinput
	DATABASE_URL=$(LOCAL_DATABASE_URL) DJANGO_DEBUG=true $(PY) manage.py load_demo
	DATABASE_URL=$(LOCAL_DATABASE_URL) $(PY) manage.py collectstatic --noinput -v 0
	DATABASE_URL=$(LOCAL_DATABASE_URL) DJANGO_SETTINGS_MODULE=scrutiny.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false \
	SCRUTINY_ADDRESS=$(HOST):$(PORT) PATH=$(CURDIR)/$(VENV)/bin:$$PATH \
	$(VENV)/bin/honcho -f Procfile start

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
