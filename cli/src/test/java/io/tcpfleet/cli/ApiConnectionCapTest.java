package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 §4: the daemon's API holds at most {@link CollectDaemon#API_MAX_CONNECTIONS} connections;
 * idle sockets beyond it are closed at once instead of using up the daemon's file descriptors
 * (a real collect in its own JVM, real idle sockets on loopback).
 */
class ApiConnectionCapTest {

    @TempDir
    Path dir;

    @Test
    void idleConnectionsBeyondTheCapAreClosedAtOnce() throws Exception {
        try (FreezableFleet fleet = new FreezableFleet(List.of("127.0.4.21"));
             DaemonProcess d = new DaemonProcess(Files.createDirectories(dir.resolve("home")),
                     "-i", fleet.writeInventory(dir.resolve("hosts.ini")).toString(),
                     "--known-hosts", fleet.writeKnownHosts(dir.resolve("known_hosts")).toString(),
                     "--identity", fleet.writeClientKey(dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                     "--interval", "5s")) {
            URI api = URI.create(d.url);
            int extra = 60;
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < CollectDaemon.API_MAX_CONNECTIONS + extra; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(api.getHost(), api.getPort()), 2000);
                    idle.add(s);
                }
                Thread.sleep(1000);
                int closed = 0;
                for (Socket s : idle) {
                    s.setSoTimeout(20);
                    try {
                        if (s.getInputStream().read() == -1) {
                            closed++;
                        }
                    } catch (SocketTimeoutException open) {
                        // still held by the server
                    } catch (IOException reset) {
                        closed++;
                    }
                }
                assertTrue(closed >= extra, closed + " of " + idle.size() + " idle connections closed by the daemon\n" + d.log());
                assertTrue(closed <= extra + 5, "the ones within the cap stay: " + closed + " closed");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            long until = System.nanoTime() + 10_000_000_000L;
            int code = 0;
            while (code != 200 && System.nanoTime() < until) {
                try {
                    code = d.get("/v1/hosts").code();
                } catch (IOException stillFull) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, code, "the API answers once the idle sockets are gone");
        }
    }
}
