#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The clang-format check of `make test` (ctest test `format`): every C++ file that `make format` formats must
# already be formatted as .clang-format says. Prints the files that are not, and exits 1; `make format` fixes them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

clang_format=$(command -v clang-format-14 || command -v clang-format || true)
if [[ -z "$clang_format" ]]; then
    echo "clang-format: not installed (scripts/setup.sh installs clang-format)" >&2
    exit 1
fi

# The same files as `make format` (Makefile, CXX_SOURCES).
mapfile -d '' files < <(find src bench fuzz tests -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z)
status=0
output=$(printf '%s\0' "${files[@]}" | xargs -0 -r "$clang_format" --dry-run --Werror 2>&1) || status=$?
if [[ $status != 0 ]]; then
    mapfile -t unformatted < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' <<<"$output" | sort -u)
    if [[ ${#unformatted[@]} -eq 0 ]]; then
        echo "$output" >&2  # clang-format itself failed
    else
        printf '%s\n' "${unformatted[@]}" >&2
        echo "clang-format: ${#unformatted[@]} of ${#files[@]} files differ from .clang-format; run \`make format\`" >&2
    fi
    exit 1
fi
echo "clang-format: ${#files[@]} files formatted"
