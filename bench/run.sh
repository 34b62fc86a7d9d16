#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The performance targets of issue #5, measured in one run on this machine, on SQLite and PostgreSQL:
#   - the ceiling server (bench/ceiling_server.cpp) against Kasane's authenticated read;
#   - person search (GET /api/v1/persons?q=…) for a two-character kanji name, a three-character kana reading and a
#     full name, as a caseworker of a municipal division (demo-caseworker, 福祉課);
#   - the fiscal-year counts (GET /api/v1/reports/fiscal-year?year=…) over the generated contacts;
#   - writes under load (POST /api/v1/consultations, each with a new person);
#   - the case page of 多機関協働 (GET /cases/{id}: household, team, plan, open actions, 20 notes, genogram) as the
#     coordinator of 福祉課, cycling over the cases that user may see: 64 users who each read a page for about a
#     second before the next (issue #6: p99 < 15 ms with 64 concurrent users, SQLite), then 64 connections back
#     to back (the page's capacity);
#   - the worker's desk (issue 13): the 相談受付簿 over the fiscal year and the home page as the coordinator, by 16
#     users who each read a page for about a second (p99 < 50 ms with the town set);
#   - the server's peak RSS (VmHWM) while serving the data set;
#   - syncing 200 offline visits of the 世帯訪問調査 (issue 15; bench/offline_sync.mjs, BENCH_OFFLINE_SYNC=0 skips it);
#   - the progress of a 世帯訪問調査 campaign of 5,500 households (issue 15; bench/survey_progress.mjs,
#     BENCH_SURVEY_PROGRESS=0 skips it).
# Figures from different runs or machines are not comparable; the ratio is what we track.
# The last line is exactly "ratio authenticated_read/ceiling = N.NN".
#
# Data sets come from `kasane demo --scale SIZE --seed N` and are cached under build/bench/ (SQLite:
# scale-SIZE-SEED.db; PostgreSQL: database scale_SIZE_SEED in the cluster build/bench/pg, kept running between
# runs), keyed by size and seed and generated only when missing. Delete the file (or stop the cluster:
# scripts/pg-test-cluster.sh stop build/bench/pg) to generate them again.
#
# Environment: BENCH_QUICK=1 (town size instead of prefecture, shorter runs), BENCH_SCALE (town, city or
# prefecture; overrides BENCH_QUICK), BENCH_PG_SCALE (PostgreSQL's size, default BENCH_SCALE), BENCH_SEED (1),
# BENCH_BACKENDS ("sqlite postgresql"), BENCH_FISCAL_YEAR (2024), BENCH_FULL_NAME (佐藤 和子),
# BENCH_DURATION (10s; 5s quick), BENCH_CONNECTIONS (64), BENCH_WRITE_CONNECTIONS (16), BENCH_DESK_USERS (16),
# BENCH_WRK_THREADS (2),
# BENCH_SERVER_THREADS (2), BENCH_WARMUP (2s), BENCH_THINK_MS (1000: the case page users' reading time),
# BENCH_KASANE_PORT (18080), BENCH_CEILING_PORT (18081), BENCH_SQLITE_ANALYZE (0), BENCH_PG_DIR (the cluster
# directory, build/bench/pg), BENCH_PROBE_LIMIT (0.2 s), BENCH_BUILD_DIR and BENCH_KASANE_ARGS (see below).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick="${BENCH_QUICK:-0}"
if [[ "${quick}" == 1 ]]; then
    default_scale=town default_duration=5s
else
    default_scale=prefecture default_duration=10s
fi
scale="${BENCH_SCALE:-${default_scale}}"
pg_scale="${BENCH_PG_SCALE:-${scale}}"
seed="${BENCH_SEED:-1}"
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
fiscal_year="${BENCH_FISCAL_YEAR:-2024}"
full_name="${BENCH_FULL_NAME:-佐藤 和子}"
duration="${BENCH_DURATION:-${default_duration}}"
connections="${BENCH_CONNECTIONS:-64}"
write_connections="${BENCH_WRITE_CONNECTIONS:-16}"
wrk_threads="${BENCH_WRK_THREADS:-2}"
server_threads="${BENCH_SERVER_THREADS:-2}"
warmup="${BENCH_WARMUP:-2s}"
think_ms="${BENCH_THINK_MS:-1000}"
desk_users="${BENCH_DESK_USERS:-16}"
kasane_port="${BENCH_KASANE_PORT:-18080}"
ceiling_port="${BENCH_CEILING_PORT:-18081}"

