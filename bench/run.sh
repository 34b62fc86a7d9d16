#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The performance targets of issue 18 (and of issues 5, 6 and 13 before it), measured on this machine on SQLite and
# PostgreSQL at several sizes, so that the cost of each request is seen growing with the number of persons
# (issue 18, item 7). For each data set and each database:
#   - the ceiling server (bench/ceiling_server.cpp) against Kasane's authenticated read (back to back, 64
#     connections), on each database (on PostgreSQL the ceiling server holds libpq connections as Kasane does;
#     bench/postgres_ceiling.sh measures the round trips, the case page and two processes besides);
#   - person search (GET /api/v1/persons?q=…) for a two-character kanji name (佐藤) and a three-character kana
#     reading (さとう), as demo-caseworker: p99 with 64 users each acting about once a second, and the back-to-back
#     throughput at 64 connections;
#   - each report, the slowest of 5 requests one after another: 年度集計 (/api/v1/reports/fiscal-year), 推移
#     (/api/v1/reports/trend), 国報告 (/api/v1/reports/national) and 県の集計 (/api/v1/prefecture/rollup, as
#     demo-analyst, where the data set designates a prefecture's office; otherwise printed as not applicable);
#   - writes under load (POST /api/v1/consultations, each with a new person);
#   - the case page of 多機関協働 as the coordinator: 64 users, then 64 connections back to back;
#   - the 相談受付簿 over the fiscal year and the home page, as the coordinator, by 64 users each acting about once a
#     second;
#   - the server's peak RSS (VmHWM) while serving the set, and the time the set took to generate;
#   - for each of these, the CPU a request cost (FIGURE_cpu, ms of CPU: Kasane's and, on PostgreSQL, the cluster's),
#     which the machine's load changes far less than latency: the figure to compare between sets on a shared machine.
# Every figure is printed as one line "BACKEND.persons_N.FIGURE = VALUE UNIT" (e.g.
# "sqlite.persons_100000.search_2char_p99 = 4.1 ms"), then each issue-18 target as met or NOT met on the largest set
# measured, then the syncing of offline visits and a survey campaign's progress (issue 15), and the last line is
# exactly "ratio authenticated_read/ceiling = N.NN" (SQLite, largest set).
# Figures from different runs or machines are not comparable; ratios within one run are what we track.
#
# Data sets come from `kasane demo --persons N` (or `--scale town|city|prefecture`) and are cached under
# build/bench/ (SQLite: persons-N-SEED.db or scale-SIZE-SEED.db; PostgreSQL: database persons_N_SEED or
# scale_SIZE_SEED in the cluster build/bench/pg, kept running between runs), generated only when missing. Delete the
# file (or stop the cluster: scripts/pg-test-cluster.sh stop build/bench/pg) to generate them again. The benchmark's
# writes (POST /api/v1/consultations) stay in the cached sets.
#
# Environment: BENCH_SETS (the sets, in order: person counts or scale names; "10000 100000 1000000", or "town"
# with BENCH_QUICK=1), BENCH_QUICK=1 (the town set and 5 s runs: a few minutes), BENCH_SCALE (one named scale;
# overrides BENCH_QUICK, kept for older habits), BENCH_SEED (1), BENCH_BACKENDS ("sqlite postgresql"),
# BENCH_FISCAL_YEAR (2024), BENCH_FULL_NAME (佐藤 和子), BENCH_DURATION (10s; 5s quick), BENCH_CONNECTIONS (64),
# BENCH_USERS (64: the users acting about once a second), BENCH_WRITE_CONNECTIONS (16), BENCH_WRK_THREADS (2),
# BENCH_SERVER_THREADS (2: on SQLite), BENCH_PG_SERVER_THREADS (2 a core: on PostgreSQL), BENCH_WARMUP (2s),
# BENCH_THINK_MS (1000: each user's time between requests), BENCH_KASANE_PORT (18080), BENCH_CEILING_PORT (18081),
# BENCH_SQLITE_ANALYZE (0),
# BENCH_PG_DIR (the cluster directory, build/bench/pg), BENCH_PROBE_LIMIT (0.2 s), BENCH_OFFLINE_SYNC (1),
# BENCH_SURVEY_PROGRESS (1), BENCH_REPORT_REPEATS (5), BENCH_WRK_TIMEOUT (30s), BENCH_BUILD_DIR and BENCH_KASANE_ARGS (see below).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick="${BENCH_QUICK:-0}"
if [[ "${quick}" == 1 ]]; then
    default_sets=town default_duration=5s
