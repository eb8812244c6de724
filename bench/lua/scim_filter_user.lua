-- GET /Users?filter=userName eq "..." (URL-encoded), round-robin over pre-created userNames.
-- The names are made of [a-z0-9-.@] only; '@' is percent-encoded along with the space and quotes.
-- wrk ... -s bench/lua/scim_filter_user.lua BASE_URL -- TOKEN NAMES_FILE
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

function init(args)
    scim_init(args)
    prepare(function(name)
        local encoded = name:gsub("@", "%%40")
        return wrk.format("GET", base .. "/Users?filter=userName%20eq%20%22" .. encoded .. "%22", get_headers)
    end)
end

function request()
    return next_prepared()
end
