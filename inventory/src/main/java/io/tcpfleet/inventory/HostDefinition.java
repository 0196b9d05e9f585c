package io.tcpfleet.inventory;

import java.util.List;

/**
 * A host as an INI line or a YAML key writes it, expanded as Ansible's {@code _expand_hostpattern}
 * does: a name, address or range with an optional port ({@code web[01:03]:2200},
 * {@code [2001:db8::1]:2200}); text that is no host identifier is taken as the name verbatim.
 *
 * @param names   the host names, in order
 * @param port    the port the pattern gives, or null
 * @param ordinal the place of the first name in inventory order
 */
record HostDefinition(List<String> names, Integer port, int ordinal) {

    /** Throws IllegalArgumentException saying what is wrong, or that it makes too many hosts. */
    static HostDefinition expand(String pattern, boolean ini, HostBudget budget) {
        AnsibleAddress.Parsed p = AnsibleAddress.parse(pattern);
        String base = p != null ? p.host() : pattern;
        Integer port = p != null ? p.port() : null;
        if (ini && pattern.strip().endsWith(":") && port == null) {
            throw new IllegalArgumentException("bad port '' in '" + pattern + "' (a ':' there must be followed by a port)");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("bad port '" + pattern.substring(pattern.lastIndexOf(':') + 1) + "' in '"
                    + pattern + "': not a number 1-65535");
        }
        long count = base.indexOf('[') >= 0 ? HostRange.count(base) : 1;
        int ordinal = budget.take(count);
        if (ordinal < 0) {
            throw new IllegalArgumentException("'" + pattern + "' makes " + (count == Long.MAX_VALUE ? "too many" : count)
                    + " hosts: " + budget.limit());
        }
        return new HostDefinition(base.indexOf('[') >= 0 ? HostRange.expand(base) : List.of(base), port, ordinal);
    }
}