else
    default_sets="10000 100000 1000000" default_duration=10s
fi
if [[ -n "${BENCH_SCALE:-}" ]]; then default_sets="${BENCH_SCALE}"; fi
read -r -a sets <<<"${BENCH_SETS:-${default_sets}}"
seed="${BENCH_SEED:-1}"
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
fiscal_year="${BENCH_FISCAL_YEAR:-2024}"
full_name="${BENCH_FULL_NAME:-佐藤 和子}"
duration="${BENCH_DURATION:-${default_duration}}"
connections="${BENCH_CONNECTIONS:-64}"
users="${BENCH_USERS:-64}"
write_connections="${BENCH_WRITE_CONNECTIONS:-16}"
wrk_threads="${BENCH_WRK_THREADS:-2}"
server_threads="${BENCH_SERVER_THREADS:-2}"
# On PostgreSQL each io thread of a server waits through every round trip, and with one thread a core the cores sat
# idle 12% of a back-to-back read; so there both servers, Kasane and the ceiling alike, get two threads a core, as
# docs/deployment.md ("Threads") advises. The ceiling serves as much with 2 as with 4 (docs/performance.md).
pg_server_threads="${BENCH_PG_SERVER_THREADS:-$((2 * $(nproc)))}"
threads_of() { if [[ "$1" == postgresql ]]; then echo "${pg_server_threads}"; else echo "${server_threads}"; fi; }
warmup="${BENCH_WARMUP:-2s}"
think_ms="${BENCH_THINK_MS:-1000}"
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

# persons_of SET: the number of persons of a set ("town" is 15,000; a number is itself).
persons_of() {
    case "$1" in
        town) echo 15000 ;;
        city) echo 150000 ;;
        prefecture) echo 1000000 ;;
        *) echo "$1" ;;
    esac
}
for set in "${sets[@]}"; do
    case "${set}" in
        town | city | prefecture) ;;
        *)
            if ! [[ "${set}" =~ ^[0-9]+$ ]] || ((set < 1000 || set > 10000000)); then
                fail "BENCH_SETS may hold town, city, prefecture and person counts from 1000 to 10000000 (got ${set})"
            fi
            ;;
    esac
