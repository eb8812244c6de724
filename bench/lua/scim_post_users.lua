-- POST /Users with a userName unique across threads and runs: random run prefix, thread id, counter.
-- wrk ... -s bench/lua/scim_post_users.lua BASE_URL -- TOKEN
dofile(debug.getinfo(1, "S").source:sub(2):gsub("[^/]*$", "") .. "scim_common.lua")

local counter = 0

function init(args)
    scim_init(args)
    math.randomseed(os.time() * 1000 + tid + math.floor(os.clock() * 1e6))
    prefix = string.format("b%08x-t%d", math.random(0, 0x7fffffff), tid)
end

function request()
    counter = counter + 1
    local name = string.format("%s-%d", prefix, counter)
    local body = string.format(
        '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s@bench.example",' ..
        '"externalId":"ext-%s","name":{"givenName":"Bench","familyName":"User %d"},' ..
        '"emails":[{"value":"%s@bench.example","type":"work","primary":true}],"active":true}',
        name, name, counter, name)
    return wrk.format("POST", base .. "/Users", headers, body)
end
