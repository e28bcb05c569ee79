# Sourced by scripts/bench (ONLY=peers): two more nodes on loopback, EU and US, each with only its own keyring
# and control store, forwarding to each other over mutual TLS (certificates made here by openssl). Measures a
# 25-key detokenize of EU tokens at the EU node, of US tokens at the US node (direct), of US tokens through the
# EU node (every key forwarded), and of a mixed batch (13 EU + 12 US) through the EU node; and tokenize batch
# 25 of US values at the US node and through the EU node.

peer_node_setup() {  # region other -> prints the node's API key
    local region="$1" other="$2" dir="$work/peer-$1"
    mkdir -p "$dir"
    "$bin" keys init --keys-dir "$dir/keys" >/dev/null
    rm "$dir/keys/$other.keyring"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=${region,,}-node" \
        -keyout "$dir/keys/peer.key" -out "$dir/peer.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$dir/ext.cnf"
    openssl x509 -req -in "$dir/peer.csr" -CA "$work/peer-ca.crt" -CAkey "$work/peer-ca.key" -CAcreateserial -days 1 \
        -extfile "$dir/ext.cnf" -out "$dir/keys/peer.crt" 2>/dev/null
    cp "$work/peer-ca.crt" "$dir/keys/peer-ca.crt"
    chmod 600 "$dir/keys/peer.key"
    "$bin" tenant create bench --data-dir "$dir/data" --keys-dir "$dir/keys" >/dev/null
    "$bin" apikey create --data-dir "$dir/data" --keys-dir "$dir/keys" --tenant bench --scopes tokenize,detokenize | tail -1
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

peers_bench() {
    scripts/setup openssl python3
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench-ca \
        -keyout "$work/peer-ca.key" -out "$work/peer-ca.crt" 2>/dev/null
    local eu_key us_key eu_peer us_peer eu_base us_base
    eu_key="$(peer_node_setup EU US)"
    us_key="$(peer_node_setup US EU)"
    eu_peer="$(free_port)" us_peer="$(free_port)"
    "$bin" serve --port 0 --data-dir "$work/peer-EU/data" --keys-dir "$work/peer-EU/keys" --regions EU \
        --peer "US=https://localhost:$us_peer" --peer-listen "127.0.0.1:$eu_peer" 2>"$work/peer-EU.log" &
    nodes+=($!)
    "$bin" serve --port 0 --data-dir "$work/peer-US/data" --keys-dir "$work/peer-US/keys" --regions US \
        --peer "EU=https://localhost:$eu_peer" --peer-listen "127.0.0.1:$us_peer" 2>"$work/peer-US.log" &
    nodes+=($!)
    eu_base="http://127.0.0.1:$(server_port "$work/peer-EU.log")/v1/d/pii"
    us_base="http://127.0.0.1:$(server_port "$work/peer-US.log")/v1/d/pii"

    # 25 EU tokens (at the EU node) and 25 US tokens (through the EU node), then the four detokenize bodies.
    local eu_values='' us_values='' eu_tokens us_tokens mixed
    for i in $(seq 0 24); do
        eu_values+="\"k$i\":\"eu$i@example.org\""; us_values+="\"k$i\":\"us$i@example.com\""
        [ "$i" -lt 24 ] && { eu_values+=","; us_values+=","; }
    done
    eu_tokens="$(curl -sf "$eu_base/tokenize" -H "Authorization: Bearer $eu_key" -H 'Tenant: bench' \
        -H 'Content-Type: application/json' -d "{\"data\":{$eu_values}}")"
    us_tokens="$(curl -sf "$eu_base/tokenize" -H "Authorization: Bearer $eu_key" -H 'Tenant: bench' -H 'Residency-Region: US' \
        -H 'Content-Type: application/json' -d "{\"data\":{$us_values}}")"
    mixed="$(python3 - "$eu_tokens" "$us_tokens" <<'PY'
import json, sys
eu, us = (json.loads(a)["tokens"] for a in sys.argv[1:3])
assert len(eu) == 25 and len(us) == 25 and all(t.startswith("NS-US-") for t in us.values()), (eu, us)
mixed = {k: (eu[k] if i < 13 else us[k]) for i, k in enumerate(sorted(eu, key=lambda k: int(k[1:])))}
print(json.dumps({"tokens": mixed}, separators=(",", ":")))
PY
)"
    printf '%s' "{\"tokens\":$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["tokens"], separators=(",", ":")))' "$eu_tokens")}" > "$work/peer-eu25.body"
    printf '%s' "{\"tokens\":$(python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["tokens"], separators=(",", ":")))' "$us_tokens")}" > "$work/peer-us25.body"
    printf '%s' "$mixed" > "$work/peer-mixed25.body"
    printf '%s' "{\"data\":{$us_values}}" > "$work/peer-tok25.body"
    local saved="$key" check
    for name in eu25 us25 mixed25 tok25; do key="$eu_key"; body_lua "peer-$name"; done
    for name in us25 tok25; do cp "$work/peer-$name.body" "$work/peer-$name-direct.body"; key="$us_key"; body_lua "peer-$name-direct"; done
    key="$saved"
    sed -i 's/^wrk.method = "POST"$/wrk.method = "POST"\nwrk.headers["Residency-Region"] = "US"/' "$work/peer-tok25.lua" "$work/peer-tok25-direct.lua"
    check="$(curl -sf "$eu_base/detokenize" -H "Authorization: Bearer $eu_key" -H 'Tenant: bench' -H 'Content-Type: application/json' \
        -d @"$work/peer-mixed25.body")"
    case "$check" in *'"errors":{}}') ;; *) echo "mixed detokenize sanity check failed: $check" >&2; exit 1 ;; esac
    wrk -t"$threads" -c"$connections" -d3s -s "$work/peer-mixed25.lua" "$eu_base/detokenize" >/dev/null

    printf '\nPeers: an EU node and a US node on loopback, mutual TLS between them, %s connections, %ss per scenario, %s cores\n\n' \
        "$connections" "$duration" "$(nproc)"
    printf '%-48s %12s %12s %10s %10s %8s\n' scenario requests/s values/s p50_ms p99_ms errors
    local rps p50 p99 errors
    for scenario in "detokenize 25 EU tokens, EU node|peer-eu25|$eu_base/detokenize" \
                    "detokenize 25 US tokens, US node (direct)|peer-us25-direct|$us_base/detokenize" \
                    "detokenize 25 US tokens via the EU node|peer-us25|$eu_base/detokenize" \
                    "detokenize 13 EU + 12 US via the EU node|peer-mixed25|$eu_base/detokenize" \
                    "tokenize 25 US values, US node (direct)|peer-tok25-direct|$us_base/tokenize" \
                    "tokenize 25 US values via the EU node|peer-tok25|$eu_base/tokenize"; do
        IFS='|' read -r name script url <<< "$scenario"
        read -r rps p50 p99 errors <<< "$(measure "$threads" "$connections" "$duration" "$work/$script.lua" "$url")"
        printf '%-48s %12s %12s %10s %10s %8s\n' "$name" "$rps" "$((rps * 25))" "$p50" "$p99" "$errors"
    done
    # One connection: what the extra hop adds to a caller's wait when nothing queues for the cores.
    printf '\nThe same, 1 connection\n\n'
    printf '%-48s %12s %12s %10s %10s %8s\n' scenario requests/s values/s p50_ms p99_ms errors
    for scenario in "detokenize 25 US tokens, US node (direct)|peer-us25-direct|$us_base/detokenize" \
                    "detokenize 25 US tokens via the EU node|peer-us25|$eu_base/detokenize" \
                    "detokenize 13 EU + 12 US via the EU node|peer-mixed25|$eu_base/detokenize"; do
        IFS='|' read -r name script url <<< "$scenario"
        read -r rps p50 p99 errors <<< "$(measure 1 1 "$duration" "$work/$script.lua" "$url")"
        printf '%-48s %12s %12s %10s %10s %8s\n' "$name" "$rps" "$((rps * 25))" "$p50" "$p99" "$errors"
    done
}