done
((${#sets[@]} > 0)) || fail "BENCH_SETS is empty"
[[ "${seed}" =~ ^[0-9]+$ ]] || fail "BENCH_SEED must be a non-negative integer"
for backend in "${backends[@]}"; do
    case "${backend}" in sqlite | postgresql) ;; *) fail "BENCH_BACKENDS may name sqlite and postgresql" ;; esac
done
[[ " ${backends[*]} " == *" sqlite "* ]] || fail "BENCH_BACKENDS must include sqlite (the ceiling server reads it)"

for tool in wrk curl jq sqlite3; do
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

# figure BACKEND SET NAME VALUE UNIT: one figure line, and kept for the targets.
declare -A figures
figure() {
    local key
    key="$1.persons_$(persons_of "$2").$3"
    figures[${key}]="$4"
    echo "${key} = $4 $5"
}

# generate URL SET LOG: the demo town and the generated volume, timed; the seconds are kept in LOG.seconds.
# On PostgreSQL `kasane demo` takes the bulk path: the set is generated into a SQLite file and copied in with COPY
# (issue 18, item 3; docs/performance.md).
generate() {
    local url="$1" set="$2" log="$3" start end
    local -a size_args=(--persons "${set}")
    [[ "${set}" =~ ^[0-9]+$ ]] || size_args=(--scale "${set}")
    echo "bench: generating ${set} (seed ${seed}) into ${url} — this is done once and cached"
    start="$(date +%s)"
    "${kasane}" demo "${size_args[@]}" --seed "${seed}" --db "${url}" --log-level warning >"${log}" 2>&1 || {
        cat "${log}" >&2
        fail "kasane demo ${size_args[*]} failed"
    }
    end="$(date +%s)"
    echo "$((end - start))" >"${log}.seconds"
    echo "bench: generated in $((end - start)) s (load average $(cut -d ' ' -f 1-3 /proc/loadavg)):" \
        "$(grep -v '^ ' "${log}" | tail -n 3 | tr '\n' ' ')"
}

# set_name SET: the stem of a set's cached file or database ("persons-100000-1", "scale-town-1").
set_name() {
    if [[ "$1" =~ ^[0-9]+$ ]]; then echo "persons-$1-${seed}"; else echo "scale-$1-${seed}"; fi
}

# prepare_sqlite SET: generates the SQLite file of SET when missing; prints its path.
prepare_sqlite() {
    local set="$1" db
    db="${work}/$(set_name "${set}").db"
    if [[ ! -f "${db}.done" ]]; then
        rm -f "${db}" "${db}-wal" "${db}-shm" "${db}.analyzed"
        generate "sqlite:${db}" "${set}" "${work}/$(set_name "${set}").sqlite.log" >&2
        touch "${db}.done"
    fi
    "${kasane}" migrate --db "sqlite:${db}" --log-level warning >/dev/null
    # BENCH_SQLITE_ANALYZE=1 runs ANALYZE on the SQLite set once (PostgreSQL gets its statistics from VACUUM
    # ANALYZE, as autovacuum would). The default (0) measures Kasane as it ships. The statistics stay in the file.
    if [[ "${BENCH_SQLITE_ANALYZE:-0}" == 1 && ! -f "${db}.analyzed" ]]; then
        sqlite3 "${db}" 'ANALYZE' && touch "${db}.analyzed"
    fi
    [[ ! -f "${db}.analyzed" ]] || echo "bench: ${db} has ANALYZE statistics (delete the file to drop them)" >&2
    echo "${db}"
}

# prepare_postgres SET: generates the PostgreSQL database of SET when missing; prints its URL.
pg_started=0
prepare_postgres() {
    local set="$1"
    # The cluster is kept running between runs so that its data sets stay cached; a stopped or missing cluster is
    # started afresh (which empties it), and its stamps go with it.
    if ((pg_started == 0)); then
        if [[ ! -f "${pg_dir}/url" ]] ||
            ! /usr/lib/postgresql/15/bin/pg_isready -q -h 127.0.0.1 -p "$(cat "${pg_dir}/port")"; then
            rm -f "${work}"/pg-*.done
            scripts/pg-test-cluster.sh start "${pg_dir}" >/dev/null
        fi
        pg_started=1
    fi
    local name url
    name="$(set_name "${set}" | tr '-' '_')"
    url="$(cat "${pg_dir}/url")/${name}"
    if [[ ! -f "${work}/pg-${name}.done" ]]; then
        scripts/pg-test-cluster.sh createdb "${pg_dir}" "${name}" >/dev/null
        generate "${url}" "${set}" "${work}/$(set_name "${set}").postgresql.log" >&2
        # What autovacuum would have done by the time anyone searches: statistics and the visibility map.
        /usr/lib/postgresql/15/bin/psql -X -q "${url}" -c "VACUUM (ANALYZE)" >/dev/null
        touch "${work}/pg-${name}.done"
    fi
    "${kasane}" migrate --db "${url}" --log-level warning >/dev/null
    echo "${url}"
}

pids=()
stop_servers() {
    for pid in "${pids[@]}"; do
        kill "${pid}" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "${pid}" 2>/dev/null || true
    done
    pids=()
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

# Every endpoint must answer 200 before it is measured; a fast 404 is not a result.
check() {
    local url="$1"
    shift
    local code
    code="$(curl -sS -o /dev/null -w '%{http_code}' "$@" "${url}")"
    [[ "${code}" == 200 ]] || fail "GET ${url} answered ${code}, expected 200"
}

# cpu_ticks: the CPU time (user + system, in 1/CLK_TCK s) used so far by the Kasane server being measured
# (server_pid) and, on PostgreSQL, by the cluster's postmaster and its children (the backends serving Kasane). Divided
# by the requests served, it is what a request costs — a figure the machine's load changes far less than the time a
# request takes, so it is the one to compare between sets on a shared machine. (It counts the cluster's background
# processes too, and a backend that exits between two readings takes its ticks with it.)
server_pid="" pg_postmaster=""
clock_tick="$(getconf CLK_TCK)"
cpu_ticks() {
    local -a watched=()
    [[ -z "${server_pid}" ]] || watched+=("${server_pid}")
    if [[ -n "${pg_postmaster}" ]]; then
        local child
        watched+=("${pg_postmaster}")
        while read -r child; do watched+=("${child}"); done < <(ps -o pid= --ppid "${pg_postmaster}")
    fi
    local pid total=0 ticks
    for pid in "${watched[@]}"; do
        ticks="$(awk '{print $14 + $15}' "/proc/${pid}/stat" 2>/dev/null || echo 0)"
        total=$((total + ticks))
    done
    echo "${total}"
}
# cpu_per_request BEFORE AFTER REQUESTS: milliseconds of CPU a request cost, into ${work}/last_cpu (read by cpu_of).
cpu_per_request() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="${clock_tick}" \
        'BEGIN {if (n > 0) printf "%.2f\n", (b - a) * 1000 / hz / n; else print "none"}' >"${work}/last_cpu"
}
cpu_of() { cat "${work}/last_cpu"; }

# measure NAME CONNECTIONS URL [wrk args...]: prints "NAME rps p50 p99 non2xx socket_errors".
measure() {
    local name="$1" conns="$2" url="$3"
    shift 3
    local threads="${wrk_threads}"
    ((threads <= conns)) || threads="${conns}"
    # wrk's own timeout is 2 s: a slower response would be dropped from the latencies (and a run of only such
    # responses would report a p99 of 0), so it is raised to BENCH_WRK_TIMEOUT (30s).
    local timeout="${BENCH_WRK_TIMEOUT:-30s}"
    wrk -t "${threads}" -c "${conns}" -d "${warmup}" --timeout "${timeout}" "$@" "${url}" >/dev/null
    local line before
    before="$(cpu_ticks)"
    line="$(wrk -t "${threads}" -c "${conns}" -d "${duration}" --timeout "${timeout}" "$@" "${url}" | grep '^BENCH ')" ||
        fail "wrk printed no result for ${name}"
    cpu_per_request "${before}" "$(cpu_ticks)" "$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"${line}")"
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
    local i seconds code before
    before="$(cpu_ticks)"
    for ((i = 0; i < count; i++)); do
        read -r code seconds < <(curl -sS -o /dev/null --max-time 900 -w '%{http_code} %{time_total}\n' "$@" "${url}")
        [[ "${code}" == 200 ]] || fail "GET ${url} answered ${code}, expected 200"
        times+=("${seconds}")
    done
    cpu_per_request "${before}" "$(cpu_ticks)" "${count}"
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


# Each measured row must be all 2xx: a fast error page is not a result.
# row_ok ROW: fails the run when the row counted responses that were not 2xx.
row_ok() {
    local -a fields
    read -r -a fields <<<"$1"
    local count=${#fields[@]}
    ((fields[count - 2] == 0)) || fail "${fields[*]:0:count-5}: ${fields[count - 2]} responses were not 2xx; the figures are not valid"
}
rps_of() { awk '{printf "%.0f", $(NF-4)}' <<<"$1"; }
# p99_of ROW: the p99 in ms, or "none" when no request completed in the run (then no target can be met).
p99_of() { awk '{if ($(NF-4) + 0 == 0) print "none"; else printf "%.2f", $(NF-2)}' <<<"$1"; }

# sign_in BASE USERNAME: prints "SESSION CSRF" for that demo user.
sign_in() {
    local base="$1" username="$2" header_file="${work}/session.headers" status session csrf
    status="$(curl -sS -o "${work}/session.json" -D "${header_file}" -w '%{http_code}' \
        -H 'Content-Type: application/json' \
        --data "{\"username\":\"${username}\",\"password\":\"kasane-demo\"}" "${base}/api/v1/sessions")"
    [[ "${status}" == 201 ]] || fail "POST /api/v1/sessions (${username}) answered ${status}: $(cat "${work}/session.json")"
    # The cookie is read from the Set-Cookie header rather than a cookie jar: curl drops Secure cookies received
    # over plain http.
    session="$(tr -d '\r' <"${header_file}" | sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)"
    [[ -n "${session}" ]] || fail "POST /api/v1/sessions (${username}) set no kasane_session cookie"
    csrf="$(jq -r '.csrf_token // empty' "${work}/session.json")"
    echo "${session} ${csrf:-none}"
}

# report BACKEND SET NAME URL COOKIE...: the slowest of BENCH_REPORT_REPEATS (5) sequential requests of a report, in
# ms, as the first of the users (their cookies) it answers 200 to — each report has its own readers; none: not
# applicable, with the status. (Fewer repeats for a large set whose reports take many seconds each.)
report_repeats="${BENCH_REPORT_REPEATS:-5}"
report() {
    local backend="$1" set="$2" name="$3" url="$4" row cookie code=""
    shift 4
    for cookie in "$@"; do
        code="$(curl -sS -o /dev/null --max-time 900 -w '%{http_code}' -H "${cookie}" "${url}")"
        if [[ "${code}" == 200 ]]; then
            row="$(sequential "${backend} ${name}" "${report_repeats}" "${url}" -H "${cookie}")"
            figure "${backend}" "${set}" "report_${name}_ms" "$(p99_of "${row}")" "ms (slowest of ${report_repeats} sequential)"
            figure "${backend}" "${set}" "report_${name}_cpu" "$(cpu_of)" "ms of CPU a request"
            return 0
        fi
    done
    echo "${backend}.persons_$(persons_of "${set}").report_${name}_ms = not applicable (${url#http://*/} answers ${code} to the demo users tried)"
}

# users_unit ROW TEXT: the unit note of a row measured by users, or sequentially when one request was too slow.
users_unit() {
    if [[ "$1" == *sequential* ]]; then echo "ms (3 sequential: one request took over ${BENCH_PROBE_LIMIT:-0.2} s)"; else echo "$2"; fi
}

# suite BACKEND SET URL: serves URL with Kasane and measures it.
suite() {
    local backend="$1" set="$2" url="$3"
    local log="${work}/kasane-${backend}.log"
    # Emptied here, not by the redirection below: that happens in the background child, and await_listening could
    # otherwise find the previous run's "listening on" line.
    : >"${log}"
    # BENCH_KASANE_ARGS adds flags to `kasane serve`, e.g. "--log-level warning" to see what the access log costs.
    local -a extra
    read -r -a extra <<<"${BENCH_KASANE_ARGS:-}"
    # wrk is one address holding 64 keep-alive connections: the per-address caps (issue 11, item 10: 64 open, 16
    # idle by default) exist to stop exactly that, so the benchmark lifts them, as the ceiling server has none.
    "${kasane}" serve --db "${url}" --listen "127.0.0.1:${kasane_port}" --threads "$(threads_of "${backend}")" \
        --max-connections-per-address 4096 --max-idle-per-address 4096 "${extra[@]}" >"${log}" 2>&1 &
    local pid=$!
    pids+=("${pid}")
    await_listening "kasane (${backend})" "${log}" "${pid}"
    server_pid="${pid}" pg_postmaster=""
    if [[ "${backend}" == postgresql ]]; then pg_postmaster="$(head -n 1 "${pg_dir}/data/postmaster.pid")"; fi
    local base="http://127.0.0.1:${kasane_port}"

    local session csrf
    read -r session csrf < <(sign_in "${base}" demo-caseworker)
    [[ "${csrf}" != none ]] || fail "POST /api/v1/sessions returned no csrf_token"
    local cookie="Cookie: kasane_session=${session}"
    local organizations organization_id
    organizations="$(curl -sS -f -H "${cookie}" "${base}/api/v1/organizations")" ||
        fail "GET /api/v1/organizations failed"
    organization_id="$(grep -oE '"id" *: *[0-9]+' <<<"${organizations}" | head -n 1 | grep -oE '[0-9]+$' || true)"
    [[ -n "${organization_id}" ]] || fail "no organization id in GET /api/v1/organizations: ${organizations:0:300}"

    local read_url="${base}/api/v1/organizations/${organization_id}"
    local search_2char search_3char
    search_2char="${base}/api/v1/persons?q=$(uri 佐藤)"
    search_3char="${base}/api/v1/persons?q=$(uri さとう)"
    check "${base}/healthz"
    check "${read_url}" -H "${cookie}"
    check "${search_2char}" -H "${cookie}" --max-time 600
    check "${search_3char}" -H "${cookie}" --max-time 600
    local found
    found="$(curl -sS --max-time 600 -H "${cookie}" "${base}/api/v1/persons?q=$(uri "${full_name}")" |
        jq '.items | length' 2>/dev/null || echo '?')"
    echo "bench: ${backend}, ${set}: search for '${full_name}' returns ${found} persons"

    # The ceiling and the authenticated read, back to back at 64 connections.
    local row ceiling_rps=""
    ceiling_rps="${set_ceiling_rps}"
    local -a auth=(-H "${cookie}" -s bench/report.lua)
    row="$(measure "${backend} read" "${connections}" "${read_url}" "${auth[@]}")"
    row_ok "${row}"
    figure "${backend}" "${set}" read_rps "$(rps_of "${row}")" "req/s (GET /api/v1/organizations/{id}, ${connections} connections back to back)"
    figure "${backend}" "${set}" read_p99 "$(p99_of "${row}")" "ms"
    figure "${backend}" "${set}" read_cpu "$(cpu_of)" "ms of CPU a request"
    if [[ -n "${ceiling_rps}" ]]; then
        figure "${backend}" "${set}" ceiling_rps "$(printf '%.0f' "${ceiling_rps}")" "req/s"
        figure "${backend}" "${set}" read_ratio "$(awk -v a="$(rps_of "${row}")" -v b="${ceiling_rps}" 'BEGIN {printf "%.2f", a / b}')" "of the ceiling"
    else
        echo "${backend}.persons_$(persons_of "${set}").ceiling_rps = not measured"
    fi
    if [[ "${backend}" == sqlite ]]; then
        row="$(measure "${backend} healthz" "${connections}" "${base}/healthz" -s bench/report.lua)"
        row_ok "${row}"
        figure "${backend}" "${set}" healthz_rps "$(rps_of "${row}")" "req/s"
    fi

    # Search: p99 with 64 users acting about once a second, then the back-to-back throughput.
    local query target
    for query in 2char 3char; do
        target="${search_2char}"
        [[ "${query}" == 3char ]] && target="${search_3char}"
        row="$(BENCH_THINK_MS="${think_ms}" probe_or_measure "${backend} search ${query}" "${users}" "${target}" \
            -H "${cookie}" -s bench/think.lua)"
        row_ok "${row}"
        figure "${backend}" "${set}" "search_${query}_p99" "$(p99_of "${row}")" "$(users_unit "${row}" "ms (${users} users)")"
        figure "${backend}" "${set}" "search_${query}_cpu" "$(cpu_of)" "ms of CPU a request"
        row="$(probe_or_measure "${backend} search ${query}" "${connections}" "${target}" "${auth[@]}")"
        row_ok "${row}"
        figure "${backend}" "${set}" "search_${query}_rps" "$(rps_of "${row}")" "$(users_unit "${row}" "req/s (${connections} connections back to back)" | sed 's/^ms/req\/s/')"
    done

    # The reports, each as the first of these demo users it answers 200 to.
    local -a readers=()
    local reader reader_session
    for reader in demo-caseworker demo-coordinator demo-town-admin demo-analyst; do
        read -r reader_session _ < <(sign_in "${base}" "${reader}")
        readers+=("Cookie: kasane_session=${reader_session}")
    done
    report "${backend}" "${set}" fiscal_year "${base}/api/v1/reports/fiscal-year?year=${fiscal_year}" "${readers[@]}"
    report "${backend}" "${set}" trend "${base}/api/v1/reports/trend?from=$((fiscal_year - 2))&to=${fiscal_year}" \
        "${readers[@]}"
    report "${backend}" "${set}" national "${base}/api/v1/reports/national?year=${fiscal_year}" "${readers[@]}"
    # 県の集計 applies where the data set designates a prefecture's office (the demo set does not: 404).
    report "${backend}" "${set}" prefecture "${base}/api/v1/prefecture/rollup?year=${fiscal_year}" "${readers[@]}"
    local code

    # Writes under load.
    local body
    body="$(jq -cn --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
        new_person: {family_name: "負荷", given_name: "試験", family_name_kana: "フカ", given_name_kana: "シケン"},
        chief_complaint: "ベンチマークの書き込み",
        categories: [{code: "other", most_pressing: true}],
        first_contact: {occurred_at: $at, channel: "phone", source: "agency", summary: "書き込み負荷の測定"}}')"
    code="$(curl -sS -o "${work}/post.json" -w '%{http_code}' -H "${cookie}" -H "X-CSRF-Token: ${csrf}" \
        -H 'Content-Type: application/json' --data "${body}" "${base}/api/v1/consultations")"
    [[ "${code}" == 201 ]] || fail "POST /api/v1/consultations answered ${code}: $(head -c 300 "${work}/post.json")"
    row="$(BENCH_POST_BODY="${body}" measure "${backend} write" "${write_connections}" \
        "${base}/api/v1/consultations" -H "${cookie}" -H "X-CSRF-Token: ${csrf}" -s bench/post.lua)"
    row_ok "${row}"
    figure "${backend}" "${set}" write_rps "$(rps_of "${row}")" "req/s (POST /api/v1/consultations, ${write_connections} connections)"
    figure "${backend}" "${set}" write_p99 "$(p99_of "${row}")" "ms"
    figure "${backend}" "${set}" write_cpu "$(cpu_of)" "ms of CPU a request"

    # The case page (issue 6) as the coordinator of 福祉課, over up to 200 cases that user may see.
    local coordinator coordinator_cookie case_ids
    read -r coordinator _ < <(sign_in "${base}" demo-coordinator)
    coordinator_cookie="Cookie: kasane_session=${coordinator}"
    case_ids="$(curl -sS -f --max-time 600 -H "${coordinator_cookie}" "${base}/api/v1/cases?limit=200" |
        jq -r '[.items[].id] | join(" ")')" || fail "GET /api/v1/cases failed"
    [[ -n "${case_ids}" ]] || fail "the ${backend} data set has no case the coordinator may see"
    check "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}"
    row="$(BENCH_CASE_IDS="${case_ids}" BENCH_THINK_MS="${think_ms}" measure "${backend} case page" "${users}" \
        "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}" -s bench/case_page.lua)"
    row_ok "${row}"
    figure "${backend}" "${set}" case_page_p99 "$(p99_of "${row}")" "ms (${users} users)"
    figure "${backend}" "${set}" case_page_cpu "$(cpu_of)" "ms of CPU a request"
    row="$(BENCH_CASE_IDS="${case_ids}" BENCH_THINK_MS=0 measure "${backend} case page" "${connections}" \
        "${base}/cases/${case_ids%% *}" -H "${coordinator_cookie}" -s bench/case_page.lua)"
    row_ok "${row}"
    figure "${backend}" "${set}" case_page_rps "$(rps_of "${row}")" "pages/s (${connections} connections back to back)"

    # The worker's desk (issue 13): the 相談受付簿 over the fiscal year (its first page of 50, newest first) and the
    # home page, as the coordinator, by 64 users each acting about once a second.
    local book="${base}/consultations?from=${fiscal_year}-04-01&to=$((fiscal_year + 1))-03-31"
    check "${book}" -H "${coordinator_cookie}"
    check "${base}/" -H "${coordinator_cookie}"
    row="$(BENCH_THINK_MS="${think_ms}" measure "${backend} book" "${users}" "${book}" -H "${coordinator_cookie}" \
        -s bench/think.lua)"
    row_ok "${row}"
    figure "${backend}" "${set}" book_p99 "$(p99_of "${row}")" "ms (相談受付簿, ${users} users)"
    figure "${backend}" "${set}" book_cpu "$(cpu_of)" "ms of CPU a request"
    row="$(BENCH_THINK_MS="${think_ms}" measure "${backend} home" "${users}" "${base}/" -H "${coordinator_cookie}" \
        -s bench/think.lua)"
    row_ok "${row}"
    figure "${backend}" "${set}" home_p99 "$(p99_of "${row}")" "ms (home page, ${users} users)"
    figure "${backend}" "${set}" home_cpu "$(cpu_of)" "ms of CPU a request"

    figure "${backend}" "${set}" rss_mb "$(awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/${pid}/status")" "MB (VmHWM)"
    kill "${pid}"
    wait "${pid}" 2>/dev/null || true
    pids=("${pids[@]/${pid}/}")
    server_pid="" pg_postmaster=""
}

