#!/usr/bin/env bash
# Issue 14 soak: the real `tcpfleet collect` over a simulated fleet with kept connections, measured
# every SAMPLE seconds for DURATION: threads, open fds, heap after a full GC, RSS, database size
# and collector CPU per host-poll; then the first sample against the last, and where the RSS goes
# (NMT: -XX:NativeMemoryTracking=summary, `jcmd PID VM.native_memory summary`).
#   bash benchmarks/run-soak.sh                      # 1000 hosts, 30 minutes, a sample every 30 s
#   DURATION=3m bash benchmarks/run-soak.sh          # a short proof run
#   MALLOC_ARENA_MAX=2 DURATION=3m bash benchmarks/run-soak.sh   # glibc malloc arenas capped, as the systemd unit does
#   SOAK_OUT=DIR ...                                 # keep every sample, NMT, smaps and the log in DIR
# The fleet is the testkit's Apache MINA SSHD (FakeFleetServer) in its own JVM on 1,000 loopback
# addresses (127.1.x.y); the collector runs with the systemd unit's JVM flags (SerialGC,
# -Xmx768m) plus NMT, through the repository's launcher. Every sample forces a full GC in the
# collector (jcmd GC.run) to read the live heap; the CPU that GC costs is measured apart and left
# out of the CPU per host-poll. Run it on a quiet machine: the fleet shares the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-1000}
SOCKETS=${SOCKETS:-500}
DURATION=${DURATION:-30m}
SAMPLE=${SAMPLE:-30}
INTERVAL=${INTERVAL:-30s}
CONC=${CONC:-32}
PORT=${PORT:-}                 # default: free ones (another fleet may run on this machine)
API_PORT=${API_PORT:-}
HEAP=${HEAP:-768m}
seconds() { case $1 in *h) echo $(( ${1%h} * 3600 )) ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }
total=$(seconds "$DURATION")
command -v jcmd >/dev/null || { echo "needs jcmd (the JDK)" >&2; exit 2; }
source benchmarks/fleet-lib.sh
[ -n "$PORT" ] || PORT=$(fleet_free_port)
[ -n "$API_PORT" ] || API_PORT=$(fleet_free_port)
mvn -q -B -o -DskipTests -pl cli,benchmarks -am package >&2 || mvn -q -B -DskipTests -pl cli,benchmarks -am package >&2
work=$(mktemp -d)
server_pid=
collect_pid=
cleanup() {
    [ -n "$collect_pid" ] && kill "$collect_pid" 2>/dev/null && wait "$collect_pid" 2>/dev/null || true
    exec 3>&- 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -C tcpfleet-soak -f "$work/id_key"
mkfifo "$work/in"
HOST_KEY_TYPE=ed25519 java -Xmx2g -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.FakeFleetServer "$HOSTS" "$SOCKETS" \
    "$PORT" "$work/id_key.pub" "$work/known_hosts" "$work/hosts" < "$work/in" > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
exec 3> "$work/in"
for _ in $(seq 1 600); do grep -q ready "$work/server.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/server.out" || { cat "$work/server.err" >&2; exit 1; }

echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1); $(uptime)" >&2
echo "fleet: $HOSTS hosts, $(cut -d' ' -f2- "$work/server.out"); collect every $INTERVAL, concurrency $CONC," \
     "-Xmx$HEAP, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}; $DURATION, a sample every ${SAMPLE}s" >&2
TCPFLEET_HOME="$work/home" TCPFLEET_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -Xmx$HEAP -XX:NativeMemoryTracking=summary" \
    ./tcpfleet collect -i "$work/hosts" --known-hosts "$work/known_hosts" --identity "$work/id_key" --ssh-config none \
    --interval "$INTERVAL" --concurrency "$CONC" --max-kept "$HOSTS" --listen "127.0.0.1:$API_PORT" 2> "$work/collect.err" &
collect_pid=$!   # the launcher execs java: this is the collector's JVM
tck=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$collect_pid/stat"; }
polls() { curl -s "127.0.0.1:$API_PORT/metrics" | awk '$1 == "tcpfleet_polls_total" { print $2 }'; }
status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$collect_pid/status"; }
# live heap: a full GC, then what the generations hold (SerialGC: def new + tenured)
heap_after_gc_kb() {
    jcmd "$collect_pid" GC.run > /dev/null
    jcmd "$collect_pid" GC.heap_info | awk '/generation|garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K.*/, "", $(i + 1)); s += $(i + 1) } } END { print s }'
}

