package io.tcpfleet.cli;

import io.tcpfleet.model.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/**
 * {@code --listen ADDR:PORT}, {@code [IPV6]:PORT}, {@code :PORT} (loopback) or {@code none}
 * (converted to null), parsed by {@link Endpoint}; port 0 picks a free port.
 */
final class ListenAddress implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String spec) {
        return parse(spec);
    }

    static InetSocketAddress parse(String spec) {
        if ("none".equals(spec)) {
            return null;
        }
        String s = spec.startsWith(":") ? "127.0.0.1" + spec : spec;
        boolean anyPort = s.endsWith(":0");
        Endpoint e;
        try {
            e = Endpoint.parse(anyPort ? s.substring(0, s.length() - 2) + ":1" : s, null, -1);
        } catch (IllegalArgumentException ex) {
            throw new CommandLine.TypeConversionException("'" + spec + "' is not ADDR:PORT, [IPV6]:PORT, :PORT or none");
        }
        if (e.port() < 0 || e.user() != null) {
            throw new CommandLine.TypeConversionException("'" + spec + "' is not ADDR:PORT (a port is required)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(e.host()), anyPort ? 0 : e.port());
        } catch (UnknownHostException ex) {
            throw new CommandLine.TypeConversionException("cannot resolve '" + e.host() + "' in --listen " + spec);
        }
    }

    /** Whether only this machine can reach the address. */
    static boolean isLoopback(InetSocketAddress a) {
        return a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }
}
