-- PATCH /Users/{id} toggling active: request k goes to user k mod N; the first pass over the users
-- sets active=false, the next true, and so on, so consecutive requests touch different users.
-- wrk ... -s bench/lua/scim_patch_active.lua BASE_URL -- TOKEN IDS_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

local counter = 0

function init(args)
    scim_init(args)
end

function request()
    local n = #values
    local id = values[(counter % n) + 1]
    local active = (math.floor(counter / n) % 2 == 1) and "true" or "false"
    counter = counter + 1
    local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],' ..
        '"Operations":[{"op":"replace","value":{"active":' .. active .. '}}]}'
    return wrk.format("PATCH", base .. "/Users/" .. id, headers, body)
end
