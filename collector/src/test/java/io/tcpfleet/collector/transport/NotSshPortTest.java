package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.testkit.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port that answers but does not speak SSH is a PROTOCOL_ERROR, not a failed command. */
class NotSshPortTest {

    @TempDir
    Path dir;

    /** A TCP server on loopback that treats each connection with {@code answer}, then closes it. */
    static ServerSocket serve(String address, Consumer<Socket> answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(address));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    answer.accept(s);
                } catch (IOException e) {
                    // closed
                }
            }
        }, "not-ssh-" + address);
        t.setDaemon(true);
        t.start();
        return server;
    }

    PollResult poll(ServerSocket server) throws Exception {
        SshSettings s = SshSettings.defaults().withKnownHosts(Files.writeString(dir.resolve("known_hosts"), ""), false)
                .withIdentities(List.of(TestKeys.writeOpenSsh(TestKeys.ecdsa(), dir.resolve("id"))))
                .withDefaultUser("monitor").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));
        try (SshTransport t = new SshTransport(s); Poller p = new Poller(t, TallyOptions.full(), Clock.systemUTC())) {
            return p.poll(Host.ssh("web", server.getInetAddress().getHostAddress(), server.getLocalPort(), null));
        }
    }

    @Test
    void aPortThatClosesAtOnceIsNotSsh() throws Exception {
        try (ServerSocket server = serve("127.0.2.31", s -> { })) {
            PollResult r = poll(server);
            assertEquals("PROTOCOL_ERROR", r.status().name(), r.error());
            assertTrue(r.error().contains("not an SSH server"), r.error());
        }
    }

    @Test
    void aPortThatSpeaksHttpIsNotSsh() throws Exception {
        try (ServerSocket server = serve("127.0.2.32", s -> {
            try {
                InputStream in = s.getInputStream();
                in.read(new byte[256]); // the client's greeting
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the client left
            }
        })) {
            PollResult r = poll(server);
            assertEquals("PROTOCOL_ERROR", r.status().name(), r.error());
            assertTrue(r.error().contains("not an SSH server"), r.error());
        }
    }
}