echo "bench: sets ${sets[*]} (seed ${seed}) on ${backends[*]}; wrk -t ${wrk_threads}, ${connections} connections" \
    "back to back or ${users} users acting every ${think_ms} ms on average, ${duration} after ${warmup} warm-up;" \
    "servers with ${server_threads} threads on SQLite and ${pg_server_threads} on PostgreSQL;" \
    "kasane serve extra args: '${BENCH_KASANE_ARGS:-}'; $(nproc) cores;" \
    "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"

# The ceiling on this set's database (bench/ceiling_server.cpp: the same server skeleton and, on PostgreSQL, the same
# libpq connection settings as Kasane, one primary-key read of the demo town's first organisation, 福祉課, a request):
# prints its requests a second, back to back at 64 connections.
measure_ceiling() {
    local backend="$1" url="$2" organization
    if [[ "${backend}" == sqlite ]]; then
        organization="$(sqlite3 "${url#sqlite:}" 'SELECT min(id) FROM organizations')"
    else
        organization="$(/usr/lib/postgresql/15/bin/psql -X -A -t -d "${url}" -c 'SELECT min(id) FROM organizations')"
    fi
    : >"${work}/ceiling.log"
    "${ceiling}" --db "${url#sqlite:}" --listen "127.0.0.1:${ceiling_port}" --threads "$(threads_of "${backend}")" \
        >"${work}/ceiling.log" 2>&1 &
    local ceiling_pid=$!
    pids+=("${ceiling_pid}")
    await_listening ceiling_server "${work}/ceiling.log" "${ceiling_pid}"
    check "http://127.0.0.1:${ceiling_port}/org/${organization}"
    local row
    row="$(measure "${backend} ceiling" "${connections}" "http://127.0.0.1:${ceiling_port}/org/${organization}" \
        -s bench/report.lua)"
    row_ok "${row}"
    kill "${ceiling_pid}"
    wait "${ceiling_pid}" 2>/dev/null || true
    pids=("${pids[@]/${ceiling_pid}/}")
    rps_of "${row}"
}

