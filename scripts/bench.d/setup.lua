-- wrk script for the clienteling set-up benchmark. Set by the bench script before this file is loaded:
-- mode ("put": re-register one of the stores, "get": read one, "numbers": list a store's offered numbers),
-- stores (how many were registered, b0 .. b<stores-1>) and key (API key).

wrk.headers["Tenant"] = "bench"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"

local countries = {"DE", "US", "GB", "IT", "AT", "PL", "CA", "AU"}

function request()
    local n = math.random(0, stores - 1)
    local path = "/setup/stores/b" .. n
    if mode == "put" then
        local body = string.format('{"name":"Store %d","country_code":"%s","landline":"+4930%07d"}',
                                   n, countries[(n % #countries) + 1], n)
        return wrk.format("PUT", path, nil, body)
    elseif mode == "numbers" then
        return wrk.format("GET", path .. "/available_phone_numbers")
    end
    return wrk.format("GET", path)
end
