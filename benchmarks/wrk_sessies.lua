-- wrk script for benchmarks/ingelogd.py: signed-in load.
--
-- Usage: wrk -t2 -c50 -d30s --latency -s wrk_sessies.lua http://127.0.0.1:PORT -- PADEN.txt
-- PADEN.txt holds one "path<TAB>cookie" per line (a signed-in person and a page of theirs);
-- every thread cycles over all lines, so every request carries one of the sessions.
-- done() prints "STO <name> <value>" lines like wrk_rapport.lua.

local lines = {}
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
            lines[#lines + 1] = {path, cookie}
        end
    end
    assert(#lines > 0, "geen regels in " .. args[1])
    next_index = ((thread_id or 0) * 7919) % #lines
end

function request()
    next_index = next_index % #lines + 1
    local line = lines[next_index]
    return wrk.format("GET", line[1], {["Cookie"] = line[2]})
end

function done(summary, latency, requests)
    local e = summary.errors
    local out = {
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
    for _, item in ipairs(out) do
        io.write(string.format("STO %s %d\n", item[1], item[2]))
    end
end
