# Two commands for a new user: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test test-fast lint typecheck bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "layoffbot needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# PYTHONWARNINGS: setuptools' notes about editable installs are for packagers, not users.
$(STAMP): pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP)

## make run: set up (first time) and run the bot (console adapter unless Slack/Discord are configured)
run: $(STAMP)
	$(BIN)/layoffbot db upgrade
	$(BIN)/layoffbot run

## make test: set up (first time) and run the whole test suite
# Three tests at a time (pytest-xdist): much of the suite waits on real bot processes, fake
# platforms and feed servers (on 2 cores one worker per core left them idle ~half the time).
# TEST_JOBS=0 runs it in one process. Bytecode is compiled first: the tests start ~hundreds
# of `layoffbot` processes, and where PYTHONDONTWRITEBYTECODE is set each would compile
# the bot's modules again. For the same reason pytest may write its cache of the test
# modules with their asserts rewritten (tests/__pycache__/*-pytest-*.pyc): where
# PYTHONDONTWRITEBYTECODE is set, every worker rewrote all ~260 modules on every run
# (~5 s of CPU each, a third of collecting the suite). Work stealing: with xdist's default
# scheduling one worker kept a queue of waiting e2e tests for the last ~10 minutes while the
# other two sat idle (session 16: 91% done at 7 min, the rest took 11).
TEST_JOBS ?= 3
test: $(DEV_STAMP)
	$(BIN)/python -m compileall -q bot feeds adapters
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_JOBS) --dist worksteal $(PYTEST_ARGS)

test-fast: $(DEV_STAMP)
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check bot feeds adapters tests bench scripts
	$(BIN)/ruff format --check bot feeds adapters tests bench scripts
	$(BIN)/mypy
	$(BIN)/vulture bot feeds adapters vulture_whitelist.py --min-confidence 80 --exclude bot/store/migrations

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

$(BENCH_STAMP): pyproject.toml $(DEV_STAMP)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@

## make bench: layoffbot beside reader (bench/peer.py), then every measure of bench/run.py
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.peer --json bench/results/peer.json
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build *.egg-info
