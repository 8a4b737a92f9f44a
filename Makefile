# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run test bench lint clean system-deps

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || $(MAKE) system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned to the CPU build pip finds, before anything pulls a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

# CJK fonts for the briefing chart and the .docx (fontconfig finds them at run time)
install: $(STAMP)
	@command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q . || $(MAKE) system-deps

## Debian/Ubuntu packages a fresh machine may lack (venv support, compilers for wheels-less packages,
## CJK fonts: Noto Sans/Serif CJK for charts and documents, AR PL UKai as 楷体)
system-deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends python3-venv python3-dev build-essential \
		fontconfig fonts-noto-cjk fonts-arphic-ukai

## Install, load the bundled sample data on first start, then run the bot (TELEGRAM_BOT_TOKEN set) or the terminal chat
run: install
	$(BIN)/safetybot start

## Install and run the whole test suite
test: install
	$(BIN)/python -m pytest -q

## Latency and throughput benchmarks (no timing assertions in tests)
bench: install
	$(BIN)/python -m benchmarks.run

lint: install
	$(BIN)/ruff check bot knowledge retrieval drafting tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf var .pytest_cache
