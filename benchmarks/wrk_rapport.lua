-- wrk script for benchmarks/web_load.py.
--
-- Usage: wrk -t2 -c50 -d30s --latency -s wrk_rapport.lua http://127.0.0.1:PORT -- PADEN.txt
-- PADEN.txt holds one URL path per line, or "path<TAB>cookie" for a signed-in person's request
-- (benchmarks/ingelogd.py); every thread cycles over all of them (each thread from its own
-- starting point), so the load is spread over every URL, not one cached page.
-- done() prints machine-readable lines "STO <name> <value>" (latencies in microseconds).

local paths = {}
local next_index = 0
local threads = 0

function setup(thread)
    thread:set("thread_id", threads)
    threads = threads + 1
end

function init(args)
    for line in io.lines(args[1]) do
        local path, cookie = line:match("^([^\t]+)\t(.*)$")
        if path then
            paths[#paths + 1] = {path, {["Cookie"] = cookie}}
        elseif #line > 0 then
            paths[#paths + 1] = {line, {}}
        end
    end
    assert(#paths > 0, "geen paden in " .. args[1])
    -- spread the threads' starting points over the list
    next_index = ((thread_id or 0) * 7919) % #paths
end

function request()
    next_index = next_index % #paths + 1
    local item = paths[next_index]
    return wrk.format("GET", item[1], item[2])
end

function done(summary, latency, requests)
    local e = summary.errors
    local lines = {
        {"requests", summary.requests},
        {"duur_us", summary.duration},
        {"bytes", summary.bytes},
        {"p50", latency:percentile(50)},
        {"p95", latency:percentile(95)},
        {"p99", latency:percentile(99)},
        {"max", latency.max},
        {"connect", e.connect},
        {"read", e.read},
        {"write", e.write},
        {"timeout", e.timeout},
        {"status", e.status},
    }
    for _, line in ipairs(lines) do
        io.write(string.format("STO %s %d\n", line[1], line[2]))
    end
end
