package io.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tcpfleet.model.StateCounts;
import io.tcpfleet.model.TcpState;
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
import java.util.EnumMap;
import java.util.Map;
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
    record Sample(String host, Instant polledAt, StateCounts states) {
    }

    /**
     * Jackson's streaming parser, not its ObjectMapper: building a mapper was a third of a
     * {@code get}'s start (~33 ms), and three fields and the states are all it reads.
     */
    private static final JsonFactory JSON = new JsonFactory();
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
            try (InputStream in = c.getInputStream(); JsonParser p = JSON.createParser(in)) {
                return sample(p);
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /**
     * The host document's {@code host}, {@code status}, {@code polled_at} and {@code states}
     * (docs/api.md), when it is an OK sample with every counted state; every other field is skipped.
     */
    static Optional<Sample> sample(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        String host = null;
        String status = null;
        String polledAt = null;
        Map<TcpState, Long> states = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "host" -> host = p.getValueAsString();
                case "status" -> status = p.getValueAsString();
                case "polled_at" -> polledAt = p.getValueAsString();
                case "states" -> states = value == JsonToken.START_OBJECT ? states(p) : null;
                default -> p.skipChildren();
            }
        }
        if (host == null || !"OK".equals(status) || polledAt == null || states == null
                || states.size() != TcpState.COUNT) {
            return Optional.empty();
        }
        return Optional.of(new Sample(host, Instant.parse(polledAt), StateCounts.of(states)));
    }

    /** {@code {"ESTABLISHED": n, ..., "TOTAL": n}}: the counted states (TOTAL is their sum). */
    private static Map<TcpState, Long> states(JsonParser p) throws IOException {
        Map<TcpState, Long> out = new EnumMap<>(TcpState.class);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                return null;
            }
            if (!name.equals(TcpState.TOTAL.name())) {
                out.put(TcpState.valueOf(name), p.getLongValue());
            }
        }
        return out;
    }
}
