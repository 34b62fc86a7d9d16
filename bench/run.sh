#!/usr/bin/env bash
# Compares Kasane's authenticated read with the ceiling server (bench/ceiling_server.cpp) on one database, in one
# run, on this machine. Figures from different runs or machines are not comparable; the ratio is what we track.
# The last line is exactly "ratio authenticated_read/ceiling = N.NN".
#
# Environment: BENCH_DURATION (10s), BENCH_CONNECTIONS (64), BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (2),
# BENCH_WARMUP (2s), BENCH_KASANE_PORT (18080), BENCH_CEILING_PORT (18081), BENCH_BUILD_DIR and
# BENCH_KASANE_ARGS (see below).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

duration="${BENCH_DURATION:-10s}"
connections="${BENCH_CONNECTIONS:-64}"
wrk_threads="${BENCH_WRK_THREADS:-2}"
server_threads="${BENCH_SERVER_THREADS:-2}"
warmup="${BENCH_WARMUP:-2s}"
kasane_port="${BENCH_KASANE_PORT:-18080}"
ceiling_port="${BENCH_CEILING_PORT:-18081}"

# BENCH_BUILD_DIR: use the binaries of an existing build directory instead of building the release preset
# (for a separate checkout or build tree; figures mean something only for a Release build).
build_dir="${BENCH_BUILD_DIR:-build/release}"
kasane="${build_dir}/src/app/kasane"
ceiling="${build_dir}/bench/ceiling_server"
work=build/bench
database="${work}/bench.db"

fail() {
    echo "bench: $*" >&2
    exit 1
}

for tool in wrk curl; do
    command -v "${tool}" >/dev/null || fail "${tool} is not installed (run scripts/setup.sh)"
done

if [[ -z "${BENCH_BUILD_DIR:-}" ]]; then
    if [[ ! -f build/release/build.ninja ]]; then
        cmake --preset release
    fi
    cmake --build --preset release
fi
[[ -x "${kasane}" ]] || fail "${kasane} was not built"
[[ -x "${ceiling}" ]] || fail "${ceiling} was not built"

mkdir -p "${work}"
# The demo database is kept between runs; `kasane demo` runs again only when the binary is newer (it migrates,
# and loads the demo town only if absent).
if [[ ! -f "${database}" || ! -f "${work}/demo.stamp" || "${kasane}" -nt "${work}/demo.stamp" ]]; then
    echo "bench: preparing ${database}"
    "${kasane}" demo --db "sqlite:${database}" >"${work}/demo.log" 2>&1 || {
        cat "${work}/demo.log" >&2
        fail "kasane demo failed"
    }
    touch "${work}/demo.stamp"
fi

pids=()
stop_servers() {
    for pid in "${pids[@]}"; do
        kill "${pid}" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "${pid}" 2>/dev/null || true
    done
}
trap stop_servers EXIT

# Waits until the server prints its "listening on" line, or fails with its log.
await_listening() {
    local name="$1" log="$2" pid="$3"
    for _ in $(seq 1 150); do
        if grep -q '^listening on ' "${log}" 2>/dev/null; then
            return 0
        fi
        kill -0 "${pid}" 2>/dev/null || {
            cat "${log}" >&2
            fail "${name} exited before listening"
        }
        sleep 0.1
    done
    cat "${log}" >&2
    fail "${name} did not print 'listening on' within 15 s"
}

"${ceiling}" --db "${database}" --listen "127.0.0.1:${ceiling_port}" --threads "${server_threads}" \
    >"${work}/ceiling.log" 2>&1 &
pids+=($!)
await_listening ceiling_server "${work}/ceiling.log" "${pids[-1]}"

# BENCH_KASANE_ARGS adds flags to `kasane serve`, e.g. "--log-level warning" to see what the access log costs.
read -r -a kasane_extra_args <<<"${BENCH_KASANE_ARGS:-}"
"${kasane}" serve --db "sqlite:${database}" --listen "127.0.0.1:${kasane_port}" --threads "${server_threads}" \
    "${kasane_extra_args[@]}" >"${work}/kasane.log" 2>&1 &
pids+=($!)
await_listening kasane "${work}/kasane.log" "${pids[-1]}"

kasane_url="http://127.0.0.1:${kasane_port}"
ceiling_url="http://127.0.0.1:${ceiling_port}"

# Sign in. The cookie is read from the Set-Cookie header rather than a cookie jar: curl drops Secure cookies
# received over plain http.
headers="${work}/session.headers"
status="$(curl -sS -o "${work}/session.json" -D "${headers}" -w '%{http_code}' \
    -H 'Content-Type: application/json' \
    --data '{"username":"demo-caseworker","password":"kasane-demo"}' "${kasane_url}/api/v1/sessions")"
