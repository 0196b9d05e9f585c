#!/usr/bin/env python3
"""Holds real TCP sockets in known states inside a network namespace of the netns lab
(io.tcpfleet.testkit.NetnsLab), for the end-to-end tests and the dump capture. One role per process:

  peer                     in the peer namespace: the listeners hosts connect to (below)
  host PEER N              in host N: LISTEN 8080 (and 8081 for odd N), N+1 ESTABLISHED and 2
                           CLOSE_WAIT toward PEER, N+2 TIME_WAIT toward PEER:5433 — every host differs
  leaky PEER N             a server on 8080 that never closes what it accepts (a CLOSE_WAIT leak once
                           clients go away), and N short connections to PEER:5433 that this side
                           closes first (a TIME_WAIT storm toward one peer)
  clients HOST N           N clients that connect to HOST:8080 and go away (then exits)
  listeners PORT...        LISTEN on each PORT, nothing more (ports tcpfleet's discovery filters skip)
  time-wait PEER N PORT    N short connections to PEER:PORT (5433 or 5437) that this side closes
                           first: a TIME_WAIT pile toward one remote service (60 s)
  mixed-peer               the peer's listeners, and nftables drops in the peer namespace that hold
                           mixed-host's SYN_SENT, SYN_RECV, FIN_WAIT1 and LAST_ACK (see DROPS)
  mixed-host PEER PEER6    a host in ten states, over IPv4 and IPv6 (capture-dumps.sh's netns-mixed)
  mixed-clients HOST HOST6 from the peer: mixed-host's inbound connections, SYN_RECV among them

The peer's listeners, and what each makes of a host's connection to it:
  5432 (IPv4 and IPv6) held open: ESTABLISHED     5433, 5437 close after the host: host TIME_WAIT
  5434 never closes: FIN_WAIT2 once the host shuts its side
  5435 held open (mixed-peer drops the FINs to it: host FIN_WAIT1)
  5436 closes at once: host CLOSE_WAIT

Prints 'ready' once its sockets are in their states, then holds them until stdin closes (at most
600 s). How each state is held: DESIGN.md section 7.
"""
import socket, subprocess, sys, threading, time

# What mixed-peer drops at the peer: SYNs to 5999 (host SYN_SENT), SYN+ACKs from host port 6060
# (host SYN_RECV), FINs from host port 8181 (host LAST_ACK) and FINs to port 5435 (host FIN_WAIT1).
DROPS = """
table inet tcpfleet_mixed {
    chain input {
        type filter hook input priority 0; policy accept;
        tcp dport 5999 tcp flags & syn == syn drop
        tcp sport 6060 tcp flags & (syn | ack) == (syn | ack) drop
        tcp sport 8181 tcp flags & fin == fin drop
        tcp dport 5435 tcp flags & fin == fin drop
    }
}
"""
held = []

def listen(addr, port, family=socket.AF_INET, backlog=64, v6only=None, accept=True, on_accept=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1 if v6only else 0)
    s.bind((addr, port))
    s.listen(backlog)
    held.append(s)
    if accept:
        def loop():
            while True:
                c, _ = s.accept()
                held.append(c)
                if on_accept:
                    threading.Thread(target=on_accept, args=(c,), daemon=True).start()
        threading.Thread(target=loop, daemon=True).start()

def connect(addr, port, family=socket.AF_INET):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.settimeout(5)
    c.connect((addr, port))
    held.append(c)
    return c

def connect_unanswered(addr, port, syncnt=None):
    """A connect whose handshake never completes: its SYN or the SYN+ACK is dropped."""
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if syncnt:
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, syncnt)
    c.setblocking(False)
    c.connect_ex((addr, port))
    held.append(c)

def close_after_eof(c):
    while c.recv(4096):
        pass
    c.close()

def patient(c):
    """Keeps retransmitting a dropped FIN for 10 minutes instead of giving up."""
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, 600000)
    return c

role, args = sys.argv[1], sys.argv[2:]
if role == "mixed-peer":
    subprocess.run(["nft", "-f", "-"], input=DROPS, text=True, check=True)
