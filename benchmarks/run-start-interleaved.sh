#!/usr/bin/env bash
# Issue 13, for a shared machine: poll --local beside java -version and a baseline checkout, the
# commands run in turn (not one after the other like hyperfine's), N rounds; prints each command's
# median wall time, its quartiles and its ratio to java -version's median. Medians of interleaved
# runs stand load spikes from other processes better than hyperfine's means.
#   BASELINE=/path/to/older/checkout bash benchmarks/run-start-interleaved.sh   # built there
#   N=60 BASELINE=... bash benchmarks/run-start-interleaved.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-40}
[ -x "${BASELINE:-}/tcpfleet" ] || { echo "BASELINE=/path/to/a built older checkout is needed" >&2; exit 2; }
[ -s cli/target/tcpfleet.jsa ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TCPFLEET_HOME="$work/new" ./tcpfleet poll --local -q >/dev/null # an existing database, as after the first run
TCPFLEET_HOME="$work/base" "$BASELINE/tcpfleet" poll --local -q >/dev/null
names=("java -version" "tcpfleet poll --local" "tcpfleet poll --local --no-store"
    "baseline: tcpfleet poll --local" "baseline: tcpfleet poll --local --no-store")
cmds=("java -version" "env TCPFLEET_HOME=$work/new ./tcpfleet poll --local -q" "./tcpfleet poll --local --no-store -q"
    "env TCPFLEET_HOME=$work/base $BASELINE/tcpfleet poll --local -q" "$BASELINE/tcpfleet poll --local --no-store -q")
echo "sockets a local poll reads: $(($(cat /proc/net/tcp /proc/net/tcp6 | wc -l) - 2))"
echo "load before: $(uptime)"
for _ in $(seq 1 "$N"); do
    for i in "${!cmds[@]}"; do
        s=$(date +%s%N)
        ${cmds[$i]} >/dev/null 2>&1 # the command's words split on purpose
        echo "$i $((($(date +%s%N) - s) / 1000))"
    done
done >"$work/times"
echo "load after:  $(uptime)"
python3 - "$work/times" "${names[@]}" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    i, us = line.split()
    runs[int(i)].append(int(us) / 1000)
base = statistics.median(runs[0])
print("| command | median ms | quartiles ms | x java -version |")
print("|---|---:|---:|---:|")
for i, name in enumerate(sys.argv[2:]):
    q = statistics.quantiles(runs[i], n=4)
    print(f"| {name} | {statistics.median(runs[i]):.0f} | {q[0]:.0f}-{q[2]:.0f} | {statistics.median(runs[i]) / base:.1f} |")
PY
