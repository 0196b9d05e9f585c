package io.tcpfleet.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The daemon's read-only HTTP API, what the Zabbix check script and Prometheus ask (docs/api.md).
 * Answers from memory. Bound to loopback unless told otherwise; no client can hold it for long
 * ({@link ApiLimits}, {@link ExchangeExecutor}).
 *
 * <pre>
 * GET /health                         200 "OK: ..." or 503 "UNHEALTHY: reasons"
 * GET /metrics                        Prometheus text
 * GET /v1/hosts                       LLD of the inventory: [{"{#HOST}", "{#ADDRESS}", "{#IP}", "{#GROUP}", "{#GROUPS}"}]
 * GET /v1/hosts/H                     the latest sample as JSON
 * GET /v1/hosts/H/states/STATE        one number (a state name or TOTAL)
 * GET /v1/hosts/H/ports               LLD: [{"{#PORT}"}]
 * GET /v1/hosts/H/peers               LLD of the remote services it connects to: [{"{#PEER}", ...}]
 * GET /v1/hosts/H/status              OK, a failure class, or STALE
 * GET /v1/hosts/H/age                 seconds since the latest sample
 * </pre>
 * H is an inventory name, or an address exactly one host has. Errors are one line of text: 404
 * unknown host or path, 409 an address several hosts share, 400 bad state, 503 no sample yet,
 * stale data or a failing host (with the reason).
 */
public final class StatusApi implements AutoCloseable {

    private final HttpServer server;
    private final ExchangeExecutor executor;
    private final Served served;
    private final HostAnswers hosts;

    private StatusApi(HttpServer server, ExchangeExecutor executor, Served served) {
        this.server = server;
        this.executor = executor;
        this.served = served;
        this.hosts = new HostAnswers(served);
    }

    public static StatusApi start(InetSocketAddress listen, Served served) throws IOException {
        return start(listen, served, ApiLimits.defaults());
    }

    public static StatusApi start(InetSocketAddress listen, Served served, ApiLimits limits) throws IOException {
        HttpServer server = HttpServer.create(listen, 64);
        ExchangeExecutor executor = new ExchangeExecutor(limits);
        StatusApi api = new StatusApi(server, executor, served);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The address actually bound (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Exchanges the deadline ended, and connections closed because the API was full: for tests and logs. */
    public long timedOutExchanges() {
        return executor.timedOut();
    }

    public long rejectedConnections() {
        return executor.rejected();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                Reply.text(ex, 405, "only GET");
                return;
            }
            route(ex, ex.getRequestURI().getPath());
        } catch (RuntimeException e) {
            Reply.text(ex, 500, "internal error: " + e);
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        switch (path) {
            case "/health" -> health(ex);
            case "/metrics" -> Reply.send(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(served.samples(),
                    served.freshness(), served.health(), served.metrics()));
            case "/v1/hosts", "/v1/hosts/" -> Reply.send(ex, 200, Reply.JSON,
                    ApiJson.hostDiscovery(served.samples().all()));
            default -> {
                if (path.startsWith("/v1/hosts/")) {
                    hosts.answer(ex, path, path.substring("/v1/hosts/".length()).split("/", -1));
                } else {
                    Reply.text(ex, 404, "no such path " + path);
                }
            }
        }
    }

    /** One line: "OK: ..." (200) or "UNHEALTHY: reason; reason (...)" (503). */
    private void health(HttpExchange ex) throws IOException {
        HealthLine line = HealthLine.of(served.health(), served.samples());
        Reply.text(ex, line.healthy() ? 200 : 503, line.text());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
