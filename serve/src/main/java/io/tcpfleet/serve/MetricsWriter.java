package io.tcpfleet.serve;

import java.nio.charset.StandardCharsets;

/**
 * Writes the Prometheus text exposition format 0.0.4: a family's HELP and TYPE once, then its
 * samples, label values escaped. Numbers are written plainly (no exponent), seconds with
 * millisecond precision.
 */
final class MetricsWriter {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder b;

    MetricsWriter(int sizeHint) {
        b = new StringBuilder(sizeHint);
    }

    /** Starts a family: {@code type} is gauge or counter. */
    MetricsWriter family(String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name and value. */
    MetricsWriter sample(String name, String value, String... labels) {
        b.append(name);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            b.append('}');
        }
        b.append(' ').append(value).append('\n');
        return this;
    }

    MetricsWriter sample(String name, long value, String... labels) {
        return sample(name, Long.toString(value), labels);
    }

    /** Milliseconds as seconds with three decimals: {@code 1500} is {@code 1.500}. */
    static String seconds(long millis) {
        String sign = millis < 0 ? "-" : "";
        long m = Math.abs(millis);
        return sign + (m / 1000) + "." + String.format("%03d", m % 1000);
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    byte[] bytes() {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
