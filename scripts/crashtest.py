#!/usr/bin/env python3
"""Kill -9 test driver for scripts/crashtest (stdlib only).

Each round: start `piivault serve` on the same data directory, drive concurrent tokenize, profile, data and
clienteling store writes, record every write the server acknowledged (a complete 2xx answer), kill -9 the server at a random
moment, restart it, and read every acknowledged id back. Prints one line per round and a total
"N acknowledged, M lost"; exits 1 on any loss.

With CRASHTEST_PG_DIR (the stores on that PostgreSQL server, CRASHTEST_SERVE_ARGS the --store options), even
rounds kill -9 PostgreSQL itself instead of the node: the node stays up, PostgreSQL restarts (crash recovery),
the node reconnects by itself, and every acknowledged write is read back through it.
"""
import base64, http.client, json, os, random, signal, subprocess, sys, threading, time

binary, work, key, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
HEADERS = {"Authorization": "Bearer " + key, "Tenant": "crash", "Content-Type": "application/json"}
PG_DIR = os.environ.get("CRASHTEST_PG_DIR")
SERVE_ARGS = os.environ.get("CRASHTEST_SERVE_ARGS", "").split()


def kill_postgres():
    """kill -9 of the postmaster (its backends exit with it), then a start: crash recovery from the WAL."""
    pid_file = os.path.join(PG_DIR, "data", "postmaster.pid")
    with open(pid_file) as f:
        pid = int(f.readline())
    os.kill(pid, signal.SIGKILL)
    # Gone, or a zombie its adoptive parent has not reaped yet: PostgreSQL would take a zombie's pid in its
    # lock file for a live server and refuse to start, so the stale lock file goes (its backends are gone).
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with open("/proc/%d/stat" % pid) as f:
                if f.read().split(") ")[1].startswith("Z"):
                    break
        except OSError:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    if os.path.exists("/proc/%d" % pid) and os.path.exists(pid_file):
        os.remove(pid_file)
    # Its backends notice the postmaster's death and exit by themselves, and until the last one has, the
    # listening port is taken: try again for a while.
    for attempt in range(40):
        if subprocess.run(["bash", "-c", 'source scripts/lib/postgres.sh && restart_postgres "$0" 2>/dev/null', PG_DIR]).returncode == 0:
            return
        time.sleep(0.5)
    raise SystemExit("PostgreSQL did not start again after its kill -9")


def wait_healthy(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if call(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the node did not recover within %d s" % seconds)


def start():
    log = open(os.path.join(work, "server.log"), "ab")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", work + "/data", "--keys-dir", work + "/keys",
                             "--log-level", "info"] + SERVE_ARGS, stdout=log, stderr=subprocess.PIPE)
    # The first log line with "port" tells where it listens.
    while True:
        line = proc.stderr.readline()
        if not line:
            raise SystemExit("server exited at start-up")
        log.write(line)
        if b'"port":' in line:
            port = int(json.loads(line)["port"])
            threading.Thread(target=lambda: [log.write(l) for l in proc.stderr], daemon=True).start()
            return proc, port


def call(port, method, path, body=None, headers=HEADERS):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        return response.status, response.read(), response.getheader("content-type")
    finally:
        conn.close()


