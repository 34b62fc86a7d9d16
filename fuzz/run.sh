#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Usage: fuzz/run.sh SECONDS
# Configures and builds the libFuzzer targets with clang-14 (CMake preset "fuzz", into build/fuzz), then runs
# each target for SECONDS, starting from its seed corpus in fuzz/corpus/<target>/. New corpus entries go to
# build/fuzz/corpus/<target>/ (the seeds stay untouched); a crash, leak, timeout or out-of-memory input is saved
# under build/fuzz/artifacts/<target>/ and makes the script fail.
set -euo pipefail

seconds="${1:-15}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
root="${root%/fuzz}"
build="$root/build/fuzz"

(cd "$root" && cmake --preset fuzz >/dev/null)
ninja -C "$build" -j2 http_request_fuzz json_body_fuzz name_normalize_fuzz wareki_fuzz

# target:max_len. The request fuzzer gets room to cross the 16 KiB header limit; the date parser refuses input
# over 256 bytes, so a little more than that is enough for it.
targets=("http_request_fuzz:20000" "json_body_fuzz:8192" "name_normalize_fuzz:4096" "wareki_fuzz:300")
failed=0
for entry in "${targets[@]}"; do
    target="${entry%%:*}"
    max_len="${entry##*:}"
    mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
    echo "== $target for ${seconds}s"
    if ! "$build/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$target/" \
        "$build/corpus/$target" "$root/fuzz/corpus/$target" 2>"$build/$target.log"; then
        echo "FAILED: $target found a problem; see $build/$target.log and $build/artifacts/$target/" >&2
        tail -n 40 "$build/$target.log" >&2
        failed=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$target.log" || true
    fi
done
exit "$failed"
