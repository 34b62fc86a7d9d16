#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The long variants of the fault suites (tests/crash, tests/backup, tests/scaleout, tests/hostile), for `make bench` or
# `make fuzz` rather than `make test`: the same run.mjs files as the CTest entries, with more rounds and longer loads,
# run directly (CTest's per-test TIMEOUT would cut them short), on SQLite and on a throwaway PostgreSQL cluster of
# their own.
#
# Usage: scripts/fault-soak.sh [BUILD_DIR]        BUILD_DIR defaults to build/release (must hold src/app/kasane)
# Environment: CRASH_ROUNDS (100), CRASH_CLIENTS (6), HOSTILE_SECONDS (60), SCALEOUT_SECONDS (30).
# Prints each suite's output; exits non-zero when any suite failed (and names them).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
build="${1:-${root}/build/release}"
kasane="${build}/src/app/kasane"
[[ -x "${kasane}" ]] || { echo "fault-soak: ${kasane} not found; build first (make build)" >&2; exit 1; }
command -v node >/dev/null || { echo "fault-soak: node is not installed (run scripts/setup.sh)" >&2; exit 1; }

export CRASH_ROUNDS="${CRASH_ROUNDS:-100}"
export CRASH_CLIENTS="${CRASH_CLIENTS:-6}"
export HOSTILE_SECONDS="${HOSTILE_SECONDS:-60}"
export SCALEOUT_SECONDS="${SCALEOUT_SECONDS:-30}"
export KASANE_BIN="${kasane}"

work="${build}/fault-soak"
cluster="${work}/pg-test"
pg="${root}/scripts/pg-test-cluster.sh"
rm -rf "${work}"
mkdir -p "${work}"
"${pg}" start "${cluster}"
trap '"${pg}" stop "${cluster}" || true' EXIT

failed=()
run() {
    local name="$1"
    shift
    echo "== ${name}"
    local started=${SECONDS}
    if env "$@"; then
        echo "== ${name}: passed in $((SECONDS - started)) s"
    else
        echo "== ${name}: FAILED after $((SECONDS - started)) s"
        failed+=("${name}")
    fi
}

for backend in sqlite postgresql; do
    for suite in crash backup hostile scaleout; do
        if [[ "${backend}" == sqlite && "${suite}" == scaleout ]]; then continue; fi
        if [[ "${backend}" == sqlite ]]; then
            db="sqlite:${work}/${suite}.db"
            restored="sqlite:${work}/${suite}-restored.db"
        else
            db="$("${pg}" createdb "${cluster}" "soak_${suite}")"
            restored="$("${pg}" createdb "${cluster}" "soak_${suite}_restored")"
        fi
        run "${suite} on ${backend}" KASANE_TEST_DB="${db}" KASANE_RESTORE_DB="${restored}" \
            KASANE_BACKUP_FILE="${work}/${suite}-${backend}.backup" node "${root}/tests/${suite}/run.mjs"
    done
done

if ((${#failed[@]} > 0)); then
    echo "fault-soak: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fault-soak: all suites passed (CRASH_ROUNDS=${CRASH_ROUNDS}, HOSTILE_SECONDS=${HOSTILE_SECONDS}, SCALEOUT_SECONDS=${SCALEOUT_SECONDS})"
