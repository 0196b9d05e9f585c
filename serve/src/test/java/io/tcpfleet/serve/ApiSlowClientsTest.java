package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §4: clients that open a connection and never finish their request headers (real
 * half-open sockets on loopback) cannot starve the API, and each is closed after the deadline.
 */
class ApiSlowClientsTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Sockets that send a request line and one header, then nothing (never the blank line). */
    static List<Socket> halfOpen(StatusApi api, int n) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(api.address(), 2000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            out.add(s);
        }
        return out;
    }

    static HttpResponse<String> get(StatusApi api, String path, Duration timeout) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + api.address().getPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Test
    void fiftyHalfOpenConnectionsDoNotDelayOtherClients() throws Exception {
        try (StatusApi api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served())) {
            List<Socket> idle = halfOpen(api, 50);
            try {
                Thread.sleep(300); // every one of them is now being read by the server
                for (int i = 0; i < 20; i++) {
                    // 2 s is a bound, not a speed claim: the old fixed pool of 2 workers never answered
                    HttpResponse<String> r = get(api, i % 2 == 0 ? "/v1/hosts/web1/states/TOTAL" : "/metrics", Duration.ofSeconds(2));
                    assertEquals(200, r.statusCode(), r.body());
                }
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosedAtTheDeadline() throws Exception {
        ApiLimits limits = new ApiLimits(64, 128, Duration.ofSeconds(1));
        try (StatusApi api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served(), limits)) {
            List<Socket> idle = halfOpen(api, 50);
            try {
                for (Socket s : idle) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    try {
                        assertEquals(-1, in.read(), "the server closes the connection without an answer");
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a half-open connection was still open after 10 s", e);
                    } catch (IOException reset) {
                        // closed with a reset: as good
                    }
                }
                assertTrue(api.timedOutExchanges() >= 50, "timed out: " + api.timedOutExchanges());
                assertEquals(200, get(api, "/health", Duration.ofSeconds(2)).statusCode(), "workers were freed");
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void moreSlowClientsThanWorkersDelayOthersOnlyUpToABound() throws Exception {
        ApiLimits limits = new ApiLimits(4, 16, Duration.ofSeconds(1));
        try (StatusApi api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served(), limits)) {
            List<Socket> idle = halfOpen(api, 12);
            try {
                Thread.sleep(200);
                // 12 slow exchanges ahead of it on 4 workers: at most 3 deadlines, then it is answered
                HttpResponse<String> r = get(api, "/v1/hosts/web1/status", Duration.ofSeconds(8));
                assertEquals("OK\n", r.body());
            } finally {
                closeAll(idle);
            }
        }
    }

    @Test
    void withEveryWorkerTakenANewConnectionIsClosedAtOnceNotQueuedForEver() throws Exception {
        ApiLimits limits = new ApiLimits(2, 0, Duration.ofSeconds(30));
        try (StatusApi api = StatusApi.start(new InetSocketAddress("127.0.0.1", 0), ServeFixtures.served(), limits)) {
            List<Socket> idle = halfOpen(api, 2);
            try {
                Thread.sleep(300);
                long t0 = System.nanoTime();
                assertThrows(IOException.class, () -> get(api, "/health", Duration.ofSeconds(10)));
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "closed at once, not after the 30 s deadline");
                assertTrue(api.rejectedConnections() >= 1, "rejected: " + api.rejectedConnections()); // the client retries a GET once
            } finally {
                closeAll(idle);
            }
        }
    }
}
