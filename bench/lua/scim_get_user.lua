-- GET /Users/{id}, round-robin over the ids of pre-created users.
-- wrk ... -s bench/lua/scim_get_user.lua BASE_URL -- TOKEN IDS_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

local counter = 0

function init(args)
    scim_init(args)
    counter = tid * 7919
end

function request()
    counter = counter + 1
    local id = values[(counter % #values) + 1]
    return wrk.format("GET", base .. "/Users/" .. id, get_headers)
end
