#!/usr/bin/env bash
# Issue 4 benchmark: one sweep over a simulated fleet, tcpfleet against the OpenSSH client fan-out.
#   bash benchmarks/run-fleet-bench.sh                  # 1000 hosts, ~500 sockets each, concurrency 32
#   HOSTS=200 CONC=16 bash benchmarks/run-fleet-bench.sh
#   FLEET_BEHAVIOR=FORCED_COMMAND MODES=persistent bash benchmarks/run-fleet-bench.sh   # keys restricted to cat:
#       kept connections run one exec per poll instead of polling through their remote shell loop
# The fleet is Apache MINA SSHD in its own JVM(s) on loopback addresses 127.1.x.y (fleet-lib.sh); the collector's
# CPU and heap are measured inside its own JVM (FleetSweepBench), the baseline's with bash `time`
# over xargs and its ssh children. Prints the raw lines, then a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-1000}
SOCKETS=${SOCKETS:-500}
CONC=${CONC:-32}
SWEEPS=${SWEEPS:-3}
PORT=${PORT:-}                 # default: a free one (fleet_free_port)
KEY_TYPE=${KEY_TYPE:-ed25519}           # host and user keys: ed25519 (ssh-keygen's default) or ecdsa
HEAP_FRESH=${HEAP_FRESH:-256m}            # the target: a sweep of 1000 hosts within 256 MB
HEAP_PERSISTENT=${HEAP_PERSISTENT:-1g}    # an idle kept connection costs ~30 KB (run-kept-bench.sh); a sweep in flight more
command -v ssh >/dev/null || { echo "needs the OpenSSH client (ssh)" >&2; exit 2; }
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
source benchmarks/fleet-lib.sh
[ -n "$PORT" ] || PORT=$(fleet_free_port)
work=$(mktemp -d)
cleanup() {
    fleet_stop
    rm -rf "$work"
}
trap cleanup EXIT

if [ "$KEY_TYPE" = ecdsa ]; then
    ssh-keygen -q -t ecdsa -b 256 -N '' -C tcpfleet-bench -f "$work/id_key"
else
    ssh-keygen -q -t ed25519 -N '' -C tcpfleet-bench -f "$work/id_key"
fi
fleet_start "$HOSTS" "$SOCKETS" "$PORT" "$jar" "$work"
cut -d: -f1 "$work/hosts" > "$work/addresses"

results=$work/results
for mode in ${MODES:-fresh persistent}; do
    # JVM flags as the launcher gives them: a one-shot `poll` (fresh) runs C1 only, `collect` keeps C2.
    if [ "$mode" = persistent ]; then jvm=(-Xmx"$HEAP_PERSISTENT" -XX:+UseSerialGC)
    else jvm=(-Xmx"$HEAP_FRESH" -XX:+UseSerialGC -XX:TieredStopAtLevel=1); fi
    java "${jvm[@]}" -cp "$jar" io.tcpfleet.benchmarks.FleetSweepBench "$work/hosts" "$work/known_hosts" \
        "$work/id_key" bench "$CONC" "$mode" "$SWEEPS" | tee -a "$results"
done

# Baseline: the OpenSSH client once per host, same concurrency, output discarded (OPENSSH_SWEEPS=0: none).
ssh_opts=(-i "$work/id_key" -p "$PORT" -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes
          -o BatchMode=yes -o LogLevel=ERROR -o ControlMaster=no -o ControlPath=none)
export TIMEFORMAT="%R %U %S"
for i in $(seq 1 "${OPENSSH_SWEEPS:-$SWEEPS}"); do
    t=$( { time xargs -P "$CONC" -I{} ssh "${ssh_opts[@]}" bench@{} 'cat /proc/net/tcp /proc/net/tcp6' \
            < "$work/addresses" > "$work/ssh.out" 2> "$work/ssh.err"; } 2>&1 ) || true
    sort "$work/ssh.err" | uniq -c | sort -rn | head -3 >&2
    # Outputs interleave in one file, so count bytes, not headers: every host prints the same dump.
    ok=$(( $(stat -c %s "$work/ssh.out") / FLEET_BYTES ))
    read -r wall user sys <<< "$t"
    printf 'sweep=%d mode=openssh hosts=%d ok=%d wall_ms=%.0f cpu_ms=%.0f cpu_per_host_ms=%.2f\n' "$i" "$HOSTS" \
        "$ok" "$(echo "$wall*1000" | bc)" "$(echo "($user+$sys)*1000" | bc)" \
        "$(echo "scale=2; ($user+$sys)*1000/$HOSTS" | bc)" | tee -a "$results"
done

echo
echo "| run | hosts ok | wall (s) | client CPU (s) | CPU per host-poll (ms) | threads peak | heap peak (MB) |"
echo "|---|---|---|---|---|---|---|"
awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       printf "| %s sweep %s | %s/%s | %.2f | %.2f | %s | %s | %s |\n", v["mode"], v["sweep"], v["ok"], v["hosts"],
              v["wall_ms"] / 1000, v["cpu_ms"] / 1000, v["cpu_per_host_ms"],
              (v["threads_peak"] == "" ? "-" : v["threads_peak"]), (v["heap_peak_mb"] == "" ? "-" : v["heap_peak_mb"]);
       delete v }' "$results"
