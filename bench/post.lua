-- SPDX-License-Identifier: Apache-2.0
-- wrk script for writes under load: POSTs the JSON body in BENCH_POST_BODY (headers come from wrk -H), then prints
-- the same parseable line as report.lua.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_POST_BODY")
wrk.headers["Content-Type"] = "application/json"
dofile("bench/report.lua")
