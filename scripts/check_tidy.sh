#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# clang-tidy for `make test` and `make lint`. clang-tidy parses each source file as a compiler does (5 to 30 s a
# file here, Boost and the C++23 library headers being most of it), so `make test` runs a short list of checks
# that find real bugs (kCiChecks) on the C++ files a change touches, and `make lint` runs the whole .clang-tidy on
# every file of src/.
#
# Usage: scripts/check_tidy.sh [--all] [--full] [-p BUILD_DIR] [FILE...]
#   FILE...   check these files (paths from the repository root)
#   (none)    check the .cpp files changed against the merge base with $KASANE_TIDY_BASE (default: main), plus
#             the .cpp beside each changed header, unit tests (*_test.cpp) left to `make lint`; on that branch
#             itself (nothing ahead of it), the files of the last commit, so that each merge into main is checked
#   --all     check every .cpp of src/
#   --full    the checks of .clang-tidy instead of kCiChecks
# Files that are not in BUILD_DIR/compile_commands.json (default build/release) are skipped. Runs
# $KASANE_TIDY_JOBS clang-tidy processes at once (default 2). Exit 1 on any finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Each finds a bug, not a matter of taste, and costs little beyond the parse.
kCiChecks='-*,bugprone-use-after-move,bugprone-dangling-handle,bugprone-string-constructor,bugprone-suspicious-string-compare,bugprone-undelegated-constructor,bugprone-unused-return-value,bugprone-unused-raii,bugprone-move-forwarding-reference,bugprone-assert-side-effect,bugprone-inaccurate-erase,bugprone-fold-init-type,performance-unnecessary-copy-initialization,performance-for-range-copy,performance-move-const-arg,performance-implicit-conversion-in-loop'

all=0
full=0
build_dir=build/release
files=()
scope="the files named"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --all) all=1 ;;
        --full) full=1 ;;
        -p) build_dir="$2"; shift ;;
        -*) echo "usage: $0 [--all] [--full] [-p BUILD_DIR] [FILE...]" >&2; exit 2 ;;
        *) files+=("$1") ;;
    esac
    shift
done

clang_tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [[ -z "$clang_tidy" ]]; then
    echo "clang-tidy: not installed (scripts/setup.sh installs clang-tidy-14)" >&2
    exit 1
fi
database="$build_dir/compile_commands.json"
if [[ ! -f "$database" ]]; then
    echo "clang-tidy: $database is missing: configure first (cmake --preset release)" >&2
    exit 1
fi

if [[ $all == 1 ]]; then
    mapfile -t files < <(find src -type f -name '*.cpp' | sort)
    scope="every .cpp of src/"
elif [[ ${#files[@]} -eq 0 ]]; then
    base_ref="${KASANE_TIDY_BASE:-main}"
    if ! git rev-parse --verify --quiet "$base_ref^{commit}" >/dev/null 2>&1 &&
        git rev-parse --verify --quiet "origin/$base_ref^{commit}" >/dev/null 2>&1; then
        base_ref="origin/$base_ref"  # a clone that has only the remote's branch
    fi
    base=""
    if git rev-parse --verify --quiet "$base_ref^{commit}" >/dev/null 2>&1; then
        base=$(git merge-base HEAD "$base_ref")
    fi
    if [[ -z "$base" || "$base" == "$(git rev-parse HEAD)" ]]; then
        # On the base branch itself (or without it): the last commit, a merge with its first parent.
        base=$(git rev-parse --verify --quiet 'HEAD^1' 2>/dev/null || true)
        scope="the files of the last commit"
    else
        scope="the files changed since the merge base with $base_ref (${base:0:10})"
    fi
    if [[ -z "$base" ]]; then
        # A tarball or a one-commit shallow clone: nothing says what changed, and every file takes tens of minutes.
        echo "clang-tidy: no git history to tell the changed files; nothing checked (\`make lint\` checks every file)"
        exit 0
    else
        # Committed and uncommitted changes; a changed header brings in the .cpp beside it.
        mapfile -t changed < <(git diff --name-only --diff-filter=ACMR "$base" -- src bench tests | sort -u)
        for path in "${changed[@]}"; do
            case "$path" in
                *_test.cpp) ;;  # unit tests: `make lint` checks them; here they would double the time
                *.cpp) files+=("$path") ;;
                *.hpp) [[ -f "${path%.hpp}.cpp" ]] && files+=("${path%.hpp}.cpp") ;;
            esac
        done
    fi
fi

