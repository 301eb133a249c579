# The two commands a new machine needs: `make demo` and `make test`.
# Both create .venv and install the project (with the gui, server and dev extras) on first use,
# from the hashed lock file, so tests run on exactly the packages the bundle is built from.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
QM     := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Every package of .venv, and so of the bundle, pinned with the hashes of its files, for
# CPython 3.11 on Linux x86_64 (CI's). pip refuses a file whose hash differs and a package the
# lock does not pin, so a new release (such as PySide6 6.12.0) reaches a build only through
# `make lock` and a reviewed commit of the lock.
LOCK       := requirements/bundle.lock
LOCK_TOOLS := .venv-lock
LOCK_ARGS  ?=

.PHONY: demo test lint format i18n lock bundle package-linux bench-sync bench-pop bench-supervisor \
	bench-start bench-load clean

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Regenerate the lock after changing a dependency in pyproject.toml, and commit both together
# (a test fails while a declared dependency is missing from the lock). Pins already in the lock
# are kept; `make lock LOCK_ARGS=--upgrade` moves every package to its newest allowed release,
# `LOCK_ARGS="--upgrade-package httpx"` one. pip-tools runs from a venv of its own: it is no
# dependency of AgentDesk.
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/python -m pip install --quiet 'pip-tools>=7.4,<8'; }
	$(LOCK_TOOLS)/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and \
		"make lock: the lock is made for Python 3.11, as CI runs it; use PYTHON=python3.11")'
	CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes \
		--all-extras --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

i18n: $(QM)

demo: $(STAMP) i18n
	$(BIN)/agentdesk demo

test: $(STAMP) i18n
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	# Strict on the core and the UI; tests and their fakes against the real types.
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --ignore=tests/ui --ignore=tests/e2e $(PYTEST_ARGS)
	# The Qt tests run in a process of their own: one QApplication, no other suite's leftovers.
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/ui tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks print figures; they never pass or fail on time. CUSTOMERS="100000" runs one size.
CUSTOMERS ?= 100000 1000000
bench-sync: $(STAMP)
	$(BIN)/python bench/sync_bench.py --customers $(CUSTOMERS)

# Over the backend database bench-sync seeded (seeded here when missing). CUSTOMERS=100000 too.
bench-pop: $(STAMP) i18n
	$(BIN)/python bench/pop_bench.py --customers $(lastword $(CUSTOMERS))

# The installed bundle's start-up (cold and warm, beside a frozen PySide6 window measured in the
# same run) and the desk's memory with a cache of RSS_CUSTOMERS (the first run at 1M syncs it:
# minutes). RSS_CUSTOMERS=0 skips the memory part.
RSS_CUSTOMERS ?= 1000000
bench-start: bundle
	$(BIN)/python bench/start_bench.py --rss-customers $(RSS_CUSTOMERS)

# The supervisor's console at 1,000 agents over a throwaway PostgreSQL database (made and dropped
# at AGENTDESK_TEST_PG, default postgres@127.0.0.1:5432). SUPERVISOR_ARGS="--duration 60" etc.
SUPERVISOR_ARGS ?=
bench-supervisor: $(STAMP) i18n
	$(BIN)/python bench/supervisor_bench.py $(SUPERVISOR_ARGS)

# 1,000 desks (each its own /events stream) and ~200 REST req/s against `agentdesk server
# --workers 2` on a throwaway PostgreSQL database, then the same ticket work against
# django-helpdesk (installed into bench/.work/peer), then the same desks against a server doing
# no work (the floor). LOAD_ARGS="--no-peer --no-floor --seconds 30" etc.
LOAD_ARGS ?=
bench-load: $(STAMP)
	$(BIN)/python bench/load_bench.py $(LOAD_ARGS)

# One-dir bundle; PyInstaller's work folder stays out of build/ (our packaging sources).
# The lock is applied again first: a package changed by hand in .venv goes back to its pin.
bundle: $(STAMP) i18n
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pyinstaller installer.spec --noconfirm --workpath .pyi-work --distpath dist

# dist/agentdesk_<version>_amd64.deb and dist/agentdesk-<version>-linux-x86_64.tar.gz
package-linux: bundle
	bash build/linux/package.sh

clean:
	rm -rf .pyi-work dist .pytest_cache .ruff_cache resources/i18n/*.qm
