#!/usr/bin/env bash
# Issue 6 benchmark: report and diagnose over a fleet's stored week, JVM start included.
#   bash benchmarks/run-report-bench.sh              # generates 1000 hosts x 7 days of 60 s samples once
#   DATA=/path/to/dir bash benchmarks/run-report-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-1000}
DAYS=${DAYS:-7}
DATA=${DATA:-benchmarks/data/history-$HOSTS-$DAYS}
REPEAT=${REPEAT:-3}
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
if [ ! -f "$DATA/tcpfleet.mv.db" ]; then
    echo "generating $HOSTS hosts x $DAYS days of 60 s samples in $DATA (about 12 minutes for 1000 x 7)" >&2
    java -Xmx2g -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.HistoryGenerator "$DATA" "$HOSTS" "$DAYS" 60 >&2
fi
samples=$(java -cp cli/target/tcpfleet.jar -Dh2.bindAddress=127.0.0.1 org.h2.tools.Shell -url "jdbc:h2:file:$(realpath "$DATA")/tcpfleet" \
    -user sa -password '' -sql "SELECT COUNT(*) FROM sample" 2>/dev/null | sed -n 2p | tr -d ' ')
echo "database: $DATA, $(du -sh "$DATA" | cut -f1), $samples samples" >&2
export TIMEFORMAT="%R"
run() {
    local label=$1; shift
    local times=() out
    for ((i = 0; i < REPEAT; i++)); do
        # diagnose exits 3 when it finds something: not a failure of the benchmark
        out=$( { time TCPFLEET_HOME="$DATA" ./tcpfleet "$@" > /dev/null 2>&1 || true; } 2>&1 )
        times+=("$out")
    done
    printf '| `tcpfleet %s` | %s |\n' "$label" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (REPEAT + 1) / 2 ))p")"
}
echo "| command (JVM start included) | median wall (s) |"
echo "|---|---|"
run "report" report
run "report --sort TIME_WAIT --change 1h --top 20" report --sort TIME_WAIT --change 1h --top 20
run "report --by peer --sort TIME_WAIT" report --by peer --sort TIME_WAIT
run "diagnose --all (6 h of history)" diagnose --all
run "diagnose --all --since 24h" diagnose --all --since 24h
run "report --html (24 h, 50 charts)" report --html /tmp/tcpfleet-bench-report.html
