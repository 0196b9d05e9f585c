#!/usr/bin/env bash
# Issue 12 benchmark: store write throughput, samples/s sustained, through the path a collector
# uses (SweepWriter over SampleStore; WriteBench). NODES collector JVMs share HOSTS hosts and write
# into one PostgreSQL 15 (a server this script starts: initdb into a temporary directory, run as
# the postgres user, stopped and removed at the end), against one JVM writing all HOSTS hosts into
# an embedded H2 file. Every sample carries its ports and top-20 peers (FleetDay).
#   bash benchmarks/run-write-bench.sh                       # 10,000 hosts, 3 nodes, 10 sweeps each
#   HOSTS=1000 NODES=2 SWEEPS=20 bash benchmarks/run-write-bench.sh
# Each JVM stops after SWEEPS sweeps or SECONDS seconds, whichever comes first (bounded).
# PG_OPTS adds server settings (e.g. PG_OPTS="-c synchronous_commit=off"); the default is the
# server's own defaults, durable (fsync on, synchronous_commit on).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-10000}
NODES=${NODES:-3}
SWEEPS=${SWEEPS:-10}
SECONDS_MAX=${SECONDS_MAX:-300}
HEAP=${HEAP:-1g}
PG_OPTS=${PG_OPTS:-}
source benchmarks/pg-lib.sh
mvn -q -B -o -DskipTests package -pl benchmarks -am >&2 || mvn -q -B -DskipTests package -pl benchmarks -am >&2
work=$(mktemp -d /tmp/tcpfleet-write-bench-XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pg_stop
    rm -rf "$work"
}
trap cleanup EXIT
driver() { # URL FIRST HOSTS [GO_FILE]
    java -Xmx"$HEAP" -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.WriteBench \
        "$1" "$2" "$3" "$SWEEPS" "$SECONDS_MAX" ${4:+"$4"}
}
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1); run $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load before: $(uptime | sed 's/.*load average: //')"

# One collector, embedded H2.
read -r _ h2_hosts h2_sweeps h2_samples h2_start h2_end h2_rate < <(driver "jdbc:h2:file:$work/h2/tcpfleet" 0 "$HOSTS" | grep '^result ')
h2_size=$(du -sb "$work/h2" | cut -f1)
echo "H2, 1 JVM, $h2_hosts hosts: $h2_sweeps sweeps, $h2_samples samples in $(( h2_end - h2_start )) ms: $h2_rate samples/s; load $(uptime | sed 's/.*load average: //')"

# NODES collectors, one PostgreSQL.
# shellcheck disable=SC2086 # PG_OPTS's words split on purpose
pg_start $PG_OPTS
settings=$(pg_settings | tr '\n' ' ')
echo "PostgreSQL: $settings"
url=$(pg_createdb fleet)
share=$(( (HOSTS + NODES - 1) / NODES ))
for ((i = 0; i < NODES; i++)); do
    first=$(( i * share ))
    n=$(( HOSTS - first < share ? HOSTS - first : share ))
    driver "$url" "$first" "$n" "$work/go" > "$work/node$i.out" 2> "$work/node$i.err" &
    pids+=($!)
done
for ((i = 0; i < NODES; i++)); do # every node warmed up (hosts' rows written), bounded
    for _ in $(seq 1 3000); do
        grep -q READY "$work/node$i.out" 2>/dev/null && break
        kill -0 "${pids[$i]}" 2>/dev/null || { cat "$work/node$i.err" >&2; exit 1; }
        sleep 0.1
    done
done
touch "$work/go"
for p in "${pids[@]}"; do wait "$p"; done
pids=()
rows=()
for ((i = 0; i < NODES; i++)); do
    rows+=("$(grep '^result ' "$work/node$i.out")")
done
printf '%s\n' "${rows[@]}" | awk -v h2="$h2_rate" -v h2hosts="$h2_hosts" -v nodes="$NODES" '
    { hosts += $2; samples += $4; if (start == "" || $5 < start) start = $5; if ($6 > end) end = $6
      per = per sprintf("%s%d hosts: %d samples/s", (NR > 1 ? "; " : ""), $2, $7) }
    END {
        rate = samples * 1000 / (end - start)
        printf "PostgreSQL, %d JVMs, %d hosts: %d samples in %d ms: %.0f samples/s (%s)\n", nodes, hosts, samples, end - start, rate, per
        print ""
        print "| store | writers | hosts | samples/s sustained | one sweep of all hosts takes |"
        print "|---|---|---|---|---|"
        printf "| H2 (embedded file) | 1 JVM | %d | %.0f | %.1f s |\n", h2hosts, h2, h2hosts / h2
        printf "| PostgreSQL 15 | %d JVMs together | %d | %.0f | %.1f s |\n", nodes, hosts, rate, hosts / rate
    }'
echo
echo "PostgreSQL database after the run: $(pg_psql fleet "SELECT pg_size_pretty(pg_database_size('fleet'))"), $(pg_psql fleet "SELECT count(*) FROM sample") samples; H2 file: $h2_size bytes"
echo "load after: $(uptime | sed 's/.*load average: //')"
