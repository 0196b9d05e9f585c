#!/usr/bin/env python3
"""Holds TCP sockets in known states inside a network namespace, for the end-to-end tests.

  sockets.py peer ADDR        listeners in the peer namespace the hosts connect to
  sockets.py host PEER N      in host N: LISTEN, ESTABLISHED, CLOSE_WAIT and TIME_WAIT sockets,
                              N-dependent counts so that every host's table differs
  sockets.py leaky PEER N     a server on 8080 that never closes what it accepts (a CLOSE_WAIT leak
                              once clients go away), and N short connections to PEER:5433 that this
                              side closes first (a TIME_WAIT storm toward one peer)
  sockets.py clients HOST N   N clients that connect to HOST:8080 and go away (then exits)

Prints 'ready' once its sockets are in their states, then holds them until stdin closes (max 600 s).
"""
import socket, sys, threading, time

held = []

def listen(addr, port, on_accept=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    held.append(s)
    def loop():
        while True:
            c, _ = s.accept()
            held.append(c)
            if on_accept:
                threading.Thread(target=on_accept, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()

def connect(addr, port):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.settimeout(5)
    c.connect((addr, port))
    held.append(c)
    return c

def close_after_eof(c):
    while c.recv(4096):
        pass
    c.close()

role = sys.argv[1]
if role == "peer":
    addr = sys.argv[2]
    listen(addr, 5432)                               # held open: the host's ESTABLISHED
    listen(addr, 5433, on_accept=close_after_eof)    # the host closes first: host TIME_WAIT
    listen(addr, 5436, on_accept=lambda c: c.close())  # closes at once: host CLOSE_WAIT
elif role == "leaky":
    peer, n = sys.argv[2], int(sys.argv[3])
    listen("0.0.0.0", 8080)                          # accepts, holds, never closes
    for _ in range(n):
        connect(peer, 5433).close()
    time.sleep(0.5)
elif role == "clients":
    host, n = sys.argv[2], int(sys.argv[3])
    for _ in range(n):
        connect(host, 8080).close()
    time.sleep(0.3)                                  # the FINs are delivered
    print("ready", flush=True)
    sys.exit(0)
else:
    peer, n = sys.argv[2], int(sys.argv[3])
    listen("0.0.0.0", 8080)
    if n % 2:
        listen("0.0.0.0", 8081)
    for _ in range(n + 1):
        connect(peer, 5432)
    for _ in range(2):
        connect(peer, 5436)                          # never closed here
    for _ in range(n + 2):
        connect(peer, 5433).close()
    time.sleep(0.5)                                  # FINs exchanged: states settled
print("ready", flush=True)
deadline = time.time() + 600
try:
    while time.time() < deadline and sys.stdin.read(1):
        pass
except Exception:
    pass
