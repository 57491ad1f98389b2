# Two set-up commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install system-deps lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job on the embedded default: the bundled example articles analysed into a SQLite
# ledger (prospects.db), the seed article's forecasts resolved from bundled data, sources scored.
DB ?= prospects.db
run: $(STAMP)
	$(BIN)/prospects ingest examples/articles --db $(DB)
	$(BIN)/prospects forecasts --db $(DB)
	$(BIN)/prospects resolve --rules examples/rules/seed-2024-07.yaml --db $(DB)
	$(BIN)/prospects score --db $(DB)
	@echo
	@echo "Browse this ledger: $(BIN)/prospects serve --db $(DB)"
	@echo "then open http://127.0.0.1:8000/ (make a token to resolve and correct: $(BIN)/prospects token create NAME --db $(DB))"

# What the tests need besides Python packages: Debian's chromium (browser tests) and
# postgresql (ledger tests start a throwaway cluster on a loopback port).
system-deps:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium postgresql >/dev/null; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) system-deps lint typecheck
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