for set in "${sets[@]}"; do
    for backend in "${backends[@]}"; do
        if [[ "${backend}" == sqlite ]]; then
            db="$(prepare_sqlite "${set}")"
            log="${work}/$(set_name "${set}").sqlite.log"
            url="sqlite:${db}"
        else
            url="$(prepare_postgres "${set}")"
            log="${work}/$(set_name "${set}").postgresql.log"
        fi
        set_ceiling_rps="$(measure_ceiling "${backend}" "${url}")"
        if [[ -f "${log}.seconds" ]]; then
            figure "${backend}" "${set}" generation_seconds "$(cat "${log}.seconds")" "s (measured when the set was generated)"
        else
            echo "bench: generation time of the ${backend} ${set} set unknown (generated by an older run.sh)"
        fi
        suite "${backend}" "${set}" "${url}"
        echo "bench: ${backend}, ${set} measured; load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    done
done

# The targets of issue 18, judged on the largest set measured (they are set for the prefecture set, 1,000,000
# persons and 5,000,000 contacts: on a smaller set a "met" proves less, and the line says so).
largest="${sets[0]}"
for set in "${sets[@]}"; do
    (($(persons_of "${set}") > $(persons_of "${largest}"))) && largest="${set}"
done
largest_persons="$(persons_of "${largest}")"
size_note=""
((largest_persons >= 1000000)) || size_note=", ${largest_persons} persons — the target is for 1,000,000"
# target TEXT VALUE UNIT LIMIT below|above: one target line.
target() {
    local text="$1" value="$2" unit="$3" limit="$4" direction="$5" met
    if [[ -z "${value}" ]]; then
        echo "target: ${text}: not measured${size_note}"
        return 0
    fi
    met="$(awk -v v="${value}" -v l="${limit}" -v d="${direction}" \
        'BEGIN {if (v !~ /^[0-9.]+$/) print 0; else print ((d == "below") ? (v + 0 < l + 0) : (v + 0 >= l + 0))}')"
    if [[ "${met}" == 1 ]]; then met=met; else met="NOT met"; fi
    echo "target: ${text}: ${met} (${value} ${unit}${size_note})"
}
for backend in "${backends[@]}"; do
    key="${backend}.persons_${largest_persons}"
    target "name search p99 < 20 ms, 2 characters, ${users} users (${backend})" "${figures[${key}.search_2char_p99]:-}" ms 20 below
    target "name search p99 < 20 ms, 3 characters, ${users} users (${backend})" "${figures[${key}.search_3char_p99]:-}" ms 20 below
    for name in fiscal_year trend national prefecture; do
        [[ -n "${figures[${key}.report_${name}_ms]:-}" ]] || continue
        target "report ${name} < 100 ms (${backend}, slowest of ${report_repeats})" "${figures[${key}.report_${name}_ms]}" ms 100 below
    done
    target "相談受付簿 p99 < 50 ms, ${users} users (${backend})" "${figures[${key}.book_p99]:-}" ms 50 below
    target "home page p99 < 50 ms, ${users} users (${backend})" "${figures[${key}.home_p99]:-}" ms 50 below
    target "server RSS < 200 MB (${backend}, VmHWM)" "${figures[${key}.rss_mb]:-}" MB 200 below
    target "authenticated read >= 0.50 x ceiling (${backend}, ${connections} connections back to back)" "${figures[${key}.read_ratio]:-}" "of the ceiling" 0.50 above
    target "generation < 10 minutes (${backend})" "${figures[${key}.generation_seconds]:-}" s 600 below
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
echo "ratio authenticated_read/ceiling = ${figures[sqlite.persons_${largest_persons}.read_ratio]}"
