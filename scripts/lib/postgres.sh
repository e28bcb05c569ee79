# A throw-away PostgreSQL server for scripts (bench, crashtest). Source it.

# start_postgres DIR: (DIR an empty directory the postgres account can reach, e.g. from mktemp -d) initializes and starts the newest installed PostgreSQL in DIR on a free loopback port, as
# the `postgres` account when run as root (initdb refuses root), with its defaults for durability (fsync,
# synchronous_commit on); prints the port. Trusts local connections of the user `vault`.
start_postgres() {
    local dir="$1" bin port run=()
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; }
    mkdir -p "$dir" && chmod 700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); chown postgres "$dir"; fi
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U vault --auth=trust -E UTF8 >/dev/null
    printf "listen_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 300\nshared_buffers = 256MB\n" \
        "$dir" >>"$dir/data/postgresql.conf"
    # A port below the kernel's ephemeral range (which outgoing connections take without listening, so no
    # probe sees them); another one if it was taken after all. The last `port` line of the file wins.
    local attempt
    for attempt in 1 2 3 4 5; do
        port=$((10000 + RANDOM % 20000))
        (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
        echo "port = $port" >>"$dir/data/postgresql.conf"
        # No pipe for the server to inherit: its output goes to its log.
        if "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start </dev/null >/dev/null 2>&1; then
            echo "$port"
            return 0
        fi
        grep -q "Address already in use" "$dir/log" 2>/dev/null || break
    done
    cat "$dir/log" >&2
    return 1
}

# stop_postgres DIR [MODE]: stops the server of DIR (MODE fast, or immediate for a crash).
stop_postgres() {
    local bin run=()
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$bin/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop </dev/null >/dev/null 2>&1 || true
}

# restart_postgres DIR: starts the server of DIR again (after a stop or a crash), on the same port.
restart_postgres() {
    local bin run=()
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$bin/pg_ctl" -D "$1/data" -l "$1/log" -w start </dev/null >/dev/null 2>&1 || { cat "$1/log" >&2; return 1; }
}
