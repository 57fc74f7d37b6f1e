# Seedling's front door. `make demo` runs the product; `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint test-sqlite test-postgres bench clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	touch $(STAMP)

## setup: create .venv, install the locked dependencies, migrate, load the demo (idempotent)
setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --quiet-accounts
	@# The figures of files filed before the figures existed (a no-op change on a new database).
	$(BIN)/python manage.py refresh_statistics --all -v0

## demo: setup, then serve at http://127.0.0.1:$(PORT) with a background worker; print the demo accounts
demo: setup
	@$(BIN)/python manage.py demo_accounts
	@echo ""
	@echo "护苗 Seedling: http://127.0.0.1:$(PORT)/"
	@# The background worker (imports, exports, the re-check) runs beside the server and stops with it;
	@# jobs a previous worker left "running" when it was killed are marked failed first.
	@$(BIN)/python manage.py recover_jobs
	$(BIN)/python manage.py db_worker --interval 1 & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

## lint: ruff, mypy, import contracts, scope check, migrations check
lint: $(STAMP)
	$(BIN)/python tools/lint

## test: lint, then the suite on SQLite, then on PostgreSQL when DATABASE_URL points at one
test: $(STAMP)
	$(BIN)/python tools/lint
	$(MAKE) --no-print-directory test-sqlite
	@case "$$DATABASE_URL" in postgres*) $(MAKE) --no-print-directory test-postgres ;; \
	  *) echo "DATABASE_URL does not point at PostgreSQL: PostgreSQL run skipped." ;; esac

# The SQLite run measures coverage; the gate (tools/coverage_gate) checks it when the whole suite ran.
test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/python -m pytest --cov --cov-report= $(PYTEST_ARGS)
	@if [ -z "$(PYTEST_ARGS)" ]; then $(BIN)/python tools/coverage_gate; fi

test-postgres: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/load_divisions.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
