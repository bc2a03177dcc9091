# The tools (`sogen doctor`, `sogen sandbox`, `sogen init`…), the end-to-end
# browser test and the demonstration shop of `make demo`.
#
#   make demo        build, start the payment sandbox and a sample shop, print the URL
#   make demo-stop   stop them
#   make test-tools  the doctor and sandbox tests (cargo)
#   make test-e2e    the payment flow in headless Chromium (installs it first)

DEPS_TARGETS += deps-tools
TEST_TARGETS += test-tools test-e2e

SOGEN_TOOL := target/release/sogen
DEMO_DIR := target/demo
DEMO_SANDBOX ?= 127.0.0.1:8090
DEMO_SHOP ?= 127.0.0.1:8000

.PHONY: deps-tools tools test-tools test-e2e demo-shop demo-stop

# Debian's Chromium and its driver (no browser download), PHP for the sample
# shops, a font for readable screenshots; then playwright-core from npm.
deps-tools:
	@scripts/ensure-debs.sh chromium chromium-driver php-cli fonts-dejavu-core
	@command -v npm >/dev/null 2>&1 || scripts/ensure-debs.sh nodejs npm
	@if [ ! -d e2e/node_modules/playwright-core ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then \
		cd e2e && npm ci --no-audit --no-fund --loglevel=error; fi

tools:
	$(CARGO) build --release -p sogen

test-tools:
	$(CARGO) test -p sogen

# Needs the release executables (`request` and `response` for the legacy-style
# shop, `sogen` for the rest) and the release library the binding shops load
# (libsogen.so: a stale one would pay with an older protocol).
test-e2e: deps-tools tools
	$(CARGO) build --release -p sogen -p libsogen --lib --bins
	cd e2e && npm test

# The request of the main Makefile is printed first, the URL to open last.
demo-shop: release tools demo-request
	@command -v php >/dev/null 2>&1 || scripts/ensure-debs.sh php-cli
	@mkdir -p $(DEMO_DIR)
	@$(MAKE) --no-print-directory demo-stop >/dev/null
	@# git keeps the demo certificate 0644; the key matrix is a secret.
	@chmod 600 demo/param/certif.fr.000000000000001.php
	@setsid $(SOGEN_TOOL) sandbox --listen $(DEMO_SANDBOX) --pathfile demo/pathfile \
		--db $(DEMO_DIR)/sandbox.sqlite >$(DEMO_DIR)/sandbox.log 2>&1 & echo $$! >$(DEMO_DIR)/sandbox.pid
	@if [ -f examples/php/call_request.php ]; then set -- examples/php; \
		else set -- e2e/fixtures/legacy-shop e2e/fixtures/legacy-shop/router.php; fi; \
		SOGEN_PATHFILE=$(CURDIR)/demo/pathfile SOGEN_BIN=$(CURDIR)/target/release \
		SOGEN_AUTORESPONSE_LOG=$(CURDIR)/$(DEMO_DIR)/autoresponse.log PHP_CLI_SERVER_WORKERS=4 \
		setsid php -d ffi.enable=1 -S $(DEMO_SHOP) -t "$$@" >$(DEMO_DIR)/shop.log 2>&1 & echo $$! >$(DEMO_DIR)/shop.pid; \
		echo "== sample shop: $$1"
	@python3 e2e/wait_http.py http://$(DEMO_SANDBOX)/sandbox/health http://$(DEMO_SHOP)/call_request.php \
		|| { cat $(DEMO_DIR)/sandbox.log $(DEMO_DIR)/shop.log; $(MAKE) --no-print-directory demo-stop; exit 1; }
	@echo "== payment sandbox: http://$(DEMO_SANDBOX)/sandbox/ (back office), log $(DEMO_DIR)/sandbox.log"
	@echo "== test cards: 4970 1000 0000 0006 accepted, 4970 1000 0000 0105 refused (all on the card page)"
	@echo "== automatic responses: $(DEMO_DIR)/autoresponse.log; stop everything with: make demo-stop"
	@echo
	@echo "   Open http://$(DEMO_SHOP)/call_request.php"

# Stops what demo-shop started (each in its own process group), by the ids it recorded.
demo-stop:
	@for name in shop sandbox; do \
		pidfile=$(DEMO_DIR)/$$name.pid; \
		if [ -f $$pidfile ]; then kill -TERM -$$(cat $$pidfile) 2>/dev/null && echo "stopped the demo $$name"; rm -f $$pidfile; fi; \
	done
