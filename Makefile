VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install fmt lint typecheck test test-pg check run-web run-clock db-upgrade bench demo screenshots docs

install:
	python3 -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'

fmt:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy

test:
	$(BIN)/pytest

test-pg:
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

check: lint typecheck test test-pg

run-web:
	$(BIN)/tandem web

run-clock:
	$(BIN)/tandem clock

db-upgrade:
	$(BIN)/tandem migrate

bench:
	$(BIN)/python -m benchmarks

demo:
	$(BIN)/tandem demo --out demo

# The README's pictures: the demo's messages photographed by headless Chromium
# (Debian: apt-get install chromium fonts-noto-color-emoji).
CHROMIUM ?= chromium
screenshots:
	rm -rf demo && $(BIN)/tandem demo --out demo > /dev/null
	mkdir -p docs/screenshots
	for page in demo/screens/*.html; do \
	  $(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=800,900 \
	    --screenshot=docs/screenshots/$$(basename $$page .html).png "file://$$PWD/$$page"; \
	done

docs:
	$(BIN)/tandem config reference > docs/configuration.md
