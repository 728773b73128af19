# The two set-up commands are `make run` and `make test`; both need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
UV := .tools/bin/uv
UV_VERSION := 0.13.8
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint sweep clean prod-local bench reliability loadtest

$(UV):
	@echo "==> installing uv $(UV_VERSION) into .tools/"
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	@echo "==> installing the locked dependencies into $(VENV)/ (uv sync --frozen)"
	$(UV) sync --frozen --python $(PYTHON)

# Embedded quick start: SQLite, Celery eager, console e-mail, the term sweep as a second local process.
run: export DEMO_CLOCK = 1
run: install
	@mkdir -p var
	@echo "==> database migrations (SQLite: var/db.sqlite3)"
	$(PY) manage.py migrate --noinput -v 0
	@echo "==> demo data"
	@EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend LOG_LEVEL=WARNING $(PY) manage.py seed_demo --quiet-logins
	@echo "==> first term sweep (overdue demo cases escalate now; e-mails go to this console)"
	@LOG_LEVEL=WARNING $(PY) manage.py sweep_deadlines
	@$(PY) manage.py seed_demo --logins-only
	@echo "==> snapshot of the demo data with the parent links above (the Demoklok's 'terug naar vandaag' restores it)"
	@$(PY) manage.py demo_snapshot
	@echo "==> term sweep every 60 s in the background; web app on http://127.0.0.1:8000 (Ctrl-C stops both)"
	@trap 'kill $$SWEEP 2>/dev/null' EXIT INT TERM; \
	  LOG_LEVEL=WARNING $(PY) manage.py sweep_deadlines --loop --interval 60 & SWEEP=$$!; \
	  DEBUG=1 $(PY) manage.py runserver --noreload 127.0.0.1:8000

# The whole suite: PostgreSQL from DATABASE_URL (default postgres@127.0.0.1:5432), Redis when reachable.
# TEST_WORKERS: pytest-xdist processes (each gets its own test database); 0 runs in one process.
TEST_WORKERS ?= 2
test: install
	@echo "==> ruff"
	$(VENV)/bin/ruff check .
	@echo "==> pytest ($(TEST_WORKERS) workers)"
	$(PY) -m pytest -n $(TEST_WORKERS)

# Benchmarks at national scale in their own database (<DATABASE_URL name>_bench, created and migrated
# when missing). `make bench SCALE=1000000` is `python -m bench --scale 1000000`; BENCH_ARGS passes more options
# (python -m bench --help), e.g. BENCH_ARGS=--reuse to keep data already generated at that scale.
SCALE ?= 100000
BENCH_ARGS ?=
bench: install
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

# --- reliability under load and faults ---
# make loadtest: 200 locust users for 5 minutes on loopback against gunicorn and its own seeded PostgreSQL
# database (<DATABASE_URL's name>_load); prints the error count and p95 per page. LOAD_ARGS to change it.
LOAD_ARGS ?= --users 200 --seconds 300
loadtest: install
	$(PY) -m loadtest.run $(LOAD_ARGS)

# make reliability: the races (25 rounds x 40 per scenario), the faults (100 worker kills, PostgreSQL
# restarts under load) and the full load test; prints lost / duplicated / double decisions / load errors.
# Needs PostgreSQL (DATABASE_URL), Redis (REDIS_TEST_URL), redis-server and PostgreSQL 15 server binaries.
reliability: install
	@mkdir -p var/reliability
	-RELIABILITY_FULL=1 RELIABILITY_RESULTS=var/reliability/runs.json $(PY) -m pytest tests/reliability -p no:xdist -q
	-$(PY) -m loadtest.run $(LOAD_ARGS) --results var/reliability/load.json
	$(PY) -m loadtest.summary var/reliability/runs.json var/reliability/load.json
# ---

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# The production processes (gunicorn, Celery worker and beat) against the local PostgreSQL and Redis.
# Override DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, PORT as needed; Ctrl-C stops all three.
prod-local: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/passend_prod
prod-local: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
prod-local: export SECRET_KEY ?= prod-local-$(shell hostname)-change-me-0123456789abcdef
prod-local: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
prod-local: export LOG_FORMAT ?= json
prod-local: install
	$(PY) -m config.prod_local --create-database --port $${PORT:-8000}

sweep: install
	$(PY) manage.py sweep_deadlines

clean:
	rm -rf .venv .tools var .pytest_cache .ruff_cache
