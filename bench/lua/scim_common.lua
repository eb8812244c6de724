-- Shared by the bench/scim wrk scripts: auth header, correctness counting, a parseable summary.
-- wrk args (after `--`): TOKEN [FILE]   FILE holds one value (id or userName) per line.
-- Every response that is not 2xx is counted; done() prints one line that bench/scim parses:
--   RESULT requests=N rps=R p50_us=X p99_us=Y non2xx=E socket_errors=S first_error="..."
local threads = {}
local next_thread_id = 0

function setup(thread)
    next_thread_id = next_thread_id + 1
    thread:set("tid", next_thread_id)
    table.insert(threads, thread)
end

-- Thread-side state (each wrk thread has its own Lua state).
non2xx = 0
first_error = ""

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

-- The next value, round-robin over FILE.
function next_value()
    cursor = cursor + 1
    return values[(cursor % #values) + 1]
end

function response(status, hdrs, body)
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
        if first_error == "" then
            first_error = tostring(status) .. " " .. string.sub(body or "", 1, 200):gsub("[\r\n\"]", " ")
        end
    end
end

function done(summary, latency, requests)
    local errs, first = 0, ""
    for _, t in ipairs(threads) do
        errs = errs + t:get("non2xx")
        if first == "" then first = t:get("first_error") end
    end
    local e = summary.errors
    local sock = e.connect + e.read + e.write + e.timeout
    io.write(string.format(
        "RESULT requests=%d rps=%.1f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d first_error=\"%s\"\n",
        summary.requests, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(99), errs, sock, first))
end
