# okr — make targets. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test clean release install uninstall bench bench-quick torture fuzz screenshots

# Where `make install` puts things (Debian's layout); DESTDIR stages into another root.
PREFIX ?= /usr
DESTDIR ?=
BINDIR := $(DESTDIR)$(PREFIX)/bin
MANDIR := $(DESTDIR)$(PREFIX)/share/man/man1
UNITDIR := $(DESTDIR)$(PREFIX)/lib/systemd/system
SYSUSERSDIR := $(DESTDIR)$(PREFIX)/lib/sysusers.d
CONFDIR := $(DESTDIR)/etc/okr
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/okr
BASHDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR := $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions
FISHDIR := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
MANUALS := .build/plugins/GenerateManual/outputs

## deps: install what a fresh Debian machine lacks (LMDB's headers and library; zlib's, which
## ZIPFoundation inflates Viva Goals' export ZIP with; Python 3, whose
## html.parser and csv modules the tests use to read okrctl's report and CSV as others would;
## headless Chromium, its driver and Selenium, in which the tests open the dashboard; a virtual
## environment with the official MCP and Standard Webhooks SDKs from PyPI, the tests' clients;
## Debian's statsmodels, which `metric lead` is checked and benchmarked against).
deps:
	@pkg-config --exists lmdb 2>/dev/null || { \
		echo "installing liblmdb-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq liblmdb-dev pkg-config; }
	@pkg-config --exists zlib 2>/dev/null || { \
		echo "installing zlib1g-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq zlib1g-dev pkg-config; }
	@command -v python3 >/dev/null || { \
		echo "installing python3"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3; }
	@{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' 2>/dev/null; } || { \
		echo "installing chromium, chromium-driver and python3-selenium"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver python3-selenium fonts-dejavu-core; }
	@/usr/bin/python3 -c 'import statsmodels' 2>/dev/null || { \
		echo "installing python3-statsmodels"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq --no-install-recommends python3-statsmodels; }
	@python3 -c 'import ensurepip' 2>/dev/null || { \
		echo "installing python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	@[ -x .build/test-venv/bin/python ] && .build/test-venv/bin/python -c 'import mcp, standardwebhooks' 2>/dev/null || { \
		echo "installing the MCP and Standard Webhooks SDKs from PyPI into .build/test-venv"; \
		python3 -m venv .build/test-venv && .build/test-venv/bin/pip install -q mcp standardwebhooks; }

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

## screenshots: the README's pictures of the dashboard (docs/images), made by the browser test's
## script in headless Chromium against a real okrd.
screenshots: build
	/usr/bin/python3 Tests/Browser/dashboard_in_browser.py --bin .build/debug --screenshots docs/images

## release: optimised binaries and their man pages (generated from the command definitions).
release: deps
	$(SWIFT) build -c release
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --configuration release

## install: binaries, man pages, systemd unit, sysusers file, default config (kept if present),
## shell completions and the example crontab. Then: systemd-sysusers; systemctl daemon-reload.
install: release
	install -Dm755 .build/release/okrd $(BINDIR)/okrd
	install -Dm755 .build/release/okrctl $(BINDIR)/okrctl
	install -Dm755 .build/release/okr-dashboard $(BINDIR)/okr-dashboard
	install -Dm755 .build/release/okr-mcp $(BINDIR)/okr-mcp
	install -Dm644 $(MANUALS)/okrd/okrd.1 $(MANDIR)/okrd.1
	install -Dm644 $(MANUALS)/okrctl/okrctl.1 $(MANDIR)/okrctl.1
	install -d $(UNITDIR) $(SYSUSERSDIR) $(CONFDIR) $(DOCDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	sed 's|/usr/bin/okrd|$(PREFIX)/bin/okrd|' config/okrd.service > $(UNITDIR)/okrd.service
	sed 's|/usr/bin/okrctl|$(PREFIX)/bin/okrctl|' config/okr-dashboard.service > $(UNITDIR)/okr-dashboard.service
	install -m644 config/okrd.sysusers $(SYSUSERSDIR)/okrd.conf
	install -m644 config/okr-dashboard.sysusers $(SYSUSERSDIR)/okr-dashboard.conf
	[ -e $(CONFDIR)/okrd.toml ] || install -m644 config/okrd.toml $(CONFDIR)/okrd.toml
	install -m644 config/okr-metrics.crontab $(DOCDIR)/okr-metrics.crontab
	.build/release/okrctl completion bash > $(BASHDIR)/okrctl
	.build/release/okrctl completion zsh > $(ZSHDIR)/_okrctl
	.build/release/okrctl completion fish > $(FISHDIR)/okrctl.fish

## uninstall: everything install put there, except /etc/okr/okrd.toml and the data in /var/lib/okrd.
uninstall:
	rm -f $(BINDIR)/okrd $(BINDIR)/okrctl $(BINDIR)/okr-dashboard $(BINDIR)/okr-mcp $(MANDIR)/okrd.1 $(MANDIR)/okrctl.1 $(UNITDIR)/okrd.service \
		$(UNITDIR)/okr-dashboard.service $(SYSUSERSDIR)/okr-dashboard.conf $(SYSUSERSDIR)/okrd.conf $(DOCDIR)/okr-metrics.crontab $(BASHDIR)/okrctl $(ZSHDIR)/_okrctl $(FISHDIR)/okrctl.fish
	-rmdir $(DOCDIR) 2>/dev/null

## bench: okrd against raw LMDB in the same run (BENCHMARKS.md); exit 3 when a target is missed.
## The benchmarks are a package of their own (Benchmarks/Package.swift), built beside the product.
BENCH := Benchmarks/.build/release/okr-bench
bench: deps
	$(SWIFT) build -c release
	$(SWIFT) build -c release --package-path Benchmarks
	$(BENCH) --bin .build/release

## bench-quick: the same at a tenth of the sizes, for a fast look.
bench-quick: deps
	$(SWIFT) build -c release
	$(SWIFT) build -c release --package-path Benchmarks
	$(BENCH) --bin .build/release --quick

## torture: the long forms of the crash, fault and abuse tests (README "Guarantees"); minutes, not
## part of `make test`, which runs the same tests in their short forms.
TORTURE_FUZZ_SECONDS ?= 1800
torture: deps
	OKR_TORTURE=long $(SWIFT) test --filter 'CrashConsistencyTests|SocketFuzzTests|ResourceFaultTests'
	$(MAKE) fuzz FUZZ_SECONDS=$(TORTURE_FUZZ_SECONDS)

## fuzz: libFuzzer over OKRServer's request path, as the okrd-fuzz executable (Fuzz/README.md), for FUZZ_SECONDS (default 60);
## a crash leaves its input in .build-fuzz/ and fails. Not part of `make test`; CI runs it short.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := .build-fuzz
FUZZER_NO_MAIN = $(firstword $(wildcard $(dir $(shell readlink -f $$(command -v $(SWIFT))))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))
fuzz: deps
	$(SWIFT) build -c release --product okrd-fuzz --build-path $(FUZZ_BUILD) -Xswiftc -DOKR_FUZZ -Xswiftc -enable-testing \
		-Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
		-Xlinker $(FUZZER_NO_MAIN) -Xlinker -lstdc++
	rm -rf $(FUZZ_BUILD)/tmp && mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts $(FUZZ_BUILD)/tmp
	cd $(FUZZ_BUILD) && TMPDIR=$$PWD/tmp SWIFT_BACKTRACE=enable=no ./release/okrd-fuzz corpus ../Fuzz/corpus -dict=../Fuzz/okr.dict \
		-max_len=4096 -timeout=10 -rss_limit_mb=4096 -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=artifacts/

clean:
	rm -rf .build $(FUZZ_BUILD)
