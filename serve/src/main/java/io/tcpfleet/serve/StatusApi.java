package io.tcpfleet.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tcpfleet.model.Freshness;
import com.fasterxml.jackson.databind.JsonNode;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.json.SampleJson;
import io.tcpfleet.model.TcpState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's read-only HTTP API, what the Zabbix check script and Prometheus ask. Answers from
 * {@link LatestSamples} in memory. Bound to loopback unless told otherwise.
 *
 * <pre>
 * GET /health                         200 "OK hosts=N"
 * GET /metrics                        Prometheus text
 * GET /v1/hosts                       LLD: [{"{#HOST}", "{#ADDRESS}"}]
 * GET /v1/hosts/H                     the latest sample as JSON
 * GET /v1/hosts/H/states/STATE        one number (a state name or TOTAL)
 * GET /v1/hosts/H/ports               LLD: [{"{#PORT}"}]
 * GET /v1/hosts/H/status              OK, a failure class, or STALE (never an error for a known host)
 * GET /v1/hosts/H/age                 seconds since the latest sample
 * </pre>
 * Errors are one line of text: 404 unknown host or path, 400 bad state, 503 stale data or a
 * failing host (with the reason).
 */
public final class StatusApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final LatestSamples samples;
    private final Freshness freshness;

    private StatusApi(HttpServer server, ExecutorService executor, LatestSamples samples, Freshness freshness) {
        this.server = server;
        this.executor = executor;
        this.samples = samples;
        this.freshness = freshness;
    }

    public static StatusApi start(InetSocketAddress listen, LatestSamples samples, Freshness freshness) throws IOException {
        HttpServer server = HttpServer.create(listen, 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "tcpfleet-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        StatusApi api = new StatusApi(server, executor, samples, freshness);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                text(ex, 405, "only GET");
                return;
            }
            route(ex, ex.getRequestURI().getPath());
        } catch (RuntimeException e) {
            text(ex, 500, "internal error: " + e);
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/health" -> {
                text(ex, 200, "OK hosts=" + samples.size());
                return;
            }
            case "/metrics" -> {
                send(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(samples.all(), freshness));
                return;
            }
            case "/v1/hosts", "/v1/hosts/" -> {
                send(ex, 200, "application/json", ApiJson.hostDiscovery(samples.all()));
                return;
            }
            default -> {
            }
        }
        if (!path.startsWith("/v1/hosts/")) {
            text(ex, 404, "no such path " + path);
            return;
        }
        String[] parts = path.substring("/v1/hosts/".length()).split("/", -1);
        Optional<PollResult> found = samples.find(parts[0]);
        if (found.isEmpty()) {
            text(ex, 404, "unknown host " + parts[0] + ": not in tcpfleet collect's inventory (name or address)");
            return;
        }
        PollResult r = found.get();
        String what = parts.length == 1 ? "" : parts[1];
        switch (what) {
            case "status" -> text(ex, 200, freshness.stale(r) ? "STALE" : r.status().name());
            case "age" -> text(ex, 200, Long.toString(freshness.ageSeconds(r)));
            case "", "ports", "states" -> {
                String problem = freshness.problem(r);
                if (problem != null) {
                    text(ex, 503, problem);
                } else if (what.isEmpty()) {
                    send(ex, 200, "application/json", json(SampleJson.sample(r, freshness)));
                } else if (what.equals("ports")) {
                    send(ex, 200, "application/json", ApiJson.portDiscovery(r));
                } else {
                    state(ex, r, parts.length > 2 ? parts[2] : "");
                }
            }
            default -> text(ex, 404, "no such path " + path);
        }
    }

    private static void state(HttpExchange ex, PollResult r, String name) throws IOException {
        TcpState state;
        try {
            state = TcpState.parse(name);
        } catch (IllegalArgumentException e) {
            text(ex, 400, e.getMessage());
            return;
        }
        text(ex, 200, Long.toString(r.tally().get(state)));
    }

    private static byte[] json(JsonNode node) {
        byte[] body = SampleJson.compact(node);
        byte[] line = java.util.Arrays.copyOf(body, body.length + 1);
        line[body.length] = '\n';
        return line;
    }

    private static void text(HttpExchange ex, int code, String line) throws IOException {
        send(ex, code, "text/plain; charset=utf-8", (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown(); // its threads only write HTTP answers from memory: nothing to corrupt
    }
}
