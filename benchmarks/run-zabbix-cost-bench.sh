#!/usr/bin/env bash
# Issue 13 benchmark: what reading tcpfleet costs a REAL Zabbix 6.0 server, external check
# (tcpfleet.sh, a fork per check) beside HTTP agent (no fork), measured in the same run.
#   bash benchmarks/run-zabbix-cost-bench.sh          # as root (PostgreSQL runs as its own user)
# A simulated fleet (FakeFleetServer, HOSTS hosts of SOCKETS sockets) is polled by a real
# `tcpfleet collect`; zabbix/test/zabbix-lab.sh starts Zabbix (PostgreSQL in a temp dir, nothing under
# /etc touched). The same HOSTS Zabbix hosts exist twice, once per template; one set is enabled at a
# time, every item every INTERVAL, in ROUNDS alternating windows of WINDOW seconds (after WARMUP s).
# Per window: CPU time of the zabbix_server process group (its pollers reap the forked scripts, so
# their CPU is in it), of PostgreSQL and of the daemon, per 1,000 checks (values of the polled items
# stored in the window), and the pollers' busy % (zabbix[process,poller,avg,busy]). Then the bytes
# per row of Zabbix's history tables, for disk sizing. Holds /tmp/tcpfleet-e2e.lock while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${TCPFLEET_BENCH_LOCKED:-}" != 1 ]; then
    exec env TCPFLEET_BENCH_LOCKED=1 flock /tmp/tcpfleet-e2e.lock bash "$0" "$@"
