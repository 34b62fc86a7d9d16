-- SPDX-License-Identifier: Apache-2.0
-- wrk reporter: one parseable line after the run. Latencies in milliseconds, throughput in requests per second.
-- non2xx counts responses with a status of 400 or more (wrk's summary.errors.status).
done = function(summary, latency, requests)
    local seconds = summary.duration / 1000000
    local errors = summary.errors
    io.write(string.format(
        "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