# BENCH_BUILD_DIR: use the binaries of an existing build directory instead of building the release preset
# (for a separate checkout or build tree; figures mean something only for a Release build).
build_dir="${BENCH_BUILD_DIR:-build/release}"
kasane="${build_dir}/src/app/kasane"
ceiling="${build_dir}/bench/ceiling_server"
work=build/bench
pg_dir="${BENCH_PG_DIR:-${work}/pg}"

fail() {
    echo "bench: $*" >&2
    exit 1
}

case "${scale}" in town | city | prefecture) ;; *) fail "BENCH_SCALE must be town, city or prefecture" ;; esac
case "${pg_scale}" in town | city | prefecture) ;; *) fail "BENCH_PG_SCALE must be town, city or prefecture" ;; esac
[[ "${seed}" =~ ^[0-9]+$ ]] || fail "BENCH_SEED must be a non-negative integer"
for backend in "${backends[@]}"; do
    case "${backend}" in sqlite | postgresql) ;; *) fail "BENCH_BACKENDS may name sqlite and postgresql" ;; esac
done
[[ " ${backends[*]} " == *" sqlite "* ]] || fail "BENCH_BACKENDS must include sqlite (the ceiling server reads it)"

for tool in wrk curl jq; do
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

# generate URL SIZE LOG: loads the demo town and the generated volume, timing it; the seconds are kept in LOG.seconds.
# On PostgreSQL `kasane demo` takes the bulk path: the set is generated into a SQLite file and copied in with COPY
# (issue 18, item 3; docs/performance.md).
generate() {
    local url="$1" size="$2" log="$3" start end
    echo "bench: generating ${size} (seed ${seed}) into ${url} — this is done once and cached"
    start="$(date +%s)"
    "${kasane}" demo --scale "${size}" --seed "${seed}" --db "${url}" --log-level warning >"${log}" 2>&1 || {
        cat "${log}" >&2
        fail "kasane demo --scale ${size} failed"
    }
    end="$(date +%s)"
    echo "$((end - start))" >"${log}.seconds"
    echo "bench: generated in $((end - start)) s: $(grep -v '^ ' "${log}" | tail -n 3 | tr '\n' ' ')"
}

# generation_line BACKEND SIZE LOG: the generation time of a cached set, as a figure line.
generation_line() {
    local backend="$1" size="$2" log="$3"
    if [[ -f "${log}.seconds" ]]; then
        echo "generation_seconds = $(cat "${log}.seconds") s (${backend}, ${size} set, seed ${seed}; measured when it was generated)"
    else
        echo "bench: generation time of the ${backend} ${size} set unknown (generated by an older run.sh)"
    fi
}

sqlite_db="${work}/scale-${scale}-${seed}.db"
if [[ ! -f "${sqlite_db}.done" ]]; then
    rm -f "${sqlite_db}" "${sqlite_db}-wal" "${sqlite_db}-shm" "${sqlite_db}.analyzed"
    generate "sqlite:${sqlite_db}" "${scale}" "${work}/scale-${scale}-${seed}.sqlite.log"
    touch "${sqlite_db}.done"
fi
generation_line sqlite "${scale}" "${work}/scale-${scale}-${seed}.sqlite.log"
"${kasane}" migrate --db "sqlite:${sqlite_db}" --log-level warning >/dev/null
# BENCH_SQLITE_ANALYZE=1 runs ANALYZE on the SQLite set once (PostgreSQL gets its statistics from VACUUM ANALYZE
# above, as autovacuum would). Without statistics SQLite's planner drives the access check's contacts join from
# the wrong table (a scan of every contact of the municipality per candidate; docs/performance.md), so the default
# (0) measures Kasane as it ships, and 1 shows what the fix in storage would give. The statistics stay in the file.
if [[ "${BENCH_SQLITE_ANALYZE:-0}" == 1 && ! -f "${sqlite_db}.analyzed" ]]; then
    sqlite3 "${sqlite_db}" 'ANALYZE' && touch "${sqlite_db}.analyzed"
fi
if [[ -f "${sqlite_db}.analyzed" ]]; then
    echo "bench: ${sqlite_db} has ANALYZE statistics (BENCH_SQLITE_ANALYZE=1 at some run; delete the file to drop them)"
