#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Kasane is licensed under Apache-2.0 (LICENSE). Every source file of ours says so in its first line (after a
# #! line), as an SPDX identifier in the file's comment syntax:
#   C++ and JavaScript   // SPDX-License-Identifier: Apache-2.0
#   shell, CMake, make   # SPDX-License-Identifier: Apache-2.0
#   Lua                  -- SPDX-License-Identifier: Apache-2.0
# A file that already names another SPDX licence near its top (third-party code) is left as it is.
#
# Usage: scripts/spdx.sh [--check] [--root DIR]
#   (default)  add the line to every file that lacks it, and list the files changed
#   --check    change nothing; list the files that lack it and exit 1 if any does (ctest test `spdx`)
set -euo pipefail

check=0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --check) check=1 ;;
        --root) root="$2"; shift ;;
        *) echo "usage: $0 [--check] [--root DIR]" >&2; exit 2 ;;
    esac
    shift
done
cd "$root"

readonly kIdentifier='SPDX-License-Identifier: Apache-2.0'

# The comment that starts a line in this file's language, or nothing for a file that is not ours to mark.
CommentOf() {
    local path="$1"
    case "$path" in
        *.cpp | *.hpp | *.h | *.cc | *.mjs | *.js) echo '//' ;;
        *.sh | */CMakeLists.txt | CMakeLists.txt | *.cmake | Makefile | */Makefile) echo '#' ;;
        *.lua) echo '--' ;;
        *)
            # Scripts without an extension (.ci/run) are known by their #! line.
            if [[ -x "$path" ]] && head -c 2 "$path" | grep -q '^#!'; then
                case "$(head -n 1 "$path")" in
                    *sh*) echo '#' ;;
                    *node*) echo '//' ;;
                esac
            fi
            ;;
    esac
}

missing=()
added=()
while IFS= read -r -d '' path; do
    path="${path#./}"
    comment=$(CommentOf "$path")
    [[ -z "$comment" ]] && continue
    line="$comment $kIdentifier"
    first=$(head -n 1 "$path")
    if [[ "$first" == '#!'* ]]; then
        [[ "$(sed -n 2p "$path")" == "$line" ]] && continue
    else
        [[ "$first" == "$line" ]] && continue
    fi
    # Another licence declared near the top: third-party code keeps its own.
    if head -n 5 "$path" | grep -q 'SPDX-License-Identifier:' && ! head -n 5 "$path" | grep -qF "$kIdentifier"; then
        continue
    fi
    if [[ $check == 1 ]]; then
        missing+=("$path")
        continue
    fi
    if head -n 5 "$path" | grep -qF "$kIdentifier"; then
        missing+=("$path")  # the identifier is there but not first: moving it is for a person to decide
        continue
    fi
    if [[ "$first" == '#!'* ]]; then
        sed -i "1a $line" "$path"
    elif [[ -s "$path" ]]; then
        sed -i "1i $line" "$path"
    else
        echo "$line" >"$path"
    fi
    added+=("$path")
done < <(find . \( -name .git -o -name node_modules -o -name build -o -name var -o -name .cache -o -name test-results \
                   -o -path ./fuzz/corpus -o -path ./tests/api/scenarios \) -prune -o -type f -print0 | sort -z)

if [[ ${#added[@]} -gt 0 ]]; then
    printf 'added: %s\n' "${added[@]}"
fi
if [[ ${#missing[@]} -gt 0 ]]; then
    printf '%s\n' "${missing[@]}" >&2
    if [[ $check == 1 ]]; then
        echo "spdx: ${#missing[@]} file(s) lack \"$kIdentifier\" in their first line: run scripts/spdx.sh" >&2
    else
        echo "spdx: ${#missing[@]} file(s) carry the identifier below their first line: move it up by hand" >&2
    fi
    exit 1
fi
echo "spdx: ${#added[@]} file(s) changed; every source file names its licence"
