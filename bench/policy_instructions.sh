#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of the access policy and its audit entry over HTTP in instructions per request, which the load of a shared
# machine does not change (issue 18, item 4; bench/policy_ratio.sh measures the same two routes with wrk). Runs
# bench/policy_server under valgrind's callgrind with instrumentation off, then for each user (demo-caseworker,
# demo-npo) and each route (GET /api/v1/persons/{id} with the policy, GET /bench/bypass/persons/{id} without) sends
# REQUESTS keep-alive requests one after another with curl, counting only those (callgrind_control -i on … dump).
# User-space instructions of the whole process: the HTTP server, the session check, the read, the JSON, the audit
# writer's thread committing the entries; not the kernel's socket work, the same for both routes.
#
# Usage: bench/policy_instructions.sh [DB_URL]   (default: build/bench/policy-town.db, as bench/policy_ratio.sh)
# Environment: POLICY_REQUESTS (200), POLICY_SERVER (default build/release/bench/policy_server), POLICY_KEEP (a
# directory: each route's callgrind profile is copied there as USER-ROUTE.callgrind, for callgrind_annotate).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

requests="${POLICY_REQUESTS:-200}"
server="${POLICY_SERVER:-build/release/bench/policy_server}"
url="${1:-sqlite:build/bench/policy-town.db}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kasane-policy-cg.XXXXXX")"
server_pid=""

fail() {
    echo "policy_instructions: $*" >&2
    exit 1
}
cleanup() {
    if [[ -n "${server_pid}" ]]; then
        kill "${server_pid}" 2>/dev/null || true
        wait "${server_pid}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
keep="${POLICY_KEEP:-}"
[[ -z "${keep}" ]] || mkdir -p "${keep}"
trap cleanup EXIT

for tool in valgrind callgrind_control curl jq; do command -v "${tool}" >/dev/null || fail "${tool} is not installed"; done
[[ -x "${server}" ]] || fail "${server} is missing"
[[ "${url}" != sqlite:* || -f "${url#sqlite:}" ]] || fail "${url#sqlite:} is missing: run bench/policy_ratio.sh first"

valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="${work}/cg.out" "${server}" --db "${url}" \
    --port 0 --threads 2 >"${work}/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
    grep -q '^listening on ' "${work}/server.log" 2>/dev/null && break
    kill -0 "${server_pid}" 2>/dev/null || fail "policy_server stopped: $(tail -n 5 "${work}/server.log")"
    sleep 0.1
done
base="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "${work}/server.log" | head -n 1)"
[[ -n "${base}" ]] || fail "policy_server did not print 'listening on'"

sign_in() {
    local headers="${work}/$1.headers" status
    status="$(curl -sS -o "${work}/$1.json" -D "${headers}" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data "{\"username\":\"$1\",\"password\":\"kasane-demo\"}" "${base}/api/v1/sessions")"
    [[ "${status}" == 201 ]] || fail "sign-in of $1 answered ${status}"
    echo "Cookie: kasane_session=$(tr -d '\r' <"${headers}" |
        sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
}

full_person() {
    local id
    for id in $(seq 1 2000); do
        if [[ "$(curl -sS -H "$1" "${base}/api/v1/persons/${id}" | jq -r '.access.level // empty')" == full ]]; then
            echo "${id}"
            return
        fi
    done
    fail "no person read in full among ids 1…2000"
}

# instructions COOKIE URL: instructions per request over REQUESTS requests on one keep-alive connection.
dumps=0
instructions() {
    local args=() i total
    for i in $(seq 1 "${requests}"); do args+=(-o /dev/null "$2"); done
    curl -sS -H "$1" "${args[@]}" # warm: statements prepared, caches filled
    callgrind_control -i on "${server_pid}" >/dev/null 2>&1
    callgrind_control -z "${server_pid}" >/dev/null 2>&1
    curl -sS -H "$1" "${args[@]}"
    sleep 0.3 # the audit writer commits what the requests queued (flush interval 5 ms)
    dumps=$((dumps + 1))
    callgrind_control -d "run${dumps}" "${server_pid}" >/dev/null 2>&1
    callgrind_control -i off "${server_pid}" >/dev/null 2>&1
    local profile
    profile="$(ls -t "${work}"/cg.out.* | head -n 1)"
    [[ -z "${keep}" ]] || cp "${profile}" "${keep}/$3.callgrind"
    total="$(callgrind_annotate "${profile}" 2>/dev/null |
        awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')"
    awk -v t="${total}" -v n="${requests}" 'BEGIN { printf "%.0f\n", t / n }'
}

for user in demo-caseworker demo-npo; do
    cookie="$(sign_in "${user}")"
    person="$(full_person "${cookie}")"
    with="$(instructions "${cookie}" "${base}/api/v1/persons/${person}" "${user#demo-}-policy")"
    without="$(instructions "${cookie}" "${base}/bench/bypass/persons/${person}" "${user#demo-}-bypassed")"
    name="${user#demo-}"
    echo "policy.${name}.person = ${person} id"
    echo "policy.${name}.instructions_with_policy = ${with} instructions/request"
    echo "policy.${name}.instructions_bypassed = ${without} instructions/request"
    awk -v n="${name}" -v w="${with}" -v b="${without}" \
        'BEGIN { printf "policy.%s.instruction_ratio = %.3f bypassed/policy\n", n, b / w }'
done
