package io.tcpfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.storage.DaemonInfo;
import io.tcpfleet.storage.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A running {@code collect}'s HTTP API, asked by {@code get}: the daemon holds every host's latest
 * sample in memory, so one loopback request replaces opening the database. Only a current, OK
 * sample is taken from it; anything else (no daemon, no API, an unknown host, a stale or failing
 * one, a daemon that does not answer) is left to the database, which words every error the same
 * way whether or not a daemon runs.
 */
final class DaemonApi {

    /** A host's latest OK sample as the daemon serves it. */
    record Sample(String host, Instant polledAt, JsonNode states) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 2_000;

    private final String hostPort;

    private DaemonApi(String hostPort) {
        this.hostPort = hostPort;
    }

    /** The API of the daemon running on {@code dataDir}, if one runs and serves an API. */
    static Optional<DaemonApi> of(Path dataDir) {
        try {
            return DaemonInfo.read(dataDir).map(DaemonInfo::api).map(DaemonApi::new);
        } catch (UncheckedIOException | StoreException e) {
            return Optional.empty(); // an unreadable or untrusted info file: the database path reports it
        }
    }

    /** Whether this machine reaches an API bound to {@code a} on loopback (a loopback or wildcard bind). */
    static boolean reachableLocally(InetSocketAddress a) {
        return a.getAddress() != null && (a.getAddress().isLoopbackAddress() || a.getAddress().isAnyLocalAddress());
    }

    /** The loopback address of an API {@link #reachableLocally reachable locally}. */
    static String localAddress(InetSocketAddress a) {
        if (a.getAddress().isAnyLocalAddress()) {
            return (a.getAddress() instanceof java.net.Inet6Address ? "[::1]:" : "127.0.0.1:") + a.getPort();
        }
        return CollectDaemon.hostPort(a);
    }

    /** The host's latest sample, when the daemon has a current OK one. */
    Optional<Sample> latest(String host) {
        HttpURLConnection c = null;
        try {
            URI uri = new URI("http", hostPort, "/v1/hosts/" + host, null, null);
            c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY); // loopback, never a proxy
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            if (c.getResponseCode() != HttpURLConnection.HTTP_OK) {
                return Optional.empty();
            }
            JsonNode n;
            try (InputStream in = c.getInputStream()) {
                n = JSON.readTree(in);
            }
            JsonNode states = n.get("states");
            if (!"OK".equals(n.path("status").asText()) || states == null || !states.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new Sample(n.path("host").asText(), Instant.parse(n.path("polled_at").asText()), states));
        } catch (IOException | URISyntaxException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