# wait for the API and the first full sweep (every host polled once: the logins are done)
for _ in $(seq 1 600); do [ "$(polls 2>/dev/null || echo 0)" -ge "$HOSTS" ] 2>/dev/null && break; sleep 0.5; done
results=$work/samples
start=$(date +%s)
prev_cpu=$(cpu_ticks)
prev_polls=$(polls)
gc_ticks=0
while :; do
    sleep "$SAMPLE"
    kill -0 "$collect_pid" 2>/dev/null || { echo "collect died:" >&2; tail -20 "$work/collect.err" >&2; exit 1; }
    now_cpu=$(cpu_ticks)
    now_polls=$(polls)
    heap=$(heap_after_gc_kb)
    after_gc=$(cpu_ticks)
    gc_ticks=$(( gc_ticks + after_gc - now_cpu ))
    t=$(( $(date +%s) - start ))
    if (( now_polls > prev_polls )); then
        printf 't=%d threads=%d fds=%d heap_after_gc_mb=%.0f rss_mb=%.0f db_mb=%.1f polls=%d cpu_per_poll_ms=%.2f forced_gc_ms=%d load1=%s\n' \
            "$t" "$(status Threads)" "$(ls "/proc/$collect_pid/fd" | wc -l)" "$(echo "$heap/1024" | bc -l)" \
            "$(echo "$(status VmRSS)/1024" | bc -l)" "$(echo "$(stat -c %s "$work/home/tcpfleet.mv.db")/1048576" | bc -l)" \
            "$now_polls" "$(echo "($now_cpu - $prev_cpu) * 1000 / $tck / ($now_polls - $prev_polls)" | bc -l)" \
            "$(( (after_gc - now_cpu) * 1000 / tck ))" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$results"
    else
        echo "t=$t: no poll finished since the last sample" | tee -a "$results" >&2
    fi
    prev_cpu=$after_gc
    prev_polls=$now_polls
    [ "$t" -ge "$total" ] && break
done

jcmd "$collect_pid" VM.native_memory summary > "$work/nmt.txt"
cp "/proc/$collect_pid/smaps" "$work/smaps"
jcmd "$collect_pid" GC.heap_info > "$work/heap_info.txt"
rss_kb=$(status VmRSS)
rss_split="RssAnon $(( $(status RssAnon) / 1024 )) MB, RssFile $(( $(status RssFile) / 1024 )) MB (libjvm.so, the CDS archive, jars: mapped files, not in NMT)"
grep -q 'sweep: ' "$work/collect.err" && echo "collector's last sweep: $(grep -o 'sweep: .*' "$work/collect.err" | tail -n 1)" >&2
grep -E ' (ERROR|WARN) ' "$work/collect.err" | sort | uniq -c | sort -rn | head -5 >&2 || true

echo
echo "| t (s) | threads | fds | heap after GC (MB) | RSS (MB) | database (MB) | CPU per host-poll (ms) | load (1 min) |"
echo "|---|---|---|---|---|---|---|---|"
grep 'threads=' "$results" | sed -n '1p;$p' | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", v["t"], v["threads"], v["fds"], v["heap_after_gc_mb"], v["rss_mb"],
           v["db_mb"], v["cpu_per_poll_ms"], v["load1"] }'
echo
echo "Native memory at the end (NMT committed, MB; RSS $(( rss_kb / 1024 )) MB: $rss_split; $(uptime)):"
echo "| category | committed (MB) |"
echo "|---|---|"
# "-                 Java Heap (reserved=786432KB, committed=786432KB)" and "Total: reserved=..., committed=..."
awk '/^Total:/ { match($0, /committed=[0-9]+KB/); c = substr($0, RSTART + 10, RLENGTH - 12); total = c }
     /^-/ { name = $0; sub(/^- +/, "", name); sub(/ \(.*/, "", name); match($0, /committed=[0-9]+KB/);
            c = substr($0, RSTART + 10, RLENGTH - 12); if (c >= 1024) printf "| %s | %.0f |\n", name, c / 1024 }
     END { printf "| **NMT total** | **%.0f** |\n", total / 1024 }' "$work/nmt.txt"
awk -v rss="$rss_kb" '/^Total:/ { match($0, /committed=[0-9]+KB/); c = substr($0, RSTART + 10, RLENGTH - 12);
     printf "| RSS - NMT committed (untracked: malloc arenas'"'"' free space, NMT itself not counted twice) | %.0f |\n", (rss - c) / 1024 }' "$work/nmt.txt"
