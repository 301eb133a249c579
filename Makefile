# The two commands a new machine needs: `make demo` and `make test`.
# Both create .venv and install the project (with the gui, server and dev extras) on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
QM     := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint format i18n bundle package-linux bench-sync bench-pop clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[gui,server,dev]'
	touch $(STAMP)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

i18n: $(QM)

demo: $(STAMP) i18n
	$(BIN)/agentdesk demo

test: $(STAMP) i18n
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --ignore=tests/ui $(PYTEST_ARGS)
	# The Qt tests run in a process of their own: one QApplication, no other suite's leftovers.
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/ui $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

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

# One-dir bundle; PyInstaller's work folder stays out of build/ (our packaging sources).
bundle: $(STAMP) i18n
	$(BIN)/pyinstaller installer.spec --noconfirm --workpath .pyi-work --distpath dist

# dist/agentdesk_<version>_amd64.deb and dist/agentdesk-<version>-linux-x86_64.tar.gz
package-linux: bundle
	bash build/linux/package.sh

clean:
	rm -rf .pyi-work dist .pytest_cache .ruff_cache resources/i18n/*.qm
