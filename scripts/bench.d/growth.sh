# Sourced by scripts/bench (ONLY=growth, with SEED_TOKENS=N; default 10,000,000): tokenize batch 25 and
# detokenize batch 25 on the region as it is, then again once it holds N live tokens, seeded through the API
# (and how long that took). Detokenize draws its 25 tokens at random from a sample taken all along the seeding,
# so its reads land all over the store instead of in the cache. Prints both figures and their ratio.

growth_bench() {
    local wanted="${SEED_TOKENS:-10000000}" values='' start seeded total seconds every
    for i in $(seq 0 24); do values+="\"k$i\":\"grow$i@example.org\""; [ "$i" -lt 24 ] && values+=","; done
    printf '%s' "{\"data\":{$values}}" > "$work/grow25.body"; body_lua grow25
    : > "$work/grow-sample.jsonl"
    # A few hundred tokens to detokenize before seeding.
    for _ in $(seq 1 20); do
        curl -sf "$base/tokenize" "${auth[@]}" -d @"$work/grow25.body" >> "$work/grow-sample.jsonl"
        echo >> "$work/grow-sample.jsonl"
    done
    growth_tokens
    # Every EVERYth answer of a tokenize load is kept, so the sample (about 20,000 tokens) spans the whole store;
    # the tokenize measurements use the same script (the sampling is wrk's work, not the server's).
    every=$(( wanted / 25 / 800 )); [ "$every" -lt 1 ] && every=1
    growth_seed_lua "$every"
    wrk -t"$threads" -c"$connections" -d3s -s "$work/grow-seed.lua" "$base/tokenize" >/dev/null
    local before_tok before_detok
    before_tok="$(measure "$threads" "$connections" "$duration" "$work/grow-seed.lua" "$base/tokenize")"
    before_detok="$(measure "$threads" "$connections" "$duration" "$work/grow-detok.lua" "$base/detokenize")"

    start="$(date +%s.%N)"
    total="$(growth_count)"
    seeded="$total"
    while [ "$total" -lt "$wanted" ]; do
        wrk -t"$threads" -c32 -d10s -s "$work/grow-seed.lua" "$base/tokenize" >/dev/null
        total="$(growth_count)"
    done
    seconds="$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')"
    growth_tokens
    local after_tok after_detok
    after_tok="$(measure "$threads" "$connections" "$duration" "$work/grow-seed.lua" "$base/tokenize")"
    after_detok="$(measure "$threads" "$connections" "$duration" "$work/grow-detok.lua" "$base/detokenize")"

    printf '\nGrowth: %s live tokens in the EU region (%s seeded through the API in %ss); %s connections,\n' \
        "$total" "$(( total - seeded ))" "$seconds" "$connections"
    printf 'detokenize draws 25 tokens at random from %s sampled over the whole seeding\n\n' "$(wc -l < "$work/grow-tokens.txt")"
    printf '%-24s %16s %12s %16s %12s %8s\n' scenario "empty req/s" "p99_ms" "seeded req/s" "p99_ms" ratio
    growth_row "tokenize batch 25" "$before_tok" "$after_tok"
    growth_row "detokenize batch 25" "$before_detok" "$after_detok"
}

growth_row() {  # name "rps p50 p99 errors" "rps p50 p99 errors"
    local rps1 p99a rps2 p99b
    read -r rps1 _ p99a _ <<< "$2"
    read -r rps2 _ p99b _ <<< "$3"
    printf '%-24s %16s %12s %16s %12s %7s%%\n' "$1" "$rps1" "$p99a" "$rps2" "$p99b" "$(( rps2 * 100 / (rps1 > 0 ? rps1 : 1) ))"
}

# Live tokens in the EU store (a dry-run sweep as of 31 days from now counts every one as expiring).
growth_count() {
    "$bin" sweep --data-dir "$work/data" --keys-dir "$work/keys" --dry-run --now "$(date -u -d '+31 days' +%Y-%m-%dT%H:%M:%SZ)" \
        | grep '"region":"EU"' | grep -o '"expired_tokens":[0-9]*' | cut -d: -f2
}

# The sampled tokens, one per line, and the detokenize script drawing 25 of them at random per request.
growth_tokens() {
    python3 - "$work/grow-sample.jsonl" > "$work/grow-tokens.txt" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        print("\n".join(json.loads(line)["tokens"].values()))
PY
    cat > "$work/grow-detok.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Tenant"] = "bench"
wrk.headers["Authorization"] = "Bearer $key"
local tokens = {}
for line in io.lines("$work/grow-tokens.txt") do tokens[#tokens + 1] = line end
math.randomseed(os.time())
request = function()
    local parts = {}
    for i = 1, 25 do parts[i] = '"k' .. i .. '":"' .. tokens[math.random(#tokens)] .. '"' end
    return wrk.format(nil, nil, nil, '{"tokens":{' .. table.concat(parts, ",") .. '}}')
end
LUA
}

growth_seed_lua() {  # every: keep every Nth answer
    cp "$work/grow25.lua" "$work/grow-seed.lua"
    cat >> "$work/grow-seed.lua" <<LUA
local every, count, out = $1, 0, nil
response = function(status, headers, body)
    count = count + 1
    if status == 200 and count % every == 0 then
        if out == nil then out = io.open("$work/grow-sample.jsonl", "a") end
        out:write(body, "\n")
        out:flush()
    end
end
LUA
}
