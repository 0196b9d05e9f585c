#!/usr/bin/env bash
# Issue 3 benchmark: tcpfleet's tally against the classic awk tally, measured in the same run.
#   bash benchmarks/run-tally-bench.sh            # 1,000,000-socket dump (~154 MB)
#   SOCKETS=200000 bash benchmarks/run-tally-bench.sh
# Single-core figures are pinned with taskset to CPU 0. Prints a Markdown report on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
SOCKETS=${SOCKETS:-1000000}
REPEAT=${REPEAT:-5}
data=benchmarks/data
mkdir -p "$data"
command -v mawk >/dev/null || { echo "needs mawk" >&2; exit 2; }
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

# Always rebuild: a stale shaded jar would measure old code.
mvn -q -B -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
big="$data/bench-$SOCKETS.dump"
small="$data/bench-10000.dump"
[ -f "$big" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$big" "$SOCKETS" >&2
[ -f "$small" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$small" 10000 >&2
bytes=$(stat -c %s "$big")
cat "$big" > /dev/null   # into the page cache: every contender reads it from memory

# median wall seconds and max RSS of REPEAT runs of a command, output discarded
measure() {
    local i all one
    all=$(mktemp); one=$(mktemp)
    for ((i = 0; i < REPEAT; i++)); do
        /usr/bin/time -f "%e %M" -o "$one" "$@" > /dev/null
        cat "$one" >> "$all"
    done
    sort -n "$all" | awk -v n="$REPEAT" 'NR == int((n + 1) / 2) { print $1, $2 }'
    rm -f "$all" "$one"
}
rate() { awk -v b="$bytes" -v s="$1" -v n="$SOCKETS" 'BEGIN { printf "%.0f MB/s, %.2f M sockets/s", b / s / 1e6, n / s / 1e6 }'; }

awk_states='$1 != "sl" { ++S[$4] } END { for (s in S) print s, S[s] }'
awk_full='$1 != "sl" { ++S[$4]; split($2, l, ":"); ++P[l[2] " " $4]; split($3, r, ":"); ++R[r[1] " " $4] }
          END { for (s in S) print s, S[s]; for (k in P) print "port", k, P[k]; for (k in R) print "peer", k, R[k] }'

read -r mawk_s _ < <(measure taskset -c 0 mawk "$awk_states" "$big")
read -r mawk_f _ < <(measure taskset -c 0 mawk "$awk_full" "$big")
gawk_s=""
if command -v gawk >/dev/null; then read -r gawk_s _ < <(measure taskset -c 0 gawk "$awk_states" "$big"); fi

# JMH: in-memory parse on one core, whole dump per operation.
jmh_out=$(taskset -c 0 java -Dtcpfleet.dump="$big" -jar "$jar" TallyBenchmark -rff /dev/null 2>&1 | tee /dev/stderr | grep -E '^TallyBenchmark.tally')
jmh_states_ms=$(echo "$jmh_out" | awk '$2 == "states" { print $5 }')
jmh_full_ms=$(echo "$jmh_out" | awk '$2 == "full" { print $5 }')
jmh_states_err=$(echo "$jmh_out" | awk '$2 == "states" { print $7 }')
jmh_full_err=$(echo "$jmh_out" | awk '$2 == "full" { print $7 }')

# Heap: streaming from disk with a 16 MB heap, small and large dump.
heap_small=$(taskset -c 0 java -Xmx16m -XX:+UseSerialGC -cp "$jar" io.tcpfleet.benchmarks.HeapProbe "$small" 200)
heap_big=$(taskset -c 0 java -Xmx16m -XX:+UseSerialGC -cp "$jar" io.tcpfleet.benchmarks.HeapProbe "$big" 3)

# End to end, JVM start included (the launcher, default options), single core and both cores.
read -r e2e_1 e2e_1_rss < <(measure taskset -c 0 ./tcpfleet tally --format json "$big")
read -r e2e_s e2e_s_rss < <(measure ./tcpfleet tally --states-only --format json "$big")
read -r e2e_f e2e_f_rss < <(measure ./tcpfleet tally --format json "$big")
read -r e2e_small _ < <(measure ./tcpfleet tally --format json "$small")

ms_to_s() { awk -v m="$1" 'BEGIN { print m / 1000 }'; }
cat <<MD
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r),
$(java -version 2>&1 | head -1). Dump: $SOCKETS sockets, $bytes bytes (DumpGenerator, seed 20261124).
Median of $REPEAT runs for commands; JMH average of 5 x 3 s after 3 x 3 s warm-up. Run $(date -u +%Y-%m-%dT%H:%MZ).

| contender (one core unless said) | time | throughput |
|---|---|---|
| mawk, states only (\`++S[\$4]\`) | ${mawk_s} s | $(rate "$mawk_s") |
| mawk, states + ports + peers | ${mawk_f} s | $(rate "$mawk_f") |
$( [ -n "$gawk_s" ] && echo "| gawk, states only | ${gawk_s} s | $(rate "$gawk_s") |" )
| tcpfleet parser, states only (JMH, in memory) | ${jmh_states_ms} ± ${jmh_states_err} ms | $(rate "$(ms_to_s "$jmh_states_ms")") |
| tcpfleet parser, states + ports + peers (JMH) | ${jmh_full_ms} ± ${jmh_full_err} ms | $(rate "$(ms_to_s "$jmh_full_ms")") |
| \`tcpfleet tally --format json\` end to end, JVM start included, 1 core | ${e2e_1} s | $(rate "$e2e_1"), max RSS ${e2e_1_rss} KB |
| \`tcpfleet tally --states-only\` end to end, 2 cores | ${e2e_s} s | $(rate "$e2e_s"), max RSS ${e2e_s_rss} KB |
| \`tcpfleet tally\` end to end, 2 cores | ${e2e_f} s | $(rate "$e2e_f"), max RSS ${e2e_f_rss} KB |
| \`tcpfleet tally\` of a 10,000-socket dump end to end | ${e2e_small} s | (JVM start dominates) |

Heap while streaming from disk with -Xmx16m (HeapProbe: mode, MB/s, sockets/s, peak heap used MB):

| dump | states only | full |
|---|---|---|
| 10,000 sockets | $(echo "$heap_small" | awk '$1 == "states" { printf "%s MB/s, peak %s MB", $2, $4 }') | $(echo "$heap_small" | awk '$1 == "full" { printf "%s MB/s, peak %s MB", $2, $4 }') |
| $SOCKETS sockets | $(echo "$heap_big" | awk '$1 == "states" { printf "%s MB/s, peak %s MB", $2, $4 }') | $(echo "$heap_big" | awk '$1 == "full" { printf "%s MB/s, peak %s MB", $2, $4 }') |
MD
