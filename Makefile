# Crossborder Academy. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# FUZZ=0 leaves the API fuzzing out of `make test` (CI runs it once, in the SQLite pass).
FUZZ ?= 1
# Links in emails, QR codes and credentials point where `make run` serves, unless SITE_URL is set.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help setup migrate demo run test fuzz test-worker bench lint check format lock messages worker clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

setup: $(INSTALLED) ## Create .venv and install the pinned packages (only when the lock changed)

migrate: setup ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Create the demo accounts, curriculum and level ladders (idempotent)
	$(BIN)/python manage.py demo_accounts
	$(BIN)/python manage.py demo_curriculum
	$(BIN)/python manage.py demo_assessments
	$(BIN)/python manage.py demo_levels

run: export SITE_URL := $(SITE_URL)
run: demo ## Set everything up and serve http://127.0.0.1:8000 (SQLite, in-process tasks and sweeps)
	@echo "Serving on $(SITE_URL)/  (Ctrl-C stops)"
	@if [ -z "$$CELERY_BROKER_URL" ]; then \
	  $(BIN)/python manage.py run_periodic --parent $$$$ & sweeps=$$!; \
	  trap 'kill $$sweeps 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup ## Run the whole test suite (the real-browser tests in a run of their own; FUZZ=0: no fuzzing)
	$(BIN)/python -m pytest -n 2 -m "not e2e and not celery_worker$(if $(filter 0,$(FUZZ)), and not fuzz)" $(PYTEST_ARGS)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest -m e2e $(PYTEST_ARGS)

fuzz: setup ## Fuzz the API from its schema (schemathesis; part of `make test`)
	$(BIN)/python -m pytest -m fuzz -p no:xdist $(PYTEST_ARGS)

test-worker: setup ## Run the tests that need a real Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/python -m pytest -m celery_worker -p no:xdist $(PYTEST_ARGS)

bench: setup ## Benchmark on PostgreSQL + Redis + gunicorn (BENCH_DATABASE_URL, BENCH_REDIS_URL)
	$(BIN)/python -m tests.benchmarks

lint: setup ## ruff (lint + format check), import layers, missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

check: lint test ## lint, then the tests

format: setup ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: setup ## Run a Celery worker and beat (needs CELERY_BROKER_URL)
	$(BIN)/celery -A config worker --beat --loglevel=info

messages: setup ## Extract and compile translations (needs gettext)
	$(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock: ## Re-compile requirements/*.txt from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --python-version 3.11 -o requirements/prod.txt
	uv pip compile pyproject.toml --python-version 3.11 --extra dev -o requirements/dev.txt

clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var
