# Sourced by the fleet benchmarks. The simulated fleet (FakeFleetServer) runs in as many JVMs as
# the open-files limit needs (each host takes a listener and a connection in its fleet JVM), on
# loopback addresses 127.1.x.y, and is ended by pid.
#   fleet_start HOSTS SOCKETS PORT JAR WORK   # needs WORK/id_key.pub; writes WORK/hosts, WORK/known_hosts
#   fleet_stop
#   fleet_free_port                            # a port no other fleet on this machine listens on
# FLEET_HEAP (default 2g) is each fleet JVM's -Xmx; KEY_TYPE picks the host key type (ed25519/ecdsa).
# FLEET_BEHAVIOR=FORCED_COMMAND restricts every key to cat (kept connections then exec per poll).
FLEET_PIDS=()
FLEET_FDS=()

fleet_start() {
    local hosts=$1 sockets=$2 port=$3 jar=$4 work=$5
    local per=$(( ($(ulimit -n) - 1000) / 2 ))
    if (( per < 1 )); then echo "open-files limit $(ulimit -n) too low for a fleet" >&2; return 1; fi
    local jvms=$(( (hosts + per - 1) / per ))
    per=$(( (hosts + jvms - 1) / jvms ))
    local i first count fd
    for (( i = 0; i < jvms; i++ )); do
        first=$(( i * per ))
        count=$(( hosts - first < per ? hosts - first : per ))
        mkfifo "$work/fleet$i.in"
        HOST_KEY_TYPE=${KEY_TYPE:-ed25519} FLEET_BEHAVIOR=${FLEET_BEHAVIOR:-NORMAL} java -Xmx"${FLEET_HEAP:-2g}" -cp "$jar" io.tcpfleet.benchmarks.FakeFleetServer \
            "$count" "$sockets" "$port" "$work/id_key.pub" "$work/known_hosts$i" "$work/hosts$i" "$first" \
            < "$work/fleet$i.in" > "$work/fleet$i.out" 2> "$work/fleet$i.err" &
        FLEET_PIDS+=($!)
        exec {fd}> "$work/fleet$i.in" # the fleet serves until its stdin closes
        FLEET_FDS+=("$fd")
    done
    for (( i = 0; i < jvms; i++ )); do
        local t
        for t in $(seq 1 1200); do grep -q ready "$work/fleet$i.out" 2>/dev/null && break; sleep 0.1; done
        grep -q ready "$work/fleet$i.out" || { echo "fleet JVM $i did not start:" >&2; cat "$work/fleet$i.err" >&2; return 1; }
    done
    cat "$work"/known_hosts[0-9]* > "$work/known_hosts"
    cat "$work"/hosts[0-9]* > "$work/hosts"
    FLEET_BYTES=$(cut -d' ' -f2 "$work/fleet0.out")
    echo "fleet: $hosts hosts in $jvms JVM(s), ${KEY_TYPE:-ed25519} keys, $FLEET_BYTES bytes per host" >&2
}

# A TCP port nothing listens on: another fleet may run on this machine (the addresses are shared).
fleet_free_port() {
    local port _
    for _ in $(seq 1 50); do
        port=$(shuf -i 20000-29999 -n 1)
        [ -z "$(ss -Htln "sport = :$port")" ] && { echo "$port"; return; }
    done
    echo "no free port found" >&2
    return 1
}

fleet_stop() {
    local fd pid
    for fd in "${FLEET_FDS[@]}"; do exec {fd}>&- 2>/dev/null || true; done
    for pid in "${FLEET_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${FLEET_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    FLEET_FDS=()
    FLEET_PIDS=()
}

# Resident MB of the fleet JVMs, summed.
fleet_rss_mb() {
    local pid kb=0
    for pid in "${FLEET_PIDS[@]}"; do
        kb=$(( kb + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0) ))
    done
    echo $(( kb / 1024 ))
}
