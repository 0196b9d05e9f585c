#!/usr/bin/env bash
# Issues 3 and 10 benchmark: tcpfleet's tally against awk, measured in the same run.
#   bash benchmarks/run-tally-bench.sh            # 1,000,000-socket dumps (~154 MB each)
#   SOCKETS=200000 bash benchmarks/run-tally-bench.sh
#   SOCKETS=20000 REPEAT=1 JMH_OPTS="-wi 1 -i 1 -w 1 -r 1" bash benchmarks/run-tally-bench.sh  # a quick try
#   BEFORE=/tmp/old bash benchmarks/run-tally-bench.sh
#       also measures an older build in the same run: BEFORE is a checkout of it, built with
#       `mvn -q -o -DskipTests package` (e.g. `git archive main | tar -x -C /tmp/old`).
# Two dumps (DumpGenerator, seed 20261124): "busy" (clients from 3,000 addresses, 200 services) and
# "distinct" (every connection its own peer: ~SOCKETS distinct peers). Single-core figures are
# pinned with taskset to CPU 0. Prints a Markdown report on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
SOCKETS=${SOCKETS:-1000000}
REPEAT=${REPEAT:-5}
BEFORE=${BEFORE:-}
data=benchmarks/data
mkdir -p "$data"
command -v mawk >/dev/null || { echo "needs mawk (apt-get install mawk)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
if [ -n "$BEFORE" ] && [ ! -f "$BEFORE/cli/target/tcpfleet.jar" ]; then
    echo "BEFORE=$BEFORE has no cli/target/tcpfleet.jar: build it first" >&2; exit 2
fi

# Always rebuild: a stale shaded jar would measure old code.
mvn -q -B -o -DskipTests package >&2
jar=benchmarks/target/benchmarks.jar
big="$data/bench-$SOCKETS.dump"
scattered="$data/bench-$SOCKETS-distinct.dump"
small="$data/bench-10000.dump"
hosts6="$data/bench-200000-distinct.dump"
[ -f "$big" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$big" "$SOCKETS" >&2
[ -f "$scattered" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$scattered" "$SOCKETS" 20261124 distinct >&2
[ -f "$small" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$small" 10000 >&2
[ -f "$hosts6" ] || java -cp "$jar" io.tcpfleet.benchmarks.DumpGenerator "$hosts6" 200000 20261124 distinct >&2
bytes=$(stat -c %s "$big")
dbytes=$(stat -c %s "$scattered")
cat "$big" "$scattered" > /dev/null   # into the page cache: every contender reads from memory

# Median wall seconds, its run's max RSS (KB), and the median CPU seconds (user + sys, less
# disturbed than wall time on a shared machine) of REPEAT runs of a command, output discarded.
measure() {
    local i all one
    all=$(mktemp); one=$(mktemp)
    for ((i = 0; i < REPEAT; i++)); do
        /usr/bin/time -f "%e %M %U %S" -o "$one" "$@" > /dev/null
        cat "$one" >> "$all"
    done
    cpu=$(awk '{ printf "%.2f\n", $3 + $4 }' "$all" | sort -n | awk -v n="$REPEAT" 'NR == int((n + 1) / 2)')
    sort -n "$all" | awk -v n="$REPEAT" -v cpu="$cpu" 'NR == int((n + 1) / 2) { print $1, $2, cpu }'
    rm -f "$all" "$one"
}
rate() { awk -v b="$bytes" -v s="$1" -v n="$SOCKETS" 'BEGIN { printf "%.0f MB/s, %.2f M sockets/s", b / s / 1e6, n / s / 1e6 }'; }
times() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
ms_to_s() { awk -v m="$1" 'BEGIN { print m / 1000 }'; }

awk_states='$1 != "sl" { ++S[$4] } END { for (s in S) print s, S[s] }'
awk_full='$1 != "sl" { ++S[$4]; split($2, l, ":"); ++P[l[2] " " $4]; split($3, r, ":"); ++R[r[1] " " $4] }
          END { for (s in S) print s, S[s]; for (k in P) print "port", k, P[k]; for (k in R) print "peer", k, R[k] }'
awk_equiv=benchmarks/tally-equivalent.awk

# JMH: in-memory parse on one core, whole dump per operation. Args: jar dump modes.
jmh() {
    # shellcheck disable=SC2086 # JMH_OPTS: e.g. "-wi 1 -i 1 -w 1 -r 1" for a quick try of the script
    taskset -c 0 java -Dtcpfleet.dump="$2" -jar "$1" TallyBenchmark -p mode="$3" ${JMH_OPTS:-} -rff /dev/null 2>&1 \
        | tee /dev/stderr | grep -E '^TallyBenchmark.tally' \
        | awk '{ if (NF >= 8) print $2, $5, $7; else print $2, $4, "?" }' # no error column for one iteration
}
jmh_row() { # label, jmh output, mode; a row of the busy table
    echo "$2" | awk -v m="$3" -v l="$1" -v b="$bytes" -v n="$SOCKETS" '$1 == m {
        printf "| %s | %s ± %s ms | %.0f MB/s, %.2f M sockets/s |\n", l, $2, $3, b / $2 / 1e3, n / $2 / 1e3 }'
}
jmh_row4() { # the same for the distinct table (4 columns)
    echo "$2" | awk -v m="$3" -v l="$1" -v b="$dbytes" -v n="$SOCKETS" '$1 == m {
        printf "| %s | %s ± %s ms | | | %.0f MB/s, %.2f M sockets/s |\n", l, $2, $3, b / $2 / 1e3, n / $2 / 1e3 }'
}

read -r mawk_s _ < <(measure taskset -c 0 mawk "$awk_states" "$big")
read -r mawk_f _ < <(measure taskset -c 0 mawk "$awk_full" "$big")
read -r mawk_e _ < <(measure taskset -c 0 mawk -f "$awk_equiv" "$big")
read -r dmawk_f dmawk_f_rss dmawk_f_cpu < <(measure taskset -c 0 mawk "$awk_full" "$scattered")
read -r dmawk_e dmawk_e_rss dmawk_e_cpu < <(measure taskset -c 0 mawk -f "$awk_equiv" "$scattered")
gawk_s=""
if command -v gawk >/dev/null; then read -r gawk_s _ < <(measure taskset -c 0 gawk "$awk_states" "$big"); fi

jmh_busy=$(jmh "$jar" "$big" states,full)
jmh_scattered=$(jmh "$jar" "$scattered" full)
if [ -n "$BEFORE" ]; then
    jmh_busy_before=$(jmh "$BEFORE/benchmarks/target/benchmarks.jar" "$big" states,full)
    jmh_scattered_before=$(jmh "$BEFORE/benchmarks/target/benchmarks.jar" "$scattered" full)
fi

# Heap: streaming from disk with a 16 MB heap, small and large dump.
heap_small=$(taskset -c 0 java -Xmx16m -XX:+UseSerialGC -cp "$jar" io.tcpfleet.benchmarks.HeapProbe "$small" 200)
heap_big=$(taskset -c 0 java -Xmx16m -XX:+UseSerialGC -cp "$jar" io.tcpfleet.benchmarks.HeapProbe "$big" 3)

# End to end, JVM start included: the launcher as a user runs it (its default JVM options).
# Args: launcher dir, dump, extra tally options; prints "wall rss".
e2e() { local dir=$1 dump=$2; shift 2; measure "$dir/tcpfleet" tally --format json "$@" "$dump"; }
e2e1() { local dir=$1 dump=$2; shift 2; measure taskset -c 0 "$dir/tcpfleet" tally --format json "$@" "$dump"; }
read -r e2e_1 e2e_1_rss _ < <(e2e1 . "$big")
read -r e2e_s e2e_s_rss _ < <(e2e . "$big" --states-only)
read -r e2e_f e2e_f_rss _ < <(e2e . "$big")
read -r e2e_small _ < <(e2e . "$small")
read -r d_1 d_1_rss d_1_cpu < <(e2e1 . "$scattered")
read -r d_2 d_2_rss d_2_cpu < <(e2e . "$scattered")
# The launcher's small-heap flags for tally, measured: the same run with the old flags.
read -r d_2_old_flags d_2_old_flags_rss d_2_old_flags_cpu < <(TCPFLEET_JAVA_OPTS="-XX:+UseSerialGC -Xss512k" e2e . "$scattered")
if [ -n "$BEFORE" ]; then
    read -r b_1 b_1_rss _ < <(e2e1 "$BEFORE" "$big")
    read -r b_f b_f_rss _ < <(e2e "$BEFORE" "$big")
    read -r bd_1 bd_1_rss bd_1_cpu < <(e2e1 "$BEFORE" "$scattered")
    read -r bd_2 bd_2_rss bd_2_cpu < <(e2e "$BEFORE" "$scattered")
fi

# Six hosts with 200,000 distinct peers each, polled at once (Poller, concurrency 6), small heaps.
probe() { # classpath, -Xmx
    java "-Xmx$2" -XX:+UseSerialGC -cp "$1" io.tcpfleet.benchmarks.ConcurrentTallyProbe "$hosts6" 6
}
probe_after_192=$(probe "$jar" 192m)
probe_after_64=$(probe "$jar" 64m)
if [ -n "$BEFORE" ]; then
    # The probe class from this build on the old code's classpath (the Poller API is the same).
    probe_cp="benchmarks/target/classes:$BEFORE/benchmarks/target/benchmarks.jar"
    probe_before_192=$(probe "$probe_cp" 192m)
    probe_before_64=$(probe "$probe_cp" 64m)
fi

# Rows of a contender that was not measured leave empty lines: drop those inside a table.
tables() { awk '{ l[NR] = $0 } END { for (i = 1; i <= NR; i++) if (!(l[i] == "" && l[i-1] ~ /^[|]/ && l[i+1] ~ /^[|]/)) print l[i] }' | cat -s; }

tables <<MD
Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r),
$(java -version 2>&1 | head -1). Dumps: $SOCKETS sockets, $bytes bytes (DumpGenerator, seed 20261124),
busy and distinct peers. Median of $REPEAT runs for commands; JMH average of 5 x 3 s after 3 x 3 s
warm-up. Run $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d' ' -f1-3 /proc/loadavg).