[[ "${status}" == 201 ]] || fail "POST /api/v1/sessions answered ${status}: $(cat "${work}/session.json")"
session="$(tr -d '\r' <"${headers}" | sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
[[ -n "${session}" ]] || fail "POST /api/v1/sessions set no kasane_session cookie"
cookie="Cookie: kasane_session=${session}"

organizations="$(curl -sS -f -H "${cookie}" "${kasane_url}/api/v1/organizations")" ||
    fail "GET /api/v1/organizations failed"
organization_id="$(grep -oE '"id" *: *[0-9]+' <<<"${organizations}" | head -n 1 | grep -oE '[0-9]+$' || true)"
[[ -n "${organization_id}" ]] || fail "no organization id in GET /api/v1/organizations: ${organizations:0:300}"

# Every endpoint must answer 200 before it is measured; a fast 404 is not a result.
check() {
    local url="$1"
    shift
    local code
    code="$(curl -sS -o /dev/null -w '%{http_code}' "$@" "${url}")"
    [[ "${code}" == 200 ]] || fail "GET ${url} answered ${code}, expected 200"
}
check "${ceiling_url}/org/${organization_id}"
check "${kasane_url}/healthz"
check "${kasane_url}/api/v1/organizations/${organization_id}" -H "${cookie}"

# measure NAME URL [wrk args...]: prints "NAME rps p50 p99 non2xx socket_errors".
measure() {
    local name="$1" url="$2"
    shift 2
    wrk -t "${wrk_threads}" -c "${connections}" -d "${warmup}" "$@" "${url}" >/dev/null
    local line
    line="$(wrk -t "${wrk_threads}" -c "${connections}" -d "${duration}" -s bench/report.lua "$@" "${url}" |
        grep '^BENCH ')" || fail "wrk printed no result for ${name}"
    local rps p50 p99 non2xx socket_errors
    rps="$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"${line}")"
    p50="$(sed -E 's/.* p50_ms=([0-9.]+).*/\1/' <<<"${line}")"
    p99="$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"${line}")"
    non2xx="$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"${line}")"
    socket_errors="$(sed -E 's/.* socket_errors=([0-9]+).*/\1/' <<<"${line}")"
    echo "${name} ${rps} ${p50} ${p99} ${non2xx} ${socket_errors}"
}

echo "bench: wrk -t ${wrk_threads} -c ${connections} -d ${duration} (after ${warmup} warm-up); servers with" \
    "${server_threads} threads; kasane serve extra args: '${BENCH_KASANE_ARGS:-}'; organization ${organization_id};" \
    "$(nproc) cores; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
results=()
results+=("$(measure "ceiling GET /org/${organization_id}" "${ceiling_url}/org/${organization_id}")")
results+=("$(measure "kasane GET /healthz" "${kasane_url}/healthz")")
results+=("$(measure "kasane GET /api/v1/organizations/${organization_id}" \
    "${kasane_url}/api/v1/organizations/${organization_id}" -H "${cookie}")")

ceiling_rps="$(awk '{print $(NF-4)}' <<<"${results[0]}")"
printf '%-48s %10s %8s %8s %8s %s\n' endpoint req/s 'p50 ms' 'p99 ms' ratio errors
errors_found=0
for result in "${results[@]}"; do
    read -r -a fields <<<"${result}"
    count=${#fields[@]}
    name="${fields[*]:0:count-5}"
    rps="${fields[count-5]}" p50="${fields[count-4]}" p99="${fields[count-3]}"
    non2xx="${fields[count-2]}" socket_errors="${fields[count-1]}"
    ratio="$(awk -v a="${rps}" -v b="${ceiling_rps}" 'BEGIN {printf "%.2f", a / b}')"
    printf '%-48s %10.0f %8.2f %8.2f %8s %s\n' "${name}" "${rps}" "${p50}" "${p99}" "${ratio}" \
        "non2xx=${non2xx} socket=${socket_errors}"
    if ((non2xx > 0)); then
        errors_found=1
    fi
done
((errors_found == 0)) || fail "some responses were not 2xx; the figures above are not valid"

read_rps="$(awk '{print $(NF-4)}' <<<"${results[2]}")"
read_p99="$(awk '{print $(NF-2)}' <<<"${results[2]}")"
ratio="$(awk -v a="${read_rps}" -v b="${ceiling_rps}" 'BEGIN {printf "%.2f", a / b}')"
# The targets of the performance issue (docs/performance.md), judged on this run's figures.
verdict() { if [[ "$1" == 1 ]]; then echo "met"; else echo "NOT met"; fi; }
echo "target: authenticated read throughput >= 0.50 x ceiling: $(verdict "$(awk -v r="${ratio}" 'BEGIN {print (r >= 0.50)}')") (${ratio})"
echo "target: authenticated read p99 < 10 ms at ${connections} connections: $(verdict "$(awk -v p="${read_p99}" 'BEGIN {print (p < 10)}')") (${read_p99} ms)"
echo "ratio authenticated_read/ceiling = ${ratio}"
