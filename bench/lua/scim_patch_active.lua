-- PATCH /Users/{id} toggling active: request k goes to user k mod N; the first pass over the users
-- sets active=false, the next true, and so on, so consecutive requests touch different users.
-- wrk ... -s bench/lua/scim_patch_active.lua BASE_URL -- TOKEN IDS_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

function init(args)
    scim_init(args)
    -- 2N requests: request i goes to user (i-1) mod N, with active=false on the first pass over
    -- the users and true on the second; then the cycle repeats.
    local n = #values
    prepare(function(id, i)
        local active = (i > n) and "true" or "false"
        local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],' ..
            '"Operations":[{"op":"replace","value":{"active":' .. active .. '}}]}'
        return wrk.format("PATCH", base .. "/Users/" .. id, headers, body)
    end, 2 * n)
    cursor = -1  -- start at the first request, so the first pass really sets active=false
end

function request()
    return next_prepared()
end