fi

pg_url=""
if [[ " ${backends[*]} " == *" postgresql "* ]]; then
    # The cluster is kept running between runs so that its data sets stay cached; a stopped or missing cluster is
    # started afresh (which empties it), and its stamps go with it.
    if [[ ! -f "${pg_dir}/url" ]] || ! /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p "$(cat "${pg_dir}/port")"; then
        rm -f "${work}"/pg-scale-*.done
        scripts/pg-test-cluster.sh start "${pg_dir}" >/dev/null
    fi
    pg_name="scale_${pg_scale}_${seed}"
    pg_url="$(cat "${pg_dir}/url")/${pg_name}"
    if [[ ! -f "${work}/pg-scale-${pg_scale}-${seed}.done" ]]; then
        scripts/pg-test-cluster.sh createdb "${pg_dir}" "${pg_name}" >/dev/null
        generate "${pg_url}" "${pg_scale}" "${work}/scale-${pg_scale}-${seed}.postgresql.log"
        # What autovacuum would have done by the time anyone searches: statistics and the visibility map.
        /usr/lib/postgresql/15/bin/psql -X -q "${pg_url}" -c "VACUUM (ANALYZE)" >/dev/null
        touch "${work}/pg-scale-${pg_scale}-${seed}.done"
    fi
    generation_line postgresql "${pg_scale}" "${work}/scale-${pg_scale}-${seed}.postgresql.log"
    "${kasane}" migrate --db "${pg_url}" --log-level warning >/dev/null
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
    for _ in $(seq 1 300); do
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
    fail "${name} did not print 'listening on' within 30 s"
}

: >"${work}/ceiling.log"
"${ceiling}" --db "${sqlite_db}" --listen "127.0.0.1:${ceiling_port}" --threads "${server_threads}" \
    >"${work}/ceiling.log" 2>&1 &
pids+=($!)
await_listening ceiling_server "${work}/ceiling.log" "${pids[-1]}"
ceiling_url="http://127.0.0.1:${ceiling_port}"

# Every endpoint must answer 200 before it is measured; a fast 404 is not a result.
check() {
    local url="$1"
    shift
    local code
    code="$(curl -sS -o /dev/null -w '%{http_code}' "$@" "${url}")"
    [[ "${code}" == 200 ]] || fail "GET ${url} answered ${code}, expected 200"
}

# measure NAME CONNECTIONS URL [wrk args...]: prints "NAME rps p50 p99 non2xx socket_errors".
measure() {
    local name="$1" conns="$2" url="$3"
    shift 3
    local threads="${wrk_threads}"
    ((threads <= conns)) || threads="${conns}"
    wrk -t "${threads}" -c "${conns}" -d "${warmup}" "$@" "${url}" >/dev/null
    local line
    line="$(wrk -t "${threads}" -c "${conns}" -d "${duration}" "$@" "${url}" | grep '^BENCH ')" ||
        fail "wrk printed no result for ${name}"
    local rps p50 p99 non2xx socket_errors
    rps="$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"${line}")"
    p50="$(sed -E 's/.* p50_ms=([0-9.]+).*/\1/' <<<"${line}")"
    p99="$(sed -E 's/.* p99_ms=([0-9.]+).*/\1/' <<<"${line}")"
    non2xx="$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"${line}")"
    socket_errors="$(sed -E 's/.* socket_errors=([0-9]+).*/\1/' <<<"${line}")"
    echo "${name} ${rps} ${p50} ${p99} ${non2xx} ${socket_errors}"
}

uri() { jq -rn --arg q "$1" '$q|@uri'; }

# sequential NAME COUNT URL [curl args...]: COUNT requests one after another; prints the row with req/s = 1/mean,
# p50 = median and p99 = the slowest (with so few samples the slowest is the honest tail).
sequential() {
    local name="$1" count="$2" url="$3"
    shift 3
    local -a times=()
    local i seconds code
    for ((i = 0; i < count; i++)); do
        read -r code seconds < <(curl -sS -o /dev/null --max-time 900 -w '%{http_code} %{time_total}\n' "$@" "${url}")
        [[ "${code}" == 200 ]] || fail "GET ${url} answered ${code}, expected 200"
        times+=("${seconds}")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="${name} (${count} sequential)" '
        {t[NR] = $1; sum += $1}
        END {printf "%s %.3f %.3f %.3f 0 0\n", n, NR / sum, t[int((NR + 1) / 2)] * 1000, t[NR] * 1000}'
}