fi
HOSTS=${HOSTS:-50}
SOCKETS=${SOCKETS:-300}
INTERVAL=${INTERVAL:-5s}
WINDOW=${WINDOW:-45}
WARMUP=${WARMUP:-15}
ROUNDS=${ROUNDS:-2}
SSH_PORT=${SSH_PORT:-2323}
[ "$(id -u)" = 0 ] || { echo "run as root (the lab's PostgreSQL runs as the postgres user)" >&2; exit 2; }
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
work=$(mktemp -d /tmp/tcpfleet-zbxcost.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    bash zabbix/test/zabbix-lab.sh stop "$work/zabbix" || true
    exec 3>&- 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores; uptime before: $(uptime)"
ssh-keygen -q -t ed25519 -N '' -f "$work/id_key"
mkfifo "$work/in"
HOST_KEY_TYPE=ed25519 java -cp "$jar" io.tcpfleet.benchmarks.FakeFleetServer "$HOSTS" "$SOCKETS" "$SSH_PORT" "$work/id_key.pub" \
    "$work/known_hosts" "$work/hosts" < "$work/in" > "$work/server.out" 2>/dev/null &
pids+=($!)
exec 3> "$work/in"
for _ in $(seq 1 300); do grep -q ready "$work/server.out" 2>/dev/null && break; sleep 0.1; done
# inventory names b001... (valid Zabbix host names); each Zabbix host connects to its name
awk -F: '{ printf "b%03d ansible_host=%s ansible_port=%s ansible_user=bench\n", NR, $1, $2 }' "$work/hosts" > "$work/inventory.ini"
api_port=$(free_port)
TCPFLEET_HOME="$work/home" ./tcpfleet collect -i "$work/inventory.ini" --known-hosts "$work/known_hosts" \
    --identity "$work/id_key" --ssh-config none --no-agent --interval 10s --listen "127.0.0.1:$api_port" 2> "$work/collect.log" &
collect_pid=$!
pids+=($collect_pid)
for _ in $(seq 1 600); do grep -q "sweep: $HOSTS/$HOSTS ok" "$work/collect.log" && break; sleep 0.1; done
grep -q "sweep: $HOSTS/$HOSTS ok" "$work/collect.log" || { cat "$work/collect.log" >&2; exit 1; }

mkdir -p "$work/scripts"
install -m 0755 zabbix/tcpfleet.sh "$work/scripts/tcpfleet.sh"
pg_port=$(free_port)
web_port=$(free_port)
trap_port=$(python3 -c 'import socket
for p in range(21000, 32767):
    try:
        s = socket.socket(); s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass')
ready=$(TCPFLEET_URL="http://127.0.0.1:$api_port" bash zabbix/test/zabbix-lab.sh start "$work/zabbix" "$work/scripts" \
    "$pg_port" "$trap_port" "$web_port" | grep '^ready ')
echo "# sample JSON: $(curl -s "http://127.0.0.1:$api_port/v1/hosts/b001" | wc -c) bytes per host; collect: $(grep -m1 'sweep:' "$work/collect.log")"

API=${ready#ready } GROUP=$(cat "$work/zabbix/zabbix_server.group") PGDIR="$work/zabbix/pg" PGPORT=$pg_port \
COLLECT=$collect_pid URL="http://127.0.0.1:$api_port" HOSTS=$HOSTS INTERVAL=$INTERVAL WINDOW=$WINDOW WARMUP=$WARMUP \
ROUNDS=$ROUNDS python3 - <<'PY'
import json, os, subprocess, time, urllib.request

env = os.environ
api_url, hosts, interval = env["API"], int(env["HOSTS"]), env["INTERVAL"]
tick = os.sysconf("SC_CLK_TCK")
auth = None

def call(method, params):
    body = {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    if auth:
        body["auth"] = auth
    req = urllib.request.Request(api_url, json.dumps(body).encode(), {"Content-Type": "application/json-rpc"})
    r = json.load(urllib.request.urlopen(req, timeout=60))
    if "error" in r:
        raise RuntimeError(method + ": " + json.dumps(r["error"]))
    return r["result"]

def sql(q):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", env["PGPORT"], "-U", "postgres", "-d", "zabbix", "-At", "-c", q],
                          check=True, capture_output=True, text=True).stdout.strip()

def stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()

def cpu(select):
    """CPU seconds (user+sys, with reaped children) of the processes select(pid, fields) picks."""
    total = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = stat(int(d))
            except OSError:
                continue
            if select(int(d), f):
                total += sum(int(x) for x in f[11:15])
    return total / tick

zabbix_sid = int(env["GROUP"])
postmaster = int(open(env["PGDIR"] + "/postmaster.pid").readline())
collect = int(env["COLLECT"])
meters = {
    "zabbix_server": lambda pid, f: int(f[3]) == zabbix_sid,                      # field 6: session id
    "postgres": lambda pid, f: pid == postmaster or int(f[1]) == postmaster,       # field 4: parent pid
    "collect": lambda pid, f: pid == collect,
}

auth = call("user.login", {"username": "Admin", "password": "zabbix"})
rules = {k: {"createMissing": True, "updateExisting": True} for k in ("templates", "items", "triggers", "graphs", "discoveryRules", "valueMaps")}
rules["groups"] = {"createMissing": True}
call("configuration.import", {"format": "yaml", "source": open("zabbix/tcpfleet_templates.yaml").read(), "rules": rules})
for h in call("host.get", {"filter": {"host": ["Zabbix server"]}}):
    call("host.update", {"hostid": h["hostid"], "status": 1})
group = call("hostgroup.get", {"filter": {"name": ["Linux servers"]}})[0]["groupid"]
tid = lambda name: call("template.get", {"filter": {"host": [name]}})[0]["templateid"]
http = tid("tcpfleet by HTTP agent")
for m in call("usermacro.get", {"hostids": [http], "filter": {"macro": "{$TCPFLEET.URL}"}}):
    call("usermacro.update", {"hostmacroid": m["hostmacroid"], "value": env["URL"]})
ways = {"external check": tid("tcpfleet by external check"), "HTTP agent": http}
sets = {}
for way, template in ways.items():
    prefix = "x-" if way == "external check" else "h-"
    sets[way] = [call("host.create", {"host": prefix + "b%03d" % i, "groups": [{"groupid": group}], "status": 1,
        "interfaces": [{"type": 1, "main": 1, "useip": 0, "ip": "", "dns": "b%03d" % i, "port": "10050"}],
        "templates": [{"templateid": template}], "macros": [{"macro": "{$TCPFLEET.INTERVAL}", "value": interval}]})["hostids"][0]
        for i in range(1, hosts + 1)]
self_host = call("host.create", {"host": "bench-self", "groups": [{"groupid": group}]})["hostids"][0]
busy = call("item.create", {"hostid": self_host, "name": "poller busy", "key_": "zabbix[process,poller,avg,busy]", "type": 5,
                            "value_type": 0, "delay": "5s"})["itemids"][0]

def polled_values(t0, t1):
    q = ("select count(*) from {t} h join items i using (itemid) where i.type in (10, 19) and h.clock >= %d and h.clock < %d" % (t0, t1))
    return sum(int(sql(q.format(t=t))) for t in ("history_text", "history_str", "history_uint"))

rows = []
for r in range(int(env["ROUNDS"])):
    for way in ways:
        for other, ids in sets.items():
            call("host.massupdate", {"hosts": [{"hostid": h} for h in ids], "status": 0 if other == way else 1})
        time.sleep(int(env["WARMUP"]))
        t0 = int(time.time()) + 1
        while time.time() < t0:
            time.sleep(0.05)
        before = {k: cpu(m) for k, m in meters.items()}
        time.sleep(int(env["WINDOW"]))
        after = {k: cpu(m) for k, m in meters.items()}
        t1 = int(time.time())
        time.sleep(3)  # values of the window still in the history cache
        checks = polled_values(t0, t1)
        b = sql("select avg(value) from history where itemid = %s and clock >= %d and clock < %d" % (busy, t0, t1))
        rows.append((r + 1, way, checks, {k: after[k] - before[k] for k in meters}, float(b or 0), t1 - t0))
for ids in sets.values():
    call("host.massupdate", {"hosts": [{"hostid": h} for h in ids], "status": 1})

print("| round | way | checks in window | checks/s | zabbix_server CPU s | per 1,000 checks (ms) | PostgreSQL per 1,000 (ms) | collect per 1,000 (ms) | poller busy % |")
print("|---|---|---|---|---|---|---|---|---|")
for r, way, checks, used, b, secs in rows:
    per = lambda k: 1000 * 1000 * used[k] / checks if checks else float("nan")
    print("| %d | %s | %d | %.1f | %.2f | **%.1f** | %.1f | %.1f | %.1f |" % (r, way, checks, checks / secs, used["zabbix_server"],
                                                                      per("zabbix_server"), per("postgres"), per("collect"), b))

sql("vacuum analyze")
print()
print("| Zabbix table | rows | bytes on disk (heap, indexes, TOAST) | bytes per row |")
print("|---|---|---|---|")
for t in ("history", "history_uint", "history_str", "history_text", "trends", "trends_uint"):
    n, size = sql("select count(*), pg_total_relation_size('%s') from %s" % (t, t)).split("|")
    print("| %s | %s | %s | %s |" % (t, n, size, int(size) // int(n) if int(n) else "-"))
PY
echo "# uptime after: $(uptime)"
