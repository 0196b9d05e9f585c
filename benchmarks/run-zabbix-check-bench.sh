#!/usr/bin/env bash
# Issue 5 benchmark: the cost of one Zabbix external check, the way Zabbix runs it
# (sh -c "'tcpfleet.sh' 'HOST' 'TIME_WAIT'"), against a running `tcpfleet collect`, beside the
# cost of the JVM command `tcpfleet get HOST TIME_WAIT` for the same answer.
#   bash benchmarks/run-zabbix-check-bench.sh          # 1000 checks, 20 JVM runs
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKS=${CHECKS:-1000}
JVM_RUNS=${JVM_RUNS:-20}
PORT=${PORT:-2322}
API_PORT=${API_PORT:-9741}
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
work=$(mktemp -d)
pids=()
cleanup() {
    exec 3>&- 2>/dev/null || true
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/id_key"
mkfifo "$work/in"
HOST_KEY_TYPE=ed25519 java -cp "$jar" io.tcpfleet.benchmarks.FakeFleetServer 10 500 "$PORT" "$work/id_key.pub" \
    "$work/known_hosts" "$work/hosts" < "$work/in" > "$work/server.out" 2>/dev/null &
pids+=($!)
exec 3> "$work/in"
for _ in $(seq 1 300); do grep -q ready "$work/server.out" 2>/dev/null && break; sleep 0.1; done
sed 's/^/bench@/' "$work/hosts" > "$work/inventory"
TCPFLEET_HOME="$work/home" ./tcpfleet collect -i "$work/inventory" --known-hosts "$work/known_hosts" \
    --identity "$work/id_key" --ssh-config none --no-agent --interval 10s --listen "127.0.0.1:$API_PORT" 2> "$work/collect.log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q 'sweep: 10/10 ok' "$work/collect.log" && break; sleep 0.1; done
grep -q 'sweep: 10/10 ok' "$work/collect.log" || { cat "$work/collect.log" >&2; exit 1; }
host=$(head -n 1 "$work/hosts" | cut -d: -f1)

TCPFLEET_URL="http://127.0.0.1:$API_PORT" TCPFLEET_HOME="$work/home" CHECKS=$CHECKS JVM_RUNS=$JVM_RUNS HOST=$host \
python3 - <<'PY'
import os, subprocess, time
host, n, jvm = os.environ["HOST"], int(os.environ["CHECKS"]), int(os.environ["JVM_RUNS"])
def q(s): return "'" + s.replace("'", "'\\''") + "'"
def run(cmd, times):
    out, ms = None, []
    for _ in range(times):
        t = time.perf_counter()
        r = subprocess.run(["/bin/sh", "-c", cmd], capture_output=True, text=True, timeout=30)
        ms.append((time.perf_counter() - t) * 1000)
        out = r.stdout.strip()
    ms.sort()
    pick = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
    return out, pick(0.5), pick(0.99), ms[-1]
script = q(os.path.abspath("zabbix/tcpfleet.sh"))
rows = [
    ("tcpfleet.sh HOST TIME_WAIT", run(script + " " + q(host) + " 'TIME_WAIT'", n), n),
    ("tcpfleet.sh HOST (JSON)", run(script + " " + q(host), n), n),
    ("same, forced to curl (TCPFLEET_HTTP_CLIENT=curl)", run("TCPFLEET_HTTP_CLIENT=curl " + script + " " + q(host) + " 'TIME_WAIT'", n), n),
    ("tcpfleet get HOST TIME_WAIT (JVM)", run("./tcpfleet get " + q(host) + " TIME_WAIT", jvm), jvm),
]
print("| check | runs | p50 (ms) | p99 (ms) | max (ms) | answer |")
print("|---|---|---|---|---|---|")
for name, (out, p50, p99, mx), runs in rows:
    print(f"| {name} | {runs} | {p50:.1f} | {p99:.1f} | {mx:.1f} | {out[:20]}{'...' if len(out) > 20 else ''} |")
PY
