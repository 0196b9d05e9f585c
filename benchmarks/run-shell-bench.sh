#!/usr/bin/env bash
# Issue 16 benchmark: what polling costs the monitored hosts, on REAL OpenSSH, as root.
#   sudo bash benchmarks/run-shell-bench.sh            # 30 hosts, 11 sweeps (10 measured), concurrency 16
#   HOSTS=10 SWEEPS=6 bash benchmarks/run-shell-bench.sh
#   EHASH=1024 bash benchmarks/run-shell-bench.sh      # hosts with their own small TCP table (Linux >= 6.1)
# HOSTS sshd on 127.0.90.x, each in a private mount namespace whose /etc/passwd copy gives root
# the run's login shell and a temp home (no real user's file is read or changed; every process is
# ended by pid, every file is under one temp dir). Logins: bash whose ~/.bashrc burns ~100 ms of
# CPU (calibrated here), and /bin/sh. Contenders, each on a fresh fleet, in one run:
#   tcpfleet collect, kept connections (one remote shell per connection);
#   the same against keys restricted to command="cat ...": one exec per poll on the kept
#   connection, which is what every kept connection did before the remote shell;
#   tcpfleet collect --connections fresh;  the OpenSSH client fan-out (xargs -P CONC ssh).
# Host CPU per poll: the sshd process trees' CPU (own run time + reaped children) between the end
# of sweep 1 and the end of the last measured sweep. Reading /proc/net/tcp walks the whole TCP hash
# table (net.ipv4.tcp_ehash_entries, sized by RAM), which loopback hosts share with this machine: the
# default is what a real host of that size pays. With EHASH, the bench runs in a network namespace of
# its own (tcpfleet-shellbench-PID) whose net.ipv4.tcp_child_ehash_entries is EHASH, and each sshd in
# a namespace created from there (testkit's NetnsLab, reached over its bridge), whose table then has
# EHASH buckets: the transport's own cost, without a big table's walk. This machine's sysctls are
# not written; the namespace is removed at exit. Holds /tmp/tcpfleet-e2e.lock while it runs (LOCK=none:
# not; it uses its own loopback addresses and free ports, the lock only keeps other e2e runs off the CPUs).
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-30}
SWEEPS=${SWEEPS:-11}
CONC=${CONC:-16}
RC_MS=${RC_MS:-100}
[ "$(id -u)" = 0 ] || { echo "run as root (sshd, mount namespaces)" >&2; exit 2; }
EHASH=${EHASH:-0}
[[ $EHASH =~ ^[0-9]+$ ]] || { echo "EHASH: a number of buckets, e.g. 1024" >&2; exit 2; }
for t in /usr/sbin/sshd ssh ssh-keygen unshare bash bc ip nsenter sysctl; do
    command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }
done
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
work=$(mktemp -d)
outer=
cleanup() {
    [ -z "$outer" ] || ip netns del "$outer"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
inside=()
if [ "$EHASH" != 0 ]; then
    outer=tcpfleet-shellbench-$$
    ip netns add "$outer"
    ip -n "$outer" link set lo up
    # only in that namespace: the tables of the namespaces created from it get EHASH buckets
    nsenter --net="/run/netns/$outer" sysctl -q -w net.ipv4.tcp_child_ehash_entries="$EHASH"
    inside=(nsenter --net="/run/netns/$outer")
fi
chmod 755 "$work"
ssh-keygen -q -t ed25519 -N '' -C tcpfleet-bench -f "$work/id_ed25519"

# The heavy rc file: a bash busy loop of RC_MS of CPU (like a pyenv initialisation), calibrated.
cpu_of() { bash -c "TIMEFORMAT='%3U %3S'; time { i=0; while [ \$i -lt $1 ]; do i=\$((i+1)); done; }" 2>&1 | awk '{ print $1 + $2 }'; }
probe=200000
iters=$(echo "$probe * $RC_MS / ($(cpu_of $probe) * 1000)" | bc)
echo "rc file: $iters iterations = $(cpu_of "$iters") s of CPU (target $RC_MS ms)"
echo "machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -n 1), $(ssh -V 2>&1), its net.ipv4.tcp_ehash_entries=$(sysctl -n net.ipv4.tcp_ehash_entries)"
echo "start: $(date -u +%FT%TZ), uptime:$(uptime)"
lock=()
[ "${LOCK:-/tmp/tcpfleet-e2e.lock}" = none ] || lock=(flock "${LOCK:-/tmp/tcpfleet-e2e.lock}")
"${lock[@]}" "${inside[@]}" java -cp benchmarks/target/benchmarks.jar io.tcpfleet.benchmarks.ShellCostBench \
    "$work" "$PWD/tcpfleet" "$HOSTS" "$SWEEPS" "$CONC" "$iters" "$EHASH"
echo "end: $(date -u +%FT%TZ), uptime:$(uptime)"
