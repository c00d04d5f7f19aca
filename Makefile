# detente: two commands do all set-up.  `make demo`  and  `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= detente.duckdb
STAMP := $(VENV)/.installed

.PHONY: demo test install eval clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or run: make PY=python3 ...)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/detente analyze examples/articles --db $(DB)
	$(BIN)/detente summary --db $(DB)
	@echo ""
	@echo "Next: $(BIN)/detente events --db $(DB) --dyad AZE,RUS"
	@echo "      $(BIN)/detente show <article id> --db $(DB)     (ids: $(BIN)/detente articles --db $(DB))"
	@echo "      $(BIN)/detente actors lookup \"Nikol Pashinyan\" --date 2019-05-01"

test: install
	$(BIN)/python -m pytest tests

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
