# Shared by the scripts that run a throw-away vault (bench, contract, crashtest, sanitize, soak). Source it.

# fresh_vault BIN DIR TENANT SCOPES: keyrings under DIR/keys, the tenant and one API key with SCOPES in
# DIR/data; prints the key's secret.
fresh_vault() {
    "$1" keys init --keys-dir "$2/keys" >/dev/null
    "$1" tenant create "$3" --data-dir "$2/data" --keys-dir "$2/keys" >/dev/null
    "$1" apikey create --data-dir "$2/data" --keys-dir "$2/keys" --tenant "$3" --scopes "$4" | tail -1
}

# server_port LOG [TENTHS]: the port a server started with `--port 0` logged, waiting up to TENTHS tenths of a
# second (default 200); on failure prints the log and returns 1.
server_port() {
    local port=""
    for _ in $(seq 1 "${2:-200}"); do
        port="$(grep -o '"port":[0-9]*' "$1" 2>/dev/null | head -1 | cut -d: -f2 || true)"
        [ -n "$port" ] && { echo "$port"; return 0; }
        sleep 0.1
    done
    { echo "server did not start:"; cat "$1"; } >&2
    return 1
}
