#!/usr/bin/env bash
# Issue 12 benchmark: one collector keeping a connection to each of 10,000 simulated hosts, sweeps
# 60 s apart, as `collect` runs. Per sweep: heap live after a full GC, resident memory (RSS), native
# memory by kind (NMT: thread stacks, ...), threads while idle and at peak, CPU per host-poll, wall
# time; at the end the heap the kept connections held. The baseline is the collector of BASE (main
# before issue 12), built in a temporary clone and measured in the same run by the same driver
# (this FleetSweepBench in front of the old jar: it uses only API older than issue 12).
#   bash benchmarks/run-kept-bench.sh                     # 10,000 hosts, 3 sweeps 60 s apart, ~12 min
#   HOSTS=2000 INTERVAL=20 bash benchmarks/run-kept-bench.sh
#   RUNS=new bash benchmarks/run-kept-bench.sh            # skip the baseline
# Memory figures hold on a busy machine; CPU and wall figures need a quiet one (load is printed).
# The fleet runs in its own JVM(s) (benchmarks/fleet-lib.sh), everything is ended by pid.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-10000}
SOCKETS=${SOCKETS:-500}
CONC=${CONC:-32}
SWEEPS=${SWEEPS:-3}
INTERVAL=${INTERVAL:-60}
PORT=${PORT:-}                 # default: a free one (fleet_free_port)
BASE=${BASE:-d69d665}        # main before issue 12's kept-connection work (as measured in docs/performance.md)
RUNS=${RUNS:-baseline new}
HEAP_NEW=${HEAP_NEW:-1g}     # the goal: 10,000 kept hosts in <= 1 GB of heap
HEAP_OLD=${HEAP_OLD:-$(( HOSTS * 45 / 100000 + 1 ))g}   # the baseline holds ~0.33 MB per kept host
# collect's JVM flags (the tcpfleet launcher), plus native memory tracking for the breakdown
JVM=(-XX:+UseSerialGC -Xss512k -XX:NativeMemoryTracking=summary)

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < HOSTS + 1000 )); then
    echo "the collector needs an fd per kept host: ulimit -n is $(ulimit -n), HOSTS=$HOSTS" >&2
    exit 2
fi
source benchmarks/fleet-lib.sh
[ -n "$PORT" ] || PORT=$(fleet_free_port)
work=$(mktemp -d)
collector_pid=
cleanup() {
    [ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null || true
    fleet_stop
    rm -rf "$work"
}
trap cleanup EXIT

echo "building this tree and the baseline ($BASE)" >&2
mvn -q -B -o -pl benchmarks -am -DskipTests package >&2 || mvn -q -B -pl benchmarks -am -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
driver=benchmarks/target/tcpfleet-benchmarks-0.1.0-SNAPSHOT.jar   # the benchmark classes alone
if [[ " $RUNS " == *" baseline "* ]]; then
    git clone -q --shared "$PWD" "$work/base"
    git -C "$work/base" checkout -q "$BASE"
    (cd "$work/base" && mvn -q -B -o -pl benchmarks -am -DskipTests package >&2)
fi

ssh-keygen -q -t ed25519 -N '' -C tcpfleet-bench -f "$work/id_key"
fleet_start "$HOSTS" "$SOCKETS" "$PORT" "$jar" "$work"
results=$work/results
for run in $RUNS; do
    if [ "$run" = baseline ]; then cp=$driver:$work/base/$jar; heap=$HEAP_OLD; else cp=$jar; heap=$HEAP_NEW; fi
    echo "$run: -Xmx$heap, $(uptime)" | tee -a "$results"
    java -Xmx"$heap" "${JVM[@]}" -cp "$cp" io.tcpfleet.benchmarks.FleetSweepBench "$work/hosts" "$work/known_hosts" \
        "$work/id_key" bench "$CONC" persistent "$SWEEPS" "$INTERVAL" "$run" > "$work/$run.out" &
    collector_pid=$!
    wait "$collector_pid" || echo "$run: collector exited with $?" >&2
    collector_pid=
    tee -a "$results" < "$work/$run.out"
    echo "$run: fleet JVM(s) RSS $(fleet_rss_mb) MB; $(uptime)" | tee -a "$results"
done

echo
echo "Machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1); $HOSTS hosts, $SOCKETS sockets each," \
     "concurrency $CONC, sweeps $INTERVAL s apart; fleet open-files limit $(ulimit -n)"
echo
echo "| run | sweep | hosts ok | wall (s) | poll p50 / p99 (ms) | CPU per host-poll (ms) | heap live after GC (MB) | RSS (MB) | threads idle / peak | thread stacks (MB) | NIO buffers (MB) | load (1 min) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
awk '/^sweep=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       printf "| %s | %s | %s/%s | %.1f | %s / %s | %s | %s | %s | %s / %s | %s | %s | %s |\n", v["run"], v["sweep"], v["ok"], v["hosts"],
              v["wall_ms"] / 1000, v["poll_p50_ms"], v["poll_p99_ms"], v["cpu_per_host_ms"], v["heap_after_gc_mb"], v["rss_mb"], v["threads"],
              v["threads_peak"], v["nmt_stacks_mb"], v["nmt_other_mb"], v["load1"]; delete v }' "$results"
echo
echo "| run | kept connections | heap they held (MB) | per connection (KB) | threads after closing them |"
echo "|---|---|---|---|---|"
awk '/^closed / { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
       printf "| %s | %s | %s | %s | %s |\n", v["run"], v["kept"], v["kept_heap_mb"], v["kept_heap_kb"], v["threads"]; delete v }' "$results"
