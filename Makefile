# fleetkam — `make run` and `make test` do everything on a fresh Debian 12 machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)
TIDY_JOBS ?= $(JOBS)
BUILD := build
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
FUZZ_SECONDS ?= 600
DB ?= sqlite:fleetkam.db
LISTEN ?= 127.0.0.1:8080
CMAKE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: help deps build server asan-build web run test test-unit test-api test-postgres test-asan test-web test-e2e lint lint-text lint-tidy lint-tidy-idle format bench fuzz-build fuzz-smoke fuzz soak clean

help:
	@echo "make run    install what is missing, build, start http://$(LISTEN) with demo data"
	@echo "make test   everything CI checks (lint, unit, API on SQLite and PostgreSQL, sanitizers, web, e2e)"
	@echo "make bench  the benchmarks of bench/ (wrk and Google Benchmark)"
	@echo "make soak   the long failure, random-request and fuzz runs (bench/failure-soak.sh, fuzz/)"

deps:
	@bash scripts/install-deps.sh
	@bash scripts/npm-install.sh refdata web

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The server binary alone (what `make run`, lint and the web and e2e checks need): the test
# programs are built and run by test-asan.
server: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target fleetkam

web: deps
	@npm --prefix web run build --silent

run: server web
	@echo "Starting fleetkam on http://$(LISTEN) (database $(DB)); stop with Ctrl-C."
	@./$(BUILD)/fleetkam serve --db $(DB) --listen $(LISTEN) --demo

# The build lint, the web checks and e2e use. `make test` sets it to the sanitizer build, so CI
# compiles the sources once and e2e runs the server with AddressSanitizer too.
CHECK_BUILD ?= $(BUILD)
CHECK_TARGET := $(if $(filter $(ASAN_BUILD),$(CHECK_BUILD)),asan-build,server)

lint: lint-text lint-tidy

# The quick checks: dates in the tests, formatting.
lint-text:
	@echo "== no calendar date later than today in the tests (scripts/check-test-dates.mjs)"
	@node scripts/check-test-dates.mjs --self-test
	@node scripts/check-test-dates.mjs
	@echo "== clang-format"
	@clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.h')

TIDY := node scripts/clang-tidy-cached.mjs $(CHECK_BUILD) $(TIDY_JOBS) $$(git ls-files 'src/*.cpp')

lint-tidy: $(CHECK_TARGET)
	@echo "== clang-tidy (a file whose preprocessed text passed before is not checked again: scripts/clang-tidy-cached.mjs)"
	@$(TIDY)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.h')

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -R '^unit$$'

test-api: build
	@cd $(BUILD) && ctest --output-on-failure -R '^api_(sqlite|uploads)$$'

test-postgres: build
	@cd $(BUILD) && ctest --output-on-failure -R '^api_postgres$$'

# The unit and API suites built with AddressSanitizer and UndefinedBehaviorSanitizer: any report
# aborts the test, and so fails the run. Two at a time: the API suites wait on HTTP and the
# databases far more than they compute (api_sqlite and api_postgres together take the time of the
# PostgreSQL one alone).
asan-build: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DFLEETKAM_SANITIZE=ON -DFLEETKAM_BENCH=OFF -DFLEETKAM_UNITY=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan-build
	@cd $(ASAN_BUILD) && FLEETKAM_PASSWORD_COST=minimum \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j 2

test-web: $(CHECK_TARGET) web
	@npm --prefix web run typecheck --silent
	@FLEETKAM_BIN=$(CURDIR)/$(CHECK_BUILD)/fleetkam npm --prefix web run check:api --silent
	@npm --prefix web run test:unit --silent

test-e2e: $(CHECK_TARGET) web
	@FLEETKAM_BIN=$(CURDIR)/$(CHECK_BUILD)/fleetkam npm --prefix web run test:e2e

# The libFuzzer targets of fuzz/ (fuzz/README.md), built with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer from the few sources they exercise. fuzz-smoke is CI's short run: each
# target over its seed corpus, then 4 s of fuzzing; any crash, leak or hang fails it. `make fuzz` is
# the long run (FUZZ_SECONDS per target, one target at a time), for soak testing.
fuzz-build: deps
	@CXX=clang++ cmake -S . -B $(FUZZ_BUILD) $(CMAKE_FLAGS) -DFLEETKAM_FUZZ=ON -DFLEETKAM_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all

fuzz-smoke: fuzz-build
	@echo "== libFuzzer smoke run (fuzz/run.sh)"
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_JOBS=$(JOBS) bash fuzz/run.sh 4

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_KEEP=1 bash fuzz/run.sh $(FUZZ_SECONDS)

# One build for everything: the sanitizer build runs the unit and API suites (SQLite and
# PostgreSQL), and its server serves the web and end-to-end checks. make test-unit / test-api /
# test-postgres / test-web / test-e2e run in the plain build.
#
# Three stages, each keeping the two cores busy. The API suites wait on HTTP and the databases more
# than they compute (a quarter of the two cores idled under them): the fuzz targets and the web
# checks run beside them. The browser tests leave a quarter idle too (Chromium waits on the
# network and on transitions): clang-tidy runs beside them at the lowest priority (nice 19), so it
# takes only what they leave.
test:
	@$(MAKE) --no-print-directory CHECK_BUILD=$(ASAN_BUILD) lint-text asan-build
	@$(MAKE) --no-print-directory -j3 --output-sync=target CHECK_BUILD=$(ASAN_BUILD) test-asan fuzz-smoke test-web
	@$(MAKE) --no-print-directory -j2 --output-sync=target CHECK_BUILD=$(ASAN_BUILD) test-e2e lint-tidy-idle
	@echo "make test: all checks passed"

lint-tidy-idle: $(CHECK_TARGET)
	@echo "== clang-tidy at the lowest priority, beside the browser tests"
	@nice -n 19 $(TIDY)

bench: build
	@bash bench/run.sh

# The long runs of issue 18 that CI leaves out: kill -9 and PostgreSQL restarts many times over,
# the random requests with several seeds on both databases, and every libFuzzer target for
# FUZZ_SECONDS. Figures: bench/README.md, fuzz/README.md.
soak: build fuzz-build
	@FLEETKAM_BUILD=$(BUILD) bash bench/failure-soak.sh
	@FLEETKAM_MATRIX_POSTGRES=1 FLEETKAM_PASSWORD_COST=minimum scripts/with-postgres.sh \
	  $(BUILD)/fleetkam_api_tests --gtest_filter='PermissionMatrix.*'
	@BUILD=$(BUILD) bash bench/random-requests.sh
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_KEEP=1 bash fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
