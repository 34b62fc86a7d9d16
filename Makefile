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

.PHONY: setup build run test rebaseline asan bench fuzz format lint clean

setup:
	scripts/setup.sh

build: setup
	if [[ ! -f build/release/build.ninja ]]; then cmake --preset release; fi
	cmake --build --preset release

run: build
	mkdir -p var
	exec build/release/src/app/kasane serve --db sqlite:var/kasane.db --listen 127.0.0.1:8080 --load-demo

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

# clang-tidy 14 does not know -std=c++23 (g++ 12 does); the later -std=c++2b on its command line takes effect.
# Boost 1.74 enables co_await for clang only with libc++; with libstdc++ it has to be told.
lint: setup
	if [[ ! -f build/release/compile_commands.json ]]; then cmake --preset release; fi
	find src -type f -name '*.cpp' -print0 | xargs -0 -r -n 4 -P 2 \
	    clang-tidy -p build/release --quiet --warnings-as-errors='*' --extra-arg=-std=c++2b --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1

clean:
	rm -rf build
