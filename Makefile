# SPDX-License-Identifier: Apache-2.0
# Everyday entry points. Each target does its prerequisites itself, so `make test` works on a fresh Debian 12
# machine and costs almost nothing when everything is already in place.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Seconds before CTest kills one test (the browser suite starts Chromium and the server, so it is generous).
TEST_TIMEOUT ?= 300
# Parallel test processes. CTest orders the postgres_cluster fixture's setup and cleanup around the tests that
# require it; raise this only when every suite picks free ports and temporary directories of its own.
TEST_JOBS ?= 1

CXX_SOURCES = find src bench fuzz tests -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0

.PHONY: setup build run test checks rebaseline asan bench fuzz format lint clean

setup:
	scripts/setup.sh

build: setup
	if [[ ! -f build/release/build.ninja ]]; then cmake --preset release; fi
	cmake --build --preset release

run: build
	mkdir -p var
	exec build/release/src/app/kasane serve --db sqlite:var/kasane.db --listen 127.0.0.1:8080 --load-demo --living-demo

test: build
	ctest --test-dir build/release --output-on-failure --timeout $(TEST_TIMEOUT) -j$(TEST_JOBS)

# Regenerates the golden files (tests/golden/expected) from the demo town with the fixed clock. Deliberate: review
# `git diff tests/golden/expected` and commit only the changes you meant.
rebaseline: build
	KASANE_BIN=build/release/src/app/kasane node tests/golden/run.mjs --rebaseline

asan: setup
	if [[ ! -f build/asan/build.ninja ]]; then cmake --preset asan; fi
	cmake --build --preset asan
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	    ctest --test-dir build/asan --output-on-failure --timeout $(TEST_TIMEOUT) -j$(TEST_JOBS) -L '^(unit|storage)$$'

# The benchmarks, then the long variants of the fault tests (100 SIGKILL rounds, a minute of hostile input,
# scale-out under load) on their own PostgreSQL cluster.
bench: setup
	bench/run.sh
	scripts/fault-soak.sh build/release

fuzz: setup
	fuzz/run.sh 300

format:
	$(CXX_SOURCES) | xargs -0 -r clang-format -i

# All of .clang-tidy on every .cpp of src/ (tens of minutes on 2 cores; `make test` runs a short list of checks
# on the files a change touches: scripts/check_tidy.sh).
lint: setup
	if [[ ! -f build/release/compile_commands.json ]]; then cmake --preset release; fi
	scripts/check_tidy.sh --all --full

# The checks of `make test` alone (ctest label checks): layers, clang-format, clang-tidy on the changed files, SPDX.
checks: build
	ctest --test-dir build/release --output-on-failure --timeout $(TEST_TIMEOUT) -L '^checks$$'

clean:
	rm -rf build
