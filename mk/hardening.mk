# Hardening and performance (docs/security.md, docs/performance.md).
#
#   make test-valgrind     the C test programs (tests/c/*.c) under valgrind:
#                          zero errors, zero leaks          (part of make test)
#   make test-concurrency  16 threads x 10^4 calls, release build (also in test-rust)
#   make bench             the MAC floor, criterion, the 10^6-call soak, the side-by-side
#                          table and instruction counts (never in make test)
#   make fuzz              every cargo-fuzz target for FUZZ_SECONDS each
#                          (never in make test)

DEPS_TARGETS += deps-hardening
TEST_TARGETS += test-valgrind

.PHONY: deps-hardening test-valgrind test-concurrency bench bench-criterion bench-soak bench-side bench-callgrind bench-floor fuzz

deps-hardening:
	@scripts/ensure-debs.sh valgrind

# Built against the release library (`make test` builds it first); each program
# takes the pathfile as its argument and runs from the repository root.
C_TEST_OUT := target/release/c-tests-valgrind
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible \
	--track-origins=yes --num-callers=30 --suppressions=tests/c/valgrind.supp

test-valgrind:
	@command -v valgrind >/dev/null || { echo "valgrind missing: run make deps"; exit 1; }
	@test -f target/release/libsogen.so || $(CARGO) build --release
	@mkdir -p $(C_TEST_OUT)
	@ln -sf ../libsogen.so $(C_TEST_OUT)/libsogen.so.1
	@for src in tests/c/*.c; do \
		prog=$(C_TEST_OUT)/$$(basename $$src .c); \
		cc -std=c99 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g -O1 -o $$prog $$src -Iinclude \
			-Ltarget/release -Wl,-rpath,'$$ORIGIN' -lsogen -lpthread || exit 1; \
		echo "valgrind: $$src"; \
		$(VALGRIND) $$prog demo/pathfile > $$prog.out 2>&1; status=$$?; \
		grep -v '^ok ' $$prog.out; \
		if [ $$status -ne 0 ]; then echo "valgrind: $$src failed (exit $$status)"; exit 1; fi; \
		echo "valgrind: $$src: $$(grep -c '^ok ' $$prog.out) checks ok, 0 errors, 0 leaks"; \
	done

test-concurrency:
	$(CARGO) test --release --test concurrency

# ---------------------------------------------------------------- benchmarks

bench: bench-floor bench-criterion bench-soak bench-side bench-callgrind

# request and response beside the DES MAC over their own DATA text (ours,
# OpenSSL's when libcrypto is there, the des crate's): the floor of a call.
bench-floor:
	$(CARGO) bench --bench floor

bench-criterion:
	$(CARGO) bench --bench sogen

bench-soak:
	$(CARGO) bench --bench soak

# SOGEN_LEGACY_BIN=<dir> adds the legacy executables to the table.
bench-side:
	python3 scripts/bench.py

bench-callgrind:
	@$(CARGO) build --release --quiet
	@inputs=$$(mktemp) && python3 -c 'import sys; sys.path.insert(0, "scripts"); import bench; bench.make_inputs(sys.argv[1])' $$inputs \
		&& scripts/bench-callgrind.sh $$inputs; status=$$?; rm -f $$inputs; exit $$status

# ---------------------------------------------------------------- fuzzing

FUZZ_SECONDS ?= 60

fuzz: release
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz
	fuzz/run.sh $(FUZZ_SECONDS)
