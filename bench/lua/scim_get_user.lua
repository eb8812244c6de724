-- GET /Users/{id}, round-robin over the ids of pre-created users.
-- wrk ... -s bench/lua/scim_get_user.lua BASE_URL -- TOKEN IDS_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

function init(args)
    scim_init(args)
    prepare(function(id) return wrk.format("GET", base .. "/Users/" .. id, get_headers) end)
end

function request()
    return next_prepared()
end
