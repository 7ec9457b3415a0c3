# okr — make targets. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test clean

## deps: install what a fresh Debian machine lacks (LMDB's headers and library).
deps:
	@pkg-config --exists lmdb 2>/dev/null || { \
		echo "installing liblmdb-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq liblmdb-dev pkg-config; }

## build: debug build of everything.
build: deps
	$(SWIFT) build

## run: build, then run okrd in the foreground on built-in defaults (Ctrl-C stops it cleanly).
## Data goes to ~/.local/state/okrd (or $XDG_STATE_HOME/okrd); okrctl finds the socket with no flags.
run: build
	.build/debug/okrd

## test: every test: unit tests, real-LMDB tests, and the real okrd/okrctl over a socket.
test: deps
	$(SWIFT) test

clean:
	rm -rf .build