# probe_or_measure NAME CONNECTIONS URL [wrk args...]: one request first; when it alone takes longer than
# BENCH_PROBE_LIMIT seconds (0.2), loading the server with 64 of them would only measure a queue (and leave one
# behind for the next row), so the row is 3 sequential requests instead of a wrk run.
probe_or_measure() {
    local name="$1" conns="$2" url="$3"
    shift 3
    local -a headers=()
    local argument previous=""
    for argument in "$@"; do
        [[ "${previous}" == -H ]] && headers+=(-H "${argument}")
        previous="${argument}"
    done
    local seconds
    seconds="$(curl -sS -o /dev/null -w '%{time_total}' --max-time 900 "${headers[@]}" "${url}")" ||
        fail "GET ${url} did not answer within 900 s"
    if awk -v t="${seconds}" -v limit="${BENCH_PROBE_LIMIT:-0.2}" 'BEGIN {exit !(t > limit)}'; then
        echo "bench: ${name} took ${seconds} s for one request; measured sequentially, not loaded with wrk" >&2
        sequential "${name}" 3 "${url}" "${headers[@]}"
        return 0
    fi
    measure "${name}" "${conns}" "${url}" "$@"
}

results=()
declare -A rss_kib
declare -A search_p99
declare -A fiscal_p99
declare -A case_p99
declare -A case_capacity
declare -A book_p99
declare -A home_p99
read_rps="" read_p99=""

