# Komm Mit assistant. The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
LANGS := de en ar fa uk ru tr
# The staff console speaks German and English (its own catalog domain "staff").
STAFF_LANGS := de en
MODEL := models/komm-mit.tar.gz
TRAIN_INPUTS := config.yml domain.yml $(wildcard nlu/*.yml) $(wildcard nlu/subtopics/*.yml) \
                $(wildcard stories/*.yml) \
                rasa_ext/tokenizer.py rasa_ext/linear_intents.py rasa_ext/language_named.py \
                rasa_ext/rule_index.py rasa_ext/diet.py rasa_ext/payloads.py rasa_ext/subtopics.py \
                rasa_ext/ngrams.py rasa_ext/fingerprints.py \
                bot/language/normalize.py

# Embedded defaults; override on the command line or in the environment.
export KOMM_MIT_PORT ?= 8000
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export VENV
export KOMM_MIT_VAR ?= var
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONUNBUFFERED := 1
# Rasa 3.6 and its pins emit many deprecation warnings that bury real output.
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning,ignore::FutureWarning

.PHONY: install catalogs extract lexicon train migrate run test eval lint types unit validate e2e \
        clean help production-run production-stop bench test-future

help:
	@echo "make run    – install, train if needed, start the assistant on http://localhost:$(KOMM_MIT_PORT)"
	@echo "make test   – install, train if needed, run the whole test suite"
	@echo "other: install train catalogs extract lexicon eval lint types unit validate e2e clean"
	@echo "       test-future – the tests without the stack, with the clock 400 days ahead (faketime)"
	@echo "       production-run production-stop (docs/deployment.md)"
	@echo "       bench      – benchmarks into docs/performance.md (docs/performance.md)"

install: $(VENV)/.installed

# One pip resolve for everything (rasa pinned in pyproject.toml), then `pip check`.
$(VENV)/.installed: pyproject.toml
	@PY310="$$(tools/find-python310)" && echo "Using $$PY310" && \
	  { [ -x $(PY) ] || "$$PY310" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip check
	@touch $@

# Compile the Babel catalogs (run time reads the .mo files).
catalogs: install
	@$(VENV)/bin/pybabel compile -d locales -D messages
	@$(VENV)/bin/pybabel compile -d locales -D staff

# For developers after changing texts: extract `_()` strings and update every language.
extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg --no-wrap --sort-by-file -o locales/messages.pot \
	  --project "Komm Mit assistant" --copyright-holder "Landkreis Osnabrück" .
	@for lang in $(LANGS); do \
	  if [ -f locales/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel update --no-wrap --no-fuzzy-matching -i locales/messages.pot -d locales -D messages -l $$lang; \
	  else \
	    $(VENV)/bin/pybabel init --no-wrap -i locales/messages.pot -d locales -D messages -l $$lang; \
	  fi; done
	$(VENV)/bin/pybabel extract -F babel-staff.cfg --no-default-keywords -k t --no-wrap --sort-by-file \
	  -o locales/staff.pot --project "Komm Mit staff console" --copyright-holder "Landkreis Osnabrück" .
	@for lang in $(STAFF_LANGS); do \
	  $(VENV)/bin/pybabel update --no-wrap --no-fuzzy-matching -i locales/staff.pot -d locales -D staff -l $$lang; \
	done

# For developers after changing nlu/: what language detection takes from the training data
# (bot/language/*_generated.txt; a test fails while they are out of date). Commit them.
lexicon: install
	$(PY) tools/make_lexicon.py

train: $(MODEL)

# Make skips training while data, config and the tokenizer are unchanged. Rasa's own data
# check is skipped here (half a minute): `make validate`, part of `make test`, runs it.
$(MODEL): $(TRAIN_INPUTS) | install
	@mkdir -p models
	$(VENV)/bin/rasa train --data nlu stories --fixed-model-name komm-mit --out models --skip-validation --quiet
	@touch $@

# Create or upgrade the application database (SQLite in var/ unless KOMM_MIT_DATABASE_URL).
migrate: install
	@mkdir -p -m 700 $(KOMM_MIT_VAR) && chmod 700 $(KOMM_MIT_VAR)
	umask 077 && $(PY) -m bot migrate

run: install catalogs train migrate
	@mkdir -p -m 700 $(KOMM_MIT_VAR) && chmod 700 $(KOMM_MIT_VAR)
	@echo "Starting Rasa, the action server and the chat service; open http://localhost:$(KOMM_MIT_PORT) (Ctrl-C stops everything)"
	umask 077 && $(VENV)/bin/honcho start -f Procfile

# The production layout on loopback (PostgreSQL, Redis, 2x Rasa, 2x actions, 2x bot, nginx);
# see docs/deployment.md. Tests (tests/production/) and benchmarks start it themselves.
production-run: install catalogs train
	$(PY) -m tools.production_run start

production-stop: install
	$(PY) -m tools.production_run stop

# Benchmarks (not part of `make test`): load, memory, cold start, training time, NLU quality.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--levels 1,10 --seconds 30 --skip-train".
bench: install catalogs train
	$(PY) -m bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check bot actions rasa_ext tests tools bench

types: install
	$(VENV)/bin/mypy

validate: install
	$(VENV)/bin/rasa data validate --data nlu stories --fail-on-warnings --quiet

unit: install catalogs train
	$(VENV)/bin/pytest -q

# No test may depend on today's date: the tests that need no running stack once more, with
# the clock of every process (also subprocesses) 400 days ahead (Debian's faketime).
# Tests that load the TensorFlow model in-process are left out: they parse fixed texts
# (no date), `make test` ran them, and one of them hung under libfaketime in CI (stop 25).
FUTURE_TESTS := -m "not stack and not browser and not production and not model"
test-future: install catalogs
	@command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime"; exit 1; }
	DONT_FAKE_MONOTONIC=1 FAKETIME_NO_CACHE=1 faketime -f '+400d' \
	  $(VENV)/bin/pytest -q -p no:cacheprovider $(FUTURE_TESTS)

e2e: install train
	$(VENV)/bin/rasa test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/results/core --quiet

# Two tables: held-out (floor 0.92, target 0.93) and realistic messages (tests/nlu/real;
# floor 0.90, target 0.92; issue 16). Today every language meets its target (lowest:
# held-out ar 0.933, realistic ar 0.931, 2026-12-07); the floors catch a regression.
# Sub-topics "answered" (2026-12-07 evening): de .83 en .89 ar .72 fa .78 uk .72 ru .77 tr .82.
eval: install train
	$(PY) tools/eval_nlu.py --model $(MODEL) --min-accuracy 0.92 --min-real-accuracy 0.90 \
		$(foreach l,$(LANGS),tests/nlu/$(l).yml) --real $(foreach l,$(LANGS),tests/nlu/real/$(l).yml) \
		--subtopics $(foreach l,$(LANGS),tests/nlu/subtopics/$(l).yml) --min-subtopic-accuracy 0.65

test: install catalogs train lint types validate unit e2e eval
	@echo "make test: all checks passed"

clean:
	rm -rf models var .mypy_cache .ruff_cache .pytest_cache
