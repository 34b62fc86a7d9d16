-- SPDX-License-Identifier: Apache-2.0
-- wrk script for the case page: cycles through the case ids in BENCH_CASE_IDS (space-separated), requesting
-- /cases/{id} (the whole page: household, team, current plan, open actions, last 20 notes, genogram), then prints
-- the same parseable line as report.lua. With BENCH_THINK_MS set, each connection waits a random 0.5–1.5 × that
-- many milliseconds before each request: a person reading the page before the next click, so that 64
-- connections model 64 users at work rather than 64 clients requesting back to back.
local ids = {}
for id in string.gmatch(os.getenv("BENCH_CASE_IDS") or "", "%d+") do
    ids[#ids + 1] = id
end
local think_ms = tonumber(os.getenv("BENCH_THINK_MS") or "0")
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", "/cases/" .. ids[(counter % #ids) + 1])
end
if think_ms > 0 then
    delay = function()
        return math.floor(think_ms * (0.5 + math.random()))
    end
end
dofile("bench/report.lua")
