package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import java.util.ArrayList;
import java.util.List;

/**
 * The way to a host: its jump hosts in the order OpenSSH's {@code ProxyJump a,b} takes them (a,
 * then b from a), then the host itself, each one logged in to in turn.
 *
 * @param hops the jump hosts, then the target last
 */
record Route(List<Hop> hops) {

    /**
     * One SSH login on the way.
     *
     * @param user         login user
     * @param address      where to connect: the address the previous hop connects to, if any
     * @param port         SSH port
     * @param identityFile key to try first (the target's IdentityFile), or null
     * @param jump         whether this is a jump host rather than the host polled
     */
    record Hop(String user, String address, int port, String identityFile, boolean jump) {

        /** {@code user@address:port}, as messages name the host that failed. */
        String target() {
            return new Endpoint(user, address, port).toString();
        }

        /** "jump host ops@bastion:22" or "ops@10.0.0.5:22". */
        String label() {
            return jump ? "jump host " + target() : target();
        }
    }

    Route {
        hops = List.copyOf(hops);
        if (hops.isEmpty() || hops.get(hops.size() - 1).jump()) {
            throw new IllegalArgumentException("a route ends at its target");
        }
    }

    /**
     * The host's own ProxyJump, else the default jump host; {@code none} means a direct connection.
     *
     * @throws IllegalArgumentException a jump host that is not {@code [user@]host[:port]}
     */
    static Route to(Host host, String defaultJump, String defaultUser) {
        String jump = host.proxyJump() != null ? host.proxyJump() : defaultJump;
        List<Hop> hops = new ArrayList<>();
        if (jump != null && !jump.isBlank() && !jump.strip().equalsIgnoreCase("none")) {
            for (String spec : jump.split(",")) {
                Endpoint e = Endpoint.parse(spec.strip(), defaultUser);
                hops.add(new Hop(e.user(), e.host(), e.port(), null, true));
            }
        }
        hops.add(new Hop(host.user() != null ? host.user() : defaultUser, host.address(), host.port(),
                host.identityFile(), false));
        return new Route(hops);
    }

    Hop target() {
        return hops.get(hops.size() - 1);
    }

    /** Identifies the login for the kept-connection pool: every hop's user, address and port. */
    String key() {
        StringBuilder k = new StringBuilder();
        for (Hop h : hops) {
            k.append(k.length() == 0 ? "" : " -> ").append(h.target());
        }
        return k.toString();
    }
}
