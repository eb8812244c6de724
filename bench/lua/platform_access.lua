-- GET /api/v1/tenants/T/access/{userName}, round-robin over pre-created userNames.
-- wrk ... -s bench/lua/platform_access.lua http://HOST/api/v1/tenants/T -- TOKEN NAMES_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

function init(args)
    scim_init(args)
    get_headers["Accept"] = "application/json"
    prepare(function(name) return wrk.format("GET", base .. "/access/" .. name, get_headers) end)
end

function request()
    return next_prepared()
end