# Only what the build compiles (fuzz/ is built by its own preset with clang; a deleted file has no entry).
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u | while read -r path; do
    absolute="$path"; [[ "$path" == /* ]] || absolute="$PWD/$path"
    [[ -n "$path" ]] && grep -qF "\"$absolute\"" "$database" && echo "$path"
done || true)

if [[ ${#files[@]} -eq 0 ]]; then
    echo "clang-tidy: no compiled C++ file to check in $scope"
    exit 0
fi

checks_argument=()
checks_name="the checks of .clang-tidy"
if [[ $full == 0 ]]; then
    checks_argument=(--checks="$kCiChecks")
    checks_name="the CI checks (scripts/check_tidy.sh)"
fi
echo "clang-tidy: ${#files[@]} file(s), $scope, with $checks_name"
start=$SECONDS
# clang-tidy 14 does not know -std=c++23 (g++ 12 does); the later -std=c++2b on its command line takes effect.
# Boost 1.74 enables co_await for clang only with libc++; with libstdc++ it has to be told. g++-only warning
# options of the build (-Wno-restrict) are unknown to clang.
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT
export clang_tidy build_dir output_dir checks_option="${checks_argument[*]:-}"
# One clang-tidy per file, each output kept apart and judged below once all have run.
printf '%s\0' "${files[@]}" | xargs -0 -I '{}' -P "${KASANE_TIDY_JOBS:-2}" bash -c '
    log="$output_dir/$(tr / _ <<<"$1").log"
    "$clang_tidy" -p "$build_dir" --quiet --warnings-as-errors="*" ${checks_option:+"$checks_option"} \
        --extra-arg=-std=c++2b --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 --extra-arg=-Wno-unknown-warning-option \
        "$1" >"$log" 2>&1 || echo failed >"$log.failed"' _ '{}'

# A finding names its check: `file:line:column: warning|error: message [check-name,-warnings-as-errors]`.
# clang-14 cannot parse some C++ that g++ 12 compiles (a lambda capturing a structured binding, C++20, comes
# with clang 16): such a `[clang-diagnostic-error]` is the tool's limit, not a finding, and is reported as such;
# the rest of the file is still checked. Anything else that makes clang-tidy fail is a failure.
status=0
parse_limits=0
for path in "${files[@]}"; do
    log="$output_dir/$(tr / _ <<<"$path").log"
    diagnostics=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): .*\[[a-z0-9.-]+(,-warnings-as-errors)?\]$' "$log" || true)
    named=$(grep -v '\[clang-diagnostic-' <<<"$diagnostics" || true)
    frontend=$(grep '\[clang-diagnostic-error\]$' <<<"$diagnostics" || true)
    missing=$(grep 'file not found' <<<"$frontend" || true)  # a broken set-up, not a limit of clang
    limits=$(grep -v 'file not found' <<<"$frontend" || true)
    # clang's own compiler warnings: the build's compiler is g++ with -Werror, so the CI list only notes them.
    compiler=$(grep '\[clang-diagnostic-' <<<"$diagnostics" | grep -v '\[clang-diagnostic-error\]$' || true)
    findings=$(printf '%s\n' "$named" "$missing" | sed '/^$/d')
    if [[ $full == 1 ]]; then
        findings=$(printf '%s\n' "$findings" "$compiler" | sed '/^$/d')
    elif [[ -n "$compiler" ]]; then
        echo "clang-tidy: note: clang warns in $path (not in the CI list; \`make lint\` counts it):" >&2
        sed 's/^/    /' <<<"$compiler" >&2
    fi
    if [[ -n "$limits" ]]; then
        parse_limits=$(( parse_limits + 1 ))
        echo "clang-tidy: note: clang-14 cannot parse part of $path (g++ compiles it; not a finding):" >&2
        sed 's/^/    /' <<<"$limits" >&2
    fi
    if [[ -n "$findings" ]]; then
        status=1
        printf '%s\n' "$findings" >&2
    elif [[ -f "$log.failed" && -z "$diagnostics" ]]; then
        status=1
        echo "clang-tidy: failed on $path:" >&2
        cat "$log" >&2
    fi
done
summary="clang-tidy: $(( SECONDS - start )) s"
[[ $parse_limits -gt 0 ]] && summary+=", $parse_limits file(s) partly beyond clang-14 (notes above)"
echo "$summary"
if [[ $status != 0 ]]; then
    echo "clang-tidy: findings above (fix them; a deliberate exception takes a NOLINT(check) comment saying why)" >&2
fi
exit $status
