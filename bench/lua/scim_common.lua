-- Shared by the bench wrk scripts: auth header, pre-formatted requests, a parseable summary.
-- wrk args (after `--`): TOKEN [FILE]   FILE holds one value (id or userName) per line.
-- done() prints one line that bench/scim and bench/access parse:
--   RESULT requests=N rps=R p50_us=X p99_us=Y non2xx=E socket_errors=S
-- Two choices keep wrk's own CPU out of the measurement (both cores of the bench machine are
-- shared by wrk and the server; wrk's manual, "Scripting" and "Benchmarking Tips"):
-- * requests over a values file are formatted once, in init(), and request() only picks the
--   next one (formatting in request() cost wrk more CPU per request than nginx spends);
-- * there is no response() function, because defining one makes wrk parse every response's
--   headers and body into Lua. Failures are counted by wrk itself: non2xx is wrk's count of
--   responses with a status of 400 or more (no script here expects a 1xx or 3xx), and each
--   bench checks one answer with curl before measuring.
local threads = {}
local next_thread_id = 0

function setup(thread)
    next_thread_id = next_thread_id + 1
    thread:set("tid", next_thread_id)
    table.insert(threads, thread)
end

function scim_init(args)
    token = args[1]
    base = wrk.path
    if base == "/" then base = "" end
    headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/scim+json",
        ["Accept"] = "application/scim+json",
    }
    get_headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Accept"] = "application/scim+json",
    }
    values = {}
    if args[2] then
        for line in io.lines(args[2]) do
            if line ~= "" then table.insert(values, line) end
        end
        if #values == 0 then error("no values in " .. args[2]) end
    end
    -- Each thread starts at its own offset into the values.
    cursor = tid * 7919
end

-- Formats one request per value with make(value, i) (i counts from 1), once; request() then
-- hands them out round-robin with next_prepared().
function prepare(make, count)
    prepared = {}
    for i = 1, (count or #values) do
        prepared[i] = make(values[((i - 1) % #values) + 1], i)
    end
end

-- The next pre-formatted request, round-robin.
function next_prepared()
    cursor = cursor + 1
    return prepared[(cursor % #prepared) + 1]
end

function done(summary, latency, requests)
    local e = summary.errors
    local sock = e.connect + e.read + e.write + e.timeout
    io.write(string.format(
        "RESULT requests=%d rps=%.1f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(99), e.status, sock))
end
