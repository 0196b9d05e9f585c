package io.tcpfleet.model;

/**
 * {@code [user@]host[:port]}: the one parser of endpoints, as OpenSSH's ProxyJump, host lists,
 * {@code --listen} and {@code --zabbix-server} write them; IPv6 as {@code [addr]:port}.
 */
public record Endpoint(String user, String host, int port) {

    /** An SSH endpoint: port 22 unless given. */
    public static Endpoint parse(String spec, String defaultUser) {
        return parse(spec, defaultUser, 22);
    }

    /** Throws IllegalArgumentException, with a message naming {@code spec}, when it is not {@code [user@]host[:port]}. */
    public static Endpoint parse(String spec, String defaultUser, int defaultPort) {
        String s = spec.trim();
        if (s.startsWith("ssh://")) {
            s = s.substring(6);
        }
        String user = defaultUser;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
        }
        String host = s;
        int port = defaultPort;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in '" + spec + "'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1), spec);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + rest + "' in '" + spec + "'");
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1), spec);
        }
        if (host.isEmpty() || (user != null && user.isEmpty())) {
            throw new IllegalArgumentException("'" + spec + "' is not [user@]host[:port]");
        }
        return new Endpoint(user, host, port);
    }

    private static int port(String p, String spec) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad port '" + p + "' in '" + spec + "'");
    }

    @Override
    public String toString() {
        return (user != null ? user + "@" : "") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
