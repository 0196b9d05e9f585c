#!/usr/bin/env bash
# Issue 4 benchmark on REAL OpenSSH: N sshd hosts in network namespaces (default 30), as root.
#   sudo bash benchmarks/run-netns-bench.sh
# Measures, in one run:
#   1. one `tcpfleet poll` sweep, JVM start included, against the classic fan-out
#      `xargs -P 16 ssh HOST 'cat /proc/net/tcp /proc/net/tcp6'` (wall and client CPU);
#   2. `tcpfleet collect` sweeps with kept connections (the sweep duration it logs);
#   3. one host's time per poll, persistent vs fresh connection.
# The hosts are testkit's netns lab (on a 10.213.X.0/24 no other lab uses); it is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-30}
CONC=${CONC:-16}
REPEAT=${REPEAT:-3}
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 2; }
for t in ip /usr/sbin/sshd ssh ssh-keygen; do command -v "$t" >/dev/null || { echo "needs $t" >&2; exit 2; }; done
mvn -q -B -o -DskipTests package >&2 || mvn -q -B -DskipTests package >&2
source testkit/netns-lab.bash

work=$(mktemp -d)
chmod 755 "$work"
# A monitoring user as a real fleet would have: /bin/sh, no rc files. (root's shell here sources a
# ~/.bashrc that takes ~100 ms per command, which would time the rc file, not SSH.)
USER_NAME=${BENCH_USER:-tcpfbench}
created_user=
if ! id "$USER_NAME" >/dev/null 2>&1; then
    # password "*": no password login, but not "locked" (sshd without PAM refuses locked accounts)
    useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh -p "*" "$USER_NAME"
    created_user=1
fi
cleanup() {
    lab_down
    [ -n "$created_user" ] && userdel "$USER_NAME" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

lab_up "$work" "$N"
lab sshd all
for h in "${LAB_HOST[@]}"; do echo "$USER_NAME@$h"; done > "$work/hosts"
printf '%s\n' "${LAB_HOST[@]}" > "$work/addresses"

export TIMEFORMAT="%R %U %S"
opts=(--known-hosts "$LAB_KNOWN_HOSTS" --identity "$LAB_KEY" --ssh-config none --concurrency "$CONC")
ssh_opts=(-i "$LAB_KEY" -o UserKnownHostsFile="$LAB_KNOWN_HOSTS" -o StrictHostKeyChecking=yes -o BatchMode=yes
          -o LogLevel=ERROR -o ControlMaster=no -o ControlPath=none)
row() { printf '| %s | %s | %.2f | %.0f |\n' "$1" "$2" "$3" "$(echo "($4+$5)*1000/$N" | bc)"; }
echo "| run | hosts | wall (s) | client CPU per host (ms) |"
echo "|---|---|---|---|"
for r in $(seq 1 "$REPEAT"); do
    t=$( { time ./tcpfleet poll -i "$work/hosts" "${opts[@]}" --db "jdbc:h2:file:$work/db" --format csv \
            > "$work/poll.csv" 2> "$work/poll.err"; } 2>&1 ) || true
    read -r w u s <<< "$t"
    row "tcpfleet poll (JVM start included) #$r" "$(grep -c ',OK,' "$work/poll.csv")/$N" "$w" "$u" "$s"
    t=$( { time xargs -P "$CONC" -I{} ssh "${ssh_opts[@]}" "$USER_NAME@{}" 'cat /proc/net/tcp /proc/net/tcp6' \
            < "$work/addresses" > "$work/ssh.out" 2> "$work/ssh.err"; } 2>&1 ) || true
    read -r w u s <<< "$t"
    row "xargs -P $CONC ssh fan-out #$r" "$(grep -c '^  sl  local_address rem_address' "$work/ssh.out")/$N" "$w" "$u" "$s"
done

# collect with kept connections: the first sweep logs in, the next ones reuse the logins.
TCPFLEET_HOME="$work/home" ./tcpfleet collect -i "$work/hosts" "${opts[@]}" --interval 2s --sweeps 5 \
    2> "$work/collect.err" || true
echo
echo "collect sweeps (sweep 1 logs in; later sweeps use kept connections):"
grep -o 'sweep: .*' "$work/collect.err" | sed 's/^/    /'

# one host, per poll: persistent vs fresh (collect logs each sweep of that one host)
echo
echo "one host, time per poll (median of sweeps 2-10):"
for mode in persistent fresh; do
    rm -rf "$work/home1"
    TCPFLEET_HOME="$work/home1" ./tcpfleet collect "$USER_NAME@${LAB_HOST[0]}" "${opts[@]}" --connections "$mode" \
        --interval 1s --sweeps 10 2> "$work/one.err" || true
    # "sweep: 1/1 ok, 19ms": a poll of one host takes well under a second
    med=$(grep -o 'ok, [0-9]*ms' "$work/one.err" | awk 'NR > 1 { print $2 + 0 }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "    $mode: $med ms"
done