if role in ("peer", "mixed-peer"):
    listen("0.0.0.0", 5432)
    listen("::", 5432, socket.AF_INET6, v6only=True)
    listen("0.0.0.0", 5433, on_accept=close_after_eof)
    listen("0.0.0.0", 5437, on_accept=close_after_eof)      # the same, for a pile toward a fresh peer
    listen("0.0.0.0", 5434)
    listen("0.0.0.0", 5435)
    listen("0.0.0.0", 5436, on_accept=lambda c: c.close())
elif role == "host":
    peer, n = args[0], int(args[1])
    listen("0.0.0.0", 8080)
    if n % 2:
        listen("0.0.0.0", 8081)
    for _ in range(n + 1):
        connect(peer, 5432)
    for _ in range(2):
        connect(peer, 5436)                                   # never closed here
    for _ in range(n + 2):
        connect(peer, 5433).close()
    time.sleep(0.5)                                           # FINs exchanged: states settled
elif role == "leaky":
    peer, n = args[0], int(args[1])
    listen("0.0.0.0", 8080)                                   # accepts, holds, never closes
    for _ in range(n):
        connect(peer, 5433).close()
    time.sleep(0.5)
elif role == "listeners":
    for port in args:
        listen("0.0.0.0", int(port))
elif role == "time-wait":
    peer, n, port = args[0], int(args[1]), int(args[2])
    for _ in range(n):
        connect(peer, port).close()
    time.sleep(0.5)
elif role == "clients":
    host, n = args[0], int(args[1])
    for _ in range(n):
        connect(host, 8080).close()
    time.sleep(0.3)                                           # the FINs are delivered
    print("ready", flush=True)
    sys.exit(0)
elif role == "mixed-host":
    peer, peer6 = args
    listen("0.0.0.0", 8080, backlog=16)                       # IPv4 service
    listen("::", 8443, socket.AF_INET6, backlog=16, v6only=False)  # dual stack: IPv4 clients are ::ffff:
    listen("::", 9443, socket.AF_INET6, backlog=16, v6only=True)   # IPv6 only, idle
    listen("0.0.0.0", 7070, backlog=8, accept=False)          # never accepts: accept queue
    listen("0.0.0.0", 6060, backlog=16)                       # its SYN+ACKs are dropped: SYN_RECV
    listen("0.0.0.0", 8181, backlog=16, on_accept=lambda c: close_after_eof(patient(c)))  # its FIN is dropped: LAST_ACK
    for _ in range(3):
        connect(peer, 5432)
    for _ in range(2):
        connect(peer6, 5432, socket.AF_INET6)
    for _ in range(4):                                        # we close first, the peer follows
        connect(peer, 5433).close()
    for _ in range(2):
        connect(peer, 5434).shutdown(socket.SHUT_WR)
    for _ in range(2):
        patient(connect(peer, 5435)).shutdown(socket.SHUT_WR)
    for _ in range(2):                                        # SYNs to 5999 are dropped by the peer
        connect_unanswered(peer, 5999, syncnt=127)
elif role == "mixed-clients":
    host, host6 = args
    for _ in range(3):
        connect(host, 8080)
    for _ in range(2):
        connect(host, 8080).shutdown(socket.SHUT_WR)          # host CLOSE_WAIT (it never closes)
    for _ in range(2):
        connect(host6, 8443, socket.AF_INET6)
    for _ in range(2):
        connect(host, 8443)                                   # IPv4-mapped on the dual-stack listener
    for _ in range(3):
        connect(host, 7070)                                   # queued, never accepted
    for _ in range(2):
        connect(host, 8181).shutdown(socket.SHUT_WR)          # host closes, its FIN is dropped
    for _ in range(2):                                        # the host's SYN+ACK is dropped
        connect_unanswered(host, 6060)
else:
    sys.exit("unknown role " + role + " (see the top of " + sys.argv[0] + ")")

print("ready", flush=True)
stdin_closed = threading.Event()
def await_eof():
    try:
        while sys.stdin.read(1):
            pass
    finally:
        stdin_closed.set()
threading.Thread(target=await_eof, daemon=True).start()
stdin_closed.wait(600)
