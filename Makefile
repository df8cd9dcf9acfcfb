# The annotated reader. `make serve` builds and serves the site; `make test` runs the tests.
# Both set up everything first: a virtual environment from pinned dependencies, and the
# Debian packages the tests and the PDF need (Chromium, a CJK font, poppler-utils).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium fonts-noto-cjk fonts-dejavu-core libharfbuzz-subset0 poppler-utils
export NO_MKDOCS_2_WARNING := true

.PHONY: setup system-deps serve site docs pdf test lint bench bench-extraction clean

# Python writes no bytecode for our own package on a machine with PYTHONDONTWRITEBYTECODE set
# (as this project's are), so every build would compile it again: a tenth of a second.
setup: $(STAMP)
	@$(BIN)/python -m compileall -q build_scripts >/dev/null

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Installs what is missing, once; needs root (as on the project's machines) or sudo.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

serve: setup
	$(BIN)/python -m build_scripts check
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

site: setup
	$(BIN)/python -m build_scripts site --out site

pdf: setup system-deps
	$(BIN)/python -m build_scripts pdf --out site/reader.pdf

docs: setup
	$(BIN)/python -m build_scripts docs

test: setup system-deps node-deps
	$(BIN)/ruff check build_scripts tests
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The npm packages of the browser checks (axe-core, Lighthouse; package-lock.json pins them),
# installed again only when the lock file changes. Installs Debian's nodejs and npm if needed.
.PHONY: node-deps audit
node-deps:
	@if [ -f package.json ]; then \
	  if ! command -v npm >/dev/null; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
	  fi; \
	  [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; \
	fi

# axe-core and Lighthouse on the built site: writes reports/audit.md and prints it.
audit: setup system-deps node-deps
	$(BIN)/python -m build_scripts audit

lint: setup
	$(BIN)/ruff check build_scripts tests
	$(BIN)/ruff format --check build_scripts tests

bench: setup
	$(BIN)/python -m build_scripts bench

# Real web pages (../shared/corpus, or CORPUS=folder) read as saved pages and as copied text,
# beside trafilatura alone and keeping everything: writes reports/extraction.md. Then the
# site built from up to 1,000 of them saved as .html seeds: writes reports/saved-pages.md.
CORPUS ?= ../shared/corpus
bench-extraction: setup
	$(BIN)/python -m build_scripts.tools.extraction_bench --corpus $(CORPUS)
	$(BIN)/python -m build_scripts bench --saved-pages $(CORPUS)

clean:
	rm -rf site .site.* .pytest_cache .hypothesis
