-- wrk scripts for the profile benchmark. Profile n (0, 1, 2, ...) always gets the same made-up e-mail,
-- name and phone number, so the seeding run, the get-or-create runs and the searches agree on what exists.
-- Set by the bench script before this file is loaded: mode ("seed", "create", "existing", "search"),
-- count (profiles wanted or seeded), key (API key), and first (the first number to create, for "seed" and
-- "create").

local syllables = {"ka", "lo", "mi", "ra", "ne", "so", "ti", "va", "de", "ru", "pa", "li", "mo", "se", "ta", "vi",
                   "no", "re", "ga", "fu", "be", "zo", "ha", "ki", "lu", "ma", "ni", "po", "sa", "te", "yo", "xe"}
local domains = {"example.org", "mail.test", "post.example", "shop.example.net", "inbox.test"}

-- A deterministic scramble of n (Knuth's multiplicative hash, exact in doubles for n < 2^21).
local function mix(n, salt) return ((n + salt) * 2654435761) % 4294967296 end

local function word(n, salt, length)
    local h, out = mix(n, salt), ""
    for _ = 1, length do
        out = out .. syllables[(h % 32) + 1]
        h = math.floor(h / 32)
    end
    return out
end

function profile(n)
    local first, last = word(n, 17, 2), word(n, 91, 3)
    local email = string.format("%s.%s.%d@%s", first, last, n, domains[(n % #domains) + 1])
    local name = first:sub(1, 1):upper() .. first:sub(2) .. " " .. last:sub(1, 1):upper() .. last:sub(2)
    local phone = string.format("+1%03d%07d", 200 + mix(n, 5) % 800, mix(n, 7) % 10000000)
    return email, name, phone
end

wrk.headers["Content-Type"] = "application/json"
wrk.headers["Tenant"] = "bench"
wrk.headers["Authorization"] = "Bearer " .. key

local threads, next_thread = {}, 0
function setup(thread)
    thread:set("thread_index", next_thread)
    next_thread = next_thread + 1
    table.insert(threads, thread)
end

local sent, answered = 0, 0

function init(args)
    math.randomseed(os.time() * 100 + thread_index)
end

function request()
    local n
    if mode == "seed" then
        -- One wrk thread seeds, so the numbers it creates are contiguous from `first`.
        n = first + sent
    elseif mode == "create" then
        n = first + thread_index * 100000000 + sent
    else
        n = math.random(0, count - 1)
    end
    sent = sent + 1
    if mode == "search" then
        local _, name = profile(n)
        local last = name:sub(name:find(" ") + 1):lower()
        local start = math.random(1, #last - 3)
        return wrk.format("GET", "/v1/d/pii/profiles?q=" .. last:sub(start, start + 3))
    end
    local email, name, phone = profile(n)
    local body = string.format('{"email":"%s","full_name":"%s","phone_number":"%s","store_id":"store-%d"}',
                               email, name, phone, n % 50)
    return wrk.format("POST", "/v1/d/pii/profiles", nil, body)
end

if mode == "seed" then
    function response(status)
        answered = answered + 1
        if first + answered >= count then wrk.thread:stop() end
    end
end
