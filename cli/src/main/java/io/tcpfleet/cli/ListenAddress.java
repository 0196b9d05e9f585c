package io.tcpfleet.cli;

import java.net.InetSocketAddress;

/** {@code ADDR:PORT} or {@code [IPV6]:PORT} or {@code :PORT} (loopback) for --listen. */
final class ListenAddress {

    private ListenAddress() {
    }

    static InetSocketAddress parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--listen wants ADDR:PORT, got '" + spec + "'");
        }
        String host = spec.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--listen: bad port in '" + spec + "'");
        }
        return new InetSocketAddress(host, port);
    }
}