# suite BACKEND URL: serves URL with Kasane and measures it as demo-caseworker.
suite() {
    local backend="$1" url="$2"
    local log="${work}/kasane-${backend}.log"
    # Emptied here, not by the redirection below: that happens in the background child, and await_listening could
    # otherwise find the previous run's "listening on" line.
    : >"${log}"
    # BENCH_KASANE_ARGS adds flags to `kasane serve`, e.g. "--log-level warning" to see what the access log costs.
    local -a extra
    read -r -a extra <<<"${BENCH_KASANE_ARGS:-}"
    # wrk is one address holding 64 keep-alive connections: the per-address caps (issue 11, item 10: 64 open, 16
    # idle by default) exist to stop exactly that, so the benchmark lifts them, as the ceiling server has none.
    "${kasane}" serve --db "${url}" --listen "127.0.0.1:${kasane_port}" --threads "${server_threads}" \
        --max-connections-per-address 4096 --max-idle-per-address 4096 "${extra[@]}" >"${log}" 2>&1 &
    local pid=$!
    pids+=("${pid}")
    await_listening "kasane (${backend})" "${log}" "${pid}"
    local base="http://127.0.0.1:${kasane_port}"

    # Sign in. The cookie is read from the Set-Cookie header rather than a cookie jar: curl drops Secure cookies
    # received over plain http.
    local headers="${work}/session.headers" status session csrf
    status="$(curl -sS -o "${work}/session.json" -D "${headers}" -w '%{http_code}' \
        -H 'Content-Type: application/json' \
        --data '{"username":"demo-caseworker","password":"kasane-demo"}' "${base}/api/v1/sessions")"
    [[ "${status}" == 201 ]] || fail "POST /api/v1/sessions answered ${status}: $(cat "${work}/session.json")"
    session="$(tr -d '\r' <"${headers}" | sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
    [[ -n "${session}" ]] || fail "POST /api/v1/sessions set no kasane_session cookie"
    csrf="$(jq -r '.csrf_token // empty' "${work}/session.json")"
    [[ -n "${csrf}" ]] || fail "POST /api/v1/sessions returned no csrf_token"
    local cookie="Cookie: kasane_session=${session}"

    local organizations organization_id
    organizations="$(curl -sS -f -H "${cookie}" "${base}/api/v1/organizations")" ||
        fail "GET /api/v1/organizations failed"
    organization_id="$(grep -oE '"id" *: *[0-9]+' <<<"${organizations}" | head -n 1 | grep -oE '[0-9]+$' || true)"
    [[ -n "${organization_id}" ]] || fail "no organization id in GET /api/v1/organizations: ${organizations:0:300}"

    local read_url="${base}/api/v1/organizations/${organization_id}"
    local search_kanji="${base}/api/v1/persons?q=$(uri 佐藤)"
    local search_kana="${base}/api/v1/persons?q=$(uri さとう)"
    local search_full="${base}/api/v1/persons?q=$(uri "${full_name}")"
    local fiscal="${base}/api/v1/reports/fiscal-year?year=${fiscal_year}"
    check "${base}/healthz"
    check "${read_url}" -H "${cookie}"
    local url_to_check
    for url_to_check in "${search_kanji}" "${search_kana}" "${search_full}"; do
        check "${url_to_check}" -H "${cookie}" --max-time 600
    done
    local found
    found="$(curl -sS --max-time 600 -H "${cookie}" "${search_full}" | jq '.items | length' 2>/dev/null || echo '?')"
    echo "bench: ${backend}: search for '${full_name}' returns ${found} persons"
    local fy_seconds
    local fy_code
    read -r fy_code fy_seconds < <(curl -sS --max-time 600 -o "${work}/fiscal-${backend}.json" \
        -w '%{http_code} %{time_total}\n' -H "${cookie}" "${fiscal}")
    [[ "${fy_code}" == 200 ]] || fail "GET ${fiscal} answered ${fy_code}: $(head -c 300 "${work}/fiscal-${backend}.json")"
    echo "bench: ${backend}: first fiscal-year ${fiscal_year} report took ${fy_seconds} s:" \
        "$(jq -c '{contacts, persons, consultations, partner_share}' "${work}/fiscal-${backend}.json" \
            2>/dev/null || head -c 200 "${work}/fiscal-${backend}.json")"

    local -a auth=(-H "${cookie}" -s bench/report.lua)
    results+=("$(measure "${backend} GET /api/v1/organizations/{id}" "${connections}" "${read_url}" "${auth[@]}")")
    if [[ "${backend}" == sqlite ]]; then
        read_rps="$(awk '{print $(NF-4)}' <<<"${results[-1]}")"
        read_p99="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"
        results+=("$(measure "${backend} GET /healthz" "${connections}" "${base}/healthz" -s bench/report.lua)")
    fi
    local worst=0 row p99
    for row in "佐藤|${search_kanji}" "さとう|${search_kana}" "${full_name// /_}|${search_full}"; do
        results+=("$(probe_or_measure "${backend} GET /api/v1/persons?q=${row%%|*}" "${connections}" "${row#*|}" \
            "${auth[@]}")")
        p99="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"
        worst="$(awk -v a="${worst}" -v b="${p99}" 'BEGIN {print (b > a ? b : a)}')"
    done
    search_p99[${backend}]="${worst}"
    results+=("$(sequential "${backend} GET /api/v1/reports/fiscal-year" 5 "${fiscal}" -H "${cookie}")")
    fiscal_p99[${backend}]="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"
    local body
    body="$(jq -cn --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
        new_person: {family_name: "負荷", given_name: "試験", family_name_kana: "フカ", given_name_kana: "シケン"},
        chief_complaint: "ベンチマークの書き込み",
        categories: [{code: "other", most_pressing: true}],
        first_contact: {occurred_at: $at, channel: "phone", source: "agency", summary: "書き込み負荷の測定"}}')"
    local code
    code="$(curl -sS -o "${work}/post.json" -w '%{http_code}' -H "${cookie}" -H "X-CSRF-Token: ${csrf}" \
        -H 'Content-Type: application/json' --data "${body}" "${base}/api/v1/consultations")"
    [[ "${code}" == 201 ]] || fail "POST /api/v1/consultations answered ${code}: $(head -c 300 "${work}/post.json")"
    export BENCH_POST_BODY="${body}"
    results+=("$(measure "${backend} POST /api/v1/consultations" "${write_connections}" \
        "${base}/api/v1/consultations" -H "${cookie}" -H "X-CSRF-Token: ${csrf}" -s bench/post.lua)")

    # The case page (issue #6) as the coordinator of 福祉課, over up to 200 cases that user may see.
    local coordinator_cookie case_ids
    status="$(curl -sS -o "${work}/session-coordinator.json" -D "${headers}" -w '%{http_code}' \
        -H 'Content-Type: application/json' \
        --data '{"username":"demo-coordinator","password":"kasane-demo"}' "${base}/api/v1/sessions")"
    [[ "${status}" == 201 ]] || fail "POST /api/v1/sessions (coordinator) answered ${status}"
    coordinator_cookie="Cookie: kasane_session=$(tr -d '\r' <"${headers}" |
        sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
    case_ids="$(curl -sS -f --max-time 600 -H "${coordinator_cookie}" "${base}/api/v1/cases?limit=200" |
        jq -r '[.items[].id] | join(" ")')" || fail "GET /api/v1/cases failed"
    [[ -n "${case_ids}" ]] || fail "the ${backend} data set has no case the coordinator may see"
    echo "bench: ${backend}: case page over $(wc -w <<<"${case_ids}") cases"
    check "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}"
    export BENCH_CASE_IDS="${case_ids}"
    # 64 users at work: each reads the page for 0.5–1.5 s (BENCH_THINK_MS, 1000) before the next click. Then the
    # same 64 connections back to back, which measures the server's capacity for the page rather than users.
    results+=("$(BENCH_THINK_MS="${think_ms}" measure "${backend} GET /cases/{id} (${connections} users)" \
        "${connections}" "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}" -s bench/case_page.lua)")
    case_p99[${backend}]="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"
    results+=("$(BENCH_THINK_MS=0 measure "${backend} GET /cases/{id} (back to back)" "${connections}" \
        "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}" -s bench/case_page.lua)")
    case_capacity[${backend}]="$(awk '{print $(NF-4) " pages/s, p99 " $(NF-2) " ms"}' <<<"${results[-1]}")"

    # The worker's desk (issue 13): the 相談受付簿 over the fiscal year (its first page of 50, newest first) and the
    # home page, as the coordinator of 福祉課, by BENCH_DESK_USERS (16) users reading each page before the next.
    local book="${base}/consultations?from=${fiscal_year}-04-01&to=$((fiscal_year + 1))-03-31"
    check "${book}" -H "${coordinator_cookie}"
    check "${base}/" -H "${coordinator_cookie}"
    results+=("$(BENCH_THINK_MS="${think_ms}" measure "${backend} GET /consultations (${desk_users} users)" \
        "${desk_users}" "${book}" -H "${coordinator_cookie}" -s bench/think.lua)")
    book_p99[${backend}]="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"
    results+=("$(BENCH_THINK_MS="${think_ms}" measure "${backend} GET / (home, ${desk_users} users)" \
        "${desk_users}" "${base}/" -H "${coordinator_cookie}" -s bench/think.lua)")
    home_p99[${backend}]="$(awk '{print $(NF-2)}' <<<"${results[-1]}")"

    rss_kib[${backend}]="$(awk '/^VmHWM:/ {print $2}' "/proc/${pid}/status")"
    kill "${pid}"
    wait "${pid}" 2>/dev/null || true
}

