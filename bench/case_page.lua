-- SPDX-License-Identifier: Apache-2.0
-- wrk script for the case page: cycles through the case ids in BENCH_CASE_IDS (space-separated), requesting
-- /cases/{id} (the whole page: household, team, current plan, open actions, last 20 notes, genogram), then prints
-- the same parseable line as report.lua. With BENCH_THINK_MS set, each connection waits before each request as a
-- person reading the page would (think.lua).
local ids = {}
for id in string.gmatch(os.getenv("BENCH_CASE_IDS") or "", "%d+") do
    ids[#ids + 1] = id
end
local counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", "/cases/" .. ids[(counter % #ids) + 1])
end
dofile("bench/think.lua")
