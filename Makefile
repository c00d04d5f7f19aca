# detente: two commands do all set-up.  `make demo`  and  `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DB ?= detente.duckdb
STAMP := $(VENV)/.installed

.PHONY: demo test install chromium bench clean kb train train-places

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or run: make PY=python3 ...)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Everything pinned in requirements.lock (runtime, test and the optional Ray extra), then detente itself.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/detente analyze examples/articles --db $(DB)
	$(BIN)/detente summary --db $(DB)
	@echo ""
	@echo "Open the dashboard:  $(BIN)/detente serve --db $(DB) --open     (http://127.0.0.1:8765/)"
	@echo "More to try:         $(BIN)/detente dyad AZE RUS --db $(DB)"
	@echo "                     $(BIN)/detente events --db $(DB) --dyad AZE,RUS"
	@echo "                     $(BIN)/detente report --dyad AZE RUS --db $(DB) -o report.html"
	@echo "                     $(BIN)/detente actors lookup \"Nikol Pashinyan\" --date 2019-05-01"

# Browser tests drive Debian's chromium; nothing is downloaded at test time.
chromium:
	@test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else sudo apt-get update -q && sudo apt-get install -y -q chromium; fi; }

test: install chromium
	$(BIN)/python -m pytest tests

# The toponym ranker (detente/where/data/ranker.json), learnt on the tune part of the dev place sets.
train-places: install
	$(BIN)/python tools/train_places.py

bench: install
	$(BIN)/python benchmarks/run.py

# Rebuild the trained event coder (detente/events/data/coder_model.*) from corpus/en/*.jsonl and the tune part of
# ../shared/eval/dev/events.plover.jsonl and the hand-judged tune events in eval/judgements/tune-*.jsonl, with its
# 5-fold cross-validated figures; deterministic, 2 cores.
# Every trained model, deterministically, from corpus/ and the tune parts of ../shared/eval/dev (numbers only).
train: install train-places
	OMP_NUM_THREADS=2 $(BIN)/python tools/train_modality.py
	OMP_NUM_THREADS=2 $(BIN)/python tools/train_coder.py
	$(BIN)/python tools/train_confidence.py
	$(BIN)/python tools/train_sides.py
	$(BIN)/python tools/train_quad.py ../shared/eval/dev/quad.conflibert_train.jsonl

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

# Rebuild the open-data actor files from snapshots of their source repositories (one directory per
# repository, named owner+name; see NOTICE for the repositories and commits): make kb SNAPSHOTS=/path
SNAPSHOTS ?= snapshots
kb: install
	$(BIN)/python tools/build_kb.py $(SNAPSHOTS) --out detente/actors/data
