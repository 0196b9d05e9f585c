#!/usr/bin/env bash
# Issue 14 benchmark: database bytes per host-sample, before (schema 1: a row per port and per
# peer) and after (compact breakdowns beyond a deadband), on H2 and on a real PostgreSQL 15, beside
# Zabbix 6.0's history_uint with the same 13 values per host-sample.
#   bash benchmarks/run-storage-size-bench.sh               # 100 hosts x 24 h at 60 s (144,000 host-samples)
#   HOSTS=1000 HOURS=24 bash benchmarks/run-storage-size-bench.sh
# Needs Debian's postgresql (15) and zabbix-server-pgsql (for history_uint's real DDL). The
# PostgreSQL server runs in a temporary directory as the postgres user and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-100}
HOURS=${HOURS:-24}
INTERVAL=${INTERVAL:-60}
mvn -q -B -o -DskipTests package -pl benchmarks -am >&2 || mvn -q -B -DskipTests package -pl benchmarks -am >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1); run $(date -u +%Y-%m-%dT%H:%MZ)" >&2
java -Xmx2g -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.StorageSizeBench "$work" "$HOSTS" "$HOURS" "$INTERVAL"
