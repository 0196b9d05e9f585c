package io.tcpfleet.serve;

import io.tcpfleet.model.Freshness;

/** {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of every host and of the collector itself. */
final class PrometheusText {

    static final String CONTENT_TYPE = MetricsWriter.CONTENT_TYPE;

    private PrometheusText() {
    }

    static byte[] render(LatestSamples samples, Freshness freshness, DaemonHealth health, MetricsConfig config) {
        var hosts = samples.all();
        MetricsWriter w = new MetricsWriter(8192 + hosts.size() * (config.ports() ? 4000 : 1500));
        HostMetrics.write(w, hosts, freshness, config.ports());
        DaemonMetrics.write(w, health, config, hosts.size());
        return w.bytes();
    }
}
