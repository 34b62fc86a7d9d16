-- SPDX-License-Identifier: Apache-2.0
-- wrk script for pages read by people at work: with BENCH_THINK_MS set, each connection waits a random
-- 0.5–1.5 × that many milliseconds before each request (a person reading the page before the next click), so that
-- N connections model N users rather than N clients requesting back to back; then prints the same parseable line
-- as report.lua. Used alone for one URL, or after a script that sets `request` (case_page.lua).
local think_ms = tonumber(os.getenv("BENCH_THINK_MS") or "0")
if think_ms > 0 then
    delay = function()
        return math.floor(think_ms * (0.5 + math.random()))
    end
end
dofile("bench/report.lua")