Busy dump (~3,500 distinct peers):

| contender (one core unless said) | time | throughput |
|---|---|---|
| mawk, states only (\`++S[\$4]\`) | ${mawk_s} s | $(rate "$mawk_s") |
| mawk, states + ports + peers | ${mawk_f} s | $(rate "$mawk_f") |
| mawk, what tcpfleet computes (tally-equivalent.awk) | ${mawk_e} s | $(rate "$mawk_e") |
$( [ -n "$gawk_s" ] && echo "| gawk, states only | ${gawk_s} s | $(rate "$gawk_s") |" )
$(jmh_row "tcpfleet parser, states only (JMH, in memory)" "$jmh_busy" states)
$(jmh_row "tcpfleet parser, states + ports + peers (JMH)" "$jmh_busy" full)
$( [ -n "$BEFORE" ] && jmh_row "before: parser, states only (JMH)" "$jmh_busy_before" states)
$( [ -n "$BEFORE" ] && jmh_row "before: parser, states + ports + peers (JMH)" "$jmh_busy_before" full)
| \`tcpfleet tally --format json\` end to end, JVM start included, 1 core | ${e2e_1} s | $(rate "$e2e_1"), max RSS ${e2e_1_rss} KB |
| \`tcpfleet tally --states-only\` end to end, 2 cores | ${e2e_s} s | $(rate "$e2e_s"), max RSS ${e2e_s_rss} KB |
| \`tcpfleet tally\` end to end, 2 cores | ${e2e_f} s | $(rate "$e2e_f"), max RSS ${e2e_f_rss} KB |
$( [ -n "$BEFORE" ] && echo "| before: \`tcpfleet tally\` end to end, 1 core | ${b_1} s | $(rate "$b_1"), max RSS ${b_1_rss} KB |")
$( [ -n "$BEFORE" ] && echo "| before: \`tcpfleet tally\` end to end, 2 cores | ${b_f} s | $(rate "$b_f"), max RSS ${b_f_rss} KB |")
| \`tcpfleet tally\` of a 10,000-socket dump end to end | ${e2e_small} s | (JVM start dominates) |

Distinct dump (every connection its own peer):

| contender (one core unless said) | wall | CPU | max RSS | vs mawk equivalent: wall, CPU |
|---|---|---|---|---|
| mawk, states + ports + peers | ${dmawk_f} s | ${dmawk_f_cpu} s | ${dmawk_f_rss} KB | |
| mawk, what tcpfleet computes (tally-equivalent.awk) | ${dmawk_e} s | ${dmawk_e_cpu} s | ${dmawk_e_rss} KB | 1x, 1x |
$(jmh_row4 "tcpfleet parser, states + ports + peers (JMH, in memory)" "$jmh_scattered" full)
$( [ -n "$BEFORE" ] && jmh_row4 "before: parser, states + ports + peers (JMH)" "$jmh_scattered_before" full)
| \`tcpfleet tally --format json\` end to end, JVM start included, 1 core | ${d_1} s | ${d_1_cpu} s | ${d_1_rss} KB | $(times "$dmawk_e" "$d_1"), $(times "$dmawk_e_cpu" "$d_1_cpu") |
| \`tcpfleet tally --format json\` end to end, 2 cores | ${d_2} s | ${d_2_cpu} s | ${d_2_rss} KB | $(times "$dmawk_e" "$d_2"), $(times "$dmawk_e_cpu" "$d_2_cpu") |
| same, without the launcher's tally heap flags (TCPFLEET_JAVA_OPTS="-XX:+UseSerialGC -Xss512k") | ${d_2_old_flags} s | ${d_2_old_flags_cpu} s | ${d_2_old_flags_rss} KB | $(times "$dmawk_e" "$d_2_old_flags"), $(times "$dmawk_e_cpu" "$d_2_old_flags_cpu") |
$( [ -n "$BEFORE" ] && echo "| before: \`tcpfleet tally\` end to end, 1 core | ${bd_1} s | ${bd_1_cpu} s | ${bd_1_rss} KB | $(times "$dmawk_e" "$bd_1"), $(times "$dmawk_e_cpu" "$bd_1_cpu") |")
$( [ -n "$BEFORE" ] && echo "| before: \`tcpfleet tally\` end to end, 2 cores | ${bd_2} s | ${bd_2_cpu} s | ${bd_2_rss} KB | $(times "$dmawk_e" "$bd_2"), $(times "$dmawk_e_cpu" "$bd_2_cpu") |")

Six hosts of 200,000 distinct peers each polled at once (ConcurrentTallyProbe: hosts OK, peak heap MB, first error):

| build | -Xmx192m | -Xmx64m |
|---|---|---|
| this | ${probe_after_192} | ${probe_after_64} |
$( [ -n "$BEFORE" ] && echo "| before | ${probe_before_192} | ${probe_before_64} |")

Heap while streaming from disk with -Xmx16m (HeapProbe: mode, MB/s, sockets/s, peak heap used MB):

| dump | states only | full |
|---|---|---|
| 10,000 sockets | $(echo "$heap_small" | awk '$1 == "states" { printf "%s MB/s, peak %s MB", $2, $4 }') | $(echo "$heap_small" | awk '$1 == "full" { printf "%s MB/s, peak %s MB", $2, $4 }') |
| $SOCKETS sockets | $(echo "$heap_big" | awk '$1 == "states" { printf "%s MB/s, peak %s MB", $2, $4 }') | $(echo "$heap_big" | awk '$1 == "full" { printf "%s MB/s, peak %s MB", $2, $4 }') |
MD
