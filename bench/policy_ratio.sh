#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The cost of the access policy and its audit entry over HTTP (issue 18, item 4: at most 15 % of an authenticated
# read's throughput), in one run: bench/policy_server.cpp serves GET /api/v1/persons/{id} (the policy and the audit
# entry, exactly as `kasane serve`) and GET /bench/bypass/persons/{id} (the same read, the policy bypassed) from
# one process. For each user — demo-caseworker (福祉課, a municipal division) and demo-npo (a partner agency) — the
# script finds a person the user reads in full, then loads the two routes alternately with wrk, ROUNDS times, and
# prints for each user and route the requests per second and the server's CPU time per request (its threads' run
# time from /proc/PID/task/*/schedstat, which includes the audit writer's thread, over the requests wrk counted),
# and the ratios policy ÷ bypass. CPU per request is the figure load barely moves on a shared machine; throughput
# is the one the issue names.
#
# Usage: bench/policy_ratio.sh [DB_URL]   (default: the town set in build/bench/policy-town.db, generated once)
# Environment: POLICY_ROUNDS (3), POLICY_DURATION (3s), POLICY_CONNECTIONS (16), POLICY_THREADS (2, the server's),
# POLICY_BUILD_DIR (build/release), POLICY_SERVER (the server binary, default POLICY_BUILD_DIR/bench/policy_server:
# another build of it measures another tree the same way).
# Lines "name = value unit" (one per figure); the last two are the throughput ratios.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds="${POLICY_ROUNDS:-3}"
duration="${POLICY_DURATION:-3s}"
connections="${POLICY_CONNECTIONS:-16}"
threads="${POLICY_THREADS:-2}"
build="${POLICY_BUILD_DIR:-build/release}"
kasane="${build}/src/app/kasane"
server="${POLICY_SERVER:-${build}/bench/policy_server}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kasane-policy.XXXXXX")"
server_pid=""