echo "bench: wrk -t ${wrk_threads} -c ${connections} -d ${duration} (after ${warmup} warm-up; writes at" \
    "${write_connections} connections, fiscal-year counts 5 requests one at a time); servers with ${server_threads} threads; data" \
    "${scale} (PostgreSQL ${pg_scale}), seed ${seed}; kasane serve extra args: '${BENCH_KASANE_ARGS:-}';" \
    "$(nproc) cores; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"

# The ceiling's organisation: the demo town's first (福祉課), as Kasane reads it.
ceiling_org="$(sqlite3 "${sqlite_db}" 'SELECT min(id) FROM organizations' 2>/dev/null || echo 1)"
check "${ceiling_url}/org/${ceiling_org}"
results+=("$(measure "ceiling GET /org/{id}" "${connections}" "${ceiling_url}/org/${ceiling_org}" -s bench/report.lua)")
ceiling_rps="$(awk '{print $(NF-4)}' <<<"${results[0]}")"

for backend in "${backends[@]}"; do
    if [[ "${backend}" == sqlite ]]; then suite sqlite "sqlite:${sqlite_db}"; else suite postgresql "${pg_url}"; fi
done

printf '%-52s %10s %9s %9s %6s %s\n' endpoint req/s 'p50 ms' 'p99 ms' ratio errors
errors_found=0
for result in "${results[@]}"; do
    read -r -a fields <<<"${result}"
    count=${#fields[@]}
    name="${fields[*]:0:count-5}"
    rps="${fields[count-5]}" p50="${fields[count-4]}" p99="${fields[count-3]}"
    non2xx="${fields[count-2]}" socket_errors="${fields[count-1]}"
    ratio="$(awk -v a="${rps}" -v b="${ceiling_rps}" 'BEGIN {printf "%.2f", a / b}')"
    printf '%-52s %10.0f %9.2f %9.2f %6s %s\n' "${name}" "${rps}" "${p50}" "${p99}" "${ratio}" \
        "non2xx=${non2xx} socket=${socket_errors}"
    if ((non2xx > 0)); then
        errors_found=1
    fi
done
((errors_found == 0)) || fail "some responses were not 2xx; the figures above are not valid"

ratio="$(awk -v a="${read_rps}" -v b="${ceiling_rps}" 'BEGIN {printf "%.2f", a / b}')"
# The targets of the performance issue (docs/performance.md), judged on this run's figures. They are set for the
# prefecture set (1,000,000 persons, 5,000,000 contacts); on a smaller set a "met" proves less.
verdict() { if [[ "$1" == 1 ]]; then echo "met"; else echo "NOT met"; fi; }
size_note() {
    local size="$1"
    if [[ "${size}" == prefecture ]]; then echo ""; else echo ", ${size} set — the target is for prefecture"; fi
}
echo "target: authenticated read throughput >= 0.50 x ceiling (SQLite): $(verdict "$(awk -v r="${ratio}" 'BEGIN {print (r >= 0.50)}')") (${ratio})"
echo "target: authenticated read p99 < 10 ms at ${connections} connections (SQLite): $(verdict "$(awk -v p="${read_p99}" 'BEGIN {print (p < 10)}')") (${read_p99} ms)"
for backend in "${backends[@]}"; do
    size="${scale}"
    [[ "${backend}" == postgresql ]] && size="${pg_scale}"
    p99="${search_p99[${backend}]}"
    echo "target: name search p99 < 20 ms (${backend}, worst of 3 queries): $(verdict "$(awk -v p="${p99}" 'BEGIN {print (p < 20)}')") (${p99} ms$(size_note "${size}"))"
    p99="${fiscal_p99[${backend}]}"
    echo "target: fiscal-year counts < 1 s (${backend}, slowest of 5): $(verdict "$(awk -v p="${p99}" 'BEGIN {print (p < 1000)}')") (${p99} ms$(size_note "${size}"))"
    p99="${case_p99[${backend}]}"
    echo "target: case page p99 < 15 ms with ${connections} concurrent users (${backend}, ${think_ms} ms think time): $(verdict "$(awk -v p="${p99}" 'BEGIN {print (p < 15)}')") (${p99} ms$(size_note "${size}"); back to back at ${connections} connections: ${case_capacity[${backend}]})"
    for page in "相談受付簿|${book_p99[${backend}]}" "home page|${home_p99[${backend}]}"; do
        p99="${page#*|}"
        echo "target: ${page%%|*} p99 < 50 ms with ${desk_users} users (${backend}, ${think_ms} ms think time): $(verdict "$(awk -v p="${p99}" 'BEGIN {print (p < 50)}')") (${p99} ms, ${size} set — the target is for town)"
    done
    rss="${rss_kib[${backend}]}"
    echo "target: server RSS < 200 MB while serving (${backend}, VmHWM): $(verdict "$(awk -v r="${rss}" 'BEGIN {print (r < 200 * 1024)}')") ($((rss / 1024)) MB$(size_note "${size}"))"
done
# Issue 15: syncing 200 offline visits of the 世帯訪問調査 (bench/offline_sync.mjs, on a fresh SQLite demo town; set
# BENCH_OFFLINE_SYNC=0 to skip it).
if [[ "${BENCH_OFFLINE_SYNC:-1}" == 1 ]]; then
    node bench/offline_sync.mjs "${kasane}" | grep '^target:'
fi
# Issue 15: the progress of a campaign of 5,500 households (bench/survey_progress.mjs, on a fresh SQLite demo town;
# set BENCH_SURVEY_PROGRESS=0 to skip it).
if [[ "${BENCH_SURVEY_PROGRESS:-1}" == 1 ]]; then
    node bench/survey_progress.mjs "${kasane}" | grep '^target:'
fi
echo "ratio authenticated_read/ceiling = ${ratio}"
