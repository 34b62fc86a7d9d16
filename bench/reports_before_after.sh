#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Two builds of kasane on the same data: each report's slowest of N sequential requests, the server's CPU a request,
# and whether their JSON answers are identical apart from computed_at (a change of where a figure is read from must
# not change the figure). Used for issue 18, item 2 (docs/performance.md, "Reports on the prefecture set").
#
#   bench/reports_before_after.sh BEFORE_BIN AFTER_BIN DB_URL [REPEATS]
#
# DB_URL is sqlite:/path (a copy: serve migrates it) or postgresql://… (a copy too). Signs in as demo-coordinator
# (exact figures). BENCH_REPORTS overrides the reports, as "name:path?query" words. Exits non-zero when any answer
# differs. Needs curl and jq; run it under nice on a shared machine.
set -euo pipefail
before_bin=$1 after_bin=$2 db=$3 repeats=${4:-5}
reports=${BENCH_REPORTS:-"fiscal_year:reports/fiscal-year?year=2024 part_year:reports/fiscal-year?year=2024&through=9 trend:reports/trend?from=2022&to=2024 national:reports/national?year=2024"}
work=$(mktemp -d)
port=$((38000 + RANDOM % 1000))
tick=$(getconf CLK_TCK)
server=""
trap '[[ -z "${server}" ]] || kill "${server}" 2>/dev/null || true' EXIT

# run LABEL BINARY: serves DB, measures every report, writes $work/LABEL-NAME.json without computed_at.
run() {
    local label=$1 bin=$2 base="http://127.0.0.1:${port}"
    "${bin}" serve --db "${db}" --listen "127.0.0.1:${port}" >"${work}/${label}.log" 2>&1 &
    local pid=$!
    server=${pid}
    for _ in $(seq 1 600); do grep -q "listening on" "${work}/${label}.log" && break; sleep 1; done
    local session
    session=$(curl -sS -o /dev/null -D - -H 'Content-Type: application/json' \
        --data '{"username":"demo-coordinator","password":"kasane-demo"}' "${base}/api/v1/sessions" |
        tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: *kasane_session=\([^;]*\).*/\1/p' | head -n 1)
    local pair name url worst result code seconds cpu_before cpu_after
    for pair in ${reports}; do
        name=${pair%%:*} url=${pair#*:} worst=0
        cpu_before=$(awk '{print $14 + $15}' "/proc/${pid}/stat")
        for _ in $(seq 1 "${repeats}"); do
            result=$(curl -sS -o "${work}/out.json" -w '%{http_code} %{time_total}' \
                -H "Cookie: kasane_session=${session}" "${base}/api/v1/${url}")
            code=${result%% *} seconds=${result#* }
            if [[ "${code}" != 200 ]]; then
                echo "${label} ${name}: ${url} answered ${code}: $(head -c 300 "${work}/out.json")" >&2
                exit 1
            fi
            worst=$(awk -v a="${worst}" -v b="${seconds}" 'BEGIN {print (b > a) ? b : a}')
        done
        cpu_after=$(awk '{print $14 + $15}' "/proc/${pid}/stat")
        jq -S 'walk(if type == "object" then del(.computed_at) else . end)' "${work}/out.json" >"${work}/${label}-${name}.json"
        awk -v l="${label}" -v n="${name}" -v w="${worst}" -v a="${cpu_before}" -v b="${cpu_after}" -v t="${tick}" \
            -v r="${repeats}" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
            'BEGIN {printf "%s %s: slowest %.0f ms, %.0f ms of server CPU a request (load %s)\n", l, n, w * 1000, (b - a) * 1000 / t / r, load}'
    done
    kill "${pid}"
    wait "${pid}" 2>/dev/null || true
    server=""
}

run before "${before_bin}"
run after "${after_bin}"
status=0
for pair in ${reports}; do
    name=${pair%%:*}
    if cmp -s "${work}/before-${name}.json" "${work}/after-${name}.json"; then
        echo "${name}: identical"
    else
        echo "${name}: DIFFERS (${work}/before-${name}.json, ${work}/after-${name}.json)"
        status=1
    fi
done
exit "${status}"
