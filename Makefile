# okr — make targets. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test clean

## deps: install what a fresh Debian machine lacks (LMDB's headers and library).
deps:
	@pkg-config --exists lmdb 2>/dev/null || { \
		echo "installing liblmdb-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq liblmdb-dev pkg-config; }

## build: debug build of everything.
build: deps
	$(SWIFT) build

## test: every test (unit tests and real-LMDB tests).
test: deps
	$(SWIFT) test

clean:
	rm -rf .build