def worker(port, stop, acknowledged, lock, seed):
    rnd = random.Random(seed)
    n = 0
    while not stop.is_set():
        n += 1
        kind = rnd.choice(["token", "token", "profile", "data", "store"])
        value = "w%d-%d-%d" % (seed, n, rnd.randint(0, 1 << 30))
        try:
            if kind == "token":
                status, body, _ = call(port, "POST", "/v1/d/pii/tokenize", json.dumps({"data": {"v": value}}))
                if status == 200:
                    token = json.loads(body)["tokens"].get("v")
                    if token:
                        with lock: acknowledged.append(("token", token, value))
            elif kind == "profile":
                email = value + "@crash.example"
                status, body, _ = call(port, "POST", "/v1/d/pii/profiles", json.dumps({"email": email, "full_name": value}))
                if status == 201:
                    with lock: acknowledged.append(("profile", json.loads(body)["id"], email))
            elif kind == "store":
                store = "c-" + value
                status, body, _ = call(port, "PUT", "/setup/stores/" + store,
                                       json.dumps({"name": value, "country_code": "DE", "landline": "+4930123456"}))
                if status == 201:
                    with lock: acknowledged.append(("store", store, value))
            else:
                content = (value * rnd.randint(1, 200)).encode()
                status, body, _ = call(port, "POST", "/v1/d/pii/data?ttl=30", content,
                                       {**HEADERS, "Content-Type": "application/octet-stream"})
                if status == 201:
                    with lock: acknowledged.append(("data", json.loads(body)["id"], content))
        except Exception:
            # The server died mid-request: nothing was acknowledged, nothing is owed.
            if stop.is_set():
                return
            time.sleep(0.01)


def verify(port, acknowledged):
    lost = []
    tokens = [a for a in acknowledged if a[0] == "token"]
    for i in range(0, len(tokens), 25):
        chunk = tokens[i:i + 25]
        status, body, _ = call(port, "POST", "/v1/d/pii/detokenize",
                               json.dumps({"tokens": {str(j): t[1] for j, t in enumerate(chunk)}}))
        data = json.loads(body).get("data", {}) if status == 200 else {}
        for j, t in enumerate(chunk):
            if data.get(str(j)) != t[2]:
                lost.append(t)
    for kind, ident, expected in acknowledged:
        if kind == "profile":
            status, body, _ = call(port, "GET", "/v1/d/pii/profiles/" + ident)
            if status != 200 or json.loads(body).get("email") != expected:
                lost.append((kind, ident, expected))
        elif kind == "data":
            status, body, _ = call(port, "GET", "/v1/d/pii/data/" + ident)
            if status != 200 or body != expected:
                lost.append((kind, ident, expected))
        elif kind == "store":
            status, body, _ = call(port, "GET", "/setup/stores/" + ident)
            if status != 200 or json.loads(body).get("name") != expected:
                lost.append((kind, ident, expected))
    return lost


total_acknowledged, total_lost = 0, 0
rnd = random.Random(int(os.environ.get("CRASHTEST_SEED", time.time())))
for round_number in range(1, rounds + 1):
    proc, port = start()
    stop, lock, acknowledged = threading.Event(), threading.Lock(), []
    # Daemon threads: a failure of this driver ends it instead of leaving the workers running.
    threads = [threading.Thread(target=worker, args=(port, stop, acknowledged, lock, round_number * 100 + w), daemon=True)
               for w in range(8)]
    for t in threads: t.start()
    time.sleep(rnd.uniform(0.5, 3.0))
    killed = "PostgreSQL" if PG_DIR and round_number % 2 == 0 else "the node"
    if killed == "PostgreSQL":
        kill_postgres()
        stop.set()
        for t in threads: t.join()
        wait_healthy(port)
    else:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads: t.join()
        proc, port = start()
    lost = verify(port, acknowledged)
    proc.send_signal(signal.SIGTERM)
    proc.wait()
    kinds = {k: sum(1 for a in acknowledged if a[0] == k) for k in ("token", "profile", "data", "store")}
    print("round %d (kill -9 of %s): %d acknowledged (%d tokens, %d profiles, %d data, %d stores), %d lost"
          % (round_number, killed, len(acknowledged), kinds["token"], kinds["profile"], kinds["data"], kinds["store"], len(lost)),
          flush=True)
    for item in lost[:5]:
        print("  lost %s %s" % (item[0], item[1][:12] + "..."), flush=True)
    total_acknowledged += len(acknowledged)
    total_lost += len(lost)

print("%d acknowledged, %d lost" % (total_acknowledged, total_lost))
sys.exit(1 if total_lost else 0)
