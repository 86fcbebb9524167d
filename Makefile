# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.8
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install install-dev browser lint typecheck pytest dockerlint bench eval compare clean help

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) ## Install the service from the lock file
	$(UV) sync --frozen --inexact --no-dev --quiet

install-dev: $(UV) ## Install the service and the development tools from the lock file
	$(UV) sync --frozen --inexact --quiet

run: install ## Install, start the database, migrate, seed and serve on 127.0.0.1:8000
	$(BIN)/county serve

lint: install-dev ## ruff (lint and format check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev ## mypy (strict)
	$(BIN)/mypy

dockerlint: install-dev ## hadolint on the Dockerfile
	$(BIN)/hadolint Dockerfile

# Debian's Chromium (Playwright's own browser download does not work offline) and a CJK font
# for the page's screenshots. Installed when missing and apt-get can; the browser tests say
# loudly when they could not run (and fail under COUNTY_REQUIRE_BROWSER=1, as in CI).
browser: ## Chromium for the browser tests, when missing and installable
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get install -y --no-install-recommends chromium chromium-driver fonts-wqy-zenhei \
		>/dev/null; } || echo "WARNING: Chromium is not installed; the browser tests will not run"

pytest: install-dev browser ## The test suite against real PostgreSQL
	$(BIN)/pytest

test: lint typecheck dockerlint pytest ## Everything CI runs

bench: install-dev ## The benchmark (see bench/README.md)
	bench/run

eval: install ## Score the parser on the annotated corpus (corpus/README.md)
	$(BIN)/county eval corpus/dev
	$(BIN)/county eval corpus/holdout
	$(BIN)/county eval corpus/seed

compare: install-dev ## Our parser's components against jionlp, cpca and jieba, on the corpus
	$(UV) sync --frozen --inexact --quiet --group compare
	$(BIN)/python bench/libraries.py corpus/dev corpus/seed

clean: ## Remove the virtual environment and caches (not .data)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
