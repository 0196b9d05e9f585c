#!/usr/bin/env bash
# Issue 16 benchmark: what polling costs the monitored hosts, on REAL OpenSSH, as root.
#   sudo bash benchmarks/run-shell-bench.sh            # 30 hosts, 11 sweeps (10 measured), concurrency 16
#   HOSTS=10 SWEEPS=6 bash benchmarks/run-shell-bench.sh
# HOSTS sshd on 127.0.90.x, each in a private mount namespace whose /etc/passwd copy gives root
# the run's login shell and a temp home (no real user's file is read or changed; every process is
# ended by pid, every file is under one temp dir). Logins: bash whose ~/.bashrc burns ~100 ms of
# CPU (calibrated here), and /bin/sh. Contenders, each on a fresh fleet, in one run:
#   tcpfleet collect, kept connections (one remote shell per connection);
#   the same against keys restricted to command="cat ...": one exec per poll on the kept
#   connection, which is what every kept connection did before the remote shell;
#   tcpfleet collect --connections fresh;  the OpenSSH client fan-out (xargs -P CONC ssh).
# Host CPU per poll: the sshd process trees' CPU (own run time + reaped children) between the end
# of sweep 1 and the end of the last measured sweep. Holds /tmp/tcpfleet-e2e.lock while it runs (LOCK=none:
# not; it uses its own loopback addresses and free ports, the lock only keeps other e2e runs off the CPUs).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-30}
SWEEPS=${SWEEPS:-11}
CONC=${CONC:-16}
RC_MS=${RC_MS:-100}
[ "$(id -u)" = 0 ] || { echo "run as root (sshd, mount namespaces)" >&2; exit 2; }
for t in /usr/sbin/sshd ssh ssh-keygen unshare bash bc; do
    command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }
done
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
ssh-keygen -q -t ed25519 -N '' -C tcpfleet-bench -f "$work/id_ed25519"

# The heavy rc file: a bash busy loop of RC_MS of CPU (like a pyenv initialisation), calibrated.
cpu_of() { bash -c "TIMEFORMAT='%3U %3S'; time { i=0; while [ \$i -lt $1 ]; do i=\$((i+1)); done; }" 2>&1 | awk '{ print $1 + $2 }'; }
probe=200000
iters=$(echo "$probe * $RC_MS / ($(cpu_of $probe) * 1000)" | bc)
echo "rc file: $iters iterations = $(cpu_of "$iters") s of CPU (target $RC_MS ms)"
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1), $(ssh -V 2>&1)"
echo "start: $(date -u +%FT%TZ), uptime:$(uptime)"
lock=()
[ "${LOCK:-/tmp/tcpfleet-e2e.lock}" = none ] || lock=(flock "${LOCK:-/tmp/tcpfleet-e2e.lock}")
"${lock[@]}" java -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.ShellCostBench \
    "$work" "$PWD/tcpfleet" "$HOSTS" "$SWEEPS" "$CONC" "$iters"
echo "end: $(date -u +%FT%TZ), uptime:$(uptime)"