awk '/Thread \(reserved/ { getline; print "threads: " $0 }' "$work/nmt.txt" | sed 's/  */ /g' >&2
# Where the RSS is, from the mappings (/proc/PID/smaps): the Java heap's range (GC.heap_info), glibc malloc's arenas
# (a secondary arena's heap is a 64 MiB reservation aligned to 64 MiB: its used part, then PROT_NONE; the main arena is [heap]; System.native_heap_info is
# not in JDK 17), mapped files, and the rest; beside it what NMT says the JVM malloc'ed (it cannot see the arenas' slack).
echo
python3 - "$work/smaps" "$work/nmt.txt" "$work/heap_info.txt" <<'PY'
import re, sys
maps, cur = [], None
for line in open(sys.argv[1]):
    f = line.split()
    if re.match(r'^[0-9a-f]+-[0-9a-f]+$', f[0]):
        s, e = (int(x, 16) for x in f[0].split('-'))
        cur = [s, e, f[1], f[5] if len(f) > 5 else '', 0]
        maps.append(cur)
    elif f[0] == 'Rss:':
        cur[4] = int(f[1])
nmt = open(sys.argv[2]).read()
malloc_kb = sum(int(x) for x in re.findall(r'\(malloc=(\d+)KB', nmt)) + sum(int(x) for x in re.findall(r'tracking overhead=(\d+)KB', nmt))
committed = {m.group(1).strip(): int(m.group(2)) for m in re.finditer(r'^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB', nmt, re.M)}
addrs = [int(x, 16) for x in re.findall(r'0x([0-9a-f]+)', open(sys.argv[3]).read())]
hs, he = min(addrs), max(addrs)   # the heap's reserved range: young generation start to tenured's reserved end
M = 64 << 20
heap = arenas = nheaps = files = other = 0
i = 0
while i < len(maps):
    s, e, perms, path, r = maps[i]
    if s < he and e > hs:
        heap += r
    elif path == '[heap]':
        arenas += r
    elif path and not path.startswith('['):
        files += r
    elif not path and s % M == 0 and perms.startswith('rw') and (e - s == M or (
            i + 1 < len(maps) and maps[i + 1][0] == e and not maps[i + 1][3]
            and maps[i + 1][2].startswith('---') and maps[i + 1][1] - s == M)):
        arenas, nheaps = arenas + r, nheaps + 1   # an arena heap: its used part, then PROT_NONE up to 64 MiB
    else:
        other += r
    i += 1
total = heap + arenas + files + other
mb = lambda kb: f"{kb / 1024:.0f}"
print("| resident memory of the collector (smaps) | MB |")
print("|---|---|")
print(f"| Java heap (committed {mb(committed.get('Java Heap', 0))}) | {mb(heap)} |")
print(f"| glibc malloc arenas: main + {nheaps} arena heaps of 64 MiB (NMT counts {mb(malloc_kb)} MB malloc'ed by the JVM) | {mb(arenas)} |")
print(f"| other anonymous: code cache {mb(committed.get('Code', 0))}, metaspace and class space {mb(committed.get('Metaspace', 0) + committed.get('Class', 0))},"
      f" thread stacks {mb(committed.get('Thread', 0))}, GC {mb(committed.get('GC', 0))} (NMT committed) | {mb(other)} |")
print(f"| mapped files: libjvm.so, the CDS archive ({mb(committed.get('Shared class space', 0))} MB committed), jars | {mb(files)} |")
print(f"| **RSS** | **{mb(total)}** |")
PY
if [ -n "${SOAK_OUT:-}" ]; then   # keep the raw files: every sample, NMT, malloc_info, the collector's log
    mkdir -p "$SOAK_OUT" && cp "$results" "$work/nmt.txt" "$work/smaps" "$work/heap_info.txt" "$work/collect.err" "$SOAK_OUT"/
fi
