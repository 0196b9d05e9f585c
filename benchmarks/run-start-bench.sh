#!/usr/bin/env bash
# Issue 13 benchmark: start time of one-shot commands, as ratios to `java -version` measured in
# the same hyperfine run (goals: --version <= 3x, get against a running daemon <= 4x,
# poll --local <= 6x). Each row also runs without the AppCDS archive (TCPFLEET_JAVA_OPTS = the
# launcher's flags minus the archive) to show what the archive buys.
#   bash benchmarks/run-start-bench.sh            # 30 runs per command
#   RUNS=50 bash benchmarks/run-start-bench.sh
#   BASELINE=/path/to/older/checkout bash benchmarks/run-start-bench.sh   # its ./tcpfleet too
#     (built there with mvn -q -DskipTests package; its get opens the database)
#   BASELINE_REF=07a9d0b bash benchmarks/run-start-bench.sh   # clones this repository at that
#     commit into a temp dir and builds it there (offline), as BASELINE
# The machine may be shared: the load average before and after is printed with the table, and the
# number of sockets a local poll reads (its parse is part of the time).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-30}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
# the jar, and the launcher's CDS archive (written by the dist module's build)
mvn -q -B -o -DskipTests package -pl dist -am >&2 || mvn -q -B -DskipTests package -pl dist -am >&2
[ -s cli/target/tcpfleet.jsa ] || { echo "no cli/target/tcpfleet.jsa" >&2; exit 1; }

work=$(mktemp -d)
daemon=
if [ -n "${BASELINE_REF:-}" ]; then
    git clone -q --no-local . "$work/base" && git -C "$work/base" checkout -q "$BASELINE_REF"
    (cd "$work/base" && { mvn -q -B -o -DskipTests package -pl dist -am >&2 || mvn -q -B -DskipTests package -pl dist -am >&2; })
    BASELINE="$work/base"
fi
cleanup() {
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# get: a daemon polling this machine (an inventory host with ansible_connection=local), which
# it serves from memory.
export TCPFLEET_HOME="$work/daemon-home"
host=me
printf '[all]\n%s ansible_connection=local\n' "$host" >"$work/hosts.ini"
./tcpfleet collect -i "$work/hosts.ini" --listen 127.0.0.1:0 --interval 1h 2>"$work/collect.log" &
daemon=$!
for _ in $(seq 1 300); do grep -q 'sweep: 1/1 ok' "$work/collect.log" && grep -q '^api=' "$TCPFLEET_HOME/collect.properties" 2>/dev/null && break; sleep 0.1; done
grep -q '^api=' "$TCPFLEET_HOME/collect.properties" || { cat "$work/collect.log" >&2; exit 1; }
[ "$(./tcpfleet get "$host" TOTAL)" -ge 0 ]

# poll --local: its own data directory without a daemon (the embedded database, as on a laptop).
poll_home="$work/poll-home"
TCPFLEET_HOME="$poll_home" ./tcpfleet poll --local -q >/dev/null # created once, as after the first run

nocds="-XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"
baseline=()
if [ -n "${BASELINE:-}" ]; then
    base_home="$work/base-home"
    TCPFLEET_HOME="$base_home" "$BASELINE/tcpfleet" poll --local -q >/dev/null
    baseline=(-n 'baseline: tcpfleet --version' "$BASELINE/tcpfleet --version"
        -n 'baseline: tcpfleet get HOST TOTAL' "env TCPFLEET_HOME=$TCPFLEET_HOME $BASELINE/tcpfleet get $host TOTAL"
        -n 'baseline: tcpfleet poll --local' "env TCPFLEET_HOME=$base_home $BASELINE/tcpfleet poll --local -q"
        -n 'baseline: tcpfleet poll --local --no-store' "$BASELINE/tcpfleet poll --local --no-store -q")
fi
echo "sockets a local poll reads: $(($(cat /proc/net/tcp /proc/net/tcp6 | wc -l) - 2))"
echo "load before: $(uptime)"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/start.json" \
    -n 'java -version' 'java -version' \
    -n 'tcpfleet --version' './tcpfleet --version' \
    -n 'tcpfleet --version (no CDS)' "env TCPFLEET_JAVA_OPTS='$nocds' ./tcpfleet --version" \
    -n 'tcpfleet get HOST TOTAL (daemon API)' "./tcpfleet get $host TOTAL" \
    -n 'tcpfleet get HOST TOTAL (daemon API, no CDS)' "env TCPFLEET_JAVA_OPTS='$nocds' ./tcpfleet get $host TOTAL" \
    -n 'tcpfleet get HOST TOTAL (database via the daemon, --db)' "./tcpfleet get $host TOTAL --db $(sed -n 's/^jdbc_url=//p' "$TCPFLEET_HOME/collect.properties" | sed 's/\\//g')" \
    -n 'tcpfleet poll --local' "env TCPFLEET_HOME=$poll_home ./tcpfleet poll --local -q" \
    -n 'tcpfleet poll --local (no CDS)' "env TCPFLEET_HOME=$poll_home TCPFLEET_JAVA_OPTS='$nocds' ./tcpfleet poll --local -q" \
    -n 'tcpfleet poll --local --no-store' "./tcpfleet poll --local --no-store -q" \
    "${baseline[@]}" \
    >"$work/hyperfine.out" 2>&1 || { cat "$work/hyperfine.out" >&2; exit 1; }
echo "load after:  $(uptime)"
python3 - "$work/start.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
goal = {"tcpfleet --version": 3, "tcpfleet get HOST TOTAL (daemon API)": 4, "tcpfleet poll --local": 6}
print(f"| command | mean ms | ± ms | user ms | sys ms | x java -version | goal |")
print(f"|---|---:|---:|---:|---:|---:|---|")
for x in r:
    g = goal.get(x["command"])
    print(f"| {x['command']} | {x['mean']*1000:.0f} | {x['stddev']*1000:.0f} | {x['user']*1000:.0f} | {x['system']*1000:.0f} "
          f"| {x['mean']/base:.1f} | {'<= %dx' % g if g else ''} |")
PY
