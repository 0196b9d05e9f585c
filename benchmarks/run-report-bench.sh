#!/usr/bin/env bash
# Issues 6 and 12 benchmark: report and diagnose over a fleet's stored history, JVM start included,
# on H2 (the default embedded file) and on PostgreSQL 15 (a server this script starts: initdb into
# a temporary directory, run as the postgres user, stopped and removed at the end).
#   bash benchmarks/run-report-bench.sh                             # 10,000 hosts x 1 day of 60 s samples, both engines
#   HOSTS=1000 DAYS=7 ENGINES=h2 bash benchmarks/run-report-bench.sh # issue 6's week
#   BASE=7678861 bash benchmarks/run-report-bench.sh                 # also times that commit's build on the same data
#   EXTRA="diagnose --all --since 24h,report --html /tmp/r.html" ...  # more commands (24 h of 10,000 hosts needs a big heap)
# The data (BulkHistoryLoader: first and last sweep through SampleStore, the rest in bulk) is kept
# for H2 in benchmarks/data/history-HOSTS-DAYS and made again for PostgreSQL at every run. BASE is
# exported with git archive into benchmarks/data/base-REV and built there once (cli and its modules).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-10000}
DAYS=${DAYS:-1}
ENGINES=${ENGINES:-h2 postgresql}
DATA=${DATA:-benchmarks/data/history-$HOSTS-$DAYS}
REPEAT=${REPEAT:-3}
BASE=${BASE:-}
BUILD=${BUILD:-1} # BUILD=0: use the jars as built (another build in this checkout must not rewrite them meanwhile)
source benchmarks/pg-lib.sh
if [ "$BUILD" = 1 ]; then
    mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
fi
base_dir=
if [ -n "$BASE" ]; then
    base_dir=benchmarks/data/base-$(git rev-parse --short "$BASE")
    if [ ! -f "$base_dir/cli/target/tcpfleet.jar" ]; then
        rm -rf "$base_dir" && mkdir -p "$base_dir"
        git archive "$BASE" | tar -x -C "$base_dir"
        (cd "$base_dir" && mvn -q -B -o -DskipTests package -pl cli -am >&2)
    fi
fi
errors=$(mktemp)
trap 'pg_stop; rm -f "$errors"' EXIT
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1); run $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load before: $(uptime | sed 's/.*load average: //')"
export TIMEFORMAT="%R %U %S" # wall, user and system CPU: on a loaded machine CPU is the steadier figure
generate() { # JDBC_URL
    local t0=$SECONDS
    java -Xmx1g -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.BulkHistoryLoader "$1" "$HOSTS" "$DAYS" 60 >&2
    echo "generated $HOSTS hosts x $DAYS days of 60 s samples in $((SECONDS - t0)) s (bulk load; first and last sweep through SampleStore)"
}
median() { # "wall user sys" lines -> "wall (CPU cpu)" of the run of median wall
    sort -n | sed -n "$(( (REPEAT + 1) / 2 ))p" | awk '{ printf "%.2f (CPU %.2f)", $1, $2 + $3 }'
}
time_cmd() { # LAUNCHER ARGS...: median wall of REPEAT runs, with that run's CPU time
    local launcher=$1; shift
    local times=() out
    for ((i = 0; i < REPEAT; i++)); do
        # diagnose exits 3 when it finds something: not a failure of the benchmark
        out=$( { time "$launcher" "$@" > /dev/null 2>&1 || true; } 2>&1 )
        times+=("$out")
    done
    printf '%s\n' "${times[@]}" | median
}
check() { # LAUNCHER ARGS...: the command must work at all (exit 0 or 3), else its time means nothing
    local launcher=$1; shift
    local rc=0
    "$launcher" "$@" > /dev/null 2> "$errors" || rc=$?
    if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
        echo "FAILED ($rc): $launcher $*: $(tail -n 3 "$errors")" >&2
        return 1
    fi
}
bench() { # ENGINE DB_ARGS...: one table
    local engine=$1; shift
    local -a cmds=(
        "report"
        "report --sort TIME_WAIT --change 1h --top 20"
        "report --by peer --sort TIME_WAIT"
        "diagnose --all"
    )
    # shellcheck disable=SC2206 # EXTRA's commands are separated by commas, their words by spaces
    [ -n "${EXTRA:-}" ] && IFS=, read -r -a extra <<< "$EXTRA" && cmds+=("${extra[@]}")
    echo
    echo "$engine, $HOSTS hosts x $DAYS day(s); load before the table: $(uptime | sed 's/.*load average: //')"
    echo
    if [ -n "$base_dir" ]; then
        echo "| command (JVM start included) | median wall (CPU) s | baseline $(git rev-parse --short "$BASE"): wall (CPU) s |"
        echo "|---|---|---|"
    else
        echo "| command (JVM start included) | median wall (CPU) s |"
        echo "|---|---|"
    fi
    local c b a
    for c in "${cmds[@]}"; do
        # shellcheck disable=SC2086 # the command's words split on purpose
        if [ -n "$base_dir" ]; then
            # the baseline first: this branch may upgrade the schema, which an older build then refuses
            b=$(check "$base_dir/tcpfleet" $c "$@" && time_cmd "$base_dir/tcpfleet" $c "$@" || echo failed)
        fi
        # shellcheck disable=SC2086
        a=$(check ./tcpfleet $c "$@" && time_cmd ./tcpfleet $c "$@" || echo failed)
        if [ -n "$base_dir" ]; then
            printf '| `tcpfleet %s` | %s | %s |\n' "$c" "$a" "$b"
        else
            printf '| `tcpfleet %s` | %s |\n' "$c" "$a"
        fi
    done
    echo
    echo "load after: $(uptime | sed 's/.*load average: //')"
}
for engine in $ENGINES; do
    case "$engine" in
    h2)
        if [ ! -f "$DATA/tcpfleet.mv.db" ]; then
            generate "jdbc:h2:file:$(realpath -m "$DATA")/tcpfleet"
        fi
        echo "H2 database: $DATA, $(du -sh "$DATA" | cut -f1)"
        TCPFLEET_HOME=$(realpath "$DATA") bench H2
        ;;
    postgresql)
        pg_start
        echo "PostgreSQL settings: $(pg_settings | tr '\n' ' ')"
        url=$(pg_createdb fleet)
        generate "$url"
        echo "PostgreSQL database: $(pg_psql fleet "SELECT pg_size_pretty(pg_database_size('fleet'))"), $(pg_psql fleet "SELECT count(*) FROM sample") samples"
        bench PostgreSQL --db "$url"
        pg_stop
        ;;
    *) echo "unknown engine $engine (h2, postgresql)" >&2; exit 2 ;;
    esac
done
