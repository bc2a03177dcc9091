# libsogen — the two commands a newcomer needs:
#   make demo   build, print a payment request for the bundled demo merchant, then
#               start the payment sandbox and the sample shop (mk/tools.mk)
#   make test   install what is missing, build, run every test and binding
#
# Areas add their own targets in mk/*.mk (bindings, benchmarks, sandbox…):
# each appends to DEPS_TARGETS (installation) and TEST_TARGETS (tests).

CARGO ?= cargo
PREFIX ?= /usr/local
export CARGO_TERM_COLOR ?= never

DEPS_TARGETS := deps-core
TEST_TARGETS := lint test-rust

-include mk/*.mk

.PHONY: all build release test deps deps-core lint test-rust demo demo-request header install uninstall difftest clean

all: release

build:
	$(CARGO) build --all-targets

release:
	$(CARGO) build --release

deps: $(DEPS_TARGETS)

deps-core:
	@scripts/ensure-debs.sh gcc libc6-dev pkg-config make python3

test: deps
	$(CARGO) build --release
	@for t in $(TEST_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done
	@echo "make test: all green"

# No function over 60 lines, no clippy warning (library, tools, tests, benches).
lint:
	python3 scripts/function-lengths.py src tools benches tests examples bindings e2e scripts fuzz packaging
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy
	$(CARGO) clippy --release --all-targets --features internals -p libsogen -p sogen -- -D warnings

# Unit, corpus replay (when ../shared exists), C ABI, header and concurrency
# tests, in release: the concurrency test then makes its full 16 x 10^4 calls.
test-rust:
	$(CARGO) test --release -p libsogen --all-targets

demo: demo-shop

# A payment request for the demo merchant (demo/pathfile, paths relative to here).
demo-request: release
	@echo "== request for the demo merchant (amount 25.00 EUR):"
	@target/release/request pathfile=demo/pathfile merchant_id=000000000000001 amount=2500 \
		customer_id=demo-customer order_id=ORDER-1; echo
	@echo "== and the same DATA read back by response:"
	@data=$$(target/release/request pathfile=demo/pathfile merchant_id=000000000000001 amount=2500 \
		| sed -n 's/.*NAME=DATA VALUE="\([0-9a-f]*\)".*/\1/p'); \
		target/release/response pathfile=demo/pathfile "message=$$data"; echo

# Regenerates the checked-in C header from src/ffi.rs.
header:
	$(CARGO) build --lib
	cp "$$(ls -t target/debug/build/libsogen-*/out/sogen.h | head -n 1)" include/sogen.h

# Differential test against the legacy executables (not redistributable: point
# SOGEN_LEGACY_BIN at a directory holding them).
difftest: release
	@test -n "$$SOGEN_LEGACY_BIN" || { echo "set SOGEN_LEGACY_BIN to the legacy executables' directory"; exit 1; }
	python3 tools/difftest.py --cases 1000

clean:
	$(CARGO) clean