fail() {
    echo "policy_ratio: $*" >&2
    exit 1
}
cleanup() {
    if [[ -n "${server_pid}" ]]; then
        kill "${server_pid}" 2>/dev/null || true
        wait "${server_pid}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

for tool in wrk curl jq; do command -v "${tool}" >/dev/null || fail "${tool} is not installed"; done
[[ -x "${server}" ]] || fail "${server} is missing: cmake --build ${build} --target policy_server kasane"

url="${1:-}"
if [[ -z "${url}" ]]; then
    mkdir -p build/bench
    url="sqlite:build/bench/policy-town.db"
    if [[ ! -f build/bench/policy-town.db ]]; then
        echo "policy_ratio: generating the town set into ${url} (once)" >&2
        "${kasane}" demo --scale town --seed 1 --db "${url}" --log-level warning >"${work}/generate.log" 2>&1 ||
            fail "kasane demo failed: $(tail -n 5 "${work}/generate.log")"
    fi
fi

"${server}" --db "${url}" --port 0 --threads "${threads}" >"${work}/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
    grep -q '^listening on ' "${work}/server.log" 2>/dev/null && break
    kill -0 "${server_pid}" 2>/dev/null || fail "policy_server stopped: $(tail -n 5 "${work}/server.log")"
    sleep 0.1
done
base="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "${work}/server.log" | head -n 1)"
[[ -n "${base}" ]] || fail "policy_server did not print 'listening on'"

# sign_in USER: prints the session cookie header.
sign_in() {
    local headers="${work}/$1.headers" status
    status="$(curl -sS -o "${work}/$1.json" -D "${headers}" -w '%{http_code}' -H 'Content-Type: application/json' \
        --data "{\"username\":\"$1\",\"password\":\"kasane-demo\"}" "${base}/api/v1/sessions")"
    [[ "${status}" == 201 ]] || fail "sign-in of $1 answered ${status}: $(cat "${work}/$1.json")"
    echo "Cookie: kasane_session=$(tr -d '\r' <"${headers}" |
        sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
}

# full_person COOKIE: the first person id (1…2000) the user reads in full through the policy.
full_person() {
    local id body
    for id in $(seq 1 2000); do
        body="$(curl -sS -H "$1" "${base}/api/v1/persons/${id}")"
        if [[ "$(jq -r '.access.level // .decision.level // empty' <<<"${body}" 2>/dev/null)" == full ]]; then
            echo "${id}"
            return
        fi
    done
    fail "no person read in full among ids 1…2000"
}

# cpu_ns: the server's threads' run time so far, in nanoseconds.
cpu_ns() {
    local total=0 ns
    for stat in /proc/"${server_pid}"/task/*/schedstat; do
        read -r ns _ <"${stat}" 2>/dev/null || continue
        total=$((total + ns))
    done
    echo "${total}"
}

# load COOKIE URL: "REQUESTS_PER_SECOND CPU_US_PER_REQUEST" of one wrk run (after a 1 s warm-up).
load() {
    local before after out requests rps non2xx
    wrk -t 2 -c "${connections}" -d 1s -H "$1" "$2" >/dev/null
    before="$(cpu_ns)"
    out="$(wrk -t 2 -c "${connections}" -d "${duration}" -H "$1" "$2")"
    after="$(cpu_ns)"
    requests="$(awk '/requests in/ {print $1}' <<<"${out}")"
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"${out}")"
    non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"${out}")"
    [[ -z "${non2xx}" ]] || fail "${2} answered ${non2xx} non-2xx responses"
    [[ -n "${requests}" && "${requests}" -gt 0 ]] || fail "wrk counted no requests for ${2}"
    awk -v r="${rps}" -v n="${requests}" -v c="$((after - before))" 'BEGIN { printf "%.0f %.1f\n", r, c / n / 1000 }'
}

echo "policy_ratio: ${url}, ${rounds} rounds of ${duration} per route, ${connections} connections," \
    "${threads} server threads; load average $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2
for user in demo-caseworker demo-npo; do
    cookie="$(sign_in "${user}")"
    person="$(full_person "${cookie}")"
    bypass_body="$(curl -sS -H "${cookie}" "${base}/bench/bypass/persons/${person}")"
    [[ "$(jq -r '.id' <<<"${bypass_body}")" == "${person}" ]] || fail "the bypass did not answer person ${person}"
    policy_rps=0 bypass_rps=0 policy_cpu=0 bypass_cpu=0
    for round in $(seq 1 "${rounds}"); do
        read -r rps cpu < <(load "${cookie}" "${base}/api/v1/persons/${person}")
        echo "  ${user} round ${round}: policy ${rps} req/s, ${cpu} us CPU/request" >&2
        policy_rps="$(awk -v a="${policy_rps}" -v b="${rps}" 'BEGIN { print a + b }')"
        policy_cpu="$(awk -v a="${policy_cpu}" -v b="${cpu}" 'BEGIN { print a + b }')"
        read -r rps cpu < <(load "${cookie}" "${base}/bench/bypass/persons/${person}")
        echo "  ${user} round ${round}: bypass ${rps} req/s, ${cpu} us CPU/request" >&2
        bypass_rps="$(awk -v a="${bypass_rps}" -v b="${rps}" 'BEGIN { print a + b }')"
        bypass_cpu="$(awk -v a="${bypass_cpu}" -v b="${cpu}" 'BEGIN { print a + b }')"
    done
    name="${user#demo-}"
    awk -v n="${name}" -v p="${person}" -v pr="${policy_rps}" -v br="${bypass_rps}" -v pc="${policy_cpu}" \
        -v bc="${bypass_cpu}" -v k="${rounds}" 'BEGIN {
            printf "policy.%s.person = %d id\n", n, p
            printf "policy.%s.read_with_policy = %.0f req/s\n", n, pr / k
            printf "policy.%s.read_bypassed = %.0f req/s\n", n, br / k
            printf "policy.%s.cpu_with_policy = %.1f us/request\n", n, pc / k
            printf "policy.%s.cpu_bypassed = %.1f us/request\n", n, bc / k
            printf "policy.%s.cpu_ratio = %.3f bypassed/policy\n", n, bc / pc
            printf "policy.%s.throughput_ratio = %.3f policy/bypassed\n", n, pr / br
        }' >>"${work}/figures"
done
echo "policy_ratio: load average at the end $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2
cat "${work}/figures"
